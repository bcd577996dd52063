import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { type Permission, ROLE_PERMISSIONS, type Role } from '../../contracts/roles.ts';
import { AppError } from './errors.ts';

export interface Grant {
  role: Role;
  areaCode: string;
}

export interface Actor {
  id: string;
  username: string;
  displayName: string;
  grants: Grant[];
}

/** The system itself (demo generation, CLI import without a user). */
export const SYSTEM_ACTOR: Actor = {
  id: '00000000-0000-7000-8000-000000000000',
  username: 'system',
  displayName: '系统',
  grants: [{ role: 'district_admin', areaCode: '330102000000' }],
};

/** '330102000000' → '330102'; '330102003000' → '330102003'; a community code stays whole. */
export function areaPrefix(code: string): string {
  let c = code;
  while (c.length > 6 && c.endsWith('000')) c = c.slice(0, -3);
  return c;
}

/** Area prefixes in which the actor holds `permission`, without prefixes already covered by others. */
export function scopeOf(actor: Actor, permission: Permission): string[] {
  const prefixes = actor.grants
    .filter((g) => ROLE_PERMISSIONS[g.role].includes(permission))
    .map((g) => areaPrefix(g.areaCode))
    .sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const p of prefixes) if (!out.some((o) => p.startsWith(o))) out.push(p);
  return out;
}

export function permissionsOf(actor: Actor): Permission[] {
  const set = new Set<Permission>();
  for (const g of actor.grants) for (const p of ROLE_PERMISSIONS[g.role]) set.add(p);
  return [...set];
}

export function hasAnywhere(actor: Actor, permission: Permission): boolean {
  return scopeOf(actor, permission).length > 0;
}

export function canIn(actor: Actor, permission: Permission, areaCode: string): boolean {
  return scopeOf(actor, permission).some((p) => areaCode.startsWith(p));
}

/** Throws FORBIDDEN unless the actor holds the permission somewhere. */
export function requireAnywhere(actor: Actor, permission: Permission): string[] {
  const scope = scopeOf(actor, permission);
  if (scope.length === 0) throw new AppError('FORBIDDEN');
  return scope;
}

/** Throws FORBIDDEN unless the actor holds the permission on this area. */
export function requireIn(actor: Actor, permission: Permission, areaCode: string): void {
  if (!canIn(actor, permission, areaCode)) throw new AppError('FORBIDDEN');
}

/** Narrows a requested area filter to the scope; a filter outside every prefix yields an empty scope. */
export function narrowScope(scope: string[], requested?: string): string[] {
  if (!requested) return scope;
  const req = areaPrefix(requested.padEnd(12, '0'));
  if (scope.some((p) => req.startsWith(p))) return [req];
  return scope.filter((p) => p.startsWith(req));
}

/**
 * The SQL filter every person-centred query carries. Codes are fixed-width, so a street prefix
 * is an equality on the street column when the table has one.
 */
export function scopeSql(scope: string[], area: AnyPgColumn | SQL, street?: AnyPgColumn | SQL): SQL {
  if (scope.length === 0) return sql`false`;
  const parts = scope.map((p) => {
    if (p.length === 12) return sql`${area} = ${p}`;
    if (p.length === 9 && street) return sql`${street} = ${p}`;
    return sql`${area} like ${`${p}%`}`;
  });
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`;
}
