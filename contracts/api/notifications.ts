import { z } from 'zod';
import { pageQuery } from './common.ts';

type Template = { 'zh-CN': string; en: string };

/**
 * In-app notifications. A notification stores its kind and parameters, never prose: it reads in
 * the language of whoever opens it. Times in parameters are already Shanghai wall-clock text
 * ("2026-06-16 09:00"), so no client has to guess a time zone.
 */
export const NOTIFICATION_TEMPLATES = {
  // ── needs ──
  'need.claimed': {
    'zh-CN': '{{claimant}} 认领了需求“{{title}}”的 {{seats}} 个名额（{{needNo}}）',
    en: '{{claimant}} claimed {{seats}} seat(s) of “{{title}}” ({{needNo}})',
  },
  'need.withdrawn': {
    'zh-CN': '{{claimant}} 退出了需求“{{title}}”的认领，空出 {{seats}} 个名额',
    en: '{{claimant}} withdrew from “{{title}}”; {{seats}} seat(s) are free again',
  },
  'need.filled': {
    'zh-CN': '需求“{{title}}”名额已满，请安排服务人员（{{needNo}}）',
    en: '“{{title}}” is fully claimed: name the volunteers and schedule it ({{needNo}})',
  },
  'need.scheduled': {
    'zh-CN': '需求“{{title}}”已安排：{{when}}，{{place}}',
    en: '“{{title}}” is scheduled: {{when}}, {{place}}',
  },
  'need.cancelled': {
    'zh-CN': '需求“{{title}}”已取消：{{reason}}',
    en: '“{{title}}” was cancelled: {{reason}}',
  },
  'need.expired': {
    'zh-CN': '需求“{{title}}”到开始时间仍未安排，已过期（{{needNo}}）',
    en: '“{{title}}” was not scheduled before its start and has expired ({{needNo}})',
  },
  'need.invited': {
    'zh-CN': '邀请您参与需求“{{title}}”：{{when}}，{{place}}',
    en: 'You are invited to “{{title}}”: {{when}}, {{place}}',
  },
  'need.invitation_declined': {
    'zh-CN': '{{invitee}} 谢绝了需求“{{title}}”的邀请',
    en: '{{invitee}} declined the invitation to “{{title}}”',
  },
  'need.reminder.start': {
    'zh-CN': '提醒：需求“{{title}}”将于 {{when}} 开始，地点 {{place}}',
    en: 'Reminder: “{{title}}” starts at {{when}}, {{place}}',
  },
  'need.reminder.unclaimed': {
    'zh-CN': '需求“{{title}}”将于 {{when}} 开始，仍有 {{left}} 个名额无人认领',
    en: '“{{title}}” starts at {{when}} and still has {{left}} unclaimed seat(s)',
  },
  'need.done': {
    'zh-CN': '需求“{{title}}”的服务已完成，请确认并评价',
    en: 'The service for “{{title}}” is done: please confirm and rate it',
  },
  'need.confirm_due': {
    'zh-CN': '需求“{{title}}”服务完成已超过 3 天，尚未确认（{{needNo}}）',
    en: '“{{title}}” has been done for over 3 days and is not confirmed yet ({{needNo}})',
  },
  'need.rated': {
    'zh-CN': '社区对需求“{{title}}”的服务评价为 {{stars}} 星',
    en: 'The community rated the service for “{{title}}” {{stars}} star(s)',
  },
  // ── activities ──
  'record.pending': {
    'zh-CN': '活动“{{activity}}”有 {{count}} 条服务记录待审核',
    en: '{{count}} service record(s) of “{{activity}}” await review',
  },
} as const satisfies Record<string, Template>;

export type NotificationKind = keyof typeof NOTIFICATION_TEMPLATES;
export const NOTIFICATION_KINDS = Object.keys(NOTIFICATION_TEMPLATES) as NotificationKind[];

/** Fills a template; an unknown kind reads as its key (a newer server, an older page). */
export function renderNotification(
  kind: string,
  params: Record<string, unknown>,
  lang: 'zh-CN' | 'en',
): string {
  const t = (NOTIFICATION_TEMPLATES as Record<string, Template>)[kind];
  if (!t) return kind;
  return t[lang].replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    const v = params[k];
    return v === undefined || v === null ? '' : String(v);
  });
}

export const listNotificationsQuery = pageQuery.extend({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  params: z.record(z.string(), z.unknown()),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationsPage = z.object({
  items: z.array(notificationSchema),
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type NotificationsPage = z.infer<typeof notificationsPage>;

export const readAllResponse = z.object({ updated: z.number().int(), unread: z.number().int() });
