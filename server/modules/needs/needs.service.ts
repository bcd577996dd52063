import type { NeedAction, NeedCategory, NeedStatus } from '../../../contracts/api/needs.ts';
import {
  type Actor,
  canIn,
  narrowScope,
  requireAnywhere,
  SYSTEM_ACTOR,
  scopeOf,
} from '../../platform/access.ts';
import { shanghaiDate } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { toIso } from '../../platform/db/rows.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { requireOpenArea } from '../areas/index.ts';
import { getPerson } from '../registry/index.ts';
import { getServicePoint } from '../service-points/index.ts';
import {
  activeKeys,
  claimAsOptions,
  communityUsers,
  type Identity,
  identityOf,
  keysOf,
  lockForCommunity,
  mayPost,
  present,
  presentClaims,
  presentInvitations,
  record,
  represents,
  requireVisible,
  send,
  txCtx,
  usersOfClaimants,
  usersOfVolunteers,
  type Who,
  whoOf,
} from './needs.core.ts';
import * as ports from './needs.ports.ts';
import * as repo from './needs.repo.ts';
import { checkWindow, needNoPrefix, type Side, transition } from './needs.rules.ts';

/**
 * The needs board (ADR 0013, 0015): reading needs as each user may see them, posting, editing,
 * publishing and cancelling. Claims and the steps after them live in needs.claims.ts,
 * invitations and proposals in needs.invitations.ts, the periodic sweep in needs.sweep.ts.
 */

export interface ListNeedsInput {
  status?: string;
  category?: string;
  skills?: string[];
  area?: string;
  from?: string;
  to?: string;
  q?: string;
  page: number;
  pageSize: number;
}

/** The board: needs of the areas the actor posts in (drafts included) or reads. */
export async function listNeeds(ctx: Ctx, actor: Actor, q: ListNeedsInput) {
  const readScope = narrowScope(requireAnywhere(actor, 'need.read'), q.area);
  const postScope = narrowScope(scopeOf(actor, 'need.post'), q.area);
  const { rows, total } = await repo.searchNeeds(ctx.db, {
    where: repo.visibilitySql({ postScope, readScope }),
    status: q.status,
    category: q.category,
    skills: q.skills,
    from: q.from,
    to: q.to,
    q: q.q,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: await present(ctx, { actor }, rows),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Needs open to claim in the actor's claim scope (volunteers: their community; staff: their grants). */
export async function listOpenNeeds(ctx: Ctx, actor: Actor, q: Omit<ListNeedsInput, 'status' | 'q'>) {
  const scope = narrowScope(requireAnywhere(actor, 'need.claim'), q.area);
  const { rows, total } = await repo.searchNeeds(ctx.db, {
    where: repo.openSql(scope, ctx.clock.now()),
    category: q.category,
    skills: q.skills,
    from: q.from,
    to: q.to,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
    order: 'start',
  });
  return {
    items: await present(ctx, { actor }, rows),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getNeed(ctx: Ctx, actor: Actor, id: string) {
  const me = await identityOf(ctx.db, actor);
  const n = await requireVisible(ctx, actor, id, me);
  return detail(ctx, actor, me, n);
}

async function detail(ctx: Ctx, actor: Actor, me: Identity, n: repo.NeedRow) {
  const [[need], claims, invitations, events, claimAs] = await Promise.all([
    present(ctx, { actor }, [n]),
    repo.findClaims(ctx.db, n.id),
    repo.findInvitations(ctx.db, n.id),
    repo.findEvents(ctx.db, n.id),
    claimAsOptions(ctx, actor, me),
  ]);
  const post = mayPost(actor, n);
  const status = n.status as NeedStatus;
  const ok = (action: NeedAction, side: Side) => transition(status, action, side).ok;
  const myClaim = claims.some((c) => c.status === 'active' && represents(me, c.claimantType, c.claimantId));
  const open = n.claimedSeats < n.headcount && n.startsAt.getTime() > ctx.clock.now().getTime();
  const active = activeKeys(claims);
  const claimable = claimAs.filter((o) => !active.some((k) => k.type === o.type && k.id === o.id));
  return {
    ...need!,
    claims: await presentClaims(ctx, me, claims, post),
    invitations: await presentInvitations(ctx, me, invitations),
    events: events.map((e) => {
      const m = /^\[([a-z_]+)\](?: ([\s\S]*))?$/.exec(e.note ?? '');
      return {
        id: e.id,
        at: toIso(e.at),
        fromStatus: (e.fromStatus as NeedStatus | null) ?? null,
        toStatus: e.toStatus as NeedStatus,
        action: m ? m[1]! : null,
        actorName: e.actorName,
        note: m ? (m[2] ?? null) : e.note,
      };
    }),
    can: {
      edit: post && ok('edit', 'community') && n.claimedSeats === 0,
      publish: post && ok('publish', 'community'),
      cancel: post && ok('cancel', 'community'),
      claim:
        ok('claim', 'claimant') && open && canIn(actor, 'need.claim', n.areaCode) && claimable.length > 0,
      invite: post && ok('invite', 'community') && open,
      schedule: (post || myClaim) && ok('schedule', post ? 'community' : 'claimant'),
      confirm: post && ok('confirm', 'community'),
      rate: post && ok('rate', 'community'),
    },
    claimAs: canIn(actor, 'need.claim', n.areaCode) ? claimable : [],
  };
}

/** What the user has claimed and been invited to, for everyone they act for. */
export async function myClaims(ctx: Ctx, actor: Actor) {
  requireAnywhere(actor, 'need.read');
  const me = await identityOf(ctx.db, actor);
  const keys = keysOf(me);
  const [claims, invitations, claimAs] = await Promise.all([
    repo.findClaimsOf(ctx.db, keys, 200),
    repo.findInvitationsOf(ctx.db, keys, 200),
    claimAsOptions(ctx, actor, me),
  ]);
  const rows = await repo.findNeedsByIds(ctx.db, [
    ...new Set([...claims.map((c) => c.needId), ...invitations.map((i) => i.needId)]),
  ]);
  const needs = new Map((await present(ctx, { actor }, rows)).map((n) => [n.id, n]));
  const [pc, pi] = await Promise.all([
    presentClaims(ctx, me, claims),
    presentInvitations(ctx, me, invitations),
  ]);
  return {
    claimAs,
    claims: pc.filter((c) => needs.has(c.needId)).map((c) => ({ ...c, need: needs.get(c.needId)! })),
    invitations: pi.filter((i) => needs.has(i.needId)).map((i) => ({ ...i, need: needs.get(i.needId)! })),
  };
}

// --- posting -------------------------------------------------------------------------------

export interface NeedFields {
  areaCode?: string;
  category: NeedCategory;
  title: string;
  description?: string | null;
  beneficiaryPersonId?: string | null;
  servicePointId?: string | null;
  place?: string | null;
  lat?: number | null;
  lng?: number | null;
  startsAt: string;
  endsAt: string;
  headcount: number;
  skills?: string[];
}

/**
 * Resolves what the form left to the system: the area (the beneficiary's community when not
 * given), the place and coordinates (the service point's when not given). The beneficiary must
 * be a living resident the poster may read; the area one where they post needs.
 */
async function resolveFields(ctx: Ctx, actor: Actor, f: NeedFields, publishing: boolean) {
  let areaCode = f.areaCode;
  if (f.beneficiaryPersonId) {
    let person: Awaited<ReturnType<typeof getPerson>>;
    try {
      person = await getPerson(ctx, actor, f.beneficiaryPersonId);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'PERSON_NOT_FOUND' || err.code === 'FORBIDDEN'))
        throw fieldError('beneficiaryPersonId', 'PERSON_NOT_FOUND');
      throw err;
    }
    if (person.deceased) throw fieldError('beneficiaryPersonId', 'NEED_BENEFICIARY_DECEASED');
    areaCode ??= person.areaCode;
  }
  if (!areaCode) throw fieldError('areaCode', 'FIELD_REQUIRED');
  await requireOpenArea(ctx.db, areaCode);
  if (!canIn(actor, 'need.post', areaCode)) throw new AppError('FORBIDDEN');
  let place = f.place?.trim() || null;
  let lat = f.lat ?? null;
  let lng = f.lng ?? null;
  if (f.servicePointId) {
    let point: Awaited<ReturnType<typeof getServicePoint>>;
    try {
      point = await getServicePoint(ctx, SYSTEM_ACTOR, f.servicePointId);
    } catch {
      throw fieldError('servicePointId', 'SERVICE_POINT_NOT_FOUND');
    }
    if (point.closedOn)
      throw fieldError('servicePointId', 'SERVICE_POINT_CLOSED', { closedOn: point.closedOn });
    place ??= `${point.name}（${point.address}）`;
    if (lat == null || lng == null) {
      lat = point.lat;
      lng = point.lng;
    }
  }
  if (!place) throw fieldError('place', 'NEED_PLACE_REQUIRED');
  if ((lat == null) !== (lng == null)) throw fieldError(lat == null ? 'lat' : 'lng', 'FIELD_REQUIRED');
  const startsAt = new Date(f.startsAt);
  const endsAt = new Date(f.endsAt);
  const issues = checkWindow(startsAt, endsAt, ctx.clock.now(), publishing);
  if (issues.length)
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      issues.map((i) => ({ field: i.field, code: i.code, params: { field: i.field } })),
    );
  return {
    areaCode,
    category: f.category,
    title: f.title.trim(),
    description: f.description?.trim() || null,
    beneficiaryPersonId: f.beneficiaryPersonId ?? null,
    servicePointId: f.servicePointId ?? null,
    place,
    lat,
    lng,
    startsAt,
    endsAt,
    headcount: f.headcount,
    skills: [...new Set(f.skills ?? [])],
  };
}

/** A community worker posts a need as a draft, or publishes it at once. */
export async function createNeed(ctx: Ctx, actor: Actor, input: NeedFields & { publish?: boolean }) {
  requireAnywhere(actor, 'need.post');
  const id = await createNeedAs(ctx, whoOf(actor), actor, input);
  return getNeed(ctx, actor, id);
}

export async function createNeedAs(
  ctx: Ctx,
  who: Who,
  actor: Actor,
  input: NeedFields & { publish?: boolean },
) {
  const publishing = !!input.publish;
  const fields = await resolveFields(ctx, actor, input, publishing);
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  await ctx.db.transaction(async (tx) => {
    const needNo = await repo.nextNeedNo(tx, needNoPrefix(shanghaiDate(now)));
    const row: repo.NeedInsert = {
      id,
      needNo,
      ...fields,
      status: publishing ? 'published' : 'draft',
      claimedSeats: 0,
      createdBy: who.id,
      publishedAt: publishing ? now : null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await repo.insertNeed(tx, row);
    const after = (await repo.findNeed(tx, id))!;
    await record(ctx, tx, who, publishing ? 'publish' : 'create', null, after);
  });
  return id;
}

/** Changes a draft, or a published need nobody has claimed yet. */
export async function updateNeed(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: Partial<NeedFields> & { version: number },
) {
  const who = whoOf(actor);
  await ctx.db.transaction(async (tx) => {
    const { n } = await lockForCommunity(ctx, tx, actor, id, 'edit', input.version);
    if (n.claimedSeats > 0) throw new AppError('NEED_HAS_CLAIMS', { seats: n.claimedSeats });
    const merged: NeedFields = {
      areaCode: n.areaCode,
      category: input.category ?? (n.category as NeedCategory),
      title: input.title ?? n.title,
      description: input.description === undefined ? n.description : input.description,
      beneficiaryPersonId:
        input.beneficiaryPersonId === undefined ? n.beneficiaryPersonId : input.beneficiaryPersonId,
      servicePointId: input.servicePointId === undefined ? n.servicePointId : input.servicePointId,
      // A new service point brings its own place and coordinates unless they are given too.
      place:
        input.place !== undefined
          ? input.place
          : input.servicePointId !== undefined && input.servicePointId !== n.servicePointId
            ? null
            : n.place,
      lat:
        input.lat !== undefined
          ? input.lat
          : input.servicePointId !== undefined && input.servicePointId !== n.servicePointId
            ? null
            : n.lat,
      lng:
        input.lng !== undefined
          ? input.lng
          : input.servicePointId !== undefined && input.servicePointId !== n.servicePointId
            ? null
            : n.lng,
      startsAt: input.startsAt ?? toIso(n.startsAt),
      endsAt: input.endsAt ?? toIso(n.endsAt),
      headcount: input.headcount ?? n.headcount,
      skills: input.skills ?? n.skills,
    };
    // The beneficiary keeps the need in its community: the area never moves on an edit.
    const fields = await resolveFields(txCtx(ctx, tx), actor, merged, n.status === 'published');
    const after = await repo.updateNeedRow(tx, n.id, fields, ctx.clock.now());
    await record(ctx, tx, who, 'edit', n, after);
  });
  return getNeed(ctx, actor, id);
}

export async function publishNeed(ctx: Ctx, actor: Actor, id: string, input: { version: number }) {
  const who = whoOf(actor);
  await ctx.db.transaction(async (tx) => {
    const { n, to } = await lockForCommunity(ctx, tx, actor, id, 'publish', input.version);
    const now = ctx.clock.now();
    const issues = checkWindow(n.startsAt, n.endsAt, now, true);
    if (issues.length)
      throw new AppError(
        'VALIDATION_FAILED',
        {},
        issues.map((i) => ({ field: i.field, code: i.code, params: { field: i.field } })),
      );
    const after = await repo.updateNeedRow(tx, n.id, { status: to, publishedAt: now }, now);
    await record(ctx, tx, who, 'publish', n, after);
  });
  return getNeed(ctx, actor, id);
}

/**
 * Cancels a need before it is done: its claims are released (the volunteers' commitments with
 * them), pending invitations lapse, and every claimant and invitee hears why.
 */
export async function cancelNeed(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { version: number; reason: string },
) {
  const who = whoOf(actor);
  await ctx.db.transaction(async (tx) => {
    const { n, to } = await lockForCommunity(ctx, tx, actor, id, 'cancel', input.version);
    // A scheduled need's activity goes with it (refused once a volunteer has checked in).
    if (n.activityId) await ports.cancelNeedActivity(txCtx(ctx, tx), actor, n.activityId, input.reason);
    await closeNeed(txCtx(ctx, tx), tx, who, n, to, 'cancel', input.reason);
  });
  return getNeed(ctx, actor, id);
}

/** Cancellation and expiry: the need closes, its claims and pending invitations with it. */
export async function closeNeed(
  ctx: Ctx,
  tx: Db,
  who: Who,
  n: repo.NeedRow,
  to: NeedStatus,
  action: 'cancel' | 'expire',
  reason: string,
) {
  const now = ctx.clock.now();
  const invitations = (await repo.findInvitations(tx, n.id)).filter((i) => i.status === 'pending');
  const released = await repo.withdrawAllClaims(tx, n.id, now, null);
  await repo.expirePendingInvitations(tx, n.id, now);
  const volunteerClaims = released.filter((c) => c.claimantType === 'volunteer').map((c) => c.claimantId);
  // Claims of a scheduled need were released when it was scheduled (see scheduleNeed).
  if (n.status === 'published' || n.status === 'claimed')
    await ports.adjustCommitments(ctx, volunteerClaims, -1);
  const after = await repo.updateNeedRow(
    tx,
    n.id,
    { status: to, statusReason: reason, claimedSeats: 0, closedAt: now },
    now,
  );
  await record(ctx, tx, who, action, n, after, {
    note: reason,
    reason,
    extra: { releasedClaims: released.map((c) => ({ id: c.id, seats: c.seats })) },
  });
  const claimants = released.map((c) => ({ type: c.claimantType, id: c.claimantId }));
  const invitees = invitations.map((i) => ({ type: i.inviteeType, id: i.inviteeId }));
  const named = released.flatMap((c) => c.volunteerIds ?? []);
  const users = [
    ...(await usersOfClaimants(tx, [...claimants, ...invitees])),
    ...(await usersOfVolunteers(tx, named)),
  ];
  if (action === 'cancel') await send(ctx, 'need.cancelled', n, users, { reason });
  else await send(ctx, 'need.expired', n, [...users, ...(await communityUsers(tx, n.areaCode))]);
}
