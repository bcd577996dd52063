import type { NotificationKind } from '../../../contracts/api/notifications.ts';
import type { Actor } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { toIso } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import * as repo from './notifications.repo.ts';

/**
 * In-app notifications (ADR 0013, 0015). Other modules call `notify` inside their own
 * transaction, so a notification exists exactly when the step it reports committed.
 */

export interface NotifyInput {
  userIds: readonly (string | null | undefined)[];
  kind: NotificationKind;
  /** Fills the kind's template: ids, numbers, names and Shanghai wall-clock times, never personal data. */
  params: Record<string, string | number>;
  /** The page to open, e.g. /needs/<id>. */
  link: string | null;
  /** Sent at most once per user with this key (reminders): a repeated call adds nothing. */
  dedupeKey?: string;
}

/** Writes one notification per distinct user; returns how many were new. */
export async function notify(ctx: Ctx, input: NotifyInput): Promise<number> {
  const users = [...new Set(input.userIds.filter((u): u is string => !!u))];
  if (users.length === 0) return 0;
  const now = ctx.clock.now();
  return repo.insertNotifications(
    ctx.db,
    users.map((userId) => ({
      id: newId(now.getTime()),
      userId,
      kind: input.kind,
      params: input.params,
      link: input.link,
      dedupeKey: input.dedupeKey ?? null,
      createdAt: now,
    })),
  );
}

const present = (r: repo.NotificationRow) => ({
  id: r.id,
  kind: r.kind,
  params: (r.params ?? {}) as Record<string, unknown>,
  link: r.link,
  createdAt: toIso(r.createdAt),
  readAt: r.readAt ? toIso(r.readAt) : null,
});

/** The signed-in user's own notifications, newest first, with the unread count. */
export async function listMyNotifications(
  ctx: Ctx,
  actor: Actor,
  q: { page: number; pageSize: number; unread?: boolean },
) {
  const { rows, total, unread } = await repo.findNotifications(ctx.db, actor.id, {
    unreadOnly: !!q.unread,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: rows.map(present), total, unread, page: q.page, pageSize: q.pageSize };
}

/**
 * A read mark is the reader's own view state, not a decision about anyone: it is not audited
 * (ADR 0015). Someone else's notification does not exist for the caller.
 */
export async function markNotificationRead(ctx: Ctx, actor: Actor, id: string) {
  const ok = await repo.markRead(ctx.db, actor.id, id, ctx.clock.now());
  if (!ok) throw new AppError('NOTIFICATION_NOT_FOUND');
  return { ok: true as const, unread: await repo.countUnread(ctx.db, actor.id) };
}

export async function markAllNotificationsRead(ctx: Ctx, actor: Actor) {
  const updated = await repo.markAllRead(ctx.db, actor.id, ctx.clock.now());
  return { updated, unread: 0 };
}
