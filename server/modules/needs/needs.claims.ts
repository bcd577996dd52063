import type { ClaimantType, NeedStatus } from '../../../contracts/api/needs.ts';
import { type Actor, canIn, requireAnywhere } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { orgIdsOfUser, orgNames } from '../orgs/index.ts';
import {
  activeKeys,
  type Claimant,
  claimantNames,
  communityUsers,
  identityOf,
  lockForCommunity,
  lockVisible,
  mayPost,
  record,
  refuse,
  represents,
  SYSTEM_WHO,
  send,
  txCtx,
  usersOfClaimants,
  usersOfVolunteers,
  type Who,
  wallClock,
  whoOf,
} from './needs.core.ts';
import * as ports from './needs.ports.ts';
import * as repo from './needs.repo.ts';
import { attendanceSteps, checkSeats, seatsStatus, transition } from './needs.rules.ts';
import { getNeed } from './needs.service.ts';

/**
 * Claims and what follows them (ADR 0013): organisations, teams and volunteers claim seats under
 * the need's row lock; the claimants' volunteers are named; scheduling creates the need's
 * activity; attendance moves the need to in progress and done; the community confirms and rates.
 */

/**
 * The claimant the actor names: themself as a volunteer (one seat), an organisation they work
 * for, a team they lead or whose organisation they work for.
 */
async function resolveClaimant(
  ctx: Ctx,
  actor: Actor,
  type: ClaimantType,
  claimantId: string | undefined,
): Promise<Claimant> {
  if (type === 'volunteer') {
    const v = await ports.volunteerOfUser(ctx.db, actor.id);
    if (v?.status !== 'active') throw new AppError('NEED_NOT_A_VOLUNTEER');
    if (claimantId && claimantId !== v.id) throw new AppError('FORBIDDEN');
    return { type, id: v.id, name: v.name };
  }
  if (!claimantId) throw fieldError('claimantId', 'FIELD_REQUIRED');
  if (type === 'org') {
    const names = await orgNames(ctx, [claimantId]);
    const name = names.get(claimantId);
    if (!name) throw fieldError('claimantId', 'NEED_CLAIMANT_NOT_FOUND');
    if (!(await orgIdsOfUser(ctx.db, actor.id)).includes(claimantId)) throw new AppError('FORBIDDEN');
    return { type, id: claimantId, name };
  }
  const team = await ports.teamBrief(ctx.db, claimantId);
  if (team?.status !== 'active') throw fieldError('claimantId', 'NEED_CLAIMANT_NOT_FOUND');
  const [v, orgIds] = await Promise.all([
    ports.volunteerOfUser(ctx.db, actor.id),
    orgIdsOfUser(ctx.db, actor.id),
  ]);
  const leads = !!v && v.status === 'active' && team.leaderIds.includes(v.id);
  if (!leads && !orgIds.includes(team.orgId)) throw new AppError('FORBIDDEN');
  return { type, id: team.id, name: team.name };
}

/**
 * One claim on a locked need: the state must be published and not started, the claimant must
 * not hold a claim already, the seats must be there. Partial claims keep the need published;
 * the claim that fills the headcount makes it claimed and lapses the pending invitations.
 */
export async function claimLocked(
  ctx: Ctx,
  tx: Db,
  who: Who,
  n: repo.NeedRow,
  claimant: Claimant,
  seats: number,
  opts: { invitationId?: string | null; note?: string | null } = {},
): Promise<string> {
  const now = ctx.clock.now();
  if (!transition(n.status as NeedStatus, 'claim', 'claimant').ok) refuse(n, 'claim');
  if (n.startsAt.getTime() <= now.getTime())
    throw new AppError('NEED_ALREADY_STARTED', { startsAt: wallClock(n.startsAt), action: 'claim' });
  if (await repo.findActiveClaim(tx, n.id, claimant.type, claimant.id))
    throw new AppError('NEED_ALREADY_CLAIMED', { claimant: claimant.name });
  if (claimant.type === 'volunteer' && seats !== 1)
    throw new AppError('NEED_VOLUNTEER_ONE_SEAT', { requested: seats });
  const check = checkSeats(n.headcount, n.claimedSeats, seats);
  if (!check.ok) throw new AppError('NEED_SEATS_EXCEEDED', { requested: check.requested, left: check.left });
  const claimedAfter = n.claimedSeats + seats;
  const to = seatsStatus(claimedAfter, n.headcount);
  const claimId = newId(now.getTime());
  await repo.insertClaim(tx, {
    id: claimId,
    needId: n.id,
    claimantType: claimant.type,
    claimantId: claimant.id,
    seats,
    status: 'active',
    volunteerIds: claimant.type === 'volunteer' ? [claimant.id] : [],
    invitationId: opts.invitationId ?? null,
    claimedBy: who.id,
    claimedAt: now,
    note: opts.note ?? null,
  });
  const after = await repo.updateNeedRow(
    tx,
    n.id,
    {
      claimedSeats: claimedAfter,
      status: to,
      firstClaimedAt: n.firstClaimedAt ?? now,
      ...(to === 'claimed' ? { filledAt: now } : {}),
    },
    now,
  );
  await record(ctx, tx, who, 'claim', n, after, {
    note: `${claimant.name} +${seats}`,
    extra: { claim: { id: claimId, claimantType: claimant.type, claimantId: claimant.id, seats } },
  });
  if (claimant.type === 'volunteer') await ports.adjustCommitments(txCtx(ctx, tx), [claimant.id], 1);
  const community = await communityUsers(tx, n.areaCode);
  await send(txCtx(ctx, tx), 'need.claimed', after, community, { claimant: claimant.name, seats });
  if (to === 'claimed') {
    await repo.expirePendingInvitations(tx, n.id, now);
    const claims = await repo.findClaims(tx, n.id);
    const users = [...community, ...(await usersOfClaimants(tx, activeKeys(claims)))];
    await send(txCtx(ctx, tx), 'need.filled', after, users);
  }
  return claimId;
}

export interface ClaimInput {
  claimantType: ClaimantType;
  claimantId?: string;
  seats?: number;
  note?: string;
}

/**
 * Claims seats. The need row is locked (`SELECT … FOR UPDATE`) and the seats are checked under
 * the lock, so concurrent claimants never exceed the headcount.
 */
export async function claimNeed(ctx: Ctx, actor: Actor, id: string, input: ClaimInput) {
  requireAnywhere(actor, 'need.claim');
  const claimant = await resolveClaimant(ctx, actor, input.claimantType, input.claimantId);
  const who = whoOf(actor);
  await ctx.db.transaction(async (tx) => {
    const n = await lockVisible(ctx, tx, actor, id);
    if (!canIn(actor, 'need.claim', n.areaCode)) throw new AppError('FORBIDDEN');
    await claimLocked(ctx, tx, who, n, claimant, input.seats ?? 1, { note: input.note ?? null });
  });
  return getNeed(ctx, actor, id);
}

/** A claimant withdraws before scheduling: the seats are free again. */
export async function withdrawClaim(
  ctx: Ctx,
  actor: Actor,
  needId: string,
  claimId: string,
  input: { reason?: string } = {},
) {
  const who = whoOf(actor);
  const me = await identityOf(ctx.db, actor);
  await ctx.db.transaction(async (tx) => {
    const n = await lockVisible(ctx, tx, actor, needId, me);
    const claim = await repo.findClaim(tx, claimId);
    if (!claim || claim.needId !== n.id) throw new AppError('NEED_CLAIM_NOT_FOUND');
    if (!represents(me, claim.claimantType, claim.claimantId)) throw new AppError('FORBIDDEN');
    if (claim.status !== 'active') throw new AppError('NEED_CLAIM_NOT_FOUND');
    const claimedAfter = n.claimedSeats - claim.seats;
    const t = transition(n.status as NeedStatus, 'withdraw', 'claimant', {
      claimedAfter,
      headcount: n.headcount,
    });
    if (!t.ok) refuse(n, 'withdraw');
    const now = ctx.clock.now();
    await repo.updateClaim(tx, claim.id, {
      status: 'withdrawn',
      withdrawnAt: now,
      ...(input.reason ? { note: input.reason } : {}),
    });
    const after = await repo.updateNeedRow(
      tx,
      n.id,
      { claimedSeats: claimedAfter, status: t.to, ...(t.to === 'published' ? { filledAt: null } : {}) },
      now,
    );
    const names = await claimantNames(txCtx(ctx, tx), [{ type: claim.claimantType, id: claim.claimantId }]);
    const name = names.get(`${claim.claimantType}:${claim.claimantId}`) ?? claim.claimantId;
    await record(ctx, tx, who, 'withdraw', n, after, {
      note: `${name} −${claim.seats}${input.reason ? `：${input.reason}` : ''}`,
      reason: input.reason ?? null,
      extra: { claim: { id: claim.id, seats: claim.seats } },
    });
    if (claim.claimantType === 'volunteer')
      await ports.adjustCommitments(txCtx(ctx, tx), [claim.claimantId], -1);
    await send(txCtx(ctx, tx), 'need.withdrawn', after, await communityUsers(tx, n.areaCode), {
      claimant: name,
      seats: claim.seats,
    });
  });
  return getNeed(ctx, actor, needId);
}

/**
 * Checks the volunteers named for one claim: active volunteers, members of the team for a team
 * claim, nobody twice across the need. Returns the ids in order.
 */
async function checkNamed(
  db: Db,
  claim: repo.ClaimRow,
  ids: string[],
  field: string,
  taken: Set<string>,
): Promise<string[]> {
  const vols = await ports.findVolunteers(db, ids);
  const team = claim.claimantType === 'team' ? await ports.teamBrief(db, claim.claimantId) : null;
  const seen = new Set<string>();
  for (const [i, id] of ids.entries()) {
    const v = vols.get(id);
    const f = `${field}.${i}`;
    if (v?.status !== 'active' || (team && !team.memberIds.includes(id)))
      throw fieldError(f, 'NEED_VOLUNTEER_UNKNOWN', { volunteer: v?.volunteerNo ?? id });
    if (seen.has(id) || taken.has(id))
      throw fieldError(f, 'NEED_VOLUNTEER_TWICE', { volunteer: v.volunteerNo });
    seen.add(id);
  }
  return ids;
}

/** A claimant (or the community) names the volunteers for a claim's seats before scheduling. */
export async function nameClaimVolunteers(
  ctx: Ctx,
  actor: Actor,
  needId: string,
  claimId: string,
  input: { volunteerIds: string[] },
) {
  const who = whoOf(actor);
  const me = await identityOf(ctx.db, actor);
  await ctx.db.transaction(async (tx) => {
    const n = await lockVisible(ctx, tx, actor, needId, me);
    const claim = await repo.findClaim(tx, claimId);
    if (!claim || claim.needId !== n.id || claim.status !== 'active')
      throw new AppError('NEED_CLAIM_NOT_FOUND');
    if (!mayPost(actor, n) && !represents(me, claim.claimantType, claim.claimantId))
      throw new AppError('FORBIDDEN');
    if (n.status !== 'published' && n.status !== 'claimed') refuse(n, 'schedule');
    if (claim.claimantType === 'volunteer')
      throw fieldError('volunteerIds', 'NEED_CLAIM_VOLUNTEERS_COUNT', {
        claimant: '',
        seats: 1,
        named: input.volunteerIds.length,
      });
    if (input.volunteerIds.length > claim.seats)
      throw fieldError('volunteerIds', 'NEED_CLAIM_VOLUNTEERS_COUNT', {
        claimant:
          (await claimantNames(txCtx(ctx, tx), [{ type: claim.claimantType, id: claim.claimantId }])).get(
            `${claim.claimantType}:${claim.claimantId}`,
          ) ?? '',
        seats: claim.seats,
        named: input.volunteerIds.length,
      });
    const others = (await repo.findClaims(tx, n.id)).filter(
      (c) => c.status === 'active' && c.id !== claim.id,
    );
    const taken = new Set(others.flatMap((c) => c.volunteerIds ?? []));
    const ids = await checkNamed(tx, claim, input.volunteerIds, 'volunteerIds', taken);
    await repo.updateClaim(tx, claim.id, { volunteerIds: ids });
    const after = await repo.updateNeedRow(tx, n.id, {}, ctx.clock.now());
    await record(ctx, tx, who, 'name_volunteers', n, after, {
      note: `${ids.length}/${claim.seats}`,
      extra: { claim: { id: claim.id, volunteerIds: ids } },
    });
  });
  return getNeed(ctx, actor, needId);
}

export interface ScheduleInput {
  version: number;
  assignments?: { claimId: string; volunteerIds: string[] }[];
  orgId?: string;
}

/**
 * Schedules a claimed need: every claim's seats named (a volunteer's claim names themself), the
 * need's activity created by the activities module (one shift = the window, the named volunteers
 * signed up), the need scheduled. The community may schedule; so may a claimant, naming only its
 * own claims' volunteers.
 */
export async function scheduleNeed(ctx: Ctx, actor: Actor, id: string, input: ScheduleInput) {
  const who = whoOf(actor);
  const me = await identityOf(ctx.db, actor);
  await ctx.db.transaction(async (tx) => {
    const n = await lockVisible(ctx, tx, actor, id, me);
    const claims = (await repo.findClaims(tx, n.id)).filter((c) => c.status === 'active');
    const post = mayPost(actor, n);
    const mine = claims.filter((c) => represents(me, c.claimantType, c.claimantId));
    if (!post && mine.length === 0) throw new AppError('FORBIDDEN');
    const t = transition(n.status as NeedStatus, 'schedule', post ? 'community' : 'claimant');
    if (!t.ok) refuse(n, 'schedule');
    if (n.version !== input.version) throw new AppError('VERSION_CONFLICT');
    const now = ctx.clock.now();
    if (n.startsAt.getTime() <= now.getTime())
      throw new AppError('NEED_ALREADY_STARTED', { startsAt: wallClock(n.startsAt), action: 'schedule' });

    const named = new Map(
      claims.map((c) => [c.id, c.claimantType === 'volunteer' ? [c.claimantId] : (c.volunteerIds ?? [])]),
    );
    for (const [i, a] of (input.assignments ?? []).entries()) {
      const claim = claims.find((c) => c.id === a.claimId);
      if (!claim) throw fieldError(`assignments.${i}.claimId`, 'NEED_CLAIM_NOT_FOUND');
      if (!post && !represents(me, claim.claimantType, claim.claimantId)) throw new AppError('FORBIDDEN');
      if (claim.claimantType !== 'volunteer') named.set(claim.id, a.volunteerIds);
    }
    const names = await claimantNames(
      txCtx(ctx, tx),
      claims.map((c) => ({ type: c.claimantType, id: c.claimantId })),
    );
    const taken = new Set<string>();
    // Volunteers claiming for themselves first: a name given twice is the later assignment's error.
    const order = [...claims].sort(
      (x, y) => Number(y.claimantType === 'volunteer') - Number(x.claimantType === 'volunteer'),
    );
    for (const c of order) {
      const ids = named.get(c.id) ?? [];
      // The error names the assignment the caller sent for this claim, or the list if none was.
      const j = (input.assignments ?? []).findIndex((a) => a.claimId === c.id);
      const field = j >= 0 ? `assignments.${j}.volunteerIds` : 'assignments';
      if (ids.length !== c.seats)
        throw fieldError(field, 'NEED_CLAIM_VOLUNTEERS_COUNT', {
          claimant: names.get(`${c.claimantType}:${c.claimantId}`) ?? '',
          seats: c.seats,
          named: ids.length,
        });
      await checkNamed(tx, c, ids, field, taken);
      for (const v of ids) taken.add(v);
    }
    const orgId = input.orgId ?? (await defaultOrganiser(tx, claims));
    if (!orgId) throw fieldError('orgId', 'NEED_ORGANISER_REQUIRED');
    if (input.orgId && !(await orgNames(txCtx(ctx, tx), [input.orgId])).has(input.orgId))
      throw fieldError('orgId', 'ORG_NOT_FOUND');
    for (const c of claims)
      if (c.claimantType !== 'volunteer')
        await repo.updateClaim(tx, c.id, { volunteerIds: named.get(c.id) ?? [] });
    const volunteerIds = claims.flatMap((c) => named.get(c.id) ?? []);
    const { activityId } = await ports.createNeedActivity(txCtx(ctx, tx), actor, {
      needId: n.id,
      title: n.title,
      category: n.category,
      areaCode: n.areaCode,
      orgId,
      place: n.place,
      startsAt: n.startsAt,
      endsAt: n.endsAt,
      headcount: n.headcount,
      volunteerIds,
      servicePointId: n.servicePointId,
    });
    await repo.expirePendingInvitations(tx, n.id, now);
    const after = await repo.updateNeedRow(tx, n.id, { status: t.to, activityId, scheduledAt: now }, now);
    await record(ctx, tx, who, 'schedule', n, after, {
      note: `${volunteerIds.length}`,
      extra: { orgId, volunteerIds },
    });
    // From here the activity's sign-ups carry the volunteers' load: the claims' commitments end.
    await ports.adjustCommitments(
      txCtx(ctx, tx),
      claims.filter((c) => c.claimantType === 'volunteer').map((c) => c.claimantId),
      -1,
    );
    const users = [
      ...(await usersOfClaimants(tx, activeKeys(claims))),
      ...(await usersOfVolunteers(tx, volunteerIds)),
      ...(await communityUsers(tx, n.areaCode)),
    ];
    await send(txCtx(ctx, tx), 'need.scheduled', after, users);
  });
  return getNeed(ctx, actor, id);
}

/** The organisation that records the hours: the first claiming organisation, else a team's. */
async function defaultOrganiser(db: Db, claims: repo.ClaimRow[]): Promise<string | null> {
  const org = claims.find((c) => c.claimantType === 'org');
  if (org) return org.claimantId;
  for (const c of claims.filter((c) => c.claimantType === 'team')) {
    const t = await ports.teamBrief(db, c.claimantId);
    if (t) return t.orgId;
  }
  return null;
}

// --- attendance, confirmation, rating ------------------------------------------------------

/**
 * The activities module reports attendance (ADR 0013): the first check-in starts the need,
 * every sign-up checked out finishes it. Runs in the emitter's transaction.
 */
export async function onActivityAttendance(
  ctx: Ctx,
  actorId: string,
  e: { activityId: string; needId: string | null; signedUp: number; checkedIn: number; checkedOut: number },
) {
  if (!e.needId) return;
  const n = await repo.findNeed(ctx.db, e.needId, true);
  if (!n || n.activityId !== e.activityId) return;
  const who: Who = { id: actorId, username: SYSTEM_WHO.username, displayName: SYSTEM_WHO.displayName };
  let current = n;
  for (const step of attendanceSteps(n.status as NeedStatus, e)) {
    const t = transition(current.status as NeedStatus, step, 'system');
    if (!t.ok) break;
    const now = ctx.clock.now();
    const after = await repo.updateNeedRow(
      ctx.db,
      current.id,
      step === 'start' ? { status: t.to, startedAt: now } : { status: t.to, doneAt: now },
      now,
    );
    await record(ctx, ctx.db, who, step, current, after, {
      note: `${e.checkedIn}/${e.signedUp} · ${e.checkedOut}/${e.signedUp}`,
    });
    if (step === 'finish') await send(ctx, 'need.done', after, await communityUsers(ctx.db, after.areaCode));
    current = after;
  }
}

export async function confirmNeed(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { version: number; peopleServed: number },
) {
  const who = whoOf(actor);
  await ctx.db.transaction(async (tx) => {
    const { n, to } = await lockForCommunity(ctx, tx, actor, id, 'confirm', input.version);
    const now = ctx.clock.now();
    const after = await repo.updateNeedRow(
      tx,
      n.id,
      { status: to, peopleServed: input.peopleServed, confirmedAt: now },
      now,
    );
    await record(ctx, tx, who, 'confirm', n, after, { note: `${input.peopleServed}` });
  });
  return getNeed(ctx, actor, id);
}

/**
 * The community rates the service: the volunteers named on the claims receive the stars (the
 * volunteers module keeps the sums), and the claimants hear of it.
 */
export async function rateNeed(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { version: number; rating: number; comment?: string },
) {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
    throw new AppError('NEED_RATING_INVALID');
  const who = whoOf(actor);
  await ctx.db.transaction(async (tx) => {
    const { n, to } = await lockForCommunity(ctx, tx, actor, id, 'rate', input.version);
    const now = ctx.clock.now();
    const claims = (await repo.findClaims(tx, n.id)).filter((c) => c.status === 'active');
    const volunteerIds = [...new Set(claims.flatMap((c) => c.volunteerIds ?? []))];
    const comment = input.comment?.trim() || null;
    const after = await repo.updateNeedRow(
      tx,
      n.id,
      { status: to, rating: input.rating, ratingComment: comment, ratedAt: now },
      now,
    );
    await record(ctx, tx, who, 'rate', n, after, {
      note: `${input.rating}/5${comment ? ` ${comment}` : ''}`,
      extra: { volunteerIds },
    });
    const c = txCtx(ctx, tx);
    await ports.addRating(c, volunteerIds, input.rating);
    await emitEvent(c, who.id, 'need.rated', { needId: n.id, volunteerIds, stars: input.rating, at: now });
    const users = [
      ...(await usersOfClaimants(tx, activeKeys(claims))),
      ...(await usersOfVolunteers(tx, volunteerIds)),
    ];
    await send(c, 'need.rated', after, users, { stars: input.rating });
  });
  return getNeed(ctx, actor, id);
}
