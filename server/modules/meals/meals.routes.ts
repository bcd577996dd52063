import { z } from 'zod';
import {
  endMealRuleBody,
  mealCanteensResponse,
  mealMenuItemBody,
  mealMenuItemSchema,
  mealMenuResponse,
  mealPreviewBody,
  mealPreviewSchema,
  mealRuleBody,
  mealRuleSchema,
  mealRulesResponse,
  mealSaleSchema,
  mealSalesPage,
  mealSalesQuery,
  mealSettingsBody,
  mealSettingsSchema,
  mealSummaryQuery,
  mealSummarySchema,
  openTillBody,
  sellMealBody,
  tillDetailSchema,
  tillSchema,
  updateMealMenuItemBody,
  voidMealSaleBody,
} from '../../../contracts/api/meals.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import {
  addMealRule,
  addMenuItem,
  closeTill,
  endMealRule,
  getMealSettings,
  getTill,
  listMealCanteens,
  listMealRules,
  listMealSales,
  listMenu,
  openTill,
  previewMeal,
  sellMeal,
  summariseMeals,
  updateMealSettings,
  updateMenuItem,
  voidMealSale,
} from './meals.service.ts';

const tags = ['meals'];
const idOf = (notFound: string) => z.object({ id: z.string().uuid({ message: notFound }) });
const ruleId = idOf('MEAL_RULE_NOT_FOUND');
const canteenId = idOf('SERVICE_POINT_NOT_FOUND');
const itemId = idOf('MEAL_MENU_ITEM_NOT_FOUND');
const tillId = idOf('MEAL_TILL_NOT_FOUND');
const saleId = idOf('MEAL_SALE_NOT_FOUND');

export function mealRoutes(app: App, ctx: Ctx) {
  // Subsidy rules and settings (the district's).
  app.get('/api/meals/rules', { schema: { tags, response: { 200: mealRulesResponse } } }, async (req) =>
    listMealRules(ctx, requireActor(req)),
  );
  app.post(
    '/api/meals/rules',
    { schema: { tags, body: mealRuleBody, response: { 201: mealRuleSchema } } },
    async (req, reply) => reply.status(201).send(await addMealRule(ctx, requireActor(req), req.body)),
  );
  app.post(
    '/api/meals/rules/:id/end',
    { schema: { tags, params: ruleId, body: endMealRuleBody, response: { 200: mealRuleSchema } } },
    async (req) => endMealRule(ctx, requireActor(req), req.params.id, req.body.validTo),
  );
  app.get('/api/meals/settings', { schema: { tags, response: { 200: mealSettingsSchema } } }, async (req) =>
    getMealSettings(ctx, requireActor(req)),
  );
  app.patch(
    '/api/meals/settings',
    { schema: { tags, body: mealSettingsBody, response: { 200: mealSettingsSchema } } },
    async (req) => updateMealSettings(ctx, requireActor(req), req.body),
  );

  // Canteens and their menus.
  app.get('/api/meals/canteens', { schema: { tags, response: { 200: mealCanteensResponse } } }, async (req) =>
    listMealCanteens(ctx, requireActor(req)),
  );
  app.get(
    '/api/meals/canteens/:id/menu',
    { schema: { tags, params: canteenId, response: { 200: mealMenuResponse } } },
    async (req) => listMenu(ctx, requireActor(req), req.params.id),
  );
  app.post(
    '/api/meals/canteens/:id/menu',
    { schema: { tags, params: canteenId, body: mealMenuItemBody, response: { 201: mealMenuItemSchema } } },
    async (req, reply) =>
      reply.status(201).send(await addMenuItem(ctx, requireActor(req), req.params.id, req.body)),
  );
  app.patch(
    '/api/meals/menu/:id',
    { schema: { tags, params: itemId, body: updateMealMenuItemBody, response: { 200: mealMenuItemSchema } } },
    async (req) => updateMenuItem(ctx, requireActor(req), req.params.id, req.body),
  );

  // The till.
  app.post(
    '/api/meals/canteens/:id/tills',
    { schema: { tags, params: canteenId, body: openTillBody, response: { 201: tillSchema } } },
    async (req, reply) =>
      reply.status(201).send(await openTill(ctx, requireActor(req), req.params.id, req.body.sitting)),
  );
  app.get(
    '/api/meals/tills/:id',
    { schema: { tags, params: tillId, response: { 200: tillDetailSchema } } },
    async (req) => getTill(ctx, requireActor(req), req.params.id),
  );
  app.post(
    '/api/meals/tills/:id/close',
    { schema: { tags, params: tillId, response: { 200: tillSchema } } },
    async (req) => closeTill(ctx, requireActor(req), req.params.id),
  );
  // POST, not GET: the ID number travels in the body, never in a URL or an access log.
  app.post(
    '/api/meals/tills/:id/preview',
    { schema: { tags, params: tillId, body: mealPreviewBody, response: { 200: mealPreviewSchema } } },
    async (req) => previewMeal(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/meals/tills/:id/sales',
    { schema: { tags, params: tillId, body: sellMealBody, response: { 201: mealSaleSchema } } },
    async (req, reply) =>
      reply.status(201).send(await sellMeal(ctx, requireActor(req), req.params.id, req.body)),
  );
  app.post(
    '/api/meals/sales/:id/void',
    { schema: { tags, params: saleId, body: voidMealSaleBody, response: { 200: mealSaleSchema } } },
    async (req) => voidMealSale(ctx, requireActor(req), req.params.id, req.body.reason),
  );

  // Reads.
  app.get(
    '/api/meals/sales',
    { schema: { tags, querystring: mealSalesQuery, response: { 200: mealSalesPage } } },
    async (req) => listMealSales(ctx, requireActor(req), req.query),
  );
  app.get(
    '/api/meals/summary',
    { schema: { tags, querystring: mealSummaryQuery, response: { 200: mealSummarySchema } } },
    async (req) => summariseMeals(ctx, requireActor(req), req.query),
  );
}
