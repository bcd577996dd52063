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
  const tokenHash = sha256(token);
  await ctx.db.transaction(async (tx) => {
    await repo.deleteSession(tx, tokenHash);
    forgetSession(ctx, tokenHash);
    await recordAudit(
      tx,
      ctx.clock,
      { id: actor.id, name: actor.username },
      { action: 'user.logout', entityType: 'user', entityId: actor.id },
    );
  });
  // Again after the commit: a lookup that read the row before the delete committed must not
  // put the session back.
  forgetSession(ctx, tokenHash);
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

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
}

interface CachedSession extends ResolvedSession {
  expiresAt: Date;
  cachedAt: number;
}

interface SessionCache {
  entries: Map<string, CachedSession>;
  /** Lookups under way, so concurrent requests of one session share a single query. */
  pending: Map<string, Promise<ResolvedSession | undefined>>;
}

/**
 * Resolved sessions are kept for a few seconds per process: every API request needs its actor,
 * and a worker's page fires several at once. Logout drops the entry at once; a grant change or a
 * disabled account takes effect within SESSION_CACHE_MS (ADR 0004).
 */
const SESSION_CACHE_MS = 5_000;
const sessionCaches = new WeakMap<object, SessionCache>();

function sessionCache(ctx: Ctx): SessionCache {
  let c = sessionCaches.get(ctx.db);
  if (!c) {
    c = { entries: new Map(), pending: new Map() };
    sessionCaches.set(ctx.db, c);
  }
  return c;
}

function forgetSession(ctx: Ctx, tokenHash: string): void {
  const c = sessionCache(ctx);
  c.entries.delete(tokenHash);
  c.pending.delete(tokenHash);
}

function freshEntry(c: SessionCache, tokenHash: string, now: Date): CachedSession | undefined {
  const hit = c.entries.get(tokenHash);
  return hit && hit.expiresAt > now && Math.abs(now.getTime() - hit.cachedAt) < SESSION_CACHE_MS
    ? hit
    : undefined;
}

/**
 * The session when this process resolved it less than SESSION_CACHE_MS ago, without a database
 * round trip or a promise: the path almost every API request takes.
 */
export function cachedSession(ctx: Ctx, token: string): ResolvedSession | undefined {
  return freshEntry(sessionCache(ctx), sha256(token), ctx.clock.now());
}

/** Resolves a session token to its actor and CSRF token, or undefined when absent or expired. */
export function resolveSession(ctx: Ctx, token: string): Promise<ResolvedSession | undefined> {
  const now = ctx.clock.now();
  const tokenHash = sha256(token);
  const c = sessionCache(ctx);
  const hit = freshEntry(c, tokenHash, now);
  if (hit) return Promise.resolve(hit);
  // When an entry expires under load, every request of that session in flight would otherwise
  // run the same query at once (50 clients: 50 queries every 5 s, each queued behind the others).
  const pending = c.pending.get(tokenHash);
  if (pending) return pending;
  const lookup: Promise<ResolvedSession | undefined> = repo.findSessionActor(ctx.db, tokenHash, now).then(
    (row) => {
      // Logout may have dropped this lookup meanwhile; then its result is not kept.
      const isCurrent = c.pending.get(tokenHash) === lookup;
      if (isCurrent) c.pending.delete(tokenHash);
      if (!row) {
        if (isCurrent) c.entries.delete(tokenHash);
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
      if (isCurrent) {
        if (c.entries.size > 10_000) c.entries.clear();
        c.entries.set(tokenHash, entry);
      }
      return entry;
    },
    (err: unknown) => {
      if (c.pending.get(tokenHash) === lookup) c.pending.delete(tokenHash);
      throw err;
    },
  );
  c.pending.set(tokenHash, lookup);
  return lookup;
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
