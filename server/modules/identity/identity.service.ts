import { hash, verify } from '@node-rs/argon2';
import { ROLES, type Role } from '../../../contracts/roles.ts';
import { type Actor, type Grant, SYSTEM_ACTOR } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import { randomToken, sha256 } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { requireOpenArea } from '../areas/index.ts';
import * as repo from './identity.repo.ts';

// OWASP's argon2id baseline (19 MiB, 2 passes); verify() reads the parameters from the hash.
const ARGON = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
// A fixed hash to verify against when the user does not exist, so timing does not reveal names.
let dummyHash: string | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON);
}

export function checkPasswordStrength(password: string): void {
  if (password.length < 10 || !/[A-Za-z]/.test(password) || !/\d/.test(password))
    throw new AppError('VALIDATION_FAILED', {}, [{ field: 'password', code: 'PASSWORD_WEAK' }]);
}

export interface SessionInfo {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
}

export async function login(
  ctx: Ctx,
  username: string,
  password: string,
  meta: { ip?: string; userAgent?: string },
): Promise<SessionInfo> {
  const now = ctx.clock.now();
  const user = await repo.findUserByUsername(ctx.db, username);
  if (!user || user.disabled) {
    dummyHash ??= await hashPassword('not-a-real-password-1');
    await verify(dummyHash, password).catch(() => false);
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError('AUTH_LOCKED', { until: formatShanghai(user.lockedUntil) });
  }
  if (user.lockedUntil && user.lockedUntil <= now && user.failedAttempts > 0) {
    // An expired lock-out starts a fresh count; otherwise the next slip would lock again at once.
    await repo.resetLoginFailures(ctx.db, user.id);
    user.failedAttempts = 0;
  }
  const ok = await verify(user.passwordHash, password).catch(() => false);
  const who = { id: user.id, name: user.username };
  if (!ok) {
    const lockUntil = new Date(now.getTime() + ctx.config.loginLockMinutes * 60_000);
    const after = await ctx.db.transaction(async (tx) => {
      const row = await repo.recordLoginFailure(tx, user.id, ctx.config.loginMaxFailures, lockUntil);
      await recordAudit(tx, ctx.clock, who, {
        action: row.lockedUntil && row.lockedUntil > now ? 'user.locked' : 'user.login_failed',
        entityType: 'user',
        entityId: user.id,
        after: { failedAttempts: row.failedAttempts, ip: meta.ip ?? null },
      });
      return row;
    });
    if (after.lockedUntil && after.lockedUntil > now)
      throw new AppError('AUTH_LOCKED', { until: formatShanghai(after.lockedUntil) });
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  const token = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3600_000);
  await ctx.db.transaction(async (tx) => {
    await repo.resetLoginFailures(tx, user.id);
    await repo.insertSession(tx, {
      tokenHash: sha256(token),
      userId: user.id,
      csrfToken,
      createdAt: now,
      expiresAt,
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(tx, ctx.clock, who, {
      action: 'user.login',
      entityType: 'user',
      entityId: user.id,
      after: { ip: meta.ip ?? null },
    });
  });
  return { token, csrfToken, expiresAt, actor: await actorOf(ctx, user) };
}

export async function logout(ctx: Ctx, token: string, actor: Actor): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await repo.deleteSession(tx, sha256(token));
    sessionCache(ctx).delete(sha256(token));
    await recordAudit(
      tx,
      ctx.clock,
      { id: actor.id, name: actor.username },
      { action: 'user.logout', entityType: 'user', entityId: actor.id },
    );
  });
}

async function actorOf(ctx: Ctx, user: repo.UserRow): Promise<Actor> {
  const gs = await repo.findGrants(ctx.db, user.id);
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    grants: gs.map((g) => ({ role: g.role as Role, areaCode: g.areaCode })),
  };
}

interface CachedSession {
  actor: Actor;
  csrfToken: string;
  expiresAt: Date;
  cachedAt: number;
}

/**
 * Resolved sessions are kept for a few seconds per process: every API request needs its actor,
 * and a worker's page fires several at once. Logout drops the entry at once; a grant change or a
 * disabled account takes effect within SESSION_CACHE_MS (ADR 0004).
 */
const SESSION_CACHE_MS = 5_000;
const sessionCaches = new WeakMap<object, Map<string, CachedSession>>();

function sessionCache(ctx: Ctx): Map<string, CachedSession> {
  let m = sessionCaches.get(ctx.db);
  if (!m) {
    m = new Map();
    sessionCaches.set(ctx.db, m);
  }
  return m;
}

/** Resolves a session token to its actor and CSRF token, or undefined when absent or expired. */
export async function resolveSession(
  ctx: Ctx,
  token: string,
): Promise<{ actor: Actor; csrfToken: string } | undefined> {
  const now = ctx.clock.now();
  const tokenHash = sha256(token);
  const cache = sessionCache(ctx);
  const hit = cache.get(tokenHash);
  if (hit && hit.expiresAt > now && Math.abs(now.getTime() - hit.cachedAt) < SESSION_CACHE_MS) return hit;
  const row = await repo.findSessionActor(ctx.db, tokenHash, now);
  if (!row) {
    cache.delete(tokenHash);
    return undefined;
  }
  const entry: CachedSession = {
    actor: {
      id: row.userId,
      username: row.username,
      displayName: row.displayName,
      grants: row.grants.map((g) => ({ role: g.role as Role, areaCode: g.areaCode })),
    },
    csrfToken: row.csrfToken,
    expiresAt: new Date(row.expiresAt),
    cachedAt: now.getTime(),
  };
  if (cache.size > 10_000) cache.clear();
  cache.set(tokenHash, entry);
  return entry;
}

export async function grantsWithNames(ctx: Ctx, userId: string) {
  return repo.findGrants(ctx.db, userId);
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  grants: Grant[];
}

export async function createUser(ctx: Ctx, input: NewUser, by: Actor = SYSTEM_ACTOR): Promise<string> {
  checkPasswordStrength(input.password);
  for (const g of input.grants)
    if (!ROLES.includes(g.role)) throw new AppError('ROLE_UNKNOWN', { role: g.role });
  const existing = await repo.findUserByUsername(ctx.db, input.username);
  if (existing) throw new AppError('USERNAME_TAKEN', { username: input.username });
  const passwordHash = await hashPassword(input.password);
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.transaction(async (tx) => {
    for (const g of input.grants) await requireOpenArea(tx, g.areaCode);
    await repo.insertUser(tx, { id, username: input.username, displayName: input.displayName, passwordHash });
    for (const g of input.grants) await repo.insertGrant(tx, id, g.role, g.areaCode);
    await recordAudit(
      tx,
      ctx.clock,
      { id: by.id, name: by.username },
      {
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        after: { username: input.username, displayName: input.displayName, grants: input.grants },
      },
    );
  });
  return id;
}

export async function listUsers(ctx: Ctx) {
  return repo.listUsers(ctx.db);
}

function formatShanghai(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
