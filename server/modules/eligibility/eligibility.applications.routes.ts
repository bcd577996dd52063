import {
  applicationDetail as applicationDetailSchema,
  applicationsPage,
  applicationsQuery,
  createApplicationBody,
  decideBody,
  idParams,
} from '../../../contracts/api/eligibility.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import { requestLang } from '../../platform/http/lang.ts';
import type { App } from '../../platform/http/types.ts';
import {
  applicationDetail,
  createApplication,
  decideApplication,
  listApplications,
} from './eligibility.applications.ts';

const tags = ['eligibility'];

/** Applications and approval within delegated limits (R29). */
export function applicationRoutes(app: App, ctx: Ctx) {
  app.post(
    '/api/applications',
    { schema: { tags, body: createApplicationBody, response: { 201: applicationDetailSchema } } },
    async (req, reply) =>
      reply.status(201).send(await createApplication(ctx, requireActor(req), req.body, requestLang(req))),
  );
  app.get(
    '/api/applications',
    { schema: { tags, querystring: applicationsQuery, response: { 200: applicationsPage } } },
    async (req) => listApplications(ctx, requireActor(req), req.query, requestLang(req)),
  );
  app.get(
    '/api/applications/:id',
    { schema: { tags, params: idParams, response: { 200: applicationDetailSchema } } },
    async (req) => applicationDetail(ctx, requireActor(req), req.params.id, requestLang(req)),
  );
  app.post(
    '/api/applications/:id/decision',
    { schema: { tags, params: idParams, body: decideBody, response: { 200: applicationDetailSchema } } },
    async (req) => decideApplication(ctx, requireActor(req), req.params.id, req.body, requestLang(req)),
  );
}
