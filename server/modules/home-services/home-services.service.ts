import {
  HOME_SERVICE_CATALOGUE,
  HOME_SERVICE_LABELS,
  type HomeServiceCode,
  type HomeServiceUnit,
  type OrderAction,
  type OrderChannel,
  type OrderStatus,
} from '../../../contracts/api/home-services.ts';
import {
  type Actor,
  canIn,
  narrowScope,
  requireAnywhere,
  SYSTEM_ACTOR,
  scopeOf,
} from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { shanghaiDate } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { toIso } from '../../platform/db/rows.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { areaNameMap } from '../areas/index.ts';
import { isEnrolled } from '../care-credits/index.ts';
import {
  findAccount,
  getTransfer,
  holdTransfer,
  openAccount,
  postHold,
  resolutionsOf,
  reverseTransfer,
  type Transfer,
  transfersByRef,
  transferView,
  voidHold,
} from '../ledger/index.ts';
import { getOrg, orgIdsOfUser, orgNames } from '../orgs/index.ts';
import { findPersonNames, getPerson } from '../registry/index.ts';
import * as repo from './home-services.repo.ts';
import {
  addDays,
  creditsToUse,
  isValidDuration,
  orderAmount,
  planPriceChange,
  SCHEDULE_WINDOW,
  type Side,
  sidesFor,
  transition,
} from './home-services.rules.ts';

/**
 * 互联网+养老 home-service orders (S9) paid first with 重阳分 (S10, R5) and the rest as the
 * elder's co-payment (ADR 0010). Every transition is one transaction: the order row, its
 * timeline event, the ledger movement and the audit row commit or roll back together.
 */

const REF_TYPE = 'service_order';
const DAY_MS = 86_400_000;

/** Who did it: the signed-in actor, or the system (demo generation). */
interface Who {
  id: string;
  username: string;
  displayName: string;
}
const whoOf = (a: Actor): Who => ({ id: a.id, username: a.username, displayName: a.displayName });
const auditActor = (w: Who) => ({ id: w.id, name: w.username });

/**
 * Days a 重阳分 hold lasts after acceptance (default 30): long enough for a visit booked weeks
 * ahead, short enough that an order nobody confirms does not freeze the elder's credits.
 */
export function holdDays(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.HOME_SERVICE_HOLD_DAYS ?? 30);
  return Number.isInteger(n) && n >= 1 && n <= 365 ? n : 30;
}

// --- catalogue -----------------------------------------------------------------------------

/** Adds the catalogue's codes that are missing (idempotent: an administrator's changes stay). */
export async function ensureHomeServiceCatalogue(db: Db): Promise<void> {
  await repo.insertCatalogue(
    db,
    HOME_SERVICE_CATALOGUE.map((c, i) => ({
      code: c.code,
      unit: c.unit,
      active: true,
      sortOrder: (i + 1) * 10,
    })),
  );
}

const labelOf = (code: string) => HOME_SERVICE_LABELS[code as HomeServiceCode] ?? { 'zh-CN': code, en: code };

export async function listCatalogue(ctx: Ctx) {
  const rows = await repo.findCatalogue(ctx.db);
  return rows.map((r) => ({
    code: r.code,
    unit: r.unit as HomeServiceUnit,
    active: r.active,
    sortOrder: r.sortOrder,
    label: labelOf(r.code),
  }));
}

async function unitsOf(db: Db): Promise<Map<string, HomeServiceUnit>> {
  return new Map((await repo.findCatalogue(db)).map((r) => [r.code, r.unit as HomeServiceUnit]));
}

async function requireService(db: Db, code: string) {
  const item = await repo.findCatalogueItem(db, code);
  if (!item?.active) throw new AppError('SERVICE_UNKNOWN', { service: code });
  return { code: item.code, unit: item.unit as HomeServiceUnit };
}

// --- prices --------------------------------------------------------------------------------

/**
 * Any organisation, whatever the actor's org.read scope: a provider registered in one street
 * serves elders of others. Named in a body, a missing one is that field's problem.
 */
async function requireOrg(ctx: Ctx, db: Db, orgId: string, field?: string) {
  try {
    return await getOrg({ ...ctx, db }, SYSTEM_ACTOR, orgId);
  } catch (err) {
    if (field && err instanceof AppError && err.code === 'ORG_NOT_FOUND')
      throw fieldError(field, 'ORG_NOT_FOUND');
    throw err;
  }
}

async function presentPrices(ctx: Ctx, rows: repo.PriceRow[]) {
  const [names, units] = await Promise.all([
    orgNames(ctx, [...new Set(rows.map((r) => r.orgId))]),
    unitsOf(ctx.db),
  ]);
  return rows.map((p) => ({
    orgId: p.orgId,
    orgName: names.get(p.orgId) ?? p.orgId,
    serviceCode: p.serviceCode,
    unit: units.get(p.serviceCode) ?? 'per_visit',
    priceFen: p.priceFen,
    validFrom: p.validFrom,
    validTo: p.validTo,
  }));
}

/** Prices are the providers' public offer: anyone who handles orders reads them. */
export async function listPrices(ctx: Ctx, actor: Actor, orgId: string) {
  requireAnywhere(actor, 'order.read');
  await requireOrg(ctx, ctx.db, orgId);
  return presentPrices(ctx, await repo.findPrices(ctx.db, orgId));
}

export async function listOffers(ctx: Ctx, actor: Actor, q: { service?: string; on?: string }) {
  requireAnywhere(actor, 'order.read');
  return presentPrices(ctx, await repo.findOffers(ctx.db, q.on ?? ctx.clock.today(), q.service));
}

/**
 * A provider's own staff set its prices; so does the district, which pays them on settlement
 * (settlement.approve on the provider's area).
 */
async function mayPrice(ctx: Ctx, actor: Actor, org: { id: string; areaCode: string }) {
  if (canIn(actor, 'settlement.approve', org.areaCode)) return true;
  if (scopeOf(actor, 'order.serve').length === 0) return false;
  return (await orgIdsOfUser(ctx.db, actor.id)).includes(org.id);
}

export async function setPrice(
  ctx: Ctx,
  actor: Actor,
  orgId: string,
  body: { serviceCode: string; priceFen: number; validFrom: string },
) {
  if (!hasAny(actor, ['order.serve', 'settlement.approve'])) throw new AppError('FORBIDDEN');
  const org = await requireOrg(ctx, ctx.db, orgId);
  if (!(await mayPrice(ctx, actor, org))) throw new AppError('FORBIDDEN');
  const service = await requireService(ctx.db, body.serviceCode);
  await ctx.db.transaction(async (tx) => {
    await repo.lockPriceList(tx, orgId, service.code);
    const existing = await repo.findPrices(tx, orgId, service.code);
    const plan = planPriceChange(existing, body.validFrom);
    const key = { orgId, serviceCode: service.code, validFrom: body.validFrom };
    const before = existing.find((p) => p.validFrom === body.validFrom) ?? null;
    if (plan.replace) await repo.updatePrice(tx, key, { priceFen: body.priceFen, createdBy: actor.id });
    else {
      if (plan.shorten)
        await repo.updatePrice(
          tx,
          { orgId, serviceCode: service.code, validFrom: plan.shorten.validFrom },
          { validTo: plan.shorten.validTo },
        );
      await repo.insertPrices(tx, [
        {
          ...key,
          priceFen: body.priceFen,
          validTo: plan.validTo,
          createdBy: actor.id,
          createdAt: ctx.clock.now(),
        },
      ]);
    }
    await recordAudit(tx, ctx.clock, auditActor(whoOf(actor)), {
      action: 'home_service_price.set',
      entityType: 'org',
      entityId: orgId,
      areaCode: org.areaCode,
      before,
      after: {
        serviceCode: service.code,
        validFrom: body.validFrom,
        validTo: plan.validTo,
        priceFen: body.priceFen,
        ...(plan.shorten ? { previousEnds: plan.shorten } : {}),
      },
    });
  });
  return listPrices(ctx, actor, orgId);
}

function hasAny(actor: Actor, permissions: Parameters<typeof scopeOf>[1][]) {
  return permissions.some((p) => scopeOf(actor, p).length > 0);
}

// --- reads ---------------------------------------------------------------------------------

async function visibilityOf(ctx: Ctx, actor: Actor, area?: string): Promise<repo.OrderVisibility> {
  const readScope = narrowScope(requireAnywhere(actor, 'order.read'), area);
  const takeScope = narrowScope(scopeOf(actor, 'order.take'), area);
  const orgIds = await orgIdsOfUser(ctx.db, actor.id);
  return { readScope, takeScope, orgIds };
}

function isVisible(v: repo.OrderVisibility, o: { areaCode: string; orgId: string }) {
  const inside = (scope: string[]) => scope.some((p) => o.areaCode.startsWith(p));
  return inside(v.takeScope) || (inside(v.readScope) && v.orgIds.includes(o.orgId));
}

async function present(ctx: Ctx, rows: repo.OrderRow[]) {
  const [areas, orgs, persons, units] = await Promise.all([
    areaNameMap(ctx.db),
    orgNames(ctx, [...new Set(rows.map((r) => r.orgId))]),
    findPersonNames(ctx.db, [...new Set(rows.map((r) => r.personId))]),
    unitsOf(ctx.db),
  ]);
  const iso = (v: unknown) => (v == null ? null : toIso(v));
  return rows.map((o) => ({
    id: o.id,
    orderNo: o.orderNo,
    personId: o.personId,
    personName: persons.get(o.personId)?.name ?? '',
    areaCode: o.areaCode,
    areaName: areas.get(o.areaCode)?.name ?? o.areaCode,
    orgId: o.orgId,
    orgName: orgs.get(o.orgId) ?? o.orgId,
    serviceCode: o.serviceCode,
    unit: units.get(o.serviceCode) ?? 'per_visit',
    channel: o.channel as OrderChannel,
    status: o.status as OrderStatus,
    scheduledFor: iso(o.scheduledFor),
    address: o.address,
    note: o.note,
    unitPriceFen: o.unitPriceFen,
    quantity: o.quantity,
    amountFen: o.amountFen,
    creditsFen: o.creditsFen,
    copayFen: o.copayFen,
    acceptedAt: iso(o.acceptedAt),
    checkInAt: iso(o.checkInAt),
    checkOutAt: iso(o.checkOutAt),
    durationMinutes: o.durationMinutes,
    confirmedAt: iso(o.confirmedAt),
    cancelledAt: iso(o.cancelledAt),
    cancelReason: o.cancelReason,
    refundedFen: o.refundTransferId ? o.creditsFen : 0,
    rating: o.rating,
    version: o.version,
    createdAt: toIso(o.createdAt),
  }));
}

export async function listOrders(
  ctx: Ctx,
  actor: Actor,
  q: {
    status?: string;
    service?: string;
    orgId?: string;
    personId?: string;
    area?: string;
    from?: string;
    to?: string;
    q?: string;
    page: number;
    pageSize: number;
  },
) {
  const visibility = await visibilityOf(ctx, actor, q.area);
  const { rows, total } = await repo.searchOrders(ctx.db, {
    visibility,
    status: q.status,
    service: q.service,
    orgId: q.orgId,
    personId: q.personId,
    from: q.from,
    to: q.to,
    q: q.q,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: await present(ctx, rows),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getOrder(ctx: Ctx, actor: Actor, id: string) {
  const visibility = await visibilityOf(ctx, actor);
  const row = await repo.findOrder(ctx.db, visibility.readScope, id);
  if (!row || !isVisible(visibility, row)) throw new AppError('ORDER_NOT_FOUND');
  return detail(ctx, row);
}

/** The order's transfers as they happened, also when several share an instant. */
const KEY_STEP = [
  'order.hold',
  'ledger.expire',
  'order.release',
  'order.rehold',
  'order.capture',
  'order.refund',
];
const stepOf = (t: Transfer) => KEY_STEP.indexOf(t.idempotencyKey.slice(0, t.idempotencyKey.indexOf(':')));
const byStep = (a: Transfer, b: Transfer) => a.at.localeCompare(b.at) || stepOf(a) - stepOf(b);

async function detail(ctx: Ctx, row: repo.OrderRow) {
  const [[order], events, transfers] = await Promise.all([
    present(ctx, [row]),
    repo.findEvents(ctx.db, row.id),
    transfersByRef(ctx.db, REF_TYPE, row.id),
  ]);
  return {
    ...order!,
    events: events.map((e) => ({
      id: e.id,
      at: toIso(e.at),
      fromStatus: (e.fromStatus as OrderStatus | null) ?? null,
      toStatus: e.toStatus as OrderStatus,
      actorName: e.actorName,
      note: e.note,
    })),
    transfers: transfers.sort(byStep).map(transferView),
  };
}

// --- placing -------------------------------------------------------------------------------

export interface PlaceOrderInput {
  personId: string;
  orgId: string;
  serviceCode: string;
  channel: OrderChannel;
  scheduledFor: string;
  estimatedMinutes?: number;
  address?: string;
  note?: string;
}

/**
 * A worker takes the order by phone for an elder in their area (order.take), or the provider's
 * staff enter it for an elder in the area they serve (order.serve, for their own organisation).
 */
export async function placeOrder(ctx: Ctx, actor: Actor, input: PlaceOrderInput) {
  const permission = input.channel === 'phone' ? 'order.take' : 'order.serve';
  requireAnywhere(actor, permission);
  const person = await getPerson(ctx, actor, input.personId);
  if (!canIn(actor, permission, person.areaCode)) throw new AppError('FORBIDDEN');
  if (input.channel === 'provider') await requireStaffOf(ctx.db, actor, input.orgId);
  const id = await createOrder(ctx, whoOf(actor), input, {
    areaCode: person.areaCode,
    address: person.address,
    deceased: person.deceased,
  });
  return getOrder(ctx, actor, id);
}

/**
 * The provider side is for a provider's staff: someone who works for no provider at all (the
 * district, too, holds order.serve) may not act there; staff of another provider are told so.
 */
async function requireStaffOf(db: Db, actor: Actor, orgId: string): Promise<void> {
  const orgIds = await orgIdsOfUser(db, actor.id);
  if (orgIds.length === 0) throw new AppError('FORBIDDEN');
  if (!orgIds.includes(orgId)) throw new AppError('ORDER_NOT_YOUR_PROVIDER');
}

/** The order itself, once the caller is known to be allowed to place it for this elder. */
async function createOrder(
  ctx: Ctx,
  who: Who,
  input: PlaceOrderInput,
  elder: { areaCode: string; address: string | null; deceased: boolean },
): Promise<string> {
  if (elder.deceased) throw new AppError('ORDER_ELDER_DECEASED');
  const scheduled = new Date(input.scheduledFor);
  const day = shanghaiDate(scheduled);
  const today = ctx.clock.today();
  const earliest = addDays(today, -SCHEDULE_WINDOW.daysBack);
  const latest = addDays(today, SCHEDULE_WINDOW.daysAhead);
  if (day < earliest || day > latest)
    throw new AppError('VALIDATION_FAILED', {}, [
      { field: 'scheduledFor', code: 'ORDER_SCHEDULE_INVALID', params: { earliest, latest } },
    ]);
  await requireOrg(ctx, ctx.db, input.orgId, 'orgId');
  const service = await requireService(ctx.db, input.serviceCode);
  const minutes = input.estimatedMinutes ?? 60;
  if (service.unit === 'per_hour' && !isValidDuration(minutes))
    throw new AppError('ORDER_DURATION_INVALID', { minutes });
  const price = await repo.findPriceOn(ctx.db, input.orgId, service.code, day);
  if (!price) throw new AppError('SERVICE_PRICE_MISSING', { service: service.code, date: day });
  const { quantity, amountFen } = orderAmount(service.unit, price.priceFen, minutes);
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  await ctx.db.transaction(async (tx) => {
    const orderNo = await repo.nextOrderNo(tx, shanghaiDate(now));
    const row: repo.OrderInsert = {
      id,
      orderNo,
      personId: input.personId,
      areaCode: elder.areaCode,
      orgId: input.orgId,
      serviceCode: service.code,
      channel: input.channel,
      status: 'placed',
      scheduledFor: scheduled,
      address: input.address || elder.address,
      note: input.note || null,
      unitPriceFen: price.priceFen,
      quantity,
      amountFen,
      creditsFen: 0,
      copayFen: amountFen,
      placedBy: who.id,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await repo.insertOrder(tx, row);
    await repo.insertEvent(tx, {
      id: newId(now.getTime()),
      orderId: id,
      at: now,
      fromStatus: null,
      toStatus: 'placed',
      actorId: who.id,
      actorName: who.displayName,
      note: null,
    });
    await recordAudit(tx, ctx.clock, auditActor(who), {
      action: 'home_service_order.place',
      entityType: 'home_service_order',
      entityId: id,
      areaCode: elder.areaCode,
      after: snapshot(row),
    });
  });
  return id;
}

function snapshot(o: Partial<repo.OrderRow>) {
  return {
    orderNo: o.orderNo,
    status: o.status,
    serviceCode: o.serviceCode,
    orgId: o.orgId,
    personId: o.personId,
    amountFen: o.amountFen,
    creditsFen: o.creditsFen,
    copayFen: o.copayFen,
    quantity: o.quantity,
    durationMinutes: o.durationMinutes ?? null,
    rating: o.rating ?? null,
    holdTransferId: o.holdTransferId ?? null,
    paymentTransferId: o.paymentTransferId ?? null,
    refundTransferId: o.refundTransferId ?? null,
    version: o.version,
  };
}

// --- transitions ---------------------------------------------------------------------------

/** Finds and locks the order, and says on which side the caller acts. */
type Resolver = (tx: Db) => Promise<{ order: repo.OrderRow; side: Side }>;

/**
 * The actor's side for this action: the taking side where they hold order.take on the elder's
 * area, else the provider side where they hold order.serve there and work for the order's
 * organisation. An order outside both scopes does not exist for them.
 */
function actorResolver(actor: Actor, id: string, action: OrderAction): Resolver {
  return async (tx) => {
    const sides = sidesFor(action);
    const take = sides.includes('taker') ? scopeOf(actor, 'order.take') : [];
    const serve = sides.includes('provider') ? scopeOf(actor, 'order.serve') : [];
    if (take.length === 0 && serve.length === 0) throw new AppError('FORBIDDEN');
    const order = await repo.findOrder(tx, [...take, ...serve], id, true);
    if (!order) throw new AppError('ORDER_NOT_FOUND');
    if (take.some((p) => order.areaCode.startsWith(p))) return { order, side: 'taker' };
    await requireStaffOf(tx, actor, order.orgId);
    return { order, side: 'provider' };
  };
}

interface Step {
  tx: Db;
  order: repo.OrderRow;
  now: Date;
  who: Who;
}
interface StepResult {
  patch: Partial<repo.OrderInsert>;
  note?: string | null;
  reason?: string | null;
}

async function act(
  ctx: Ctx,
  who: Who,
  action: OrderAction,
  version: number,
  resolve: Resolver,
  apply: (s: Step) => Promise<StepResult>,
): Promise<string> {
  return ctx.db.transaction(async (tx) => {
    const { order, side } = await resolve(tx);
    const from = order.status as OrderStatus;
    const t = transition(from, action, side);
    // The state is checked before the version: a second confirmation is refused as such.
    if (!t.ok) throw new AppError('ORDER_TRANSITION_INVALID', { from, action });
    if (order.version !== version) throw new AppError('VERSION_CONFLICT');
    const now = ctx.clock.now();
    const { patch, note, reason } = await apply({ tx, order, now, who });
    const after = await repo.updateOrderRow(tx, order.id, { ...patch, status: t.to }, now);
    await repo.insertEvent(tx, {
      id: newId(now.getTime()),
      orderId: order.id,
      at: now,
      fromStatus: from,
      toStatus: t.to,
      actorId: who.id,
      actorName: who.displayName,
      note: note ?? null,
    });
    await recordAudit(tx, ctx.clock, auditActor(who), {
      action: `home_service_order.${action}`,
      entityType: 'home_service_order',
      entityId: order.id,
      areaCode: order.areaCode,
      before: snapshot(order),
      after: snapshot(after),
      reason: reason ?? null,
    });
    return order.id;
  });
}

const monthOf = (o: repo.OrderRow, now: Date) => shanghaiDate(o.scheduledFor ?? now).slice(0, 7);

function elderAccount(db: Db, personId: string) {
  return findAccount(db, { ownerType: 'person', ownerId: personId, unit: 'fen', kind: 'elder_care' });
}

async function providerReceivable(ctx: Ctx, tx: Db, orgId: string) {
  const org = await requireOrg(ctx, tx, orgId);
  return openAccount(tx, ctx.clock, {
    ownerType: 'org',
    ownerId: orgId,
    unit: 'fen',
    kind: 'receivable',
    areaCode: org.areaCode,
  });
}

function refuseCredits(
  code: 'ORDER_CREDITS_EXCEED_AMOUNT' | 'LEDGER_INSUFFICIENT' | 'LEDGER_CAPTURE_EXCEEDS_HOLD',
  c: { amount: number; requested: number; limit: number },
): never {
  if (code === 'ORDER_CREDITS_EXCEED_AMOUNT')
    throw new AppError(code, { amount: c.amount, requested: c.requested, unit: 'fen' });
  if (code === 'LEDGER_INSUFFICIENT')
    throw new AppError(code, { available: c.limit, amount: c.requested, unit: 'fen' });
  throw new AppError(code, { amount: c.requested, held: c.limit, unit: 'fen' });
}

/**
 * Takes `credits` of the elder's 重阳分 now, as a hold posted at once (the shape every capture
 * has: a pending transfer and its post), when no live hold from acceptance is there to capture.
 */
async function holdAndPost(ctx: Ctx, s: Step, accountId: string, credits: number) {
  const receivable = await providerReceivable(ctx, s.tx, s.order.orgId);
  const hold = await holdTransfer(s.tx, ctx.clock, {
    key: `order.rehold:${s.order.id}`,
    debitAccountId: accountId,
    creditAccountId: receivable.id,
    amount: credits,
    unit: 'fen',
    code: 'order.payment',
    refType: REF_TYPE,
    refId: s.order.id,
    actorId: s.who.id,
    expiresAt: null,
  });
  const post = await postHold(s.tx, ctx.clock, {
    key: `order.capture:${s.order.id}`,
    pendingId: hold.transfer.id,
    actorId: s.who.id,
  });
  return { holdId: hold.transfer.id, paymentId: post.transfer.id };
}

/**
 * Acceptance holds 重阳分 for the estimated amount: as much as the balance allows, or exactly the
 * requested amount. An elder outside the programme this month simply pays everything as
 * co-payment; asking to pay such an order with credits is refused.
 */
async function applyAccept(ctx: Ctx, s: Step, requested: number | undefined): Promise<StepResult> {
  const { order, now } = s;
  const base = { acceptedAt: now };
  if (!(await isEnrolled(s.tx, order.personId, monthOf(order, now)))) {
    if (requested) throw new AppError('CARE_CREDIT_NOT_ENROLLED', { month: monthOf(order, now) });
    return { patch: { ...base, creditsFen: 0, copayFen: order.amountFen } };
  }
  const account = await elderAccount(s.tx, order.personId);
  const available = account?.available ?? 0;
  const d = creditsToUse(order.amountFen, available, requested, 'LEDGER_INSUFFICIENT');
  if (!d.ok) refuseCredits(d.code, { amount: order.amountFen, requested: requested ?? 0, limit: available });
  let holdTransferId: string | null = null;
  if (d.credits > 0 && account) {
    const receivable = await providerReceivable(ctx, s.tx, order.orgId);
    const r = await holdTransfer(s.tx, ctx.clock, {
      key: `order.hold:${order.id}`,
      debitAccountId: account.id,
      creditAccountId: receivable.id,
      amount: d.credits,
      unit: 'fen',
      code: 'order.payment',
      refType: REF_TYPE,
      refId: order.id,
      actorId: s.who.id,
      expiresAt: new Date(now.getTime() + holdDays() * DAY_MS),
    });
    holdTransferId = r.transfer.id;
  }
  return {
    patch: { ...base, holdTransferId, creditsFen: d.credits, copayFen: order.amountFen - d.credits },
  };
}

/**
 * Check-out records the real duration; per-hour services are billed from it (ADR 0010). The
 * credits shown stay within the hold until confirmation captures them.
 */
async function applyCheckOut(s: Step, durationMinutes: number | undefined): Promise<StepResult> {
  const { order, now } = s;
  const minutes =
    durationMinutes ?? Math.floor((now.getTime() - new Date(order.checkInAt ?? now).getTime()) / 60_000);
  if (!isValidDuration(minutes)) throw new AppError('ORDER_DURATION_INVALID', { minutes });
  const service = await repo.findCatalogueItem(s.tx, order.serviceCode);
  const { quantity, amountFen } =
    service?.unit === 'per_hour'
      ? orderAmount('per_hour', order.unitPriceFen, minutes)
      : { quantity: order.quantity, amountFen: order.amountFen };
  const credits = Math.min(order.creditsFen, amountFen);
  return {
    patch: {
      checkOutAt: now,
      durationMinutes: minutes,
      quantity,
      amountFen,
      creditsFen: credits,
      copayFen: amountFen - credits,
    },
  };
}

/**
 * Confirmation captures min(hold, final amount) and releases the rest; the remainder is the
 * co-payment. Without a live hold — none was placed (no balance at acceptance) or it expired —
 * the elder's credits are taken now if the balance allows (ADR 0010: an expired hold is not the
 * elder's fault), else everything is co-payment.
 */
async function applyConfirm(ctx: Ctx, s: Step, requested: number | undefined): Promise<StepResult> {
  const { order, now, tx } = s;
  const final = order.amountFen;
  let holdTransferId = order.holdTransferId;
  let paymentTransferId: string | null = null;
  let captured = 0;
  let live = false;
  if (holdTransferId) {
    const hold = await getTransfer(tx, holdTransferId);
    const [resolution] = await resolutionsOf(tx, [hold.id]);
    const expired = !!resolution || (hold.expiresAt !== null && Date.parse(hold.expiresAt) <= now.getTime());
    if (!expired) {
      live = true;
      const d = creditsToUse(final, hold.amount, requested, 'LEDGER_CAPTURE_EXCEEDS_HOLD');
      if (!d.ok) refuseCredits(d.code, { amount: final, requested: requested ?? 0, limit: hold.amount });
      captured = d.credits;
      if (captured > 0) {
        const post = await postHold(tx, ctx.clock, {
          key: `order.capture:${order.id}`,
          pendingId: hold.id,
          amount: captured,
          actorId: s.who.id,
        });
        paymentTransferId = post.transfer.id;
      } else
        await voidHold(tx, ctx.clock, {
          key: `order.release:${order.id}`,
          pendingId: hold.id,
          actorId: s.who.id,
        });
    } else if (!resolution)
      // Lapsed but not yet swept: release it as the sweep would (same key, so the sweep skips it).
      await voidHold(tx, ctx.clock, {
        key: `ledger.expire:${hold.id}`,
        pendingId: hold.id,
        code: 'ledger.expire',
        actorId: s.who.id,
      });
  }
  if (!live) {
    if (!(await isEnrolled(tx, order.personId, monthOf(order, now)))) {
      if (requested) throw new AppError('CARE_CREDIT_NOT_ENROLLED', { month: monthOf(order, now) });
    } else {
      const account = await elderAccount(tx, order.personId);
      const available = account?.available ?? 0;
      const d = creditsToUse(final, available, requested, 'LEDGER_INSUFFICIENT');
      if (!d.ok) refuseCredits(d.code, { amount: final, requested: requested ?? 0, limit: available });
      captured = d.credits;
      if (captured > 0 && account) {
        const r = await holdAndPost(ctx, s, account.id, captured);
        holdTransferId = r.holdId;
        paymentTransferId = r.paymentId;
      }
    }
  }
  return {
    patch: {
      confirmedAt: now,
      holdTransferId,
      paymentTransferId,
      creditsFen: captured,
      copayFen: final - captured,
    },
  };
}

/**
 * Cancellation at every state: before acceptance nothing moved; a hold is released; a captured
 * payment is refunded by reversing it (once: the ledger allows one reversal per transfer). The
 * co-payment, paid to the provider directly, is the provider's to return (ADR 0010).
 */
async function applyCancel(ctx: Ctx, s: Step, reason: string): Promise<StepResult> {
  const { order, now, tx } = s;
  const base = { cancelledAt: now, cancelReason: reason };
  if (order.status === 'confirmed') {
    if (!order.paymentTransferId) return { patch: base, note: reason, reason };
    const r = await reverseTransfer(tx, ctx.clock, {
      key: `order.refund:${order.id}`,
      transferId: order.paymentTransferId,
      code: 'order.refund',
      memo: reason,
      actorId: s.who.id,
    });
    return { patch: { ...base, refundTransferId: r.transfer.id }, note: reason, reason };
  }
  if (order.holdTransferId) {
    const [resolution] = await resolutionsOf(tx, [order.holdTransferId]);
    if (!resolution)
      await voidHold(tx, ctx.clock, {
        key: `order.release:${order.id}`,
        pendingId: order.holdTransferId,
        actorId: s.who.id,
      });
  }
  // Nothing was paid: neither credits nor a co-payment are due for a cancelled visit.
  return { patch: { ...base, creditsFen: 0, copayFen: 0 }, note: reason, reason };
}

function applyRate(rating: number): StepResult {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new AppError('ORDER_RATING_INVALID');
  return { patch: { rating }, note: `${rating}/5` };
}

export type ActionInput =
  | { action: 'accept'; version: number; creditsFen?: number }
  | { action: 'check_in'; version: number }
  | { action: 'check_out'; version: number; durationMinutes?: number }
  | { action: 'confirm'; version: number; creditsFen?: number }
  | { action: 'cancel'; version: number; reason: string }
  | { action: 'rate'; version: number; rating: number };

function runAction(ctx: Ctx, who: Who, input: ActionInput, resolve: Resolver) {
  return act(ctx, who, input.action, input.version, resolve, async (s) => {
    switch (input.action) {
      case 'accept':
        return applyAccept(ctx, s, input.creditsFen);
      case 'check_in':
        return { patch: { checkInAt: s.now } };
      case 'check_out':
        return applyCheckOut(s, input.durationMinutes);
      case 'confirm':
        return applyConfirm(ctx, s, input.creditsFen);
      case 'cancel':
        return applyCancel(ctx, s, input.reason);
      case 'rate':
        return applyRate(input.rating);
    }
  });
}

/** One of accept, check-in, check-out (provider); confirm, rate (taking side); cancel (either). */
export async function actOnOrder(ctx: Ctx, actor: Actor, id: string, input: ActionInput) {
  await runAction(ctx, whoOf(actor), input, actorResolver(actor, id, input.action));
  return getOrder(ctx, actor, id);
}

// --- the system's hand (demo generation) ---------------------------------------------------

/** Places an order as the system, for an elder known to exist (no actor scope applies). */
export async function placeOrderAsSystem(
  ctx: Ctx,
  input: PlaceOrderInput,
  elder: { areaCode: string; address: string | null },
  who: Who = whoOf(SYSTEM_ACTOR),
) {
  return createOrder(ctx, who, input, { ...elder, deceased: false });
}

/** Moves an order as the system, acting on the given side (the demo's provider staff). */
export async function actAsSystem(ctx: Ctx, id: string, input: ActionInput, side: Side, who: Who) {
  return runAction(ctx, who, input, async (tx) => {
    const order = await repo.findOrder(tx, ['330102'], id, true);
    if (!order) throw new AppError('ORDER_NOT_FOUND');
    return { order, side };
  });
}
