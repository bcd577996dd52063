import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { scopeSql } from '../../platform/access.ts';
import type { Db } from '../../platform/db/index.ts';
import { queryOne, queryRows } from '../../platform/db/rows.ts';
import { activities, serviceRecords } from '../activities/activities.schema.ts';
import { needs } from '../needs/needs.schema.ts';
import { volunteers, volunteerTeams } from '../volunteers/volunteers.schema.ts';

/**
 * All SQL of the figures. This module owns no table: it is the reporting read model of ADR 0018
 * and reads — never writes — the tables of volunteers, needs and activities, by their table
 * objects, in aggregate queries only. Each query is one scan of one table in the area and period
 * (the area indexes of service_records and needs lead with the area code and the time).
 */

type Raw = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);

export interface Bounds {
  /** ISO instants: [start, end). */
  start: string;
  end: string;
}

const r = serviceRecords;
const v = volunteers;
const n = needs;

const within = (col: AnyPgColumn, b: Bounds): SQL =>
  sql`${col} >= ${b.start}::timestamptz AND ${col} < ${b.end}::timestamptz`;
/** Only confirmed records count (ADR 0013): pending, rejected and superseded ones never do. */
const CONFIRMED = sql`${r.status} = 'confirmed'`;

export interface VolunteerRankRaw {
  volunteerId: string;
  volunteerNo: string;
  personId: string;
  areaCode: string;
  minutes: number;
  records: number;
  peopleServed: number;
  rank: number;
  /** Position in the list (ties broken by volunteer number). */
  pos: number;
}

/**
 * Volunteers of the area (by the community they serve from) ranked by confirmed minutes of
 * records that started in the period, wherever the service took place. Returns the first
 * `limit` and, if given, the row of `meId` wherever it stands; `total` counts every volunteer
 * with hours.
 */
export async function findVolunteerRanking(
  db: Db,
  q: { prefix: string; bounds: Bounds; limit: number; meId: string | null },
): Promise<{ rows: VolunteerRankRaw[]; total: number }> {
  const rows = await queryRows<Raw>(
    db,
    sql`WITH per AS (
          SELECT ${r.volunteerId} AS volunteer_id,
                 sum(${r.minutes})::bigint AS minutes,
                 count(*)::int AS records,
                 coalesce(sum(${r.peopleServed}), 0)::bigint AS people
            FROM ${r} JOIN ${v} ON ${v.id} = ${r.volunteerId}
           WHERE ${CONFIRMED} AND ${within(r.startedAt, q.bounds)} AND ${scopeSql([q.prefix], v.areaCode)}
           GROUP BY ${r.volunteerId}
        ), ranked AS (
          SELECT per.volunteer_id, per.minutes, per.records, per.people,
                 ${v.volunteerNo} AS volunteer_no, ${v.personId} AS person_id, ${v.areaCode} AS area_code,
                 rank() OVER (ORDER BY per.minutes DESC)::int AS rank,
                 row_number() OVER (ORDER BY per.minutes DESC, ${v.volunteerNo})::int AS pos,
                 count(*) OVER ()::int AS total
            FROM per JOIN ${v} ON ${v.id} = per.volunteer_id
        )
        SELECT * FROM ranked
         WHERE pos <= ${q.limit} OR volunteer_id = ${q.meId}::uuid
         ORDER BY pos`,
  );
  return {
    total: rows.length ? num(rows[0]!.total) : 0,
    rows: rows.map((x) => ({
      volunteerId: String(x.volunteer_id),
      volunteerNo: String(x.volunteer_no),
      personId: String(x.person_id),
      areaCode: String(x.area_code),
      minutes: num(x.minutes),
      records: num(x.records),
      peopleServed: num(x.people),
      rank: num(x.rank),
      pos: num(x.pos),
    })),
  };
}

export interface NeedGroupRaw {
  areaCode: string;
  category: string;
  status: string;
  count: number;
  /** Σ needs.people_served of the group (counted only for fulfilled needs by the service). */
  peopleServed: number;
  /** Minutes from publication to the first claim, one per need claimed at least once. */
  claimMinutes: number[];
}

/**
 * Needs published in the period in the area, counted by posting area, category and current
 * status (the cohort of the period, followed to where each need stands now).
 */
export async function findNeedGroups(db: Db, q: { prefix: string; bounds: Bounds }): Promise<NeedGroupRaw[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT ${n.areaCode} AS area_code, ${n.category} AS category, ${n.status} AS status,
               count(*)::int AS count,
               coalesce(sum(${n.peopleServed}), 0)::bigint AS people,
               array_agg(greatest(0, extract(epoch FROM (${n.firstClaimedAt} - ${n.publishedAt})) / 60)::float8)
                 FILTER (WHERE ${n.firstClaimedAt} IS NOT NULL) AS claim_minutes
          FROM ${n}
         WHERE ${n.publishedAt} IS NOT NULL AND ${within(n.publishedAt, q.bounds)}
           AND ${scopeSql([q.prefix], n.areaCode)}
         GROUP BY 1, 2, 3`,
  );
  return rows.map((x) => ({
    areaCode: String(x.area_code),
    category: String(x.category),
    status: String(x.status),
    count: num(x.count),
    peopleServed: num(x.people),
    claimMinutes: toNumbers(x.claim_minutes),
  }));
}

/** float8[] arrives as numbers from both drivers; as text only if a driver leaves it unparsed. */
function toNumbers(v: unknown): number[] {
  if (v == null) return [];
  if (Array.isArray(v)) return v.map(Number);
  return String(v)
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean)
    .map(Number);
}

export interface RecordGroupRaw {
  areaCode: string;
  category: string;
  minutes: number;
  records: number;
  /** Σ people_served of records not made for a need (a need's people are counted on the need). */
  peopleServed: number;
}

/** Confirmed records that started in the period and took place in the area, by place and category. */
export async function findRecordGroups(
  db: Db,
  q: { prefix: string; bounds: Bounds },
): Promise<RecordGroupRaw[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT ${r.areaCode} AS area_code, ${r.category} AS category,
               sum(${r.minutes})::bigint AS minutes, count(*)::int AS records,
               coalesce(sum(${r.peopleServed}) FILTER (WHERE ${r.needId} IS NULL), 0)::bigint AS people
          FROM ${r}
         WHERE ${CONFIRMED} AND ${within(r.startedAt, q.bounds)} AND ${scopeSql([q.prefix], r.areaCode)}
         GROUP BY 1, 2`,
  );
  return rows.map((x) => ({
    areaCode: String(x.area_code),
    category: String(x.category),
    minutes: num(x.minutes),
    records: num(x.records),
    peopleServed: num(x.people),
  }));
}

/**
 * Registered volunteers (registered before the end of the period, not since left), active teams
 * created before it, and activities held (not cancelled, started in the period and before now).
 */
export async function countStock(
  db: Db,
  q: { prefix: string; bounds: Bounds; now: string },
): Promise<{ registeredVolunteers: number; teams: number; activitiesHeld: number }> {
  const t = volunteerTeams;
  const a = activities;
  const row = await queryOne<Raw>(
    db,
    sql`SELECT
          (SELECT count(*) FROM ${v}
            WHERE ${scopeSql([q.prefix], v.areaCode)} AND ${v.status} <> 'left'
              AND ${v.registeredAt} < ${q.bounds.end}::timestamptz)::int AS volunteers,
          (SELECT count(*) FROM ${t}
            WHERE ${scopeSql([q.prefix], t.areaCode)} AND ${t.status} = 'active'
              AND ${t.createdAt} < ${q.bounds.end}::timestamptz)::int AS teams,
          (SELECT count(*) FROM ${a}
            WHERE ${scopeSql([q.prefix], a.areaCode)} AND ${a.status} <> 'cancelled'
              AND ${a.startsAt} >= ${q.bounds.start}::timestamptz
              AND ${a.startsAt} < least(${q.bounds.end}::timestamptz, ${q.now}::timestamptz))::int AS activities`,
  );
  return {
    registeredVolunteers: num(row?.volunteers),
    teams: num(row?.teams),
    activitiesHeld: num(row?.activities),
  };
}

export interface OwnVolunteer {
  id: string;
  volunteerNo: string;
  personId: string;
  areaCode: string;
}

/** The volunteer record the signed-in user is (volunteers.user_id), if any. */
export async function findVolunteerOfUser(db: Db, userId: string): Promise<OwnVolunteer | undefined> {
  const row = await queryOne<Raw>(
    db,
    sql`SELECT ${v.id} AS id, ${v.volunteerNo} AS volunteer_no, ${v.personId} AS person_id, ${v.areaCode} AS area_code
          FROM ${v} WHERE ${v.userId} = ${userId}::uuid`,
  );
  return row
    ? {
        id: String(row.id),
        volunteerNo: String(row.volunteer_no),
        personId: String(row.person_id),
        areaCode: String(row.area_code),
      }
    : undefined;
}

/**
 * One volunteer's confirmed minutes in the period, and how many volunteers of their street and
 * of their district have hours at all and more hours than they do.
 */
export async function countRankPlaces(
  db: Db,
  q: { volunteerId: string; street: string; district: string; bounds: Bounds },
): Promise<{
  minutes: number;
  streetOf: number;
  streetAbove: number;
  districtOf: number;
  districtAbove: number;
}> {
  const row = await queryOne<Raw>(
    db,
    sql`WITH per AS (
          SELECT ${r.volunteerId} AS volunteer_id, substr(${v.areaCode}, 1, 9) AS street,
                 sum(${r.minutes})::bigint AS minutes
            FROM ${r} JOIN ${v} ON ${v.id} = ${r.volunteerId}
           WHERE ${CONFIRMED} AND ${within(r.startedAt, q.bounds)} AND ${scopeSql([q.district], v.areaCode)}
           GROUP BY ${r.volunteerId}, substr(${v.areaCode}, 1, 9)
        ), me AS (
          SELECT coalesce((SELECT minutes FROM per WHERE volunteer_id = ${q.volunteerId}::uuid), 0) AS minutes
        )
        SELECT me.minutes,
               (SELECT count(*) FROM per WHERE street = ${q.street})::int AS street_of,
               (SELECT count(*) FROM per WHERE street = ${q.street} AND per.minutes > me.minutes)::int AS street_above,
               (SELECT count(*) FROM per)::int AS district_of,
               (SELECT count(*) FROM per WHERE per.minutes > me.minutes)::int AS district_above
          FROM me`,
  );
  return {
    minutes: num(row?.minutes),
    streetOf: num(row?.street_of),
    streetAbove: num(row?.street_above),
    districtOf: num(row?.district_of),
    districtAbove: num(row?.district_above),
  };
}
