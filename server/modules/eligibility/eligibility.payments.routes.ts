import { z } from 'zod';
import {
  benefitBatchesPage,
  benefitBatchesQuery,
  benefitBatchesStarted,
  benefitBatchSchema,
  payableProgrammesQuery,
  payableProgrammesResponse,
  runBenefitBatchBody,
} from '../../../contracts/api/eligibility.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import { requestLang } from '../../platform/http/lang.ts';
import type { App } from '../../platform/http/types.ts';
import {
  getBenefitBatch,
  listBenefitBatches,
  payableProgrammes,
  startBenefitBatches,
} from './eligibility.payments.ts';

const tags = ['eligibility'];
const batchParams = z.object({ id: z.string().uuid({ message: 'BENEFIT_BATCH_NOT_FOUND' }) });

/** 待遇发放: the monthly payment of recurring benefits (ADR 0020). */
export function benefitPaymentRoutes(app: App, ctx: Ctx) {
  // Opens the runs (refusals answer here, before anything is paid) and pays in the background;
  // the rows carry progress, and GET …/:id or the list follows them.
  app.post(
    '/api/benefit-batches',
    { schema: { tags, body: runBenefitBatchBody, response: { 202: benefitBatchesStarted } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const started = await startBenefitBatches(ctx, actor, {
        programme: req.body.programme,
        month: req.body.month,
        chunkSize: req.body.chunkSize,
        lang: requestLang(req),
      });
      void started.run().catch((err) => req.log.error({ err }, 'benefit payment failed'));
      return reply.status(202).send({ items: started.batches });
    },
  );
  app.get(
    '/api/benefit-batches',
    { schema: { tags, querystring: benefitBatchesQuery, response: { 200: benefitBatchesPage } } },
    async (req) => listBenefitBatches(ctx, requireActor(req), req.query, requestLang(req)),
  );
  app.get(
    '/api/benefit-batches/:id',
    { schema: { tags, params: batchParams, response: { 200: benefitBatchSchema } } },
    async (req) => getBenefitBatch(ctx, requireActor(req), req.params.id, requestLang(req)),
  );
  app.get(
    '/api/benefit-programmes',
    { schema: { tags, querystring: payableProgrammesQuery, response: { 200: payableProgrammesResponse } } },
    async (req) => payableProgrammes(ctx, requireActor(req), req.query.month, requestLang(req)),
  );
}
