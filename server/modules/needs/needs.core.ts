import type {
  BeneficiaryFlag,
  ClaimantOption,
  ClaimantType,
  ClaimStatus,
  InvitationStatus,
  Need,
  NeedAction,
  NeedCategory,
  NeedStatus,
} from '../../../contracts/api/needs.ts';
import type { NotificationKind } from '../../../contracts/api/notifications.ts';
import { type Actor, canIn, hasAnywhere, requireAnywhere, SYSTEM_ACTOR } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { toIso } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { areaNameMap } from '../areas/index.ts';
import { userIdsGrantedOn } from '../identity/index.ts';
import { notify } from '../notifications/index.ts';
import { memberUserIds, orgIdsOfUser, orgNames } from '../orgs/index.ts';
import { getPerson } from '../registry/index.ts';
import { getServicePoint } from '../service-points/index.ts';
import * as ports from './needs.ports.ts';
import * as repo from './needs.repo.ts';
import { maskName, transition } from './needs.rules.ts';

/**
 * What every step of the needs board shares (ADR 0013, 0015): who acts and for whom, whom to
 * notify, how needs, claims and invitations are presented, which needs a user may see, and the
 * step engine — every step is one transaction with its need_events row, its audit row and the
 * notifications it sends.
 */

const ENTITY = 'need';
/** The reason an expired need carries (the pages translate it). */
export const EXPIRED_REASON = 'start_passed_unscheduled';

/** Who did it: the signed-in actor, or the system (the sweep, attendance, demo generation). */
export interface Who {
  id: string;
  username: string;
  displayName: string;
}
export const whoOf = (a: Actor): Who => ({ id: a.id, username: a.username, displayName: a.displayName });
export const SYSTEM_WHO = whoOf(SYSTEM_ACTOR);
export const auditActor = (w: Who) => ({ id: w.id, name: w.username });
export const txCtx = (ctx: Ctx, tx: Db): Ctx => ({ ...ctx, db: tx });

/** Shanghai wall-clock text for notifications and errors: 2026-06-16 09:00. */
export function wallClock(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
export function windowText(startsAt: Date, endsAt: Date): string {
  const s = wallClock(startsAt);
  const e = wallClock(endsAt);
  return s.slice(0, 10) === e.slice(0, 10) ? `${s}–${e.slice(11)}` : `${s} – ${e}`;
}

// --- claimants -----------------------------------------------------------------------------

export interface Claimant {
  type: ClaimantType;
  id: string;
  name: string;
}

/** Everyone the user acts for: themself as a volunteer, their organisations, their teams. */
export interface Identity {
  volunteer: ports.VolunteerBrief | null;
  orgIds: string[];
  teams: ports.TeamBrief[];
}

export async function identityOf(db: Db, actor: Actor): Promise<Identity> {
  const [volunteer, orgIds] = await Promise.all([
    ports.volunteerOfUser(db, actor.id),
    orgIdsOfUser(db, actor.id),
  ]);
  const active = volunteer && volunteer.status === 'active' ? volunteer : null;
  const teams = await ports.teamsFor(db, active?.id ?? null, orgIds);
  return { volunteer: active, orgIds, teams };
}

export function keysOf(me: Identity): repo.ClaimantKey[] {
  return [
    ...(me.volunteer ? [{ type: 'volunteer', id: me.volunteer.id }] : []),
    ...me.orgIds.map((id) => ({ type: 'org', id })),
    ...me.teams.map((t) => ({ type: 'team', id: t.id })),
  ];
}

export function represents(me: Identity, type: string, id: string): boolean {
  if (type === 'volunteer') return me.volunteer?.id === id;
  if (type === 'org') return me.orgIds.includes(id);
  return me.teams.some((t) => t.id === id);
}

export async function claimAsOptions(ctx: Ctx, actor: Actor, me: Identity): Promise<ClaimantOption[]> {
  if (!hasAnywhere(actor, 'need.claim')) return [];
  const names = await orgNames(ctx, me.orgIds);
  return [
    ...(me.volunteer ? [{ type: 'volunteer' as const, id: me.volunteer.id, name: me.volunteer.name }] : []),
    ...me.orgIds.map((id) => ({ type: 'org' as const, id, name: names.get(id) ?? id })),
    ...me.teams.map((t) => ({ type: 'team' as const, id: t.id, name: t.name })),
  ];
}

/** Names of claimants and invitees, whatever their type. */
export async function claimantNames(ctx: Ctx, keys: repo.ClaimantKey[]): Promise<Map<string, string>> {
  const ids = (t: string) => [...new Set(keys.filter((k) => k.type === t).map((k) => k.id))];
  const [orgs, vols] = await Promise.all([
    orgNames(ctx, ids('org')),
    ports.findVolunteers(ctx.db, ids('volunteer')),
  ]);
  const out = new Map<string, string>();
  for (const [id, name] of orgs) out.set(`org:${id}`, name);
  for (const [id, v] of vols) out.set(`volunteer:${id}`, v.name);
  for (const id of ids('team')) {
    const t = await ports.teamBrief(ctx.db, id);
    out.set(`team:${id}`, t?.name ?? id);
  }
  return out;
}

/** The users who act for a claimant: an org's staff, a team's leaders, a volunteer's own login. */
export async function usersOfClaimants(db: Db, keys: repo.ClaimantKey[]): Promise<string[]> {
  const orgIds = keys.filter((k) => k.type === 'org').map((k) => k.id);
  const volunteerIds = keys.filter((k) => k.type === 'volunteer').map((k) => k.id);
  for (const k of keys.filter((k) => k.type === 'team')) {
    const t = await ports.teamBrief(db, k.id);
    if (t) volunteerIds.push(...t.leaderIds);
  }
  const [staff, vols] = await Promise.all([
    memberUserIds(db, orgIds),
    ports.findVolunteers(db, volunteerIds),
  ]);
  return [...staff, ...[...vols.values()].map((v) => v.userId).filter((u): u is string => !!u)];
}

export async function usersOfVolunteers(db: Db, ids: string[]): Promise<string[]> {
  const vols = await ports.findVolunteers(db, ids);
  return [...vols.values()].map((v) => v.userId).filter((u): u is string => !!u);
}

/** Community workers of the need's area (a grant on the community, its street or the district). */
export const communityUsers = (db: Db, areaCode: string) =>
  userIdsGrantedOn(db, ['community_worker'], areaCode);

export const activeKeys = (claims: repo.ClaimRow[]): repo.ClaimantKey[] =>
  claims.filter((c) => c.status === 'active').map((c) => ({ type: c.claimantType, id: c.claimantId }));

export async function send(
  ctx: Ctx,
  kind: NotificationKind,
  need: repo.NeedRow,
  userIds: string[],
  extra: Record<string, string | number> = {},
  dedupeKey?: string,
) {
  await notify(ctx, {
    userIds,
    kind,
    params: {
      needNo: need.needNo,
      title: need.title,
      when: windowText(need.startsAt, need.endsAt),
      place: need.place,
      ...extra,
    },
    link: `/needs/${need.id}`,
    ...(dedupeKey ? { dedupeKey } : {}),
  });
}

// --- presentation --------------------------------------------------------------------------

export interface Viewer {
  actor: Actor | null;
}

/** Beneficiaries as the viewer may see them: masked name, age, and the flags they may read. */
async function beneficiaries(ctx: Ctx, viewer: Viewer, ids: string[]) {
  const out = new Map<string, Need['beneficiary']>();
  const today = ctx.clock.today();
  for (const id of ids) {
    let p: Awaited<ReturnType<typeof getPerson>>;
    try {
      p = await getPerson(ctx, SYSTEM_ACTOR, id, today);
    } catch {
      continue;
    }
    const sensitive = viewer.actor ? canIn(viewer.actor, 'person.sensitive_read', p.areaCode) : true;
    const flags: BeneficiaryFlag[] = [];
    if (p.age !== null && p.age >= 60) flags.push('elder');
    if (sensitive && p.facts.some((f) => f.kind === 'disability')) flags.push('disabled');
    if (sensitive && p.facts.some((f) => f.kind === 'low_income')) flags.push('low_income');
    out.set(id, { personId: id, nameMasked: maskName(p.name), age: p.age ?? null, flags });
  }
  return out;
}

async function pointNames(ctx: Ctx, ids: string[]) {
  const out = new Map<string, string>();
  for (const id of ids) {
    try {
      out.set(id, (await getServicePoint(ctx, SYSTEM_ACTOR, id)).name);
    } catch {
      // a point removed since: the need keeps its place text
    }
  }
  return out;
}

export async function present(ctx: Ctx, viewer: Viewer, rows: repo.NeedRow[]): Promise<Need[]> {
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  const [areas, bens, points] = await Promise.all([
    areaNameMap(ctx.db),
    beneficiaries(ctx, viewer, uniq(rows.map((r) => r.beneficiaryPersonId))),
    pointNames(ctx, uniq(rows.map((r) => r.servicePointId))),
  ]);
  const iso = (v: Date | null) => (v == null ? null : toIso(v));
  return rows.map((n) => ({
    id: n.id,
    needNo: n.needNo,
    areaCode: n.areaCode,
    areaName: areas.get(n.areaCode)?.name ?? n.areaCode,
    category: n.category as NeedCategory,
    title: n.title,
    description: n.description,
    beneficiary: n.beneficiaryPersonId ? (bens.get(n.beneficiaryPersonId) ?? null) : null,
    servicePointId: n.servicePointId,
    servicePointName: n.servicePointId ? (points.get(n.servicePointId) ?? null) : null,
    place: n.place,
    lat: n.lat,
    lng: n.lng,
    startsAt: toIso(n.startsAt),
    endsAt: toIso(n.endsAt),
    headcount: n.headcount,
    claimedSeats: n.claimedSeats,
    seatsLeft: Math.max(0, n.headcount - n.claimedSeats),
    skills: n.skills ?? [],
    status: n.status as NeedStatus,
    statusReason: n.statusReason,
    activityId: n.activityId,
    peopleServed: n.peopleServed,
    rating: n.rating,
    ratingComment: n.ratingComment,
    publishedAt: iso(n.publishedAt),
    createdAt: toIso(n.createdAt),
    version: n.version,
  }));
}

export async function presentClaims(ctx: Ctx, me: Identity | null, claims: repo.ClaimRow[], post = false) {
  const names = await claimantNames(
    ctx,
    claims.map((c) => ({ type: c.claimantType, id: c.claimantId })),
  );
  // A team's members, for whoever may name the team's volunteers (its leader, its org, the community).
  const members = new Map<string, string[]>();
  for (const c of claims)
    if (
      c.claimantType === 'team' &&
      c.status === 'active' &&
      (post || (me && represents(me, 'team', c.claimantId)))
    )
      members.set(c.id, (await ports.teamBrief(ctx.db, c.claimantId))?.memberIds ?? []);
  const vols = await ports.findVolunteers(ctx.db, [
    ...new Set([...claims.flatMap((c) => c.volunteerIds ?? []), ...[...members.values()].flat()]),
  ]);
  const brief = (id: string) => {
    const v = vols.get(id);
    return { id, name: v ? maskName(v.name) : id, volunteerNo: v?.volunteerNo ?? '' };
  };
  return claims.map((c) => ({
    id: c.id,
    needId: c.needId,
    claimantType: c.claimantType as ClaimantType,
    claimantId: c.claimantId,
    claimantName: names.get(`${c.claimantType}:${c.claimantId}`) ?? c.claimantId,
    seats: c.seats,
    status: c.status as ClaimStatus,
    volunteers: (c.volunteerIds ?? []).map(brief),
    invitationId: c.invitationId,
    claimedAt: toIso(c.claimedAt),
    withdrawnAt: c.withdrawnAt ? toIso(c.withdrawnAt) : null,
    note: c.note,
    mine: !!me && represents(me, c.claimantType, c.claimantId),
    candidates: (members.get(c.id) ?? []).filter((id) => vols.get(id)?.status === 'active').map(brief),
  }));
}

export async function presentInvitations(ctx: Ctx, me: Identity | null, rows: repo.InvitationRow[]) {
  const names = await claimantNames(
    ctx,
    rows.map((r) => ({ type: r.inviteeType, id: r.inviteeId })),
  );
  return rows.map((r) => ({
    id: r.id,
    needId: r.needId,
    inviteeType: r.inviteeType as ClaimantType,
    inviteeId: r.inviteeId,
    inviteeName: names.get(`${r.inviteeType}:${r.inviteeId}`) ?? r.inviteeId,
    status: r.status as InvitationStatus,
    reasons: Array.isArray(r.reasons) ? (r.reasons as unknown[]) : [],
    proposalId: r.proposalId,
    invitedAt: toIso(r.invitedAt),
    respondedAt: r.respondedAt ? toIso(r.respondedAt) : null,
    mine: !!me && represents(me, r.inviteeType, r.inviteeId),
  }));
}

// --- reads ---------------------------------------------------------------------------------

export const mayPost = (actor: Actor, n: { areaCode: string }) => canIn(actor, 'need.post', n.areaCode);

/**
 * Whether the need exists for the actor: every need of an area where they post needs, needs past
 * their draft where they read needs, and any need they (or whom they act for) claimed or were
 * invited to.
 */
export async function isVisible(ctx: Ctx, actor: Actor, n: repo.NeedRow, me?: Identity): Promise<boolean> {
  if (mayPost(actor, n)) return true;
  if (n.status !== 'draft' && canIn(actor, 'need.read', n.areaCode)) return true;
  if (n.status === 'draft') return false;
  const keys = keysOf(me ?? (await identityOf(ctx.db, actor)));
  if (keys.length === 0) return false;
  const [claims, invitations] = await Promise.all([
    repo.findClaims(ctx.db, n.id),
    repo.findInvitations(ctx.db, n.id),
  ]);
  return (
    claims.some((c) => keys.some((k) => k.type === c.claimantType && k.id === c.claimantId)) ||
    invitations.some((i) => keys.some((k) => k.type === i.inviteeType && k.id === i.inviteeId))
  );
}

export async function requireVisible(
  ctx: Ctx,
  actor: Actor,
  id: string,
  me?: Identity,
): Promise<repo.NeedRow> {
  requireAnywhere(actor, 'need.read');
  const n = await repo.findNeed(ctx.db, id);
  if (!n || !(await isVisible(ctx, actor, n, me))) throw new AppError('NEED_NOT_FOUND');
  return n;
}

// --- the step engine -----------------------------------------------------------------------

export function snapshot(n: Partial<repo.NeedRow>) {
  return {
    needNo: n.needNo,
    status: n.status,
    areaCode: n.areaCode,
    category: n.category,
    title: n.title,
    beneficiaryPersonId: n.beneficiaryPersonId ?? null,
    place: n.place,
    startsAt: n.startsAt ? toIso(n.startsAt) : undefined,
    endsAt: n.endsAt ? toIso(n.endsAt) : undefined,
    headcount: n.headcount,
    claimedSeats: n.claimedSeats,
    skills: n.skills,
    activityId: n.activityId ?? null,
    peopleServed: n.peopleServed ?? null,
    rating: n.rating ?? null,
    version: n.version,
  };
}

export function refuse(n: repo.NeedRow, action: NeedAction): never {
  throw new AppError('NEED_TRANSITION_INVALID', { from: n.status, action });
}

/** The need's event row and audit row of one step. */
export async function record(
  ctx: Ctx,
  tx: Db,
  who: Who,
  action: string,
  before: repo.NeedRow | null,
  after: repo.NeedRow,
  opts: { note?: string | null; reason?: string | null; extra?: Record<string, unknown> } = {},
) {
  const now = ctx.clock.now();
  await repo.insertEvent(tx, {
    id: newId(now.getTime()),
    needId: after.id,
    at: now,
    fromStatus: before?.status ?? null,
    toStatus: after.status,
    actorId: who.id,
    actorName: who.displayName,
    // The table keeps no action column: the step's action leads the note, the timeline splits it.
    note: `[${action}]${opts.note ? ` ${opts.note}` : ''}`,
  });
  await recordAudit(tx, ctx.clock, auditActor(who), {
    action: `need.${action}`,
    entityType: ENTITY,
    entityId: after.id,
    areaCode: after.areaCode,
    before: before ? snapshot(before) : null,
    after: { ...snapshot(after), ...(opts.extra ?? {}) },
    reason: opts.reason ?? null,
  });
}

/** Locks the need; it must exist for the actor (else NEED_NOT_FOUND). */
export async function lockVisible(ctx: Ctx, tx: Db, actor: Actor, id: string, me?: Identity) {
  requireAnywhere(actor, 'need.read');
  const n = await repo.findNeed(tx, id, true);
  if (!n || !(await isVisible(txCtx(ctx, tx), actor, n, me))) throw new AppError('NEED_NOT_FOUND');
  return n;
}

/** A community step: need.post on the need's area, the state allowing it, the version matching. */
export async function lockForCommunity(
  ctx: Ctx,
  tx: Db,
  actor: Actor,
  id: string,
  action: NeedAction,
  version?: number,
) {
  const n = await lockVisible(ctx, tx, actor, id);
  if (!mayPost(actor, n)) throw new AppError('FORBIDDEN');
  const t = transition(n.status as NeedStatus, action, 'community');
  if (!t.ok) refuse(n, action);
  if (version !== undefined && n.version !== version) throw new AppError('VERSION_CONFLICT');
  return { n, to: t.to };
}
