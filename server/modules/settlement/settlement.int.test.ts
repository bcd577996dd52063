import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryOne, queryRows } from '../../platform/db/rows.ts';
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
import { createTestContext } from '../../testing/context.ts';
import { signInDesks } from '../../testing/desks.ts';
import { type Client, createTestApp, signInAs } from '../../testing/http.ts';
import { findUserByUsername } from '../identity/index.ts';
import {
  type Account,
  checkLedger,
  findAccount,
  getAccount,
  holdTransfer,
  openAccount,
  postHold,
  postTransfer,
  reverseTransfer,
  transfersByRef,
  voidHold,
} from '../ledger/index.ts';
import { addOrgMembers } from '../orgs/index.ts';
import { maskName } from './settlement.rules.ts';
import { generateStatements, listStatements } from './settlement.service.ts';

// The app lives on 5 December 2026: November has ended, December has not.
const clock = fixedClock('2026-12-05T02:00:00Z');
const at = (iso: string) => fixedClock(iso);

let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let admin: Client;
let street: Client;
let worker: Client;
let providerA: Client;
let providerB: Client;
let chongyang: Account;
let mealFund: Account;

interface Org {
  id: string;
  areaCode: string;
  name: string;
}
interface Person {
  id: string;
  name: string;
  areaCode: string;
  wallet: Account;
}

async function newOrg(areaCode: string, name: string): Promise<Org> {
  const res = await admin.post('/api/orgs', buildOrgBody({ areaCode, name }));
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, areaCode, name };
}

async function newElder(areaCode = COMMUNITY_HUBIN): Promise<Person> {
  const res = await admin.post('/api/persons', buildPersonBody({ areaCode, age: 82 }));
  expect(res.statusCode, res.body).toBe(201);
  const p = res.json();
  const wallet = await openAccount(ctx.db, clock, {
    ownerType: 'person',
    ownerId: p.id,
    unit: 'fen',
    kind: 'elder_care',
    areaCode,
  });
  await postTransfer(ctx.db, at('2026-10-01T01:00:00Z'), {
    key: `chongyang.grant:2026-10:${p.id}`,
    debitAccountId: chongyang.id,
    creditAccountId: wallet.id,
    amount: 100_000,
    unit: 'fen',
    code: 'chongyang.grant',
  });
  return { id: p.id, name: p.name, areaCode, wallet };
}

const receivable = (org: Org) =>
  openAccount(ctx.db, clock, {
    ownerType: 'org',
    ownerId: org.id,
    unit: 'fen',
    kind: 'receivable',
    areaCode: org.areaCode,
  });

let orderSeq = 0;
/** An order as the orders module keeps it: held at acceptance, captured at confirmation. */
async function order(o: {
  org: Org;
  elder: Person;
  amount: number;
  copay: number;
  service?: string;
  holdAt: string;
  captureAt?: string;
  scheduledFor?: string;
}) {
  const id = newId();
  const orderNo = `HS2026${String(++orderSeq).padStart(6, '0')}`;
  await ctx.db.execute(sql`INSERT INTO home_service_orders (id, order_no, person_id, area_code, org_id,
      service_code, channel, status, scheduled_for, unit_price_fen, quantity, amount_fen, credits_fen,
      copay_fen, created_at, updated_at)
    VALUES (${id}, ${orderNo}, ${o.elder.id}, ${o.elder.areaCode}, ${o.org.id}, ${o.service ?? 'cleaning'},
      'phone', ${o.captureAt ? 'confirmed' : 'accepted'}, ${o.scheduledFor ?? o.holdAt}, ${o.amount + o.copay}, 1,
      ${o.amount + o.copay}, ${o.amount}, ${o.copay}, ${o.holdAt}, ${o.holdAt})`);
  const recv = await receivable(o.org);
  const hold = await holdTransfer(ctx.db, at(o.holdAt), {
    key: `order.hold:${id}`,
    debitAccountId: o.elder.wallet.id,
    creditAccountId: recv.id,
    amount: o.amount,
    unit: 'fen',
    code: 'order.payment',
    refType: 'service_order',
    refId: id,
    expiresAt: null,
  });
  const capture = o.captureAt
    ? await postHold(ctx.db, at(o.captureAt), { key: `order.capture:${id}`, pendingId: hold.transfer.id })
    : null;
  return { id, orderNo, holdId: hold.transfer.id, captureId: capture?.transfer.id ?? null };
}

const refund = (orderId: string, captureId: string, when: string) =>
  reverseTransfer(ctx.db, at(when), {
    key: `order.refund:${orderId}`,
    transferId: captureId,
    code: 'order.refund',
  });

/** A subsidised meal as the till records it: the sale row and the subsidy to the canteen. */
async function meal(m: {
  org: Org;
  elder: Person;
  subsidy: number;
  paid: number;
  at: string;
  item?: string;
}) {
  const id = newId();
  await ctx.db.execute(sql`INSERT INTO meal_sales (id, till_id, service_point_id, org_id, person_id, area_code,
      day, sitting, n, item_name, price_fen, subsidy_fen, paid_fen, age_on_day, at)
    VALUES (${id}, ${newId()}, ${newId()}, ${m.org.id}, ${m.elder.id}, ${m.elder.areaCode},
      ${new Date(new Date(m.at).getTime() + 8 * 3600_000).toISOString().slice(0, 10)}, 'lunch', 1,
      ${m.item ?? '红烧肉套餐'}, ${m.subsidy + m.paid}, ${m.subsidy}, ${m.paid}, 82, ${m.at})`);
  const recv = await receivable(m.org);
  const t = await postTransfer(ctx.db, at(m.at), {
    key: `meal.subsidy:${id}`,
    debitAccountId: mealFund.id,
    creditAccountId: recv.id,
    amount: m.subsidy,
    unit: 'fen',
    code: 'meal.subsidy',
    refType: 'meal_sale',
    refId: id,
  });
  return { id, transferId: t.transfer.id };
}

async function statementOf(org: Org, month: string) {
  const res = await admin.get(`/api/settlement/statements?org=${org.id}&month=${month}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0] as Record<string, unknown> & { id: string; version: number; totalFen: number };
}

async function detail(client: Client, id: string, query = '') {
  return client.get(`/api/settlement/statements/${id}${query}`);
}

const auditCount = async (entityId: string, action?: string) =>
  Number(
    (
      await queryOne<{ n: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${entityId}
          ${action ? sql`AND action = ${action}` : sql``}`,
      )
    )?.n ?? 0,
  );

async function readXlsx(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as never);
  return wb;
}
function rowWith(ws: ExcelJS.Worksheet, first: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (row.getCell(1).value === first) found = row;
  });
  if (!found) throw new Error(`no row starting with ${first}`);
  return found;
}

let orgA: Org; // 涌金门 canteen and home-service provider
let orgB: Org; // another street
let elder1: Person;
let elder2: Person;
const nov: Record<string, { id: string; captureId?: string | null; transferId?: string; orderNo?: string }> =
  {};

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  app = await createTestApp(ctx);
  ({ admin, street, worker } = await signInDesks(app, ctx, 'st'));
  providerA = await signInAs(app, ctx, 'service_provider', COMMUNITY_HUBIN, 'st_prov_a');
  providerB = await signInAs(app, ctx, 'service_provider', COMMUNITY_HUBIN, 'st_prov_b');
  chongyang = await openAccount(ctx.db, clock, {
    ownerType: 'programme',
    ownerId: 'chongyang',
    unit: 'fen',
    kind: 'fund',
    areaCode: DISTRICT,
    allowNegative: true,
  });
  mealFund = await openAccount(ctx.db, clock, {
    ownerType: 'programme',
    ownerId: 'meal_subsidy',
    unit: 'fen',
    kind: 'fund',
    areaCode: DISTRICT,
    allowNegative: true,
  });
  orgA = await newOrg(COMMUNITY_HUBIN, '涌金门居家养老服务中心');
  orgB = await newOrg(COMMUNITY_QINGBO, '清河坊助餐服务社');
  const userA = await findUserByUsername(ctx.db, 'st_prov_a');
  const userB = await findUserByUsername(ctx.db, 'st_prov_b');
  await addOrgMembers(ctx.db, [
    { userId: userA!.id, orgId: orgA.id },
    { userId: userB!.id, orgId: orgB.id },
  ]);
  elder1 = await newElder();
  elder2 = await newElder(COMMUNITY_HUBIN_2);

  // October, for orgA: captured in October — not November's.
  nov.octOrder = await order({
    org: orgA,
    elder: elder1,
    amount: 1000,
    copay: 0,
    holdAt: '2026-10-10T02:00:00Z',
    captureAt: '2026-10-12T02:00:00Z',
  });
  // Held on 31 October (Hangzhou), captured on 3 November: the capture is November's.
  nov.o1 = await order({
    org: orgA,
    elder: elder1,
    amount: 3000,
    copay: 500,
    holdAt: '2026-10-31T15:00:00Z',
    captureAt: '2026-11-03T02:00:00Z',
    scheduledFor: '2026-11-02T17:30:00Z',
  });
  nov.o2 = await order({
    org: orgA,
    elder: elder2,
    amount: 4550,
    copay: 1,
    service: 'bathing',
    holdAt: '2026-11-05T02:00:00Z',
    captureAt: '2026-11-06T02:00:00Z',
  });
  // Refunded within November: a negative line.
  nov.o3 = await order({
    org: orgA,
    elder: elder2,
    amount: 2000,
    copay: 0,
    holdAt: '2026-11-07T02:00:00Z',
    captureAt: '2026-11-08T02:00:00Z',
  });
  await refund(nov.o3.id, nov.o3.captureId!, '2026-11-20T02:00:00Z');
  // Still held (not captured), and a hold released: neither moves value.
  nov.held = await order({ org: orgA, elder: elder1, amount: 700, copay: 0, holdAt: '2026-11-25T02:00:00Z' });
  const released = await order({
    org: orgA,
    elder: elder1,
    amount: 800,
    copay: 0,
    holdAt: '2026-11-26T02:00:00Z',
  });
  await voidHold(ctx.db, at('2026-11-26T03:00:00Z'), {
    key: `order.release:${released.id}`,
    pendingId: released.holdId,
  });
  // Meals: two in November (the last at 23:59:59 Hangzhou on 30 November), one in December.
  nov.m1 = await meal({ org: orgA, elder: elder1, subsidy: 360, paid: 840, at: '2026-11-04T04:00:00Z' });
  nov.m2 = await meal({ org: orgA, elder: elder2, subsidy: 360, paid: 840, at: '2026-11-30T15:59:59Z' });
  nov.decMeal = await meal({ org: orgA, elder: elder2, subsidy: 360, paid: 840, at: '2026-11-30T16:00:00Z' });
  // orgB: one meal in November.
  nov.b1 = await meal({ org: orgB, elder: elder1, subsidy: 500, paid: 500, at: '2026-11-10T04:00:00Z' });
});
afterAll(async () => {
  await app?.close();
  await close?.();
});
afterEach(async () => {
  expect((await checkLedger(ctx.db)).violations).toEqual([]);
});

describe('drawing up November', () => {
  it('refuses a month that has not ended, and a malformed month, writing nothing', async () => {
    const before = await queryOne<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM settlement_statements`,
    );
    const open = await admin.post('/api/settlement/statements/generate', { month: '2026-12' });
    expect(open.statusCode).toBe(409);
    expect(open.json().error).toMatchObject({
      code: 'STATEMENT_MONTH_OPEN',
      message: '2026-12 尚未结束，不能出结算单',
    });
    // A millisecond before midnight in Hangzhou November is still open; at midnight it has ended.
    clock.set('2026-11-30T15:59:59.999Z');
    expect((await admin.post('/api/settlement/statements/generate', { month: '2026-11' })).statusCode).toBe(
      409,
    );
    clock.set('2026-12-05T02:00:00Z');
    const bad = await admin.post('/api/settlement/statements/generate', { month: '2026-13' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0]).toMatchObject({ field: 'month', code: 'STATEMENT_MONTH_INVALID' });
    const after = await queryOne<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM settlement_statements`,
    );
    expect(after?.n).toBe(before?.n);
  });

  it('only district staff draw up statements', async () => {
    for (const c of [street, worker, providerA]) {
      const res = await c.post('/api/settlement/statements/generate', { month: '2026-11' });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });

  it('creates a draft for every provider with movements; lines and totals to the fen', async () => {
    const res = await admin.post('/api/settlement/statements/generate', { month: '2026-11' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ month: '2026-11', created: 2, refreshed: 0, unchanged: 0, frozen: 0 });

    const a = await statementOf(orgA, '2026-11');
    expect(a).toMatchObject({
      orgName: orgA.name,
      areaCode: COMMUNITY_HUBIN,
      areaName: '涌金门社区',
      month: '2026-11',
      status: 'draft',
      // 3000 + 4550 + 2000 − 2000 (refund); 2 orders net; co-payments 500 + 1.
      ordersCount: 2,
      ordersCreditsFen: 7550,
      ordersCopayFen: 501,
      mealsCount: 2,
      mealsSubsidyFen: 720,
      mealsPaidFen: 1680,
      adjustmentsFen: 0,
      totalFen: 8270,
      lineCount: 6,
      version: 2,
    });
    const d = (await detail(admin, a.id)).json();
    const lines = d.lines.items as {
      kind: string;
      amountFen: number;
      copayFen: number;
      description: string;
      transferId: string;
    }[];
    expect(lines.map((l) => [l.kind, l.amountFen])).toEqual([
      ['order', 3000],
      ['meal', 360],
      ['order', 4550],
      ['order', 2000],
      ['reversal', -2000],
      ['meal', 360],
    ]);
    expect(lines.reduce((n, l) => n + l.amountFen, 0)).toBe(a.totalFen);
    expect(lines[0]!.description).toBe(`${nov.o1!.orderNo} 助洁 2026-11-03 ${maskName(elder1.name)}`);
    expect(lines[0]!.copayFen).toBe(500);
    expect(lines[2]!.description).toContain(' 助浴 ');
    expect(lines[4]!.description).toBe(`退款 ${nov.o3!.orderNo} 助洁 2026-11-07 ${maskName(elder2.name)}`);
    expect(lines[1]!.description).toBe(`助餐 2026-11-04 午餐 红烧肉套餐 ${maskName(elder1.name)}`);
    // The full name never leaves on a statement.
    expect(JSON.stringify(d)).not.toContain(elder1.name);
    // The December meal and the October capture are not November's.
    expect(lines.map((l) => l.transferId)).not.toContain(nov.decMeal!.transferId);
    expect(lines.map((l) => l.transferId)).not.toContain(nov.octOrder!.captureId);

    const b = await statementOf(orgB, '2026-11');
    expect(b).toMatchObject({ mealsCount: 1, mealsSubsidyFen: 500, totalFen: 500, lineCount: 1 });
    expect(await auditCount(a.id, 'settlement.statement.create')).toBe(1);
  });

  it('lines are paged', async () => {
    const a = await statementOf(orgA, '2026-11');
    const p2 = (await detail(admin, a.id, '?page=2&pageSize=4')).json();
    expect(p2.lines).toMatchObject({ total: 6, page: 2, pageSize: 4 });
    expect(p2.lines.items.map((l: { amountFen: number }) => l.amountFen)).toEqual([-2000, 360]);
  });

  it('a rerun leaves matching drafts alone and writes nothing', async () => {
    const a = await statementOf(orgA, '2026-11');
    const res = await admin.post('/api/settlement/statements/generate', { month: '2026-11' });
    expect(res.json()).toMatchObject({ created: 0, refreshed: 0, unchanged: 2, frozen: 0 });
    expect((await statementOf(orgA, '2026-11')).version).toBe(a.version);
    expect(await auditCount(a.id)).toBe(1);
  });
});

describe('who reads which statements', () => {
  it('a provider sees its own organisation’s statements only', async () => {
    const a = await statementOf(orgA, '2026-11');
    const b = await statementOf(orgB, '2026-11');
    const list = (await providerA.get('/api/settlement/statements')).json();
    expect(list.items.map((s: { orgId: string }) => s.orgId)).toEqual([orgA.id]);
    expect((await detail(providerA, a.id)).statusCode).toBe(200);
    const other = await detail(providerA, b.id);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('STATEMENT_NOT_FOUND');
    expect((await providerA.get(`/api/settlement/statements/${b.id}/export.xlsx`)).statusCode).toBe(404);
    // orgB's staff, though granted in 涌金门, see orgB's (in 清波) and not orgA's.
    expect((await detail(providerB, b.id)).statusCode).toBe(200);
    expect((await detail(providerB, a.id)).statusCode).toBe(404);
  });

  it('street staff read their street’s providers; a community worker has no settlement.read', async () => {
    const a = await statementOf(orgA, '2026-11');
    const b = await statementOf(orgB, '2026-11');
    const list = (await street.get('/api/settlement/statements?month=2026-11')).json();
    expect(list.items.map((s: { orgId: string }) => s.orgId)).toEqual([orgA.id]);
    expect((await detail(street, a.id)).statusCode).toBe(200);
    expect((await detail(street, b.id)).statusCode).toBe(404);
    expect((await worker.get('/api/settlement/statements')).statusCode).toBe(403);
    // An area filter narrows, never widens.
    const narrowed = (await street.get(`/api/settlement/statements?area=${COMMUNITY_QINGBO}`)).json();
    expect(narrowed.items).toEqual([]);
    const all = (await admin.get(`/api/settlement/statements?month=2026-11&area=${STREET_HUBIN}`)).json();
    expect(all.items.map((s: { orgId: string }) => s.orgId)).toEqual([orgA.id]);
  });
});

describe('approving', () => {
  it('refuses a stale version, then a statement the ledger has moved past; recompute brings it back', async () => {
    const b = await statementOf(orgB, '2026-11');
    const stale = await admin.post(`/api/settlement/statements/${b.id}/approve`, { version: b.version - 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    // A subsidy stamped 29 November commits after the draft was drawn up.
    const late = await meal({
      org: orgB,
      elder: elder2,
      subsidy: 250,
      paid: 750,
      at: '2026-11-29T04:00:00Z',
    });
    const res = await admin.post(`/api/settlement/statements/${b.id}/approve`, { version: b.version });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'STATEMENT_OUT_OF_BALANCE',
      params: { statement: 500, ledger: 750 },
      message: '结算单与账本不一致：结算单 ¥5.00，账本 ¥7.50；请重新计算后再审核',
    });
    expect(await statementOf(orgB, '2026-11')).toMatchObject({ status: 'draft', version: b.version });
    expect(await auditCount(b.id, 'settlement.statement.approve')).toBe(0);

    const re = await admin.post(`/api/settlement/statements/${b.id}/recompute`, {});
    expect(re.statusCode, re.body).toBe(200);
    expect(re.json().statement).toMatchObject({
      totalFen: 750,
      mealsCount: 2,
      lineCount: 2,
      version: b.version + 1,
    });
    expect(re.json().lines.items.map((l: { transferId: string }) => l.transferId)).toContain(late.transferId);
    const ok = await admin.post(`/api/settlement/statements/${b.id}/approve`, { version: b.version + 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().statement).toMatchObject({
      status: 'approved',
      approvedByName: 'st_admin',
      approvedAt: '2026-12-05T02:00:00.000Z',
    });
  });

  it('an approved statement is frozen: no recompute, no second approval, no refresh by generation', async () => {
    const b = await statementOf(orgB, '2026-11');
    const re = await admin.post(`/api/settlement/statements/${b.id}/recompute`, {});
    expect(re.statusCode).toBe(409);
    expect(re.json().error).toMatchObject({
      code: 'STATEMENT_STATE_INVALID',
      params: { status: 'approved' },
    });
    const again = await admin.post(`/api/settlement/statements/${b.id}/approve`, { version: b.version });
    expect(again.json().error.code).toBe('STATEMENT_STATE_INVALID');
    const gen = await admin.post('/api/settlement/statements/generate', { month: '2026-11' });
    expect(gen.json()).toMatchObject({ frozen: 1, unchanged: 1 });
    expect((await statementOf(orgB, '2026-11')).version).toBe(b.version);
  });

  it('street staff and providers cannot approve, recompute or pay', async () => {
    const a = await statementOf(orgA, '2026-11');
    for (const c of [street, providerA])
      for (const path of ['approve', 'recompute', 'pay']) {
        const res = await c.post(`/api/settlement/statements/${a.id}/${path}`, { version: a.version });
        expect(res.statusCode, `${c.username} ${path}`).toBe(403);
      }
    expect((await statementOf(orgA, '2026-11')).status).toBe('draft');
  });
});

describe('paying', () => {
  it('a draft cannot be paid', async () => {
    const a = await statementOf(orgA, '2026-11');
    const res = await admin.post(`/api/settlement/statements/${a.id}/pay`, { version: a.version });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('STATEMENT_STATE_INVALID');
  });

  it('moves the total from the receivable to the district’s payouts, once', async () => {
    const a = await statementOf(orgA, '2026-11');
    const ap = await admin.post(`/api/settlement/statements/${a.id}/approve`, { version: a.version });
    expect(ap.statusCode, ap.body).toBe(200);
    const recv = (await findAccount(ctx.db, {
      ownerType: 'org',
      ownerId: orgA.id,
      unit: 'fen',
      kind: 'receivable',
    }))!;
    const before = await getAccount(ctx.db, recv.id);
    const version = ap.json().statement.version;
    const paid = await admin.post(`/api/settlement/statements/${a.id}/pay`, { version });
    expect(paid.statusCode, paid.body).toBe(200);
    const s = paid.json().statement;
    expect(s).toMatchObject({ status: 'paid', paidAt: '2026-12-05T02:00:00.000Z' });
    expect(s.payoutTransferId).toBeTruthy();
    const after = await getAccount(ctx.db, recv.id);
    expect(after.balance).toBe(before.balance - 8270);
    const payouts = (await findAccount(ctx.db, {
      ownerType: 'district',
      ownerId: '330102',
      unit: 'fen',
      kind: 'payout',
    }))!;
    expect(payouts.balance).toBe(8270);
    const [t] = await transfersByRef(ctx.db, 'settlement_statement', a.id);
    expect(t).toMatchObject({
      id: s.payoutTransferId,
      idempotencyKey: `settlement.payout:${a.id}`,
      code: 'settlement.payout',
      amount: 8270,
      debitAccountId: recv.id,
      creditAccountId: payouts.id,
    });

    // Paying again answers the paid statement; nothing moves.
    const again = await admin.post(`/api/settlement/statements/${a.id}/pay`, { version });
    expect(again.statusCode).toBe(200);
    expect(again.json().statement.payoutTransferId).toBe(s.payoutTransferId);
    expect(await transfersByRef(ctx.db, 'settlement_statement', a.id)).toHaveLength(1);
    expect((await getAccount(ctx.db, recv.id)).balance).toBe(after.balance);
    expect(await auditCount(a.id, 'settlement.statement.pay')).toBe(1);
    // A paid statement stays as it is.
    const re = await admin.post(`/api/settlement/statements/${a.id}/recompute`, {});
    expect(re.json().error.code).toBe('STATEMENT_STATE_INVALID');
  });

  it('the payout is not a line of the month it was made in', async () => {
    // December's statement for orgA holds the December meal, not the 5 December payout.
    // (Through the service: a month on, the HTTP sessions have expired.)
    clock.set('2027-01-02T02:00:00Z');
    try {
      await generateStatements(ctx, SYSTEM_ACTOR, { month: '2026-12', orgId: orgA.id });
      const { items } = await listStatements(ctx, SYSTEM_ACTOR, {
        month: '2026-12',
        org: orgA.id,
        page: 1,
        pageSize: 10,
      });
      expect(items).toEqual([expect.objectContaining({ totalFen: 360, lineCount: 1, mealsCount: 1 })]);
    } finally {
      clock.set('2026-12-05T02:00:00Z');
    }
  });
});

describe('a month of refunds', () => {
  it('is approved negative, cannot be paid, and is offset against the provider’s next payout', async () => {
    const c = await newOrg(COMMUNITY_HUBIN_2, '青年路助老服务站');
    const big = await order({
      org: c,
      elder: elder2,
      amount: 5000,
      copay: 0,
      holdAt: '2026-09-20T02:00:00Z',
      captureAt: '2026-09-21T02:00:00Z',
    });
    const small = await order({
      org: c,
      elder: elder2,
      amount: 2000,
      copay: 0,
      holdAt: '2026-09-22T02:00:00Z',
      captureAt: '2026-09-23T02:00:00Z',
    });
    // September is drawn up and approved, but not paid before the October refund.
    await admin.post('/api/settlement/statements/generate', { month: '2026-09', orgId: c.id });
    const sep = await statementOf(c, '2026-09');
    expect(sep.totalFen).toBe(7000);
    const sepOk = await admin.post(`/api/settlement/statements/${sep.id}/approve`, { version: sep.version });
    expect(sepOk.statusCode).toBe(200);
    await refund(small.id, small.captureId!, '2026-10-05T02:00:00Z');
    expect(big.captureId).toBeTruthy();

    await admin.post('/api/settlement/statements/generate', { month: '2026-10', orgId: c.id });
    const oct = await statementOf(c, '2026-10');
    expect(oct).toMatchObject({ totalFen: -2000, ordersCount: -1, lineCount: 1 });
    const octOk = await admin.post(`/api/settlement/statements/${oct.id}/approve`, { version: oct.version });
    expect(octOk.statusCode, octOk.body).toBe(200);
    const notPayable = await admin.post(`/api/settlement/statements/${oct.id}/pay`, {
      version: octOk.json().statement.version,
    });
    expect(notPayable.statusCode).toBe(409);
    expect(notPayable.json().error).toMatchObject({
      code: 'STATEMENT_NOT_PAYABLE',
      params: { amount: -2000 },
    });
    expect(notPayable.json().error.message).toContain('¥-20.00');

    const pay = await admin.post(`/api/settlement/statements/${sep.id}/pay`, {
      version: sepOk.json().statement.version,
    });
    expect(pay.statusCode, pay.body).toBe(200);
    const transferId = pay.json().statement.payoutTransferId;
    const [t] = await transfersByRef(ctx.db, 'settlement_statement', sep.id);
    expect(t).toMatchObject({ id: transferId, amount: 5000 });
    expect(await statementOf(c, '2026-10')).toMatchObject({ status: 'paid', payoutTransferId: transferId });
    const recv = (await findAccount(ctx.db, {
      ownerType: 'org',
      ownerId: c.id,
      unit: 'fen',
      kind: 'receivable',
    }))!;
    expect(recv.balance).toBe(0);
    expect(await auditCount(oct.id, 'settlement.statement.offset')).toBe(1);

    for (const month of ['2026-09', '2026-10']) {
      const r = (await admin.get(`/api/settlement/months/${month}/reconciliation`)).json();
      const row = r.payouts.find((p: { transferId: string }) => p.transferId === transferId);
      expect(row, month).toMatchObject({
        statementsTotalFen: 5000,
        transferAmountFen: 5000,
        differenceFen: 0,
        ok: true,
      });
    }
  });
});

describe('reconciliation', () => {
  it('November: every statement equals the ledger, to the fen', async () => {
    const res = await admin.get('/api/settlement/months/2026-11/reconciliation');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.ok).toBe(true);
    expect(r.district).toMatchObject({
      statementsTotalFen: 8270 + 750,
      ledgerCreditsFen: 3000 + 4550 + 2000 + 360 + 360 + 500 + 250,
      ledgerDebitsFen: 2000,
      ledgerNetFen: 9020,
      differenceFen: 0,
      orgsWithoutStatement: 0,
    });
    expect(r.orgs.map((o: { differenceFen: number }) => o.differenceFen)).toEqual([0, 0]);
    expect(r.payouts).toEqual([
      expect.objectContaining({
        orgId: orgA.id,
        statementsTotalFen: 8270,
        transferAmountFen: 8270,
        ok: true,
      }),
    ]);
  });

  it('shows a provider without a statement and a stale draft, then balances after drawing up', async () => {
    const d = await newOrg(COMMUNITY_HUBIN, '湖滨老年食堂');
    await meal({ org: d, elder: elder1, subsidy: 300, paid: 700, at: '2026-11-15T04:00:00Z' });
    let r = (await admin.get('/api/settlement/months/2026-11/reconciliation')).json();
    expect(r.ok).toBe(false);
    expect(r.district).toMatchObject({ orgsWithoutStatement: 1, differenceFen: -300 });
    expect(r.orgs[0]).toMatchObject({
      orgId: d.id,
      statementId: null,
      ledgerNetFen: 300,
      differenceFen: -300,
      ok: false,
    });
    await admin.post('/api/settlement/statements/generate', { month: '2026-11' });
    // A late movement into the draft's month shows as a difference until recomputed.
    await meal({ org: d, elder: elder1, subsidy: 1, paid: 0, at: '2026-11-16T04:00:00Z' });
    r = (await admin.get('/api/settlement/months/2026-11/reconciliation')).json();
    expect(r.orgs[0]).toMatchObject({ orgId: d.id, status: 'draft', differenceFen: -1, ok: false });
    expect(r.district.differenceFen).toBe(-1);
    const gen = (await admin.post('/api/settlement/statements/generate', { month: '2026-11' })).json();
    expect(gen).toMatchObject({ refreshed: 1, frozen: 2 });
    r = (await admin.get('/api/settlement/months/2026-11/reconciliation')).json();
    expect(r.ok).toBe(true);
  });

  it('is the district’s: street staff and providers are refused', async () => {
    for (const c of [street, worker, providerA])
      expect((await c.get('/api/settlement/months/2026-11/reconciliation')).statusCode).toBe(403);
  });
});

describe('spreadsheets', () => {
  it('one statement: header, totals as numbers in yuan, lines, UTF-8 file name', async () => {
    const a = await statementOf(orgA, '2026-11');
    const res = await providerA.get(`/api/settlement/statements/${a.id}/export.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="statement-2026-11-${a.id.slice(0, 8)}.xlsx"; filename*=UTF-8''${encodeURIComponent(
        `结算单-2026-11-${orgA.name}.xlsx`,
      )}`,
    );
    const wb = await readXlsx(res.rawPayload);
    const sum = wb.getWorksheet('结算单')!;
    expect(rowWith(sum, '服务机构').getCell(2).value).toBe(orgA.name);
    expect(rowWith(sum, '状态').getCell(2).value).toBe('已付款');
    expect(rowWith(sum, '审核人').getCell(2).value).toBe('st_admin');
    const total = rowWith(sum, '应付合计').getCell(3);
    expect(total.value).toBe(82.7);
    expect(total.numFmt).toBe('#,##0.00');
    expect(rowWith(sum, '助餐补贴').getCell(3).value).toBe(7.2);
    const lines = wb.getWorksheet('明细')!;
    expect(lines.getRow(1).getCell(4).value).toBe('说明');
    expect(lines.rowCount).toBe(1 + 6 + 1);
    expect(lines.getRow(6).getCell(6).value).toBe(-20);
    expect(lines.getRow(6).getCell(3).value).toBe('冲正');
    const linesTotal = rowWith(lines, '合计');
    expect(linesTotal.getCell(6).value).toBe(82.7);
    expect(linesTotal.getCell(6).numFmt).toBe('#,##0.00');
    // English on request.
    const en = await readXlsx(
      (await admin.get(`/api/settlement/statements/${a.id}/export.xlsx?lang=en`)).rawPayload,
    );
    expect(rowWith(en.getWorksheet('Statement')!, 'Total owed').getCell(3).value).toBe(82.7);
  });

  it('the month’s overview across providers, as each reader may see it', async () => {
    const res = await admin.get('/api/settlement/months/2026-11/export.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('结算汇总-2026-11.xlsx')}`,
    );
    const ws = (await readXlsx(res.rawPayload)).getWorksheet('汇总')!;
    const statements = (await admin.get('/api/settlement/statements?month=2026-11')).json().items as {
      orgName: string;
      totalFen: number;
    }[];
    expect(statements).toHaveLength(3);
    expect(ws.rowCount).toBe(2 + statements.length + 1);
    const total = rowWith(ws, '合计').getCell(10);
    expect(total.value).toBe(statements.reduce((n, s) => n + s.totalFen, 0) / 100);
    expect(total.numFmt).toBe('#,##0.00');
    const mine = (
      await readXlsx((await providerA.get('/api/settlement/months/2026-11/export.xlsx')).rawPayload)
    ).getWorksheet('汇总')!;
    expect(mine.rowCount).toBe(2 + 1 + 1);
    expect(mine.getRow(3).getCell(1).value).toBe(orgA.name);
    expect((await worker.get('/api/settlement/months/2026-11/export.xlsx')).statusCode).toBe(403);
  });
});

describe('the ledger agrees', () => {
  it('receivables hold exactly what is not yet paid; the payout account holds what was', async () => {
    const rows = await queryRows<{ kind: string; balance: number }>(
      ctx.db,
      sql`SELECT kind, sum(credits_posted - debits_posted)::bigint AS balance FROM ledger_accounts
        WHERE kind IN ('receivable', 'payout') GROUP BY kind ORDER BY kind`,
    );
    const paid = await queryOne<{ n: number }>(
      ctx.db,
      sql`SELECT coalesce(sum(amount), 0)::bigint AS n FROM ledger_transfers WHERE code = 'settlement.payout'`,
    );
    expect(Number(rows.find((r) => r.kind === 'payout')?.balance)).toBe(Number(paid?.n));
    expect(Number(paid?.n)).toBe(8270 + 5000);
  });
});

describe('paying under pressure', () => {
  it('two payments of the same statement at once make one payout', async () => {
    const e = await newOrg(COMMUNITY_HUBIN, '湖滨助浴服务队');
    await order({
      org: e,
      elder: elder1,
      amount: 1234,
      copay: 0,
      holdAt: '2026-11-10T02:00:00Z',
      captureAt: '2026-11-11T02:00:00Z',
    });
    await admin.post('/api/settlement/statements/generate', { month: '2026-11', orgId: e.id });
    const s = await statementOf(e, '2026-11');
    const ok = await admin.post(`/api/settlement/statements/${s.id}/approve`, { version: s.version });
    const version = ok.json().statement.version;
    const [r1, r2] = await Promise.all([
      admin.post(`/api/settlement/statements/${s.id}/pay`, { version }),
      admin.post(`/api/settlement/statements/${s.id}/pay`, { version }),
    ]);
    expect([r1.statusCode, r2.statusCode]).toEqual([200, 200]);
    expect(r1.json().statement.payoutTransferId).toBe(r2.json().statement.payoutTransferId);
    expect(await transfersByRef(ctx.db, 'settlement_statement', s.id)).toHaveLength(1);
    expect(await auditCount(s.id, 'settlement.statement.pay')).toBe(1);
  });

  it('a refund in the open month leaves the receivable short: the payout is refused, nothing changes', async () => {
    const f = await newOrg(COMMUNITY_HUBIN, '涌金门助行服务社');
    const o = await order({
      org: f,
      elder: elder2,
      amount: 1000,
      copay: 0,
      holdAt: '2026-11-10T02:00:00Z',
      captureAt: '2026-11-11T02:00:00Z',
    });
    await admin.post('/api/settlement/statements/generate', { month: '2026-11', orgId: f.id });
    const s = await statementOf(f, '2026-11');
    const ok = await admin.post(`/api/settlement/statements/${s.id}/approve`, { version: s.version });
    await refund(o.id, o.captureId!, '2026-12-02T02:00:00Z');
    const res = await admin.post(`/api/settlement/statements/${s.id}/pay`, {
      version: ok.json().statement.version,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'LEDGER_INSUFFICIENT' });
    expect(await statementOf(f, '2026-11')).toMatchObject({ status: 'approved', payoutTransferId: null });
    expect(await transfersByRef(ctx.db, 'settlement_statement', s.id)).toHaveLength(0);
    expect(await auditCount(s.id, 'settlement.statement.pay')).toBe(0);
  });
});
