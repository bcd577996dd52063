import {
  checkRuleBody,
  checkRuleResponse,
  codeParams,
  createParamBody,
  draftBody,
  escalateBody,
  idParams,
  paramListItemSchema,
  paramsResponse,
  paramValueBody,
  paramViewSchema,
  personEligibilityQuery,
  personEligibilityResponse,
  programmeDetailResponse,
  programmesResponse,
  programmeVersionSchema,
  screeningRunSchema,
  screeningRunsResponse,
  simulateBody,
  simulationResponse,
  startScreeningBody,
  visitBody,
  vocabularyResponse,
  worklistItemDetail,
  worklistItemSchema,
  worklistPage,
  worklistQuery,
  worklistUpdateBody,
} from '../../../contracts/api/eligibility.ts';
import { requireAnywhere } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireActor } from '../../platform/http/auth.ts';
import { requestLang } from '../../platform/http/lang.ts';
import type { App } from '../../platform/http/types.ts';
import * as repo from './eligibility.repo.ts';
import {
  escalateAlert,
  recordVisit,
  runScreening,
  runView,
  simulateVersion,
  startScreening,
} from './eligibility.screening.ts';
import {
  addParamValue,
  checkText,
  createDraft,
  createParam,
  listParamViews,
  listProgrammeViews,
  listWorklist,
  personEligibility,
  programmeDetail,
  publishVersion,
  updateDraft,
  updateWorklistItem,
  vocabulary,
  worklistDetail,
} from './eligibility.service.ts';

const tags = ['eligibility'];

export function eligibilityRoutes(app: App, ctx: Ctx) {
  app.get('/api/programmes', { schema: { tags, response: { 200: programmesResponse } } }, async (req) =>
    listProgrammeViews(ctx, requireActor(req), requestLang(req)),
  );
  app.get(
    '/api/programmes/:code',
    { schema: { tags, params: codeParams, response: { 200: programmeDetailResponse } } },
    async (req) => programmeDetail(ctx, requireActor(req), req.params.code, requestLang(req)),
  );
  app.post(
    '/api/programmes/:code/versions',
    { schema: { tags, params: codeParams, body: draftBody, response: { 201: programmeVersionSchema } } },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createDraft(ctx, requireActor(req), req.params.code, req.body, requestLang(req))),
  );
  app.put(
    '/api/programme-versions/:id',
    { schema: { tags, params: idParams, body: draftBody, response: { 200: programmeVersionSchema } } },
    async (req) => updateDraft(ctx, requireActor(req), req.params.id, req.body, requestLang(req)),
  );
  app.post(
    '/api/programme-versions/:id/publish',
    { schema: { tags, params: idParams, response: { 200: programmeVersionSchema } } },
    async (req) => publishVersion(ctx, requireActor(req), req.params.id, requestLang(req)),
  );
  app.post(
    '/api/programme-versions/:id/simulate',
    { schema: { tags, params: idParams, body: simulateBody, response: { 200: simulationResponse } } },
    async (req) => simulateVersion(ctx, requireActor(req), req.params.id, req.body.asOf),
  );
  app.post(
    '/api/worklist/:id/visit',
    { schema: { tags, params: idParams, body: visitBody, response: { 200: worklistItemDetail } } },
    async (req) => {
      const actor = requireActor(req);
      await recordVisit(ctx, actor, req.params.id, req.body);
      return worklistDetail(ctx, actor, req.params.id, requestLang(req));
    },
  );
  app.post(
    '/api/worklist/:id/escalate',
    { schema: { tags, params: idParams, body: escalateBody, response: { 200: worklistItemDetail } } },
    async (req) => {
      const actor = requireActor(req);
      await escalateAlert(ctx, actor, req.params.id, req.body.reason);
      return worklistDetail(ctx, actor, req.params.id, requestLang(req));
    },
  );
  app.post(
    '/api/rules/check',
    { schema: { tags, body: checkRuleBody, response: { 200: checkRuleResponse } } },
    async (req) => checkText(ctx, requireActor(req), req.body, requestLang(req)),
  );
  app.get('/api/rules/vocabulary', { schema: { tags, response: { 200: vocabularyResponse } } }, async (req) =>
    vocabulary(ctx, requireActor(req)),
  );
  app.get('/api/rule-params', { schema: { tags, response: { 200: paramsResponse } } }, async (req) =>
    listParamViews(ctx, requireActor(req)),
  );
  app.post(
    '/api/rule-params',
    { schema: { tags, body: createParamBody, response: { 201: paramListItemSchema } } },
    async (req, reply) =>
      reply.status(201).send(await createParam(ctx, requireActor(req), req.body, requestLang(req))),
  );
  app.post(
    '/api/rule-params/:code/values',
    { schema: { tags, params: codeParams, body: paramValueBody, response: { 200: paramViewSchema } } },
    async (req) => addParamValue(ctx, requireActor(req), req.params.code, req.body),
  );
  app.post(
    '/api/screening-runs',
    { schema: { tags, body: startScreeningBody, response: { 202: screeningRunSchema } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const opts = { asOf: req.body.asOf, programmes: req.body.programmes, areaCode: req.body.areaCode };
      const id = await startScreening(ctx, actor, opts);
      // The run continues after the reply; its row carries progress, counts or the error.
      void runScreening(ctx, actor, id, opts).catch((err) => req.log.error({ err }, 'screening failed'));
      return reply.status(202).send(runView((await repo.findRun(ctx.db, id)) as repo.RunRow));
    },
  );
  app.get(
    '/api/screening-runs',
    { schema: { tags, response: { 200: screeningRunsResponse } } },
    async (req) => {
      const scope = requireAnywhere(requireActor(req), 'worklist.read');
      return { items: (await repo.listRuns(ctx.db, scope)).map(runView) };
    },
  );
  app.get(
    '/api/screening-runs/:id',
    { schema: { tags, params: idParams, response: { 200: screeningRunSchema } } },
    async (req) => {
      const scope = requireAnywhere(requireActor(req), 'worklist.read');
      const run = await repo.findRun(ctx.db, req.params.id);
      const visible = run && (await repo.listRuns(ctx.db, scope, 500)).some((r) => r.id === run.id);
      if (!run || !visible) throw new AppError('SCREENING_NOT_FOUND', { id: req.params.id });
      return runView(run);
    },
  );
  app.get(
    '/api/worklist',
    { schema: { tags, querystring: worklistQuery, response: { 200: worklistPage } } },
    async (req) => listWorklist(ctx, requireActor(req), req.query, requestLang(req)),
  );
  app.get(
    '/api/worklist/:id',
    { schema: { tags, params: idParams, response: { 200: worklistItemDetail } } },
    async (req) => worklistDetail(ctx, requireActor(req), req.params.id, requestLang(req)),
  );
  app.patch(
    '/api/worklist/:id',
    { schema: { tags, params: idParams, body: worklistUpdateBody, response: { 200: worklistItemSchema } } },
    async (req) => updateWorklistItem(ctx, requireActor(req), req.params.id, req.body, requestLang(req)),
  );
  app.get(
    '/api/persons/:id/eligibility',
    {
      schema: {
        tags,
        params: idParams,
        querystring: personEligibilityQuery,
        response: { 200: personEligibilityResponse },
      },
    },
    async (req) => personEligibility(ctx, requireActor(req), req.params.id, req.query.asOf, requestLang(req)),
  );
}
