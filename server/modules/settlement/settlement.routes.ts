import {
  exportQuery,
  generateBody,
  generateResponse,
  listStatementsQuery,
  monthParams,
  reconciliationResponse,
  statementDetail,
  statementIdParams,
  statementQuery,
  statementsPage,
  versionBody,
} from '../../../contracts/api/settlement.ts';
import type { Ctx } from '../../platform/context.ts';
import { sendAttachment, XLSX_TYPE } from '../../platform/http/attachment.ts';
import { requireActor } from '../../platform/http/auth.ts';
import { requestLang } from '../../platform/http/lang.ts';
import { entityRoutes } from '../../platform/http/routes.ts';
import type { App } from '../../platform/http/types.ts';
import {
  approveStatement,
  generateStatements,
  getStatement,
  listStatements,
  monthForExport,
  payStatement,
  recomputeStatement,
  reconcile,
  statementForExport,
} from './settlement.service.ts';
import { monthWorkbook, statementWorkbook } from './settlement.xlsx.ts';

const tags = ['settlement'];

export function settlementRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/settlement/statements',
    {
      schema: {
        tags,
        summary: 'Provider statements the reader may see (filters: month, org, status, area)',
        querystring: listStatementsQuery,
        response: { 200: statementsPage },
      },
    },
    async (req) => listStatements(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/settlement/statements/generate',
    {
      schema: {
        tags,
        summary: 'Draw up (or refresh) the drafts of an ended month: all providers, or one',
        body: generateBody,
        response: { 200: generateResponse },
      },
    },
    async (req) => generateStatements(ctx, requireActor(req), req.body),
  );
  const statement = entityRoutes(app, ctx, { tags, params: statementIdParams, response: statementDetail });
  statement.get(
    '/api/settlement/statements/:id',
    { summary: 'One statement with a page of its lines', query: statementQuery },
    getStatement,
  );
  statement.post(
    '/api/settlement/statements/:id/recompute',
    { summary: 'Rebuild a draft from the ledger' },
    recomputeStatement,
  );
  statement.post(
    '/api/settlement/statements/:id/approve',
    { summary: 'Approve a draft after checking it against the ledger', body: versionBody },
    (ctx, actor, id, body) => approveStatement(ctx, actor, id, body.version),
  );
  statement.post(
    '/api/settlement/statements/:id/pay',
    { summary: 'Pay an approved statement: receivable → district payouts (idempotent)', body: versionBody },
    (ctx, actor, id, body) => payStatement(ctx, actor, id, body.version),
  );
  app.get(
    '/api/settlement/statements/:id/export.xlsx',
    {
      schema: {
        tags,
        summary: 'One statement as a spreadsheet',
        params: statementIdParams,
        querystring: exportQuery,
      },
    },
    async (req, reply) => {
      const { statement, lines } = await statementForExport(ctx, requireActor(req), req.params.id);
      const lang = requestLang(req, req.query.lang);
      const { month, orgName } = statement;
      const file = {
        type: XLSX_TYPE,
        name: lang === 'en' ? `statement-${month}-${orgName}.xlsx` : `结算单-${month}-${orgName}.xlsx`,
        fallbackName: `statement-${month}-${statement.id.slice(0, 8)}.xlsx`,
      };
      return sendAttachment(reply, file, await statementWorkbook(statement, lines, lang));
    },
  );
  app.get(
    '/api/settlement/months/:month/export.xlsx',
    {
      schema: {
        tags,
        summary: 'A month’s statements across providers, as a spreadsheet',
        params: monthParams,
        querystring: exportQuery,
      },
    },
    async (req, reply) => {
      const { month, statements } = await monthForExport(ctx, requireActor(req), req.params.month);
      const lang = requestLang(req, req.query.lang);
      const file = {
        type: XLSX_TYPE,
        name: lang === 'en' ? `settlement-${month}.xlsx` : `结算汇总-${month}.xlsx`,
        fallbackName: `settlement-${month}.xlsx`,
      };
      return sendAttachment(reply, file, await monthWorkbook(month, statements, lang));
    },
  );
  app.get(
    '/api/settlement/months/:month/reconciliation',
    {
      schema: {
        tags,
        summary: 'Statements against the ledger for a month, to the fen',
        params: monthParams,
        response: { 200: reconciliationResponse },
      },
    },
    async (req) => reconcile(ctx, requireActor(req), { month: req.params.month }),
  );
}
