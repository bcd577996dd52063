import type { Permission, Role } from '../../../contracts/roles.ts';
import { type Actor, narrowScope, SYSTEM_ACTOR, scopeOf } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { getOrg, orgIdsOfUser } from '../orgs/index.ts';
import { getServicePoint } from '../service-points/index.ts';
import type { Visibility } from './activities.repo.ts';

/**
 * Who acts on activities and records. District, street and community staff act for every
 * organisation in their area; a service provider's staff act for the organisations they work for
 * (org_members), within the area where they hold the permission.
 */
const STAFF_ROLES: readonly Role[] = ['district_admin', 'street_staff', 'community_worker'];

export function staffScopeOf(actor: Actor, permission: Permission): string[] {
  return scopeOf({ ...actor, grants: actor.grants.filter((g) => STAFF_ROLES.includes(g.role)) }, permission);
}

export const isAreaStaff = (actor: Actor, permission: Permission, areaCode: string) =>
  staffScopeOf(actor, permission).some((p) => areaCode.startsWith(p));

export async function visibilityOf(
  db: Db,
  actor: Actor,
  permission: Permission,
  area?: string,
): Promise<Visibility> {
  const orgScope = narrowScope(scopeOf(actor, permission), area);
  return {
    staffScope: narrowScope(staffScopeOf(actor, permission), area),
    orgScope,
    orgIds: orgScope.length ? await orgIdsOfUser(db, actor.id) : [],
  };
}

export const hasAny = (v: Visibility) =>
  v.staffScope.length > 0 || (v.orgScope.length > 0 && v.orgIds.length > 0);

/** For audit rows. */
export const who = (a: Pick<Actor, 'id' | 'username'>) => ({ id: a.id, name: a.username });

/** Any organisation, whatever the caller may read of organisations; a missing one is the field's. */
export async function requireOrg(ctx: Ctx, orgId: string, field = 'orgId') {
  try {
    return await getOrg(ctx, SYSTEM_ACTOR, orgId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'ORG_NOT_FOUND') throw fieldError(field, 'ORG_NOT_FOUND');
    throw err;
  }
}

export async function requireServicePoint(ctx: Ctx, id: string, field = 'servicePointId') {
  try {
    return await getServicePoint(ctx, SYSTEM_ACTOR, id);
  } catch (err) {
    if (err instanceof AppError && err.code === 'SERVICE_POINT_NOT_FOUND')
      throw fieldError(field, 'SERVICE_POINT_NOT_FOUND');
    throw err;
  }
}

/** 2026-06-10 09:00 in Shanghai, as errors and files show times. */
export function shanghaiTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
export const shanghaiHm = (d: Date) => shanghaiTime(d).slice(11);
