import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/types.ts';
import { newId } from '../../platform/ids.ts';
import {
  buildOrgBody,
  buildPersonBody,
  COMMUNITY_HUBIN,
  COMMUNITY_HUBIN_2,
  COMMUNITY_QINGBO,
  DISTRICT,
  STREET_HUBIN,
} from '../../testing/builders.ts';
import { createTestContext, testEngine } from '../../testing/context.ts';
import { type Client, createTestApp, loginAs, nextRemoteAddress, signIn } from '../../testing/http.ts';
import {
  type Account,
  checkLedger,
  expireHolds,
  findAccount,
  getAccount,
  openAccount,
  postTransfer,
} from '../ledger/index.ts';
import { addOrgMembers } from '../orgs/index.ts';
import { ensureHomeServiceCatalogue } from './home-services.service.ts';

// 2026-06-15 10:00 in Hangzhou.
const clock = fixedClock('2026-06-15T02:00:00Z');
const START = '2026-06-15T02:00:00Z';
let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let admin: Client;
let worker: Client;
let worker2: Client;
let provider: Client;
let otherProvider: Client;
let orgA: { id: string; areaCode: string };
let orgB: { id: string; areaCode: string };
let fund: Account;
let grants = 0;

interface Order {
  id: string;
  orderNo: string;
  status: string;
  version: number;
  amountFen: number;
  creditsFen: number;
  copayFen: number;
  quantity: number;
  refundedFen: number;
  rating: number | null;
  transfers: {
    flag: string;
    code: string;
    amount: number;
    idempotencyKey: string;
    expiresAt: string | null;
  }[];
  events: { fromStatus: string | null; toStatus: string; actorName: string; note: string | null }[];
}

async function newElder(areaCode = COMMUNITY_HUBIN, age = 82): Promise<string> {
  const res = await admin.post('/api/persons', buildPersonBody({ areaCode, age }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

/** Enrols the elder in 重阳分 from June (as the care-credits module's list would have it). */
async function enrol(personId: string, areaCode = COMMUNITY_HUBIN, fromMonth = '2026-06-01') {
  await ctx.db.execute(
    sql`INSERT INTO care_credit_enrolments (person_id, id, area_code, from_month, reason)
        VALUES (${personId}::uuid, ${newId()}::uuid, ${areaCode}, ${fromMonth}::date, '测试')`,
  );
}

/** Credits the elder's 养老服务专户 from the programme fund (a monthly grant). */
async function grant(personId: string, amount: number, areaCode = COMMUNITY_HUBIN) {
  const acc = await openAccount(ctx.db, clock, {
    ownerType: 'person',
    ownerId: personId,
    unit: 'fen',
    kind: 'elder_care',
    areaCode,
  });
  await postTransfer(ctx.db, clock, {
    key: `test.grant:${++grants}`,
    debitAccountId: fund.id,
    creditAccountId: acc.id,
    amount,
    unit: 'fen',
    code: 'chongyang.grant',
  });
  return acc.id;
}

async function enrolled(balance: number, areaCode = COMMUNITY_HUBIN) {
  const id = await newElder(areaCode);
  await enrol(id, areaCode);
  if (balance > 0) await grant(id, balance, areaCode);
  return id;
}

async function elderAccount(personId: string) {
  const a = await findAccount(ctx.db, {
    ownerType: 'person',
    ownerId: personId,
    unit: 'fen',
    kind: 'elder_care',
  });
  return a ? { balance: a.balance, available: a.available } : { balance: 0, available: 0 };
}

async function receivable(orgId: string) {
  const a = await findAccount(ctx.db, { ownerType: 'org', ownerId: orgId, unit: 'fen', kind: 'receivable' });
  return a ? { balance: a.balance, pending: a.creditsPending } : { balance: 0, pending: 0 };
}

const tomorrowAt10 = '2026-06-16T10:00:00+08:00';

async function place(client: Client, body: Record<string, unknown>) {
  return client.post('/api/home-services/orders', {
    orgId: orgA.id,
    serviceCode: 'bathing',
    channel: 'phone',
    scheduledFor: tomorrowAt10,
    ...body,
  });
}

async function placed(personId: string, body: Record<string, unknown> = {}): Promise<Order> {
  const res = await place(worker, { personId, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const paths = {
  accept: 'accept',
  check_in: 'check-in',
  check_out: 'check-out',
  confirm: 'confirm',
  cancel: 'cancel',
  rate: 'rate',
} as const;

async function act(
  client: Client,
  o: { id: string; version: number },
  action: keyof typeof paths,
  body = {},
) {
  return client.post(`/api/home-services/orders/${o.id}/${paths[action]}`, { version: o.version, ...body });
}

/** Acts and expects success; returns the order after it. */
async function ok(client: Client, o: { id: string; version: number }, action: keyof typeof paths, body = {}) {
  const res = await act(client, o, action, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json() as Order;
}

async function read(id: string): Promise<Order> {
  return (await admin.get(`/api/home-services/orders/${id}`)).json();
}

/** Walks an order from placed to the given state, the visit lasting `minutes`. */
async function advance(o: Order, to: 'accepted' | 'in_service' | 'done' | 'confirmed', minutes = 45) {
  let cur = await ok(provider, o, 'accept');
  if (to === 'accepted') return cur;
  cur = await ok(provider, cur, 'check_in');
  if (to === 'in_service') return cur;
  cur = await ok(provider, cur, 'check_out', { durationMinutes: minutes });
  if (to === 'done') return cur;
  return ok(worker, cur, 'confirm');
}

let sessionsFrom = Date.parse(START);
/**
 * Moves the test clock. Sessions last 12 hours, so a jump of more than half a day signs every
 * client in again at the new time.
 */
async function travel(iso: string) {
  clock.set(iso);
  if (Math.abs(Date.parse(iso) - sessionsFrom) < 11 * 3600_000) return;
  sessionsFrom = Date.parse(iso);
  const again = (c: Client) => loginAs(app, c.username, undefined, { remoteAddress: nextRemoteAddress() });
  admin = await again(admin);
  worker = await again(worker);
  worker2 = await again(worker2);
  provider = await again(provider);
  otherProvider = await again(otherProvider);
}

async function errorOf(res: { statusCode: number; json(): { error: { code: string } } }) {
  return [res.statusCode, res.json().error.code] as const;
}

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  app = await createTestApp(ctx);
  const sign = (role: string, areaCode: string, name: string) =>
    signIn(app, ctx, [{ role: role as never, areaCode }], name, { remoteAddress: nextRemoteAddress() });
  admin = await sign('district_admin', DISTRICT, 'hs_admin');
  worker = await sign('community_worker', COMMUNITY_HUBIN, 'hs_worker');
  worker2 = await sign('community_worker', COMMUNITY_HUBIN_2, 'hs_worker2');
  provider = await sign('service_provider', STREET_HUBIN, 'hs_provider');
  otherProvider = await sign('service_provider', STREET_HUBIN, 'hs_other_provider');
  orgA = (
    await admin.post(
      '/api/orgs',
      buildOrgBody({ name: '杭州颐年养老服务有限公司', kind: 'enterprise', areaCode: STREET_HUBIN }),
    )
  ).json();
  orgB = (
    await admin.post(
      '/api/orgs',
      buildOrgBody({ name: '杭州乐龄家政服务有限公司', kind: 'enterprise', areaCode: STREET_HUBIN }),
    )
  ).json();
  const me = async (c: Client) => (await c.get('/api/auth/me')).json().id as string;
  await addOrgMembers(ctx.db, [
    { userId: await me(provider), orgId: orgA.id },
    { userId: await me(otherProvider), orgId: orgB.id },
  ]);
  fund = await openAccount(ctx.db, clock, {
    ownerType: 'programme',
    ownerId: 'chongyang',
    unit: 'fen',
    kind: 'fund',
    areaCode: DISTRICT,
    allowNegative: true,
  });
  for (const [serviceCode, priceFen] of [
    ['bathing', 8000],
    ['cleaning', 4500],
    ['meal_delivery', 2000],
  ] as const) {
    const r = await provider.post(`/api/home-services/providers/${orgA.id}/prices`, {
      serviceCode,
      priceFen,
      validFrom: '2026-01-01',
    });
    expect(r.statusCode, r.body).toBe(201);
  }
  expect(
    (
      await otherProvider.post(`/api/home-services/providers/${orgB.id}/prices`, {
        serviceCode: 'bathing',
        priceFen: 7000,
        validFrom: '2026-01-01',
      })
    ).statusCode,
  ).toBe(201);
});
afterAll(async () => {
  await app?.close();
  await close?.();
});
afterEach(async () => {
  await travel(START);
  const report = await checkLedger(ctx.db);
  expect(report.violations).toEqual([]);
});

describe('the catalogue', () => {
  it('lists the eight services with their units and both languages, seeded once however often it runs', async () => {
    await ensureHomeServiceCatalogue(ctx.db);
    await ensureHomeServiceCatalogue(ctx.db);
    const res = await worker.get('/api/home-services/catalogue');
    expect(res.statusCode).toBe(200);
    const items = res.json() as { code: string; unit: string; label: { 'zh-CN': string; en: string } }[];
    expect(items.map((i) => i.code)).toEqual([
      'meal_delivery',
      'cleaning',
      'bathing',
      'mobility',
      'emergency',
      'medical',
      'errands',
      'life_care',
    ]);
    expect(items.find((i) => i.code === 'cleaning')).toMatchObject({
      unit: 'per_hour',
      label: { 'zh-CN': '助洁', en: 'Cleaning' },
    });
    expect(items.find((i) => i.code === 'bathing')?.unit).toBe('per_visit');
  });
});

describe('prices', () => {
  it('a dated price ends the one in force the day before, and the order’s day picks the price', async () => {
    const url = `/api/home-services/providers/${orgA.id}/prices`;
    const res = await provider.post(url, {
      serviceCode: 'meal_delivery',
      priceFen: 2200,
      validFrom: '2026-07-01',
    });
    expect(res.statusCode, res.body).toBe(201);
    const meals = (
      res.json() as { serviceCode: string; validFrom: string; validTo: string | null; priceFen: number }[]
    )
      .filter((p) => p.serviceCode === 'meal_delivery')
      .map((p) => [p.validFrom, p.validTo, p.priceFen]);
    expect(meals).toEqual([
      ['2026-01-01', '2026-06-30', 2000],
      ['2026-07-01', null, 2200],
    ]);
    const elder = await newElder();
    const june = await placed(elder, {
      serviceCode: 'meal_delivery',
      scheduledFor: '2026-06-30T11:00:00+08:00',
    });
    const july = await placed(elder, {
      serviceCode: 'meal_delivery',
      scheduledFor: '2026-07-01T11:00:00+08:00',
    });
    expect([june.amountFen, july.amountFen]).toEqual([2000, 2200]);
    // The day is Hangzhou's: 16:30 UTC on 30 June is already 1 July there.
    const late = await placed(elder, { serviceCode: 'meal_delivery', scheduledFor: '2026-06-30T16:30:00Z' });
    expect(late.amountFen).toBe(2200);
    const offers = (await worker.get('/api/home-services/offers?service=meal_delivery&on=2026-07-02')).json();
    expect(offers).toEqual([expect.objectContaining({ orgId: orgA.id, priceFen: 2200, unit: 'per_visit' })]);
    const audit = (await admin.get(`/api/audit?entityId=${orgA.id}&action=home_service_price.set`)).json();
    expect(audit.items.length).toBeGreaterThanOrEqual(4);
  });

  it('is set by the provider’s own staff or the district, not by another provider or a worker', async () => {
    const body = { serviceCode: 'errands', priceFen: 2500, validFrom: '2026-01-01' };
    expect(
      await errorOf(await otherProvider.post(`/api/home-services/providers/${orgA.id}/prices`, body)),
    ).toEqual([403, 'FORBIDDEN']);
    expect((await worker.post(`/api/home-services/providers/${orgA.id}/prices`, body)).statusCode).toBe(403);
    expect((await admin.post(`/api/home-services/providers/${orgB.id}/prices`, body)).statusCode).toBe(201);
    const bad = await provider.post(`/api/home-services/providers/${orgA.id}/prices`, {
      ...body,
      serviceCode: 'karaoke',
    });
    expect(await errorOf(bad)).toEqual([400, 'SERVICE_UNKNOWN']);
    const zero = await provider.post(`/api/home-services/providers/${orgA.id}/prices`, {
      ...body,
      priceFen: 0,
    });
    expect(zero.json().error.issues[0]).toMatchObject({ field: 'priceFen', code: 'FIELD_RANGE' });
    const prices = (await worker.get(`/api/home-services/providers/${orgA.id}/prices`)).json();
    expect(prices.some((p: { serviceCode: string }) => p.serviceCode === 'errands')).toBe(false);
  });
});

describe('placing an order', () => {
  it('a worker takes it by phone: a day-numbered order, the elder’s address, the estimate, a timeline and an audit row', async () => {
    const elder = await newElder();
    const o = await placed(elder, { serviceCode: 'cleaning', estimatedMinutes: 120, note: '打扫厨房' });
    expect(o).toMatchObject({
      status: 'placed',
      channel: 'phone',
      unit: 'per_hour',
      unitPriceFen: 4500,
      quantity: 120,
      amountFen: 9000,
      creditsFen: 0,
      copayFen: 9000,
      address: '涌金门社区 1 幢 101 室',
      areaCode: COMMUNITY_HUBIN,
      areaName: '涌金门社区',
      orgName: '杭州颐年养老服务有限公司',
      version: 1,
    });
    expect(o.orderNo).toMatch(/^HS20260615\d{4}$/);
    expect(o.events).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'placed', actorName: 'hs_worker' }),
    ]);
    const audit = (await admin.get(`/api/audit?entityId=${o.id}`)).json();
    expect(audit.items.map((i: { action: string }) => i.action)).toEqual(['home_service_order.place']);
  });

  it('the provider enters it for its own organisation only', async () => {
    const elder = await newElder();
    const res = await place(provider, { personId: elder, channel: 'provider' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().channel).toBe('provider');
    const other = await place(otherProvider, { personId: elder, channel: 'provider' });
    expect(await errorOf(other)).toEqual([403, 'ORDER_NOT_YOUR_PROVIDER']);
    // A provider takes no phone orders, and a worker enters none as a provider.
    expect(await errorOf(await place(provider, { personId: elder, channel: 'phone' }))).toEqual([
      403,
      'FORBIDDEN',
    ]);
    expect(await errorOf(await place(worker, { personId: elder, channel: 'provider' }))).toEqual([
      403,
      'FORBIDDEN',
    ]);
  });

  it('refuses an elder outside the caller’s area as unknown, and writes nothing', async () => {
    const far = await newElder(COMMUNITY_QINGBO);
    const before = (await admin.get(`/api/home-services/orders?personId=${far}`)).json().total;
    expect(await errorOf(await place(worker, { personId: far }))).toEqual([404, 'PERSON_NOT_FOUND']);
    expect(await errorOf(await place(worker2, { personId: await newElder() }))).toEqual([
      404,
      'PERSON_NOT_FOUND',
    ]);
    expect(await errorOf(await place(provider, { personId: far, channel: 'provider' }))).toEqual([
      404,
      'PERSON_NOT_FOUND',
    ]);
    expect((await admin.get(`/api/home-services/orders?personId=${far}`)).json().total).toBe(before);
  });

  it('names a missing price with the service’s name and the day, in both languages', async () => {
    const elder = await newElder();
    const res = await place(worker, { personId: elder, serviceCode: 'mobility' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'SERVICE_PRICE_MISSING',
      params: { service: 'mobility', date: '2026-06-16' },
      message: '该服务机构在 2026-06-16 没有“助行”的价格',
    });
    const en = await worker.request(
      'POST',
      '/api/home-services/orders',
      {
        personId: elder,
        orgId: orgA.id,
        serviceCode: 'mobility',
        channel: 'phone',
        scheduledFor: tomorrowAt10,
      },
      { 'accept-language': 'en' },
    );
    expect(en.json().error.message).toBe('The provider has no price for Mobility help on 2026-06-16');
    // orgB has no cleaning price at all; a price from later does not cover an earlier day.
    expect(
      await errorOf(await place(worker, { personId: elder, orgId: orgB.id, serviceCode: 'cleaning' })),
    ).toEqual([409, 'SERVICE_PRICE_MISSING']);
    expect(await errorOf(await place(worker, { personId: elder, serviceCode: 'no_such' }))).toEqual([
      400,
      'SERVICE_UNKNOWN',
    ]);
  });

  it('checks the service day, the duration, the provider and the elder', async () => {
    const elder = await newElder();
    const far = await place(worker, { personId: elder, scheduledFor: '2026-09-14T10:00:00+08:00' });
    expect(far.json().error.issues[0]).toMatchObject({
      field: 'scheduledFor',
      code: 'ORDER_SCHEDULE_INVALID',
      params: { earliest: '2026-05-16', latest: '2026-09-13' },
    });
    expect(
      (await place(worker, { personId: elder, scheduledFor: '2026-09-13T10:00:00+08:00' })).statusCode,
    ).toBe(201);
    expect(
      (await place(worker, { personId: elder, scheduledFor: 'tomorrow' })).json().error.issues[0],
    ).toMatchObject({
      field: 'scheduledFor',
      code: 'FIELD_FORMAT',
    });
    expect(
      await errorOf(await place(worker, { personId: elder, serviceCode: 'cleaning', estimatedMinutes: 721 })),
    ).toEqual([400, 'ORDER_DURATION_INVALID']);
    const noOrg = await place(worker, { personId: elder, orgId: '01900000-0000-7000-8000-000000000001' });
    expect(noOrg.json().error.issues[0]).toMatchObject({ field: 'orgId', code: 'ORG_NOT_FOUND' });
    const gone = await newElder();
    expect(
      (
        await admin.post(`/api/persons/${gone}/facts`, {
          kind: 'death',
          value: {},
          validFrom: '2026-06-01',
          source: '殡葬信息',
        })
      ).statusCode,
    ).toBe(201);
    expect(await errorOf(await place(worker, { personId: gone }))).toEqual([409, 'ORDER_ELDER_DECEASED']);
  });

  it('numbers concurrent orders of one day without gaps or duplicates', async () => {
    const elder = await newElder();
    const results = await Promise.all(Array.from({ length: 8 }, () => place(worker, { personId: elder })));
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const numbers = results.map((r) => r.json().orderNo as string).sort();
    expect(new Set(numbers).size).toBe(8);
    const seqs = numbers.map((n) => Number(n.slice(10)));
    expect(seqs.at(-1)! - seqs[0]!).toBe(7);
  });
});

describe('the happy path', () => {
  it('holds 重阳分 at acceptance, captures them at confirmation, and the provider’s receivable grows', async () => {
    const elder = await enrolled(20000);
    const recv0 = await receivable(orgA.id);
    const o = await placed(elder);
    const accepted = await ok(provider, o, 'accept');
    expect(accepted).toMatchObject({ status: 'accepted', creditsFen: 8000, copayFen: 0, version: 2 });
    expect(await elderAccount(elder)).toEqual({ balance: 20000, available: 12000 });
    expect(accepted.transfers).toEqual([
      expect.objectContaining({
        flag: 'pending',
        code: 'order.payment',
        amount: 8000,
        idempotencyKey: `order.hold:${o.id}`,
      }),
    ]);
    // The hold lasts 30 days from acceptance.
    expect(accepted.transfers[0]!.expiresAt).toBe('2026-07-15T02:00:00.000Z');
    await travel('2026-06-16T01:58:00Z');
    const serving = await ok(provider, accepted, 'check_in');
    await travel('2026-06-16T02:43:00Z');
    const done = await ok(provider, serving, 'check_out');
    expect(done).toMatchObject({ status: 'done', durationMinutes: 45, amountFen: 8000, quantity: 1 });
    await travel('2026-06-16T08:00:00Z');
    const confirmed = await ok(worker, done, 'confirm');
    expect(confirmed).toMatchObject({ status: 'confirmed', creditsFen: 8000, copayFen: 0 });
    expect(confirmed.transfers.map((t) => [t.flag, t.amount, t.idempotencyKey])).toEqual([
      ['pending', 8000, `order.hold:${o.id}`],
      ['post', 8000, `order.capture:${o.id}`],
    ]);
    expect(await elderAccount(elder)).toEqual({ balance: 12000, available: 12000 });
    expect((await receivable(orgA.id)).balance).toBe(recv0.balance + 8000);
    const rated = await ok(worker, confirmed, 'rate', { rating: 5 });
    expect(rated.events.map((e) => e.toStatus)).toEqual([
      'placed',
      'accepted',
      'in_service',
      'done',
      'confirmed',
      'confirmed',
    ]);
    expect(rated.events.at(-1)).toMatchObject({ note: '5/5', actorName: 'hs_worker' });
    const audit = (await admin.get(`/api/audit?entityId=${o.id}&pageSize=50`)).json();
    expect(audit.items.map((i: { action: string }) => i.action).sort()).toEqual(
      [
        'home_service_order.place',
        'home_service_order.accept',
        'home_service_order.check_in',
        'home_service_order.check_out',
        'home_service_order.confirm',
        'home_service_order.rate',
      ].sort(),
    );
  });

  it('partial credits: the balance is held, the rest is co-payment; per-hour billing follows the real duration', async () => {
    const elder = await enrolled(3000);
    const recv0 = await receivable(orgA.id);
    const o = await placed(elder, { serviceCode: 'cleaning', estimatedMinutes: 120 });
    const accepted = await ok(provider, o, 'accept');
    expect(accepted).toMatchObject({ amountFen: 9000, creditsFen: 3000, copayFen: 6000 });
    expect(await elderAccount(elder)).toEqual({ balance: 3000, available: 0 });
    const serving = await ok(provider, accepted, 'check_in');
    await travel('2026-06-15T03:06:00Z'); // 66 minutes: billed an hour and a half
    const done = await ok(provider, serving, 'check_out');
    expect(done).toMatchObject({
      durationMinutes: 66,
      quantity: 90,
      amountFen: 6750,
      creditsFen: 3000,
      copayFen: 3750,
    });
    const confirmed = await ok(worker, done, 'confirm');
    expect(confirmed).toMatchObject({ creditsFen: 3000, copayFen: 3750 });
    expect(await elderAccount(elder)).toEqual({ balance: 0, available: 0 });
    expect((await receivable(orgA.id)).balance).toBe(recv0.balance + 3000);
  });

  it('a shorter visit than held captures only the final amount and releases the rest', async () => {
    const elder = await enrolled(20000);
    const o = await placed(elder, { serviceCode: 'cleaning', estimatedMinutes: 120 });
    const done = await advance(o, 'done', 50);
    expect(done).toMatchObject({ quantity: 60, amountFen: 4500, creditsFen: 4500, copayFen: 0 });
    const confirmed = await ok(worker, done, 'confirm');
    expect(confirmed.transfers.map((t) => [t.flag, t.amount])).toEqual([
      ['pending', 9000],
      ['post', 4500],
    ]);
    expect(await elderAccount(elder)).toEqual({ balance: 15500, available: 15500 });
  });

  it('an elder outside the programme pays everything as co-payment, and cannot ask to pay with credits', async () => {
    const elder = await newElder();
    await grant(elder, 5000); // a balance without enrolment this month buys nothing
    const o = await placed(elder);
    const refused = await act(provider, o, 'accept', { creditsFen: 1000 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'CARE_CREDIT_NOT_ENROLLED',
      message: '该老人本月不在重阳分名单内',
    });
    expect(await read(o.id)).toMatchObject({ status: 'placed', version: 1, transfers: [] });
    const accepted = await ok(provider, o, 'accept');
    expect(accepted).toMatchObject({ creditsFen: 0, copayFen: 8000, transfers: [] });
    const done = await ok(provider, await ok(provider, accepted, 'check_in'), 'check_out', {
      durationMinutes: 40,
    });
    expect(await errorOf(await act(worker, done, 'confirm', { creditsFen: 500 }))).toEqual([
      409,
      'CARE_CREDIT_NOT_ENROLLED',
    ]);
    const confirmed = await ok(worker, done, 'confirm');
    expect(confirmed).toMatchObject({ status: 'confirmed', creditsFen: 0, copayFen: 8000, transfers: [] });
    expect(await elderAccount(elder)).toEqual({ balance: 5000, available: 5000 });
  });

  it('an elder enrolled from a later month is outside the programme for this one', async () => {
    const elder = await newElder();
    await enrol(elder, COMMUNITY_HUBIN, '2026-07-01');
    await grant(elder, 5000);
    const accepted = await ok(provider, await placed(elder), 'accept');
    expect(accepted.creditsFen).toBe(0);
    const july = await ok(
      provider,
      await placed(elder, { scheduledFor: '2026-07-02T10:00:00+08:00' }),
      'accept',
    );
    expect(july.creditsFen).toBe(5000);
    await ok(worker, july, 'cancel', { reason: '测试结束' });
  });
});

describe('bad payment input changes nothing', () => {
  it('overdraft: asking to use more credits than the balance', async () => {
    const elder = await enrolled(3000);
    const o = await placed(elder);
    const res = await act(provider, o, 'accept', { creditsFen: 5000 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'LEDGER_INSUFFICIENT',
      message: '余额不足：可用 ¥30.00，需要 ¥50.00',
    });
    const en = await provider.request(
      'POST',
      `/api/home-services/orders/${o.id}/accept`,
      { version: 1, creditsFen: 5000 },
      { 'accept-language': 'en' },
    );
    expect(en.json().error.message).toBe('Insufficient balance: ¥30.00 available, ¥50.00 needed');
    const over = await act(provider, o, 'accept', { creditsFen: 8001 });
    expect(over.json().error).toMatchObject({
      code: 'ORDER_CREDITS_EXCEED_AMOUNT',
      message: '重阳分抵扣不能超过订单金额 ¥80.00',
    });
    expect(await read(o.id)).toMatchObject({ status: 'placed', version: 1, transfers: [] });
    expect(await elderAccount(elder)).toEqual({ balance: 3000, available: 3000 });
    // Exactly the balance is fine; 0 means none.
    expect((await ok(provider, o, 'accept', { creditsFen: 0 })).creditsFen).toBe(0);
    const o2 = await placed(elder);
    expect((await ok(provider, o2, 'accept', { creditsFen: 3000 })).creditsFen).toBe(3000);
    await ok(worker, await read(o2.id), 'cancel', { reason: '测试结束' });
  });

  it('capture above the hold is refused; a smaller capture releases the rest', async () => {
    const elder = await enrolled(20000);
    const o = await placed(elder);
    // The elder asked to hold 50 yuan of the 80.
    let cur = await ok(provider, o, 'accept', { creditsFen: 5000 });
    expect(cur).toMatchObject({ creditsFen: 5000, copayFen: 3000 });
    cur = await ok(provider, cur, 'check_in');
    cur = await ok(provider, cur, 'check_out', { durationMinutes: 30 });
    const above = await act(worker, cur, 'confirm', { creditsFen: 5001 });
    expect(above.statusCode).toBe(400);
    expect(above.json().error).toMatchObject({
      code: 'LEDGER_CAPTURE_EXCEEDS_HOLD',
      message: '扣款金额 ¥50.01 超过冻结金额 ¥50.00',
    });
    expect((await act(worker, cur, 'confirm', { creditsFen: 8001 })).json().error.code).toBe(
      'ORDER_CREDITS_EXCEED_AMOUNT',
    );
    expect(await read(o.id)).toMatchObject({ status: 'done', version: cur.version });
    expect(await elderAccount(elder)).toEqual({ balance: 20000, available: 15000 });
    const confirmed = await ok(worker, cur, 'confirm', { creditsFen: 2000 });
    expect(confirmed).toMatchObject({ creditsFen: 2000, copayFen: 6000 });
    expect(confirmed.transfers.map((t) => [t.flag, t.amount])).toEqual([
      ['pending', 5000],
      ['post', 2000],
    ]);
    expect(await elderAccount(elder)).toEqual({ balance: 18000, available: 18000 });
  });
});

describe('cancellation at every state leaves the ledger where it was', () => {
  it.each(['placed', 'accepted', 'in_service', 'done', 'confirmed'] as const)('from %s', async (state) => {
    const elder = await enrolled(20000);
    const recv0 = await receivable(orgA.id);
    const o = await placed(elder);
    const cur = state === 'placed' ? o : await advance(o, state);
    const res = await act(worker, cur, 'cancel', { reason: '老人住院' });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json() as Order;
    expect(c).toMatchObject({ status: 'cancelled', cancelReason: '老人住院' });
    expect(await elderAccount(elder)).toEqual({ balance: 20000, available: 20000 });
    expect(await receivable(orgA.id)).toEqual(recv0);
    const flags = c.transfers.map((t) => `${t.flag}:${t.code}:${t.amount}`);
    const expected = {
      placed: [],
      accepted: ['pending:order.payment:8000', 'void:order.payment:8000'],
      in_service: ['pending:order.payment:8000', 'void:order.payment:8000'],
      done: ['pending:order.payment:8000', 'void:order.payment:8000'],
      confirmed: ['pending:order.payment:8000', 'post:order.payment:8000', 'posted:order.refund:8000'],
    }[state];
    expect(flags).toEqual(expected);
    if (state === 'confirmed') {
      expect(c).toMatchObject({ creditsFen: 8000, refundedFen: 8000 });
      expect(c.transfers.at(-1)!.idempotencyKey).toBe(`order.refund:${o.id}`);
    } else expect(c).toMatchObject({ creditsFen: 0, copayFen: 0, refundedFen: 0 });
    const audit = (await admin.get(`/api/audit?entityId=${o.id}&action=home_service_order.cancel`)).json();
    expect(audit.items).toEqual([expect.objectContaining({ reason: '老人住院' })]);
    // Once cancelled, cancelled it stays.
    expect(await errorOf(await act(worker, c, 'cancel', { reason: '再取消' }))).toEqual([
      409,
      'ORDER_TRANSITION_INVALID',
    ]);
  });

  it('a cancellation needs a reason', async () => {
    const o = await placed(await newElder());
    const res = await act(worker, o, 'cancel', { reason: '  ' });
    expect(res.json().error.issues[0]).toMatchObject({ field: 'reason', code: 'FIELD_REQUIRED' });
    expect((await act(worker, o, 'cancel')).statusCode).toBe(400);
    expect((await read(o.id)).status).toBe('placed');
  });

  it('the provider may decline before the visit starts, not after', async () => {
    const elder = await enrolled(20000);
    const a = await ok(provider, await placed(elder), 'accept');
    const declined = await ok(provider, a, 'cancel', { reason: '人手不足' });
    expect(declined.status).toBe('cancelled');
    const serving = await advance(await placed(elder), 'in_service');
    const res = await act(provider, serving, 'cancel', { reason: '不想做了' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'ORDER_TRANSITION_INVALID',
      message: '订单状态为“服务中”，不能取消',
    });
    await ok(worker, serving, 'cancel', { reason: '测试结束' });
    expect(await elderAccount(elder)).toEqual({ balance: 20000, available: 20000 });
  });
});

describe('an expired hold at confirmation', () => {
  async function doneAfterExpiry(balance: number) {
    const elder = await enrolled(balance);
    const o = await placed(elder);
    const a = await ok(provider, o, 'accept');
    const s = await ok(provider, a, 'check_in');
    const d = await ok(provider, s, 'check_out', { durationMinutes: 40 });
    await travel('2026-07-16T02:00:00Z'); // 31 days after acceptance
    return { elder, done: d };
  }

  it('not yet swept: released as the sweep would, and the credits taken afresh', async () => {
    const { elder, done } = await doneAfterExpiry(20000);
    const c = await ok(worker, done, 'confirm');
    expect(c).toMatchObject({ status: 'confirmed', creditsFen: 8000, copayFen: 0 });
    expect(c.transfers.map((t) => `${t.flag}:${t.code}:${t.idempotencyKey.split(':')[0]}`)).toEqual([
      'pending:order.payment:order.hold',
      'void:ledger.expire:ledger.expire',
      'pending:order.payment:order.rehold',
      'post:order.payment:order.capture',
    ]);
    expect(await elderAccount(elder)).toEqual({ balance: 12000, available: 12000 });
    // The sweep finds nothing left to expire.
    expect(await expireHolds(ctx.db, clock)).toBe(0);
    // Refund after all this returns exactly the capture.
    const refunded = await ok(worker, c, 'cancel', { reason: '投诉退款' });
    expect(refunded.refundedFen).toBe(8000);
    expect(await elderAccount(elder)).toEqual({ balance: 20000, available: 20000 });
  });

  it('already swept: the credits taken afresh within what the balance holds now', async () => {
    const { elder, done } = await doneAfterExpiry(20000);
    expect(await expireHolds(ctx.db, clock)).toBeGreaterThanOrEqual(1);
    expect(await elderAccount(elder)).toEqual({ balance: 20000, available: 20000 });
    // Meanwhile the elder spent most of the balance elsewhere.
    const acc = (await findAccount(ctx.db, {
      ownerType: 'person',
      ownerId: elder,
      unit: 'fen',
      kind: 'elder_care',
    }))!;
    await postTransfer(ctx.db, clock, {
      key: `test.spend:${elder}`,
      debitAccountId: acc.id,
      creditAccountId: fund.id,
      amount: 17000,
      unit: 'fen',
      code: 'chongyang.expire',
    });
    const c = await ok(worker, done, 'confirm');
    expect(c).toMatchObject({ creditsFen: 3000, copayFen: 5000 });
    expect(await elderAccount(elder)).toEqual({ balance: 0, available: 0 });
  });

  it('nothing left: everything is co-payment; an explicit request beyond the balance is an overdraft', async () => {
    const { elder, done } = await doneAfterExpiry(8000);
    await expireHolds(ctx.db, clock);
    const acc = await getAccount(
      ctx.db,
      (await findAccount(ctx.db, { ownerType: 'person', ownerId: elder, unit: 'fen', kind: 'elder_care' }))!
        .id,
    );
    await postTransfer(ctx.db, clock, {
      key: `test.spend:${elder}`,
      debitAccountId: acc.id,
      creditAccountId: fund.id,
      amount: 8000,
      unit: 'fen',
      code: 'chongyang.expire',
    });
    expect(await errorOf(await act(worker, done, 'confirm', { creditsFen: 100 }))).toEqual([
      409,
      'LEDGER_INSUFFICIENT',
    ]);
    expect((await read(done.id)).status).toBe('done');
    const c = await ok(worker, done, 'confirm');
    expect(c).toMatchObject({ creditsFen: 0, copayFen: 8000 });
  });

  it('cancelling after the hold lapsed releases nothing twice', async () => {
    const { elder, done } = await doneAfterExpiry(20000);
    await expireHolds(ctx.db, clock);
    const c = await ok(worker, done, 'cancel', { reason: '老人不需要了' });
    expect(c.transfers.map((t) => t.flag)).toEqual(['pending', 'void']);
    expect(await elderAccount(elder)).toEqual({ balance: 20000, available: 20000 });
  });
});

describe('transitions are checked', () => {
  it('a second confirmation is refused by state, in both languages, and captures nothing more', async () => {
    const elder = await enrolled(20000);
    const done = await advance(await placed(elder), 'done');
    const c = await ok(worker, done, 'confirm');
    const again = await act(worker, done, 'confirm');
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'ORDER_TRANSITION_INVALID',
      params: { from: 'confirmed', action: 'confirm' },
      message: '订单状态为“已确认”，不能确认',
    });
    const en = await worker.request(
      'POST',
      `/api/home-services/orders/${done.id}/confirm`,
      { version: c.version },
      { 'accept-language': 'en' },
    );
    expect(en.json().error.message).toBe('The order is confirmed; it cannot be confirmed');
    expect((await read(done.id)).transfers.filter((t) => t.flag === 'post')).toHaveLength(1);
    expect(await elderAccount(elder)).toEqual({ balance: 12000, available: 12000 });
  });

  it(`two confirmations at once: one wins, the other is refused, one capture (${testEngine()})`, async () => {
    const elder = await enrolled(20000);
    const done = await advance(await placed(elder), 'done');
    const results = await Promise.all([act(worker, done, 'confirm'), act(admin, done, 'confirm')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.statusCode === 409)!;
    expect(loser.json().error.code).toBe('ORDER_TRANSITION_INVALID');
    const o = await read(done.id);
    expect(o.transfers.filter((t) => t.flag === 'post')).toHaveLength(1);
    expect(await elderAccount(elder)).toEqual({ balance: 12000, available: 12000 });
  });

  it('a stale version is a conflict; out-of-order steps are refused', async () => {
    const o = await placed(await enrolled(20000));
    expect(await errorOf(await act(provider, { ...o, version: 7 }, 'accept'))).toEqual([
      409,
      'VERSION_CONFLICT',
    ]);
    expect(await errorOf(await act(provider, o, 'check_in'))).toEqual([409, 'ORDER_TRANSITION_INVALID']);
    expect(await errorOf(await act(worker, o, 'confirm'))).toEqual([409, 'ORDER_TRANSITION_INVALID']);
    expect(await errorOf(await act(worker, o, 'rate', { rating: 5 }))).toEqual([
      409,
      'ORDER_TRANSITION_INVALID',
    ]);
    await ok(worker, o, 'cancel', { reason: '测试结束' });
  });

  it('the provider of another organisation, the district and workers cannot act for the provider', async () => {
    const o = await placed(await enrolled(20000));
    const res = await act(otherProvider, o, 'accept');
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: 'ORDER_NOT_YOUR_PROVIDER',
      message: '该订单不属于您的服务机构',
    });
    // The district holds order.serve but works for no provider.
    expect(await errorOf(await act(admin, o, 'accept'))).toEqual([403, 'FORBIDDEN']);
    expect(await errorOf(await act(worker, o, 'accept'))).toEqual([403, 'FORBIDDEN']);
    const done = await advance(o, 'done');
    // Confirmation is the taking side's: the provider cannot confirm its own work.
    expect(await errorOf(await act(provider, done, 'confirm'))).toEqual([403, 'FORBIDDEN']);
    expect(await errorOf(await act(worker2, done, 'confirm'))).toEqual([404, 'ORDER_NOT_FOUND']);
    await ok(admin, done, 'cancel', { reason: '测试结束' });
  });

  it('durations outside 1–720 minutes are refused, typed or measured', async () => {
    const serving = await advance(
      await placed(await enrolled(20000), { serviceCode: 'cleaning' }),
      'in_service',
    );
    for (const durationMinutes of [0, 721])
      expect(await errorOf(await act(provider, serving, 'check_out', { durationMinutes }))).toEqual([
        400,
        'ORDER_DURATION_INVALID',
      ]);
    await travel('2026-06-15T15:01:00Z'); // 13 hours after check-in: nobody checked out
    const measured = await act(provider, serving, 'check_out');
    expect(measured.json().error).toMatchObject({
      code: 'ORDER_DURATION_INVALID',
      message: '服务时长必须在 1 到 720 分钟之间',
    });
    const fixed = await ok(provider, serving, 'check_out', { durationMinutes: 120 });
    expect(fixed).toMatchObject({ durationMinutes: 120, amountFen: 9000 });
    await ok(worker, fixed, 'cancel', { reason: '测试结束' });
  });

  it('a rating is 1 to 5 stars, after confirmation', async () => {
    const c = await advance(await placed(await newElder()), 'confirmed');
    for (const rating of [0, 6])
      expect(await errorOf(await act(worker, c, 'rate', { rating }))).toEqual([400, 'ORDER_RATING_INVALID']);
    expect((await ok(worker, c, 'rate', { rating: 1 })).rating).toBe(1);
  });
});

describe('reading orders', () => {
  it('the board filters by status, service, provider, area, day and elder, within the reader’s reach', async () => {
    const mine = await newElder();
    const sibling = await newElder(COMMUNITY_HUBIN_2);
    const a = await placed(mine, { serviceCode: 'meal_delivery', scheduledFor: '2026-06-20T11:00:00+08:00' });
    const b = await place(admin, {
      personId: sibling,
      orgId: orgB.id,
      scheduledFor: '2026-06-21T09:00:00+08:00',
    });
    expect(b.statusCode, b.body).toBe(201);
    const ids = async (c: Client, q: string) =>
      ((await c.get(`/api/home-services/orders?pageSize=200&${q}`)).json().items as { id: string }[]).map(
        (i) => i.id,
      );
    expect(await ids(worker, `personId=${mine}`)).toEqual([a.id]);
    expect(await ids(worker, `personId=${sibling}`)).toEqual([]);
    expect(await ids(admin, `personId=${sibling}`)).toEqual([b.json().id]);
    expect(await ids(admin, `from=2026-06-20&to=2026-06-20&service=meal_delivery`)).toContain(a.id);
    expect(await ids(admin, `from=2026-06-21&to=2026-06-21`)).toEqual([b.json().id]);
    expect(await ids(admin, `orgId=${orgB.id}&personId=${sibling}`)).toEqual([b.json().id]);
    expect(await ids(admin, `area=${COMMUNITY_HUBIN_2}&personId=${mine}`)).toEqual([]);
    expect(await ids(admin, `status=confirmed&personId=${mine}`)).toEqual([]);
    expect(await ids(admin, `q=${a.orderNo}`)).toEqual([a.id]);
    // A provider sees its own organisation's orders only.
    const provIds = await ids(provider, '');
    expect(provIds).toContain(a.id);
    expect(provIds).not.toContain(b.json().id);
    expect(await ids(otherProvider, `personId=${sibling}`)).toEqual([b.json().id]);
    expect((await otherProvider.get(`/api/home-services/orders/${a.id}`)).statusCode).toBe(404);
    expect((await worker.get(`/api/home-services/orders/${b.json().id}`)).statusCode).toBe(404);
    const page = (await admin.get('/api/home-services/orders?pageSize=2&page=2')).json();
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(4);
  });
});
