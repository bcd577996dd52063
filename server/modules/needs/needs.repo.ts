import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { scopeSql } from '../../platform/access.ts';
import type { Db } from '../../platform/db/index.ts';
import { pgArray } from '../../platform/db/rows.ts';
import {
  matchProposalItems,
  matchProposals,
  needClaims,
  needEvents,
  needInvitations,
  needs,
} from './needs.schema.ts';

export type NeedRow = typeof needs.$inferSelect;
export type NeedInsert = typeof needs.$inferInsert;
export type ClaimRow = typeof needClaims.$inferSelect;
export type ClaimInsert = typeof needClaims.$inferInsert;
export type InvitationRow = typeof needInvitations.$inferSelect;
export type InvitationInsert = typeof needInvitations.$inferInsert;
export type EventRow = typeof needEvents.$inferSelect;
export type ProposalRow = typeof matchProposals.$inferSelect;
export type ProposalItemRow = typeof matchProposalItems.$inferSelect;

// --- needs ---------------------------------------------------------------------------------

/**
 * The next need number of the day: XQ + YYYYMMDD + a four-digit (or longer) sequence. A
 * transaction-scoped advisory lock per day serialises the few postings of one day; the unique
 * index would refuse a duplicate anyway.
 */
export async function nextNeedNo(db: Db, prefix: string): Promise<string> {
  const upper = `XQ${Number(prefix.slice(2)) + 1}`;
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`need_no:${prefix}`}))`);
  const [r] = await db
    .select({ n: sql<number>`coalesce(max(substring(${needs.needNo} from 11)::int), 0)` })
    .from(needs)
    .where(and(sql`${needs.needNo} >= ${prefix}`, sql`${needs.needNo} < ${upper}`));
  return `${prefix}${String(Number(r?.n ?? 0) + 1).padStart(4, '0')}`;
}

export async function insertNeed(db: Db, row: NeedInsert): Promise<void> {
  await db.insert(needs).values(row);
}

/** One need; with `lock`, its row is locked for the rest of the transaction (claims, steps). */
export async function findNeed(db: Db, id: string, lock = false): Promise<NeedRow | undefined> {
  const q = db.select().from(needs).where(eq(needs.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findNeedsByIds(db: Db, ids: string[]): Promise<NeedRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(needs).where(inArray(needs.id, ids));
}

export async function updateNeedRow(
  db: Db,
  id: string,
  patch: Partial<NeedInsert>,
  at: Date,
): Promise<NeedRow> {
  const [row] = await db
    .update(needs)
    .set({ ...patch, version: sql`${needs.version} + 1`, updatedAt: at })
    .where(eq(needs.id, id))
    .returning();
  return row!;
}

/**
 * What a user sees on the board: every need in the areas where they post needs, and the needs
 * past their draft in the areas where they read needs.
 */
export interface NeedVisibility {
  postScope: string[];
  readScope: string[];
}

export function visibilitySql(v: NeedVisibility): SQL {
  const parts: SQL[] = [];
  if (v.postScope.length) parts.push(scopeSql(v.postScope, needs.areaCode));
  if (v.readScope.length)
    parts.push(sql`(${scopeSql(v.readScope, needs.areaCode)} AND ${needs.status} <> 'draft')`);
  if (parts.length === 0) return sql`false`;
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` OR `)})`;
}

export interface NeedSearch {
  where: SQL;
  status?: string;
  statuses?: string[];
  category?: string;
  skills?: string[];
  from?: string;
  to?: string;
  q?: string;
  limit: number;
  offset: number;
  order?: 'created' | 'start';
}

export async function searchNeeds(db: Db, s: NeedSearch): Promise<{ rows: NeedRow[]; total: number }> {
  const n = needs;
  const conds: SQL[] = [s.where];
  if (s.status) conds.push(eq(n.status, s.status));
  if (s.statuses) conds.push(inArray(n.status, s.statuses));
  if (s.category) conds.push(eq(n.category, s.category));
  if (s.skills?.length) conds.push(sql`${n.skills} && ${pgArray(s.skills, 'text')}`);
  // Calendar days are Shanghai days.
  if (s.from) conds.push(sql`${n.startsAt} >= (${s.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (s.to) conds.push(sql`${n.startsAt} < (${s.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (s.q) {
    const like = s.q.replace(/[\\%_]/g, '\\$&');
    conds.push(sql`(${n.needNo} like ${`${like.toUpperCase()}%`} OR ${n.title} like ${`%${like}%`})`);
  }
  const where = and(...conds);
  const order = s.order === 'start' ? [asc(n.startsAt), asc(n.id)] : [desc(n.createdAt), desc(n.id)];
  const rows = await db
    .select()
    .from(n)
    .where(where)
    .orderBy(...order)
    .limit(s.limit)
    .offset(s.offset);
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(n).where(where);
  return { rows, total: Number(c?.n ?? 0) };
}

/** Published needs with seats left, not started, in the scope: what claimants may take. */
export function openSql(scope: string[], asOf: Date): SQL {
  return and(
    scopeSql(scope, needs.areaCode),
    eq(needs.status, 'published'),
    sql`${needs.claimedSeats} < ${needs.headcount}`,
    sql`${needs.startsAt} > ${asOf.toISOString()}::timestamptz`,
  )!;
}

export async function findOpenNeeds(db: Db, scope: string[], asOf: Date): Promise<NeedRow[]> {
  return db.select().from(needs).where(openSql(scope, asOf)).orderBy(asc(needs.startsAt), asc(needs.id));
}

/** Needs in these states whose start lies in [from, to) — the sweep's candidates. */
export async function findStarting(db: Db, statuses: string[], from: Date, to: Date): Promise<NeedRow[]> {
  return db
    .select()
    .from(needs)
    .where(
      and(
        inArray(needs.status, statuses),
        sql`${needs.startsAt} > ${from.toISOString()}::timestamptz`,
        sql`${needs.startsAt} <= ${to.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(needs.startsAt));
}

export async function findExpirable(db: Db, now: Date, limit = 500): Promise<string[]> {
  const rows = await db
    .select({ id: needs.id })
    .from(needs)
    .where(
      and(
        inArray(needs.status, ['published', 'claimed']),
        sql`${needs.startsAt} <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(needs.startsAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function findDoneBefore(db: Db, before: Date): Promise<NeedRow[]> {
  return db
    .select()
    .from(needs)
    .where(and(eq(needs.status, 'done'), sql`${needs.doneAt} <= ${before.toISOString()}::timestamptz`));
}

export async function countNeeds(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(needs);
  return Number(r?.n ?? 0);
}

// --- claims --------------------------------------------------------------------------------

export async function insertClaim(db: Db, row: ClaimInsert): Promise<void> {
  await db.insert(needClaims).values(row);
}

export async function findClaims(db: Db, needId: string): Promise<ClaimRow[]> {
  return db
    .select()
    .from(needClaims)
    .where(eq(needClaims.needId, needId))
    .orderBy(asc(needClaims.claimedAt), asc(needClaims.id));
}

export async function findClaim(db: Db, id: string): Promise<ClaimRow | undefined> {
  const [row] = await db.select().from(needClaims).where(eq(needClaims.id, id));
  return row;
}

export async function findActiveClaim(
  db: Db,
  needId: string,
  claimantType: string,
  claimantId: string,
): Promise<ClaimRow | undefined> {
  const [row] = await db
    .select()
    .from(needClaims)
    .where(
      and(
        eq(needClaims.needId, needId),
        eq(needClaims.claimantType, claimantType),
        eq(needClaims.claimantId, claimantId),
        eq(needClaims.status, 'active'),
      ),
    );
  return row;
}

export async function updateClaim(db: Db, id: string, patch: Partial<ClaimInsert>): Promise<ClaimRow> {
  const [row] = await db.update(needClaims).set(patch).where(eq(needClaims.id, id)).returning();
  return row!;
}

/** Ends every active claim of a need (cancellation, expiry); returns the claims ended. */
export async function withdrawAllClaims(
  db: Db,
  needId: string,
  at: Date,
  note: string | null,
): Promise<ClaimRow[]> {
  return db
    .update(needClaims)
    .set({ status: 'withdrawn', withdrawnAt: at, ...(note ? { note } : {}) })
    .where(and(eq(needClaims.needId, needId), eq(needClaims.status, 'active')))
    .returning();
}

export interface ClaimantKey {
  type: string;
  id: string;
}

function claimantSql(keys: ClaimantKey[], typeCol: AnyPgColumn, idCol: AnyPgColumn): SQL {
  if (keys.length === 0) return sql`false`;
  const parts = (['org', 'team', 'volunteer'] as const)
    .map((t) => {
      const ids = keys.filter((k) => k.type === t).map((k) => k.id);
      return ids.length ? sql`(${typeCol} = ${t} AND ${idCol} = ANY(${pgArray(ids, 'uuid')}))` : null;
    })
    .filter((p): p is SQL => p !== null);
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` OR `)})`;
}

/** The claims made by these claimants, newest first. */
export async function findClaimsOf(db: Db, keys: ClaimantKey[], limit: number): Promise<ClaimRow[]> {
  if (keys.length === 0) return [];
  return db
    .select()
    .from(needClaims)
    .where(claimantSql(keys, needClaims.claimantType, needClaims.claimantId))
    .orderBy(desc(needClaims.claimedAt), desc(needClaims.id))
    .limit(limit);
}

// --- invitations ---------------------------------------------------------------------------

/** Inserts the invitations; one already pending for the same invitee is kept as it is. */
export async function insertInvitations(db: Db, rows: InvitationInsert[]): Promise<InvitationRow[]> {
  if (rows.length === 0) return [];
  return db.insert(needInvitations).values(rows).onConflictDoNothing().returning();
}

export async function findInvitations(db: Db, needId: string): Promise<InvitationRow[]> {
  return db
    .select()
    .from(needInvitations)
    .where(eq(needInvitations.needId, needId))
    .orderBy(asc(needInvitations.invitedAt), asc(needInvitations.id));
}

export async function findInvitation(db: Db, id: string, lock = false): Promise<InvitationRow | undefined> {
  const q = db.select().from(needInvitations).where(eq(needInvitations.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateInvitation(
  db: Db,
  id: string,
  patch: Partial<InvitationInsert>,
): Promise<InvitationRow> {
  const [row] = await db.update(needInvitations).set(patch).where(eq(needInvitations.id, id)).returning();
  return row!;
}

/** Pending invitations lapse when the need fills or closes. */
export async function expirePendingInvitations(db: Db, needId: string, at: Date): Promise<number> {
  const rows = await db
    .update(needInvitations)
    .set({ status: 'expired', respondedAt: at })
    .where(and(eq(needInvitations.needId, needId), eq(needInvitations.status, 'pending')))
    .returning({ id: needInvitations.id });
  return rows.length;
}

export async function findInvitationsOf(
  db: Db,
  keys: ClaimantKey[],
  limit: number,
): Promise<InvitationRow[]> {
  if (keys.length === 0) return [];
  return db
    .select()
    .from(needInvitations)
    .where(claimantSql(keys, needInvitations.inviteeType, needInvitations.inviteeId))
    .orderBy(desc(needInvitations.invitedAt), desc(needInvitations.id))
    .limit(limit);
}

// --- events --------------------------------------------------------------------------------

export async function insertEvent(db: Db, row: typeof needEvents.$inferInsert): Promise<void> {
  await db.insert(needEvents).values(row);
}

const STATUS_ORDER = sql.raw(
  `ARRAY['draft','published','claimed','scheduled','in_progress','done','confirmed','rated','cancelled','expired']::text[]`,
);

export async function findEvents(db: Db, needId: string): Promise<EventRow[]> {
  return db.select().from(needEvents).where(eq(needEvents.needId, needId)).orderBy(
    asc(needEvents.at),
    // Steps recorded within the same instant still read in the need's lifecycle.
    sql`array_position(${STATUS_ORDER}, ${needEvents.toStatus})`,
    asc(needEvents.id),
  );
}

// --- proposals -----------------------------------------------------------------------------

export async function insertProposal(
  db: Db,
  row: typeof matchProposals.$inferInsert,
  items: (typeof matchProposalItems.$inferInsert)[],
): Promise<void> {
  await db.insert(matchProposals).values(row);
  for (let i = 0; i < items.length; i += 2000)
    await db.insert(matchProposalItems).values(items.slice(i, i + 2000));
}

export async function findProposal(db: Db, id: string, lock = false): Promise<ProposalRow | undefined> {
  const q = db.select().from(matchProposals).where(eq(matchProposals.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findProposalItems(db: Db, id: string): Promise<ProposalItemRow[]> {
  return db
    .select()
    .from(matchProposalItems)
    .where(eq(matchProposalItems.proposalId, id))
    .orderBy(asc(matchProposalItems.needId), asc(matchProposalItems.cost));
}

export async function updateProposal(
  db: Db,
  id: string,
  patch: Partial<typeof matchProposals.$inferInsert>,
): Promise<void> {
  await db.update(matchProposals).set(patch).where(eq(matchProposals.id, id));
}
