import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { notifications } from './notifications.schema.ts';

export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationInsert = typeof notifications.$inferInsert;

/**
 * Inserts the rows; a row whose (user, dedupe key) is there already is skipped, so a reminder
 * the sweep finds again is not sent twice. Returns how many were new.
 */
export async function insertNotifications(db: Db, rows: NotificationInsert[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(notifications)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return inserted.length;
}

export async function findNotifications(
  db: Db,
  userId: string,
  opts: { unreadOnly: boolean; limit: number; offset: number },
): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
  const where = and(
    eq(notifications.userId, userId),
    opts.unreadOnly ? isNull(notifications.readAt) : undefined,
  );
  const rows = await db
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(opts.limit)
    .offset(opts.offset);
  const [c] = await db
    .select({
      total: sql<number>`count(*)::int`,
      unread: sql<number>`count(*) FILTER (WHERE ${notifications.readAt} IS NULL)::int`,
    })
    .from(notifications)
    .where(eq(notifications.userId, userId));
  const unread = Number(c?.unread ?? 0);
  return { rows, total: opts.unreadOnly ? unread : Number(c?.total ?? 0), unread };
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const [c] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(c?.n ?? 0);
}

/** Marks one of the user's notifications read (a read one keeps its first read time). */
export async function markRead(db: Db, userId: string, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export async function markAllRead(db: Db, userId: string, at: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** Which of these (user, dedupe key) pairs exist already (for tests and the sweep's report). */
export async function countByDedupeKey(db: Db, dedupeKey: string): Promise<number> {
  const [c] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(eq(notifications.dedupeKey, dedupeKey));
  return Number(c?.n ?? 0);
}
