import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { pgArray, queryRows, type UnnestColumn, unnestColumns } from '../../platform/db/rows.ts';
import {
  programmeEnrolments,
  programmes,
  programmeVersions,
  ruleParams,
  ruleParamValues,
  screeningRuns,
  worklistItems,
} from './eligibility.schema.ts';

export type ProgrammeRow = typeof programmes.$inferSelect;
export type VersionRow = typeof programmeVersions.$inferSelect;
export type ItemRow = typeof worklistItems.$inferSelect;
export type RunRow = typeof screeningRuns.$inferSelect;

export async function listProgrammes(db: Db): Promise<ProgrammeRow[]> {
  return db
    .select()
    .from(programmes)
    .orderBy(asc(programmes.kind), asc(programmes.createdAt), asc(programmes.code));
}

export async function findProgramme(db: Db, code: string): Promise<ProgrammeRow | undefined> {
  return (await db.select().from(programmes).where(eq(programmes.code, code)))[0];
}

export async function insertProgrammes(db: Db, rows: (typeof programmes.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(programmes).values(rows).onConflictDoNothing();
}

export async function listVersions(db: Db, code?: string): Promise<VersionRow[]> {
  const q = db.select().from(programmeVersions);
  return (code ? q.where(eq(programmeVersions.programmeCode, code)) : q).orderBy(
    asc(programmeVersions.programmeCode),
    desc(programmeVersions.version),
  );
}

export async function findVersion(db: Db, id: string): Promise<VersionRow | undefined> {
  return (await db.select().from(programmeVersions).where(eq(programmeVersions.id, id)))[0];
}

export async function lockProgramme(db: Db, code: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`programme:${code}`}))`);
}

export async function nextVersionNo(db: Db, code: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select coalesce(max(version), 0)::int + 1 as n from programme_versions where programme_code = ${code}`,
  );
  return rows[0]?.n ?? 1;
}

export async function insertVersion(db: Db, row: typeof programmeVersions.$inferInsert): Promise<void> {
  await db.insert(programmeVersions).values(row);
}

export async function updateVersion(
  db: Db,
  id: string,
  patch: Partial<typeof programmeVersions.$inferInsert>,
): Promise<void> {
  await db.update(programmeVersions).set(patch).where(eq(programmeVersions.id, id));
}

export async function listParams(db: Db) {
  const params = await db.select().from(ruleParams).orderBy(asc(ruleParams.code));
  const values = await db
    .select()
    .from(ruleParamValues)
    .orderBy(asc(ruleParamValues.paramCode), asc(ruleParamValues.validFrom));
  return { params, values };
}

export async function insertParams(db: Db, rows: (typeof ruleParams.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(ruleParams).values(rows).onConflictDoNothing();
}

/** Serialises the creation of parameters, so two officers cannot take the same code or name at once. */
export async function lockParams(db: Db): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('rule_params'))`);
}

export async function insertParam(db: Db, row: typeof ruleParams.$inferInsert): Promise<void> {
  await db.insert(ruleParams).values(row);
}

export async function upsertParamValue(db: Db, row: typeof ruleParamValues.$inferInsert): Promise<void> {
  await db
    .insert(ruleParamValues)
    .values(row)
    .onConflictDoUpdate({
      target: [ruleParamValues.paramCode, ruleParamValues.validFrom],
      set: { value: row.value, note: row.note, createdBy: row.createdBy, createdAt: row.createdAt },
    });
}

export async function insertParamValues(
  db: Db,
  rows: (typeof ruleParamValues.$inferInsert)[],
): Promise<void> {
  if (rows.length) await db.insert(ruleParamValues).values(rows).onConflictDoNothing();
}

/** Person ids enrolled in each programme on a date, within an area prefix. */
export async function enrolledOn(
  db: Db,
  asOf: string,
  prefix: string,
  codes: string[],
  personIds?: string[],
) {
  const rows = await queryRows<{ person_id: string; programme_code: string }>(
    db,
    sql`select person_id, programme_code from programme_enrolments
        where programme_code = any(${pgArray(codes, 'text')})
          and valid_from <= ${asOf}::date and (valid_to is null or valid_to >= ${asOf}::date)
          and area_code like ${`${prefix}%`}
          ${personIds ? sql`and person_id = any(${pgArray(personIds, 'uuid')})` : sql``}`,
  );
  return rows;
}

export async function insertEnrolments(
  db: Db,
  rows: (typeof programmeEnrolments.$inferInsert)[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000)
    await db.insert(programmeEnrolments).values(rows.slice(i, i + 2000));
}

export async function countEnrolled(db: Db, asOf: string): Promise<Map<string, number>> {
  const rows = await queryRows<{ programme_code: string; n: number }>(
    db,
    sql`select programme_code, count(*)::int as n from programme_enrolments
        where valid_from <= ${asOf}::date and (valid_to is null or valid_to >= ${asOf}::date) group by 1`,
  );
  return new Map(rows.map((r) => [r.programme_code, r.n]));
}

export async function countOpenItems(db: Db): Promise<Map<string, number>> {
  const rows = await queryRows<{ programme_code: string; n: number }>(
    db,
    sql`select programme_code, count(*)::int as n from worklist_items where status in ('open', 'in_progress') group by 1`,
  );
  return new Map(rows.map((r) => [r.programme_code, r.n]));
}

export interface OpenItem {
  id: string;
  person_id: string;
  programme_code: string;
  kind: string;
}

export async function openItems(
  db: Db,
  prefix: string,
  codes: string[],
  personIds?: string[],
): Promise<OpenItem[]> {
  return queryRows<OpenItem>(
    db,
    sql`select id, person_id, programme_code, kind from worklist_items
        where status in ('open', 'in_progress') and programme_code = any(${pgArray(codes, 'text')})
          and area_code like ${`${prefix}%`}
          ${personIds ? sql`and person_id = any(${pgArray(personIds, 'uuid')})` : sql``}`,
  );
}

const iso = (d: Date | undefined) => (d ?? new Date()).toISOString();
const ITEM_COLUMNS: UnnestColumn<typeof worklistItems.$inferInsert>[] = [
  ['person_id', 'uuid', (r) => r.personId],
  ['id', 'uuid', (r) => r.id],
  ['programme_code', 'text', (r) => r.programmeCode],
  ['kind', 'text', (r) => r.kind],
  ['area_code', 'bpchar', (r) => r.areaCode],
  ['status', 'text', (r) => r.status],
  ['tier', 'text', (r) => r.tier ?? null],
  ['due_on', 'date', (r) => r.dueOn ?? null],
  ['version_id', 'uuid', (r) => r.versionId],
  ['as_of', 'date', (r) => r.asOf],
  ['decision', 'int', (r) => r.decision],
  ['amount', 'bigint', (r) => r.amount ?? 0],
  ['explanation', 'jsonb', (r) => JSON.stringify(r.explanation)],
  ['run_id', 'uuid', (r) => r.runId ?? null],
  ['created_at', 'timestamptz', (r) => iso(r.createdAt as Date | undefined)],
  ['updated_at', 'timestamptz', (r) => iso(r.updatedAt as Date | undefined)],
];

/** New items, 10,000 per statement as column arrays (a first screening writes tens of thousands). */
export async function insertItems(db: Db, rows: (typeof worklistItems.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 10_000) {
    const { names, arrays } = unnestColumns(rows.slice(i, i + 10_000), ITEM_COLUMNS);
    await db.execute(sql`insert into worklist_items (${names}) select * from unnest(${arrays})`);
  }
}

/** Closes items the facts no longer support ("resolved" by a screening, not by a worker). */
export async function resolveItems(db: Db, ids: string[], at: Date, note: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 5000) {
    await db
      .update(worklistItems)
      .set({ status: 'resolved', closedAt: at, updatedAt: at, result: note })
      .where(
        and(
          inArray(worklistItems.id, ids.slice(i, i + 5000)),
          inArray(worklistItems.status, ['open', 'in_progress']),
        ),
      );
  }
}

export async function insertRun(db: Db, row: typeof screeningRuns.$inferInsert): Promise<void> {
  await db.insert(screeningRuns).values(row);
}

export async function updateRun(
  db: Db,
  id: string,
  patch: Partial<typeof screeningRuns.$inferInsert>,
): Promise<void> {
  await db.update(screeningRuns).set(patch).where(eq(screeningRuns.id, id));
}

export async function findRun(db: Db, id: string): Promise<RunRow | undefined> {
  return (await db.select().from(screeningRuns).where(eq(screeningRuns.id, id)))[0];
}

export async function listRuns(db: Db, prefixes: string[], limit = 50): Promise<RunRow[]> {
  const rows = await db.select().from(screeningRuns).orderBy(desc(screeningRuns.startedAt)).limit(500);
  return rows
    .filter((r) => prefixes.some((p) => r.areaCode.startsWith(p) || p.startsWith(areaPrefixOf(r.areaCode))))
    .slice(0, limit);
}

function areaPrefixOf(code: string): string {
  let c = code;
  while (c.length > 6 && c.endsWith('000')) c = c.slice(0, -3);
  return c;
}

/**
 * A run still going on the same area (two runs of one area would raise the same items twice).
 * A run that has not moved for 15 minutes was interrupted (its process stopped): it is marked
 * failed, and its streets' work, each committed on its own, stays.
 */
export async function runningRun(db: Db, areaCode: string, now: Date): Promise<RunRow | undefined> {
  const rows = await db
    .select()
    .from(screeningRuns)
    .where(and(eq(screeningRuns.status, 'running'), eq(screeningRuns.areaCode, areaCode)));
  for (const r of rows) {
    const last = r.heartbeatAt ?? r.startedAt;
    if (now.getTime() - new Date(last).getTime() < 15 * 60_000) return r;
    await db
      .update(screeningRuns)
      .set({ status: 'failed', error: 'interrupted', finishedAt: now })
      .where(eq(screeningRuns.id, r.id));
  }
  return undefined;
}

export interface ItemListRow extends ItemRow {
  person_name: string;
  id_masked: string;
  area_name: string;
}

export async function listItems(
  db: Db,
  prefixes: string[],
  f: { programme?: string; kind?: string; status: string; area?: string },
  limit: number,
  offset: number,
): Promise<{ rows: Record<string, unknown>[]; total: number }> {
  const scope = sql.join(
    prefixes.map((p) => sql`w.area_code like ${`${p}%`}`),
    sql` or `,
  );
  const status =
    f.status === 'active' ? sql`w.status in ('open', 'in_progress')` : sql`w.status = ${f.status}`;
  const where = sql`(${scope}) and ${status}
    ${f.programme ? sql`and w.programme_code = ${f.programme}` : sql``}
    ${f.kind ? sql`and w.kind = ${f.kind}` : sql``}
    ${f.area ? sql`and w.area_code like ${`${f.area}%`}` : sql``}`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select w.*, p.name as person_name, p.id_masked, coalesce(a.name, w.area_code) as area_name,
          pr.name_zh as programme_zh, pr.name_en as programme_en
        from worklist_items w
        join persons p on p.id = w.person_id
        left join programmes pr on pr.code = w.programme_code
        left join lateral (select name from area_names n where n.code = w.area_code order by n.valid_from desc limit 1) a on true
        where ${where}
        order by case w.tier when 'red' then 0 when 'yellow' then 1 else 2 end, w.due_on nulls last, w.created_at desc, w.id
        limit ${limit} offset ${offset}`,
  );
  const total = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from worklist_items w where ${where} limit 2000) x`,
  );
  return { rows, total: total[0]?.n ?? 0 };
}

export async function findItem(db: Db, id: string): Promise<Record<string, unknown> | undefined> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select w.*, p.name as person_name, p.id_masked, coalesce(a.name, w.area_code) as area_name,
          pr.name_zh as programme_zh, pr.name_en as programme_en
        from worklist_items w
        join persons p on p.id = w.person_id
        left join programmes pr on pr.code = w.programme_code
        left join lateral (select name from area_names n where n.code = w.area_code order by n.valid_from desc limit 1) a on true
        where w.id = ${id}`,
  );
  return rows[0];
}

export async function updateItem(
  db: Db,
  personId: string,
  id: string,
  patch: Partial<ItemRow>,
): Promise<void> {
  await db
    .update(worklistItems)
    .set(patch)
    .where(and(eq(worklistItems.personId, personId), eq(worklistItems.id, id)));
}

/** Street codes (9 digits) under an area prefix. */
export async function streetsUnder(db: Db, prefix: string): Promise<string[]> {
  const rows = await queryRows<{ code: string }>(
    db,
    sql`select distinct street_code as code from persons where street_code like ${`${prefix.slice(0, 9)}%`} order by 1`,
  );
  return rows.map((r) => r.code);
}

export async function areaNames(db: Db): Promise<Map<string, string>> {
  const rows = await queryRows<{ code: string; name: string }>(
    db,
    sql`select distinct on (code) code, name from area_names order by code, valid_from desc`,
  );
  return new Map(rows.map((r) => [r.code.trim(), r.name]));
}

/** Open alerts past their deadline that can still move up a level. */
export async function overdueAlertIds(db: Db, on: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from worklist_items
        where kind = 'alert' and status in ('open', 'in_progress') and due_on < ${on}::date and level <> 'district'
        order by due_on limit 1000`,
  );
  return rows.map((r) => r.id);
}
