import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { STREET_HUBIN } from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { cachedSession, createUser, login, logout, resolveSession } from './index.ts';

const clock = fixedClock('2026-06-15T02:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;
let userId: string;

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  userId = await createUser(ctx, {
    username: 'session_user',
    displayName: 'session user',
    password: 'Minsheng2026',
    grants: [{ role: 'street_staff', areaCode: STREET_HUBIN }],
  });
});
afterAll(async () => {
  await close?.();
});

/** The same database behind a new object (a cache of its own), counting the selects issued. */
function countingCtx(): { ctx: Ctx; selects(): number } {
  let n = 0;
  const db = new Proxy(ctx.db, {
    get(target, key, receiver) {
      if (key === 'select') n++;
      return Reflect.get(target, key, receiver);
    },
  }) as Db;
  return { ctx: { ...ctx, db }, selects: () => n };
}

describe('session resolution', () => {
  it('concurrent requests of one session share a single lookup, then the cache answers', async () => {
    const s = await login(ctx, 'session_user', 'Minsheng2026', {});
    const c = countingCtx();
    expect(cachedSession(c.ctx, s.token)).toBeUndefined();
    const all = await Promise.all(Array.from({ length: 20 }, () => resolveSession(c.ctx, s.token)));
    expect(c.selects()).toBe(1);
    expect(all.every((r) => r?.actor.id === userId && r.csrfToken === s.csrfToken)).toBe(true);
    expect(cachedSession(c.ctx, s.token)?.actor.id).toBe(userId);
    await resolveSession(c.ctx, s.token);
    expect(c.selects()).toBe(1);
  });

  it('a cached session is looked up again after 5 seconds', async () => {
    const s = await login(ctx, 'session_user', 'Minsheng2026', {});
    const c = countingCtx();
    await resolveSession(c.ctx, s.token);
    clock.advance(4_999);
    expect(cachedSession(c.ctx, s.token)).toBeDefined();
    clock.advance(1);
    expect(cachedSession(c.ctx, s.token)).toBeUndefined();
    expect((await resolveSession(c.ctx, s.token))?.actor.id).toBe(userId);
    expect(c.selects()).toBe(2);
  });

  it('an unknown token resolves to nothing and is not cached', async () => {
    const c = countingCtx();
    expect(await resolveSession(c.ctx, 'no-such-token')).toBeUndefined();
    expect(cachedSession(c.ctx, 'no-such-token')).toBeUndefined();
    expect(await resolveSession(c.ctx, 'no-such-token')).toBeUndefined();
    expect(c.selects()).toBe(2);
  });

  it('a lookup under way when the session logs out does not bring it back', async () => {
    const s = await login(ctx, 'session_user', 'Minsheng2026', {});
    const actor = (await resolveSession(ctx, s.token))!.actor;
    clock.advance(5_000); // the entry is stale: the next request looks the session up again
    const during = resolveSession(ctx, s.token);
    await logout(ctx, s.token, actor);
    await during;
    expect(cachedSession(ctx, s.token)).toBeUndefined();
    expect(await resolveSession(ctx, s.token)).toBeUndefined();
  });
});
