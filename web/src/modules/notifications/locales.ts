import type { LocaleShape } from '../../app/locale-shape.ts';

// In-app notifications: the bell in the header and its drawer.
const zh = {
  bell: '消息通知',
  title: '消息通知',
  unread: '{{count}} 条未读',
  readAll: '全部标为已读',
  empty: '暂无通知',
  more: '显示更多',
};

export const notificationsLocales: { 'zh-CN': typeof zh; en: LocaleShape<typeof zh> } = {
  'zh-CN': zh,
  en: {
    bell: 'Notifications',
    title: 'Notifications',
    unread: '{{count}} unread',
    readAll: 'Mark all as read',
    empty: 'No notifications',
    more: 'Show more',
  },
};
