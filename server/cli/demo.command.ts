import { parseArgs } from 'node:util';
import { describeDatabase, openContext } from '../bootstrap.ts';
import {
  DEMO_LOGINS,
  type DemoSummary,
  generateDemoDistrict,
  MAX_DEMO_RESIDENTS,
} from '../modules/demo/index.ts';
import { countPersons } from '../modules/registry/index.ts';
import { loadConfig } from '../platform/config.ts';

const USAGE = `usage: minsheng demo [--residents N] [--seed S] [--force]
  --residents N   person records to generate (default DEMO_RESIDENTS or 20000; 870000 = the whole district)
  --seed S        whole number; the same seed, size and date give the same district (default DEMO_SEED or 2021)
  --force         accepted for scripts, but a registry that already holds people is never appended to`;

const FACT_LABELS: Record<string, string> = {
  ability_grade: '能力评估 ability grade',
  living_arrangement: '居住状况 living arrangement',
  pension: '养老金 pension',
  disability: '残疾 disability',
  low_income: '低保/低边/特困 low income',
  veteran: '优抚 veteran',
  special_family: '计生特殊家庭 special family',
  death: '死亡 death',
};

function wholeNumber(raw: string | undefined, fallback: number): number | undefined {
  if (raw === undefined) return fallback;
  return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
}

function printSummary(s: DemoSummary): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `参考日期 reference date     ${s.referenceDate}   种子 seed ${s.seed}`,
    `居民 residents              ${n(s.residents)} (其中已故 of whom deceased ${n(s.deceased)})`,
    `户 households               ${n(s.households)} (${(s.residents / Math.max(1, s.households)).toFixed(2)} 人/户 per household)`,
    '事实 facts by kind',
    ...Object.entries(s.facts).map(([k, v]) => `  ${(FACT_LABELS[k] ?? k).padEnd(32)} ${n(v)}`),
    `  ${'合计 total'.padEnd(32)} ${n(Object.values(s.facts).reduce((a, b) => a + b, 0))}`,
    `机构 organisations          ${n(s.orgs)}`,
    `服务点 service points       ${n(s.servicePoints)}`,
    `演示账号 demo users         ${n(s.users)} (${DEMO_LOGINS.map((l) => l.username).join(', ')}; 密码 password ${DEMO_LOGINS[0]?.password ?? ''})`,
    `用时 time                   ${s.seconds} s`,
  ];
  console.log(lines.join('\n'));
}

/** `minsheng demo`: generates the demo district into the configured, empty database. */
export async function runDemoCommand(args: string[]): Promise<number> {
  let values: { residents?: string; seed?: string; force?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        residents: { type: 'string' },
        seed: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const residents = wholeNumber(values.residents, config.demoResidents);
  const seed = wholeNumber(values.seed, config.demoSeed);
  if (residents === undefined || residents < 1 || residents > MAX_DEMO_RESIDENTS) {
    console.error(
      `--residents 须为 1 到 ${MAX_DEMO_RESIDENTS} 的整数 / must be a whole number from 1 to ${MAX_DEMO_RESIDENTS}\n${USAGE}`,
    );
    return 2;
  }
  if (seed === undefined || !Number.isSafeInteger(seed)) {
    console.error(`--seed 须为整数 / must be a whole number\n${USAGE}`);
    return 2;
  }

  console.error(`minsheng demo · ${describeDatabase(config.databaseUrl)}`);
  const ctx = await openContext(config);
  try {
    const existing = await countPersons(ctx.db);
    if (existing > 0) {
      console.error(
        [
          `登记库中已有 ${existing} 人，演示数据只能生成到空库中（身份证号必须唯一，无法追加）${values.force ? '；--force 也不会追加' : ''}。`,
          '请换一个新的数据目录（MINSHENG_DATA_DIR）或新的数据库（DATABASE_URL）后重试。',
          `The registry already holds ${existing} people. Demo data is generated only into an empty registry (ID numbers must be unique, so it cannot be appended${values.force ? '; --force does not append either' : ''}).`,
          'Use a fresh data folder (MINSHENG_DATA_DIR) or a new database (DATABASE_URL) and try again.',
        ].join('\n'),
      );
      return 1;
    }
    const tty = process.stderr.isTTY;
    const summary = await generateDemoDistrict(ctx, {
      residents,
      seed,
      onProgress: (msg) => process.stderr.write(tty ? `\r${msg.padEnd(72)}` : `${msg}\n`),
    });
    if (tty) process.stderr.write('\n');
    printSummary(summary);
    return 0;
  } finally {
    await ctx.database.close();
  }
}
