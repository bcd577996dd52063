import { z } from 'zod';
import { isoDate } from '../../../contracts/api/common.ts';
import {
  listServicePointsQuery,
  servicePointBody,
  servicePointSchema,
  servicePointsPage,
  updateServicePointBody,
} from '../../../contracts/api/orgs.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import {
  closeServicePoint,
  createServicePoint,
  getServicePoint,
  listServicePoints,
  updateServicePoint,
} from './service-points.service.ts';

const tags = ['service-points'];
const idParams = z.object({ id: z.string().uuid({ message: 'SERVICE_POINT_NOT_FOUND' }) });

export function servicePointRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/service-points',
    { schema: { tags, querystring: listServicePointsQuery, response: { 200: servicePointsPage } } },
    async (req) => listServicePoints(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/service-points',
    { schema: { tags, body: servicePointBody, response: { 201: servicePointSchema } } },
    async (req, reply) => reply.status(201).send(await createServicePoint(ctx, requireActor(req), req.body)),
  );
  app.get(
    '/api/service-points/:id',
    { schema: { tags, params: idParams, response: { 200: servicePointSchema } } },
    async (req) => getServicePoint(ctx, requireActor(req), req.params.id),
  );
  app.patch(
    '/api/service-points/:id',
    {
      schema: { tags, params: idParams, body: updateServicePointBody, response: { 200: servicePointSchema } },
    },
    async (req) => updateServicePoint(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/service-points/:id/close',
    {
      schema: {
        tags,
        params: idParams,
        body: z.object({ closedOn: isoDate.optional(), reason: z.string().trim().min(1).max(500) }),
        response: { 200: servicePointSchema },
      },
    },
    async (req) =>
      closeServicePoint(ctx, requireActor(req), req.params.id, req.body.closedOn, req.body.reason),
  );
}
