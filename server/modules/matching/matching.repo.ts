import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { pgArray, queryRows } from '../../platform/db/rows.ts';
import { boundingBox, MATCH, type VolunteerFacts } from './matching.rules.ts';

/**
 * Matching owns no table (ADR 0013). It reads the volunteers' matching columns here, in one
 * query shaped for the ranking (ADR 0017): the volunteers module keeps those columns current and
 * every write goes through the needs module.
 */

interface VolunteerFactsRow {
  id: string;
  person_id: string;
  volunteer_no: string;
  area_code: string;
  status: string;
  skills: string[] | null;
  availability: number;
  lat: number | null;
  lng: number | null;
  open_commitments: number;
  last_served_at: Date | string | null;
  rating_sum: number;
  rating_count: number;
}

export interface RankedRow extends VolunteerFacts {
  volunteerNo: string;
  /** The cost as SQL computed it (the service recomputes it with the reference rules). */
  sqlCost: number;
}

const toFacts = (r: VolunteerFactsRow): VolunteerFacts & { volunteerNo: string } => ({
  id: r.id,
  personId: r.person_id,
  volunteerNo: r.volunteer_no,
  areaCode: r.area_code,
  status: r.status,
  skills: r.skills ?? [],
  availability: Number(r.availability),
  lat: r.lat === null ? null : Number(r.lat),
  lng: r.lng === null ? null : Number(r.lng),
  openCommitments: Number(r.open_commitments),
  lastServedAt: r.last_served_at === null ? null : new Date(r.last_served_at),
  ratingSum: Number(r.rating_sum),
  ratingCount: Number(r.rating_count),
});

const FACT_COLUMNS =
  sql.raw(`v.id, v.person_id, v.volunteer_no, v.area_code, v.status, v.skills, v.availability,
  v.lat, v.lng, v.open_commitments, v.last_served_at, v.rating_sum, v.rating_count`);

export interface RankQuery {
  areaCode: string;
  skills: string[];
  lat: number | null;
  lng: number | null;
  mask: number;
  beneficiaryPersonId: string | null;
  now: Date;
  /** Volunteers already claiming or invited: not candidates again. */
  excludeIds: string[];
  /** Only volunteers within this many metres (at most MATCH.maxRadiusM). */
  radiusM: number;
  limit: number;
}

/**
 * The cheapest eligible volunteers for one need, the hard constraints and the cost of
 * matching.rules.ts in SQL: status, skills (`@>`, the GIN index), the availability bit, the
 * radius (a bounding box first, then the haversine), and the cost ordered in the database so
 * that only `limit` rows travel.
 */
export async function rankVolunteersSql(db: Db, q: RankQuery): Promise<RankedRow[]> {
  const located = q.lat !== null && q.lng !== null;
  // Cheapest tests first: PostgreSQL keeps this order among conditions of equal cost.
  const where: SQL[] = [sql`(v.availability & ${q.mask}::int) <> 0`];
  let distance: SQL;
  if (located) {
    const b = boundingBox(q.lat!, q.lng!, q.radiusM + 1);
    // Same expression order as haversineM, so both sides round the same way.
    distance = sql`CASE WHEN v.lat IS NULL OR v.lng IS NULL THEN NULL ELSE
      2 * 6371000 * asin(least(1, sqrt(
        power(sin(radians(v.lat - ${q.lat}::float8) / 2), 2)
        + cos(radians(${q.lat}::float8)) * cos(radians(v.lat)) * power(sin(radians(v.lng - ${q.lng}::float8) / 2), 2)))) END`;
    // A box around the circle, written so that a GiST index on point(lng, lat) serves it.
    where.push(sql`(
      point(v.lng, v.lat) <@ box(point(${b.lngLo}::float8, ${b.latLo}::float8), point(${b.lngHi}::float8, ${b.latHi}::float8))
      OR ((v.lat IS NULL OR v.lng IS NULL) AND v.area_code = ${q.areaCode}))`);
  } else {
    distance = sql`NULL::float8`;
    where.push(sql`v.area_code = ${q.areaCode}`);
  }
  where.push(sql`v.status = 'active'`);
  if (q.skills.length) where.push(sql`v.skills @> ${pgArray(q.skills, 'text')}`);
  if (q.beneficiaryPersonId) where.push(sql`v.person_id <> ${q.beneficiaryPersonId}::uuid`);
  if (q.excludeIds.length) where.push(sql`NOT (v.id = ANY(${pgArray(q.excludeIds, 'uuid')}))`);
  const needSkills = new Set(q.skills).size;
  // OFFSET 0 keeps the inner query a unit: the distance is computed once per row in the box,
  // not again for the filter, the cost and the ordering.
  const rows = await queryRows<VolunteerFactsRow & { cost: number }>(
    db,
    sql`SELECT s.*,
          (CASE WHEN s.d IS NULL THEN ${MATCH.noLocationCost} ELSE floor(s.d / ${MATCH.metersPerCost} + 0.5) END
          + least(greatest(s.open_commitments, 0), ${MATCH.openCommitmentsCap}) * ${MATCH.perOpenCommitment}
          + CASE WHEN s.last_served_at IS NULL THEN 0 ELSE greatest(0, ${MATCH.recentDays}
              - greatest(0, floor(date_part('epoch', ${q.now.toISOString()}::timestamptz - s.last_served_at) / 86400)))
              * ${MATCH.perRecentDay} END
          + greatest(0, floor((5 - (s.rating_sum + ${MATCH.ratingPriorMean * MATCH.ratingPriorWeight})::float8
              / (greatest(s.rating_count, 0) + ${MATCH.ratingPriorWeight})) * ${MATCH.perMissingStar} + 0.5))
          + least(greatest(cardinality(s.skills) - ${needSkills}::int, 0), ${MATCH.otherSkillsCap}) * ${MATCH.perOtherSkill}
          )::int AS cost
        FROM (SELECT ${FACT_COLUMNS}, ${distance} AS d FROM volunteers v
              WHERE ${sql.join(where, sql` AND `)} OFFSET 0) s
        WHERE s.d IS NULL OR s.d <= ${q.radiusM + 1}
        ORDER BY cost, s.id
        LIMIT ${q.limit}`,
  );
  return rows.map((r) => ({ ...toFacts(r), sqlCost: Number(r.cost) }));
}

/** Matching facts of these volunteers (any status), for an invitation's reasons. */
export async function findVolunteerFacts(db: Db, ids: string[]) {
  if (!ids.length) return [];
  const rows = await queryRows<VolunteerFactsRow>(
    db,
    sql`SELECT ${FACT_COLUMNS} FROM volunteers v WHERE v.id = ANY(${pgArray(ids, 'uuid')})`,
  );
  return rows.map(toFacts);
}

export interface PoolQuery {
  /** Bounding box of the needs' locations, grown by the radius; null when no need has one. */
  box: { latLo: number; latHi: number; lngLo: number; lngHi: number } | null;
  /** Communities of the needs: their volunteers without a location are candidates too. */
  areaCodes: string[];
}

/**
 * Every active volunteer with some availability who could be a candidate for one of the needs:
 * inside the needs' bounding box, or without a location in one of their communities; in id order.
 */
export async function loadVolunteerPool(db: Db, q: PoolQuery): Promise<VolunteerFacts[]> {
  const near = q.box
    ? sql`point(v.lng, v.lat) <@ box(point(${q.box.lngLo}::float8, ${q.box.latLo}::float8),
                                      point(${q.box.lngHi}::float8, ${q.box.latHi}::float8))`
    : sql`false`;
  // Plain scalars travel and parse faster than arrays and timestamps: ~100,000 rows at a time.
  const rows = await queryRows<{
    id: string;
    area_code: string;
    skills: string;
    availability: number;
    lat: number | null;
    lng: number | null;
    open_commitments: number;
    last_ms: number | string | null;
    rating_sum: number;
    rating_count: number;
  }>(
    db,
    sql`SELECT v.id, v.area_code, array_to_string(v.skills, ',') AS skills, v.availability, v.lat, v.lng,
          v.open_commitments, (extract(epoch FROM v.last_served_at) * 1000)::float8 AS last_ms, v.rating_sum, v.rating_count
        FROM volunteers v
        WHERE v.availability <> 0 AND v.status = 'active'
          AND (${near} OR ((v.lat IS NULL OR v.lng IS NULL) AND v.area_code = ANY(${pgArray(q.areaCodes, 'bpchar')})))
        ORDER BY v.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    // Left out (it is a third of the bytes): beneficiaries are excluded through volunteersOfPersons.
    personId: '',
    areaCode: r.area_code,
    status: 'active',
    skills: r.skills ? r.skills.split(',') : [],
    availability: Number(r.availability),
    lat: r.lat === null ? null : Number(r.lat),
    lng: r.lng === null ? null : Number(r.lng),
    openCommitments: Number(r.open_commitments),
    lastServedAt: r.last_ms === null ? null : new Date(Number(r.last_ms)),
    ratingSum: Number(r.rating_sum),
    ratingCount: Number(r.rating_count),
  }));
}

/** Volunteer ids of these persons (a need's beneficiary who is a volunteer too). */
export async function volunteersOfPersons(db: Db, personIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!personIds.length) return out;
  const rows = await queryRows<{ id: string; person_id: string }>(
    db,
    sql`SELECT id, person_id FROM volunteers WHERE person_id = ANY(${pgArray(personIds, 'uuid')})`,
  );
  for (const r of rows) out.set(r.person_id, r.id);
  return out;
}

/** Names and numbers of volunteers, for presenting candidates. */
export async function findVolunteerNames(db: Db, ids: string[]) {
  const out = new Map<string, { volunteerNo: string; name: string; areaCode: string }>();
  if (!ids.length) return out;
  const rows = await queryRows<{ id: string; volunteer_no: string; name: string | null; area_code: string }>(
    db,
    sql`SELECT v.id, v.volunteer_no, p.name, v.area_code FROM volunteers v
        LEFT JOIN persons p ON p.id = v.person_id WHERE v.id = ANY(${pgArray(ids, 'uuid')})`,
  );
  for (const r of rows)
    out.set(r.id, { volunteerNo: r.volunteer_no, name: r.name ?? '', areaCode: r.area_code });
  return out;
}

export interface Engaged {
  /** `volunteer:<id>`, `team:<id>`, `org:<id>` with a pending invitation to the need. */
  invited: Set<string>;
  /**
   * The same keys for active claims; a volunteer named on an organisation's or a team's claim
   * counts as claiming.
   */
  claiming: Set<string>;
}

/** Who is already invited to, or claiming, each of these needs. */
export async function findEngaged(db: Db, needIds: string[]): Promise<Map<string, Engaged>> {
  const out = new Map<string, Engaged>();
  if (!needIds.length) return out;
  const ids = pgArray(needIds, 'uuid');
  const rows = await queryRows<{ need_id: string; key: string; invited: boolean }>(
    db,
    sql`SELECT need_id, invitee_type || ':' || invitee_id AS key, true AS invited FROM need_invitations
          WHERE need_id = ANY(${ids}) AND status = 'pending'
        UNION ALL
        SELECT need_id, claimant_type || ':' || claimant_id, false FROM need_claims
          WHERE need_id = ANY(${ids}) AND status = 'active'
        UNION ALL
        SELECT c.need_id, 'volunteer:' || u.id, false FROM need_claims c CROSS JOIN LATERAL unnest(c.volunteer_ids) AS u(id)
          WHERE c.need_id = ANY(${ids}) AND c.status = 'active'`,
  );
  for (const r of rows) {
    let e = out.get(r.need_id);
    if (!e) {
      e = { invited: new Set(), claiming: new Set() };
      out.set(r.need_id, e);
    }
    (r.invited ? e.invited : e.claiming).add(r.key);
  }
  return out;
}

export interface TeamRow {
  id: string;
  name: string;
  level: string;
  areaCode: string;
  orgId: string;
  memberCount: number;
  qualifiedMembers: number;
}

/**
 * Active teams that could serve a need of this community: the community's own, the street's
 * (and its other communities'), and the district's; with how many active members hold every
 * skill asked.
 */
export async function findTeamsNear(db: Db, areaCode: string, skills: string[]): Promise<TeamRow[]> {
  const street = areaCode.slice(0, 9);
  const district = `${areaCode.slice(0, 6)}000000`;
  // Without skills asked, every member qualifies: the team's own count serves.
  const qualified = skills.length
    ? sql`(SELECT count(*) FROM volunteer_team_members m JOIN volunteers v ON v.id = m.volunteer_id
            WHERE m.team_id = t.id AND v.status = 'active' AND v.skills @> ${pgArray(skills, 'text')})::int`
    : sql`t.member_count`;
  const rows = await queryRows<{
    id: string;
    name: string;
    level: string;
    area_code: string;
    org_id: string;
    members: number;
    qualified: number;
  }>(
    db,
    sql`SELECT t.id, t.name, t.level, t.area_code, t.org_id, t.member_count AS members, ${qualified} AS qualified
        FROM volunteer_teams t
        WHERE t.status = 'active' AND (t.area_code LIKE ${`${street}%`} OR t.area_code = ${district})`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    level: r.level,
    areaCode: r.area_code,
    orgId: r.org_id,
    memberCount: Number(r.members),
    qualifiedMembers: Number(r.qualified),
  }));
}

/** Active teams per organisation. */
export async function countTeamsOfOrgs(db: Db, orgIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!orgIds.length) return out;
  const rows = await queryRows<{ org_id: string; n: number }>(
    db,
    sql`SELECT org_id, count(*)::int AS n FROM volunteer_teams
        WHERE status = 'active' AND org_id = ANY(${pgArray(orgIds, 'uuid')}) GROUP BY org_id`,
  );
  for (const r of rows) out.set(r.org_id, Number(r.n));
  return out;
}

// --- proposals (stored by the needs module; read here for review) ----------------------------

export interface ProposalRow {
  id: string;
  areaCode: string;
  status: string;
  needCount: number;
  seatCount: number;
  assignedSeats: number;
  cost: number;
  lowerBound: number;
  solveMs: number;
  createdAt: Date;
  decidedAt: Date | null;
}

const PROPOSAL_COLUMNS = sql.raw(`id, area_code AS "areaCode", status, need_count AS "needCount",
  seat_count AS "seatCount", assigned_seats AS "assignedSeats", cost, lower_bound AS "lowerBound",
  solve_ms AS "solveMs", created_at AS "createdAt", decided_at AS "decidedAt"`);

const toProposal = (r: ProposalRow): ProposalRow => ({
  ...r,
  needCount: Number(r.needCount),
  seatCount: Number(r.seatCount),
  assignedSeats: Number(r.assignedSeats),
  cost: Number(r.cost),
  lowerBound: Number(r.lowerBound),
  solveMs: Number(r.solveMs),
  createdAt: new Date(r.createdAt),
  decidedAt: r.decidedAt === null ? null : new Date(r.decidedAt),
});

export async function findProposalRow(db: Db, id: string): Promise<ProposalRow | undefined> {
  const rows = await queryRows<ProposalRow>(
    db,
    sql`SELECT ${PROPOSAL_COLUMNS} FROM match_proposals WHERE id = ${id}::uuid`,
  );
  return rows[0] && toProposal(rows[0]);
}

/** The latest proposals whose area lies inside one of the prefixes (and inside `within`, if given). */
export async function findRecentProposals(db: Db, scope: string[], limit: number): Promise<ProposalRow[]> {
  if (!scope.length) return [];
  const parts = scope.map((p) => sql`area_code LIKE ${`${p}%`}`);
  const rows = await queryRows<ProposalRow>(
    db,
    sql`SELECT ${PROPOSAL_COLUMNS} FROM match_proposals WHERE (${sql.join(parts, sql` OR `)})
        ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
  );
  return rows.map(toProposal);
}

export interface ProposalItemView {
  needId: string;
  needNo: string;
  needTitle: string;
  category: string;
  needAreaCode: string;
  startsAt: Date;
  volunteerId: string;
  volunteerNo: string;
  volunteerName: string;
  cost: number;
  reasons: unknown;
}

export async function findProposalItemsPage(
  db: Db,
  proposalId: string,
  f: { area?: string; category?: string; limit: number; offset: number },
): Promise<{ rows: ProposalItemView[]; total: number }> {
  const where: SQL[] = [sql`i.proposal_id = ${proposalId}::uuid`];
  if (f.area) where.push(sql`n.area_code LIKE ${`${f.area}%`}`);
  if (f.category) where.push(sql`n.category = ${f.category}`);
  const cond = sql.join(where, sql` AND `);
  const rows = await queryRows<{
    need_id: string;
    need_no: string;
    title: string;
    category: string;
    area_code: string;
    starts_at: Date | string;
    volunteer_id: string;
    volunteer_no: string | null;
    name: string | null;
    cost: number;
    reasons: unknown;
  }>(
    db,
    sql`SELECT i.need_id, n.need_no, n.title, n.category, n.area_code, n.starts_at, i.volunteer_id,
          v.volunteer_no, p.name, i.cost, i.reasons
        FROM match_proposal_items i JOIN needs n ON n.id = i.need_id
        LEFT JOIN volunteers v ON v.id = i.volunteer_id LEFT JOIN persons p ON p.id = v.person_id
        WHERE ${cond}
        ORDER BY n.starts_at, n.need_no, i.cost, i.volunteer_id
        LIMIT ${f.limit} OFFSET ${f.offset}`,
  );
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM match_proposal_items i JOIN needs n ON n.id = i.need_id WHERE ${cond}`,
  );
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r) => ({
      needId: r.need_id,
      needNo: r.need_no,
      needTitle: r.title,
      category: r.category,
      needAreaCode: r.area_code,
      startsAt: new Date(r.starts_at),
      volunteerId: r.volunteer_id,
      volunteerNo: r.volunteer_no ?? '',
      volunteerName: r.name ?? '',
      cost: Number(r.cost),
      reasons: r.reasons,
    })),
  };
}

/**
 * Needs of the area still open now whose seats the proposal does not fill: the first `limit`,
 * soonest first, and how many there are.
 */
export async function findUnfilledNeeds(
  db: Db,
  proposalId: string,
  areaPrefix: string,
  now: Date,
  limit: number,
) {
  const base = sql`FROM needs n
    LEFT JOIN (SELECT need_id, count(*)::int AS k FROM match_proposal_items WHERE proposal_id = ${proposalId}::uuid
               GROUP BY need_id) i ON i.need_id = n.id
    WHERE n.area_code LIKE ${`${areaPrefix}%`} AND n.status = 'published' AND n.starts_at > ${now.toISOString()}::timestamptz
      AND n.headcount - n.claimed_seats - coalesce(i.k, 0) > 0`;
  const rows = await queryRows<{ id: string; need_no: string; title: string; seats: number }>(
    db,
    sql`SELECT n.id, n.need_no, n.title, (n.headcount - n.claimed_seats - coalesce(i.k, 0))::int AS seats ${base}
        ORDER BY n.starts_at, n.need_no LIMIT ${limit}`,
  );
  const [count] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n ${base}`);
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r) => ({ needId: r.id, needNo: r.need_no, needTitle: r.title, seats: Number(r.seats) })),
  };
}
