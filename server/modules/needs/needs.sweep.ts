import type { NeedStatus } from '../../../contracts/api/needs.ts';
import type { Ctx } from '../../platform/context.ts';
import { notify } from '../notifications/index.ts';
import {
  activeKeys,
  communityUsers,
  EXPIRED_REASON,
  SYSTEM_WHO,
  txCtx,
  usersOfClaimants,
  usersOfVolunteers,
  windowText,
} from './needs.core.ts';
import * as repo from './needs.repo.ts';
import { dueReminders, isExpiredAt, REMINDERS, transition } from './needs.rules.ts';
import { closeNeed } from './needs.service.ts';

/** The needs' periodic sweep: expiry and reminders (ADR 0015). */

export interface SweepResult {
  expired: number;
  reminders: number;
}

/**
 * Runs every minute (server/main.ts): expires published and claimed needs whose start passed
 * unscheduled, and sends the reminders that are due. Each reminder carries a dedupe key per need,
 * so however often the sweep runs, each user receives it once.
 */
export async function sweepNeeds(ctx: Ctx): Promise<SweepResult> {
  const now = ctx.clock.now();
  let expired = 0;
  for (const id of await repo.findExpirable(ctx.db, now)) {
    const done = await ctx.db.transaction(async (tx) => {
      const n = await repo.findNeed(tx, id, true);
      if (!n || !isExpiredAt(n.status as NeedStatus, n.startsAt, now)) return false;
      const t = transition(n.status as NeedStatus, 'expire', 'system');
      if (!t.ok) return false;
      await closeNeed(txCtx(ctx, tx), tx, SYSTEM_WHO, n, t.to, 'expire', EXPIRED_REASON);
      return true;
    });
    if (done) expired++;
  }
  let reminders = 0;
  const horizon = new Date(now.getTime() + Math.max(REMINDERS.startAheadMs, REMINDERS.unclaimedAheadMs));
  const candidates = [
    ...(await repo.findStarting(ctx.db, ['scheduled', 'published'], now, horizon)),
    ...(await repo.findDoneBefore(ctx.db, new Date(now.getTime() - REMINDERS.confirmAfterMs))),
  ];
  for (const n of candidates) {
    for (const kind of dueReminders(n as Parameters<typeof dueReminders>[0], now)) {
      let users: string[];
      if (kind === 'need.reminder.start') {
        const claims = (await repo.findClaims(ctx.db, n.id)).filter((c) => c.status === 'active');
        users = [
          ...(await usersOfClaimants(ctx.db, activeKeys(claims))),
          ...(await usersOfVolunteers(
            ctx.db,
            claims.flatMap((c) => c.volunteerIds ?? []),
          )),
        ];
      } else users = await communityUsers(ctx.db, n.areaCode);
      reminders += await notify(ctx, {
        userIds: users,
        kind,
        params: {
          needNo: n.needNo,
          title: n.title,
          when: windowText(n.startsAt, n.endsAt),
          place: n.place,
          left: Math.max(0, n.headcount - n.claimedSeats),
        },
        link: `/needs/${n.id}`,
        dedupeKey: `${kind}:${n.id}`,
      });
    }
  }
  return { expired, reminders };
}
