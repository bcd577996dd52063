import type { OpeningHours } from '../../../contracts/api/orgs.ts';
import type { ServicePointType } from '../../../contracts/domain.ts';
import { type Actor, narrowScope, requireAnywhere, requireIn } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import { toDateOrNull } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { areaNameMap, requireOpenArea } from '../areas/index.ts';
import { orgNames, requireOrgExists } from '../orgs/index.ts';
import * as repo from './service-points.repo.ts';
import { checkCoordinates, checkOpeningHours } from './service-points.rules.ts';

const who = (a: Actor) => ({ id: a.id, name: a.username });

async function present(ctx: Ctx, rows: repo.ServicePointRow[]) {
  const areas = await areaNameMap(ctx.db);
  const orgs = await orgNames(ctx, [...new Set(rows.map((r) => r.orgId).filter((x): x is string => !!x))]);
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    type: s.type as ServicePointType,
    areaCode: s.areaCode,
    areaName: areas.get(s.areaCode)?.name ?? s.areaCode,
    address: s.address,
    lat: s.lat,
    lng: s.lng,
    openingHours: (s.openingHours ?? []) as OpeningHours,
    orgId: s.orgId,
    orgName: s.orgId ? (orgs.get(s.orgId) ?? null) : null,
    closedOn: toDateOrNull(s.closedOn),
    version: s.version,
  }));
}

export async function listServicePoints(
  ctx: Ctx,
  actor: Actor,
  q: { q?: string; area?: string; type?: string; includeClosed?: boolean; page: number; pageSize: number },
) {
  const scope = narrowScope(requireAnywhere(actor, 'service_point.read'), q.area);
  const { rows, total } = await repo.searchServicePoints(ctx.db, {
    scope,
    ...q,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: await present(ctx, rows),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getServicePoint(ctx: Ctx, actor: Actor, id: string) {
  const row = await repo.findServicePoint(ctx.db, requireAnywhere(actor, 'service_point.read'), id);
  if (!row) throw new AppError('SERVICE_POINT_NOT_FOUND');
  return (await present(ctx, [row]))[0]!;
}

export interface ServicePointInput {
  name: string;
  type: ServicePointType;
  areaCode: string;
  address: string;
  lat?: number | null;
  lng?: number | null;
  openingHours: OpeningHours;
  orgId?: string | null;
}

function check(input: Partial<ServicePointInput>) {
  const issues = [
    ...checkCoordinates(input.lat, input.lng),
    ...(input.openingHours ? checkOpeningHours(input.openingHours) : []),
  ];
  if (issues.length) throw new AppError('VALIDATION_FAILED', {}, issues);
}

export async function createServicePoint(ctx: Ctx, actor: Actor, input: ServicePointInput) {
  requireIn(actor, 'service_point.write', input.areaCode);
  check(input);
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.transaction(async (tx) => {
    await requireOpenArea(tx, input.areaCode);
    if (input.orgId) await requireOrgExists({ ...ctx, db: tx }, actor, input.orgId);
    const row = { id, ...input, lat: input.lat ?? null, lng: input.lng ?? null, orgId: input.orgId ?? null };
    await repo.insertServicePoints(tx, [row]);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'service_point.create',
      entityType: 'service_point',
      entityId: id,
      areaCode: input.areaCode,
      after: row,
    });
  });
  return getServicePoint(ctx, actor, id);
}

export async function updateServicePoint(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: Partial<ServicePointInput> & { version: number },
) {
  const scope = requireAnywhere(actor, 'service_point.write');
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findServicePoint(tx, scope, id, true);
    if (!before) throw new AppError('SERVICE_POINT_NOT_FOUND');
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT');
    const { version: _v, ...patch } = input;
    check({
      ...patch,
      lat: patch.lat === undefined ? before.lat : patch.lat,
      lng: patch.lng === undefined ? before.lng : patch.lng,
    });
    if (patch.areaCode && patch.areaCode !== before.areaCode) {
      requireIn(actor, 'service_point.write', patch.areaCode);
      await requireOpenArea(tx, patch.areaCode);
    }
    if (patch.orgId) await requireOrgExists({ ...ctx, db: tx }, actor, patch.orgId);
    const after = await repo.updateServicePointRow(tx, id, patch);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'service_point.update',
      entityType: 'service_point',
      entityId: id,
      areaCode: after.areaCode,
      before,
      after,
    });
  });
  return getServicePoint(ctx, actor, id);
}

export async function closeServicePoint(
  ctx: Ctx,
  actor: Actor,
  id: string,
  closedOn: string | undefined,
  reason: string,
) {
  const scope = requireAnywhere(actor, 'service_point.write');
  const day = closedOn ?? ctx.clock.today();
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findServicePoint(tx, scope, id, true);
    if (!before) throw new AppError('SERVICE_POINT_NOT_FOUND');
    if (before.closedOn)
      throw new AppError('SERVICE_POINT_CLOSED', { closedOn: toDateOrNull(before.closedOn)! });
    const after = await repo.updateServicePointRow(tx, id, { closedOn: day });
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'service_point.close',
      entityType: 'service_point',
      entityId: id,
      areaCode: after.areaCode,
      before: { closedOn: before.closedOn },
      after: { closedOn: day },
      reason,
    });
  });
  return getServicePoint(ctx, actor, id);
}
