import type { ServiceRecord } from '../../../contracts/api/activities.ts';
import { type Actor, canIn, hasAnywhere, requireAnywhere } from '../../platform/access.ts';
import { recordAudit, recordAudits } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { hasAny, shanghaiTime, visibilityOf, who } from './activities.access.ts';
import {
  awardPointsForRecords,
  findVolunteers,
  type RecordTransfers,
  reversePointsForRecord,
  type VolunteerBrief,
  volunteerOfUser,
} from './activities.ports.ts';
import { presentRecords } from './activities.present.ts';
import * as repo from './activities.repo.ts';
import { checkReportedSpan } from './activities.rules.ts';

/**
 * Service records (ADR 0013): a check-out's pending attendance record or a volunteer's
 * self-report, confirmed (points posted in the same transaction), rejected with a reason, or
 * corrected (a confirmed record is superseded by a correction that points at it; points are
 * reversed and awarded again). Only confirmed records count.
 */

async function requireVolunteer(ctx: Ctx, actor: Actor): Promise<VolunteerBrief> {
  requireAnywhere(actor, 'activity.join');
  const v = await volunteerOfUser(ctx.db, actor.id);
  if (!v) throw new AppError('ACTIVITY_VOLUNTEER_NOT_FOUND');
  return v;
}

/** Records the actor reviews: in their staff area, or of their organisations in their scope. */
async function requireReviewable(db: Db, actor: Actor, ids: string[], lock = false) {
  requireAnywhere(actor, 'record.review');
  const visibility = await visibilityOf(db, actor, 'record.review');
  const rows = await repo.findRecordsByIds(db, [...new Set(ids)], lock);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    const r = byId.get(id);
    if (!r || !repo.isVisibleRow(visibility, r)) throw new AppError('RECORD_NOT_FOUND');
  }
  return rows;
}

const snapshot = (r: repo.RecordRow) => ({
  status: r.status,
  source: r.source,
  volunteerId: r.volunteerId,
  activityId: r.activityId,
  startedAt: r.startedAt.toISOString(),
  endedAt: r.endedAt.toISOString(),
  minutes: r.minutes,
  correctsRecordId: r.correctsRecordId,
  pointsTransferId: r.pointsTransferId,
  redPointsTransferId: r.redPointsTransferId,
  timeBankTransferId: r.timeBankTransferId,
  version: r.version,
});

// --- reading -------------------------------------------------------------------------------

export async function listRecords(
  ctx: Ctx,
  actor: Actor,
  q: {
    status?: string;
    source?: string;
    activityId?: string;
    orgId?: string;
    volunteerId?: string;
    area?: string;
    from?: string;
    to?: string;
    page: number;
    pageSize: number;
  },
) {
  requireAnywhere(actor, 'record.review');
  const visibility = await visibilityOf(ctx.db, actor, 'record.review', q.area);
  const { rows, total } = await repo.searchRecords(ctx.db, {
    visibility,
    status: q.status,
    source: q.source,
    activityId: q.activityId,
    orgId: q.orgId,
    volunteerId: q.volunteerId,
    from: q.from,
    to: q.to,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: await presentRecords(ctx, rows),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The volunteer's own records, newest first (every status, so a rejection is seen). */
export async function myRecords(ctx: Ctx, actor: Actor, q: { from?: string; to?: string }) {
  const vol = await requireVolunteer(ctx, actor);
  const { rows } = await repo.searchRecords(ctx.db, {
    visibility: null,
    volunteerId: vol.id,
    from: q.from,
    to: q.to,
    limit: 500,
    offset: 0,
  });
  return presentRecords(ctx, rows);
}

// --- self-reports --------------------------------------------------------------------------

export interface SelfReportInput {
  activityId: string;
  startedAt: string;
  endedAt: string;
  content?: string;
  peopleServed?: number;
}

async function refuseOverlap(
  db: Db,
  volunteerId: string,
  span: { startsAt: Date; endsAt: Date },
  exceptId?: string,
) {
  const [other] = await repo.findOverlappingRecords(db, volunteerId, span, exceptId);
  if (other)
    throw new AppError('HOURS_OVERLAP', {
      start: shanghaiTime(other.startedAt),
      end: shanghaiTime(other.endedAt),
    });
}

function checkSpan(
  span: { startsAt: Date; endsAt: Date },
  activity: repo.ActivityRow | null,
  now: Date,
  minutes?: number,
): number {
  const c = checkReportedSpan(span, activity, now, minutes);
  if (c.ok) return c.minutes;
  const params: Record<string, string | number> = activity
    ? { start: shanghaiTime(activity.startsAt), end: shanghaiTime(activity.endsAt) }
    : {};
  throw fieldError(c.field, c.code, params);
}

/**
 * A volunteer reports hours for an activity they served at (signed up or not): the hours must
 * lie inside the activity's time and overlap none of their other records. It waits for the
 * organiser's approval.
 */
export async function selfReport(ctx: Ctx, actor: Actor, input: SelfReportInput): Promise<ServiceRecord> {
  const vol = await requireVolunteer(ctx, actor);
  const id = await ctx.db.transaction(async (tx) => {
    const a = await repo.findActivity(tx, input.activityId);
    if (!a) throw fieldError('activityId', 'ACTIVITY_NOT_FOUND');
    if (a.status === 'cancelled') throw new AppError('ACTIVITY_CANCELLED');
    const now = ctx.clock.now();
    const span = { startsAt: new Date(input.startedAt), endsAt: new Date(input.endedAt) };
    const minutes = checkSpan(span, a, now);
    await refuseOverlap(tx, vol.id, span);
    const recordId = newId(now.getTime());
    const row: repo.RecordInsert = {
      id: recordId,
      volunteerId: vol.id,
      source: 'self_report',
      activityId: a.id,
      needId: a.needId,
      orgId: a.orgId,
      areaCode: a.areaCode,
      category: a.category,
      tier: a.tier,
      content: input.content || a.title,
      startedAt: span.startsAt,
      endedAt: span.endsAt,
      minutes,
      peopleServed: input.peopleServed ?? 0,
      status: 'pending',
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    };
    await repo.insertRecords(tx, [row]);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'service_record.self_report',
      entityType: 'service_record',
      entityId: recordId,
      areaCode: a.areaCode,
      after: { ...row, startedAt: span.startsAt.toISOString(), endedAt: span.endsAt.toISOString() },
    });
    return recordId;
  });
  const [r] = await presentRecords(ctx, [(await repo.findRecord(ctx.db, id))!]);
  return r!;
}

// --- confirming ----------------------------------------------------------------------------

const toAward = (r: repo.RecordRow) => ({
  id: r.id,
  volunteerId: r.volunteerId,
  minutes: r.minutes,
  category: r.category,
  tier: r.tier,
  startedAt: r.startedAt,
  activityId: r.activityId,
});

const transferPatch = (t: RecordTransfers | undefined) => ({
  pointsTransferId: t?.pointsTransferId ?? null,
  redPointsTransferId: t?.redPointsTransferId ?? null,
  timeBankTransferId: t?.timeBankTransferId ?? null,
});

/**
 * Confirms pending records, one by one or every pending record of an activity at once. Points
 * are awarded in the same transaction (the volunteers module posts them to the ledger) and the
 * transfers are kept on each record.
 */
export async function confirmRecords(
  ctx: Ctx,
  actor: Actor,
  input: { recordIds?: string[]; activityId?: string },
): Promise<ServiceRecord[]> {
  const ids = await ctx.db.transaction(async (tx) => {
    let rows: repo.RecordRow[];
    if (input.activityId) {
      requireAnywhere(actor, 'record.review');
      const a = await repo.findActivity(tx, input.activityId);
      const visibility = await visibilityOf(tx, actor, 'record.review');
      if (!a || !canIn(actor, 'record.review', a.areaCode) || !repo.isVisibleRow(visibility, a))
        throw new AppError('ACTIVITY_NOT_FOUND');
      rows = await repo.findPendingRecordsOfActivity(tx, a.id, true);
    } else {
      rows = await requireReviewable(tx, actor, input.recordIds ?? [], true);
      for (const r of rows)
        if (r.status !== 'pending')
          throw new AppError('RECORD_STATE_INVALID', { status: r.status, action: 'confirm' });
    }
    if (rows.length === 0) return [];
    const now = ctx.clock.now();
    const awards = await awardPointsForRecords({ ...ctx, db: tx }, actor, rows.map(toAward));
    const audits = [];
    for (const r of rows) {
      const after = await repo.updateRecordRow(
        tx,
        r.id,
        { status: 'confirmed', reviewedBy: actor.id, reviewedAt: now, ...transferPatch(awards.get(r.id)) },
        now,
      );
      audits.push({
        action: 'service_record.confirm',
        entityType: 'service_record',
        entityId: r.id,
        areaCode: r.areaCode,
        before: snapshot(r),
        after: snapshot(after),
      });
    }
    await recordAudits(tx, ctx.clock, who(actor), audits);
    await emitEvent({ ...ctx, db: tx }, actor.id, 'records.confirmed', {
      recordIds: rows.map((r) => r.id),
      at: now,
    });
    return rows.map((r) => r.id);
  });
  return presentRecords(ctx, await repo.findRecordsByIds(ctx.db, ids));
}

export async function rejectRecord(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { version: number; reason: string },
): Promise<ServiceRecord> {
  await ctx.db.transaction(async (tx) => {
    const [r] = await requireReviewable(tx, actor, [id], true);
    if (r!.status !== 'pending')
      throw new AppError('RECORD_STATE_INVALID', { status: r!.status, action: 'reject' });
    if (r!.version !== input.version) throw new AppError('VERSION_CONFLICT');
    const now = ctx.clock.now();
    const after = await repo.updateRecordRow(
      tx,
      id,
      { status: 'rejected', reviewedBy: actor.id, reviewedAt: now, reviewNote: input.reason },
      now,
    );
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'service_record.reject',
      entityType: 'service_record',
      entityId: id,
      areaCode: r!.areaCode,
      before: snapshot(r!),
      after: snapshot(after),
      reason: input.reason,
    });
  });
  const [out] = await presentRecords(ctx, [(await repo.findRecord(ctx.db, id))!]);
  return out!;
}

/**
 * Corrects a record's times. A pending record is changed in place; a confirmed one is superseded
 * by a correction record (confirmed, pointing at it) and its points are reversed and awarded
 * again for the new minutes. Either way the audit row holds before, after and the reason.
 */
export async function correctRecord(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { version: number; startedAt: string; endedAt: string; minutes?: number; reason: string },
): Promise<ServiceRecord> {
  const resultId = await ctx.db.transaction(async (tx) => {
    const [r] = await requireReviewable(tx, actor, [id], true);
    const old = r!;
    if (old.status !== 'pending' && old.status !== 'confirmed')
      throw new AppError('RECORD_STATE_INVALID', { status: old.status, action: 'correct' });
    if (old.version !== input.version) throw new AppError('VERSION_CONFLICT');
    const now = ctx.clock.now();
    const activity = old.activityId ? ((await repo.findActivity(tx, old.activityId)) ?? null) : null;
    const span = { startsAt: new Date(input.startedAt), endsAt: new Date(input.endedAt) };
    const minutes = checkSpan(span, activity, now, input.minutes);
    await refuseOverlap(tx, old.volunteerId, span, old.id);
    if (old.status === 'pending') {
      const after = await repo.updateRecordRow(
        tx,
        old.id,
        { startedAt: span.startsAt, endedAt: span.endsAt, minutes },
        now,
      );
      await recordAudit(tx, ctx.clock, who(actor), {
        action: 'service_record.correct',
        entityType: 'service_record',
        entityId: old.id,
        areaCode: old.areaCode,
        before: snapshot(old),
        after: snapshot(after),
        reason: input.reason,
      });
      return old.id;
    }
    // Confirmed: the original stays, superseded; the correction carries the new hours.
    const txCtx = { ...ctx, db: tx };
    await reversePointsForRecord(txCtx, actor, old.id);
    const superseded = await repo.updateRecordRow(tx, old.id, { status: 'superseded' }, now);
    const correctionId = newId(now.getTime());
    await repo.insertRecords(tx, [
      {
        id: correctionId,
        volunteerId: old.volunteerId,
        source: 'correction',
        activityId: old.activityId,
        signupId: old.signupId,
        needId: old.needId,
        orgId: old.orgId,
        areaCode: old.areaCode,
        category: old.category,
        tier: old.tier,
        content: old.content,
        startedAt: span.startsAt,
        endedAt: span.endsAt,
        minutes,
        peopleServed: old.peopleServed,
        status: 'confirmed',
        correctsRecordId: old.id,
        reviewedBy: actor.id,
        reviewedAt: now,
        reviewNote: input.reason,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    const correction = (await repo.findRecord(tx, correctionId))!;
    const awards = await awardPointsForRecords(txCtx, actor, [toAward(correction)]);
    const after = await repo.updateRecordRow(tx, correctionId, transferPatch(awards.get(correctionId)), now);
    await recordAudits(tx, ctx.clock, who(actor), [
      {
        action: 'service_record.correct',
        entityType: 'service_record',
        entityId: old.id,
        areaCode: old.areaCode,
        before: snapshot(old),
        after: { ...snapshot(superseded), correctionId, correction: snapshot(after) },
        reason: input.reason,
      },
      {
        action: 'service_record.create_correction',
        entityType: 'service_record',
        entityId: correctionId,
        areaCode: old.areaCode,
        before: snapshot(old),
        after: snapshot(after),
        reason: input.reason,
      },
    ]);
    await emitEvent(txCtx, actor.id, 'records.confirmed', { recordIds: [correctionId], at: now });
    return correctionId;
  });
  const [out] = await presentRecords(ctx, [(await repo.findRecord(ctx.db, resultId))!]);
  return out!;
}

// --- a volunteer's records, for export -----------------------------------------------------

/**
 * The records of one volunteer in a period. Staff who read the volunteer's area see all of
 * them; others see the ones recorded in their area or by their organisations, and a volunteer
 * with none of those does not exist for them.
 */
export async function recordsForExport(
  ctx: Ctx,
  actor: Actor,
  q: { volunteerId: string; from?: string; to?: string },
): Promise<{ volunteer: VolunteerBrief; records: ServiceRecord[] }> {
  if (!hasAnywhere(actor, 'volunteer.read') && !hasAnywhere(actor, 'record.review'))
    throw new AppError('FORBIDDEN');
  const vol = (await findVolunteers(ctx.db, [q.volunteerId])).get(q.volunteerId);
  if (!vol) throw new AppError('ACTIVITY_VOLUNTEER_NOT_FOUND');
  let visibility: repo.Visibility | null = null;
  if (!canIn(actor, 'volunteer.read', vol.areaCode)) {
    visibility = await visibilityOf(ctx.db, actor, 'record.review');
    if (!hasAny(visibility)) throw new AppError('ACTIVITY_VOLUNTEER_NOT_FOUND');
  }
  if (visibility) {
    const any = await repo.searchRecords(ctx.db, { visibility, volunteerId: vol.id, limit: 1, offset: 0 });
    if (any.total === 0) throw new AppError('ACTIVITY_VOLUNTEER_NOT_FOUND');
  }
  const { rows } = await repo.searchRecords(ctx.db, {
    visibility,
    volunteerId: vol.id,
    from: q.from,
    to: q.to,
    limit: 5000,
    offset: 0,
  });
  return {
    volunteer: vol,
    records: await presentRecords(
      ctx,
      rows.filter((r) => r.status !== 'superseded'),
    ),
  };
}

export async function myRecordsForExport(ctx: Ctx, actor: Actor, q: { from?: string; to?: string }) {
  const vol = await requireVolunteer(ctx, actor);
  const { rows } = await repo.searchRecords(ctx.db, {
    visibility: null,
    volunteerId: vol.id,
    from: q.from,
    to: q.to,
    limit: 5000,
    offset: 0,
  });
  return {
    volunteer: vol,
    records: await presentRecords(
      ctx,
      rows.filter((r) => r.status !== 'superseded'),
    ),
  };
}
