import { z } from 'zod';
import { areaSchema, closeAreaBody, createAreaBody, renameAreaBody } from '../../../contracts/api/areas.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { closeArea, createArea, getArea, getAreaTree, renameArea } from './areas.service.ts';

const areaDetail = areaSchema.extend({
  names: z.array(z.object({ name: z.string(), validFrom: z.string(), validTo: z.string().nullable() })),
});
const codeParams = z.object({ code: z.string().regex(/^\d{12}$/, { message: 'AREA_UNKNOWN' }) });
const tags = ['areas'];

export function areaRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/areas/tree',
    {
      schema: {
        tags,
        summary: 'Org tree visible to the user',
        querystring: z.object({ includeClosed: z.stringbool().optional() }),
      },
    },
    async (req) => getAreaTree(ctx, requireActor(req), req.query.includeClosed),
  );
  app.get(
    '/api/areas/:code',
    { schema: { tags, params: codeParams, response: { 200: areaDetail } } },
    async (req) => getArea(ctx, requireActor(req), req.params.code),
  );
  app.post(
    '/api/areas',
    { schema: { tags, body: createAreaBody, response: { 201: areaDetail } } },
    async (req, reply) => reply.status(201).send(await createArea(ctx, requireActor(req), req.body)),
  );
  app.post(
    '/api/areas/:code/rename',
    { schema: { tags, params: codeParams, body: renameAreaBody, response: { 200: areaDetail } } },
    async (req) => renameArea(ctx, requireActor(req), req.params.code, req.body),
  );
  app.post(
    '/api/areas/:code/close',
    { schema: { tags, params: codeParams, body: closeAreaBody, response: { 200: areaDetail } } },
    async (req) => closeArea(ctx, requireActor(req), req.params.code, req.body),
  );
}
