import { z } from 'zod';
import {
  addSettingBody,
  batchesPage,
  batchSchema,
  careCreditSettingsResponse,
  elderAccountsResponse,
  elderCardSchema,
  elderEntriesQuery,
  elderEntriesResponse,
  endEnrolmentBody,
  enrolBody,
  enrolmentSchema,
  enrolmentsPage,
  fundsOverviewResponse,
  issueCardBody,
  listBatchesQuery,
  listEnrolmentsQuery,
  runBatchBody,
} from '../../../contracts/api/care-credits.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { runExpiry, runGrantBatch } from './care-credits.batches.ts';
import {
  addSetting,
  elderAccountEntries,
  elderAccounts,
  endEnrolment,
  enrol,
  fundsOverview,
  getBatch,
  getElderCard,
  issueCard,
  listBatches,
  listEnrolments,
  listSettings,
} from './care-credits.service.ts';

const tags = ['care-credits'];
const personParams = z.object({ id: z.string().uuid({ message: 'PERSON_NOT_FOUND' }) });
const enrolmentParams = z.object({ id: z.string().uuid({ message: 'CARE_CREDIT_ENROLMENT_NOT_FOUND' }) });
const batchParams = z.object({ id: z.string().uuid({ message: 'CARE_CREDIT_BATCH_NOT_FOUND' }) });
const cardParams = z.object({ cardNo: z.string().min(1).max(64) });

export function careCreditRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/care-credits/settings',
    { schema: { tags, response: { 200: careCreditSettingsResponse } } },
    async (req) => listSettings(ctx, requireActor(req)),
  );
  app.post(
    '/api/care-credits/settings',
    { schema: { tags, body: addSettingBody, response: { 201: careCreditSettingsResponse } } },
    async (req, reply) => reply.status(201).send(await addSetting(ctx, requireActor(req), req.body)),
  );
  app.get(
    '/api/care-credits/enrolments',
    { schema: { tags, querystring: listEnrolmentsQuery, response: { 200: enrolmentsPage } } },
    async (req) => listEnrolments(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/care-credits/enrolments',
    { schema: { tags, body: enrolBody, response: { 201: enrolmentSchema } } },
    async (req, reply) => reply.status(201).send(await enrol(ctx, requireActor(req), req.body)),
  );
  app.patch(
    '/api/care-credits/enrolments/:id',
    { schema: { tags, params: enrolmentParams, body: endEnrolmentBody, response: { 200: enrolmentSchema } } },
    async (req) => endEnrolment(ctx, requireActor(req), req.params.id, req.body),
  );
  app.get(
    '/api/care-credits/batches',
    { schema: { tags, querystring: listBatchesQuery, response: { 200: batchesPage } } },
    async (req) => listBatches(ctx, requireActor(req), req.query),
  );
  // Runs the month's grant to the end and answers with its report; GET …/batches/:id polls it meanwhile.
  app.post(
    '/api/care-credits/batches',
    { schema: { tags, body: runBatchBody, response: { 201: batchSchema } } },
    async (req, reply) =>
      reply.status(201).send(
        await runGrantBatch(ctx, requireActor(req), {
          month: req.body.month,
          chunkSize: req.body.chunkSize,
        }),
      ),
  );
  app.get(
    '/api/care-credits/batches/:id',
    { schema: { tags, params: batchParams, response: { 200: batchSchema } } },
    async (req) => getBatch(ctx, requireActor(req), req.params.id),
  );
  app.post(
    '/api/care-credits/expiry',
    { schema: { tags, body: runBatchBody, response: { 201: batchSchema } } },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await runExpiry(ctx, requireActor(req), { month: req.body.month, chunkSize: req.body.chunkSize }),
        ),
  );
  app.get(
    '/api/care-credits/funds',
    { schema: { tags, response: { 200: fundsOverviewResponse } } },
    async (req) => fundsOverview(ctx, requireActor(req)),
  );
  app.get(
    '/api/persons/:id/accounts',
    { schema: { tags, params: personParams, response: { 200: elderAccountsResponse } } },
    async (req) => elderAccounts(ctx, requireActor(req), req.params.id),
  );
  app.get(
    '/api/persons/:id/accounts/entries',
    {
      schema: {
        tags,
        params: personParams,
        querystring: elderEntriesQuery,
        response: { 200: elderEntriesResponse },
      },
    },
    async (req) => elderAccountEntries(ctx, requireActor(req), req.params.id, req.query),
  );
  app.post(
    '/api/persons/:id/cards',
    { schema: { tags, params: personParams, body: issueCardBody, response: { 201: elderCardSchema } } },
    async (req, reply) =>
      reply.status(201).send(await issueCard(ctx, requireActor(req), req.params.id, req.body)),
  );
  app.get(
    '/api/elder-cards/:cardNo',
    { schema: { tags, params: cardParams, response: { 200: elderCardSchema } } },
    async (req) => getElderCard(ctx, requireActor(req), req.params.cardNo),
  );
}
