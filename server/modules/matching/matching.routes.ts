import { z } from 'zod';
import {
  acceptProposalResponse,
  candidatesResponse,
  createProposalBody,
  inviteCandidateBody,
  inviteCandidateResponse,
  listProposalsQuery,
  proposalDetailSchema,
  proposalItemsQuery,
  proposalsResponse,
} from '../../../contracts/api/matching.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import {
  acceptProposalAndPresent,
  discardProposalAndPresent,
  getProposalDetail,
  inviteCandidate,
  listProposals,
  proposeAssignments,
  rankCandidates,
} from './matching.service.ts';

const tags = ['matching'];
const needParams = z.object({ id: z.string().uuid({ message: 'NEED_NOT_FOUND' }) });
const proposalParams = z.object({ id: z.string().uuid({ message: 'NEED_PROPOSAL_NOT_FOUND' }) });

export function matchingRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/needs/:id/candidates',
    { schema: { tags, params: needParams, response: { 200: candidatesResponse } } },
    async (req) => rankCandidates(ctx, requireActor(req), req.params.id),
  );
  app.post(
    '/api/needs/:id/candidates/invite',
    {
      schema: {
        tags,
        params: needParams,
        body: inviteCandidateBody,
        response: { 201: inviteCandidateResponse },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await inviteCandidate(ctx, requireActor(req), req.params.id, req.body)),
  );
  app.get(
    '/api/matching/proposals',
    { schema: { tags, querystring: listProposalsQuery, response: { 200: proposalsResponse } } },
    async (req) => listProposals(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/matching/proposals',
    { schema: { tags, body: createProposalBody, response: { 201: proposalDetailSchema } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const run = await proposeAssignments(ctx, actor, req.body);
      return reply.status(201).send(await getProposalDetail(ctx, actor, run.proposalId));
    },
  );
  app.get(
    '/api/matching/proposals/:id',
    {
      schema: {
        tags,
        params: proposalParams,
        querystring: proposalItemsQuery,
        response: { 200: proposalDetailSchema },
      },
    },
    async (req) => getProposalDetail(ctx, requireActor(req), req.params.id, req.query),
  );
  app.post(
    '/api/matching/proposals/:id/accept',
    { schema: { tags, params: proposalParams, response: { 200: acceptProposalResponse } } },
    async (req) => acceptProposalAndPresent(ctx, requireActor(req), req.params.id),
  );
  app.post(
    '/api/matching/proposals/:id/discard',
    { schema: { tags, params: proposalParams, response: { 200: proposalDetailSchema } } },
    async (req) => discardProposalAndPresent(ctx, requireActor(req), req.params.id),
  );
}
