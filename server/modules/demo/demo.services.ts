import type { Ctx } from '../../platform/context.ts';
import { seedActivitiesDemo } from '../activities/index.ts';
import { streetCode } from '../areas/index.ts';
import { seedCareCreditsDemo } from '../care-credits/index.ts';
import { seedEligibilityDemo } from '../eligibility/index.ts';
import { seedHomeServicesDemo } from '../home-services/index.ts';
import { listUsers } from '../identity/index.ts';
import { seedMealsDemo } from '../meals/index.ts';
import { seedNeedsDemo } from '../needs/index.ts';
import { addOrgMembers } from '../orgs/index.ts';
import { seedVolunteersDemo } from '../volunteers/index.ts';
import type { DemoOrg } from './demo.facilities.ts';

/**
 * The elderly services of the demo district: the demo provider logins act for 湖滨街道's
 * elderly-care company and its canteen operator, then each service module seeds its own demo
 * data (enrolments and three months of 重阳分, prices and orders, menus and meals).
 */
export async function seedElderlyServices(
  ctx: Ctx,
  opts: { orgs: DemoOrg[]; seed: number; residents?: number; onProgress?: (message: string) => void },
): Promise<void> {
  const hubin = streetCode(0).slice(0, 9);
  const pick = (suffix: string) =>
    opts.orgs.find((o) => o.areaCode.startsWith(hubin) && o.name.endsWith(suffix));
  const care = pick('养老服务有限公司');
  const kitchen = pick('餐饮管理有限公司');
  const users = new Map((await listUsers(ctx)).map((u) => [u.username, u.id]));
  const links = [
    { userId: users.get('provider'), orgId: care?.id },
    { userId: users.get('canteen'), orgId: kitchen?.id },
  ].filter((l): l is { userId: string; orgId: string } => !!l.userId && !!l.orgId);
  await addOrgMembers(ctx.db, links);

  // Credits first (orders pay with them), then orders and meals. Meals are sold on the last two
  // days of the previous month and the last three days, so that last month already has
  // statements to approve without a month of sales to generate.
  await seedCareCreditsDemo(ctx, { seed: opts.seed, onProgress: opts.onProgress });
  await seedHomeServicesDemo(ctx, { seed: opts.seed, onProgress: opts.onProgress });
  await seedMealsDemo(ctx, {
    seed: opts.seed,
    dates: demoMealDays(ctx.clock.today()),
    onProgress: opts.onProgress,
  });
  // Volunteer service (issue 4): volunteers and teams first, the others draw on them.
  await seedVolunteersDemo(ctx, { seed: opts.seed, onProgress: opts.onProgress });
  // Volunteer service (issue 4): the needs board after the volunteers it draws its claimants from.
  await seedNeedsDemo(ctx, { seed: opts.seed, onProgress: opts.onProgress });
  // Activities after the needs: markets, holiday posts, hours and a certificate.
  await seedActivitiesDemo(ctx, { seed: opts.seed, onProgress: opts.onProgress });
  // Programmes (issue 5): who already receives what, then a screening fills the worklists — for
  // districts small enough to start quickly (a benchmark district screens on its own clock).
  await seedEligibilityDemo(ctx, {
    seed: opts.seed,
    screen: (opts.residents ?? 0) <= 200_000,
    onProgress: opts.onProgress,
  });
}

/** The last two days of the previous month and the three days before `today`, in order. */
export function demoMealDays(today: string): string[] {
  const day = (iso: string, delta: number) => {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + delta);
    return d.toISOString().slice(0, 10);
  };
  const firstOfMonth = `${today.slice(0, 8)}01`;
  const set = new Set([
    day(firstOfMonth, -2),
    day(firstOfMonth, -1),
    day(today, -3),
    day(today, -2),
    day(today, -1),
  ]);
  return [...set].sort();
}
