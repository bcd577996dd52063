import { z } from 'zod';
import {
  listNotificationsQuery,
  notificationsPage,
  readAllResponse,
} from '../../../contracts/api/notifications.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import {
  listMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from './notifications.service.ts';

const tags = ['notifications'];
const idParams = z.object({ id: z.string().uuid({ message: 'NOTIFICATION_NOT_FOUND' }) });
const readResponse = z.object({ ok: z.literal(true), unread: z.number().int() });

/** Every signed-in user reads and marks only their own notifications. */
export function notificationRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/notifications',
    { schema: { tags, querystring: listNotificationsQuery, response: { 200: notificationsPage } } },
    async (req) => listMyNotifications(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/notifications/:id/read',
    { schema: { tags, params: idParams, response: { 200: readResponse } } },
    async (req) => markNotificationRead(ctx, requireActor(req), req.params.id),
  );
  app.post(
    '/api/notifications/read-all',
    { schema: { tags, response: { 200: readAllResponse } } },
    async (req) => markAllNotificationsRead(ctx, requireActor(req)),
  );
}
