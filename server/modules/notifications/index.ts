export { countByDedupeKey } from './notifications.repo.ts';
export { notificationRoutes } from './notifications.routes.ts';
export type { NotifyInput } from './notifications.service.ts';
export {
  listMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  notify,
} from './notifications.service.ts';
