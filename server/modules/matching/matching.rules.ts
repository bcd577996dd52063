import {
  type MatchLang,
  type MatchReason,
  type MatchReasonCode,
  type MatchReasonTone,
  matchReasonText,
} from '../../../contracts/api/matching.ts';

/**
 * The cost of sending one volunteer to one need (ADR 0017). Hard constraints decide whether the
 * pair is possible at all; the soft terms add up to an integer cost, lower is better, each with
 * the reason a worker reads. The SQL ranking in matching.repo.ts computes the same formula; this
 * file is the reference both are tested against.
 */
export const MATCH = {
  /** Farther than this (straight line) a volunteer is not proposed: a walk or a short ride. */
  maxRadiusM: 5000,
  /** 1 per 10 m: a kilometre weighs as much as one open commitment. */
  metersPerCost: 10,
  /** Volunteer or need without coordinates: same community only, counted as 1.5 km. */
  noLocationCost: 150,
  perOpenCommitment: 100,
  openCommitmentsCap: 5,
  /** Served within this many days: the cost falls linearly to zero (spreads the work). */
  recentDays: 30,
  perRecentDay: 5,
  /** Ratings shrink towards a prior of 4.0 stars worth 3 ratings, so one 5-star rating is no record. */
  ratingPriorMean: 4,
  ratingPriorWeight: 3,
  perMissingStar: 80,
  /** Skills the need does not ask for: a small cost keeps versatile volunteers for needs that do. */
  perOtherSkill: 15,
  otherSkillsCap: 5,
  /** A seat left unfilled in a proposal costs more than any single pair. */
  unfilledCost: 10_000,
  /** Candidates ranked for one need. */
  topCandidates: 20,
} as const;

/**
 * Candidate edges kept per need in a proposal (K): 25 for one seat, 5 more per seat, at most 50.
 * More alternatives than seats, so that a volunteer wanted by two needs can go to one of them
 * and the other still fills its seats from its own list.
 */
export function candidatesPerNeed(seats: number): number {
  return 20 + 5 * Math.min(Math.max(seats, 1), 6);
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const FULL_WEEK = (1 << 21) - 1;

/** Day part of a Shanghai wall-clock hour: morning before 12:00, afternoon before 18:00, evening. */
export function partOfHour(hour: number): 0 | 1 | 2 {
  return hour < 12 ? 0 : hour < 18 ? 1 : 2;
}

/** The availability bits a window [startsAt, endsAt) touches, in Asia/Shanghai. */
export function windowMask(startsAt: Date, endsAt: Date): number {
  let t = startsAt.getTime() + SHANGHAI_OFFSET_MS;
  const end = endsAt.getTime() + SHANGHAI_OFFSET_MS;
  if (end <= t) return 0;
  if (end - t >= 7 * DAY_MS) return FULL_WEEK;
  let mask = 0;
  while (t < end) {
    const d = new Date(t);
    const day = (d.getUTCDay() + 6) % 7;
    const hour = d.getUTCHours();
    const part = partOfHour(hour);
    mask |= 1 << (day * 3 + part);
    const midnight = t - (t % DAY_MS);
    t = midnight + (part === 0 ? 12 : part === 1 ? 18 : 24) * 3_600_000;
  }
  return mask;
}

/** The first availability slot both share, as (day, part), or undefined. */
export function firstSharedSlot(
  availability: number,
  mask: number,
): { day: number; part: number } | undefined {
  const both = availability & mask;
  if (!both) return undefined;
  const bit = 31 - Math.clz32(both & -both);
  return { day: Math.floor(bit / 3), part: bit % 3 };
}

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function haversineM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLng = (lng2 - lng1) * r;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Degrees of latitude and longitude that contain a circle of `m` metres around a point. */
export function boundingBox(lat: number, lng: number, m: number) {
  const dLat = (m / 6_371_000) * (180 / Math.PI);
  const dLng = dLat / Math.max(0.01, Math.cos((Math.min(Math.abs(lat) + dLat, 89) * Math.PI) / 180));
  return { latLo: lat - dLat, latHi: lat + dLat, lngLo: lng - dLng, lngHi: lng + dLng };
}

/** The box around every located need, grown by `m` metres; null when none has a location. */
export function boundingBoxOfNeeds(needs: readonly { lat: number | null; lng: number | null }[], m: number) {
  let box: ReturnType<typeof boundingBox> | null = null;
  for (const n of needs) {
    if (n.lat === null || n.lng === null) continue;
    const b = boundingBox(n.lat, n.lng, m);
    box = box
      ? {
          latLo: Math.min(box.latLo, b.latLo),
          latHi: Math.max(box.latHi, b.latHi),
          lngLo: Math.min(box.lngLo, b.lngLo),
          lngHi: Math.max(box.lngHi, b.lngHi),
        }
      : b;
  }
  return box;
}

/** Rounds half up, the same way in JavaScript and SQL (floor(x + 0.5)). */
const roundHalfUp = (x: number) => Math.floor(x + 0.5);

export function distanceCost(meters: number | null): number {
  return meters === null ? MATCH.noLocationCost : roundHalfUp(meters / MATCH.metersPerCost);
}

/** Whole days since the last service (0 for today or a time in the future), or null if never. */
export function daysSince(lastServedAt: Date | null, now: Date): number | null {
  if (!lastServedAt) return null;
  return Math.max(0, Math.floor((now.getTime() - lastServedAt.getTime()) / DAY_MS));
}

export function loadCost(openCommitments: number, days: number | null): number {
  const open = Math.min(Math.max(openCommitments, 0), MATCH.openCommitmentsCap) * MATCH.perOpenCommitment;
  const recent = days === null ? 0 : Math.max(0, MATCH.recentDays - days) * MATCH.perRecentDay;
  return open + recent;
}

/** The rating shrunk towards the prior (a Bayesian average). */
export function ratingEstimate(ratingSum: number, ratingCount: number): number {
  return (
    (ratingSum + MATCH.ratingPriorMean * MATCH.ratingPriorWeight) /
    (Math.max(ratingCount, 0) + MATCH.ratingPriorWeight)
  );
}

export function ratingCost(ratingSum: number, ratingCount: number): number {
  return Math.max(0, roundHalfUp((5 - ratingEstimate(ratingSum, ratingCount)) * MATCH.perMissingStar));
}

export function otherSkillsCost(otherSkills: number): number {
  return Math.min(Math.max(otherSkills, 0), MATCH.otherSkillsCap) * MATCH.perOtherSkill;
}

export interface NeedFacts {
  id: string;
  areaCode: string;
  skills: readonly string[];
  lat: number | null;
  lng: number | null;
  startsAt: Date;
  endsAt: Date;
  beneficiaryPersonId: string | null;
}

export interface VolunteerFacts {
  id: string;
  personId: string;
  areaCode: string;
  status: string;
  skills: readonly string[];
  availability: number;
  lat: number | null;
  lng: number | null;
  openCommitments: number;
  lastServedAt: Date | null;
  ratingSum: number;
  ratingCount: number;
}

export type Exclusion = 'inactive' | 'beneficiary' | 'skills' | 'availability' | 'distance';

export interface CostTerms {
  distance: number;
  load: number;
  rating: number;
  otherSkills: number;
}

export type Assessment =
  | { ok: false; why: Exclusion }
  | { ok: true; cost: number; terms: CostTerms; distanceM: number | null; days: number | null };

const hasLocation = (x: { lat: number | null; lng: number | null }) => x.lat !== null && x.lng !== null;

/**
 * Hard constraints, then the cost. `mask` is windowMask(need) (passed in so a caller ranking
 * many volunteers computes it once).
 */
export function assess(
  need: NeedFacts,
  v: VolunteerFacts,
  now: Date,
  mask = windowMask(need.startsAt, need.endsAt),
): Assessment {
  if (v.status !== 'active') return { ok: false, why: 'inactive' };
  if (need.beneficiaryPersonId !== null && v.personId === need.beneficiaryPersonId)
    return { ok: false, why: 'beneficiary' };
  for (const s of need.skills) if (!v.skills.includes(s)) return { ok: false, why: 'skills' };
  if ((v.availability & mask) === 0) return { ok: false, why: 'availability' };
  let distanceM: number | null = null;
  if (hasLocation(need) && hasLocation(v)) {
    distanceM = haversineM(need.lat!, need.lng!, v.lat!, v.lng!);
    if (distanceM > MATCH.maxRadiusM) return { ok: false, why: 'distance' };
  } else if (v.areaCode !== need.areaCode) return { ok: false, why: 'distance' };
  const days = daysSince(v.lastServedAt, now);
  const terms: CostTerms = {
    distance: distanceCost(distanceM),
    load: loadCost(v.openCommitments, days),
    rating: ratingCost(v.ratingSum, v.ratingCount),
    otherSkills: otherSkillsCost(v.skills.length - new Set(need.skills).size),
  };
  return {
    ok: true,
    cost: terms.distance + terms.load + terms.rating + terms.otherSkills,
    terms,
    distanceM: distanceM === null ? null : Math.round(distanceM),
    days,
  };
}

export type SkillLabel = (code: string, lang: MatchLang) => string;

export function reason(
  code: MatchReasonCode,
  tone: MatchReasonTone,
  params: Record<string, string | number>,
  skillLabel?: SkillLabel,
): MatchReason {
  return {
    code,
    tone,
    params,
    // Rendered when read: a district's proposal stores tens of thousands of reasons without it.
    get text() {
      return {
        'zh-CN': matchReasonText(code, params, 'zh-CN', skillLabel),
        en: matchReasonText(code, params, 'en', skillLabel),
      };
    },
  };
}

/** The reasons a worker reads beside an eligible pair, one per term, best first. */
export function reasonsOf(
  need: NeedFacts,
  v: VolunteerFacts,
  a: Extract<Assessment, { ok: true }>,
  skillLabel?: SkillLabel,
): MatchReason[] {
  const out: MatchReason[] = [];
  if (a.distanceM !== null)
    out.push(reason('distance', a.distanceM <= 1000 ? 'good' : 'note', { meters: a.distanceM }));
  else out.push(reason('same_community', 'good', {}));
  for (const s of new Set(need.skills)) out.push(reason('skill', 'good', { skill: s }, skillLabel));
  const slot = firstSharedSlot(v.availability, windowMask(need.startsAt, need.endsAt));
  if (slot) out.push(reason('available', 'good', slot));
  if (v.openCommitments > 0) out.push(reason('open_commitments', 'note', { count: v.openCommitments }));
  else if (a.days !== null && a.days < MATCH.recentDays)
    out.push(reason('served_recently', 'note', { days: a.days }));
  else out.push(reason('light_load', 'good', { days: MATCH.recentDays }));
  if (v.ratingCount > 0) {
    const average = Math.round((v.ratingSum / v.ratingCount) * 10) / 10;
    out.push(reason('rating', average >= 4.5 ? 'good' : 'note', { average, count: v.ratingCount }));
  } else out.push(reason('unrated', 'note', {}));
  const others = v.skills.length - new Set(need.skills).size;
  if (others > 0) out.push(reason('other_skills', 'note', { count: others }));
  return out.sort((x, y) => (x.tone === y.tone ? 0 : x.tone === 'good' ? -1 : 1));
}

/** Ranks volunteers for one need by the reference formula: eligible ones, cheapest first, ties by id. */
export function rankVolunteers(
  need: NeedFacts,
  volunteers: readonly VolunteerFacts[],
  now: Date,
  limit: number,
) {
  const mask = windowMask(need.startsAt, need.endsAt);
  const ranked: { volunteer: VolunteerFacts; assessment: Extract<Assessment, { ok: true }> }[] = [];
  for (const v of volunteers) {
    const a = assess(need, v, now, mask);
    if (a.ok) ranked.push({ volunteer: v, assessment: a });
  }
  ranked.sort((x, y) => x.assessment.cost - y.assessment.cost || (x.volunteer.id < y.volunteer.id ? -1 : 1));
  return ranked.slice(0, limit);
}

// --- teams and organisations -------------------------------------------------------------

export interface TeamFacts {
  id: string;
  level: string;
  areaCode: string;
  memberCount: number;
  /** Active members who have every skill the need asks for. */
  qualifiedMembers: number;
}

/**
 * A team's cost: how far its level is from the need's community (its own 0, the street 100,
 * the district 200) and how short of the seats its qualified members fall (100 per seat missing).
 */
export function teamCost(need: { areaCode: string }, seats: number, t: TeamFacts): number {
  const distance =
    t.areaCode === need.areaCode ? 0 : t.areaCode.slice(0, 9) === need.areaCode.slice(0, 9) ? 100 : 200;
  return distance + Math.max(0, seats - t.qualifiedMembers) * 100;
}

export function teamReasons(t: TeamFacts, needsSkills: boolean): MatchReason[] {
  const out = [reason('team_level', 'good', { level: t.level })];
  if (needsSkills)
    out.push(
      reason('team_qualified', t.qualifiedMembers > 0 ? 'good' : 'note', { count: t.qualifiedMembers }),
    );
  out.push(reason('team_size', 'note', { count: t.memberCount }));
  return out;
}

export interface OrgFacts {
  id: string;
  kind: string;
  areaCode: string;
  teams: number;
}

/** Social organisations and civilised units take volunteer work first; the own community first. */
const KIND_COST: Record<string, number> = {
  social_org: 0,
  civilized_unit: 50,
  party_org: 50,
  school: 100,
  enterprise: 100,
  government: 150,
};

export function orgCost(need: { areaCode: string }, o: OrgFacts): number {
  const area = o.areaCode === need.areaCode ? 0 : 100;
  return area + (KIND_COST[o.kind] ?? 150) + (o.teams > 0 ? 0 : 100);
}

export function orgReasons(need: { areaCode: string }, o: OrgFacts): MatchReason[] {
  const out = [
    reason('org_area', 'good', { same: o.areaCode === need.areaCode ? 'community' : 'street' }),
    reason('org_kind', 'note', { kind: o.kind }),
  ];
  if (o.teams > 0) out.push(reason('org_teams', 'good', { count: o.teams }));
  return out;
}

/** A volunteer's name as candidate lists show it: surname and last character (王小英 → 王*英). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}
