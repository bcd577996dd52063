import { SYSTEM_ACTOR } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { addMonths, monthOf } from '../care-credits/index.ts';
import { runBenefitBatch } from './eligibility.payments.ts';
import * as repo from './eligibility.repo.ts';
import { grants, isOneOff } from './eligibility.rules.ts';
import { runScreening, startScreening } from './eligibility.screening.ts';
import { factsOf, rulesOn, today } from './eligibility.service.ts';

/** A stable number in [0, 1) from a person, a programme and the seed. */
function draw(personId: string, code: string, seed: number): number {
  let h = 2166136261 ^ seed;
  const s = `${personId}|${code}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return ((h >>> 0) % 1_000_000) / 1_000_000;
}

export interface EligibilityDemoSummary {
  enrolments: number;
  /** Benefit payments posted for the last full month (ADR 0020). */
  paid: number;
  screened: boolean;
}

/**
 * The demo district's enrolments: most entitled residents already receive their benefits (as in a
 * district that has paid allowances for years); about 1 in 12 has been missed — the people
 * 政策找人 should find — and a few receive something they no longer qualify for (review items).
 * 重阳分 keeps its own list (seeded by the care-credits demo). Then a screening as of today fills
 * the worklists, for districts small enough to start quickly.
 */
export async function seedEligibilityDemo(
  ctx: Ctx,
  opts: { seed: number; screen: boolean; onProgress?: (m: string) => void },
): Promise<EligibilityDemoSummary> {
  const on = today(ctx.clock);
  const rules = (await rulesOn(ctx.db, on)).filter(
    (r) => r.rule.kind === 'benefit' && r.programme.code !== 'chongyang',
  );
  const streets = await repo.streetsUnder(ctx.db, '330102');
  let enrolments = 0;
  for (const street of streets) {
    const table = await factsOf(ctx.db, on, { streetCode: street });
    const n = table.size;
    const decision = new Int8Array(n);
    const amount = new Int32Array(n);
    const rows: Parameters<typeof repo.insertEnrolments>[1] = [];
    for (const r of rules) {
      r.run(table.columns, 0, n, decision, amount);
      const code = r.programme.code;
      for (let i = 0; i < n; i++) {
        const pid = table.ids[i] as string;
        const entitled = grants(r.rule, decision[i] as number);
        const x = draw(pid, code, opts.seed);
        // One-off benefits (home modification, temporary aid) are rarer: a third already had them.
        const oneOff = isOneOff(r.rule);
        const share = oneOff ? 0.33 : 0.92;
        const enrol = entitled
          ? x < share
          : decision[i] === 0 && x < 0.0005 && !oneOff && code !== 'medical_travel';
        if (!enrol) continue;
        rows.push({
          personId: pid,
          id: newId(),
          programmeCode: code,
          areaCode: table.areaCodes[i] as string,
          validFrom: `${Number(on.slice(0, 4)) - 1 - Math.floor(x * 3)}-01-01`,
          validTo: null,
          amount: entitled ? (amount[i] as number) : 0,
          source: 'demo',
          createdBy: SYSTEM_ACTOR.displayName,
          createdAt: ctx.clock.now(),
        });
      }
    }
    await ctx.db.transaction((tx) => repo.insertEnrolments(tx, rows));
    enrolments += rows.length;
  }
  opts.onProgress?.(`政策找人 enrolments: ${enrolments}`);
  // The last full month is paid, so the demo ledger shows benefit payments as a district that
  // pays monthly would (ADR 0020); the current month is left for the worker to run.
  const batches = await runBenefitBatch(ctx, SYSTEM_ACTOR, {
    programme: 'all',
    month: addMonths(monthOf(on), -1),
  });
  const paid = batches.reduce((s, b) => s + b.credited, 0);
  opts.onProgress?.(`待遇发放 benefit payments: ${paid}`);
  if (!opts.screen) return { enrolments, paid, screened: false };
  const opt = { asOf: on };
  const id = await startScreening(ctx, SYSTEM_ACTOR, opt);
  await runScreening(ctx, SYSTEM_ACTOR, id, opt);
  return { enrolments, paid, screened: true };
}
