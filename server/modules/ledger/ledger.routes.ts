import { z } from 'zod';
import {
  accountsPage,
  adjustBody,
  entriesQuery,
  entriesResponse,
  ledgerCheckResponse,
  listAccountsQuery,
  reverseBody,
  transferResponse,
} from '../../../contracts/api/ledger.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { adjust, listAccounts, listEntries, reverse, runLedgerCheck } from './ledger.commands.ts';

const tags = ['ledger'];
const accountParams = z.object({ id: z.string().uuid({ message: 'LEDGER_ACCOUNT_NOT_FOUND' }) });
const transferParams = z.object({ id: z.string().uuid({ message: 'LEDGER_TRANSFER_NOT_FOUND' }) });

export function ledgerRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/ledger/accounts',
    { schema: { tags, querystring: listAccountsQuery, response: { 200: accountsPage } } },
    async (req) => listAccounts(ctx, requireActor(req), req.query),
  );
  app.get(
    '/api/ledger/accounts/:id/entries',
    {
      schema: { tags, params: accountParams, querystring: entriesQuery, response: { 200: entriesResponse } },
    },
    async (req) => listEntries(ctx, requireActor(req), req.params.id, req.query),
  );
  app.post(
    '/api/ledger/adjustments',
    { schema: { tags, body: adjustBody, response: { 201: transferResponse } } },
    async (req, reply) => reply.status(201).send(await adjust(ctx, requireActor(req), req.body)),
  );
  app.post(
    '/api/ledger/transfers/:id/reverse',
    { schema: { tags, params: transferParams, body: reverseBody, response: { 201: transferResponse } } },
    async (req, reply) =>
      reply.status(201).send(await reverse(ctx, requireActor(req), req.params.id, req.body)),
  );
  app.get('/api/ledger/check', { schema: { tags, response: { 200: ledgerCheckResponse } } }, async (req) =>
    runLedgerCheck(ctx, requireActor(req)),
  );
}
