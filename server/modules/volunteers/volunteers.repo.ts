import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { scopeSql } from '../../platform/access.ts';
import type { Db } from '../../platform/db/index.ts';
import { pgArray, queryOne, queryRows, toDateOrNull, toDateString, toIso } from '../../platform/db/rows.ts';
import { prefixRange } from '../registry/index.ts';
import {
  volunteerPointSettings,
  volunteers,
  volunteerTeamMembers,
  volunteerTeams,
} from './volunteers.schema.ts';

/**
 * All SQL of the volunteers module. Writes touch only its own tables; value moves only through
 * the ledger's API. Reads join `persons` for the masked copy of the person (name, masked ID and
 * phone, birth date), as lists of people do elsewhere, and read `ledger_transfers` /
 * `ledger_accounts` in bulk where the expiry run or an award needs many transfers by key.
 */

type Raw = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);
const numOrNull = (v: unknown) => (v == null ? null : Number(v));

export type VolunteerRow = typeof volunteers.$inferSelect;
export type VolunteerInsert = typeof volunteers.$inferInsert;
export type TeamRow = typeof volunteerTeams.$inferSelect;
export type TeamInsert = typeof volunteerTeams.$inferInsert;
export type MemberRow = typeof volunteerTeamMembers.$inferSelect;
export type SettingRow = typeof volunteerPointSettings.$inferSelect;

export async function lockKey(db: Db, key: string): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`);
}

// ---- persons (read-only) ---------------------------------------------------------------------

export interface PersonFacts {
  id: string;
  name: string;
  idMasked: string;
  sex: 'M' | 'F';
  birthDate: string;
  phoneMasked: string | null;
  areaCode: string;
  deceasedOn: string | null;
}

const toPerson = (r: Raw): PersonFacts => ({
  id: String(r.id),
  name: String(r.name),
  idMasked: String(r.id_masked),
  sex: String(r.sex) as 'M' | 'F',
  birthDate: toDateString(r.birth_date),
  phoneMasked: r.phone_masked == null ? null : String(r.phone_masked),
  areaCode: String(r.area_code),
  deceasedOn: toDateOrNull(r.deceased_on),
});

/** The person when their residence is in `scope` (null: any). */
export async function findPerson(
  db: Db,
  scope: string[] | null,
  id: string,
): Promise<PersonFacts | undefined> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT p.id, p.name, p.id_masked, p.sex, p.birth_date, p.phone_masked, p.area_code, p.deceased_on
        FROM persons p WHERE p.id = ${id}::uuid ${scope ? sql`AND ${scopeSql(scope, sql`p.area_code`)}` : sql``}`,
  );
  return r ? toPerson(r) : undefined;
}

/** The living-arrangement value valid on `day` (not a sensitive fact). */
export async function livingArrangement(db: Db, personId: string, day: string): Promise<string | null> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT f.value->>'arrangement' AS arrangement FROM person_facts f
        WHERE f.person_id = ${personId}::uuid AND f.kind = 'living_arrangement'
          AND f.valid_from <= ${day}::date AND (f.valid_to IS NULL OR f.valid_to >= ${day}::date)
        ORDER BY f.valid_from DESC LIMIT 1`,
  );
  return r?.arrangement == null ? null : String(r.arrangement);
}

// ---- volunteers --------------------------------------------------------------------------------

export async function insertVolunteers(db: Db, rows: VolunteerInsert[]): Promise<void> {
  if (rows.length) await db.insert(volunteers).values(rows);
}

export async function findVolunteer(
  db: Db,
  scope: string[] | null,
  id: string,
  lock = false,
): Promise<VolunteerRow | undefined> {
  const conds: SQL[] = [eq(volunteers.id, id)];
  if (scope) conds.push(scopeSql(scope, volunteers.areaCode));
  const q = db
    .select()
    .from(volunteers)
    .where(and(...conds));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findVolunteerByPerson(db: Db, personId: string): Promise<VolunteerRow | undefined> {
  const [row] = await db.select().from(volunteers).where(eq(volunteers.personId, personId));
  return row;
}

export async function findVolunteerByUser(db: Db, userId: string): Promise<VolunteerRow | undefined> {
  const [row] = await db.select().from(volunteers).where(eq(volunteers.userId, userId));
  return row;
}

export async function findVolunteerByNo(db: Db, volunteerNo: string): Promise<VolunteerRow | undefined> {
  const [row] = await db.select().from(volunteers).where(eq(volunteers.volunteerNo, volunteerNo));
  return row;
}

/** The highest number ever issued in the district (rows are never deleted, so never reused). */
export async function highestVolunteerNo(db: Db, district: string): Promise<string | null> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT max(volunteer_no) AS no FROM volunteers WHERE volunteer_no LIKE ${`V${district}%`}`,
  );
  return r?.no == null ? null : String(r.no);
}

export async function updateVolunteerRow(
  db: Db,
  id: string,
  patch: Partial<VolunteerInsert>,
  at: Date,
): Promise<VolunteerRow> {
  const [row] = await db
    .update(volunteers)
    .set({ ...patch, updatedAt: at, version: sql`${volunteers.version} + 1` })
    .where(eq(volunteers.id, id))
    .returning();
  return row!;
}

export interface VolunteerSearch {
  scope: string[];
  skill?: string;
  partyMember?: boolean;
  status?: string;
  name?: string;
  noPrefix?: string;
  limit: number;
  offset: number;
}

export interface VolunteerListRow {
  id: string;
  volunteerNo: string;
  personId: string;
  name: string;
  idMasked: string;
  sex: 'M' | 'F';
  birthDate: string;
  areaCode: string;
  skills: string[];
  partyMember: boolean;
  status: string;
  totalMinutes: number;
  registeredAt: string;
}

const listColumns = sql`v.id, v.volunteer_no, v.person_id, p.name, p.id_masked, p.sex, p.birth_date,
  v.area_code, v.skills, v.party_member, v.status, v.total_minutes, v.registered_at`;

const toListRow = (r: Raw): VolunteerListRow => ({
  id: String(r.id),
  volunteerNo: String(r.volunteer_no),
  personId: String(r.person_id),
  name: String(r.name),
  idMasked: String(r.id_masked),
  sex: String(r.sex) as 'M' | 'F',
  birthDate: toDateString(r.birth_date),
  areaCode: String(r.area_code),
  skills: (r.skills as string[] | null) ?? [],
  partyMember: Boolean(r.party_member),
  status: String(r.status),
  totalMinutes: num(r.total_minutes),
  registeredAt: toIso(r.registered_at),
});

export async function searchVolunteers(
  db: Db,
  s: VolunteerSearch,
): Promise<{ rows: VolunteerListRow[]; total: number }> {
  const conds: SQL[] = [scopeSql(s.scope, sql`v.area_code`)];
  if (s.skill) conds.push(sql`v.skills @> ARRAY[${s.skill}]::text[]`);
  if (s.partyMember !== undefined) conds.push(sql`v.party_member = ${s.partyMember}`);
  if (s.status) conds.push(sql`v.status = ${s.status}`);
  if (s.noPrefix) conds.push(sql`v.volunteer_no LIKE ${`${s.noPrefix}%`}`);
  if (s.name) {
    // The C-collation range the registry's name index serves.
    const r = prefixRange(s.name);
    conds.push(sql`p.name COLLATE "C" >= ${r.lo} AND p.name COLLATE "C" < ${r.hi}`);
  }
  const where = sql.join(conds, sql` AND `);
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT ${listColumns} FROM volunteers v JOIN persons p ON p.id = v.person_id
        WHERE ${where}
        ORDER BY v.area_code, p.name COLLATE "C", v.id
        LIMIT ${s.limit} OFFSET ${s.offset}`,
  );
  const c = await queryOne<Raw>(
    db,
    sql`SELECT count(*)::int AS n FROM volunteers v JOIN persons p ON p.id = v.person_id WHERE ${where}`,
  );
  return { rows: rows.map(toListRow), total: num(c?.n) };
}

/** The brief other modules read (matching, needs, activities): one row per volunteer. */
export interface BriefRow {
  id: string;
  personId: string;
  volunteerNo: string;
  name: string;
  areaCode: string;
  skills: string[];
  partyMember: boolean;
  status: string;
  userId: string | null;
  lat: number | null;
  lng: number | null;
  availability: number;
  totalMinutes: number;
}

const briefColumns = sql`v.id, v.person_id, v.volunteer_no, p.name, v.area_code, v.skills, v.party_member,
  v.status, v.user_id, v.lat, v.lng, v.availability, v.total_minutes`;

const toBrief = (r: Raw): BriefRow => ({
  id: String(r.id),
  personId: String(r.person_id),
  volunteerNo: String(r.volunteer_no),
  name: String(r.name),
  areaCode: String(r.area_code),
  skills: (r.skills as string[] | null) ?? [],
  partyMember: Boolean(r.party_member),
  status: String(r.status),
  userId: r.user_id == null ? null : String(r.user_id),
  lat: numOrNull(r.lat),
  lng: numOrNull(r.lng),
  availability: num(r.availability),
  totalMinutes: num(r.total_minutes),
});

export async function findBriefs(db: Db, ids: string[]): Promise<BriefRow[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT ${briefColumns} FROM volunteers v JOIN persons p ON p.id = v.person_id
        WHERE v.id = ANY(${pgArray([...new Set(ids)], 'uuid')})`,
  );
  return rows.map(toBrief);
}

export async function findBriefOfUser(db: Db, userId: string): Promise<BriefRow | undefined> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT ${briefColumns} FROM volunteers v JOIN persons p ON p.id = v.person_id
        WHERE v.user_id = ${userId}::uuid`,
  );
  return r ? toBrief(r) : undefined;
}

/** Open claims and sign-ups: never below zero. */
export async function addCommitments(db: Db, ids: string[], delta: number, at: Date): Promise<void> {
  if (ids.length === 0 || delta === 0) return;
  await db.execute(
    sql`UPDATE volunteers SET open_commitments = GREATEST(0, open_commitments + ${delta}), updated_at = ${at}
        WHERE id = ANY(${pgArray([...new Set(ids)], 'uuid')})`,
  );
}

export async function addRatings(db: Db, ids: string[], stars: number, at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(
    sql`UPDATE volunteers SET rating_sum = rating_sum + ${stars}, rating_count = rating_count + 1, updated_at = ${at}
        WHERE id = ANY(${pgArray([...new Set(ids)], 'uuid')})`,
  );
}

/** Adds (or, negative, removes) confirmed minutes; never below zero. */
export async function addMinutes(
  db: Db,
  id: string,
  minutes: number,
  servedAt: Date | null,
  at: Date,
): Promise<void> {
  await db.execute(
    sql`UPDATE volunteers SET total_minutes = GREATEST(0, total_minutes + ${minutes}),
          last_served_at = CASE WHEN ${servedAt}::timestamptz IS NULL THEN last_served_at
                                ELSE GREATEST(last_served_at, ${servedAt}::timestamptz) END,
          updated_at = ${at}
        WHERE id = ${id}::uuid`,
  );
}

export async function findUsernames(db: Db, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT id, username FROM users WHERE id = ANY(${pgArray(userIds, 'uuid')})`,
  );
  return new Map(rows.map((r) => [String(r.id), String(r.username)]));
}

/** Persons aged 18–75 alive on `today` (the demo picks its volunteers among them). */
export async function findAdults(
  db: Db,
  bornFrom: string,
  bornTo: string,
): Promise<{ id: string; areaCode: string; birthDate: string; sex: 'M' | 'F' }[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT p.id, p.area_code, p.birth_date, p.sex FROM persons p
        WHERE p.birth_date BETWEEN ${bornFrom}::date AND ${bornTo}::date AND p.deceased_on IS NULL
        ORDER BY p.id`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    areaCode: String(r.area_code),
    birthDate: toDateString(r.birth_date),
    sex: String(r.sex) as 'M' | 'F',
  }));
}

export async function findAllVolunteerPersons(db: Db): Promise<Set<string>> {
  const rows = await queryRows<Raw>(db, sql`SELECT person_id FROM volunteers`);
  return new Set(rows.map((r) => String(r.person_id)));
}

// ---- teams -------------------------------------------------------------------------------------

export async function insertTeams(db: Db, rows: TeamInsert[]): Promise<void> {
  if (rows.length) await db.insert(volunteerTeams).values(rows);
}

export async function findTeam(
  db: Db,
  scope: string[] | null,
  id: string,
  lock = false,
): Promise<TeamRow | undefined> {
  const conds: SQL[] = [eq(volunteerTeams.id, id)];
  if (scope) conds.push(scopeSql(scope, volunteerTeams.areaCode));
  const q = db
    .select()
    .from(volunteerTeams)
    .where(and(...conds));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateTeamRow(
  db: Db,
  id: string,
  patch: Partial<TeamInsert>,
  at: Date,
): Promise<TeamRow> {
  const [row] = await db
    .update(volunteerTeams)
    .set({ ...patch, updatedAt: at, version: sql`${volunteerTeams.version} + 1` })
    .where(eq(volunteerTeams.id, id))
    .returning();
  return row!;
}

/** Keeps member_count equal to the members (one statement, under the team's row lock). */
export async function recountMembers(db: Db, teamIds: string[]): Promise<void> {
  if (teamIds.length === 0) return;
  await db.execute(
    sql`UPDATE volunteer_teams t SET member_count =
          (SELECT count(*)::int FROM volunteer_team_members m WHERE m.team_id = t.id)
        WHERE t.id = ANY(${pgArray(teamIds, 'uuid')})`,
  );
}

export async function searchTeams(
  db: Db,
  s: {
    scope: string[];
    level?: string;
    status?: string;
    orgId?: string;
    q?: string;
    limit: number;
    offset: number;
  },
): Promise<{ rows: TeamRow[]; total: number }> {
  const conds: SQL[] = [scopeSql(s.scope, volunteerTeams.areaCode)];
  if (s.level) conds.push(eq(volunteerTeams.level, s.level));
  if (s.status) conds.push(eq(volunteerTeams.status, s.status));
  if (s.orgId) conds.push(eq(volunteerTeams.orgId, s.orgId));
  if (s.q) conds.push(sql`${volunteerTeams.name} LIKE ${`%${s.q.replace(/[%_\\]/g, '\\$&')}%`}`);
  const where = and(...conds);
  const rows = await db
    .select()
    .from(volunteerTeams)
    .where(where)
    .orderBy(
      asc(volunteerTeams.areaCode),
      asc(volunteerTeams.level),
      asc(volunteerTeams.name),
      asc(volunteerTeams.id),
    )
    .limit(s.limit)
    .offset(s.offset);
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(volunteerTeams).where(where);
  return { rows, total: num(c?.n) };
}

export interface MemberView {
  volunteerId: string;
  volunteerNo: string;
  name: string;
  areaCode: string;
  role: string;
  status: string;
  joinedAt: string;
}

export async function findMembers(db: Db, teamId: string): Promise<MemberView[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT m.volunteer_id, v.volunteer_no, p.name, v.area_code, m.role, v.status, m.joined_at
        FROM volunteer_team_members m
        JOIN volunteers v ON v.id = m.volunteer_id
        JOIN persons p ON p.id = v.person_id
        WHERE m.team_id = ${teamId}::uuid
        ORDER BY (m.role = 'leader') DESC, p.name COLLATE "C", m.volunteer_id`,
  );
  return rows.map((r) => ({
    volunteerId: String(r.volunteer_id),
    volunteerNo: String(r.volunteer_no),
    name: String(r.name),
    areaCode: String(r.area_code),
    role: String(r.role),
    status: String(r.status),
    joinedAt: toIso(r.joined_at),
  }));
}

export async function findMember(
  db: Db,
  teamId: string,
  volunteerId: string,
): Promise<MemberRow | undefined> {
  const [row] = await db
    .select()
    .from(volunteerTeamMembers)
    .where(and(eq(volunteerTeamMembers.teamId, teamId), eq(volunteerTeamMembers.volunteerId, volunteerId)));
  return row;
}

export async function insertMembers(
  db: Db,
  rows: (typeof volunteerTeamMembers.$inferInsert)[],
): Promise<void> {
  if (rows.length) await db.insert(volunteerTeamMembers).values(rows).onConflictDoNothing();
}

export async function deleteMember(db: Db, teamId: string, volunteerId: string): Promise<void> {
  await db
    .delete(volunteerTeamMembers)
    .where(and(eq(volunteerTeamMembers.teamId, teamId), eq(volunteerTeamMembers.volunteerId, volunteerId)));
}

export async function setMemberRole(
  db: Db,
  teamId: string,
  volunteerId: string,
  role: string,
): Promise<void> {
  await db
    .update(volunteerTeamMembers)
    .set({ role })
    .where(and(eq(volunteerTeamMembers.teamId, teamId), eq(volunteerTeamMembers.volunteerId, volunteerId)));
}

export interface TeamOfVolunteer {
  id: string;
  name: string;
  level: string;
  role: string;
  status: string;
}

export async function findTeamsOfVolunteer(db: Db, volunteerId: string): Promise<TeamOfVolunteer[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT t.id, t.name, t.level, m.role, t.status FROM volunteer_team_members m
        JOIN volunteer_teams t ON t.id = m.team_id
        WHERE m.volunteer_id = ${volunteerId}::uuid
        ORDER BY t.status, t.level, t.name`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    level: String(r.level),
    role: String(r.role),
    status: String(r.status),
  }));
}

export async function findMemberIds(
  db: Db,
  teamId: string,
): Promise<{ volunteerId: string; role: string }[]> {
  const rows = await db
    .select({ volunteerId: volunteerTeamMembers.volunteerId, role: volunteerTeamMembers.role })
    .from(volunteerTeamMembers)
    .where(eq(volunteerTeamMembers.teamId, teamId))
    .orderBy(asc(volunteerTeamMembers.volunteerId));
  return rows;
}

// ---- point settings ----------------------------------------------------------------------------

export async function findSettings(db: Db): Promise<SettingRow[]> {
  return db.select().from(volunteerPointSettings).orderBy(asc(volunteerPointSettings.validFrom));
}

/** Inserts the version unless the table already holds one; true when it was inserted. */
export async function insertSettingIfNone(db: Db, row: typeof volunteerPointSettings.$inferInsert) {
  const r = await queryRows<Raw>(
    db,
    sql`INSERT INTO volunteer_point_settings (id, valid_from, points_per_hour, category_coefficients,
          tier_coefficients, cap_minutes_per_activity, red_points_per_hour, expiry_months,
          time_bank_cap_minutes, note, created_by, created_at)
        SELECT ${row.id}::uuid, ${row.validFrom}::date, ${row.pointsPerHour},
          ${JSON.stringify(row.categoryCoefficients)}::jsonb, ${JSON.stringify(row.tierCoefficients)}::jsonb,
          ${row.capMinutesPerActivity}, ${row.redPointsPerHour}, ${row.expiryMonths},
          ${row.timeBankCapMinutes}, ${row.note ?? null}, ${row.createdBy ?? null}, ${row.createdAt ?? new Date()}
        WHERE NOT EXISTS (SELECT 1 FROM volunteer_point_settings)
        ON CONFLICT DO NOTHING
        RETURNING id`,
  );
  return r.length > 0;
}

export async function insertSetting(db: Db, row: typeof volunteerPointSettings.$inferInsert): Promise<void> {
  await db.insert(volunteerPointSettings).values(row);
}

// ---- ledger reads (bulk) ----------------------------------------------------------------------

export interface TransferRef {
  id: string;
  key: string;
  amount: number;
  code: string;
  debitAccountId: string;
  creditAccountId: string;
  refType: string | null;
  refId: string | null;
  memo: string | null;
  at: string;
  reversedBy: string | null;
}

const toRef = (r: Raw): TransferRef => ({
  id: String(r.id),
  key: String(r.idempotency_key),
  amount: num(r.amount),
  code: String(r.code),
  debitAccountId: String(r.debit_account_id),
  creditAccountId: String(r.credit_account_id),
  refType: r.ref_type == null ? null : String(r.ref_type),
  refId: r.ref_id == null ? null : String(r.ref_id),
  memo: r.memo == null ? null : String(r.memo),
  at: toIso(r.at),
  reversedBy: r.reversed_by == null ? null : String(r.reversed_by),
});

/** Transfers by idempotency key, each with the id of its reversal if it has one. */
export async function transfersByKeys(db: Db, keys: string[]): Promise<Map<string, TransferRef>> {
  if (keys.length === 0) return new Map();
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT t.*, (SELECT r.id FROM ledger_transfers r WHERE r.reversal_of = t.id) AS reversed_by
        FROM ledger_transfers t WHERE t.idempotency_key = ANY(${pgArray(keys, 'text')})`,
  );
  return new Map(rows.map((r) => [String(r.idempotency_key), toRef(r)]));
}

/**
 * Minutes already deposited for a volunteer's records of one activity and not reversed: the
 * time-bank deposits credited to the account with the activity as their reference.
 */
export async function depositedForActivity(db: Db, accountId: string, activityId: string): Promise<number> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT coalesce(sum(t.amount), 0)::bigint AS n FROM ledger_transfers t
        WHERE t.ref_type = 'activity' AND t.ref_id = ${activityId} AND t.credit_account_id = ${accountId}::uuid
          AND t.code = 'vtime.earn'
          AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.reversal_of = t.id)`,
  );
  return num(r?.n);
}

/** Reversals of transfers credited to this account (voided redemptions), by original id. */
export async function reversalsOf(db: Db, ids: string[]): Promise<Map<string, TransferRef>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT t.*, NULL AS reversed_by FROM ledger_transfers t
        WHERE t.reversal_of = ANY(${pgArray(ids, 'uuid')})`,
  );
  return new Map(rows.map((r) => [String(r.reversal_of), toRef(r)]));
}

export interface PointsAccount {
  accountId: string;
  personId: string;
}

/** Volunteers' points accounts with something available, in owner order after `cursor`. */
export async function pointsAccountsWithCredit(
  db: Db,
  cursor: string | null,
  limit: number,
): Promise<PointsAccount[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT a.id, a.owner_id FROM ledger_accounts a
        WHERE a.owner_type = 'person' AND a.unit = 'point' AND a.kind = 'volunteer_points'
          AND a.credits_posted - a.debits_posted - a.debits_pending > 0
          ${cursor ? sql`AND a.owner_id > ${cursor}` : sql``}
        ORDER BY a.owner_id LIMIT ${limit}`,
  );
  return rows.map((r) => ({ accountId: String(r.id), personId: String(r.owner_id) }));
}

export async function countPointsAccountsWithCredit(db: Db): Promise<number> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT count(*)::int AS n FROM ledger_accounts a
        WHERE a.owner_type = 'person' AND a.unit = 'point' AND a.kind = 'volunteer_points'
          AND a.credits_posted - a.debits_posted - a.debits_pending > 0`,
  );
  return num(r?.n);
}

/** Locks the accounts (in id order, as the ledger's functions do) and returns what is available. */
export async function lockAvailable(db: Db, accountIds: string[]): Promise<Map<string, number>> {
  if (accountIds.length === 0) return new Map();
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT id, credits_posted - debits_posted - debits_pending AS available FROM ledger_accounts
        WHERE id = ANY(${pgArray(accountIds, 'uuid')}) ORDER BY id FOR UPDATE`,
  );
  return new Map(rows.map((r) => [String(r.id), num(r.available)]));
}

/** Points earned on these accounts and not reversed, with the time they were earned. */
export async function earningsOf(
  db: Db,
  accountIds: string[],
): Promise<{ accountId: string; amount: number; at: Date }[]> {
  if (accountIds.length === 0) return [];
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT t.credit_account_id, t.amount, t.at FROM ledger_transfers t
        WHERE t.credit_account_id = ANY(${pgArray(accountIds, 'uuid')}) AND t.code = 'vpoints.earn'
          AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.reversal_of = t.id)`,
  );
  return rows.map((r) => ({
    accountId: String(r.credit_account_id),
    amount: num(r.amount),
    at: new Date(toIso(r.at)),
  }));
}

// ---- service points (read-only) ---------------------------------------------------------------

/**
 * The open service points these organisations run (a redemption merchant is an organisation
 * with one). Read here rather than through the service-points module's list, which pages the
 * whole district by area and cannot filter by operator.
 */
export async function openPointsOfOrgs(
  db: Db,
  orgIds: string[],
  today: string,
): Promise<{ id: string; name: string; orgId: string }[]> {
  if (orgIds.length === 0) return [];
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT id, name, org_id FROM service_points
        WHERE org_id = ANY(${pgArray(orgIds, 'uuid')}) AND (closed_on IS NULL OR closed_on > ${today}::date)
        ORDER BY name, id`,
  );
  return rows.map((r) => ({ id: String(r.id), name: String(r.name), orgId: String(r.org_id) }));
}

/**
 * A community's centre for distances: the mean position of its open service points that have
 * coordinates (party-mass centre, volunteer home, care centre … sit around it). Null when none.
 */
export async function communityCentres(
  db: Db,
  areaCodes: string[] | null,
  today: string,
): Promise<Map<string, { lat: number; lng: number }>> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT area_code, avg(lat) AS lat, avg(lng) AS lng FROM service_points
        WHERE lat IS NOT NULL AND lng IS NOT NULL AND (closed_on IS NULL OR closed_on > ${today}::date)
          ${areaCodes ? sql`AND area_code = ANY(${pgArray(areaCodes, 'bpchar')})` : sql``}
        GROUP BY area_code`,
  );
  return new Map(
    rows.map((r) => [
      String(r.area_code),
      { lat: Math.round(Number(r.lat) * 1e6) / 1e6, lng: Math.round(Number(r.lng) * 1e6) / 1e6 },
    ]),
  );
}
