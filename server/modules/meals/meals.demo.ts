import type { MealCategory, MealSitting } from '../../../contracts/api/meals.ts';
import type { OpeningHours, ServicePoint } from '../../../contracts/api/orgs.ts';
import type { AgeBand } from '../../../contracts/domain.ts';
import { areaPrefix, SYSTEM_ACTOR } from '../../platform/access.ts';
import { type AuditEvent, recordAudits } from '../../platform/audit/audit.service.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { DISTRICT } from '../areas/index.ts';
import { postTransfer, reverseTransfer } from '../ledger/index.ts';
import { listPersons } from '../registry/index.ts';
import * as repo from './meals.repo.ts';
import { subsidyFor } from './meals.rules.ts';
import { canteensIn, ensureMealDefaults, subsidyAccounts, toSubsidyRule } from './meals.service.ts';

/**
 * What Hangzhou's community canteens put on the board, in fen. A set meal (两荤一素) costs about
 * 15 yuan before the subsidy; the prices are the demo's, not the seeds' (the seeds give none).
 */
const LUNCH: [string, number[]][] = [
  ['两荤一素套餐', [1500, 1600, 1800]],
  ['一荤两素套餐', [1200, 1300, 1400]],
  ['素菜套餐', [800, 900, 1000]],
  ['软烂营养餐', [1300, 1500]],
];
const DINNER: [string, number[]][] = [
  ['清淡晚餐套餐', [1000, 1100, 1200]],
  ['青菜肉丝面', [800, 900]],
  ['鲜肉小馄饨', [700, 800]],
];
const ELDER_BANDS: AgeBand[] = ['60-79', '80-89', '90-99', '100+'];
/** Enough for a street of the full-size district (≈16,000 aged 60+ in the largest). */
const STREET_PAGE = 50_000;
/** Sales per INSERT (25 columns each, well below PostgreSQL's 65,535 parameters). */
const SALE_BATCH = 1_000;
const VOID_REASON = '菜品打错，重新售餐';
const CATEGORIES: MealCategory[] = ['dibao', 'dibian', 'tekun'];
const SYSTEM = { id: SYSTEM_ACTOR.id, name: SYSTEM_ACTOR.username };
/** Any Monday to Sunday (1 January 2024 was a Monday): which sittings a canteen ever serves. */
const WEEK = [
  '2024-01-01',
  '2024-01-02',
  '2024-01-03',
  '2024-01-04',
  '2024-01-05',
  '2024-01-06',
  '2024-01-07',
];

/** A small seeded generator (FNV-1a into mulberry32): the same seed gives the same canteen days. */
function rngOf(text: string): () => number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  let t = h;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const intIn = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pickOf = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function shuffled<T>(r: () => number, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A UUIDv7 whose random part comes from the demo's generator, so reruns give the same ids. */
function demoId(r: () => number, ms: number): string {
  const b = Buffer.alloc(16);
  b.writeUIntBE(ms, 0, 6);
  for (let i = 6; i < 16; i++) b[i] = Math.floor(r() * 256);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** 1 = Monday … 7 = Sunday, as opening hours count. */
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
/** A Hangzhou wall-clock time on `day` (UTC+8) as an instant. */
const at = (day: string, hhmm: string, plusMinutes = 0) =>
  new Date(Date.parse(`${day}T${hhmm}:00+08:00`) + plusMinutes * 60_000);

function sittingsOn(hours: OpeningHours, day: string): MealSitting[] {
  const open = hours.filter((h) => h.days.includes(weekday(day)));
  const out: MealSitting[] = [];
  if (open.some((h) => h.open < '14:00' && h.close > '11:00')) out.push('lunch');
  if (open.some((h) => h.open >= '16:00')) out.push('dinner');
  return out;
}

interface DemoElder {
  id: string;
  birthDate: string;
  categories: MealCategory[];
}

/**
 * The living 60+ of a street by community, with their low-income status: one query per age band
 * and per status for the whole street (a query per community cost more than all the sales).
 */
async function eldersOfStreet(ctx: Ctx, streetCode: string, asOf: string): Promise<Map<string, DemoElder[]>> {
  const page = { area: streetCode, asOf, page: 1, pageSize: STREET_PAGE };
  const status = new Map<string, MealCategory>();
  for (const c of CATEGORIES) {
    const r = await listPersons(ctx, SYSTEM_ACTOR, { ...page, fact: 'low_income', factValue: c });
    for (const p of r.items) status.set(p.id, c);
  }
  const out = new Map<string, DemoElder[]>();
  for (const ageBand of ELDER_BANDS) {
    const r = await listPersons(ctx, SYSTEM_ACTOR, { ...page, ageBand });
    for (const p of r.items) {
      if (p.deceased) continue;
      const c = status.get(p.id);
      const list = out.get(p.areaCode) ?? [];
      list.push({ id: p.id, birthDate: p.birthDate, categories: c ? [c] : [] });
      out.set(p.areaCode, list);
    }
  }
  return out;
}

export interface MealsDemoSummary {
  canteens: number;
  menuItems: number;
  tills: number;
  sales: number;
  voided: number;
  subsidyFen: number;
}

/**
 * Demo data for the canteens (S11): a menu at every canteen with an operator, and the past
 * `days` days of lunches (and suppers where the canteen serves them) sold to the elders of its
 * community — mostly subsidised set meals, a few extra meals at full price, now and then a
 * wrong dish voided and sold again — each sitting's till closed. Subsidies go through the ledger
 * with the keys the till uses. Running it again adds nothing twice.
 */
export async function seedMealsDemo(
  ctx: Ctx,
  /** `dates` (YYYY-MM-DD, past days) wins over `days` (the last N days before today). */
  opts: { seed: number; days?: number; dates?: string[]; onProgress?: (message: string) => void },
): Promise<MealsDemoSummary> {
  await ensureMealDefaults(ctx.db);
  const summary: MealsDemoSummary = {
    canteens: 0,
    menuItems: 0,
    tills: 0,
    sales: 0,
    voided: 0,
    subsidyFen: 0,
  };
  const today = ctx.clock.today();
  const points = (await canteensIn(ctx, [areaPrefix(DISTRICT.code)])).filter(
    (p): p is ServicePoint & { orgId: string } => !!p.orgId,
  );
  summary.canteens = points.length;

  const haveMenu = await repo.menuPointIds(ctx.db);
  const items: Parameters<typeof repo.insertMenuItems>[1] = [];
  const created = ctx.clock.now();
  for (const p of points) {
    if (haveMenu.has(p.id)) continue;
    const r = rngOf(`${opts.seed}:meals:menu:${p.id}`);
    const serves = new Set(WEEK.flatMap((day) => sittingsOn(p.openingHours, day)));
    for (const [sitting, board] of [
      ['lunch', LUNCH],
      ['dinner', DINNER],
    ] as const) {
      if (!serves.has(sitting)) continue;
      for (const [name, prices] of board.slice(0, intIn(r, board.length - 1, board.length)))
        items.push({
          id: demoId(r, created.getTime()),
          servicePointId: p.id,
          name,
          sitting,
          priceFen: pickOf(r, prices),
          active: true,
        });
    }
  }
  if (items.length)
    await ctx.db.transaction(async (tx) => {
      await repo.insertMenuItems(tx, items);
      await recordAudits(
        tx,
        ctx.clock,
        SYSTEM,
        items.map((i) => ({
          action: 'meal.menu.add',
          entityType: 'meal_menu_item',
          entityId: i.id!,
          areaCode: points.find((p) => p.id === i.servicePointId)!.areaCode,
          after: i,
        })),
      );
    });
  summary.menuItems = items.length;

  // Sales only into an empty till history: a rerun (or a district already trading) keeps its own.
  if ((await repo.countTills(ctx.db)) > 0) return summary;
  const rules = (await repo.findRules(ctx.db)).map(toSubsidyRule);
  const days =
    opts.dates ?? Array.from({ length: opts.days ?? 3 }, (_, i) => plusDays(today, i - (opts.days ?? 3)));
  const eaten = new Set<string>();
  const elders = new Map<string, Map<string, DemoElder[]>>();

  const accounts = new Map<string, Awaited<ReturnType<typeof subsidyAccounts>>>();

  // One transaction per canteen: its tills, sales, subsidies and audit rows for all the days.
  for (const [pi, p] of points.entries()) {
    if (pi % 20 === 0) opts.onProgress?.(`助餐 meals ${pi}/${points.length}`);
    const menu = (await repo.findMenu(ctx.db, p.id)).filter((i) => i.active);
    const street = `${p.areaCode.slice(0, 9)}000`;
    if (!elders.has(street)) elders.set(street, await eldersOfStreet(ctx, street, plusDays(today, -1)));
    const local = elders.get(street)!.get(p.areaCode) ?? [];
    if (!local.length || !menu.length) continue;
    await ctx.db.transaction(async (tx) => {
      const tctx: Ctx = { ...ctx, db: tx };
      if (!accounts.has(p.orgId)) accounts.set(p.orgId, await subsidyAccounts(tctx, p.orgId));
      const { fund, receivable } = accounts.get(p.orgId)!;
      const tills: Parameters<typeof repo.insertTillRows>[1] = [];
      const sales: repo.SaleInsert[] = [];
      const audits: AuditEvent[] = [];
      for (const day of days)
        for (const sitting of sittingsOn(p.openingHours, day)) {
          const board = menu.filter((i) => i.sitting === sitting);
          if (!board.length) continue;
          const r = rngOf(`${opts.seed}:meals:${p.id}:${day}:${sitting}`);
          const [openAt, firstAt, closeAt] =
            sitting === 'lunch' ? ['10:15', '10:45', '13:05'] : ['16:15', '16:40', '18:05'];
          const span = sitting === 'lunch' ? 105 : 70;
          // A fifth to a third of the community's elders come for lunch, a few for supper; the
          // caps keep the full-size district's demo within minutes.
          const share = sitting === 'lunch' ? 0.15 + r() * 0.2 : 0.04 + r() * 0.06;
          const cap = sitting === 'lunch' ? 30 : 10;
          const want = Math.max(1, Math.min(cap, Math.round(local.length * share)));
          const buyers = shuffled(r, local)
            .filter((e) => !eaten.has(`${day}|${sitting}|${e.id}`))
            .slice(0, want);
          if (!buyers.length) continue;
          const times = buyers.map(() => intIn(r, 0, span)).sort((x, y) => x - y);
          const till = {
            id: demoId(r, at(day, openAt).getTime()),
            servicePointId: p.id,
            orgId: p.orgId,
            areaCode: p.areaCode,
            day,
            sitting,
            openedBy: SYSTEM_ACTOR.id,
            openedAt: at(day, openAt),
            closedBy: SYSTEM_ACTOR.id,
            closedAt: at(day, closeAt),
          };
          tills.push(till);
          audits.push({
            action: 'meal.till.open',
            entityType: 'meal_till',
            entityId: till.id,
            areaCode: p.areaCode,
          });
          const first = sales.length;
          const sell = async (e: DemoElder, item: (typeof board)[number], when: Date, full: boolean) => {
            const s = subsidyFor({
              priceFen: item.priceFen,
              birthDate: e.birthDate,
              day,
              categories: e.categories,
              rules,
            });
            const subsidised = !full && s.ruleId != null;
            const id = demoId(r, when.getTime());
            let transferId: string | null = null;
            if (subsidised && s.subsidyFen > 0)
              transferId = (
                await postTransfer(tx, fixedClock(when.toISOString()), {
                  key: `meal.subsidy:${id}`,
                  debitAccountId: fund.id,
                  creditAccountId: receivable.id,
                  amount: s.subsidyFen,
                  unit: 'fen',
                  code: 'meal.subsidy',
                  refType: 'meal_sale',
                  refId: id,
                  memo: item.name,
                  actorId: SYSTEM_ACTOR.id,
                })
              ).transfer.id;
            const sale: repo.SaleInsert = {
              id,
              tillId: till.id,
              servicePointId: p.id,
              orgId: p.orgId,
              personId: e.id,
              areaCode: p.areaCode,
              day,
              sitting,
              n: subsidised ? 1 : null,
              menuItemId: item.id,
              itemName: item.name,
              priceFen: item.priceFen,
              subsidyFen: subsidised ? s.subsidyFen : 0,
              paidFen: subsidised ? s.paidFen : item.priceFen,
              ruleId: subsidised ? s.ruleId : null,
              ageOnDay: s.age,
              category: e.categories[0] ?? null,
              transferId,
              soldBy: SYSTEM_ACTOR.id,
              at: when,
            };
            sales.push(sale);
            audits.push({
              action: 'meal.sell',
              entityType: 'meal_sale',
              entityId: id,
              areaCode: p.areaCode,
              after: sale,
            });
            return sale;
          };
          for (const [k, e] of buyers.entries()) {
            eaten.add(`${day}|${sitting}|${e.id}`);
            const when = at(day, firstAt, times[k]!);
            // Most take the first set meal on the board; some choose another.
            const item = r() < 0.6 ? board[0]! : pickOf(r, board);
            const sale = await sell(e, item, when, false);
            if (sale.transferId && r() < 0.02) {
              // The wrong dish rung up: voided a minute later, the right one sold as the first of the sitting.
              const voidAt = new Date(when.getTime() + 60_000);
              const v = await reverseTransfer(tx, fixedClock(voidAt.toISOString()), {
                key: `meal.void:${sale.id}`,
                transferId: sale.transferId,
                memo: VOID_REASON,
                actorId: SYSTEM_ACTOR.id,
              });
              Object.assign(sale, {
                voidedAt: voidAt,
                voidTransferId: v.transfer.id,
                voidReason: VOID_REASON,
              });
              audits.push({
                action: 'meal.void',
                entityType: 'meal_sale',
                entityId: sale.id,
                areaCode: p.areaCode,
                reason: VOID_REASON,
              });
              summary.voided++;
              await sell(e, pickOf(r, board), new Date(when.getTime() + 90_000), false);
            }
            // A meal taken home for a family member is paid in full.
            if (r() < 0.05) await sell(e, pickOf(r, board), new Date(when.getTime() + 30_000), true);
          }
          const live = sales.slice(first).filter((x) => !x.voidedAt);
          const totals = {
            meals: live.length,
            subsidyFen: live.reduce((t, x) => t + (x.subsidyFen ?? 0), 0),
            paidFen: live.reduce((t, x) => t + (x.paidFen ?? 0), 0),
          };
          audits.push({
            action: 'meal.till.close',
            entityType: 'meal_till',
            entityId: till.id,
            areaCode: p.areaCode,
            after: { closedAt: till.closedAt, totals },
          });
          summary.subsidyFen += totals.subsidyFen;
        }
      await repo.insertTillRows(tx, tills);
      for (let i = 0; i < sales.length; i += SALE_BATCH)
        await repo.insertSaleRows(tx, sales.slice(i, i + SALE_BATCH));
      // Written now, by the generator: the audit log says when rows were written, not when meals were eaten.
      await recordAudits(tx, ctx.clock, SYSTEM, audits);
      summary.tills += tills.length;
      summary.sales += sales.length;
    });
  }
  return summary;
}
