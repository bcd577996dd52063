import type { ClaimantType, NeedCategory, NeedStatus } from '../../../contracts/api/needs.ts';
import { type Actor, areaPrefix, canIn, requireAnywhere } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { toIso } from '../../platform/db/rows.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { requireOpenArea } from '../areas/index.ts';
import { orgNames } from '../orgs/index.ts';
import { claimLocked } from './needs.claims.ts';
import {
  activeKeys,
  auditActor,
  type Claimant,
  claimantNames,
  communityUsers,
  type Identity,
  identityOf,
  lockForCommunity,
  mayPost,
  record,
  refuse,
  represents,
  send,
  txCtx,
  usersOfClaimants,
  type Who,
  wallClock,
  whoOf,
} from './needs.core.ts';
import * as ports from './needs.ports.ts';
import * as repo from './needs.repo.ts';
import { transition } from './needs.rules.ts';
import { getNeed } from './needs.service.ts';

/**
 * Invitations (one-click from the ranked candidates, or from an accepted area-wide proposal) and
 * what the matching module reads and writes through this module's front door.
 */

export interface Invitee {
  type: ClaimantType;
  id: string;
  reasons?: unknown[];
}

async function checkInvitees(ctx: Ctx, invitees: Invitee[]): Promise<Map<string, string>> {
  const keys = invitees.map((i) => ({ type: i.type, id: i.id }));
  const names = new Map<string, string>();
  const vols = await ports.findVolunteers(
    ctx.db,
    keys.filter((k) => k.type === 'volunteer').map((k) => k.id),
  );
  const orgs = await orgNames(
    ctx,
    keys.filter((k) => k.type === 'org').map((k) => k.id),
  );
  for (const [i, k] of keys.entries()) {
    let name: string | undefined;
    if (k.type === 'volunteer') {
      const v = vols.get(k.id);
      if (v?.status === 'active') name = v.name;
    } else if (k.type === 'org') name = orgs.get(k.id);
    else {
      const t = await ports.teamBrief(ctx.db, k.id);
      if (t?.status === 'active') name = t.name;
    }
    if (!name) throw fieldError(`invitees.${i}.id`, 'NEED_INVITEE_NOT_FOUND');
    names.set(`${k.type}:${k.id}`, name);
  }
  return names;
}

async function inviteLocked(
  ctx: Ctx,
  tx: Db,
  who: Who,
  n: repo.NeedRow,
  invitees: Invitee[],
  proposalId: string | null,
): Promise<{ invitationIds: string[]; skipped: number }> {
  if (!transition(n.status as NeedStatus, 'invite', 'community').ok) refuse(n, 'invite');
  const now = ctx.clock.now();
  if (n.startsAt.getTime() <= now.getTime())
    throw new AppError('NEED_ALREADY_STARTED', { startsAt: wallClock(n.startsAt), action: 'invite' });
  const names = await checkInvitees(txCtx(ctx, tx), invitees);
  const claimed = new Set(activeKeys(await repo.findClaims(tx, n.id)).map((k) => `${k.type}:${k.id}`));
  const fresh = invitees.filter(
    (inv, i) =>
      !claimed.has(`${inv.type}:${inv.id}`) &&
      invitees.findIndex((o) => o.type === inv.type && o.id === inv.id) === i,
  );
  const rows = await repo.insertInvitations(
    tx,
    fresh.map((inv) => ({
      id: newId(now.getTime()),
      needId: n.id,
      inviteeType: inv.type,
      inviteeId: inv.id,
      status: 'pending',
      reasons: inv.reasons ?? [],
      proposalId,
      invitedBy: who.id,
      invitedAt: now,
    })),
  );
  if (rows.length > 0) {
    const after = await repo.updateNeedRow(tx, n.id, {}, now);
    await record(ctx, tx, who, 'invite', n, after, {
      note: rows.map((r) => names.get(`${r.inviteeType}:${r.inviteeId}`)).join('、'),
      extra: {
        invitations: rows.map((r) => ({ id: r.id, type: r.inviteeType, inviteeId: r.inviteeId })),
        proposalId,
      },
    });
    const users = await usersOfClaimants(
      tx,
      rows.map((r) => ({ type: r.inviteeType, id: r.inviteeId })),
    );
    await send(txCtx(ctx, tx), 'need.invited', n, users);
  }
  return { invitationIds: rows.map((r) => r.id), skipped: invitees.length - rows.length };
}

/**
 * Invites volunteers, teams or organisations to claim a published need (the ranked candidates'
 * one-click invitation, or an accepted proposal). An invitee already claiming, or already
 * invited and not yet answering, is skipped.
 */
export async function inviteToNeed(
  ctx: Ctx,
  actor: Actor,
  needId: string,
  invitees: Invitee[],
  proposalId?: string,
): Promise<{ invitationIds: string[]; skipped: number }> {
  const who = whoOf(actor);
  return ctx.db.transaction(async (tx) => {
    const { n } = await lockForCommunity(ctx, tx, actor, needId, 'invite');
    return inviteLocked(ctx, tx, who, n, invitees, proposalId ?? null);
  });
}

/** An invitation exists for whoever it invites (and for the need's community). */
async function lockInvitation(tx: Db, actor: Actor, me: Identity, id: string) {
  const inv = await repo.findInvitation(tx, id, true);
  if (!inv || !represents(me, inv.inviteeType, inv.inviteeId))
    throw new AppError('NEED_INVITATION_NOT_FOUND');
  if (inv.status !== 'pending') throw new AppError('NEED_INVITATION_CLOSED', { status: inv.status });
  requireAnywhere(actor, 'need.claim');
  return inv;
}

/**
 * Accepting an invitation claims seats: one for a volunteer, `seats` (default 1) for a team or
 * an organisation. The invitation is the authority: the invitee may be outside the need's area.
 */
export async function acceptInvitation(
  ctx: Ctx,
  actor: Actor,
  invitationId: string,
  input: { seats?: number } = {},
) {
  const who = whoOf(actor);
  const me = await identityOf(ctx.db, actor);
  let needId = '';
  await ctx.db.transaction(async (tx) => {
    const inv = await lockInvitation(tx, actor, me, invitationId);
    needId = inv.needId;
    const n = (await repo.findNeed(tx, inv.needId, true))!;
    const names = await claimantNames(txCtx(ctx, tx), [{ type: inv.inviteeType, id: inv.inviteeId }]);
    const claimant: Claimant = {
      type: inv.inviteeType as ClaimantType,
      id: inv.inviteeId,
      name: names.get(`${inv.inviteeType}:${inv.inviteeId}`) ?? inv.inviteeId,
    };
    const seats = claimant.type === 'volunteer' ? 1 : (input.seats ?? 1);
    await claimLocked(ctx, tx, who, n, claimant, seats, { invitationId: inv.id });
    await repo.updateInvitation(tx, inv.id, { status: 'accepted', respondedAt: ctx.clock.now() });
  });
  return getNeed(ctx, actor, needId);
}

export async function declineInvitation(ctx: Ctx, actor: Actor, invitationId: string) {
  const who = whoOf(actor);
  const me = await identityOf(ctx.db, actor);
  let needId = '';
  await ctx.db.transaction(async (tx) => {
    const inv = await lockInvitation(tx, actor, me, invitationId);
    needId = inv.needId;
    const n = (await repo.findNeed(tx, inv.needId, true))!;
    const now = ctx.clock.now();
    await repo.updateInvitation(tx, inv.id, { status: 'declined', respondedAt: now });
    const names = await claimantNames(txCtx(ctx, tx), [{ type: inv.inviteeType, id: inv.inviteeId }]);
    const name = names.get(`${inv.inviteeType}:${inv.inviteeId}`) ?? inv.inviteeId;
    const after = await repo.updateNeedRow(tx, n.id, {}, now);
    await record(ctx, tx, who, 'decline_invitation', n, after, {
      note: name,
      extra: { invitation: { id: inv.id, status: 'declined' } },
    });
    await send(txCtx(ctx, tx), 'need.invitation_declined', n, await communityUsers(tx, n.areaCode), {
      invitee: name,
    });
  });
  return getNeed(ctx, actor, needId);
}

// --- matching's front door -----------------------------------------------------------------

export interface OpenNeedForMatching {
  id: string;
  areaCode: string;
  category: NeedCategory;
  skills: string[];
  lat: number | null;
  lng: number | null;
  startsAt: Date;
  endsAt: Date;
  seatsLeft: number;
  beneficiaryPersonId: string | null;
}

const forMatching = (n: repo.NeedRow): OpenNeedForMatching => ({
  id: n.id,
  areaCode: n.areaCode,
  category: n.category as NeedCategory,
  skills: n.skills ?? [],
  lat: n.lat,
  lng: n.lng,
  startsAt: n.startsAt,
  endsAt: n.endsAt,
  seatsLeft: Math.max(0, n.headcount - n.claimedSeats),
  beneficiaryPersonId: n.beneficiaryPersonId,
});

/** Published needs with seats left that have not started by `asOf`, in the area prefixes. */
export async function openNeedsForMatching(
  db: Db,
  scope: string[],
  asOf: Date,
): Promise<OpenNeedForMatching[]> {
  return (await repo.findOpenNeeds(db, scope, asOf)).map(forMatching);
}

/** One need in the same shape (any state), or null. */
export async function needForMatching(db: Db, id: string): Promise<OpenNeedForMatching | null> {
  const n = await repo.findNeed(db, id);
  return n ? forMatching(n) : null;
}

export interface ProposalInput {
  areaCode: string;
  items: { needId: string; volunteerId: string; cost: number; reasons?: unknown[] }[];
  cost: number;
  lowerBound: number;
  solveMs: number;
  needCount: number;
  seatCount: number;
}

/** Stores an area-wide assignment proposal for a worker to review (need.post on the area). */
export async function saveProposal(
  ctx: Ctx,
  actor: Actor,
  input: ProposalInput,
): Promise<{ proposalId: string }> {
  await requireOpenArea(ctx.db, input.areaCode);
  if (!canIn(actor, 'need.post', input.areaCode)) throw new AppError('FORBIDDEN');
  // Every proposed need lies in the proposal's area.
  const prefix = areaPrefix(input.areaCode);
  const known = new Map(
    (await repo.findNeedsByIds(ctx.db, [...new Set(input.items.map((i) => i.needId))])).map((n) => [n.id, n]),
  );
  for (const [i, item] of input.items.entries())
    if (!known.get(item.needId)?.areaCode.startsWith(prefix))
      throw fieldError(`items.${i}.needId`, 'NEED_NOT_FOUND');
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  const who = whoOf(actor);
  await ctx.db.transaction(async (tx) => {
    await repo.insertProposal(
      tx,
      {
        id,
        areaCode: input.areaCode,
        status: 'proposed',
        needCount: input.needCount,
        seatCount: input.seatCount,
        assignedSeats: input.items.length,
        cost: Math.round(input.cost),
        lowerBound: Math.round(input.lowerBound),
        solveMs: Math.round(input.solveMs),
        createdBy: who.id,
        createdAt: now,
      },
      input.items.map((i) => ({
        proposalId: id,
        needId: i.needId,
        volunteerId: i.volunteerId,
        cost: Math.round(i.cost),
        reasons: i.reasons ?? [],
      })),
    );
    await recordAudit(tx, ctx.clock, auditActor(who), {
      action: 'match_proposal.save',
      entityType: 'match_proposal',
      entityId: id,
      areaCode: input.areaCode,
      after: {
        needCount: input.needCount,
        seatCount: input.seatCount,
        assignedSeats: input.items.length,
        cost: input.cost,
        lowerBound: input.lowerBound,
      },
    });
  });
  return { proposalId: id };
}

async function lockProposal(tx: Db, actor: Actor, id: string) {
  const p = await repo.findProposal(tx, id, true);
  if (!p || !canIn(actor, 'need.read', p.areaCode)) throw new AppError('NEED_PROPOSAL_NOT_FOUND');
  if (!canIn(actor, 'need.post', p.areaCode)) throw new AppError('FORBIDDEN');
  if (p.status !== 'proposed') throw new AppError('NEED_PROPOSAL_DECIDED');
  return p;
}

/**
 * Accepting a proposal invites every proposed volunteer to their need. Needs that are no longer
 * open (claimed, cancelled, started meanwhile) are skipped and reported.
 */
export async function acceptProposal(
  ctx: Ctx,
  actor: Actor,
  proposalId: string,
): Promise<{ invited: number; skippedNeedIds: string[] }> {
  const who = whoOf(actor);
  return ctx.db.transaction(async (tx) => {
    const p = await lockProposal(tx, actor, proposalId);
    const all = await repo.findProposalItems(tx, p.id);
    // A volunteer who stopped serving since the proposal was made is left out, not an error.
    const vols = await ports.findVolunteers(tx, [...new Set(all.map((i) => i.volunteerId))]);
    const items = all.filter((i) => vols.get(i.volunteerId)?.status === 'active');
    const byNeed = new Map<string, repo.ProposalItemRow[]>();
    for (const i of items) byNeed.set(i.needId, [...(byNeed.get(i.needId) ?? []), i]);
    let invited = 0;
    const skippedNeedIds: string[] = [];
    const now = ctx.clock.now();
    for (const [needId, list] of byNeed) {
      const n = await repo.findNeed(tx, needId, true);
      if (
        !n ||
        !mayPost(actor, n) ||
        n.status !== 'published' ||
        n.startsAt.getTime() <= now.getTime() ||
        n.claimedSeats >= n.headcount
      ) {
        skippedNeedIds.push(needId);
        continue;
      }
      const r = await inviteLocked(
        ctx,
        tx,
        who,
        n,
        list.map((i) => ({
          type: 'volunteer' as const,
          id: i.volunteerId,
          reasons: (i.reasons as unknown[]) ?? [],
        })),
        p.id,
      );
      invited += r.invitationIds.length;
    }
    await repo.updateProposal(tx, p.id, { status: 'accepted', decidedBy: who.id, decidedAt: now });
    await recordAudit(tx, ctx.clock, auditActor(who), {
      action: 'match_proposal.accept',
      entityType: 'match_proposal',
      entityId: p.id,
      areaCode: p.areaCode,
      before: { status: p.status },
      after: { status: 'accepted', invited, skippedNeedIds },
    });
    return { invited, skippedNeedIds };
  });
}

export async function discardProposal(ctx: Ctx, actor: Actor, proposalId: string): Promise<void> {
  const who = whoOf(actor);
  await ctx.db.transaction(async (tx) => {
    const p = await lockProposal(tx, actor, proposalId);
    const now = ctx.clock.now();
    await repo.updateProposal(tx, p.id, { status: 'discarded', decidedBy: who.id, decidedAt: now });
    await recordAudit(tx, ctx.clock, auditActor(who), {
      action: 'match_proposal.discard',
      entityType: 'match_proposal',
      entityId: p.id,
      areaCode: p.areaCode,
      before: { status: p.status },
      after: { status: 'discarded' },
    });
  });
}

/** A proposal with its items, for whoever reads needs in its area. */
export async function getProposal(ctx: Ctx, actor: Actor, proposalId: string) {
  const p = await repo.findProposal(ctx.db, proposalId);
  if (!p || !canIn(actor, 'need.read', p.areaCode)) throw new AppError('NEED_PROPOSAL_NOT_FOUND');
  const items = await repo.findProposalItems(ctx.db, p.id);
  return {
    id: p.id,
    areaCode: p.areaCode,
    status: p.status as 'proposed' | 'accepted' | 'discarded',
    needCount: p.needCount,
    seatCount: p.seatCount,
    assignedSeats: p.assignedSeats,
    cost: p.cost,
    lowerBound: p.lowerBound,
    solveMs: p.solveMs,
    createdAt: toIso(p.createdAt),
    decidedAt: p.decidedAt ? toIso(p.decidedAt) : null,
    items: items.map((i) => ({
      needId: i.needId,
      volunteerId: i.volunteerId,
      cost: i.cost,
      reasons: Array.isArray(i.reasons) ? (i.reasons as unknown[]) : [],
    })),
  };
}
