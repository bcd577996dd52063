import { z } from 'zod';
import { listOrgsQuery, orgBody, orgSchema, orgsPage, updateOrgBody } from '../../../contracts/api/orgs.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { createOrg, getOrg, listOrgs, updateOrg } from './orgs.service.ts';

const tags = ['organisations'];
const idParams = z.object({ id: z.string().uuid({ message: 'ORG_NOT_FOUND' }) });

export function orgRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/orgs',
    { schema: { tags, querystring: listOrgsQuery, response: { 200: orgsPage } } },
    async (req) => listOrgs(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/orgs',
    { schema: { tags, body: orgBody, response: { 201: orgSchema } } },
    async (req, reply) => reply.status(201).send(await createOrg(ctx, requireActor(req), req.body)),
  );
  app.get(
    '/api/orgs/:id',
    { schema: { tags, params: idParams, response: { 200: orgSchema } } },
    async (req) => getOrg(ctx, requireActor(req), req.params.id),
  );
  app.patch(
    '/api/orgs/:id',
    { schema: { tags, params: idParams, body: updateOrgBody, response: { 200: orgSchema } } },
    async (req) => updateOrg(ctx, requireActor(req), req.params.id, req.body),
  );
}
