import { z } from 'zod';
import {
  acceptInvitationBody,
  cancelNeedBody,
  claimBody,
  confirmNeedBody,
  createNeedBody,
  inviteBody,
  listNeedsQuery,
  myClaimsResponse,
  nameVolunteersBody,
  needDetailSchema,
  needsPage,
  openNeedsQuery,
  rateNeedBody,
  scheduleBody,
  updateNeedBody,
  versionBody,
  withdrawBody,
} from '../../../contracts/api/needs.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import { entityRoutes } from '../../platform/http/routes.ts';
import type { App } from '../../platform/http/types.ts';
import {
  claimNeed,
  confirmNeed,
  nameClaimVolunteers,
  rateNeed,
  scheduleNeed,
  withdrawClaim,
} from './needs.claims.ts';
import { acceptInvitation, declineInvitation, inviteToNeed } from './needs.invitations.ts';
import {
  cancelNeed,
  createNeed,
  getNeed,
  listNeeds,
  listOpenNeeds,
  myClaims,
  publishNeed,
  updateNeed,
} from './needs.service.ts';

const tags = ['needs'];
const needParams = z.object({ id: z.string().uuid({ message: 'NEED_NOT_FOUND' }) });
const claimParams = z.object({
  id: z.string().uuid({ message: 'NEED_NOT_FOUND' }),
  claimId: z.string().uuid({ message: 'NEED_CLAIM_NOT_FOUND' }),
});
const invitationParams = z.object({ id: z.string().uuid({ message: 'NEED_INVITATION_NOT_FOUND' }) });
const inviteResponse = needDetailSchema.extend({
  invited: z.number().int(),
  skipped: z.number().int(),
});

export function needRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/needs',
    { schema: { tags, querystring: listNeedsQuery, response: { 200: needsPage } } },
    async (req) => listNeeds(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/needs',
    { schema: { tags, body: createNeedBody, response: { 201: needDetailSchema } } },
    async (req, reply) => reply.status(201).send(await createNeed(ctx, requireActor(req), req.body)),
  );
  app.get(
    '/api/needs/open',
    { schema: { tags, querystring: openNeedsQuery, response: { 200: needsPage } } },
    async (req) => listOpenNeeds(ctx, requireActor(req), req.query),
  );
  app.get('/api/needs/mine', { schema: { tags, response: { 200: myClaimsResponse } } }, async (req) =>
    myClaims(ctx, requireActor(req)),
  );
  const need = entityRoutes(app, ctx, { tags, params: needParams, response: needDetailSchema });
  need.get('/api/needs/:id', getNeed);
  need.patch('/api/needs/:id', { body: updateNeedBody }, updateNeed);
  need.post('/api/needs/:id/publish', { body: versionBody }, publishNeed);
  need.post('/api/needs/:id/cancel', { body: cancelNeedBody }, cancelNeed);
  app.post(
    '/api/needs/:id/claims',
    { schema: { tags, params: needParams, body: claimBody, response: { 201: needDetailSchema } } },
    async (req, reply) =>
      reply.status(201).send(await claimNeed(ctx, requireActor(req), req.params.id, req.body)),
  );
  app.post(
    '/api/needs/:id/claims/:claimId/withdraw',
    { schema: { tags, params: claimParams, body: withdrawBody, response: { 200: needDetailSchema } } },
    async (req) => withdrawClaim(ctx, requireActor(req), req.params.id, req.params.claimId, req.body),
  );
  app.post(
    '/api/needs/:id/claims/:claimId/volunteers',
    { schema: { tags, params: claimParams, body: nameVolunteersBody, response: { 200: needDetailSchema } } },
    async (req) => nameClaimVolunteers(ctx, requireActor(req), req.params.id, req.params.claimId, req.body),
  );
  need.post('/api/needs/:id/schedule', { body: scheduleBody }, scheduleNeed);
  need.post('/api/needs/:id/confirm', { body: confirmNeedBody }, confirmNeed);
  need.post('/api/needs/:id/rate', { body: rateNeedBody }, rateNeed);
  app.post(
    '/api/needs/:id/invitations',
    { schema: { tags, params: needParams, body: inviteBody, response: { 201: inviteResponse } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const r = await inviteToNeed(ctx, actor, req.params.id, req.body.invitees);
      const detail = await getNeed(ctx, actor, req.params.id);
      return reply.status(201).send({ ...detail, invited: r.invitationIds.length, skipped: r.skipped });
    },
  );
  const invitation = entityRoutes(app, ctx, { tags, params: invitationParams, response: needDetailSchema });
  invitation.post('/api/need-invitations/:id/accept', { body: acceptInvitationBody }, acceptInvitation);
  invitation.post('/api/need-invitations/:id/decline', declineInvitation);
}
