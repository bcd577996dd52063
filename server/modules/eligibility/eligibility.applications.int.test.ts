import { and, count, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/rows.ts';
import type { App } from '../../platform/http/types.ts';
import {
  buildPersonBody,
  COMMUNITY_HUBIN,
  COMMUNITY_QINGBO,
  DISTRICT,
  STREET_HUBIN,
} from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { type Client, createTestApp, nextRemoteAddress, signIn } from '../../testing/http.ts';
import { isEnrolled } from '../care-credits/index.ts';
import { checkLedger, findAccount } from '../ledger/index.ts';
import { applications, programmeEnrolments, worklistItems } from './eligibility.schema.ts';

/**
 * Applications and approval within delegated limits (R29): a walk-in, an outreach item or an
 * alert becomes an application; the street approves 低保/低边/特困 and one-off aid up to 3,000
 * yuan (the limit included), the district the rest; approval enrols and moves the money.
 * Today is 2026-06-15 (Asia/Shanghai).
 */

const clock = fixedClock('2026-06-15T02:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let admin: Client;
let street: Client;
let worker: Client;
let provider: Client;

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  app = await createTestApp(ctx);
  const sign = (role: Parameters<typeof signIn>[2][number]['role'], areaCode: string, name: string) =>
    signIn(app, ctx, [{ role, areaCode }], name, { remoteAddress: nextRemoteAddress() });
  admin = await sign('district_admin', DISTRICT, 'app_admin');
  street = await sign('street_staff', STREET_HUBIN, 'app_street');
  worker = await sign('community_worker', COMMUNITY_HUBIN, 'app_worker');
  provider = await sign('service_provider', COMMUNITY_HUBIN, 'app_provider');
});
afterAll(async () => {
  await app?.close();
  await close?.();
});

type Res = LightMyRequestResponse;
const code = (res: Res) => res.json().error?.code;

async function person(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await admin.post('/api/persons', buildPersonBody({ age: 70, ...extra }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function fact(
  personId: string,
  kind: string,
  value: Record<string, unknown>,
  validFrom = '2026-01-01',
) {
  const body = {
    kind,
    value,
    validFrom,
    source: '入户核查',
    ...(kind === 'medical_expense' ? { validTo: validFrom } : {}),
  };
  const res = await admin.post(`/api/persons/${personId}/facts`, body);
  expect(res.statusCode, res.body).toBe(201);
}

/** 50 years old, 20,000 yuan of medical costs this month, 1,000 yuan a month of income: the rule gives 10,000 yuan once. */
async function tempAidPerson(): Promise<string> {
  const id = await person({ age: 50 });
  await fact(id, 'income', { monthlyFen: 100_000 });
  await fact(id, 'medical_expense', { amountFen: 2_000_000 }, '2026-06-01');
  return id;
}

const apply = (client: Client, body: Record<string, unknown>) => client.post('/api/applications', body);
const decide = (client: Client, id: string, body: Record<string, unknown>) =>
  client.post(`/api/applications/${id}/decision`, body);

async function submitted(client: Client, body: Record<string, unknown>) {
  const res = await apply(client, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().application as Record<string, unknown> & { id: string };
}

async function auditCount(entityId?: string): Promise<number> {
  const [r] = await ctx.db
    .select({ n: count() })
    .from(auditLog)
    .where(entityId ? eq(auditLog.entityId, entityId) : undefined);
  return Number(r?.n ?? 0);
}
async function enrolmentsOf(personId: string) {
  return ctx.db.select().from(programmeEnrolments).where(eq(programmeEnrolments.personId, personId));
}
async function transfersOf(applicationId: string) {
  return queryRows<{ id: string; amount: string }>(
    ctx.db,
    sql`select id, amount from ledger_transfers where ref_type = 'application' and ref_id = ${applicationId}`,
  );
}
async function benefitBalance(personId: string): Promise<number | undefined> {
  return (await findAccount(ctx.db, { ownerType: 'person', ownerId: personId, unit: 'fen', kind: 'benefit' }))
    ?.balance;
}
async function itemOf(personId: string, programmeCode: string, kind = 'outreach') {
  const [row] = await ctx.db
    .select()
    .from(worklistItems)
    .where(
      and(
        eq(worklistItems.personId, personId),
        eq(worklistItems.programmeCode, programmeCode),
        eq(worklistItems.kind, kind),
      ),
    );
  return row;
}

/** The request is refused with this status and code, and nothing at all was written. */
async function refused(p: Promise<Res>, status: number, errorCode: string) {
  const before = await auditCount();
  const [apps] = await ctx.db.select({ n: count() }).from(applications);
  const [enrolments] = await ctx.db.select({ n: count() }).from(programmeEnrolments);
  const res = await p;
  expect(res.statusCode, res.body).toBe(status);
  expect(code(res)).toBe(errorCode);
  expect(await auditCount()).toBe(before);
  expect((await ctx.db.select({ n: count() }).from(applications))[0]?.n).toBe(apps?.n);
  expect((await ctx.db.select({ n: count() }).from(programmeEnrolments))[0]?.n).toBe(enrolments?.n);
  return res.json().error as { code: string; message: string; params?: Record<string, unknown> };
}

describe('a walk-in application for 高龄津贴', () => {
  it('is submitted by the community, approved by the street and enrols the resident', async () => {
    const pid = await person({ age: 85 });
    const a = await submitted(worker, { personId: pid, programmeCode: 'longevity', note: '本人到社区申请' });
    expect(a).toMatchObject({
      status: 'submitted',
      source: 'walk_in',
      approverLevel: 'street',
      ruleAmount: 5000,
      amount: 5000,
      period: 'month',
      canDecide: false,
      createdBy: 'app_worker',
      areaCode: COMMUNITY_HUBIN,
    });
    const streetView = await street.get(`/api/applications/${a.id}`);
    expect(streetView.json().application.canDecide).toBe(true);
    expect(streetView.json().explanation.verdict).toBe('entitled');
    expect(streetView.json().explanation.summary).toContain('符合条件');
    const en = await street.request('GET', `/api/applications/${a.id}`, undefined, {
      'accept-language': 'en',
    });
    expect(en.json().explanation.summary).toContain('is entitled');
    expect(en.json().application.programmeName).toBe('Old-age allowance');

    const res = await decide(street, a.id, { decision: 'approve', note: '材料齐全，同意' });
    expect(res.statusCode, res.body).toBe(200);
    const done = res.json().application;
    expect(done).toMatchObject({
      status: 'enrolled',
      decidedBy: 'app_street',
      decisionNote: '材料齐全，同意',
    });
    expect(done.canDecide).toBe(false);
    const [e] = await enrolmentsOf(pid);
    expect(e).toMatchObject({
      id: done.enrolmentId,
      programmeCode: 'longevity',
      validFrom: '2026-06-15',
      validTo: null,
      amount: 5000,
      source: `application:${a.id}`,
    });
    const actions = await ctx.db
      .select({ action: auditLog.action, actor: auditLog.actorName })
      .from(auditLog)
      .where(eq(auditLog.entityId, a.id));
    expect(actions.map((x) => x.action).sort()).toEqual(['application.approve', 'application.submit']);
    // A monthly benefit moves no money at approval.
    expect(await transfersOf(a.id)).toEqual([]);
    // The outreach item screening raised for the resident is answered by the enrolment.
    expect((await itemOf(pid, 'longevity'))?.status).toBe('resolved');

    const listed = await street.get('/api/applications?status=enrolled&programme=longevity');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((x: { id: string }) => x.id)).toContain(a.id);
    const again = await refused(
      apply(worker, { personId: pid, programmeCode: 'longevity' }),
      409,
      'APPLICATION_ALREADY_ENROLLED',
    );
    expect(again.message).toBe('该居民已在享受高龄津贴（自 2026-06-15 起）');
  });
});

describe('temporary aid within the street limit (R29: 3000元以下)', () => {
  const cases = [
    { amount: 299_999, level: 'street' },
    { amount: 300_000, level: 'street' },
    { amount: 300_001, level: 'district' },
  ] as const;

  it('the street approves 2,999.99 and 3,000.00 yuan and the money reaches the resident', async () => {
    for (const c of cases.slice(0, 2)) {
      const pid = await tempAidPerson();
      const a = await submitted(worker, { personId: pid, programmeCode: 'temporary_aid', amount: c.amount });
      expect(a).toMatchObject({
        approverLevel: c.level,
        ruleAmount: 1_000_000,
        amount: c.amount,
        period: 'once',
      });
      const res = await decide(street, a.id, { decision: 'approve', note: '同意救助' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().application.status).toBe('enrolled');
      const [t] = await transfersOf(a.id);
      expect(Number(t?.amount)).toBe(c.amount);
      expect(await benefitBalance(pid)).toBe(c.amount);
      const [e] = await enrolmentsOf(pid);
      // Received for a year: screening does not offer it again, a second application is refused.
      expect(e).toMatchObject({ validFrom: '2026-06-15', validTo: '2027-06-14', amount: c.amount });
    }
    expect((await checkLedger(ctx.db)).ok).toBe(true);
  });

  it('3,000.01 yuan is above the street: refused to the street with nothing changed, approved by the district', async () => {
    const pid = await tempAidPerson();
    const a = await submitted(worker, { personId: pid, programmeCode: 'temporary_aid', amount: 300_001 });
    expect(a.approverLevel).toBe('district');
    expect((await street.get(`/api/applications/${a.id}`)).json().application.canDecide).toBe(false);
    const err = await refused(
      decide(street, a.id, { decision: 'approve', note: '同意' }),
      403,
      'APPLICATION_ABOVE_LIMIT',
    );
    expect(err.message).toBe('金额 3,000.01 元超出街道审批权限（3,000.00 元以下），须报区民政局审批');
    expect(err.params).toEqual({ amount: '3,000.01', limit: '3,000.00' });
    const en = await street.request(
      'POST',
      `/api/applications/${a.id}/decision`,
      { decision: 'reject', note: '不同意' },
      { 'accept-language': 'en' },
    );
    expect(en.statusCode).toBe(403);
    expect(en.json().error.message).toContain(
      '¥3,000.01 is above the street’s approval limit (¥3,000.00 or less)',
    );
    // Nothing changed: still submitted, no enrolment, no transfer, no account.
    const still = (await admin.get(`/api/applications/${a.id}`)).json().application;
    expect(still).toMatchObject({ status: 'submitted', decidedBy: null, enrolmentId: null, canDecide: true });
    expect(await enrolmentsOf(pid)).toEqual([]);
    expect(await transfersOf(a.id)).toEqual([]);
    expect(await benefitBalance(pid)).toBeUndefined();

    const res = await decide(admin, a.id, { decision: 'approve', note: '区民政局审批同意' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().application).toMatchObject({ status: 'enrolled', decidedBy: 'app_admin' });
    expect(await benefitBalance(pid)).toBe(300_001);
    const fund = await findAccount(ctx.db, {
      ownerType: 'programme',
      ownerId: 'temporary_aid',
      unit: 'fen',
      kind: 'fund',
    });
    expect(fund?.balance).toBe(-(299_999 + 300_000 + 300_001));
    expect((await checkLedger(ctx.db)).ok).toBe(true);
  });

  it('the district may lower the amount, never raise it; a lowered approval pays what was approved', async () => {
    const pid = await tempAidPerson();
    const a = await submitted(worker, { personId: pid, programmeCode: 'temporary_aid' });
    expect(a).toMatchObject({ amount: 1_000_000, approverLevel: 'district' });
    const up = await refused(
      decide(admin, a.id, { decision: 'approve', amount: 1_000_001, note: '同意' }),
      400,
      'APPLICATION_AMOUNT_ABOVE_RULE',
    );
    expect(up.message).toBe('批准金额 10,000.01 元高于规则给出的 10,000.00 元');
    const res = await decide(admin, a.id, { decision: 'approve', amount: 800_000, note: '核减后同意' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().application.amount).toBe(800_000);
    expect(await benefitBalance(pid)).toBe(800_000);
  });

  it('an amount asked above the rule is refused at submission', async () => {
    const pid = await tempAidPerson();
    const err = await refused(
      apply(worker, { personId: pid, programmeCode: 'temporary_aid', amount: 1_000_001 }),
      400,
      'APPLICATION_AMOUNT_ABOVE_RULE',
    );
    expect(err.params).toEqual({ amount: '10,000.01', ruleAmount: '10,000.00' });
  });
});

describe('programmes the district approves', () => {
  it('home modification is refused to the street with APPLICATION_DISTRICT_ONLY, approved by the district', async () => {
    const pid = await person({ age: 70 });
    await fact(pid, 'ability_grade', { grade: 'moderate' });
    const a = await submitted(street, { personId: pid, programmeCode: 'home_modification' });
    expect(a).toMatchObject({ approverLevel: 'district', amount: 1_000_000, period: 'once' });
    const err = await refused(
      decide(street, a.id, { decision: 'approve', note: '同意' }),
      403,
      'APPLICATION_DISTRICT_ONLY',
    );
    expect(err.message).toBe('适老化改造须由区级审批');
    await refused(
      decide(street, a.id, { decision: 'reject', note: '不同意' }),
      403,
      'APPLICATION_DISTRICT_ONLY',
    );
    expect(await benefitBalance(pid)).toBeUndefined();
    const res = await decide(admin, a.id, { decision: 'approve', note: '同意改造' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await benefitBalance(pid)).toBe(1_000_000);
  });
});

describe('refusals', () => {
  it('not entitled: the rule’s own explanation', async () => {
    const pid = await person({ age: 50 });
    const err = await refused(
      apply(worker, { personId: pid, programmeCode: 'longevity' }),
      409,
      'APPLICATION_NOT_ENTITLED',
    );
    expect(err.message).toContain('按现行规则该居民不符合高龄津贴：');
    expect(err.message).toContain('不符合条件');
  });

  it('unknown facts: names what to record first', async () => {
    const pid = await person({ age: 70 });
    const err = await refused(
      apply(worker, { personId: pid, programmeCode: 'chongyang' }),
      409,
      'APPLICATION_UNKNOWN_FACTS',
    );
    expect(err.message).toBe('无法判断资格，请先补录：月退休金、能力等级、居住状况');
    const en = await worker.request(
      'POST',
      '/api/applications',
      { personId: pid, programmeCode: 'chongyang' },
      { 'accept-language': 'en' },
    );
    expect(en.json().error.message).toBe(
      'Entitlement cannot be decided; record first: monthly pension, ability grade, living arrangement',
    );
  });

  it('a second application while one awaits a decision', async () => {
    const pid = await person({ age: 86 });
    await submitted(worker, { personId: pid, programmeCode: 'longevity' });
    const err = await refused(
      apply(street, { personId: pid, programmeCode: 'longevity' }),
      409,
      'APPLICATION_OPEN',
    );
    expect(err.message).toBe('高龄津贴已有一份待审批的申请（2026-06-15 提交）');
  });

  it('a decided application cannot be decided again; a rejection keeps its note', async () => {
    const pid = await person({ age: 87 });
    const a = await submitted(worker, { personId: pid, programmeCode: 'longevity' });
    const no = await decide(street, a.id, { decision: 'reject', note: '户籍材料不全' });
    expect(no.statusCode, no.body).toBe(200);
    expect(no.json().application).toMatchObject({ status: 'rejected', decisionNote: '户籍材料不全' });
    expect(await enrolmentsOf(pid)).toEqual([]);
    const err = await refused(
      decide(street, a.id, { decision: 'approve', note: '同意' }),
      409,
      'APPLICATION_DECIDED',
    );
    expect(err.message).toBe('该申请已驳回，不能再次审批');
    // Rejected, the resident may apply again.
    const b = await submitted(worker, { personId: pid, programmeCode: 'longevity' });
    expect((await decide(street, b.id, { decision: 'approve', note: '补齐材料后同意' })).statusCode).toBe(
      200,
    );
    const twice = await refused(
      decide(admin, b.id, { decision: 'reject', note: '撤销' }),
      409,
      'APPLICATION_DECIDED',
    );
    expect(twice.message).toBe('该申请已批准并纳入，不能再次审批');
  });

  it('facts that changed before the decision: refused as at submission, nothing written', async () => {
    const pid = await tempAidPerson();
    const a = await submitted(worker, { personId: pid, programmeCode: 'temporary_aid', amount: 200_000 });
    // A pension of 5,000 yuan a month is found: 6,000 yuan a head is above twice the 低保 standard.
    await fact(pid, 'pension', { monthlyFen: 500_000 }, '2026-06-10');
    await refused(
      decide(street, a.id, { decision: 'approve', note: '同意' }),
      409,
      'APPLICATION_NOT_ENTITLED',
    );
    expect((await street.get(`/api/applications/${a.id}`)).json().application.status).toBe('submitted');
    expect(await transfersOf(a.id)).toEqual([]);
  });

  it('who may apply and decide', async () => {
    const far = await person({ age: 85, areaCode: COMMUNITY_QINGBO });
    await refused(apply(worker, { personId: far, programmeCode: 'longevity' }), 404, 'PERSON_NOT_FOUND');
    await refused(apply(street, { personId: far, programmeCode: 'longevity' }), 404, 'PERSON_NOT_FOUND');
    const near = await person({ age: 85 });
    await refused(apply(provider, { personId: near, programmeCode: 'longevity' }), 403, 'FORBIDDEN');
    await refused(
      apply(worker, { personId: near, programmeCode: 'alert_hospital' }),
      404,
      'PROGRAMME_NOT_FOUND',
    );
    const a = await submitted(worker, { personId: near, programmeCode: 'longevity' });
    await refused(decide(worker, a.id, { decision: 'approve', note: '同意' }), 403, 'FORBIDDEN');
    const farApp = await submitted(admin, { personId: far, programmeCode: 'longevity' });
    await refused(
      decide(street, farApp.id, { decision: 'approve', note: '同意' }),
      404,
      'APPLICATION_NOT_FOUND',
    );
    expect((await street.get(`/api/applications/${farApp.id}`)).statusCode).toBe(404);
    const list = (await worker.get('/api/applications?status=all&pageSize=200')).json();
    expect(list.items.every((x: { areaCode: string }) => x.areaCode === COMMUNITY_HUBIN)).toBe(true);
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(farApp.id);
  });
});

describe('from the worklist', () => {
  it('an outreach item becomes an application and is closed by its approval', async () => {
    const pid = await person({ age: 85 });
    const item = await itemOf(pid, 'longevity');
    expect(item?.status).toBe('open');
    const a = await submitted(worker, {
      personId: pid,
      programmeCode: 'longevity',
      worklistItemId: item!.id,
    });
    expect(a).toMatchObject({ source: 'outreach', worklistItemId: item!.id });
    expect((await itemOf(pid, 'longevity'))?.status).toBe('in_progress');
    const res = await decide(street, a.id, { decision: 'approve', note: '同意' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await itemOf(pid, 'longevity')).toMatchObject({ status: 'done', result: '已申请并获批' });
  });

  it('an alert leads to temporary aid; a rejection closes the alert with its reason', async () => {
    const pid = await tempAidPerson();
    const alert = await itemOf(pid, 'alert_medical', 'alert');
    expect(alert?.status).toBe('open');
    const a = await submitted(worker, {
      personId: pid,
      programmeCode: 'temporary_aid',
      worklistItemId: alert!.id,
      amount: 150_000,
    });
    expect(a).toMatchObject({ source: 'alert', approverLevel: 'street' });
    const res = await decide(street, a.id, { decision: 'reject', note: '已获医疗救助全额报销' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await itemOf(pid, 'alert_medical', 'alert')).toMatchObject({
      status: 'done',
      result: '申请未获批准：已获医疗救助全额报销',
    });
  });

  it('another resident’s item is not this application’s', async () => {
    const one = await person({ age: 85 });
    const other = await person({ age: 85 });
    const item = await itemOf(other, 'longevity');
    await refused(
      apply(worker, { personId: one, programmeCode: 'longevity', worklistItemId: item!.id }),
      404,
      'WORKLIST_ITEM_NOT_FOUND',
    );
    expect((await itemOf(other, 'longevity'))?.status).toBe('open');
  });
});

describe('重阳分', () => {
  async function chongyangPerson(): Promise<string> {
    const pid = await person({ age: 75 });
    await fact(pid, 'pension', { monthlyFen: 200_000 });
    await fact(pid, 'ability_grade', { grade: 'mild' });
    await fact(pid, 'living_arrangement', { arrangement: 'alone' });
    return pid;
  }

  it('an approval puts the elder on the 重阳分 list that feeds the monthly grant', async () => {
    const pid = await chongyangPerson();
    expect(await isEnrolled(ctx.db, pid, '2026-06')).toBe(false);
    const a = await submitted(worker, { personId: pid, programmeCode: 'chongyang' });
    expect(a).toMatchObject({ approverLevel: 'street', amount: 10_000, period: 'month' });
    const res = await decide(street, a.id, { decision: 'approve', note: '同意' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await isEnrolled(ctx.db, pid, '2026-06')).toBe(true);
    expect(await isEnrolled(ctx.db, pid, '2026-05')).toBe(false);
    const [e] = await enrolmentsOf(pid);
    expect(e).toMatchObject({ programmeCode: 'chongyang', amount: 10_000 });
    const [r] = await ctx.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'care_credit.enrol'), eq(auditLog.entityId, pid)));
    expect(r?.n).toBe(1);
  });

  it('an elder already on the list by hand cannot apply again', async () => {
    const pid = await chongyangPerson();
    const res = await street.post('/api/care-credits/enrolments', { personId: pid, fromMonth: '2026-03' });
    expect(res.statusCode, res.body).toBe(201);
    const err = await refused(
      apply(worker, { personId: pid, programmeCode: 'chongyang' }),
      409,
      'APPLICATION_ALREADY_ENROLLED',
    );
    expect(err.message).toBe('该居民已在享受重阳分（自 2026-03 起）');
  });
});
