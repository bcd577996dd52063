import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { scopeSql } from '../../platform/access.ts';
import type { Db } from '../../platform/db/index.ts';
import { households, personFacts, persons } from './registry.schema.ts';

export type PersonRow = typeof persons.$inferSelect;
export type PersonInsert = typeof persons.$inferInsert;
export type FactRow = typeof personFacts.$inferSelect;

/** What a list row shows: no ciphertexts, which lists never need. */
const summaryColumns = {
  id: persons.id,
  name: persons.name,
  idMasked: persons.idMasked,
  sex: persons.sex,
  birthDate: persons.birthDate,
  phoneMasked: persons.phoneMasked,
  hukouLocal: persons.hukouLocal,
  areaCode: persons.areaCode,
  streetCode: persons.streetCode,
  address: persons.address,
  deceasedOn: persons.deceasedOn,
};
export type PersonSummaryRow = Pick<PersonRow, keyof typeof summaryColumns>;

/** Every read below carries the caller's area scope: the repository, not the route, filters. */
const inScope = (scope: string[]) => scopeSql(scope, persons.areaCode, persons.streetCode);

export async function findPerson(
  db: Db,
  scope: string[],
  id: string,
  lock = false,
): Promise<PersonRow | undefined> {
  const q = db
    .select()
    .from(persons)
    .where(and(eq(persons.id, id), inScope(scope)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** Duplicate check across the whole registry (a person may live outside the caller's area). */
export async function findPersonIdByIdHash(
  db: Db,
  idHash: string,
): Promise<{ id: string; idMasked: string; areaCode: string } | undefined> {
  const [row] = await db
    .select({ id: persons.id, idMasked: persons.idMasked, areaCode: persons.areaCode })
    .from(persons)
    .where(eq(persons.idHash, idHash));
  return row;
}

export async function findPersonsByIdHashes(db: Db, hashes: string[]) {
  if (!hashes.length) return [];
  return db
    .select({
      id: persons.id,
      idHash: persons.idHash,
      areaCode: persons.areaCode,
      version: persons.version,
      householdId: persons.householdId,
    })
    .from(persons)
    .where(inArray(persons.idHash, hashes));
}

export async function insertPersons(db: Db, rows: PersonInsert[]): Promise<void> {
  if (rows.length) await db.insert(persons).values(rows);
}

export async function updatePersonRow(db: Db, id: string, patch: Partial<PersonInsert>): Promise<PersonRow> {
  const [row] = await db
    .update(persons)
    .set({ ...patch, version: sql`${persons.version} + 1`, updatedAt: sql`now()` })
    .where(eq(persons.id, id))
    .returning();
  return row!;
}

export async function insertHouseholds(db: Db, rows: (typeof households.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(households).values(rows);
}

export async function findHousehold(db: Db, id: string) {
  const [row] = await db.select().from(households).where(eq(households.id, id));
  return row;
}

export interface MemberJson {
  id: string;
  name: string;
  idMasked: string;
  sex: string;
  birthDate: string;
  relation: string | null;
  deceasedOn: string | null;
}
export interface FactJson {
  personId: string;
  id: string;
  kind: string;
  value: Record<string, unknown>;
  validFrom: string;
  validTo: string | null;
  source: string;
  recordedBy: string;
  recordedAt: string;
  closedBy: string | null;
}

function personDetailQuery(db: Db, memberScope: SQL, personScope: SQL, id: SQL | string) {
  return db
    .select({
      ...summaryColumns,
      householdId: persons.householdId,
      relation: persons.relation,
      version: persons.version,
      createdAt: persons.createdAt,
      updatedAt: persons.updatedAt,
      members: sql<MemberJson[]>`coalesce((select json_agg(json_build_object('id', m.id, 'name', m.name,
        'idMasked', m.id_masked, 'sex', m.sex, 'birthDate', m.birth_date, 'relation', m.relation,
        'deceasedOn', m.deceased_on) order by m.birth_date, m.id)
        from persons m where m.household_id = "persons"."household_id" and ${memberScope}), '[]'::json)`,
      facts: sql<FactJson[]>`coalesce((select json_agg(json_build_object('personId', f.person_id, 'id', f.id,
        'kind', f.kind, 'value', f.value, 'validFrom', f.valid_from, 'validTo', f.valid_to, 'source', f.source,
        'recordedBy', f.recorded_by, 'recordedAt', f.recorded_at, 'closedBy', f.closed_by) order by f.kind, f.valid_from)
        from person_facts f where f.person_id = "persons"."id"), '[]'::json)`,
    })
    .from(persons)
    .where(and(eq(persons.id, id as string), personScope));
}

type ScopeLevel = 'district' | 'street' | 'community';
const levelOf = (prefix: string): ScopeLevel =>
  prefix.length >= 12 ? 'community' : prefix.length >= 9 ? 'street' : 'district';

function preparedDetail(db: Db, level: ScopeLevel) {
  const p = sql.placeholder('prefix');
  const [member, person] =
    level === 'community'
      ? [sql`m.area_code = ${p}`, sql`${persons.areaCode} = ${p}`]
      : level === 'street'
        ? [sql`m.street_code = ${p}`, sql`${persons.streetCode} = ${p}`]
        : [sql`m.area_code like ${p}`, sql`${persons.areaCode} like ${p}`];
  return personDetailQuery(db, member, person, sql.placeholder('id') as unknown as SQL).prepare(
    `person_detail_${level}`,
  );
}

const preparedByDb = new WeakMap<object, Map<ScopeLevel, ReturnType<typeof preparedDetail>>>();

/**
 * The resident page in one round trip: the person (without ciphertexts), the household members
 * in scope and every fact, aggregated as JSON by the database. A single-prefix scope (almost
 * every worker) runs as a prepared statement: built once per process, planned once per connection.
 */
export async function findPersonDetail(db: Db, scope: string[], id: string) {
  if (scope.length === 1) {
    const prefix = scope[0]!;
    const level = levelOf(prefix);
    let byLevel = preparedByDb.get(db);
    if (!byLevel) {
      byLevel = new Map();
      preparedByDb.set(db, byLevel);
    }
    let q = byLevel.get(level);
    if (!q) {
      q = preparedDetail(db, level);
      byLevel.set(level, q);
    }
    const [row] = await q.execute({ id, prefix: level === 'district' ? `${prefix}%` : prefix });
    return row;
  }
  const memberScope = scopeSql(scope, sql`m.area_code`, sql`m.street_code`);
  const [row] = await personDetailQuery(db, memberScope, inScope(scope), id);
  return row;
}

export async function findHouseholdMembers(
  db: Db,
  scope: string[],
  householdId: string,
): Promise<PersonRow[]> {
  return db
    .select()
    .from(persons)
    .where(and(eq(persons.householdId, householdId), inScope(scope)))
    .orderBy(asc(persons.birthDate));
}

export async function findHouseholdHead(db: Db, householdId: string) {
  const [row] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.householdId, householdId), eq(persons.relation, 'head')));
  return row;
}

export async function findFacts(db: Db, personId: string): Promise<FactRow[]> {
  return db
    .select()
    .from(personFacts)
    .where(eq(personFacts.personId, personId))
    .orderBy(asc(personFacts.kind), asc(personFacts.validFrom));
}

export async function findFactsOfKind(db: Db, personId: string, kind: string): Promise<FactRow[]> {
  return db
    .select()
    .from(personFacts)
    .where(and(eq(personFacts.personId, personId), eq(personFacts.kind, kind)))
    .orderBy(asc(personFacts.validFrom));
}

export async function findFact(db: Db, personId: string, factId: string): Promise<FactRow | undefined> {
  const [row] = await db
    .select()
    .from(personFacts)
    .where(and(eq(personFacts.personId, personId), eq(personFacts.id, factId)));
  return row;
}

export async function insertFacts(db: Db, rows: (typeof personFacts.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(personFacts).values(rows);
}

export async function closeFactRow(
  db: Db,
  personId: string,
  factId: string,
  validTo: string,
  closedBy: string,
) {
  await db
    .update(personFacts)
    .set({ validTo, closedBy })
    .where(and(eq(personFacts.personId, personId), eq(personFacts.id, factId)));
}

export interface PersonSearch {
  scope: string[];
  asOf: string;
  name?: string;
  idHash?: string;
  idMasked?: string;
  phoneHash?: string;
  tail?: string;
  /** inclusive birth-date window from an age band */
  bornAfter?: string;
  bornOnOrBefore?: string;
  fact?: string;
  factValue?: string;
  limit: number;
  offset: number;
}

/**
 * Counting stops at 2,000 (100 pages): past that a worker narrows the search rather than pages,
 * and an exact count of every 王 in a street would cost more than the page itself.
 */
const COUNT_CAP = 2_000;
const nameC = sql`${persons.name} collate "C"`;

function scopeByPlaceholder(level: ScopeLevel): SQL {
  const p = sql.placeholder('prefix');
  return level === 'community'
    ? sql`${persons.areaCode} = ${p}`
    : level === 'street'
      ? sql`${persons.streetCode} = ${p}`
      : sql`${persons.areaCode} like ${p}`;
}

/**
 * A name prefix as a range in the "C" collation ('王' → ['王', '玌')): unlike LIKE with a
 * parameter, a range stays an index condition in the generic plan of a prepared statement, and
 * % or _ in the search text are plain characters.
 */
export function prefixRange(prefix: string): { lo: string; hi: string } {
  if (!prefix) return { lo: '', hi: '\u{10FFFF}' };
  const chars = [...prefix];
  const last = chars.pop()!.codePointAt(0)!;
  return { lo: prefix, hi: chars.join('') + String.fromCodePoint(last + 1) };
}

/**
 * The page of rows and the capped count in one statement (one round trip instead of two): the
 * count over at most COUNT_CAP + 1 matches, with the page joined laterally, so a search with no
 * match still returns its count row. Both halves read the same (area, name, id) index range.
 */
function preparedNameSearch(db: Db, level: ScopeLevel) {
  const where = and(
    scopeByPlaceholder(level),
    sql`${nameC} >= ${sql.placeholder('lo')}`,
    sql`${nameC} < ${sql.placeholder('hi')}`,
  );
  const counted = db
    .select({ n: sql<number>`count(*)::int`.as('n') })
    .from(sql`(select 1 from ${persons} where ${where} limit ${COUNT_CAP + 1}) matched`)
    .as('counted');
  const page = db
    .select(summaryColumns)
    .from(persons)
    .where(where)
    .orderBy(nameC, persons.id)
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'))
    .as('page');
  // Every column of the page; a search without a match leaves them all null, and the row is null.
  const row = {
    id: page.id,
    name: page.name,
    idMasked: page.idMasked,
    sex: page.sex,
    birthDate: page.birthDate,
    phoneMasked: page.phoneMasked,
    hukouLocal: page.hukouLocal,
    areaCode: page.areaCode,
    streetCode: page.streetCode,
    address: page.address,
    deceasedOn: page.deceasedOn,
  } satisfies Record<keyof typeof summaryColumns, unknown>;
  return db
    .select({ total: counted.n, row })
    .from(counted)
    .leftJoinLateral(page, sql`true`)
    .prepare(`persons_by_name_${level}`);
}

const nameSearchByDb = new WeakMap<object, Map<ScopeLevel, ReturnType<typeof preparedNameSearch>>>();

/**
 * The most common search — a name prefix (or the whole list) within one area — runs as a
 * prepared statement; any other combination of filters is built per request.
 */
async function searchByNamePrepared(db: Db, s: PersonSearch) {
  const prefix = s.scope[0]!;
  const level = levelOf(prefix);
  let byLevel = nameSearchByDb.get(db);
  if (!byLevel) {
    byLevel = new Map();
    nameSearchByDb.set(db, byLevel);
  }
  let q = byLevel.get(level);
  if (!q) {
    q = preparedNameSearch(db, level);
    byLevel.set(level, q);
  }
  const result = await q.execute({
    prefix: level === 'district' ? `${prefix}%` : prefix,
    ...prefixRange(s.name ?? ''),
    limit: s.limit,
    offset: s.offset,
  });
  const total = Number(result[0]?.total ?? 0);
  const rows: PersonSummaryRow[] = [];
  for (const r of result) if (r.row) rows.push(r.row);
  return { rows, total: Math.min(total, COUNT_CAP), capped: total > COUNT_CAP };
}

export async function searchPersons(
  db: Db,
  s: PersonSearch,
): Promise<{ rows: PersonSummaryRow[]; total: number; capped: boolean }> {
  const onlyName =
    !s.idHash && !s.idMasked && !s.phoneHash && !s.tail && !s.bornAfter && !s.bornOnOrBefore && !s.fact;
  if (s.scope.length === 1 && onlyName) return searchByNamePrepared(db, s);
  const conds: SQL[] = [inScope(s.scope)];
  if (s.name) conds.push(sql`${nameC} like ${`${s.name.replace(/[\\%_]/g, '\\$&')}%`}`);
  if (s.idHash) conds.push(eq(persons.idHash, s.idHash));
  if (s.idMasked) conds.push(eq(persons.idMasked, s.idMasked));
  if (s.phoneHash) conds.push(eq(persons.phoneHash, s.phoneHash));
  if (s.tail) conds.push(sql`(${persons.idTail} = ${s.tail} or ${persons.phoneTail} = ${s.tail})`);
  if (s.bornAfter) conds.push(sql`${persons.birthDate} > ${s.bornAfter}`);
  if (s.bornOnOrBefore) conds.push(sql`${persons.birthDate} <= ${s.bornOnOrBefore}`);
  if (s.fact) {
    const valueMatch = s.factValue
      ? sql`and ${s.factValue} in (f.value->>'grade', f.value->>'status', f.value->>'arrangement', f.value->>'type', f.value->>'category')`
      : sql``;
    conds.push(
      sql`exists (select 1 from ${personFacts} f where f.person_id = ${persons.id} and f.kind = ${s.fact}
        and f.valid_from <= ${s.asOf} and (f.valid_to is null or f.valid_to >= ${s.asOf}) ${valueMatch})`,
    );
  }
  const where = and(...conds);
  const rows = await db
    .select(summaryColumns)
    .from(persons)
    .where(where)
    .orderBy(nameC, persons.id)
    .limit(s.limit)
    .offset(s.offset);
  let total: number;
  if (s.offset === 0 && rows.length < s.limit) total = rows.length;
  else {
    const [c] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(sql`(select 1 from ${persons} where ${where} limit ${COUNT_CAP + 1}) c`);
    total = Number(c?.n ?? 0);
  }
  return { rows, total: Math.min(total, COUNT_CAP), capped: total > COUNT_CAP };
}

/** Area codes of the given persons, for scope checks on other modules' rows. */
export async function countPersons(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(persons);
  return Number(r?.n ?? 0);
}

/** Names and areas of persons by id, for other modules' listings (no identifiers, no scope: callers scope their own rows). */
export async function findPersonNames(
  db: Db,
  ids: string[],
): Promise<Map<string, { name: string; areaCode: string; birthDate: string }>> {
  const out = new Map<string, { name: string; areaCode: string; birthDate: string }>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({ id: persons.id, name: persons.name, areaCode: persons.areaCode, birthDate: persons.birthDate })
    .from(persons)
    .where(inArray(persons.id, ids));
  for (const r of rows) out.set(r.id, { name: r.name, areaCode: r.areaCode, birthDate: String(r.birthDate) });
  return out;
}
