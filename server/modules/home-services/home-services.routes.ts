import { z } from 'zod';
import {
  acceptBody,
  cancelBody,
  catalogueResponse,
  checkOutBody,
  confirmBody,
  listOrdersQuery,
  offersQuery,
  orderDetailSchema,
  ordersPage,
  placeOrderBody,
  pricesResponse,
  rateBody,
  setPriceBody,
  versionBody,
} from '../../../contracts/api/home-services.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import {
  type ActionInput,
  actOnOrder,
  ensureHomeServiceCatalogue,
  getOrder,
  listCatalogue,
  listOffers,
  listOrders,
  listPrices,
  placeOrder,
  setPrice,
} from './home-services.service.ts';

const tags = ['home-services'];
const orderParams = z.object({ id: z.string().uuid({ message: 'ORDER_NOT_FOUND' }) });
const orgParams = z.object({ orgId: z.string().uuid({ message: 'ORG_NOT_FOUND' }) });

export function homeServiceRoutes(app: App, ctx: Ctx) {
  // The catalogue is reference data the module brings with it.
  app.addHook('onReady', async () => ensureHomeServiceCatalogue(ctx.db));

  app.get(
    '/api/home-services/catalogue',
    { schema: { tags, response: { 200: catalogueResponse } } },
    async (req) => {
      requireActor(req);
      return listCatalogue(ctx);
    },
  );
  app.get(
    '/api/home-services/offers',
    { schema: { tags, querystring: offersQuery, response: { 200: pricesResponse } } },
    async (req) => listOffers(ctx, requireActor(req), req.query),
  );
  app.get(
    '/api/home-services/providers/:orgId/prices',
    { schema: { tags, params: orgParams, response: { 200: pricesResponse } } },
    async (req) => listPrices(ctx, requireActor(req), req.params.orgId),
  );
  app.post(
    '/api/home-services/providers/:orgId/prices',
    { schema: { tags, params: orgParams, body: setPriceBody, response: { 201: pricesResponse } } },
    async (req, reply) =>
      reply.status(201).send(await setPrice(ctx, requireActor(req), req.params.orgId, req.body)),
  );
  app.get(
    '/api/home-services/orders',
    { schema: { tags, querystring: listOrdersQuery, response: { 200: ordersPage } } },
    async (req) => listOrders(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/home-services/orders',
    { schema: { tags, body: placeOrderBody, response: { 201: orderDetailSchema } } },
    async (req, reply) => reply.status(201).send(await placeOrder(ctx, requireActor(req), req.body)),
  );
  app.get(
    '/api/home-services/orders/:id',
    { schema: { tags, params: orderParams, response: { 200: orderDetailSchema } } },
    async (req) => getOrder(ctx, requireActor(req), req.params.id),
  );

  const action = <S extends z.ZodTypeAny>(path: string, body: S, toInput: (b: z.infer<S>) => ActionInput) =>
    app.post(
      `/api/home-services/orders/:id/${path}`,
      { schema: { tags, params: orderParams, body, response: { 200: orderDetailSchema } } },
      async (req) =>
        actOnOrder(
          ctx,
          requireActor(req),
          (req.params as { id: string }).id,
          toInput(req.body as z.infer<S>),
        ),
    );
  action('accept', acceptBody, (b) => ({ action: 'accept', ...b }));
  action('check-in', versionBody, (b) => ({ action: 'check_in', ...b }));
  action('check-out', checkOutBody, (b) => ({ action: 'check_out', ...b }));
  action('confirm', confirmBody, (b) => ({ action: 'confirm', ...b }));
  action('cancel', cancelBody, (b) => ({ action: 'cancel', ...b }));
  action('rate', rateBody, (b) => ({ action: 'rate', ...b }));
}
