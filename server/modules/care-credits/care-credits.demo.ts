import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { DISTRICT } from '../areas/index.ts';
import { runGrantBatch } from './care-credits.batches.ts';
import * as repo from './care-credits.repo.ts';
import { addMonths, MIN_AGE, type Month, monthEnd, monthOf, monthStart } from './care-credits.rules.ts';
import { ensureCareCreditDefaults, who } from './care-credits.service.ts';

/** 64-bit FNV-1a: a stable hash of text, the same on every machine and Node version. */
function fnv64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

/** A 杭州市民卡-like number: 12 digits from the seed and the person, stable across runs. */
export function demoCardNo(seed: number, personId: string): string {
  return `HZ${(fnv64(`${seed}:card:${personId}`) % 10n ** 12n).toString().padStart(12, '0')}`;
}

function minusYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) - years;
  let md = date.slice(5);
  if (md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) md = '02-28';
  return `${String(y).padStart(4, '0')}-${md}`;
}

export interface CareCreditsDemoSummary {
  enrolled: number;
  /** Of those enrolled now, how many meet every condition of R4 on the registry's facts. */
  meetingR4: number;
  cards: number;
  months: Month[];
  granted: number;
  amount: number;
}

const ENROL_CHUNK = 2_000;

/**
 * The share of local 60+ residents on the demo list. The 2021 figures imply some 37,000 elders
 * credited a month (445,100 top-ups / 12, 003:70979–70981), about 16 % of the district's 60+;
 * the generated facts meet every condition of R4 for far fewer (about 2 %), so the list is
 * topped up to a tenth with those who meet most of them, as workers' lists are in practice.
 */
export const DEMO_SHARE = 0.1;

const R4_REASON = 'R4：本区户籍，独居/空巢，能力评估非完好，养老金 3000 元以下（演示数据）';
const PARTIAL_REASON = '演示数据：部分符合 R4，社区走访列入';

/**
 * Demo data for 重阳分: enrols the demo district's local elders who meet R4 on the facts the
 * generator recorded (60+, living alone or empty nest, not intact, pension 3000 yuan 以下 or
 * none), topped up to DEMO_SHARE of the local 60+ with those meeting most conditions (ties and
 * a district without facts broken by a seeded hash); issues each a card; and grants the current
 * month and the two before it. Running it again adds nothing twice.
 */
export async function seedCareCreditsDemo(
  ctx: Ctx,
  opts: { seed: number; onProgress?: (message: string) => void },
): Promise<CareCreditsDemoSummary> {
  await ensureCareCreditDefaults(ctx.db, ctx.clock);
  const today = ctx.clock.today();
  const current = monthOf(today);
  const from = addMonths(current, -2);
  // 60 in the from-month: born on or before its last day, 60 years back.
  const bornOnOrBefore = minusYears(monthEnd(from), MIN_AGE);
  const elders = await repo.findElderFacts(ctx.db, today, bornOnOrBefore);
  const score = (e: repo.ElderFacts) => Number(e.alone) + Number(e.limited) + Number(e.lowPension);
  const hash = new Map(elders.map((e) => [e.id, fnv64(`${opts.seed}:chongyang:${e.id}`)]));
  const ranked = elders
    .map((e) => ({ e, s: score(e), h: hash.get(e.id)! }))
    .sort((a, b) => b.s - a.s || (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  const full = ranked.filter((r) => r.s === 3).length;
  const picked = ranked.slice(0, Math.max(full, Math.round(elders.length * DEMO_SHARE)));
  const already = await repo.enrolledPersonIds(ctx.db);
  const fresh = picked.filter((p) => !already.has(p.e.id)).map((p) => ({ ...p.e, meetsR4: p.s === 3 }));
  let cards = 0;
  for (let i = 0; i < fresh.length; i += ENROL_CHUNK) {
    const part = fresh.slice(i, i + ENROL_CHUNK);
    await ctx.db.transaction(async (tx) => {
      const at = ctx.clock.now();
      await repo.insertEnrolments(
        tx,
        part.map((p) => ({
          personId: p.id,
          id: newId(at.getTime()),
          areaCode: p.areaCode,
          fromMonth: monthStart(from),
          toMonth: null,
          reason: p.meetsR4 ? R4_REASON : PARTIAL_REASON,
          enrolledBy: SYSTEM_ACTOR.id,
          createdAt: at,
        })),
      );
      cards += await repo.insertCardsIfFree(
        tx,
        part.map((p) => ({
          cardNo: demoCardNo(opts.seed, p.id),
          personId: p.id,
          areaCode: p.areaCode,
          issuedOn: monthStart(from),
          revokedOn: null,
        })),
      );
      await recordAudit(tx, ctx.clock, who(SYSTEM_ACTOR), {
        action: 'care_credit.enrol.demo',
        entityType: 'care_credit_enrolment',
        entityId: `${from}:${i / ENROL_CHUNK + 1}`,
        areaCode: DISTRICT.code,
        after: {
          fromMonth: from,
          enrolled: part.length,
          firstPersonId: part[0]!.id,
          lastPersonId: part.at(-1)!.id,
        },
      });
    });
    opts.onProgress?.(`重阳分 enrolled ${Math.min(i + ENROL_CHUNK, fresh.length)}/${fresh.length}`);
  }
  const months = [from, addMonths(from, 1), current];
  let granted = 0;
  let amount = 0;
  for (const m of months) {
    const b = await runGrantBatch(ctx, SYSTEM_ACTOR, { month: m });
    granted += b.credited;
    amount += b.amount;
    opts.onProgress?.(`重阳分 ${m}: ${b.credited} credited`);
  }
  return {
    enrolled: fresh.length,
    meetingR4: fresh.filter((p) => p.meetsR4).length,
    cards,
    months,
    granted,
    amount,
  };
}
