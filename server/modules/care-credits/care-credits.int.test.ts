import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/types.ts';
import {
  buildIdNumber,
  buildOrgBody,
  buildPersonBody,
  COMMUNITY_HUBIN,
  COMMUNITY_HUBIN_2,
  COMMUNITY_QINGBO,
  DISTRICT,
  STREET_HUBIN,
} from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { type Client, createTestApp, nextRemoteAddress, signIn } from '../../testing/http.ts';
import { checkLedger, openAccount, postTransfer } from '../ledger/index.ts';
import { careCreditEnrolments, careCreditSettings, elderCards } from './care-credits.schema.ts';
import {
  DEFAULT_SETTING,
  ensureCareCreditDefaults,
  findElderByCard,
  isEnrolled,
  requireEnrolled,
  runGrantBatch,
} from './index.ts';

const clock = fixedClock('2026-06-15T02:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let admin: Client;
let street: Client;
let worker: Client;
let provider: Client;
let volunteer: Client;

const codeOf = (res: { json(): { error?: { code: string } } }) => res.json().error?.code;

async function person(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await admin.post('/api/persons', buildPersonBody({ age: 75, ...extra }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function enrolled(personId: string, fromMonth = '2026-01', client = admin) {
  const res = await client.post('/api/care-credits/enrolments', { personId, fromMonth });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function audits() {
  const [r] = await ctx.db.select({ n: count() }).from(auditLog);
  return Number(r?.n ?? 0);
}
async function enrolmentRows() {
  const [r] = await ctx.db.select({ n: count() }).from(careCreditEnrolments);
  return Number(r?.n ?? 0);
}

/** The request fails with this code and writes nothing (no audit row, no enrolment). */
async function refused(
  p: Promise<{ statusCode: number; body: string; json(): unknown }>,
  status: number,
  code: string,
) {
  const a = await audits();
  const e = await enrolmentRows();
  const res = await p;
  expect(res.statusCode, res.body).toBe(status);
  expect((res.json() as { error: { code: string } }).error.code).toBe(code);
  expect(await audits()).toBe(a);
  expect(await enrolmentRows()).toBe(e);
  return res.json() as { error: { code: string; message: string; params?: Record<string, unknown> } };
}

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  await ensureCareCreditDefaults(ctx.db, clock);
  app = await createTestApp(ctx);
  const login = (role: Parameters<typeof signIn>[2][number]['role'], area: string, name: string) =>
    signIn(app, ctx, [{ role, areaCode: area }], name, { remoteAddress: nextRemoteAddress() });
  admin = await login('district_admin', DISTRICT, 'cc_admin');
  street = await login('street_staff', STREET_HUBIN, 'cc_street');
  worker = await login('community_worker', COMMUNITY_HUBIN, 'cc_worker');
  provider = await login('service_provider', COMMUNITY_HUBIN, 'cc_provider');
  volunteer = await login('volunteer', COMMUNITY_HUBIN, 'cc_volunteer');
});
afterAll(async () => {
  if (ctx) {
    const report = await checkLedger(ctx.db);
    expect(report.violations).toEqual([]);
  }
  await app?.close();
  await close?.();
});

describe('settings', () => {
  it('seeds the documented default once, however often it is asked', async () => {
    await ensureCareCreditDefaults(ctx.db, clock);
    await ensureCareCreditDefaults(ctx.db, clock);
    const rows = await ctx.db.select().from(careCreditSettings);
    expect(rows).toHaveLength(1);
    const res = await worker.get('/api/care-credits/settings');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().current).toMatchObject({
      validFrom: '2020-01',
      monthlyAmount: 10_000,
      expiryMonths: 12,
    });
    expect(DEFAULT_SETTING.monthlyAmount).toBe(10_000);
  });

  it('adds a dated version (district only) and applies it from its month', async () => {
    expect(
      (
        await worker.post('/api/care-credits/settings', {
          validFrom: '2026-09',
          monthlyAmount: 12_000,
          expiryMonths: 12,
        })
      ).statusCode,
    ).toBe(403);
    const res = await admin.post('/api/care-credits/settings', {
      validFrom: '2026-09',
      monthlyAmount: 12_000,
      expiryMonths: 24,
      note: '提标',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().items.map((i: { validFrom: string }) => i.validFrom)).toEqual(['2020-01', '2026-09']);
    // Not yet in force in June.
    expect(res.json().current.validFrom).toBe('2020-01');
    const dup = await refused(
      admin.post('/api/care-credits/settings', {
        validFrom: '2026-09',
        monthlyAmount: 13_000,
        expiryMonths: 12,
      }),
      409,
      'CARE_CREDIT_SETTINGS_EXISTS',
    );
    expect(dup.error.message).toContain('2026-09');
  });

  it('refuses bad amounts and months with a precise field error', async () => {
    const bad = await admin.post('/api/care-credits/settings', {
      validFrom: '2026-13',
      monthlyAmount: 0,
      expiryMonths: -1,
    });
    expect(bad.statusCode).toBe(400);
    const issues = bad.json().error.issues.map((i: { field: string; code: string }) => [i.field, i.code]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ['validFrom', 'CARE_CREDIT_MONTH_INVALID'],
        ['monthlyAmount', 'LEDGER_AMOUNT_INVALID'],
        ['expiryMonths', 'FIELD_RANGE'],
      ]),
    );
  });
});

describe('enrolment', () => {
  it('enrols an elder of 60 in the from-month, and refuses one of 59 with the age', async () => {
    // 60 on 2026-03-20: 59 in February, 60 in March.
    const id = await person({ idNumber: buildIdNumber({ birthDate: '1966-03-20' }) });
    const young = await refused(
      worker.post('/api/care-credits/enrolments', { personId: id, fromMonth: '2026-02' }),
      400,
      'CARE_CREDIT_TOO_YOUNG',
    );
    expect(young.error.params).toMatchObject({ month: '2026-02', age: 59 });
    expect(young.error.message).toBe('重阳分面向 60 周岁以上老人，该居民在 2026-02 时 59 岁');
    const e = await enrolled(id, '2026-03', worker);
    expect(e).toMatchObject({
      personId: id,
      fromMonth: '2026-03',
      toMonth: null,
      current: true,
      areaCode: COMMUNITY_HUBIN,
      areaName: '涌金门社区',
      age: 60,
    });
    expect(await isEnrolled(ctx.db, id, '2026-02')).toBe(false);
    expect(await isEnrolled(ctx.db, id, '2026-03')).toBe(true);
    expect(await isEnrolled(ctx.db, id, '2030-12')).toBe(true);
  });

  it('refuses an elder already enrolled for overlapping months, a deceased one and an unknown one', async () => {
    const id = await person();
    await enrolled(id, '2026-01');
    const again = await refused(
      admin.post('/api/care-credits/enrolments', { personId: id, fromMonth: '2026-05' }),
      409,
      'CARE_CREDIT_ALREADY_ENROLLED',
    );
    expect(again.error.params).toEqual({ fromMonth: '2026-01' });

    const dead = await person({ age: 88 });
    const f = await admin.post(`/api/persons/${dead}/facts`, {
      kind: 'death',
      value: {},
      validFrom: '2026-05-02',
      source: '殡葬信息',
    });
    expect(f.statusCode, f.body).toBe(201);
    const d = await refused(
      admin.post('/api/care-credits/enrolments', { personId: dead, fromMonth: '2026-06' }),
      409,
      'CARE_CREDIT_PERSON_DECEASED',
    );
    expect(d.error.message).toContain('2026-05-02');

    await refused(
      admin.post('/api/care-credits/enrolments', {
        personId: '01900000-0000-7000-8000-000000000000',
        fromMonth: '2026-06',
      }),
      404,
      'PERSON_NOT_FOUND',
    );
    await refused(
      admin.post('/api/care-credits/enrolments', { personId: id, fromMonth: '2026-6' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('a worker enrols only in the area: out of scope is not found, without the permission forbidden', async () => {
    const sibling = await person({ areaCode: COMMUNITY_HUBIN_2 });
    const other = await person({ areaCode: COMMUNITY_QINGBO });
    await refused(
      worker.post('/api/care-credits/enrolments', { personId: sibling, fromMonth: '2026-06' }),
      404,
      'PERSON_NOT_FOUND',
    );
    await refused(
      street.post('/api/care-credits/enrolments', { personId: other, fromMonth: '2026-06' }),
      404,
      'PERSON_NOT_FOUND',
    );
    await refused(
      provider.post('/api/care-credits/enrolments', { personId: sibling, fromMonth: '2026-06' }),
      403,
      'FORBIDDEN',
    );
    await refused(
      volunteer.post('/api/care-credits/enrolments', { personId: sibling, fromMonth: '2026-06' }),
      403,
      'FORBIDDEN',
    );
    await enrolled(sibling, '2026-06', street);
  });

  it('ends an enrolment; ending again, or before it starts, is refused; a later enrolment may follow', async () => {
    const id = await person();
    const e = await enrolled(id, '2026-02');
    const before = await refused(
      worker.patch(`/api/care-credits/enrolments/${e.id}`, { toMonth: '2026-01', endReason: '迁出' }),
      400,
      'CARE_CREDIT_END_BEFORE_START',
    );
    expect(before.error.params).toEqual({ toMonth: '2026-01', fromMonth: '2026-02' });
    const ended = await worker.patch(`/api/care-credits/enrolments/${e.id}`, {
      toMonth: '2026-04',
      endReason: '入住养老机构',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ toMonth: '2026-04', endReason: '入住养老机构', current: false });
    await refused(
      worker.patch(`/api/care-credits/enrolments/${e.id}`, { toMonth: '2026-05', endReason: '再次' }),
      409,
      'CARE_CREDIT_ENROLMENT_ENDED',
    );
    expect(await isEnrolled(ctx.db, id, '2026-04')).toBe(true);
    expect(await isEnrolled(ctx.db, id, '2026-05')).toBe(false);
    await expect(requireEnrolled(ctx.db, id, '2026-05')).rejects.toMatchObject({
      code: 'CARE_CREDIT_NOT_ENROLLED',
    });
    await refused(
      admin.post('/api/care-credits/enrolments', { personId: id, fromMonth: '2026-04' }),
      409,
      'CARE_CREDIT_ALREADY_ENROLLED',
    );
    await enrolled(id, '2026-05');
    // Someone else's enrolment is not found for a worker of another community.
    const other = await enrolled(await person({ areaCode: COMMUNITY_QINGBO }));
    await refused(
      worker.patch(`/api/care-credits/enrolments/${other.id}`, { toMonth: '2026-06', endReason: 'x' }),
      404,
      'CARE_CREDIT_ENROLMENT_NOT_FOUND',
    );
  });

  it('lists enrolments within the scope, by area, month and name', async () => {
    const a = await person({ name: '钱重阳甲' });
    const b = await person({ name: '钱重阳乙', areaCode: COMMUNITY_QINGBO });
    await enrolled(a, '2026-06');
    await enrolled(b, '2026-06');
    const byName = (await admin.get(`/api/care-credits/enrolments?q=${encodeURIComponent('钱重阳')}`)).json();
    expect(byName.items.map((i: { name: string }) => i.name)).toEqual(['钱重阳甲', '钱重阳乙']);
    const mine = (await worker.get(`/api/care-credits/enrolments?q=${encodeURIComponent('钱重阳')}`)).json();
    expect(mine.items.map((i: { name: string }) => i.name)).toEqual(['钱重阳甲']);
    const all = (await worker.get('/api/care-credits/enrolments?pageSize=200')).json();
    expect(all.items.length).toBeGreaterThan(2);
    for (const i of all.items) expect(i.areaCode).toBe(COMMUNITY_HUBIN);
    const may = (
      await admin.get(`/api/care-credits/enrolments?month=2026-05&q=${encodeURIComponent('钱重阳')}`)
    ).json();
    expect(may.items).toEqual([]);
    expect(
      (
        await admin.get(`/api/care-credits/enrolments?area=${COMMUNITY_QINGBO}&q=${encodeURIComponent('钱')}`)
      ).json().total,
    ).toBe(1);
    expect((await provider.get('/api/care-credits/enrolments')).statusCode).toBe(403);
  });
});

describe('an elder’s accounts', () => {
  let elder: string;
  let sibling: string;

  beforeAll(async () => {
    elder = await person({ name: '孙账户' });
    sibling = await person({ areaCode: COMMUNITY_HUBIN_2 });
    await enrolled(elder, '2026-04');
    await enrolled(sibling, '2026-04');
    for (const m of ['2026-04', '2026-05']) await runGrantBatch(ctx, SYSTEM_ACTOR, { month: m });
    // A home-service provider is paid 35 yuan out of the sub-account.
    const org = (await admin.post('/api/orgs', buildOrgBody({ name: '湖滨居家养老服务中心' }))).json();
    const receivable = await openAccount(ctx.db, clock, {
      ownerType: 'org',
      ownerId: org.id,
      unit: 'fen',
      kind: 'receivable',
      areaCode: COMMUNITY_HUBIN,
    });
    const acc = (await admin.get(`/api/persons/${elder}/accounts`)).json().accounts[0];
    await postTransfer(ctx.db, clock, {
      key: `test.payment:${elder}`,
      debitAccountId: acc.id,
      creditAccountId: receivable.id,
      amount: 3_500,
      unit: 'fen',
      code: 'order.payment',
    });
  });

  it('shows balance, available and held, and the enrolment', async () => {
    const res = await worker.get(`/api/persons/${elder}/accounts`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      personId: elder,
      name: '孙账户',
      enrolled: true,
      enrolments: [{ fromMonth: '2026-04', toMonth: null }],
      accounts: [{ kind: 'elder_care', unit: 'fen', balance: 16_500, available: 16_500, held: 0, seq: 3 }],
    });
  });

  it('lists the history newest first with counterparty, signed amount and balance after, paged by seq', async () => {
    const page1 = (await worker.get(`/api/persons/${elder}/accounts/entries?limit=2`)).json();
    expect(
      page1.entries.map((e: { code: string; amount: number; balanceAfter: number }) => [
        e.code,
        e.amount,
        e.balanceAfter,
      ]),
    ).toEqual([
      ['order.payment', -3_500, 16_500],
      ['chongyang.grant', 10_000, 20_000],
    ]);
    expect(page1.entries[0].counterparty).toMatchObject({
      ownerType: 'org',
      kind: 'receivable',
      name: '湖滨居家养老服务中心',
    });
    expect(page1.entries[1].counterparty).toMatchObject({
      ownerType: 'programme',
      ownerId: 'chongyang',
      kind: 'fund',
      name: null,
    });
    expect(page1.nextBeforeSeq).toBe(2);
    const page2 = (await worker.get(`/api/persons/${elder}/accounts/entries?limit=2&beforeSeq=2`)).json();
    expect(page2.entries.map((e: { seq: number; memo: string }) => [e.seq, e.memo])).toEqual([
      [1, '重阳分 2026-04'],
    ]);
    expect(page2.nextBeforeSeq).toBeNull();
  });

  it('is scoped through the person: sibling community not found, no ledger.read forbidden', async () => {
    expect((await worker.get(`/api/persons/${sibling}/accounts`)).statusCode).toBe(404);
    expect((await worker.get(`/api/persons/${sibling}/accounts/entries`)).statusCode).toBe(404);
    expect((await street.get(`/api/persons/${sibling}/accounts`)).statusCode).toBe(200);
    expect(codeOf(await provider.get(`/api/persons/${elder}/accounts`))).toBe('FORBIDDEN');
    expect(codeOf(await volunteer.get(`/api/persons/${elder}/accounts/entries`))).toBe('FORBIDDEN');
  });

  it('an elder outside the programme has no accounts and is not enrolled', async () => {
    const outsider = await person();
    const res = (await worker.get(`/api/persons/${outsider}/accounts`)).json();
    expect(res).toMatchObject({ enrolled: false, enrolments: [], accounts: [] });
    expect((await worker.get(`/api/persons/${outsider}/accounts/entries`)).json()).toEqual({
      accountId: null,
      entries: [],
      nextBeforeSeq: null,
    });
    const err = await requireEnrolled(ctx.db, outsider, '2026-06').catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('CARE_CREDIT_NOT_ENROLLED');
  });

  it('the district sees the funds: issued, spent, outstanding', async () => {
    const res = await admin.get('/api/care-credits/funds');
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    expect(f.issued - f.expired - f.spent).toBe(f.outstanding);
    expect(f.spent).toBe(3_500);
    expect(f.issued).toBeGreaterThanOrEqual(40_000);
    expect((await street.get('/api/care-credits/funds')).statusCode).toBe(403);
  });
});

describe('elder cards', () => {
  it('issues a card, finds the elder by it at a till in the area, replaces a lost card', async () => {
    const id = await person({ name: '周持卡' });
    await enrolled(id, '2026-06');
    const res = await worker.post(`/api/persons/${id}/cards`, { cardNo: 'HZ000000000101' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      cardNo: 'HZ000000000101',
      personId: id,
      name: '周持卡',
      enrolled: true,
      deceased: false,
    });
    // Issuing the same card again changes nothing.
    expect((await worker.post(`/api/persons/${id}/cards`, { cardNo: 'HZ000000000101' })).statusCode).toBe(
      201,
    );
    const seen = await provider.get('/api/elder-cards/HZ000000000101');
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().personId).toBe(id);
    expect(await findElderByCard(ctx.db, ['330102002'], 'HZ000000000101')).toBeUndefined();
    expect((await findElderByCard(ctx.db, ['330102001001'], ' HZ000000000101 '))?.personId).toBe(id);
    // A replacement revokes the old number.
    expect((await worker.post(`/api/persons/${id}/cards`, { cardNo: 'HZ000000000102' })).statusCode).toBe(
      201,
    );
    const lost = await provider.get('/api/elder-cards/HZ000000000101');
    expect(lost.statusCode).toBe(404);
    expect(lost.json().error).toMatchObject({
      code: 'ELDER_CARD_NOT_FOUND',
      message: '卡号 HZ000000000101 未登记',
    });
    const rows = await ctx.db.select().from(elderCards).where(eq(elderCards.personId, id));
    expect(rows.map((r) => [r.cardNo, r.revokedOn])).toEqual(
      expect.arrayContaining([
        ['HZ000000000101', '2026-06-15'],
        ['HZ000000000102', null],
      ]),
    );
  });

  it('refuses a number given to someone else, and cards outside the area', async () => {
    const a = await person();
    const b = await person();
    expect((await admin.post(`/api/persons/${a}/cards`, { cardNo: 'HZ000000000201' })).statusCode).toBe(201);
    const before = await audits();
    const taken = await admin.post(`/api/persons/${b}/cards`, { cardNo: 'HZ000000000201' });
    expect(taken.statusCode).toBe(409);
    expect(codeOf(taken)).toBe('ELDER_CARD_TAKEN');
    expect(await audits()).toBe(before);
    const far = await person({ areaCode: COMMUNITY_QINGBO });
    expect((await admin.post(`/api/persons/${far}/cards`, { cardNo: 'HZ000000000301' })).statusCode).toBe(
      201,
    );
    expect((await provider.get('/api/elder-cards/HZ000000000301')).statusCode).toBe(404);
    expect((await worker.post(`/api/persons/${far}/cards`, { cardNo: 'HZ000000000302' })).statusCode).toBe(
      404,
    );
    expect((await provider.post(`/api/persons/${a}/cards`, { cardNo: 'HZ000000000303' })).statusCode).toBe(
      403,
    );
    expect((await volunteer.get('/api/elder-cards/HZ000000000201')).statusCode).toBe(403);
    const bad = await admin.post(`/api/persons/${a}/cards`, { cardNo: '卡 1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0]).toMatchObject({ field: 'cardNo', code: 'FIELD_FORMAT' });
  });
});

describe('grant run over HTTP', () => {
  it('refuses a month not yet begun, a month before any setting, and anyone but the district', async () => {
    const future = await admin.post('/api/care-credits/batches', { month: '2026-07' });
    expect(future.statusCode).toBe(409);
    expect(future.json().error).toMatchObject({
      code: 'CARE_CREDIT_MONTH_FUTURE',
      message: '2026-07 尚未开始，不能发放',
    });
    const early = await admin.post('/api/care-credits/batches', { month: '2019-12' });
    expect(codeOf(early)).toBe('CARE_CREDIT_SETTINGS_MISSING');
    expect(codeOf(await street.post('/api/care-credits/batches', { month: '2026-06' }))).toBe('FORBIDDEN');
    expect((await admin.post('/api/care-credits/batches', { month: '2026-6' })).statusCode).toBe(400);
  });

  it('runs the month, answers with the report, and a second run credits nobody twice', async () => {
    const first = await admin.post('/api/care-credits/batches', { month: '2026-06' });
    expect(first.statusCode, first.body).toBe(201);
    const b = first.json();
    expect(b).toMatchObject({ kind: 'grant', month: '2026-06', status: 'done' });
    expect(b.report.postedNow).toBeGreaterThan(0);
    expect(b.report.amountNow).toBe(b.report.postedNow * 10_000);
    clock.advance(60_000);
    const second = (await admin.post('/api/care-credits/batches', { month: '2026-06' })).json();
    expect(second.report).toMatchObject({
      postedNow: 0,
      amountNow: 0,
      alreadyDone: b.report.postedNow + b.report.alreadyDone,
    });
    const got = await admin.get(`/api/care-credits/batches/${b.id}`);
    expect(got.json()).toEqual(b);
    const list = (await admin.get('/api/care-credits/batches?month=2026-06')).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([second.id, b.id]);
    expect(
      (await admin.get('/api/care-credits/batches/01900000-0000-7000-8000-000000000000')).statusCode,
    ).toBe(404);
    const [n] = await ctx.db
      .execute(
        sql`SELECT count(*)::int AS n FROM ledger_transfers WHERE idempotency_key LIKE 'chongyang.grant:2026-06:%'`,
      )
      .then((r) => (r as unknown as { rows: { n: number }[] }).rows);
    expect(n!.n).toBe(b.report.postedNow);
  });

  it('a setting cannot reach back into a granted month', async () => {
    const res = await admin.post('/api/care-credits/settings', {
      validFrom: '2026-06',
      monthlyAmount: 15_000,
      expiryMonths: 12,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'CARE_CREDIT_SETTINGS_GRANTED',
      params: { month: '2026-06', next: '2026-07' },
    });
  });
});
