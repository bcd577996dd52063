import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../modules/eligibility/index.ts';
import { parseScreenArgs, readPersons, runScreenCommand, type ScreenIo } from './screen.ts';

/**
 * `minsheng screen --input`: a file of people judged with the seeds' rules and no database.
 * The people sit at the thresholds of the seed rules (R1–R5, R16, R28–R29, S26) on 2026-06-15.
 */

const AS_OF = '2026-06-15';
const ELDER = { hukou_local: true, ability: 'moderate', living: '独居' };

const PEOPLE: Record<string, unknown>[] = [
  // 重阳分: 60 on the birthday itself, pension at the line (以下 includes it).
  { id: 'c60', name: '周六十', birthDate: '1966-06-15', pensionYuan: 3000, ...ELDER },
  { id: 'c59', birthDate: '1966-06-16', pension: 300_000, ...ELDER },
  { id: 'c-over', birthDate: '1956-01-01', pensionYuan: '3000.01', ...ELDER },
  { id: 'c-unknown', birthDate: '1956-01-01', ...ELDER },
  // Unknown pension but an intact elder: "no and unknown" is no (three-valued logic).
  { id: 'c-intact', birthDate: '1956-01-01', hukou_local: true, ability: '能力完好', living: 'alone' },
  // 家庭养老照护床位 R2 (85 and mild) and 高龄津贴 bands.
  { id: 'b85', birthDate: '1941-06-15', hukou_local: true, ability: '轻度失能', living: 'with_family' },
  { id: 'b84', birthDate: '1941-06-16', hukou_local: true, ability: 'mild', living: 'with_family' },
  { id: 'l100', birthDate: '1926-06-15', hukou_local: true },
  { id: 'l99', birthDate: '1926-06-16', hukou_local: true },
  { id: 'l79', birthDate: '1946-06-16', hukou_local: true },
  // 低保: the standard is 1285 元 from 2024-07-01; 低边 up to 150 % of it.
  {
    id: 'd-below',
    birthDate: '1980-01-01',
    hukou_local: true,
    household_incomeYuan: 1284.99,
    household_size: 2,
  },
  { id: 'd-at', birthDate: '1980-01-01', hukou_local: true, household_income: 128_500, household_size: 2 },
  { id: 'd-edge', birthDate: '1980-01-01', hukou_local: true, household_incomeYuan: 1927.5 },
  { id: 'd-above', birthDate: '1980-01-01', hukou_local: true, household_incomeYuan: 1927.51 },
  // 住院预警: 7 days in hospital in the last 30 is yellow, 14 red.
  { id: 'h14', birthDate: '1950-01-01', hospital_days: 14 },
  { id: 'h7', birthDate: '1966-06-15', hospital_days: 7, living: 'alone' },
  { id: 'h6', birthDate: '1966-06-15', hospital_days: 6, living: 'alone' },
  // 临时救助: half the medical costs, once, when the income is at most twice the standard.
  {
    id: 't1',
    birthDate: '1970-05-05',
    hukou_local: true,
    medical_spendYuan: 10_000,
    household_income: 257_000,
    low_income: 'none',
  },
];

/** [person, programme, verdict, amount in fen, period or alert tier, missing facts]. */
const EXPECTED: [string, string, string, number, string | null, string[]][] = [
  ['c60', 'chongyang', 'entitled', 10_000, 'month', []],
  ['c59', 'chongyang', 'not_entitled', 0, null, []],
  ['c-over', 'chongyang', 'not_entitled', 0, null, []],
  ['c-unknown', 'chongyang', 'unknown', 0, null, ['pension']],
  ['c-intact', 'chongyang', 'not_entitled', 0, null, []],
  ['c60', 'family_bed', 'entitled', 60_000, 'month', []],
  ['c59', 'family_bed', 'not_entitled', 0, null, []],
  ['b85', 'family_bed', 'entitled', 20_000, 'month', []],
  ['b84', 'family_bed', 'not_entitled', 0, null, []],
  ['c-unknown', 'family_bed', 'entitled', 60_000, 'month', []],
  ['l100', 'family_bed', 'unknown', 0, null, ['ability']],
  ['l100', 'longevity', 'entitled', 50_000, 'month', []],
  ['l99', 'longevity', 'entitled', 10_000, 'month', []],
  ['b85', 'longevity', 'entitled', 5_000, 'month', []],
  ['b84', 'longevity', 'entitled', 5_000, 'month', []],
  ['l79', 'longevity', 'not_entitled', 0, null, []],
  ['d-below', 'social_assistance', 'entitled', 2, 'month', []],
  ['d-at', 'social_assistance', 'entitled', 0, null, []],
  ['d-edge', 'social_assistance', 'entitled', 0, null, []],
  ['d-above', 'social_assistance', 'not_entitled', 0, null, []],
  ['l79', 'social_assistance', 'unknown', 0, null, ['household_income']],
  ['h14', 'alert_hospital', 'alert', 0, 'red', []],
  ['h7', 'alert_hospital', 'alert', 0, 'yellow', []],
  ['h6', 'alert_hospital', 'no_alert', 0, null, []],
  ['c60', 'alert_hospital', 'no_alert', 0, null, []],
  ['t1', 'temporary_aid', 'entitled', 500_000, 'once', []],
  ['d-below', 'temporary_aid', 'not_entitled', 0, null, []],
];

const PROGRAMMES = 'chongyang,family_bed,longevity,social_assistance,alert_hospital,temporary_aid';

let dir: string;
let goodFile: string;

function jsonl(rows: (Record<string, unknown> | string)[]): string {
  return `${rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`;
}

async function fileOf(name: string, rows: (Record<string, unknown> | string)[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, jsonl(rows));
  return path;
}

async function run(args: string[], env: Record<string, string | undefined> = {}, stdin = '') {
  let out = '';
  let err = '';
  const io: ScreenIo = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    readStdin: async () => stdin,
    env,
    isTTY: false,
  };
  const code = await runScreenCommand(args, io);
  return { code, out, err };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'minsheng-screen-'));
  goodFile = await fileOf('people.jsonl', PEOPLE);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('options', () => {
  it.each([
    [['--as-of', AS_OF, '--input', 'x'], 'missing --programme'],
    [['--programme', 'all', '--input', 'x'], 'missing --as-of'],
    [['--programme', 'all', '--as-of', AS_OF, '--format', 'csv'], 'bad format'],
    [['--programme', 'all', '--as-of', AS_OF, '--lang', 'fr'], 'bad language'],
    [['--programme', 'all', '--as-of', AS_OF, '--area', '3301'], 'bad area'],
    [['--programme', 'all', '--as-of', AS_OF, '--explain'], '--explain without --input'],
    [['--programme', 'all', '--as-of', AS_OF, '--input', 'x', '--user', 'wang'], '--user with --input'],
    [['--programme', 'all', '--as-of', AS_OF, '--bogus'], 'unknown option'],
  ])('%j is a usage error (%s)', (args) => {
    const r = parseScreenArgs(args, {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.exit, r.err?.includes('usage: minsheng screen')]).toEqual([2, true]);
  });

  it('reads a list of programmes, "all", the format and the language', () => {
    const r = parseScreenArgs(
      [
        '--programme',
        'chongyang, longevity,chongyang',
        '--as-of',
        AS_OF,
        '--input',
        'p.jsonl',
        '--format',
        'jsonl',
      ],
      { LANG: 'en_US.UTF-8' },
    );
    expect(r).toEqual({
      ok: true,
      options: {
        programmes: ['chongyang', 'longevity'],
        asOf: AS_OF,
        input: 'p.jsonl',
        format: 'jsonl',
        explain: false,
        area: undefined,
        user: undefined,
        lang: 'en',
      },
    });
    const all = parseScreenArgs(['--programme', 'chongyang,all', '--as-of', AS_OF, '--lang', 'zh-CN'], {
      LANG: 'en_US.UTF-8',
    });
    expect(all.ok && [all.options.programmes, all.options.lang, all.options.format]).toEqual([
      'all',
      'zh-CN',
      'table',
    ]);
    const zh = parseScreenArgs(['--programme', 'all', '--as-of', AS_OF], { LANG: 'C.UTF-8' });
    expect(zh.ok && zh.options.lang).toBe('zh-CN');
  });

  it('takes the language from LC_ALL, then LC_MESSAGES, then LANG, unless --lang says', () => {
    const langWith = (env: Record<string, string | undefined>, args: string[] = []) => {
      const r = parseScreenArgs(['--programme', 'all', '--as-of', AS_OF, ...args], env);
      return r.ok ? r.options.lang : null;
    };
    expect(langWith({ LC_ALL: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(langWith({ LC_ALL: 'C', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(langWith({ LC_MESSAGES: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(langWith({ LC_ALL: '', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    // Set but empty counts as unset, as POSIX has it.
    expect(langWith({ LC_ALL: '', LC_MESSAGES: '', LANG: 'en_US.UTF-8' })).toBe('en');
    expect(langWith({})).toBe('zh-CN');
    expect(langWith({ LC_ALL: 'en_US.UTF-8' }, ['--lang', 'zh-CN'])).toBe('zh-CN');
  });

  it('refuses a date that does not exist, in the language asked for', () => {
    const r = parseScreenArgs(['--programme', 'all', '--as-of', '2026-02-29'], { LANG: 'en_GB.UTF-8' });
    expect(r).toEqual({
      ok: false,
      exit: 2,
      err: '--as-of is not a valid date (YYYY-MM-DD): 2026-02-29',
    });
  });

  it('prints the help with every fact of the catalogue', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('pensionYuan');
    for (const code of ['pension', 'household_income', 'recently_widowed', 'veteran'])
      expect(r.out).toMatch(new RegExp(`\\n  ${code} `));
  });
});

describe('minsheng screen --input', () => {
  it('decides every person at the thresholds as the seed rules say', async () => {
    const r = await run([
      '--programme',
      PROGRAMMES,
      '--as-of',
      AS_OF,
      '--input',
      goodFile,
      '--format',
      'jsonl',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(PEOPLE.length * PROGRAMMES.split(',').length);
    for (const [person, programme, verdict, amount, periodOrTier, missing] of EXPECTED) {
      const got = lines.find((l) => l.person === person && l.programme === programme);
      expect([person, programme, got?.verdict, got?.amount, got?.period ?? got?.tier, got?.missing]).toEqual([
        person,
        programme,
        verdict,
        amount,
        periodOrTier,
        missing,
      ]);
    }
    // Age comes from the birth date and --as-of only.
    expect(lines.find((l) => l.person === 'c60')).toMatchObject({ age: 60, name: '周六十', asOf: AS_OF });
    expect(lines.find((l) => l.person === 'c59')?.age).toBe(59);
  });

  it('prints a table of verdicts and a summary per programme', async () => {
    const r = await run([
      '--programme',
      'chongyang,alert_hospital,temporary_aid',
      '--as-of',
      AS_OF,
      '--input',
      goodFile,
    ]);
    expect(r.code, r.err).toBe(0);
    const rows = r.out.split('\n');
    const rowOf = (id: string) => rows.find((l) => l.startsWith(`${id} `)) ?? '';
    // A person's rows: theirs and the indented ones after it.
    const blockOf = (id: string) => {
      const from = rows.findIndex((l) => l.startsWith(`${id} `));
      const to = rows.findIndex((l, i) => i > from && !l.startsWith(' '));
      return rows.slice(from, to).join('\n');
    };
    expect(rowOf('c60')).toMatch(/周六十\s+60\s+重阳分\s+符合 ¥100\.00\/月$/);
    expect(rowOf('c-unknown')).toMatch(/重阳分\s+未知（缺：月退休金）$/);
    expect(rowOf('c59')).toMatch(/重阳分\s+不符合$/);
    expect(blockOf('h14')).toMatch(/\n\s+住院预警\s+红色预警，3 天内核实$/);
    expect(blockOf('h7')).toMatch(/\n\s+住院预警\s+黄色预警，7 天内核实$/);
    expect(blockOf('t1')).toMatch(/\n\s+临时救助\s+符合 ¥5,000\.00（一次性）\n/);
    expect(r.out).toContain(`截至 ${AS_OF}：${PEOPLE.length} 人，3 个项目`);
    // 重阳分: c60 entitled; unknown for c-unknown, l100, l99 and l79 (no pension, nothing else failing).
    const summary = rows.find((l) => /^重阳分\s+\d/.test(l));
    expect(summary?.split(/\s+/)).toEqual([
      '重阳分',
      '1',
      String(PEOPLE.length - 1 - 4),
      '4',
      '¥100.00',
      '—',
    ]);
    expect(rows.find((l) => /^临时救助\s+\d/.test(l))?.split(/\s+/)).toEqual([
      '临时救助',
      '1',
      String(PEOPLE.length - 1),
      '0',
      '—',
      '¥5,000.00',
    ]);
  });

  it('explains in plain language, deciding as the kernel does', async () => {
    const r = await run([
      '--programme',
      PROGRAMMES,
      '--as-of',
      AS_OF,
      '--input',
      goodFile,
      '--format',
      'jsonl',
      '--explain',
      '--lang',
      'en',
    ]);
    expect(r.code, r.err).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const c60 = lines.find((l) => l.person === 'c60' && l.programme === 'chongyang');
    expect(c60.summary).toContain('is entitled, and may receive ¥100.00 a month');
    expect(c60.branches[0]).toMatchObject({ branch: 1, truth: 'yes', cite: expect.stringContaining('R4') });
    const unknown = lines.find((l) => l.person === 'c-unknown' && l.programme === 'chongyang');
    expect(unknown).toMatchObject({ verdict: 'unknown', missingLabels: ['monthly pension'] });
    expect(unknown.summary).toContain('cannot be decided yet');
    // Every explanation's first deciding branch is the one the kernel chose.
    for (const l of lines) {
      const decided = l.branches.find((b: { truth: string }) => b.truth !== 'no');
      const branch = l.decision === -1 ? decided?.truth : (decided?.branch ?? 0);
      expect([l.person, l.programme, branch]).toEqual([
        l.person,
        l.programme,
        l.decision === -1 ? 'unknown' : l.decision,
      ]);
    }
  });

  it('reads the file from standard input with "-"', async () => {
    const r = await run(
      ['--programme', 'longevity', '--as-of', AS_OF, '--input', '-', '--format', 'jsonl'],
      {},
      jsonl([{ id: 7, birthDate: '1930-01-01', hukou_local: true }]),
    );
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ person: '7', age: 96, verdict: 'entitled', amount: 10_000 });
  });

  it('counts a 29 February birthday from 1 March in common years', () => {
    const birth = [{ id: 'leap', birthDate: '1944-02-29' }];
    const ageOn = (asOf: string) => readPersons(jsonl(birth), asOf).people[0]?.age;
    expect([ageOn('2024-02-28'), ageOn('2024-02-29'), ageOn('2025-02-28'), ageOn('2025-03-01')]).toEqual([
      79, 80, 80, 81,
    ]);
  });

  it('fills the facts the registry always has with their "none" value and leaves the others unknown', () => {
    const { people, issues } = readPersons(
      jsonl([{ id: 'x', birthDate: '1950-01-01', areaCode: '330102009001' }]),
      AS_OF,
    );
    expect(issues).toEqual([]);
    expect(people[0]?.facts).toMatchObject({
      pension: null,
      ability: null,
      income_drop: null,
      sex: null,
      hukou_local: false,
      low_income: 'none',
      disability_grade: 0,
      medical_spend: 0,
      household_size: 1,
      // 闸弄口 and the streets after it were the former Jianggan district.
      former_jianggan: true,
      age: 76,
      birth_date: 19500101,
    });
  });

  it('refuses bad lines with their line numbers and prints no result', async () => {
    const path = await fileOf('bad.jsonl', [
      { id: 'ok', birthDate: '1950-01-01' },
      '{"id": "j", "birthDate": ',
      { id: 'd', birthDate: '1940-02-30' },
      { id: 'k', birthDate: '1950-01-01', penson: 100 },
      { id: 'e', birthDate: '1950-01-01', ability: '半失能' },
      { id: 'n', birthDate: '1950-01-01', pension: -1 },
      { id: 'f', birthDate: '1950-01-01', pension: 12.5 },
      { id: 'a', birthDate: '1950-01-01', age: 80 },
      { id: 'ok', birthDate: '1951-01-01' },
      { id: 'y', birthDate: '1950-01-01', pensionYuan: 12.345 },
      '',
      { id: 'u', birthDate: '2030-01-01' },
      '[1, 2]',
      { id: 't', birthDate: '1950-01-01', pension: 100, pensionYuan: 1 },
      { id: 'b', birthDate: '1950-01-01', hukou_local: '是' },
      { id: 'g', birthDate: '1950-01-01', disability_grade: 5 },
      { birthDate: '1950-01-01' },
      { id: 'r', birthDate: '1950-01-01', areaCode: '3301' },
    ]);
    const r = await run(['--programme', 'all', '--as-of', AS_OF, '--input', path]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const err = r.err.split('\n');
    expect(err[0]).toBe(`${path}：共 17 行，16 行有误，未输出任何结果`);
    const expected = [
      /^ {2}输入文件第 2 行：不是有效的 JSON（/,
      /^ {2}输入文件第 3 行：“birthDate”不是有效日期（应为 YYYY-MM-DD），实际是 "1940-02-30"$/,
      /^ {2}输入文件第 4 行：不认识的字段“penson”/,
      /^ {2}输入文件第 5 行：“ability”（能力等级）的值 "半失能" 不在可选范围内，可选：intact（能力完好）、mild（轻度失能）/,
      /^ {2}输入文件第 6 行：“pension”（月退休金）是以分计的金额，应为不小于 0 的整数，实际是 -1$/,
      /^ {2}输入文件第 7 行：“pension”（月退休金）是以分计的金额，应为不小于 0 的整数，实际是 12\.5$/,
      /^ {2}输入文件第 8 行：“age”（年龄）由出生日期和 --as-of 推算，不能在文件中给出$/,
      /^ {2}输入文件第 9 行：id“ok”与第 1 行重复$/,
      /^ {2}输入文件第 10 行：“pensionYuan”（月退休金）是以元计的金额，应为不小于 0、最多两位小数的数，实际是 12\.345$/,
      /^ {2}输入文件第 12 行：出生日期 2030-01-01 晚于筛查日期 2026-06-15$/,
      /^ {2}输入文件第 13 行：应为一个 JSON 对象（花括号括起），实际是 \[1,2\]$/,
      /^ {2}输入文件第 14 行：“pensionYuan”与“pension”是同一事实（月退休金），只能给出其一$/,
      /^ {2}输入文件第 15 行：“hukou_local”（本区户籍）应为 true 或 false，实际是 "是"$/,
      /^ {2}输入文件第 16 行：“disability_grade”（残疾等级）应为 0 至 4 的整数，实际是 5$/,
      /^ {2}输入文件第 17 行：缺少“id”$/,
      /^ {2}输入文件第 18 行：“areaCode”应为 12 位区划代码，实际是 "3301"$/,
    ];
    expect(err.slice(1, -1)).toHaveLength(expected.length);
    expected.forEach((re, i) => {
      expect(err[i + 1]).toMatch(re);
    });
  });

  it('says the same in English, from LANG', async () => {
    const path = await fileOf('bad-en.jsonl', [
      { id: 'ok', birthDate: '1950-01-01' },
      { id: 'e', birthDate: '1950-01-01', living: 'alone-ish' },
    ]);
    const r = await run(['--programme', 'chongyang', '--as-of', AS_OF, '--input', path], {
      LANG: 'en_US.UTF-8',
    });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`${path}: 2 lines, 1 bad; no result was printed`);
    expect(r.err).toContain(
      'Input line 2: \'living\' (living arrangement) cannot be "alone-ish"; one of: alone (独居), empty_nest (空巢)',
    );
  });

  it('reports the first 20 bad lines and counts the rest', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ id: `p${i}`, birthDate: '1950-13-01' }));
    const r = await run([
      '--programme',
      'all',
      '--as-of',
      AS_OF,
      '--input',
      await fileOf('many.jsonl', rows),
    ]);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split('\n');
    expect(lines.filter((l) => l.includes('输入文件第'))).toHaveLength(20);
    expect(lines.at(-2)).toContain('输入文件第 20 行');
    expect(lines.at(-1)).toBe('……另有 5 行有误');
  });

  it('refuses an unknown programme with the known codes, and programmes not yet in force', async () => {
    const unknown = await run([
      '--programme',
      'chongyang,pension_bonus',
      '--as-of',
      AS_OF,
      '--input',
      goodFile,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toBe('');
    expect(unknown.err).toMatch(
      /^不认识的项目代码“pension_bonus”，可用：chongyang, family_bed, .*alert_turning_80\n$/,
    );
    const early = await run(['--programme', 'alert_hospital', '--as-of', '2020-06-01', '--input', goodFile]);
    expect([early.code, early.err]).toEqual([2, '住院预警在 2020-06-01 没有有效的规则版本\n']);
    // With "all", what is not yet in force is named and left out.
    const all = await run([
      '--programme',
      'all',
      '--as-of',
      '2020-06-01',
      '--input',
      goodFile,
      '--format',
      'jsonl',
    ]);
    expect(all.code, all.err).toBe(0);
    expect(all.err).toContain('以下项目在该日尚未施行，未判断：低保/低边/特困');
    const codes = new Set(
      all.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).programme),
    );
    const inForce = engine.SEED_PROGRAMMES.filter((p) => p.validFrom <= '2020-06-01').map((p) => p.code);
    expect([...codes].sort()).toEqual(inForce.sort());
    expect(inForce).toContain('chongyang');
  });

  it('refuses a missing file and an empty one', async () => {
    const missing = await run(['--programme', 'all', '--as-of', AS_OF, '--input', join(dir, 'nope.jsonl')]);
    expect([missing.code, missing.out]).toEqual([2, '']);
    expect(missing.err).toContain('无法读取输入文件');
    expect(missing.err).toContain('ENOENT');
    const empty = await run([
      '--programme',
      'all',
      '--as-of',
      AS_OF,
      '--input',
      await fileOf('empty.jsonl', ['']),
    ]);
    expect([empty.code, empty.out]).toEqual([2, '']);
    expect(empty.err).toContain('中没有居民记录');
  });
});
