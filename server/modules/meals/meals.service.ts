import {
  MEAL_CATEGORIES,
  type MealCategory,
  type MealMenuItem,
  type MealPreview,
  type MealRule,
  type MealRuleBody,
  type MealSale,
  type MealSitting,
  type SellMealBody,
  type Till,
} from '../../../contracts/api/meals.ts';
import type { ServicePoint } from '../../../contracts/api/orgs.ts';
import type { ServicePointType } from '../../../contracts/domain.ts';
import type { ErrorCode } from '../../../contracts/errors.ts';
import { ageOn } from '../../../contracts/id-number.ts';
import {
  type Actor,
  areaPrefix,
  hasAnywhere,
  narrowScope,
  requireAnywhere,
  requireIn,
  SYSTEM_ACTOR,
  scopeOf,
} from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { toDateOrNull, toDateString, toIso } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { DISTRICT } from '../areas/index.ts';
import { findElderByCard } from '../care-credits/index.ts';
import { findAccount, openAccount, postTransfer, reverseTransfer } from '../ledger/index.ts';
import { getOrg, orgIdsOfUser, orgNames } from '../orgs/index.ts';
import { checkIdNumber, findPersonNames, findPersonsByIdHashes, getPerson } from '../registry/index.ts';
import { getServicePoint, listServicePoints } from '../service-points/index.ts';
import * as repo from './meals.repo.ts';
import { checkRule, type SubsidyRule, subsidyFor } from './meals.rules.ts';

const who = (a: Actor) => ({ id: a.id, name: a.username });

/** Service point types that sell meals (S11: 老年食堂 / 助餐点 are registered as canteens). */
const CANTEEN_TYPES: readonly ServicePointType[] = ['canteen'];

/** The meal-subsidy programme's fund (ADR 0008): an issuing account, so it may go below zero. */
const FUND = {
  ownerType: 'programme',
  ownerId: 'meal_subsidy',
  unit: 'fen',
  kind: 'fund',
  areaCode: DISTRICT.code,
  allowNegative: true,
} as const;

// ---------------------------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------------------------

const DEFAULTS_FROM = '2020-01-01';
/** Fixed ids, so that seeding twice (or from two processes at once) inserts each rule once. */
const DEFAULT_RULES = [
  // R9: 60～79岁享受八折优惠 (seed 003:76585–76597).
  { id: '00000000-0000-7000-8000-00000000e001', minAge: 60, maxAge: 79, category: null, payPermille: 800 },
  // R9: 80岁以上享受七折优惠 — 以上 includes 80 (seed 003:76585–76597).
  { id: '00000000-0000-7000-8000-00000000e002', minAge: 80, maxAge: null, category: null, payPermille: 700 },
  // Our example, not a seed figure: 低保 and 特困 elders pay half (ADR 0011).
  {
    id: '00000000-0000-7000-8000-00000000e003',
    minAge: 60,
    maxAge: null,
    category: 'dibao',
    payPermille: 500,
  },
  {
    id: '00000000-0000-7000-8000-00000000e004',
    minAge: 60,
    maxAge: null,
    category: 'tekun',
    payPermille: 500,
  },
] as const;
const DEFAULT_NOTES: Record<string, string> = {
  '00000000-0000-7000-8000-00000000e001': 'R9：60～79岁八折（年鉴 003:76585）',
  '00000000-0000-7000-8000-00000000e002': 'R9：80岁以上七折（年鉴 003:76585）',
  '00000000-0000-7000-8000-00000000e003': '示例：低保老人五折（非年鉴数字，可调整）',
  '00000000-0000-7000-8000-00000000e004': '示例：特困老人五折（非年鉴数字，可调整）',
};

/**
 * Seeds the R9 rules and one subsidised meal per sitting when the programme has no rules yet.
 * Idempotent: a district that has set its own rules keeps them.
 */
export async function ensureMealDefaults(db: Db): Promise<void> {
  if ((await repo.findRules(db)).length === 0)
    await repo.insertRules(
      db,
      DEFAULT_RULES.map((r) => ({ ...r, validFrom: DEFAULTS_FROM, note: DEFAULT_NOTES[r.id] ?? null })),
    );
  await repo.insertDefaultSettings(db, 1);
}

// ---------------------------------------------------------------------------------------------
// Who may act at a canteen
// ---------------------------------------------------------------------------------------------

function inScope(scope: string[], areaCode: string): boolean {
  return scope.some((p) => areaCode.startsWith(p));
}

/** A cashier acts for the canteens of their organisations; a programme manager for any in scope. */
async function accessOf(db: Db, actor: Actor): Promise<repo.CanteenAccess> {
  const sellScope = requireAnywhere(actor, 'meal.sell');
  return { sellScope, manageScope: scopeOf(actor, 'meal.manage'), orgIds: await orgIdsOfUser(db, actor.id) };
}

function actsFor(a: repo.CanteenAccess, areaCode: string, orgId: string | null): boolean {
  return inScope(a.manageScope, areaCode) || (orgId != null && a.orgIds.includes(orgId));
}

/** Outside the area the canteen does not exist for the caller; inside, only its operator's staff act. */
function requireActsFor(
  a: repo.CanteenAccess,
  areaCode: string,
  orgId: string | null,
  notFound: ErrorCode,
): void {
  if (!inScope(a.sellScope, areaCode)) throw new AppError(notFound);
  if (!actsFor(a, areaCode, orgId)) throw new AppError('FORBIDDEN');
}

function requireReader(actor: Actor): void {
  if (!hasAnywhere(actor, 'meal.sell') && !hasAnywhere(actor, 'meal.manage')) throw new AppError('FORBIDDEN');
}

async function loadCanteen(ctx: Ctx, a: repo.CanteenAccess, id: string): Promise<ServicePoint> {
  const p = await getServicePoint(ctx, SYSTEM_ACTOR, id);
  requireActsFor(a, p.areaCode, p.orgId, 'SERVICE_POINT_NOT_FOUND');
  if (!CANTEEN_TYPES.includes(p.type)) throw new AppError('MEAL_NOT_A_CANTEEN', { name: p.name });
  return p;
}

/** Canteens (open ones unless told) in the given area prefixes, by id. */
export async function canteensIn(
  ctx: Ctx,
  prefixes: string[],
  includeClosed = false,
): Promise<ServicePoint[]> {
  const out: ServicePoint[] = [];
  for (const prefix of prefixes)
    for (const type of CANTEEN_TYPES)
      for (let page = 1; ; page++) {
        const r = await listServicePoints(ctx, SYSTEM_ACTOR, {
          type,
          area: prefix.padEnd(12, '0'),
          includeClosed,
          page,
          pageSize: 200,
        });
        out.push(...r.items);
        if (page * r.pageSize >= r.total) break;
      }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rules and settings
// ---------------------------------------------------------------------------------------------

function presentRule(r: repo.RuleRow): MealRule {
  return {
    id: r.id,
    validFrom: toDateString(r.validFrom),
    validTo: toDateOrNull(r.validTo),
    minAge: r.minAge,
    maxAge: r.maxAge,
    category: (r.category as MealCategory | null) ?? null,
    payPermille: r.payPermille,
    note: r.note,
  };
}

export const toSubsidyRule = (r: repo.RuleRow): SubsidyRule => presentRule(r);

export async function listMealRules(ctx: Ctx, actor: Actor): Promise<{ items: MealRule[] }> {
  requireReader(actor);
  return { items: (await repo.findRules(ctx.db)).map(presentRule) };
}

/** A dated rule for the whole district (meal.manage on the district). */
export async function addMealRule(ctx: Ctx, actor: Actor, body: MealRuleBody): Promise<MealRule> {
  requireIn(actor, 'meal.manage', DISTRICT.code);
  const id = newId(ctx.clock.now().getTime());
  const row = {
    id,
    validFrom: body.validFrom,
    validTo: body.validTo ?? null,
    minAge: body.minAge,
    maxAge: body.maxAge ?? null,
    category: body.category ?? null,
    payPermille: body.payPermille,
    note: body.note?.trim() || null,
    createdBy: actor.id,
  };
  await ctx.db.transaction(async (tx) => {
    await repo.lockRules(tx);
    const issues = checkRule(row, (await repo.findRules(tx)).map(toSubsidyRule));
    if (issues.length) throw new AppError('MEAL_RULE_INVALID', { reason: issues[0]!.code }, issues);
    await repo.insertRules(tx, [row]);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'meal.rule.add',
      entityType: 'meal_subsidy_rule',
      entityId: id,
      areaCode: DISTRICT.code,
      after: row,
    });
  });
  return presentRule((await repo.findRule(ctx.db, id))!);
}

/** Ends an open rule on `validTo` (its last day); rules are never deleted, sales keep their rule. */
export async function endMealRule(ctx: Ctx, actor: Actor, id: string, validTo: string): Promise<MealRule> {
  requireIn(actor, 'meal.manage', DISTRICT.code);
  const after = await ctx.db.transaction(async (tx) => {
    const rule = await repo.findRule(tx, id, true);
    if (!rule) throw new AppError('MEAL_RULE_NOT_FOUND');
    if (rule.validTo) throw new AppError('MEAL_RULE_ENDED', { validTo: toDateString(rule.validTo) });
    const validFrom = toDateString(rule.validFrom);
    if (validTo < validFrom)
      throw new AppError('MEAL_RULE_INVALID', { reason: 'MEAL_RULE_DATES' }, [
        { field: 'validTo', code: 'MEAL_RULE_DATES', params: { validFrom, validTo } },
      ]);
    const ended = await repo.endRuleRow(tx, id, validTo);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'meal.rule.end',
      entityType: 'meal_subsidy_rule',
      entityId: id,
      areaCode: DISTRICT.code,
      before: { validTo: null },
      after: { validTo },
    });
    return ended;
  });
  return presentRule(after);
}

async function mealsPerSitting(db: Db): Promise<number> {
  return (await repo.findSettings(db))?.mealsPerSitting ?? 1;
}

export async function getMealSettings(ctx: Ctx, actor: Actor): Promise<{ mealsPerSitting: number }> {
  requireReader(actor);
  return { mealsPerSitting: await mealsPerSitting(ctx.db) };
}

export async function updateMealSettings(
  ctx: Ctx,
  actor: Actor,
  body: { mealsPerSitting: number },
): Promise<{ mealsPerSitting: number }> {
  requireIn(actor, 'meal.manage', DISTRICT.code);
  const row = await ctx.db.transaction(async (tx) => {
    const before = await repo.findSettings(tx);
    const after = await repo.upsertSettings(tx, body.mealsPerSitting, actor.id, ctx.clock.now());
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'meal.settings.update',
      entityType: 'meal_settings',
      entityId: String(after.id),
      areaCode: DISTRICT.code,
      before: { mealsPerSitting: before?.mealsPerSitting ?? 1 },
      after: { mealsPerSitting: after.mealsPerSitting },
    });
    return after;
  });
  return { mealsPerSitting: row.mealsPerSitting };
}

// ---------------------------------------------------------------------------------------------
// Canteens and menus
// ---------------------------------------------------------------------------------------------

function presentItem(r: repo.MenuItemRow): MealMenuItem {
  return {
    id: r.id,
    servicePointId: r.servicePointId,
    name: r.name,
    sitting: r.sitting as MealSitting,
    priceFen: r.priceFen,
    active: r.active,
  };
}

/** The canteens the caller may run a till at, each with its open till. */
export async function listMealCanteens(ctx: Ctx, actor: Actor) {
  const a = await accessOf(ctx.db, actor);
  const points = (await canteensIn(ctx, a.sellScope)).filter((p) => actsFor(a, p.areaCode, p.orgId));
  const open = await repo.findOpenTills(
    ctx.db,
    points.map((p) => p.id),
  );
  const names = new Map(points.map((p) => [p.id, p.name]));
  const tills = new Map((await presentTills(ctx, open, names)).map((t) => [t.servicePointId, t]));
  return {
    items: points.map((p) => ({
      id: p.id,
      name: p.name,
      areaCode: p.areaCode,
      areaName: p.areaName,
      orgId: p.orgId,
      orgName: p.orgName,
      openTill: tills.get(p.id) ?? null,
    })),
  };
}

export async function listMenu(ctx: Ctx, actor: Actor, servicePointId: string) {
  const a = await accessOf(ctx.db, actor);
  await loadCanteen(ctx, a, servicePointId);
  return { items: (await repo.findMenu(ctx.db, servicePointId)).map(presentItem) };
}

export async function addMenuItem(
  ctx: Ctx,
  actor: Actor,
  servicePointId: string,
  body: { name: string; sitting: MealSitting; priceFen: number },
): Promise<MealMenuItem> {
  const a = await accessOf(ctx.db, actor);
  const point = await loadCanteen(ctx, a, servicePointId);
  const row = { id: newId(ctx.clock.now().getTime()), servicePointId, ...body, active: true };
  await ctx.db.transaction(async (tx) => {
    await repo.insertMenuItems(tx, [row]);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'meal.menu.add',
      entityType: 'meal_menu_item',
      entityId: row.id,
      areaCode: point.areaCode,
      after: row,
    });
  });
  return presentItem({ ...row, createdAt: ctx.clock.now() });
}

export async function updateMenuItem(
  ctx: Ctx,
  actor: Actor,
  id: string,
  patch: { name?: string; sitting?: MealSitting; priceFen?: number; active?: boolean },
): Promise<MealMenuItem> {
  const a = await accessOf(ctx.db, actor);
  const found = await repo.findMenuItem(ctx.db, id);
  if (!found) throw new AppError('MEAL_MENU_ITEM_NOT_FOUND');
  const point = await getServicePoint(ctx, SYSTEM_ACTOR, found.servicePointId);
  requireActsFor(a, point.areaCode, point.orgId, 'MEAL_MENU_ITEM_NOT_FOUND');
  if (Object.values(patch).every((v) => v === undefined)) return presentItem(found);
  const after = await ctx.db.transaction(async (tx) => {
    const before = (await repo.findMenuItem(tx, id, true))!;
    const row = await repo.updateMenuItemRow(tx, id, patch);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'meal.menu.update',
      entityType: 'meal_menu_item',
      entityId: id,
      areaCode: point.areaCode,
      before: presentItem(before),
      after: presentItem(row),
    });
    return row;
  });
  return presentItem(after);
}

// ---------------------------------------------------------------------------------------------
// Tills
// ---------------------------------------------------------------------------------------------

async function presentTills(
  ctx: Ctx,
  rows: repo.TillRow[],
  pointNames: Map<string, string> = new Map(),
): Promise<Till[]> {
  if (!rows.length) return [];
  const totals = await repo.tillTotals(
    ctx.db,
    rows.map((r) => r.id),
  );
  const orgs = await orgNames(ctx, [...new Set(rows.map((r) => r.orgId))]);
  const points = new Map(pointNames);
  for (const id of new Set(rows.map((r) => r.servicePointId)))
    if (!points.has(id)) points.set(id, (await getServicePoint(ctx, SYSTEM_ACTOR, id)).name);
  const today = ctx.clock.today();
  return rows.map((r) => ({
    id: r.id,
    servicePointId: r.servicePointId,
    servicePointName: points.get(r.servicePointId) ?? '',
    orgId: r.orgId,
    orgName: orgs.get(r.orgId) ?? '',
    areaCode: r.areaCode,
    day: toDateString(r.day),
    sitting: r.sitting as MealSitting,
    openedAt: toIso(r.openedAt),
    closedAt: r.closedAt ? toIso(r.closedAt) : null,
    isOpen: r.closedAt == null && toDateString(r.day) === today,
    totals: totals.get(r.id) ?? { ...repo.ZERO_TOTALS },
  }));
}

async function requireTill(
  db: Db,
  a: repo.CanteenAccess,
  id: string,
  lock?: 'share' | 'update',
): Promise<repo.TillRow> {
  const till = await repo.findTill(db, id, lock);
  if (!till) throw new AppError('MEAL_TILL_NOT_FOUND');
  requireActsFor(a, till.areaCode, till.orgId, 'MEAL_TILL_NOT_FOUND');
  return till;
}

/** Sales go on a till that is open and was opened today: yesterday's forgotten till sells nothing. */
function requireSelling(ctx: Ctx, till: repo.TillRow): void {
  if (till.closedAt || toDateString(till.day) !== ctx.clock.today())
    throw new AppError('MEAL_TILL_CLOSED', { day: toDateString(till.day), sitting: till.sitting });
}

/** Opens a till at a canteen for today's sitting; the canteen's operator is paid the subsidies. */
export async function openTill(
  ctx: Ctx,
  actor: Actor,
  servicePointId: string,
  sitting: MealSitting,
): Promise<Till> {
  const a = await accessOf(ctx.db, actor);
  const point = await loadCanteen(ctx, a, servicePointId);
  const today = ctx.clock.today();
  if (point.closedOn && point.closedOn <= today)
    throw new AppError('SERVICE_POINT_CLOSED', { closedOn: point.closedOn });
  if (!point.orgId) throw new AppError('MEAL_CANTEEN_NO_OPERATOR', { name: point.name });
  const at = ctx.clock.now();
  const row = {
    id: newId(at.getTime()),
    servicePointId,
    orgId: point.orgId,
    areaCode: point.areaCode,
    day: today,
    sitting,
    openedBy: actor.id,
    openedAt: at,
  };
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.insertTill(tx, row))) {
      const [open] = await repo.findOpenTills(tx, [servicePointId]);
      throw new AppError('MEAL_TILL_ALREADY_OPEN', {
        tillId: open?.id ?? '',
        day: open ? toDateString(open.day) : '',
        sitting: open?.sitting ?? '',
      });
    }
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'meal.till.open',
      entityType: 'meal_till',
      entityId: row.id,
      areaCode: point.areaCode,
      after: row,
    });
  });
  return (
    await presentTills(ctx, [{ ...row, closedAt: null, closedBy: null }], new Map([[point.id, point.name]]))
  )[0]!;
}

/** Closes the till with its Z report: meals, subsidised meals, subsidy and co-payment sums. */
export async function closeTill(ctx: Ctx, actor: Actor, id: string): Promise<Till> {
  const a = await accessOf(ctx.db, actor);
  const closed = await ctx.db.transaction(async (tx) => {
    // The row lock waits for sales in flight (they hold it shared) and turns later ones away.
    const till = await requireTill(tx, a, id, 'update');
    if (till.closedAt)
      throw new AppError('MEAL_TILL_CLOSED', { day: toDateString(till.day), sitting: till.sitting });
    const row = await repo.closeTillRow(tx, id, actor.id, ctx.clock.now());
    const totals = (await repo.tillTotals(tx, [id])).get(id) ?? repo.ZERO_TOTALS;
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'meal.till.close',
      entityType: 'meal_till',
      entityId: id,
      areaCode: till.areaCode,
      after: { closedAt: row.closedAt, totals },
    });
    return row;
  });
  return (await presentTills(ctx, [closed]))[0]!;
}

export async function getTill(ctx: Ctx, actor: Actor, id: string) {
  const a = await accessOf(ctx.db, actor);
  const till = await requireTill(ctx.db, a, id);
  const [view] = await presentTills(ctx, [till]);
  return { ...view!, sales: await presentSales(ctx, await repo.findSalesOfTill(ctx.db, id)) };
}

// ---------------------------------------------------------------------------------------------
// The elder at the till
// ---------------------------------------------------------------------------------------------

interface Elder {
  personId: string;
  name: string;
  idMasked: string;
  birthDate: string;
  categories: MealCategory[];
}

const isCategory = (v: unknown): v is MealCategory => MEAL_CATEGORIES.includes(v as MealCategory);

/**
 * Finds the elder by the card shown or the ID number typed, and reads what the subsidy depends
 * on as of the meal's day: birth date and low-income category (a registry temporal fact). The
 * lookup is the programme's, not the cashier's: a cashier may serve an elder from any community,
 * sees only name, masked ID, age and category, and can find nobody without the card or full ID.
 */
async function identifyElder(
  ctx: Ctx,
  body: { cardNo?: string; idNumber?: string },
  day: string,
): Promise<Elder> {
  if (!!body.cardNo === !!body.idNumber) throw new AppError('MEAL_ELDER_IDENTIFY');
  let personId: string | undefined;
  // The programme is the district's: an elder of any community may eat at any canteen.
  if (body.cardNo)
    personId = (await findElderByCard(ctx.db, [areaPrefix(DISTRICT.code)], body.cardNo))?.personId;
  else {
    const idr = checkIdNumber(body.idNumber!, ctx.clock.today());
    if (!idr.ok) throw new AppError('VALIDATION_FAILED', {}, [idr.issue]);
    personId = (await findPersonsByIdHashes(ctx.db, [ctx.crypto.lookupHash(idr.value)]))[0]?.id;
  }
  if (!personId) throw new AppError('MEAL_ELDER_NOT_FOUND');
  let person: Awaited<ReturnType<typeof getPerson>>;
  try {
    person = await getPerson(ctx, SYSTEM_ACTOR, personId, day);
  } catch (err) {
    if (err instanceof AppError && err.code === 'PERSON_NOT_FOUND')
      throw new AppError('MEAL_ELDER_NOT_FOUND');
    throw err;
  }
  if (person.deceased) throw new AppError('MEAL_ELDER_NOT_FOUND');
  const categories = person.facts
    .filter((f) => f.kind === 'low_income')
    .map((f) => (f.value as { status?: unknown } | null)?.status)
    .filter(isCategory);
  return { personId, name: person.name, idMasked: person.idMasked, birthDate: person.birthDate, categories };
}

async function requireMenuItem(db: Db, till: repo.TillRow, id: string): Promise<repo.MenuItemRow> {
  const item = await repo.findMenuItem(db, id);
  // An item of another canteen, withdrawn, or of another sitting is not on this till's menu.
  if (!item || item.servicePointId !== till.servicePointId || !item.active || item.sitting !== till.sitting)
    throw new AppError('MEAL_MENU_ITEM_NOT_FOUND');
  return item;
}

/** What the till shows before selling: who, the rule, the price split and the sitting's count. */
export async function previewMeal(
  ctx: Ctx,
  actor: Actor,
  tillId: string,
  body: { cardNo?: string; idNumber?: string; menuItemId?: string },
): Promise<MealPreview> {
  const a = await accessOf(ctx.db, actor);
  const till = await requireTill(ctx.db, a, tillId);
  requireSelling(ctx, till);
  const item = body.menuItemId ? await requireMenuItem(ctx.db, till, body.menuItemId) : null;
  const day = toDateString(till.day);
  const elder = await identifyElder(ctx, body, day);
  const rules = await repo.findRulesOn(ctx.db, day);
  const s = subsidyFor({
    priceFen: item?.priceFen ?? 0,
    birthDate: elder.birthDate,
    day,
    categories: elder.categories,
    rules: rules.map(toSubsidyRule),
  });
  const limit = await mealsPerSitting(ctx.db);
  const used = await repo.countSubsidised(ctx.db, elder.personId, day, till.sitting);
  const rule = rules.find((r) => r.id === s.ruleId);
  return {
    elder: { name: elder.name, idMasked: elder.idMasked, age: s.age, category: elder.categories[0] ?? null },
    eligible: s.ruleId != null,
    rule: rule ? presentRule(rule) : null,
    item: item ? presentItem(item) : null,
    priceFen: item?.priceFen ?? null,
    paidFen: item ? s.paidFen : null,
    subsidyFen: item ? s.subsidyFen : null,
    subsidisedThisSitting: used,
    limit,
    limitReached: used >= limit,
  };
}

/** Opens (once) the programme fund and the canteen operator's receivable. */
export async function subsidyAccounts(ctx: Ctx, orgId: string) {
  const fund = (await findAccount(ctx.db, FUND)) ?? (await openAccount(ctx.db, ctx.clock, { ...FUND }));
  const owner = { ownerType: 'org', ownerId: orgId, unit: 'fen', kind: 'receivable' } as const;
  let receivable = await findAccount(ctx.db, owner);
  if (!receivable) {
    const org = await getOrg(ctx, SYSTEM_ACTOR, orgId);
    receivable = await openAccount(ctx.db, ctx.clock, { ...owner, areaCode: org.areaCode });
  }
  return { fund, receivable };
}

/**
 * Sells one meal. In one transaction: the sitting slot (n = 1..meals_per_sitting, claimed through
 * the unique index so the limit holds across tills), the sale, the subsidy moved from the
 * programme fund to the operator's receivable (R8: paid per meal eaten, seed 000:141) and the
 * audit row. Any refusal leaves nothing behind.
 */
export async function sellMeal(
  ctx: Ctx,
  actor: Actor,
  tillId: string,
  body: SellMealBody,
): Promise<MealSale> {
  const a = await accessOf(ctx.db, actor);
  const at = ctx.clock.now();
  const saleId = newId(at.getTime());
  await ctx.db.transaction(async (tx) => {
    const tctx: Ctx = { ...ctx, db: tx };
    const till = await requireTill(tx, a, tillId, 'share');
    requireSelling(ctx, till);
    const item = await requireMenuItem(tx, till, body.menuItemId);
    const day = toDateString(till.day);
    const elder = await identifyElder(tctx, body, day);
    const base = {
      id: saleId,
      tillId,
      servicePointId: till.servicePointId,
      orgId: till.orgId,
      personId: elder.personId,
      areaCode: till.areaCode,
      day,
      sitting: till.sitting,
      menuItemId: item.id,
      itemName: item.name,
      priceFen: item.priceFen,
      category: elder.categories[0] ?? null,
      soldBy: actor.id,
      at,
    };
    let sale: repo.SaleInsert;
    if (body.fullPrice) {
      sale = {
        ...base,
        n: null,
        subsidyFen: 0,
        paidFen: item.priceFen,
        ruleId: null,
        ageOnDay: ageOn(elder.birthDate, day),
      };
      await repo.insertSale(tx, sale);
    } else {
      const s = subsidyFor({
        priceFen: item.priceFen,
        birthDate: elder.birthDate,
        day,
        categories: elder.categories,
        rules: (await repo.findRulesOn(tx, day)).map(toSubsidyRule),
      });
      if (!s.ruleId) throw new AppError('MEAL_NOT_ELIGIBLE', { age: s.age });
      const limit = await mealsPerSitting(tx);
      const row = {
        ...base,
        subsidyFen: s.subsidyFen,
        paidFen: s.paidFen,
        ruleId: s.ruleId,
        ageOnDay: s.age,
      };
      let claimed: repo.SaleInsert | undefined;
      for (let n = 1; n <= limit && !claimed; n++)
        if (await repo.insertSale(tx, { ...row, n })) claimed = { ...row, n };
      if (!claimed) throw new AppError('MEAL_LIMIT_REACHED', { limit });
      sale = claimed;
      if (s.subsidyFen > 0) {
        const { fund, receivable } = await subsidyAccounts(tctx, till.orgId);
        const { transfer } = await postTransfer(tx, ctx.clock, {
          key: `meal.subsidy:${saleId}`,
          debitAccountId: fund.id,
          creditAccountId: receivable.id,
          amount: s.subsidyFen,
          unit: 'fen',
          code: 'meal.subsidy',
          refType: 'meal_sale',
          refId: saleId,
          memo: item.name,
          actorId: actor.id,
        });
        await repo.setSaleTransfer(tx, saleId, transfer.id);
        sale = { ...sale, transferId: transfer.id };
      }
    }
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'meal.sell',
      entityType: 'meal_sale',
      entityId: saleId,
      areaCode: till.areaCode,
      after: sale,
    });
  });
  return (await presentSales(ctx, [(await repo.findSale(ctx.db, saleId))!]))[0]!;
}

/**
 * Voids a sale (wrong meal, refund): the subsidy goes back to the fund by a reversing transfer
 * and the sitting slot is free again. The cashier voids on the open till; after the Z report only
 * the programme's managers may.
 */
export async function voidMealSale(ctx: Ctx, actor: Actor, id: string, reason: string): Promise<MealSale> {
  const a = await accessOf(ctx.db, actor);
  await ctx.db.transaction(async (tx) => {
    const sale = await repo.findSale(tx, id, true);
    if (!sale) throw new AppError('MEAL_SALE_NOT_FOUND');
    requireActsFor(a, sale.areaCode, sale.orgId, 'MEAL_SALE_NOT_FOUND');
    if (sale.voidedAt) throw new AppError('MEAL_SALE_VOIDED');
    const till = await repo.findTill(tx, sale.tillId, 'share');
    const onOpenTill = !!till && !till.closedAt && toDateString(till.day) === ctx.clock.today();
    if (!onOpenTill && !inScope(a.manageScope, sale.areaCode)) throw new AppError('MEAL_VOID_AFTER_CLOSE');
    let voidTransferId: string | null = null;
    if (sale.transferId) {
      const r = await reverseTransfer(tx, ctx.clock, {
        key: `meal.void:${id}`,
        transferId: sale.transferId,
        memo: reason,
        actorId: actor.id,
      });
      voidTransferId = r.transfer.id;
    }
    const after = await repo.markSaleVoided(tx, id, {
      voidedAt: ctx.clock.now(),
      voidTransferId,
      voidReason: reason,
    });
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'meal.void',
      entityType: 'meal_sale',
      entityId: id,
      areaCode: sale.areaCode,
      before: { voidedAt: null },
      after: { voidedAt: after.voidedAt, voidTransferId },
      reason,
    });
  });
  return (await presentSales(ctx, [(await repo.findSale(ctx.db, id))!]))[0]!;
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

async function presentSales(ctx: Ctx, rows: repo.SaleRow[]): Promise<MealSale[]> {
  const names = await findPersonNames(ctx.db, [...new Set(rows.map((r) => r.personId))]);
  return rows.map((r) => ({
    id: r.id,
    tillId: r.tillId,
    servicePointId: r.servicePointId,
    orgId: r.orgId,
    elderName: names.get(r.personId)?.name ?? '',
    ageOnDay: r.ageOnDay,
    category: isCategory(r.category) ? r.category : null,
    day: toDateString(r.day),
    sitting: r.sitting as MealSitting,
    n: r.n,
    menuItemId: r.menuItemId,
    itemName: r.itemName,
    priceFen: r.priceFen,
    subsidyFen: r.subsidyFen,
    paidFen: r.paidFen,
    ruleId: r.ruleId,
    transferId: r.transferId,
    voided: r.voidedAt != null,
    voidedAt: r.voidedAt ? toIso(r.voidedAt) : null,
    voidReason: r.voidReason,
    voidTransferId: r.voidTransferId,
    at: toIso(r.at),
  }));
}

export async function listMealSales(
  ctx: Ctx,
  actor: Actor,
  q: { servicePointId?: string; day?: string; includeVoided?: boolean; page: number; pageSize: number },
) {
  const access = await accessOf(ctx.db, actor);
  const { rows, total } = await repo.searchSales(ctx.db, {
    access,
    day: q.day ?? ctx.clock.today(),
    servicePointId: q.servicePointId,
    includeVoided: q.includeVoided,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: await presentSales(ctx, rows),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** A day's meals per canteen the caller may see, with the district's (or the caller's) total. */
export async function summariseMeals(ctx: Ctx, actor: Actor, q: { day?: string; area?: string }) {
  const access = await accessOf(ctx.db, actor);
  const narrowed = { ...access, sellScope: narrowScope(access.sellScope, q.area) };
  const day = q.day ?? ctx.clock.today();
  const rows = await repo.summariseDay(ctx.db, narrowed, day);
  const points = new Map((await canteensIn(ctx, narrowed.sellScope, true)).map((p) => [p.id, p]));
  const orgs = await orgNames(ctx, [...new Set(rows.map((r) => r.orgId))]);
  const totals = { ...repo.ZERO_TOTALS };
  for (const r of rows) for (const k of Object.keys(totals) as (keyof repo.TotalsRow)[]) totals[k] += r[k];
  return {
    day,
    items: rows.map((r) => ({
      ...r,
      servicePointName: points.get(r.servicePointId)?.name ?? '',
      orgName: orgs.get(r.orgId) ?? '',
    })),
    totals,
  };
}

/** Sales by id, for the monthly statement (co-payments of the meals it settles). */
export async function mealSalesByIds(db: Db, ids: string[]) {
  return repo.findSalesByIds(db, ids);
}
