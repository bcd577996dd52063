import {
  type AcceptProposalResult,
  type CandidatesResponse,
  type InviteCandidateBody,
  MATCH_REASON_CODES,
  type MatchLang,
  type MatchReason,
  type OrgCandidate,
  type ProposalDetail,
  type ProposalItemsFilter,
  type ProposalSummary,
  reasonText,
  type TeamCandidate,
  type VolunteerCandidate,
} from '../../../contracts/api/matching.ts';
import { VOLUNTEER_SKILL_LABELS } from '../../../contracts/api/volunteers.ts';
import type { ErrorCode } from '../../../contracts/errors.ts';
import {
  type Actor,
  areaPrefix,
  canIn,
  narrowScope,
  requireAnywhere,
  SYSTEM_ACTOR,
} from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { areaNameMap, requireOpenArea } from '../areas/index.ts';
import {
  acceptProposal,
  discardProposal,
  inviteToNeed,
  needForMatching,
  type OpenNeedForMatching,
  openNeedsForMatching,
  saveProposal,
} from '../needs/index.ts';
import { listOrgs } from '../orgs/index.ts';
import { buildCandidateGraph, buildPool, type OpenNeed } from './matching.graph.ts';
import * as repo from './matching.repo.ts';
import {
  assess,
  boundingBoxOfNeeds,
  distanceCost,
  type Exclusion,
  MATCH,
  maskName,
  type NeedFacts,
  orgCost,
  orgReasons,
  reasonsOf,
  teamCost,
  teamReasons,
  type VolunteerFacts,
  windowMask,
} from './matching.rules.ts';
import { solveAssignment } from './matching.solver.ts';

/**
 * Ranking candidates for one need and proposing assignments for an area (ADR 0017). Matching
 * owns no table: it reads volunteers' matching columns, and writes invitations and proposals
 * through the needs module.
 */

const SKILL_LABELS: Record<string, Record<MatchLang, string> | undefined> = VOLUNTEER_SKILL_LABELS;
export const skillLabel = (code: string, lang: MatchLang) => SKILL_LABELS[code]?.[lang] ?? code;

const EXCLUSION_ERRORS: Record<Exclusion, ErrorCode> = {
  inactive: 'MATCHING_VOLUNTEER_INACTIVE',
  beneficiary: 'MATCHING_VOLUNTEER_IS_BENEFICIARY',
  skills: 'MATCHING_VOLUNTEER_LACKS_SKILLS',
  availability: 'MATCHING_VOLUNTEER_UNAVAILABLE',
  distance: 'MATCHING_VOLUNTEER_TOO_FAR',
};

type StoredReason = Omit<MatchReason, 'text'> & { text?: MatchReason['text'] };
const isReason = (r: StoredReason) =>
  typeof r === 'object' && r !== null && (MATCH_REASON_CODES as readonly string[]).includes(r.code);
const withText = (r: StoredReason): MatchReason => ({
  code: r.code,
  tone: r.tone === 'good' ? 'good' : 'note',
  params: r.params ?? {},
  text: { 'zh-CN': reasonText(r, 'zh-CN', skillLabel), en: reasonText(r, 'en', skillLabel) },
});

const TEAMS_SHOWN = 10;
const ORGS_SHOWN = 10;

const toFacts = (n: OpenNeedForMatching): NeedFacts => ({
  id: n.id,
  areaCode: n.areaCode,
  skills: [...new Set(n.skills)],
  lat: n.lat,
  lng: n.lng,
  startsAt: n.startsAt,
  endsAt: n.endsAt,
  beneficiaryPersonId: n.beneficiaryPersonId,
});

/**
 * The need, if the actor may post needs where it is: 404 for a need the actor cannot read,
 * 403 for one it reads but may not act on.
 */
async function requirePostableNeed(ctx: Ctx, actor: Actor, needId: string) {
  const n = await needForMatching(ctx.db, needId);
  if (!n || !canIn(actor, 'need.read', n.areaCode)) throw new AppError('NEED_NOT_FOUND');
  if (!canIn(actor, 'need.post', n.areaCode)) throw new AppError('FORBIDDEN');
  return n;
}

const engagedWith = async (ctx: Ctx, needId: string): Promise<repo.Engaged> =>
  (await repo.findEngaged(ctx.db, [needId])).get(needId) ?? { invited: new Set(), claiming: new Set() };

// --- ranking one need ----------------------------------------------------------------------

/**
 * Ranked volunteers with reasons. SQL applies the hard constraints and orders by cost (a few
 * rows beyond the top 20, in case floating point rounds a distance differently), then the
 * reference rules recompute each cost and reason here.
 *
 * Nearby first: anybody farther than r metres costs at least distanceCost(r), so when the 20th
 * candidate within r costs less than that, nobody farther can enter the list and the wider
 * search is skipped.
 */
const RINGS_M = [1200, 2500];

async function rankVolunteerCandidates(ctx: Ctx, n: OpenNeedForMatching, engaged: repo.Engaged) {
  const need = toFacts(n);
  const now = ctx.clock.now();
  const mask = windowMask(need.startsAt, need.endsAt);
  // Volunteers already claiming are serving: not candidates. Invited ones stay, marked invited.
  const excluded = [...engaged.claiming]
    .filter((k) => k.startsWith('volunteer:'))
    .map((k) => k.slice('volunteer:'.length));
  const query = (radiusM: number) =>
    repo.rankVolunteersSql(ctx.db, {
      areaCode: need.areaCode,
      skills: [...need.skills],
      lat: need.lat,
      lng: need.lng,
      mask,
      beneficiaryPersonId: need.beneficiaryPersonId,
      now,
      excludeIds: excluded,
      radiusM,
      limit: MATCH.topCandidates * 3,
    });
  const rank = (rows: repo.RankedRow[]) =>
    rows
      .map((v) => ({ v, a: assess(need, v, now, mask) }))
      .filter((x): x is { v: repo.RankedRow; a: Extract<ReturnType<typeof assess>, { ok: true }> } => x.a.ok)
      .sort((x, y) => x.a.cost - y.a.cost || (x.v.id < y.v.id ? -1 : 1))
      .slice(0, MATCH.topCandidates);
  // Needs that ask for skills have few candidates nearby (in the benchmark's district the
  // nearest ring sufficed for 9 needs in 10 without skills, 1 in 10 with): they go straight to
  // the full radius, where the skills index keeps the rows few.
  const located = need.lat !== null && need.lng !== null;
  if (located && need.skills.length === 0)
    for (const r of RINGS_M) {
      const near = rank(await query(r));
      if (near.length === MATCH.topCandidates && near.at(-1)!.a.cost < distanceCost(r))
        return { need, ranked: near };
    }
  return { need, ranked: rank(await query(MATCH.maxRadiusM)) };
}

export async function rankCandidates(ctx: Ctx, actor: Actor, needId: string): Promise<CandidatesResponse> {
  const n = await requirePostableNeed(ctx, actor, needId);
  const engaged = await engagedWith(ctx, needId);
  const invited = (key: string) => engaged.invited.has(key) || engaged.claiming.has(key);
  const [{ need, ranked }, teams, orgs, areas] = await Promise.all([
    rankVolunteerCandidates(ctx, n, engaged),
    rankTeams(ctx, n),
    rankOrgs(ctx, n),
    areaNameMap(ctx.db),
  ]);
  const names = await repo.findVolunteerNames(
    ctx.db,
    ranked.map((r) => r.v.id),
  );
  const areaName = (code: string) => areas.get(code)?.name ?? code;
  const volunteers: VolunteerCandidate[] = ranked.map(({ v, a }) => ({
    volunteerId: v.id,
    volunteerNo: v.volunteerNo,
    name: maskName(names.get(v.id)?.name ?? ''),
    areaCode: v.areaCode,
    areaName: areaName(v.areaCode),
    cost: a.cost,
    distanceM: a.distanceM,
    reasons: reasonsOf(need, v, a, skillLabel),
    invited: invited(`volunteer:${v.id}`),
  }));
  return {
    needId: n.id,
    seatsLeft: n.seatsLeft,
    radiusM: MATCH.maxRadiusM,
    volunteers,
    teams: teams.map((t) => ({ ...t, areaName: areaName(t.areaCode), invited: invited(`team:${t.teamId}`) })),
    orgs: orgs.map((o) => ({ ...o, areaName: areaName(o.areaCode), invited: invited(`org:${o.orgId}`) })),
  };
}

type Ranked<T> = Omit<T, 'areaName' | 'invited'>;

async function rankTeams(
  ctx: Ctx,
  n: OpenNeedForMatching,
  limit = TEAMS_SHOWN,
): Promise<Ranked<TeamCandidate>[]> {
  const skills = [...new Set(n.skills)];
  const seats = Math.max(1, n.seatsLeft);
  const rows = await repo.findTeamsNear(ctx.db, n.areaCode, skills);
  return rows
    .map((t) => ({ t, cost: teamCost(n, seats, t) }))
    .sort(
      (x, y) => x.cost - y.cost || y.t.qualifiedMembers - x.t.qualifiedMembers || (x.t.id < y.t.id ? -1 : 1),
    )
    .slice(0, limit)
    .map(({ t, cost }) => ({
      teamId: t.id,
      name: t.name,
      level: t.level,
      areaCode: t.areaCode,
      memberCount: t.memberCount,
      qualifiedMembers: t.qualifiedMembers,
      cost,
      reasons: teamReasons(t, skills.length > 0),
    }));
}

/** Organisations of the need's street that are open, ranked by kind and community. */
async function rankOrgs(
  ctx: Ctx,
  n: OpenNeedForMatching,
  limit = ORGS_SHOWN,
): Promise<Ranked<OrgCandidate>[]> {
  const page = await listOrgs(ctx, SYSTEM_ACTOR, { area: n.areaCode.slice(0, 9), page: 1, pageSize: 200 });
  const open = page.items.filter((o) => !o.closedOn);
  const teams = await repo.countTeamsOfOrgs(
    ctx.db,
    open.map((o) => o.id),
  );
  return open
    .map((o) => {
      const facts = { id: o.id, kind: o.kind, areaCode: o.areaCode, teams: teams.get(o.id) ?? 0 };
      return { o, facts, cost: orgCost(n, facts) };
    })
    .sort((x, y) => x.cost - y.cost || (x.o.name < y.o.name ? -1 : 1))
    .slice(0, limit)
    .map(({ o, facts, cost }) => ({
      orgId: o.id,
      name: o.name,
      kind: o.kind,
      areaCode: o.areaCode,
      cost,
      reasons: orgReasons(n, facts),
    }));
}

/**
 * One-click invitation of a ranked candidate. The server ranks the candidate again and sends
 * its own reasons (a volunteer who no longer qualifies is refused with the reason); the needs
 * module writes the invitation, its audit row and the notification.
 */
export async function inviteCandidate(ctx: Ctx, actor: Actor, needId: string, body: InviteCandidateBody) {
  const n = await requirePostableNeed(ctx, actor, needId);
  let reasons: MatchReason[];
  if (body.type === 'volunteer') {
    const [v] = await repo.findVolunteerFacts(ctx.db, [body.id]);
    if (!v) throw fieldError('id', 'NEED_INVITEE_NOT_FOUND');
    const need = toFacts(n);
    const a = assess(need, v, ctx.clock.now());
    if (!a.ok) throw new AppError(EXCLUSION_ERRORS[a.why], { km: MATCH.maxRadiusM / 1000 });
    reasons = reasonsOf(need, v, a, skillLabel);
  } else if (body.type === 'team') {
    // A team or organisation from farther away may still be invited; it just has no reasons.
    const t = (await rankTeams(ctx, n, Number.POSITIVE_INFINITY)).find((x) => x.teamId === body.id);
    reasons = t?.reasons ?? [];
  } else {
    const o = (await rankOrgs(ctx, n, Number.POSITIVE_INFINITY)).find((x) => x.orgId === body.id);
    reasons = o?.reasons ?? [];
  }
  const r = await inviteToNeed(ctx, actor, needId, [{ type: body.type, id: body.id, reasons }]);
  return { needId, type: body.type, id: body.id, invitationId: r.invitationIds[0] ?? null };
}

// --- area-wide proposal --------------------------------------------------------------------

export interface ProposalRun {
  proposalId: string;
  /** Milliseconds by step: reading needs and volunteers, candidate graph, solver, saving. */
  timings: { loadMs: number; graphMs: number; solveMs: number; saveMs: number };
  needs: number;
  seats: number;
  edges: number;
  volunteers: number;
  assigned: number;
  cost: number;
  lowerBound: number;
}

/**
 * The candidate graph of an area: its open needs with seats left (K cheapest eligible
 * volunteers each), leaving out volunteers already claiming or invited to a need.
 */
export async function buildAreaGraph(ctx: Ctx, areaCode: string, now: Date) {
  const t0 = performance.now();
  const open = (await openNeedsForMatching(ctx.db, [areaPrefix(areaCode)], now)).filter(
    (n) => n.seatsLeft > 0,
  );
  const needs: OpenNeed[] = open.map((n) => ({ ...toFacts(n), seatsLeft: n.seatsLeft }));
  const beneficiaries = [
    ...new Set(needs.map((n) => n.beneficiaryPersonId).filter((p): p is string => p !== null)),
  ];
  const [volunteers, engaged, benefVolunteers] = await Promise.all([
    needs.length
      ? repo.loadVolunteerPool(ctx.db, {
          box: boundingBoxOfNeeds(needs, MATCH.maxRadiusM + 1),
          areaCodes: [...new Set(needs.map((n) => n.areaCode))],
        })
      : Promise.resolve([]),
    repo.findEngaged(
      ctx.db,
      needs.map((n) => n.id),
    ),
    repo.volunteersOfPersons(ctx.db, beneficiaries),
  ]);
  // Not proposed for a need: who is invited to it or claiming it already, and (the pool is read
  // without person ids) the beneficiary, when a volunteer.
  const excluded = new Map<string, Set<string>>();
  for (const n of needs) {
    const e = engaged.get(n.id);
    const set = new Set([...(e?.invited ?? []), ...(e?.claiming ?? [])]);
    const v = n.beneficiaryPersonId ? benefVolunteers.get(n.beneficiaryPersonId) : undefined;
    if (v) set.add(`volunteer:${v}`);
    if (set.size) excluded.set(n.id, set);
  }
  const t1 = performance.now();
  const pool = buildPool(volunteers, now);
  const graph = buildCandidateGraph(pool, needs, excluded);
  const t2 = performance.now();
  return { pool, graph, loadMs: t1 - t0, graphMs: t2 - t1 };
}

/**
 * Proposes assignments for every open need of an area the actor may post needs in: the
 * candidate graph, solved exactly, stored through the needs module for a worker to review.
 */
export async function proposeAssignments(
  ctx: Ctx,
  actor: Actor,
  input: { areaCode: string },
): Promise<ProposalRun> {
  const area = await requireOpenArea(ctx.db, input.areaCode);
  if (!canIn(actor, 'need.post', area.code)) throw new AppError('FORBIDDEN');
  const now = ctx.clock.now();
  const { pool, graph, loadMs, graphMs } = await buildAreaGraph(ctx, area.code, now);
  if (graph.needs.length === 0) throw new AppError('MATCHING_NOTHING_TO_MATCH', { area: area.name });
  const t2 = performance.now();
  const result = solveAssignment(graph.problem);
  const t3 = performance.now();
  const items: { needId: string; volunteerId: string; cost: number; reasons: Omit<MatchReason, 'text'>[] }[] =
    [];
  for (let r = 0; r < result.rowCol.length; r++) {
    const col = result.rowCol[r]!;
    if (col === -1) continue;
    const need = graph.needs[result.rowGroup[r]!]!;
    const v: VolunteerFacts = pool.facts[col]!;
    const a = assess(need, v, now);
    items.push({
      needId: need.id,
      volunteerId: v.id,
      cost: graph.problem.edgeCost[result.rowEdge[r]!]!,
      // Without their text: a district's proposal has tens of thousands of items.
      reasons: a.ok ? reasonsOf(need, v, a).map(({ code, tone, params }) => ({ code, tone, params })) : [],
    });
  }
  const seats = graph.needs.reduce((s, n) => s + n.seatsLeft, 0);
  const { proposalId } = await saveProposal(ctx, actor, {
    areaCode: area.code,
    items,
    cost: result.cost,
    lowerBound: result.lowerBound,
    solveMs: graphMs + (t3 - t2),
    needCount: graph.needs.length,
    seatCount: seats,
  });
  const t4 = performance.now();
  return {
    proposalId,
    timings: { loadMs, graphMs, solveMs: t3 - t2, saveMs: t4 - t3 },
    needs: graph.needs.length,
    seats,
    edges: graph.problem.edgeCol.length,
    volunteers: pool.size,
    assigned: result.assigned,
    cost: result.cost,
    lowerBound: result.lowerBound,
  };
}

/**
 * A proposal is the posting workers' working paper: 404 outside the actor's need.read area, 403
 * for those who read needs there but do not post them (providers, volunteers).
 */
async function requireReadableProposal(ctx: Ctx, actor: Actor, id: string) {
  const p = await repo.findProposalRow(ctx.db, id);
  if (!p || !canIn(actor, 'need.read', p.areaCode)) throw new AppError('NEED_PROPOSAL_NOT_FOUND');
  if (!canIn(actor, 'need.post', p.areaCode)) throw new AppError('FORBIDDEN');
  return p;
}

function presentSummary(p: repo.ProposalRow, areas: Map<string, { name: string }>): ProposalSummary {
  return {
    id: p.id,
    areaCode: p.areaCode,
    areaName: areas.get(p.areaCode)?.name ?? p.areaCode,
    status: p.status as ProposalSummary['status'],
    needCount: p.needCount,
    seatCount: p.seatCount,
    assignedSeats: p.assignedSeats,
    cost: p.cost,
    lowerBound: p.lowerBound,
    optimal: p.cost === p.lowerBound,
    unfilledPenalty: MATCH.unfilledCost,
    solveMs: p.solveMs,
    createdAt: p.createdAt.toISOString(),
    decidedAt: p.decidedAt ? p.decidedAt.toISOString() : null,
  };
}

/** A proposal with one page of its items (filtered by community or category) and its unfilled needs. */
export async function getProposalDetail(
  ctx: Ctx,
  actor: Actor,
  id: string,
  q: Partial<ProposalItemsFilter> = {},
): Promise<ProposalDetail> {
  const p = await requireReadableProposal(ctx, actor, id);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const [areas, items, unfilled] = await Promise.all([
    areaNameMap(ctx.db),
    repo.findProposalItemsPage(ctx.db, p.id, {
      area: q.area ? areaPrefix(q.area.padEnd(12, '0')) : undefined,
      category: q.category,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    }),
    p.status === 'proposed'
      ? repo.findUnfilledNeeds(ctx.db, p.id, areaPrefix(p.areaCode), ctx.clock.now(), 100)
      : Promise.resolve({ rows: [], total: 0 }),
  ]);
  return {
    ...presentSummary(p, areas),
    items: items.rows.map((i) => ({
      needId: i.needId,
      needNo: i.needNo,
      needTitle: i.needTitle,
      category: i.category,
      needAreaCode: i.needAreaCode,
      needAreaName: areas.get(i.needAreaCode)?.name ?? i.needAreaCode,
      startsAt: i.startsAt.toISOString(),
      volunteerId: i.volunteerId,
      volunteerNo: i.volunteerNo,
      volunteerName: maskName(i.volunteerName),
      cost: i.cost,
      reasons: Array.isArray(i.reasons) ? (i.reasons as StoredReason[]).filter(isReason).map(withText) : [],
    })),
    total: items.total,
    page,
    pageSize,
    unfilled: unfilled.rows,
    unfilledNeeds: unfilled.total,
  };
}

/** The latest proposals in the actor's area (or a part of it), newest first. */
export async function listProposals(ctx: Ctx, actor: Actor, q: { area?: string }) {
  const scope = narrowScope(requireAnywhere(actor, 'need.post'), q.area);
  const [rows, areas] = await Promise.all([repo.findRecentProposals(ctx.db, scope, 20), areaNameMap(ctx.db)]);
  return { items: rows.map((p) => presentSummary(p, areas)) };
}

export async function acceptProposalAndPresent(
  ctx: Ctx,
  actor: Actor,
  id: string,
): Promise<AcceptProposalResult> {
  await requireReadableProposal(ctx, actor, id);
  const r = await acceptProposal(ctx, actor, id);
  return { ...r, proposal: await getProposalDetail(ctx, actor, id) };
}

export async function discardProposalAndPresent(ctx: Ctx, actor: Actor, id: string): Promise<ProposalDetail> {
  await requireReadableProposal(ctx, actor, id);
  await discardProposal(ctx, actor, id);
  return getProposalDetail(ctx, actor, id);
}
