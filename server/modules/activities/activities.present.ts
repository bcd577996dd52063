import type {
  ActivityKind,
  ActivityStatus,
  RecordSource,
  RecordStatus,
  ServiceRecord,
  SignupSource,
  SignupStatus,
} from '../../../contracts/api/activities.ts';
import type { Ctx } from '../../platform/context.ts';
import { toIso } from '../../platform/db/rows.ts';
import { areaNameMap } from '../areas/index.ts';
import { listUsers } from '../identity/index.ts';
import { orgNames } from '../orgs/index.ts';
import { findVolunteers, type VolunteerBrief } from './activities.ports.ts';
import * as repo from './activities.repo.ts';

const uniq = <T>(xs: T[]) => [...new Set(xs)];
export const isoOrNull = (v: unknown) => (v == null ? null : toIso(v));

export async function presentActivities(ctx: Ctx, rows: repo.ActivityListRow[]) {
  const [areas, orgs] = await Promise.all([
    areaNameMap(ctx.db),
    orgNames(ctx, uniq(rows.map((r) => r.orgId))),
  ]);
  return rows.map((a) => ({
    id: a.id,
    activityNo: a.activityNo,
    kind: a.kind as ActivityKind,
    title: a.title,
    category: a.category,
    tier: a.tier,
    areaCode: a.areaCode,
    areaName: areas.get(a.areaCode)?.name ?? a.areaCode,
    orgId: a.orgId,
    orgName: orgs.get(a.orgId) ?? a.orgId,
    servicePointId: a.servicePointId,
    needId: a.needId,
    place: a.place,
    startsAt: toIso(a.startsAt),
    endsAt: toIso(a.endsAt),
    status: a.status as ActivityStatus,
    capacity: a.capacity,
    filled: a.filled,
    pendingRecords: a.pendingRecords,
    version: a.version,
  }));
}

export function presentSignups(rows: repo.SignupRow[], vols: Map<string, VolunteerBrief>) {
  return rows.map((s) => ({
    id: s.id,
    shiftId: s.shiftId,
    postId: s.postId,
    volunteerId: s.volunteerId,
    volunteerNo: vols.get(s.volunteerId)?.volunteerNo ?? '',
    volunteerName: vols.get(s.volunteerId)?.name ?? '',
    status: s.status as SignupStatus,
    source: s.source as SignupSource,
    signedUpAt: toIso(s.signedUpAt),
    checkInAt: isoOrNull(s.checkInAt),
    checkOutAt: isoOrNull(s.checkOutAt),
    minutes: s.minutes,
    recordId: s.recordId,
    version: s.version,
  }));
}

/** Display names of the users who reviewed records (the 审核人 of the record standard). */
async function reviewerNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const wanted = new Set(ids);
  return new Map(
    (await listUsers(ctx)).filter((u) => wanted.has(u.id)).map((u) => [u.id, u.displayName] as const),
  );
}

export async function presentRecords(ctx: Ctx, rows: repo.RecordRow[]): Promise<ServiceRecord[]> {
  if (rows.length === 0) return [];
  const activityIds = uniq(rows.map((r) => r.activityId).filter((x): x is string => !!x));
  const [areas, orgs, vols, acts, reviewers] = await Promise.all([
    areaNameMap(ctx.db),
    orgNames(ctx, uniq(rows.map((r) => r.orgId))),
    findVolunteers(ctx.db, uniq(rows.map((r) => r.volunteerId))),
    Promise.all(activityIds.map((id) => repo.findActivity(ctx.db, id))),
    reviewerNames(ctx, uniq(rows.map((r) => r.reviewedBy).filter((x): x is string => !!x))),
  ]);
  const activities = new Map(acts.filter((a) => !!a).map((a) => [a!.id, a!]));
  return rows.map((r) => {
    const a = r.activityId ? activities.get(r.activityId) : undefined;
    return {
      id: r.id,
      volunteerId: r.volunteerId,
      volunteerNo: vols.get(r.volunteerId)?.volunteerNo ?? '',
      volunteerName: vols.get(r.volunteerId)?.name ?? '',
      source: r.source as RecordSource,
      activityId: r.activityId,
      activityNo: a?.activityNo ?? null,
      activityTitle: a?.title ?? null,
      needId: r.needId,
      orgId: r.orgId,
      orgName: orgs.get(r.orgId) ?? r.orgId,
      areaCode: r.areaCode,
      areaName: areas.get(r.areaCode)?.name ?? r.areaCode,
      place: a?.place ?? null,
      category: r.category,
      tier: r.tier,
      content: r.content,
      startedAt: toIso(r.startedAt),
      endedAt: toIso(r.endedAt),
      minutes: r.minutes,
      peopleServed: r.peopleServed,
      status: r.status as RecordStatus,
      correctsRecordId: r.correctsRecordId,
      reviewedByName: r.reviewedBy ? (reviewers.get(r.reviewedBy) ?? null) : null,
      reviewedAt: isoOrNull(r.reviewedAt),
      reviewNote: r.reviewNote,
      pointsPosted: !!(r.pointsTransferId || r.timeBankTransferId || r.redPointsTransferId),
      createdAt: toIso(r.createdAt),
      version: r.version,
    };
  });
}
