import { and, count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '../../platform/access.ts';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/types.ts';
import {
  buildIdNumber,
  buildOrgBody,
  buildPersonBody,
  buildServicePointBody,
  COMMUNITY_HUBIN,
  COMMUNITY_HUBIN_2,
  DISTRICT,
  STREET_HUBIN,
} from '../../testing/builders.ts';
import { createTestContext, testEngine } from '../../testing/context.ts';
import { type Client, createTestApp, loginAs, nextRemoteAddress, TEST_PASSWORD } from '../../testing/http.ts';
import { issueCard } from '../care-credits/index.ts';
import { createUser } from '../identity/index.ts';
import { checkLedger, findAccount, getAccount, transfersByRef } from '../ledger/index.ts';
import { addOrgMembers } from '../orgs/index.ts';
import { ensureMealDefaults, openTill } from './index.ts';

const TODAY = '2026-06-15';
// 11:00 in Hangzhou: lunch.
const clock = fixedClock('2026-06-15T03:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let admin: Client;

interface Cashier {
  client: Client;
  actor: { id: string; username: string; displayName: string; grants: Grant[] };
}

async function cashier(
  username: string,
  orgIds: string[],
  grants: Grant[] = [{ role: 'service_provider', areaCode: STREET_HUBIN }],
): Promise<Cashier> {
  const id = await createUser(ctx, { username, displayName: username, password: TEST_PASSWORD, grants });
  await addOrgMembers(
    ctx.db,
    orgIds.map((orgId) => ({ userId: id, orgId })),
  );
  const client = await loginAs(app, username, TEST_PASSWORD, { remoteAddress: nextRemoteAddress() });
  return { client, actor: { id, username, displayName: username, grants } };
}

const codeOf = (res: { json(): { error?: { code: string } } }) => res.json().error?.code;

/** A resident of the registry with the given ID number (and, optionally, a card and a 低保-like fact). */
async function elder(
  opts: {
    age?: number;
    birthDate?: string;
    card?: string;
    lowIncome?: 'dibao' | 'dibian' | 'tekun';
    areaCode?: string;
  } = {},
) {
  const idNumber = buildIdNumber(
    opts.birthDate ? { birthDate: opts.birthDate } : { age: opts.age ?? 70, asOf: TODAY },
  );
  const res = await admin.post(
    '/api/persons',
    buildPersonBody({ idNumber, areaCode: opts.areaCode ?? COMMUNITY_HUBIN }),
  );
  expect(res.statusCode, res.body).toBe(201);
  const person = res.json() as { id: string; idMasked: string; name: string };
  if (opts.lowIncome) {
    const f = await admin.post(`/api/persons/${person.id}/facts`, {
      kind: 'low_income',
      value: { status: opts.lowIncome },
      validFrom: '2025-01-01',
      source: '街道审批',
    });
    expect(f.statusCode, f.body).toBe(201);
  }
  if (opts.card) await issueCard(ctx, SYSTEM_ACTOR, person.id, { cardNo: opts.card, issuedOn: '2026-01-01' });
  return { ...person, idNumber };
}

async function created(client: Client, url: string, body: unknown) {
  const res = await client.post(url, body);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(201);
  return res.json();
}

let fundId = '';
const fundBalance = async () => {
  const f = await findAccount(ctx.db, {
    ownerType: 'programme',
    ownerId: 'meal_subsidy',
    unit: 'fen',
    kind: 'fund',
  });
  if (f) fundId = f.id;
  return f ? (await getAccount(ctx.db, f.id)).balance : 0;
};
const receivable = async (orgId: string) => {
  const a = await findAccount(ctx.db, { ownerType: 'org', ownerId: orgId, unit: 'fen', kind: 'receivable' });
  return a ? (await getAccount(ctx.db, a.id)).balance : 0;
};
const sellAudits = async () => {
  const [r] = await ctx.db
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'meal_sale')));
  return Number(r?.n ?? 0);
};
/** Everything a refused sale must leave as it was. */
async function snapshot(orgId: string) {
  return { fund: await fundBalance(), receivable: await receivable(orgId), audits: await sellAudits() };
}

let orgA: { id: string };
let orgB: { id: string };
let canteenA1: { id: string };
let canteenA2: { id: string };
let canteenB: { id: string };
let careCentre: { id: string };
let orphanCanteen: { id: string };
let a: Cashier;
let b: Cashier;
let tillA1: { id: string };
let lunch: { id: string; priceFen: number };
let cheap: { id: string; priceFen: number };
let breakfast: { id: string };

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  await ensureMealDefaults(ctx.db);
  await ensureMealDefaults(ctx.db); // idempotent
  app = await createTestApp(ctx);
  admin = (await cashier('meal_admin', [], [{ role: 'district_admin', areaCode: DISTRICT }])).client;
  orgA = await created(
    admin,
    '/api/orgs',
    buildOrgBody({ name: '杭州知味餐饮管理有限公司', areaCode: STREET_HUBIN }),
  );
  orgB = await created(
    admin,
    '/api/orgs',
    buildOrgBody({ name: '杭州百味餐饮管理有限公司', areaCode: STREET_HUBIN }),
  );
  canteenA1 = await created(
    admin,
    '/api/service-points',
    buildServicePointBody({ name: '涌金门老年食堂', orgId: orgA.id }),
  );
  canteenA2 = await created(
    admin,
    '/api/service-points',
    buildServicePointBody({ name: '青年路长者食堂', orgId: orgA.id, areaCode: COMMUNITY_HUBIN_2 }),
  );
  canteenB = await created(
    admin,
    '/api/service-points',
    buildServicePointBody({ name: '涌金门助餐点', orgId: orgB.id }),
  );
  careCentre = await created(
    admin,
    '/api/service-points',
    buildServicePointBody({ name: '涌金门居家养老服务照料中心', type: 'home_care_centre', orgId: orgA.id }),
  );
  orphanCanteen = await created(admin, '/api/service-points', buildServicePointBody({ name: '无主食堂' }));
  a = await cashier('meal_cashier_a', [orgA.id]);
  b = await cashier('meal_cashier_b', [orgB.id]);
  lunch = await created(a.client, `/api/meals/canteens/${canteenA1.id}/menu`, {
    name: '两荤一素套餐',
    sitting: 'lunch',
    priceFen: 1500,
  });
  cheap = await created(a.client, `/api/meals/canteens/${canteenA1.id}/menu`, {
    name: '一荤两素套餐',
    sitting: 'lunch',
    priceFen: 1235,
  });
  breakfast = await created(a.client, `/api/meals/canteens/${canteenA1.id}/menu`, {
    name: '营养早餐',
    sitting: 'breakfast',
    priceFen: 500,
  });
  tillA1 = await created(a.client, `/api/meals/canteens/${canteenA1.id}/tills`, { sitting: 'lunch' });
});
afterAll(async () => {
  await app?.close();
  await close?.();
});
afterEach(async () => {
  expect((await checkLedger(ctx.db)).violations).toEqual([]);
});

describe('rules and settings', () => {
  it('seeds R9 and the example category rules once, and one meal per sitting', async () => {
    const rules = (await a.client.get('/api/meals/rules')).json().items;
    expect(
      rules.map(
        (r: { minAge: number; maxAge: number | null; category: string | null; payPermille: number }) => [
          r.minAge,
          r.maxAge,
          r.category,
          r.payPermille,
        ],
      ),
    ).toEqual([
      [60, 79, null, 800],
      [80, null, null, 700],
      [60, null, 'dibao', 500],
      [60, null, 'tekun', 500],
    ]);
    expect((await a.client.get('/api/meals/settings')).json()).toEqual({ mealsPerSitting: 1 });
  });

  it('refuses an overlapping or malformed rule with its precise reason, and writes nothing', async () => {
    const before = (await admin.get('/api/meals/rules')).json().items.length;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ validFrom: '2026-07-01', minAge: 85, payPermille: 600 }, 'MEAL_RULE_OVERLAP', 'minAge'],
      [
        { validFrom: '2026-07-01', minAge: 90, maxAge: 85, category: 'dibian', payPermille: 600 },
        'MEAL_RULE_AGES',
        'maxAge',
      ],
      [
        { validFrom: '2026-07-01', minAge: 90, category: 'dibian', payPermille: 1200 },
        'MEAL_RULE_PERMILLE',
        'payPermille',
      ],
      [
        { validFrom: '2026-07-01', validTo: '2026-06-30', minAge: 90, category: 'dibian', payPermille: 600 },
        'MEAL_RULE_DATES',
        'validTo',
      ],
    ];
    for (const [body, code, field] of cases) {
      const res = await admin.request('POST', '/api/meals/rules', body, { 'accept-language': 'en' });
      expect(res.statusCode, res.body).toBe(400);
      const err = res.json().error;
      expect(err.code).toBe('MEAL_RULE_INVALID');
      expect(err.issues.map((i: { code: string; field: string }) => [i.field, i.code])).toEqual([
        [field, code],
      ]);
      expect(err.issues[0].message).not.toMatch(/\{\{/);
    }
    const zh = (await admin.post('/api/meals/rules', cases[0]![0])).json().error;
    expect(zh.issues[0].message).toBe(
      '与现有规则重叠：同一类别 80+ 岁的规则（2020-01-01 至 —）已覆盖这一年龄段和日期',
    );
    expect((await admin.get('/api/meals/rules')).json().items.length).toBe(before);
  });

  it('adds a dated rule and ends it; a second end is refused; cashiers may not manage rules', async () => {
    const add = await admin.post('/api/meals/rules', {
      validFrom: '2030-01-01',
      minAge: 90,
      category: 'dibian',
      payPermille: 400,
      note: '测试',
    });
    expect(add.statusCode, add.body).toBe(201);
    const id = add.json().id;
    const end = await admin.post(`/api/meals/rules/${id}/end`, { validTo: '2030-12-31' });
    expect(end.json()).toMatchObject({ validTo: '2030-12-31' });
    const again = await admin.post(`/api/meals/rules/${id}/end`, { validTo: '2030-06-30' });
    expect([again.statusCode, codeOf(again)]).toEqual([409, 'MEAL_RULE_ENDED']);
    const early = await admin.post('/api/meals/rules', {
      validFrom: '2031-01-01',
      minAge: 90,
      category: 'dibian',
      payPermille: 400,
    });
    expect(early.statusCode).toBe(201);
    const before = await admin.post(`/api/meals/rules/${early.json().id}/end`, { validTo: '2030-12-31' });
    expect([before.statusCode, before.json().error.issues[0].code]).toEqual([400, 'MEAL_RULE_DATES']);
    expect(
      (await a.client.post('/api/meals/rules', { validFrom: '2032-01-01', minAge: 95, payPermille: 100 }))
        .statusCode,
    ).toBe(403);
    expect((await a.client.patch('/api/meals/settings', { mealsPerSitting: 3 })).statusCode).toBe(403);
    expect(
      (
        await admin.post('/api/meals/rules/01900000-0000-7000-8000-000000000000/end', {
          validTo: '2030-01-01',
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('canteens, menus and tills', () => {
  it('a cashier sees the canteens of their organisation only', async () => {
    const items = (await a.client.get('/api/meals/canteens')).json().items as {
      id: string;
      openTill: { id: string } | null;
    }[];
    expect(items.map((i) => i.id).sort()).toEqual([canteenA1.id, canteenA2.id].sort());
    expect(items.find((i) => i.id === canteenA1.id)!.openTill!.id).toBe(tillA1.id);
    const all = (await admin.get('/api/meals/canteens')).json().items.map((i: { id: string }) => i.id);
    expect(all).toEqual(expect.arrayContaining([canteenA1.id, canteenA2.id, canteenB.id, orphanCanteen.id]));
    expect(all).not.toContain(careCentre.id);
  });

  it('one open till per canteen; a service point that is not a canteen, or has no operator, has none', async () => {
    const again = await a.client.post(`/api/meals/canteens/${canteenA1.id}/tills`, { sitting: 'dinner' });
    expect([again.statusCode, codeOf(again)]).toEqual([409, 'MEAL_TILL_ALREADY_OPEN']);
    expect(again.json().error.params.tillId).toBe(tillA1.id);
    const care = await a.client.post(`/api/meals/canteens/${careCentre.id}/tills`, { sitting: 'lunch' });
    expect([care.statusCode, codeOf(care)]).toEqual([400, 'MEAL_NOT_A_CANTEEN']);
    const orphan = await admin.post(`/api/meals/canteens/${orphanCanteen.id}/tills`, { sitting: 'lunch' });
    expect([orphan.statusCode, codeOf(orphan)]).toEqual([409, 'MEAL_CANTEEN_NO_OPERATOR']);
    const shut = await created(
      admin,
      '/api/service-points',
      buildServicePointBody({ name: '已关停食堂', orgId: orgA.id }),
    );
    expect(
      (await admin.post(`/api/service-points/${shut.id}/close`, { reason: '场地改造' })).statusCode,
    ).toBe(200);
    const closed = await a.client.post(`/api/meals/canteens/${shut.id}/tills`, { sitting: 'lunch' });
    expect([closed.statusCode, codeOf(closed)]).toEqual([409, 'SERVICE_POINT_CLOSED']);
  });

  it('another organisation’s cashier can neither open, read, preview nor sell at this canteen', async () => {
    const card = 'C-OTHER-1';
    await elder({ age: 70, card });
    expect(
      (await b.client.post(`/api/meals/canteens/${canteenA2.id}/tills`, { sitting: 'lunch' })).statusCode,
    ).toBe(403);
    expect((await b.client.get(`/api/meals/canteens/${canteenA1.id}/menu`)).statusCode).toBe(403);
    expect((await b.client.get(`/api/meals/tills/${tillA1.id}`)).statusCode).toBe(403);
    const before = await snapshot(orgA.id);
    const sell = await b.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      cardNo: card,
      menuItemId: lunch.id,
    });
    expect([sell.statusCode, codeOf(sell)]).toEqual([403, 'FORBIDDEN']);
    expect((await b.client.post(`/api/meals/tills/${tillA1.id}/preview`, { cardNo: card })).statusCode).toBe(
      403,
    );
    expect((await b.client.patch(`/api/meals/menu/${lunch.id}`, { priceFen: 1 })).statusCode).toBe(403);
    expect(await snapshot(orgA.id)).toEqual(before);
    // A cashier of a canteen in another street is not even told it exists.
    const far = await cashier(
      'meal_cashier_far',
      [orgA.id],
      [{ role: 'service_provider', areaCode: '330102002000' }],
    );
    expect((await far.client.get(`/api/meals/tills/${tillA1.id}`)).statusCode).toBe(404);
  });
});

describe('at the till', () => {
  it('previews who the elder is and the split before selling, without the ID number', async () => {
    const e = await elder({ age: 70, card: 'C-PREVIEW' });
    const res = await a.client.post(`/api/meals/tills/${tillA1.id}/preview`, {
      cardNo: 'C-PREVIEW',
      menuItemId: lunch.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      elder: { name: e.name, idMasked: e.idMasked, age: 70, category: null },
      eligible: true,
      rule: { minAge: 60, maxAge: 79, payPermille: 800 },
      priceFen: 1500,
      paidFen: 1200,
      subsidyFen: 300,
      subsidisedThisSitting: 0,
      limit: 1,
      limitReached: false,
    });
    expect(res.body).not.toContain(e.idNumber);
    const byId = await a.client.post(`/api/meals/tills/${tillA1.id}/preview`, { idNumber: e.idNumber });
    expect(byId.json()).toMatchObject({ elder: { name: e.name }, item: null, paidFen: null });
  });

  it('sells by card: the subsidy moves from the programme fund to the operator’s receivable, to the fen', async () => {
    await elder({ age: 72, card: 'C-0001' });
    const before = await snapshot(orgA.id);
    const res = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      cardNo: 'C-0001',
      menuItemId: lunch.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const sale = res.json();
    expect(sale).toMatchObject({
      n: 1,
      priceFen: 1500,
      paidFen: 1200,
      subsidyFen: 300,
      ageOnDay: 72,
      day: TODAY,
      sitting: 'lunch',
      voided: false,
    });
    expect(await fundBalance()).toBe(before.fund - 300);
    expect(await receivable(orgA.id)).toBe(before.receivable + 300);
    expect(await sellAudits()).toBe(before.audits + 1);
    const [t] = await transfersByRef(ctx.db, 'meal_sale', sale.id);
    expect(t).toMatchObject({
      id: sale.transferId,
      idempotencyKey: `meal.subsidy:${sale.id}`,
      code: 'meal.subsidy',
      amount: 300,
      debitAccountId: fundId,
      flag: 'posted',
    });
  });

  it('sells by ID number; an 80+ elder pays 70 %, rounded half up to the fen', async () => {
    const e = await elder({ age: 85 });
    const res = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      idNumber: e.idNumber,
      menuItemId: cheap.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    // 1235 × 0.7 = 864.5 → 865
    expect(res.json()).toMatchObject({ paidFen: 865, subsidyFen: 370, ageOnDay: 85 });
  });

  it('an elder turning 80 today pays 70 %; one turning 60 tomorrow gets no subsidy', async () => {
    const eighty = await elder({ birthDate: '1946-06-15' });
    const r80 = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      idNumber: eighty.idNumber,
      menuItemId: lunch.id,
    });
    expect(r80.json()).toMatchObject({ ageOnDay: 80, paidFen: 1050, subsidyFen: 450 });
    const almost = await elder({ birthDate: '1966-06-16' });
    const r59 = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      idNumber: almost.idNumber,
      menuItemId: lunch.id,
    });
    expect([r59.statusCode, codeOf(r59), r59.json().error.params]).toEqual([
      409,
      'MEAL_NOT_ELIGIBLE',
      { age: 59 },
    ]);
  });

  it('a 低保 elder gets the category rule', async () => {
    const e = await elder({ age: 66, card: 'C-DIBAO', lowIncome: 'dibao' });
    const p = await a.client.post(`/api/meals/tills/${tillA1.id}/preview`, {
      cardNo: 'C-DIBAO',
      menuItemId: lunch.id,
    });
    expect(p.json()).toMatchObject({
      elder: { category: 'dibao', name: e.name },
      rule: { category: 'dibao' },
      paidFen: 750,
    });
    const s = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      cardNo: 'C-DIBAO',
      menuItemId: lunch.id,
    });
    expect(s.json()).toMatchObject({ category: 'dibao', paidFen: 750, subsidyFen: 750 });
    // 低边 has no rule of its own in the defaults: the age rule applies.
    await elder({ age: 66, card: 'C-DIBIAN', lowIncome: 'dibian' });
    const d = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      cardNo: 'C-DIBIAN',
      menuItemId: lunch.id,
    });
    expect(d.json()).toMatchObject({ category: 'dibian', paidFen: 1200 });
  });

  it('one subsidised meal per elder per sitting: the second is refused and nothing moves; full price is allowed', async () => {
    await elder({ age: 75, card: 'C-LIMIT' });
    const first = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      cardNo: 'C-LIMIT',
      menuItemId: lunch.id,
    });
    expect(first.statusCode).toBe(201);
    const before = await snapshot(orgA.id);
    const second = await a.client.request(
      'POST',
      `/api/meals/tills/${tillA1.id}/sales`,
      { cardNo: 'C-LIMIT', menuItemId: cheap.id },
      { 'accept-language': 'en' },
    );
    expect([second.statusCode, codeOf(second)]).toEqual([409, 'MEAL_LIMIT_REACHED']);
    expect(second.json().error.message).toBe('The elder has already had 1 subsidised meal(s) this sitting');
    expect(await snapshot(orgA.id)).toEqual(before);
    const preview = await a.client.post(`/api/meals/tills/${tillA1.id}/preview`, { cardNo: 'C-LIMIT' });
    expect(preview.json()).toMatchObject({ subsidisedThisSitting: 1, limitReached: true });
    const full = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      cardNo: 'C-LIMIT',
      menuItemId: cheap.id,
      fullPrice: true,
    });
    expect(full.statusCode, full.body).toBe(201);
    expect(full.json()).toMatchObject({
      n: null,
      subsidyFen: 0,
      paidFen: 1235,
      transferId: null,
      ruleId: null,
    });
    expect(await fundBalance()).toBe(before.fund);
    // The limit counts across canteens: the operator's other canteen refuses too.
    const tillA2 = await created(a.client, `/api/meals/canteens/${canteenA2.id}/tills`, { sitting: 'lunch' });
    const a2lunch = await created(a.client, `/api/meals/canteens/${canteenA2.id}/menu`, {
      name: '套餐',
      sitting: 'lunch',
      priceFen: 1000,
    });
    const elsewhere = await a.client.post(`/api/meals/tills/${tillA2.id}/sales`, {
      cardNo: 'C-LIMIT',
      menuItemId: a2lunch.id,
    });
    expect(codeOf(elsewhere)).toBe('MEAL_LIMIT_REACHED');
    expect((await a.client.post(`/api/meals/tills/${tillA2.id}/close`, {})).statusCode).toBe(200);
  });

  it('under 60: refused unless sold at full price explicitly', async () => {
    const young = await elder({ age: 45 });
    const before = await snapshot(orgA.id);
    const res = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      idNumber: young.idNumber,
      menuItemId: lunch.id,
    });
    expect([res.statusCode, codeOf(res)]).toEqual([409, 'MEAL_NOT_ELIGIBLE']);
    expect(res.json().error.message).toBe('该居民不享受助餐补贴（45 岁），可按原价售餐');
    expect(await snapshot(orgA.id)).toEqual(before);
    const full = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      idNumber: young.idNumber,
      menuItemId: lunch.id,
      fullPrice: true,
    });
    expect(full.json()).toMatchObject({ n: null, subsidyFen: 0, paidFen: 1500, ageOnDay: 45 });
    expect(await fundBalance()).toBe(before.fund);
  });

  it('an elder from outside the programme, or bad identification, gets a precise error and nothing moves', async () => {
    const before = await snapshot(orgA.id);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ cardNo: 'NO-SUCH-CARD' }, 404, 'MEAL_ELDER_NOT_FOUND'],
      // A valid ID number of somebody the registry does not know.
      [{ idNumber: buildIdNumber({ age: 70, area: '110101' }) }, 404, 'MEAL_ELDER_NOT_FOUND'],
      [{ idNumber: '330102195001011234' }, 400, 'VALIDATION_FAILED'],
      [{}, 400, 'MEAL_ELDER_IDENTIFY'],
      [{ cardNo: 'C-0001', idNumber: buildIdNumber({ age: 70 }) }, 400, 'MEAL_ELDER_IDENTIFY'],
    ];
    for (const [who, status, code] of cases) {
      const res = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
        ...who,
        menuItemId: lunch.id,
      });
      expect([res.statusCode, codeOf(res)], JSON.stringify(who)).toEqual([status, code]);
      expect(res.json().error.message).not.toMatch(/\{\{|^[A-Z_]+$/);
    }
    const bad = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      idNumber: '330102195001011234',
      menuItemId: lunch.id,
    });
    expect(bad.json().error.issues.map((i: { field: string; code: string }) => [i.field, i.code])).toEqual([
      ['idNumber', 'ID_NUMBER_CHECKSUM'],
    ]);
    // The card of someone who has died.
    const gone = await elder({ age: 90, card: 'C-GONE' });
    const died = await admin.post(`/api/persons/${gone.id}/facts`, {
      kind: 'death',
      value: {},
      validFrom: '2026-06-01',
      source: '死亡证明',
    });
    expect(died.statusCode, died.body).toBe(201);
    const res = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      cardNo: 'C-GONE',
      menuItemId: lunch.id,
    });
    expect(codeOf(res)).toBe('MEAL_ELDER_NOT_FOUND');
    // A meal of another sitting, or of another canteen, is not on this till's menu.
    await elder({ age: 70, card: 'C-MENU' });
    for (const menuItemId of [breakfast.id, '01900000-0000-7000-8000-000000000000'])
      expect(
        codeOf(await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, { cardNo: 'C-MENU', menuItemId })),
      ).toBe('MEAL_MENU_ITEM_NOT_FOUND');
    expect(await snapshot(orgA.id)).toEqual(before);
  });

  it('a withdrawn dish cannot be sold', async () => {
    const dish = await created(a.client, `/api/meals/canteens/${canteenA1.id}/menu`, {
      name: '红烧肉',
      sitting: 'lunch',
      priceFen: 1800,
    });
    const off = await a.client.patch(`/api/meals/menu/${dish.id}`, { active: false });
    expect(off.json()).toMatchObject({ active: false, priceFen: 1800 });
    await elder({ age: 70, card: 'C-WITHDRAWN' });
    expect(
      codeOf(
        await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
          cardNo: 'C-WITHDRAWN',
          menuItemId: dish.id,
        }),
      ),
    ).toBe('MEAL_MENU_ITEM_NOT_FOUND');
    expect((await a.client.patch(`/api/meals/menu/${dish.id}`, {})).json()).toMatchObject({ active: false });
    const menu = (await a.client.get(`/api/meals/canteens/${canteenA1.id}/menu`)).json().items;
    expect(menu.find((i: { id: string }) => i.id === dish.id).active).toBe(false);
  });
});

describe('voids', () => {
  it('reverses the transfer and frees the sitting slot; a second void is refused', async () => {
    await elder({ age: 68, card: 'C-VOID' });
    const before = await snapshot(orgA.id);
    const sale = (
      await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, { cardNo: 'C-VOID', menuItemId: lunch.id })
    ).json();
    expect(await receivable(orgA.id)).toBe(before.receivable + 300);
    const v = await a.client.post(`/api/meals/sales/${sale.id}/void`, { reason: '打错菜品' });
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json()).toMatchObject({ voided: true, voidReason: '打错菜品' });
    expect(await fundBalance()).toBe(before.fund);
    expect(await receivable(orgA.id)).toBe(before.receivable);
    const transfers = await transfersByRef(ctx.db, 'meal_sale', sale.id);
    expect(transfers.map((t) => [t.code, t.idempotencyKey, t.reversalOf])).toEqual(
      expect.arrayContaining([
        ['meal.subsidy', `meal.subsidy:${sale.id}`, null],
        ['meal.subsidy.reversal', `meal.void:${sale.id}`, sale.transferId],
      ]),
    );
    const again = await a.client.post(`/api/meals/sales/${sale.id}/void`, { reason: '再次作废' });
    expect([again.statusCode, codeOf(again)]).toEqual([409, 'MEAL_SALE_VOIDED']);
    // The slot is free: the right meal is sold as the elder's first of the sitting.
    const right = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      cardNo: 'C-VOID',
      menuItemId: cheap.id,
    });
    expect(right.statusCode, right.body).toBe(201);
    expect(right.json()).toMatchObject({ n: 1, subsidyFen: 247 });
    expect(await receivable(orgA.id)).toBe(before.receivable + 247);
    expect(
      (await b.client.post(`/api/meals/sales/${right.json().id}/void`, { reason: 'x' })).statusCode,
    ).toBe(403);
    expect(
      (await a.client.post('/api/meals/sales/01900000-0000-7000-8000-000000000000/void', { reason: 'x' }))
        .statusCode,
    ).toBe(404);
  });

  it('a full-price sale voids without a transfer', async () => {
    const young = await elder({ age: 30 });
    const sale = (
      await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
        idNumber: young.idNumber,
        menuItemId: lunch.id,
        fullPrice: true,
      })
    ).json();
    const v = await a.client.post(`/api/meals/sales/${sale.id}/void`, { reason: '退餐' });
    expect(v.json()).toMatchObject({ voided: true, voidTransferId: null });
  });
});

describe('meals per sitting is a setting', () => {
  it('with 2, an elder may have two subsidised meals (n = 1, 2) and not a third', async () => {
    expect((await admin.patch('/api/meals/settings', { mealsPerSitting: 2 })).json()).toEqual({
      mealsPerSitting: 2,
    });
    try {
      await elder({ age: 70, card: 'C-TWO' });
      const sell = () =>
        a.client.post(`/api/meals/tills/${tillA1.id}/sales`, { cardNo: 'C-TWO', menuItemId: lunch.id });
      expect((await sell()).json().n).toBe(1);
      expect((await sell()).json().n).toBe(2);
      const third = await sell();
      expect([codeOf(third), third.json().error.params]).toEqual(['MEAL_LIMIT_REACHED', { limit: 2 }]);
    } finally {
      await admin.patch('/api/meals/settings', { mealsPerSitting: 1 });
    }
  });
});

describe('concurrent tills', () => {
  it(`two tills selling to the same elder at once: exactly one subsidised meal (${testEngine()})`, async () => {
    const tillA2 = await created(a.client, `/api/meals/canteens/${canteenA2.id}/tills`, { sitting: 'lunch' });
    const a2menu = await created(a.client, `/api/meals/canteens/${canteenA2.id}/menu`, {
      name: '青年路套餐',
      sitting: 'lunch',
      priceFen: 1100,
    });
    for (let round = 0; round < 5; round++) {
      const card = `C-RACE-${round}`;
      await elder({ age: 77, card });
      const before = await snapshot(orgA.id);
      // Three presses of the button at each till, all at once.
      const results = await Promise.all(
        [0, 1, 2].flatMap(() => [
          a.client.post(`/api/meals/tills/${tillA1.id}/sales`, { cardNo: card, menuItemId: lunch.id }),
          a.client.post(`/api/meals/tills/${tillA2.id}/sales`, { cardNo: card, menuItemId: a2menu.id }),
        ]),
      );
      const statuses = results.map((r) => r.statusCode).sort();
      expect(statuses, results.map((r) => r.body).join('\n')).toEqual([201, 409, 409, 409, 409, 409]);
      expect(new Set(results.map(codeOf).filter(Boolean))).toEqual(new Set(['MEAL_LIMIT_REACHED']));
      const won = results.find((r) => r.statusCode === 201)!.json();
      expect(await fundBalance()).toBe(before.fund - won.subsidyFen);
      expect(await receivable(orgA.id)).toBe(before.receivable + won.subsidyFen);
      expect(await sellAudits()).toBe(before.audits + 1);
    }
    expect((await a.client.post(`/api/meals/tills/${tillA2.id}/close`, {})).statusCode).toBe(200);
  });

  it('closing while sales are in flight: the Z report counts exactly the sales that went through', async () => {
    const till = await created(a.client, `/api/meals/canteens/${canteenA2.id}/tills`, { sitting: 'lunch' });
    const item = await created(a.client, `/api/meals/canteens/${canteenA2.id}/menu`, {
      name: '清淡套餐',
      sitting: 'lunch',
      priceFen: 1000,
    });
    const cards: string[] = [];
    for (let i = 0; i < 8; i++) {
      cards.push(`C-FLIGHT-${i}`);
      await elder({ age: 65 + i, card: cards[i] });
    }
    const before = await snapshot(orgA.id);
    const sales = cards.map((cardNo) =>
      a.client.post(`/api/meals/tills/${till.id}/sales`, { cardNo, menuItemId: item.id }),
    );
    const closing = a.client.post(`/api/meals/tills/${till.id}/close`, {});
    const done = await Promise.all(sales);
    const z = (await closing).json();
    const sold = done.filter((r) => r.statusCode === 201).map((r) => r.json());
    for (const r of done.filter((x) => x.statusCode !== 201)) expect(codeOf(r)).toBe('MEAL_TILL_CLOSED');
    expect(z.totals.meals).toBe(sold.length);
    const subsidy = sold.reduce((t, x) => t + x.subsidyFen, 0);
    expect(z.totals.subsidyFen).toBe(subsidy);
    expect(await receivable(orgA.id)).toBe(before.receivable + subsidy);
  });
});

describe('closing the till', () => {
  it('a stale till from yesterday sells nothing today but can be closed', async () => {
    const yesterday = { ...ctx, clock: fixedClock('2026-06-14T03:00:00Z') };
    const stale = await openTill(yesterday, b.actor, canteenB.id, 'lunch');
    const item = await created(b.client, `/api/meals/canteens/${canteenB.id}/menu`, {
      name: '午餐',
      sitting: 'lunch',
      priceFen: 1200,
    });
    await elder({ age: 70, card: 'C-STALE' });
    const res = await b.client.post(`/api/meals/tills/${stale.id}/sales`, {
      cardNo: 'C-STALE',
      menuItemId: item.id,
    });
    expect([res.statusCode, codeOf(res)]).toEqual([409, 'MEAL_TILL_CLOSED']);
    const z = await b.client.post(`/api/meals/tills/${stale.id}/close`, {});
    expect(z.json()).toMatchObject({ day: '2026-06-14', isOpen: false, totals: { meals: 0 } });
  });

  it('closes with a Z report; a closed till sells nothing and moves nothing; voids then need the district', async () => {
    const detail = (await a.client.get(`/api/meals/tills/${tillA1.id}`)).json();
    const live = detail.sales.filter((s: { voided: boolean }) => !s.voided);
    const sum = (k: string, f = (_: { n: number | null }) => true) =>
      live.filter(f).reduce((t: number, s: Record<string, number>) => t + s[k]!, 0);
    const res = await a.client.post(`/api/meals/tills/${tillA1.id}/close`, {});
    expect(res.statusCode, res.body).toBe(200);
    const z = res.json();
    expect(z.isOpen).toBe(false);
    expect(z.totals).toEqual({
      meals: live.length,
      subsidised: live.filter((s: { n: number | null }) => s.n != null).length,
      fullPrice: live.filter((s: { n: number | null }) => s.n == null).length,
      voided: detail.sales.length - live.length,
      priceFen: sum('priceFen'),
      subsidyFen: sum('subsidyFen'),
      paidFen: sum('paidFen'),
    });
    expect(z.totals.subsidyFen).toBeGreaterThan(0);
    // Every subsidised fen of the till is in the ledger, from the fund to the operator.
    let ledgerSum = 0;
    for (const s of live.filter((x: { transferId: string | null }) => x.transferId))
      ledgerSum += (await transfersByRef(ctx.db, 'meal_sale', s.id)).reduce((t, x) => t + x.amount, 0);
    expect(ledgerSum).toBe(z.totals.subsidyFen);

    await elder({ age: 70, card: 'C-CLOSED' });
    const before = await snapshot(orgA.id);
    const sell = await a.client.post(`/api/meals/tills/${tillA1.id}/sales`, {
      cardNo: 'C-CLOSED',
      menuItemId: lunch.id,
    });
    expect([sell.statusCode, codeOf(sell)]).toEqual([409, 'MEAL_TILL_CLOSED']);
    expect(sell.json().error.message).toBe('收银台未开台或已结班，不能售餐');
    expect(codeOf(await a.client.post(`/api/meals/tills/${tillA1.id}/preview`, { cardNo: 'C-CLOSED' }))).toBe(
      'MEAL_TILL_CLOSED',
    );
    expect(codeOf(await a.client.post(`/api/meals/tills/${tillA1.id}/close`, {}))).toBe('MEAL_TILL_CLOSED');
    expect(await snapshot(orgA.id)).toEqual(before);

    const target = live.find((s: { transferId: string | null }) => s.transferId);
    const cashierVoid = await a.client.post(`/api/meals/sales/${target.id}/void`, { reason: '退餐' });
    expect([cashierVoid.statusCode, codeOf(cashierVoid)]).toEqual([409, 'MEAL_VOID_AFTER_CLOSE']);
    expect(await snapshot(orgA.id)).toEqual(before);
    const districtVoid = await admin.post(`/api/meals/sales/${target.id}/void`, { reason: '老人投诉退餐' });
    expect(districtVoid.statusCode, districtVoid.body).toBe(200);
    expect(await receivable(orgA.id)).toBe(before.receivable - target.subsidyFen);

    // A new till for the dinner sitting the same day.
    const dinner = await a.client.post(`/api/meals/canteens/${canteenA1.id}/tills`, { sitting: 'dinner' });
    expect(dinner.statusCode).toBe(201);
    await a.client.post(`/api/meals/tills/${dinner.json().id}/close`, {});
  });
});

describe('reads', () => {
  it('lists the day’s sales and sums them per canteen, within the cashier’s organisation', async () => {
    const mine = (await a.client.get('/api/meals/sales?pageSize=200')).json();
    expect(mine.total).toBeGreaterThan(5);
    for (const s of mine.items) expect([canteenA1.id, canteenA2.id]).toContain(s.servicePointId);
    expect(mine.items.every((s: { voided: boolean; elderName: string }) => !s.voided && s.elderName)).toBe(
      true,
    );
    const withVoided = (await a.client.get('/api/meals/sales?pageSize=200&includeVoided=true')).json();
    expect(withVoided.total).toBeGreaterThan(mine.total);
    expect(
      (await b.client.get('/api/meals/sales?pageSize=200'))
        .json()
        .items.every((s: { orgId: string }) => s.orgId === orgB.id),
    ).toBe(true);
    const summary = (await a.client.get(`/api/meals/summary?day=${TODAY}`)).json();
    expect(summary.items.map((r: { servicePointId: string }) => r.servicePointId).sort()).toEqual(
      [...new Set(mine.items.map((s: { servicePointId: string }) => s.servicePointId))].sort(),
    );
    expect(summary.totals.meals).toBe(mine.total);
    expect(
      summary.items.find((r: { servicePointId: string }) => r.servicePointId === canteenA1.id)
        .servicePointName,
    ).toBe('涌金门老年食堂');
    const district = (await admin.get(`/api/meals/summary?day=${TODAY}`)).json();
    expect(district.totals.subsidyFen).toBe(-(await fundBalance()));
    expect((await admin.get('/api/meals/summary?day=2026-06-10')).json().items).toEqual([]);
  });

  it('roles without meal permissions are refused', async () => {
    const worker = await cashier(
      'meal_worker',
      [],
      [{ role: 'community_worker', areaCode: COMMUNITY_HUBIN }],
    );
    for (const url of ['/api/meals/canteens', '/api/meals/sales', '/api/meals/summary', '/api/meals/rules'])
      expect((await worker.client.get(url)).statusCode, url).toBe(403);
  });
});
