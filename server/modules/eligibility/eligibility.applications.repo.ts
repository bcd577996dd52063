import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { scopeSql } from '../../platform/access.ts';
import type { Db } from '../../platform/db/index.ts';
import { queryOne, queryRows } from '../../platform/db/rows.ts';
import { applications, programmeEnrolments } from './eligibility.schema.ts';

/** Applications (R29): all SQL of the application and approval step. */

export type ApplicationRow = typeof applications.$inferSelect;
export type ApplicationInsert = typeof applications.$inferInsert;

export interface PersonBrief {
  id: string;
  name: string;
  idMasked: string;
  areaCode: string;
}

/** The person as the registry holds them today, whatever the caller's scope (callers check it). */
export async function findPersonBrief(db: Db, id: string): Promise<PersonBrief | undefined> {
  const r = await queryOne<{ id: string; name: string; id_masked: string; area_code: string }>(
    db,
    sql`select id, name, id_masked, area_code from persons where id = ${id}::uuid`,
  );
  return r
    ? { id: r.id, name: r.name, idMasked: r.id_masked, areaCode: String(r.area_code).trim() }
    : undefined;
}

export async function insertApplication(db: Db, row: ApplicationInsert): Promise<void> {
  await db.insert(applications).values(row);
}

/** One application by id; `lock` holds its row until the transaction ends (one decision at a time). */
export async function findApplicationRow(
  db: Db,
  id: string,
  lock = false,
): Promise<ApplicationRow | undefined> {
  const q = db.select().from(applications).where(eq(applications.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateApplication(
  db: Db,
  personId: string,
  id: string,
  patch: Partial<ApplicationInsert>,
): Promise<void> {
  await db
    .update(applications)
    .set(patch)
    .where(and(eq(applications.personId, personId), eq(applications.id, id)));
}

/** The person's application for the programme still awaiting a decision, if any. */
export async function findOpenApplication(
  db: Db,
  personId: string,
  programmeCode: string,
): Promise<ApplicationRow | undefined> {
  const [row] = await db
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.personId, personId),
        eq(applications.programmeCode, programmeCode),
        eq(applications.status, 'submitted'),
      ),
    )
    .limit(1);
  return row;
}

/** The person's enrolment in the programme valid on the date (inclusive end dates, ADR 0005). */
export async function findEnrolmentOn(
  db: Db,
  personId: string,
  programmeCode: string,
  on: string,
): Promise<typeof programmeEnrolments.$inferSelect | undefined> {
  const [row] = await db
    .select()
    .from(programmeEnrolments)
    .where(
      and(
        eq(programmeEnrolments.personId, personId),
        eq(programmeEnrolments.programmeCode, programmeCode),
        sql`${programmeEnrolments.validFrom} <= ${on}::date`,
        sql`(${programmeEnrolments.validTo} is null or ${programmeEnrolments.validTo} >= ${on}::date)`,
      ),
    )
    .orderBy(desc(programmeEnrolments.validFrom))
    .limit(1);
  return row;
}

/** An application with what its views show: the person, the area's and the programme's names. */
export interface ApplicationListRow extends Record<string, unknown> {
  id: string;
  person_id: string;
  person_name: string;
  id_masked: string;
  area_code: string;
  area_name: string;
  programme_code: string;
  programme_zh: string | null;
  programme_en: string | null;
  source: string;
  worklist_item_id: string | null;
  status: string;
  rule_amount: string | number;
  amount: string | number;
  period: string | null;
  approver_level: string;
  explanation: unknown;
  note: string | null;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: unknown;
  enrolment_id: string | null;
  created_by: string;
  created_at: unknown;
}

const SELECT_VIEW = sql`select a.*, p.name as person_name, p.id_masked, coalesce(n.name, a.area_code) as area_name,
    pr.name_zh as programme_zh, pr.name_en as programme_en
  from applications a
  join persons p on p.id = a.person_id
  left join programmes pr on pr.code = a.programme_code
  left join lateral (select name from area_names x where x.code = a.area_code order by x.valid_from desc limit 1) n on true`;

export async function findApplicationView(db: Db, id: string): Promise<ApplicationListRow | undefined> {
  return queryOne<ApplicationListRow>(db, sql`${SELECT_VIEW} where a.id = ${id}::uuid`);
}

/** A page of applications within the scope, newest first; the count stops at 2,000 like the worklist's. */
export async function listApplications(
  db: Db,
  scope: string[],
  f: { programme?: string; status: string },
  limit: number,
  offset: number,
): Promise<{ rows: ApplicationListRow[]; total: number }> {
  const where: SQL = sql`${scopeSql(scope, sql`a.area_code`)}
    ${f.status === 'all' ? sql`` : sql`and a.status = ${f.status}`}
    ${f.programme ? sql`and a.programme_code = ${f.programme}` : sql``}`;
  const rows = await queryRows<ApplicationListRow>(
    db,
    sql`${SELECT_VIEW} where ${where} order by a.created_at desc, a.id desc limit ${limit} offset ${offset}`,
  );
  const total = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from applications a where ${where} limit 2000) x`,
  );
  return { rows, total: total[0]?.n ?? 0 };
}
