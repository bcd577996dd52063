import { sql } from 'drizzle-orm';
import { type Actor, SYSTEM_ACTOR } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { pgArray, queryOne, queryRows } from '../../platform/db/rows.ts';
import { cancelActivity, checkIn, checkOut, codeScreen, getActivity } from '../activities/index.ts';
import { type TeamBrief, teamBrief } from '../volunteers/index.ts';

/**
 * What the needs module uses of the volunteers and activities modules, in one place.
 */

export type { TeamBrief, VolunteerBrief } from '../volunteers/index.ts';
export {
  addRating,
  adjustCommitments,
  findVolunteers,
  teamBrief,
  volunteerOfUser,
} from '../volunteers/index.ts';

/**
 * The teams a volunteer leads and the teams owned by these organisations: whom a user may
 * claim for. The volunteers module has no such lookup yet, so this one read-only query reads
 * its membership table; the details come through its front door.
 */
export async function teamsFor(db: Db, volunteerId: string | null, orgIds: string[]): Promise<TeamBrief[]> {
  if (!volunteerId && orgIds.length === 0) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT t.id FROM volunteer_teams t
        WHERE t.status = 'active' AND (
          t.org_id = ANY(${pgArray(orgIds, 'uuid')})
          OR EXISTS (SELECT 1 FROM volunteer_team_members m
                     WHERE m.team_id = t.id AND m.role = 'leader' AND m.volunteer_id = ${volunteerId}::uuid))
        ORDER BY t.name`,
  );
  const out: TeamBrief[] = [];
  for (const r of rows) {
    const t = await teamBrief(db, r.id);
    if (t) out.push(t);
  }
  return out;
}

export { createNeedActivity, type NeedActivityInput } from '../activities/index.ts';

/** Cancels the activity of a scheduled need (its sign-ups release the volunteers' commitments). */
export async function cancelNeedActivity(
  ctx: Ctx,
  actor: Actor,
  activityId: string,
  reason: string,
): Promise<void> {
  const a = await getActivity(ctx, actor, activityId);
  if (a.status === 'cancelled') return;
  await cancelActivity(ctx, actor, activityId, { version: a.version, reason });
}

/**
 * Demo generation: the volunteer checks in (or out) at the need's activity with the code the
 * leader's screen shows at that moment. The activities module does not hand out the code's
 * secret, so the demo reads it where the leader's screen would.
 */
export async function attendAsVolunteer(
  ctx: Ctx,
  volunteer: Actor,
  activityId: string,
  step: 'in' | 'out',
): Promise<void> {
  const a = await getActivity(ctx, SYSTEM_ACTOR, activityId);
  const shift = a.shifts[0]!;
  const row = await queryOne<{ secret: string }>(
    ctx.db,
    sql`SELECT code_secret AS secret FROM activities WHERE id = ${activityId}::uuid`,
  );
  const code = codeScreen(row!.secret, shift.id, ctx.clock.now()).code;
  if (step === 'in') await checkIn(ctx, volunteer, { code, shiftId: shift.id });
  else await checkOut(ctx, volunteer, { code, shiftId: shift.id });
}
