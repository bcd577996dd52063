import type { Role } from '../../../contracts/roles.ts';
import { type Actor, requireAnywhere, requireIn, scopeOf } from '../../platform/access.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { orgIdsOfUser } from '../orgs/index.ts';

/**
 * Who sees which statements. Staff read by area: the statements of organisations registered in
 * their area (district: all; street: its street). A provider's staff act for their organisation
 * (contracts/roles.ts, org_members): they read that organisation's statements, wherever it is
 * registered, and nobody else's — their grant's area says whose residents they serve, not whose
 * money they may see.
 */
const ACTS_FOR_ORG: readonly Role[] = ['service_provider'];

export interface Visibility {
  /** Area prefixes: statements of organisations registered there. */
  areas: string[];
  /** Organisations whose statements the actor reads as their staff. */
  orgIds: string[];
}

export async function readerVisibility(db: Db, actor: Actor): Promise<Visibility> {
  requireAnywhere(actor, 'settlement.read');
  const staff = { ...actor, grants: actor.grants.filter((g) => !ACTS_FOR_ORG.includes(g.role)) };
  const forOrg = { ...actor, grants: actor.grants.filter((g) => ACTS_FOR_ORG.includes(g.role)) };
  return {
    areas: scopeOf(staff, 'settlement.read'),
    orgIds: scopeOf(forOrg, 'settlement.read').length ? await orgIdsOfUser(db, actor.id) : [],
  };
}

/** Drawing up, approving and paying: district staff, in the area where they hold settlement.approve. */
export function approverVisibility(actor: Actor): Visibility {
  return { areas: requireAnywhere(actor, 'settlement.approve'), orgIds: [] };
}

/** The district-wide reconciliation needs settlement.approve over the whole district. */
export function requireDistrictApprover(actor: Actor, districtCode: string): void {
  requireIn(actor, 'settlement.approve', districtCode);
}

export function isEmpty(v: Visibility): boolean {
  return v.areas.length === 0 && v.orgIds.length === 0;
}

export function notFound(): AppError {
  return new AppError('STATEMENT_NOT_FOUND');
}
