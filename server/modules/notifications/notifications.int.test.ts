import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNotification } from '../../../contracts/api/notifications.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryOne } from '../../platform/db/rows.ts';
import type { App } from '../../platform/http/types.ts';
import { COMMUNITY_HUBIN } from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { type Client, createTestApp, signIn } from '../../testing/http.ts';
import { notify } from './index.ts';

const clock = fixedClock('2026-06-15T02:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let alice: Client;
let bob: Client;
let aliceId: string;
let bobId: string;

const userId = async (username: string) =>
  (await queryOne<{ id: string }>(ctx.db, sql`SELECT id FROM users WHERE username = ${username}`))!.id;

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  app = await createTestApp(ctx);
  alice = await signIn(app, ctx, [{ role: 'community_worker', areaCode: COMMUNITY_HUBIN }], 'nt_alice');
  bob = await signIn(app, ctx, [{ role: 'volunteer', areaCode: COMMUNITY_HUBIN }], 'nt_bob');
  aliceId = await userId('nt_alice');
  bobId = await userId('nt_bob');
});

afterAll(async () => {
  await app?.close();
  await close?.();
});

describe('notifications', () => {
  it('notify writes one row per distinct user and reads in either language', async () => {
    const n = await notify(ctx, {
      userIds: [aliceId, aliceId, bobId, null, undefined],
      kind: 'need.claimed',
      params: { claimant: '爱心协会', seats: 2, title: '陪同就医', needNo: 'XQ202606150001' },
      link: '/needs/x',
    });
    expect(n).toBe(2);
    const page = (await alice.get('/api/notifications')).json();
    expect(page).toMatchObject({ total: 1, unread: 1 });
    expect(page.items[0]).toMatchObject({ kind: 'need.claimed', link: '/needs/x', readAt: null });
    expect(renderNotification(page.items[0].kind, page.items[0].params, 'zh-CN')).toBe(
      '爱心协会 认领了需求“陪同就医”的 2 个名额（XQ202606150001）',
    );
    expect(renderNotification(page.items[0].kind, page.items[0].params, 'en')).toBe(
      '爱心协会 claimed 2 seat(s) of “陪同就医” (XQ202606150001)',
    );
    expect(renderNotification('some.new.kind', {}, 'en')).toBe('some.new.kind');
  });

  it('a dedupe key sends a reminder once per user however often it is asked', async () => {
    const input = {
      userIds: [bobId],
      kind: 'need.reminder.start' as const,
      params: { title: 't', when: '2026-06-16 09:00', place: 'p' },
      link: null,
      dedupeKey: 'need.reminder.start:abc',
    };
    expect(await notify(ctx, input)).toBe(1);
    expect(await notify(ctx, input)).toBe(0);
    expect(await notify(ctx, { ...input, userIds: [bobId, aliceId] })).toBe(1);
    const r = await queryOne<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM notifications WHERE dedupe_key = 'need.reminder.start:abc'`,
    );
    expect(Number(r!.n)).toBe(2);
  });

  it('marks one read, then all; another user’s notification does not exist for the caller', async () => {
    clock.advance(60_000);
    await notify(ctx, {
      userIds: [bobId],
      kind: 'need.filled',
      params: { title: 'a', needNo: 'n' },
      link: null,
    });
    clock.advance(60_000);
    await notify(ctx, {
      userIds: [bobId],
      kind: 'need.scheduled',
      params: { title: 'b', when: 'w', place: 'p' },
      link: null,
    });
    let page = (await bob.get('/api/notifications?pageSize=2')).json();
    expect(page.items.map((i: { kind: string }) => i.kind)).toEqual(['need.scheduled', 'need.filled']);
    expect(page.total).toBe(4);
    expect(page.unread).toBe(4);
    const first = page.items[0].id;
    expect((await alice.post(`/api/notifications/${first}/read`)).statusCode).toBe(404);
    expect((await alice.post('/api/notifications/not-a-uuid/read')).json().error.code).toBe(
      'VALIDATION_FAILED',
    );
    const r = await bob.post(`/api/notifications/${first}/read`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ ok: true, unread: 3 });
    page = (await bob.get('/api/notifications?unread=true')).json();
    expect(page).toMatchObject({ total: 3, unread: 3 });
    expect(page.items.map((i: { id: string }) => i.id)).not.toContain(first);
    const all = await bob.post('/api/notifications/read-all');
    expect(all.json()).toEqual({ updated: 3, unread: 0 });
    expect((await bob.get('/api/notifications')).json()).toMatchObject({ total: 4, unread: 0 });
    // alice's are untouched
    expect((await alice.get('/api/notifications')).json().unread).toBe(2);
    expect((await app.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
  });
});
