import type { HomeServiceCode } from '../../../contracts/api/home-services.ts';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { findAccount } from '../ledger/index.ts';
import { listOrgs } from '../orgs/index.ts';
import { listPersons } from '../registry/index.ts';
import * as repo from './home-services.repo.ts';
import { addDays } from './home-services.rules.ts';
import {
  type ActionInput,
  actAsSystem,
  ensureHomeServiceCatalogue,
  placeOrderAsSystem,
} from './home-services.service.ts';

/**
 * Typical list prices in Hangzhou's 互联网+养老 catalogue, in fen (per visit, or per hour for
 * cleaning, mobility help and basic life care). The seeds give no prices; each demo provider
 * varies them by up to ±10 %.
 */
const BASE_PRICES: Record<HomeServiceCode, number> = {
  meal_delivery: 2000,
  cleaning: 4500,
  bathing: 8000,
  mobility: 4000,
  emergency: 3000,
  medical: 6000,
  errands: 2500,
  life_care: 5000,
};
/** 家政 companies clean, run errands and give basic care; 养老服务 companies offer everything. */
const HOUSEKEEPING: HomeServiceCode[] = ['cleaning', 'errands', 'life_care'];

type WithoutVersion<T> = T extends unknown ? Omit<T, 'version'> : never;

const CANCEL_REASONS = ['老人住院，暂停服务', '子女回家照顾，不需要了', '老人临时外出'];

/** A small deterministic generator (mulberry32) so the same seed gives the same orders. */
function rngFrom(seed: string) {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

const at = (day: string, hh: number, mm: number) =>
  `${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`;
const shift = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

async function allOrgs(ctx: Ctx, q: string) {
  const out = [];
  for (let page = 1; ; page++) {
    const r = await listOrgs(ctx, SYSTEM_ACTOR, { q, page, pageSize: 200 });
    out.push(...r.items);
    if (r.items.length < 200) return out;
  }
}

/**
 * Demo data of the home services: every elderly-care and housekeeping company of the demo
 * district gets dated prices, and each elderly-care company a handful of orders for elders of
 * its street in every state of the order's life. Elders with 重阳分 (whatever accounts the
 * care-credits demo opened) pay with credits; the others pay everything themselves. Runs once:
 * a database that already holds orders is left as it is.
 */
export async function seedHomeServicesDemo(
  ctx: Ctx,
  opts: { seed: number; onProgress?: (message: string) => void },
): Promise<{ providers: number; prices: number; orders: number }> {
  await ensureHomeServiceCatalogue(ctx.db);
  if ((await repo.countOrders(ctx.db)) > 0) return { providers: 0, prices: 0, orders: 0 };
  const rng = rngFrom(`minsheng-home-services:${opts.seed}`);
  const today = ctx.clock.today();
  const validFrom = `${Number(today.slice(0, 4)) - 1}-01-01`;
  const care = (await allOrgs(ctx, '养老服务')).filter((o) => /养老服务(集团)?有限公司$/.test(o.name));
  const housekeeping = (await allOrgs(ctx, '家政服务')).filter((o) => o.name.endsWith('家政服务有限公司'));

  const prices: Parameters<typeof repo.insertPrices>[1] = [];
  const offered = new Map<string, HomeServiceCode[]>();
  for (const org of [...care, ...housekeeping]) {
    const codes = care.includes(org) ? (Object.keys(BASE_PRICES) as HomeServiceCode[]) : HOUSEKEEPING;
    offered.set(org.id, codes);
    for (const code of codes)
      prices.push({
        orgId: org.id,
        serviceCode: code,
        validFrom,
        validTo: null,
        // Whole yuan, as providers post them.
        priceFen: Math.round((BASE_PRICES[code] * (0.9 + rng.next() * 0.2)) / 100) * 100,
        createdBy: SYSTEM_ACTOR.id,
        createdAt: ctx.clock.now(),
      });
  }
  await ctx.db.transaction(async (tx) => {
    await repo.insertPrices(tx, prices);
    await recordAudit(
      tx,
      ctx.clock,
      { id: SYSTEM_ACTOR.id, name: SYSTEM_ACTOR.username },
      {
        action: 'home_service_price.demo',
        entityType: 'district',
        entityId: '330102000000',
        areaCode: '330102000000',
        after: { providers: offered.size, prices: prices.length, validFrom },
      },
    );
  });

  opts.onProgress?.(`居家服务订单 home-service orders (${care.length} providers)`);
  let orders = 0;
  const worker = {
    id: SYSTEM_ACTOR.id,
    username: SYSTEM_ACTOR.username,
    displayName: '社区工作者（电话下单）',
  };
  for (const org of care) {
    const provider = { id: SYSTEM_ACTOR.id, username: SYSTEM_ACTOR.username, displayName: org.name };
    const street = org.areaCode.slice(0, 9);
    const people = (
      await listPersons(ctx, SYSTEM_ACTOR, { area: street, ageBand: '80-89', page: 1, pageSize: 40 })
    ).items.filter((p) => !p.deceased);
    if (people.length === 0) continue;
    // Elders with 重阳分 first: the orders then show credits held, captured and refunded.
    const withCredits: typeof people = [];
    for (const p of people) {
      const acc = await findAccount(ctx.db, {
        ownerType: 'person',
        ownerId: p.id,
        unit: 'fen',
        kind: 'elder_care',
      });
      if (acc && acc.available > 0) withCredits.push(p);
    }
    const pool = [...withCredits, ...people.filter((p) => !withCredits.includes(p))];
    const plan: { state: string; daysFromToday: number }[] = [
      // First, so that a refund goes to an elder who paid with 重阳分 where there is one.
      { state: 'refunded', daysFromToday: -rng.int(3, 10) },
      { state: 'confirmed_rated', daysFromToday: -rng.int(8, 20) },
      { state: 'confirmed', daysFromToday: -rng.int(2, 7) },
      { state: 'done', daysFromToday: -1 },
      { state: 'in_service', daysFromToday: 0 },
      { state: 'accepted', daysFromToday: rng.int(1, 4) },
      { state: 'placed', daysFromToday: rng.int(1, 3) },
      { state: 'cancelled', daysFromToday: rng.int(1, 5) },
    ];
    for (const [i, step] of plan.entries()) {
      const elder = pool[i % pool.length]!;
      const code = rng.pick(offered.get(org.id)!);
      const perHour = code === 'cleaning' || code === 'mobility' || code === 'life_care';
      const day = addDays(today, step.daysFromToday);
      const nowIso = ctx.clock.now().toISOString();
      // A visit in progress started a little before now; the others at a usual morning hour.
      const scheduled =
        step.state === 'in_service' ? shift(nowIso, -40) : at(day, rng.int(8, 15), rng.pick([0, 30]));
      // Nothing happens after the demo's "now": orders for later days were placed earlier today.
      const notAfterNow = (iso: string, back: number) => (iso < nowIso ? iso : shift(nowIso, -back));
      const placedAt =
        step.state === 'in_service'
          ? shift(nowIso, -240)
          : notAfterNow(shift(at(addDays(day, -2), 9, 0), rng.int(0, 120)), rng.int(120, 300));
      const clockAt = (iso: string) => ({ ...ctx, clock: fixedClock(iso) });
      const id = await placeOrderAsSystem(
        clockAt(placedAt),
        {
          personId: elder.id,
          orgId: org.id,
          serviceCode: code,
          channel: 'phone',
          scheduledFor: scheduled,
          estimatedMinutes: perHour ? rng.pick([60, 90, 120]) : undefined,
        },
        { areaCode: elder.areaCode, address: elder.address },
        worker,
      );
      orders++;
      let version = 1;
      const move = async (iso: string, input: WithoutVersion<ActionInput>, side: 'taker' | 'provider') => {
        await actAsSystem(
          clockAt(notAfterNow(iso, 1)),
          id,
          { ...input, version } as ActionInput,
          side,
          side === 'provider' ? provider : worker,
        );
        version++;
      };
      if (step.state === 'placed') continue;
      if (step.state === 'cancelled') {
        await move(shift(placedAt, 30), { action: 'cancel', reason: rng.pick(CANCEL_REASONS) }, 'taker');
        continue;
      }
      await move(shift(placedAt, rng.int(20, 90)), { action: 'accept' }, 'provider');
      if (step.state === 'accepted') continue;
      await move(shift(scheduled, rng.int(-5, 10)), { action: 'check_in' }, 'provider');
      if (step.state === 'in_service') continue;
      const minutes = perHour ? rng.pick([55, 75, 95, 120, 130]) : rng.int(30, 80);
      await move(shift(scheduled, minutes), { action: 'check_out', durationMinutes: minutes }, 'provider');
      if (step.state === 'done') continue;
      const confirmedAt = shift(scheduled, 24 * 60 + rng.int(0, 180));
      await move(confirmedAt, { action: 'confirm' }, 'taker');
      if (step.state === 'confirmed_rated')
        await move(shift(confirmedAt, 5), { action: 'rate', rating: rng.pick([4, 5, 5, 5]) }, 'taker');
      if (step.state === 'refunded')
        await move(
          shift(confirmedAt, 120),
          { action: 'cancel', reason: '服务未按约完成，经协商退款' },
          'taker',
        );
    }
  }
  return { providers: offered.size, prices: prices.length, orders };
}
