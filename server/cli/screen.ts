import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ExplanationView } from '../../contracts/api/eligibility.ts';
import type { ErrorCode } from '../../contracts/errors.ts';
import { type Lang, translateError } from '../../contracts/messages/index.ts';
import { formatYuan, yuanToFen } from '../../contracts/money.ts';
import { allAreas, STREETS, streetCode } from '../modules/areas/index.ts';
import {
  engine,
  explanationView,
  grants,
  monthlyOf,
  outcomeOf,
  rulesOn,
  runScreening,
  startScreening,
} from '../modules/eligibility/index.ts';
import { areaPrefix } from '../platform/access.ts';
import { AppError } from '../platform/errors.ts';
import { formatTable } from './import.command.ts';
import { cliActor, cliLang } from './month-batch.ts';

/**
 * `minsheng screen`: who is entitled to which programme on a date (ADR 0019).
 *
 * With `--input persons.jsonl` it evaluates a file of person records with the seeds' programmes
 * and parameters (engine/programmes.ts) and never opens a database: a tool for auditors and
 * analysts. Without it, it screens the registry (政策找人) street by street through the
 * eligibility module, which writes the worklist, and prints the counts per programme.
 * Exit 0: done; 1: refused (e.g. a screening already running); 2: usage or bad input.
 */

const USAGE = `usage: minsheng screen --programme <code|code,code|all> --as-of YYYY-MM-DD
                       [--input persons.jsonl|-] [--format table|jsonl] [--explain]
                       [--area CODE] [--user NAME] [--lang zh-CN|en]`;

/** Bad lines shown in full; the count of the rest follows. */
const BAD_LINES_SHOWN = 20;

/** Facts the command works out from birthDate and --as-of; a file may not give them. */
const DERIVED = new Set(['age', 'days_since_birthday', 'birth_date']);

/** Ranges of the whole-number facts (the registry's own limits). */
const INT_RANGE: Record<string, [number, number]> = {
  disability_grade: [0, 4],
  household_size: [1, 99],
  hospital_days: [0, 30],
  income_drop: [0, 100],
};

/** Money travels in the kernel's 32-bit columns. */
const MAX_FEN = 2_147_483_647;

type Verdict = 'entitled' | 'not_entitled' | 'unknown' | 'alert' | 'no_alert';

const TEXT = {
  'zh-CN': {
    help: `筛查：按项目规则判断谁符合条件（政策找人）。
  --programme   项目代码，多个用逗号分隔，或 all
  --as-of       判断日期；年龄、距上次生日天数由出生日期与此日期推算
  --input       不连数据库，用程序内置的种子材料项目与参数（第 1 版规则）判断文件中的每个人，
                供审计与分析；“-”读标准输入。不给 --input 时筛查人口库：按街道显示进度，
                写入待办（政策找人、待复核、预警），最后列出各项目的人数
  --format      table（默认）或 jsonl（每人每项目一行 JSON；人口库为每项目一行）
  --explain     附上白话说明与逐条条件的判断过程（仅 --input）
  --area        只筛查此区域（12 位代码，默认全区；仅人口库）
  --user        以此用户的身份与权限筛查（默认系统；仅人口库）
  --lang        zh-CN 或 en；未给出时按环境变量 LC_ALL、LC_MESSAGES、LANG 中第一个非空者（en… 为英文）
退出码：0 完成；1 被拒绝（如已有筛查在进行）；2 用法或输入文件有误（不输出任何结果）。

输入文件：每行一个 JSON 对象，即一个人，例如
  {"id":"A01","birthDate":"1940-03-01","hukou_local":true,"pensionYuan":2800,"ability":"中度失能","living":"独居"}
  id 必填（文字或整数）；birthDate 必填（YYYY-MM-DD，不晚于 --as-of）；name、areaCode（12 位）可选。
  其余的键是下表的事实代码。分类值写代码或中文名；金额以分计（整数），或在代码后加 Yuan 以元计
  （"pensionYuan": 2800.5，最多两位小数）。null 与不写相同。
  不写的事实为“未知”，规则用到时结论为“未知（缺：…）”；标 * 的事实人口库里总有值，不写时取“无”
  （false、0 或 none）；household_size 不写为 1（独自一户）；former_jianggan 不写时由 areaCode 所在街道推算。
  age、days_since_birthday、birth_date 由 birthDate 推算，不能写。
  先校验全部行：有误时逐行报告（最多 ${BAD_LINES_SHOWN} 行），退出码 2。

事实：`,
    factHead: ['代码', '名称', '不写时', '取值'],
    types: {
      bool: 'true 或 false',
      money: '金额（分），或 …Yuan（元）',
      int: (min: number, max: number) => `整数 ${min}–${max}`,
      enum: (values: string) => values,
    },
    unknown: '未知',
    none: (v: string) => `* ${v}`,
    derived: '由出生日期推算',
    byArea: '* 按 areaCode 推算，否则 false',
    head: ['编号', '姓名', '年龄', '项目', '结论'],
    sumHead: ['项目', '符合/预警', '不符合', '未知', '每月金额', '一次性金额'],
    regHead: [
      '项目',
      '筛查',
      '符合/预警',
      '已享受',
      '应享未享（政策找人）',
      '待复核',
      '未知',
      '新建事项',
      '每月金额',
    ],
    entitled: '符合',
    notEntitled: '不符合',
    per: { month: '/月', year: '/年', once: '（一次性）' },
    unknownMissing: (m: string) => `未知（缺：${m}）`,
    alert: (tier: 'red' | 'yellow', days: number) =>
      `${tier === 'red' ? '红色' : '黄色'}预警，${days} 天内核实`,
    noAlert: '无预警',
    sep: '、',
    people: (n: number, p: number, asOf: string) => `截至 ${asOf}：${n} 人，${p} 个项目`,
    explained: '说明',
    skipped: (names: string) => `以下项目在该日尚未施行，未判断：${names}`,
    bad: (file: string, lines: number, bad: number) =>
      `${file}：共 ${lines} 行，${bad} 行有误，未输出任何结果`,
    more: (n: number) => `……另有 ${n} 行有误`,
    explainInput: '--explain 只用于 --input（人口库筛查的说明随待办事项保存）',
    areaOnlyRegistry: '--area 与 --user 只用于人口库筛查',
    progress: (i: number, n: number, name: string, processed: number, s: string) =>
      `筛查 [${i}/${n}] ${name}：累计 ${processed} 人，用时 ${s} 秒`,
    runDone: (id: string, asOf: string, n: number, s: string) =>
      `筛查批次 ${id}：截至 ${asOf}，共筛查 ${n} 人，用时 ${s} 秒`,
    noUser: (u: string) => `找不到用户：${u}`,
  },
  en: {
    help: `Screening: who is entitled to which programme on a date (政策找人).
  --programme   programme codes, comma-separated, or all
  --as-of       the date to judge on; age and days since the birthday come from the birth date and it
  --input       no database: judge every person of the file with the seeds' programmes and parameters
                built into the program (version 1 of each rule), for auditors and analysts; "-" reads
                standard input. Without --input the registry is screened: progress per street, the
                worklist written (outreach, review, alerts), and the counts per programme at the end
  --format      table (default) or jsonl (one JSON line per person and programme; per programme
                for the registry)
  --explain     add the plain-language explanation and each condition's trace (--input only)
  --area        screen this area only (12-digit code, default the district; registry only)
  --user        screen as this user, within their grants (default: the system; registry only)
  --lang        zh-CN or en; without it the first set of LC_ALL, LC_MESSAGES, LANG decides
                (en… is English)
Exit codes: 0 done; 1 refused (e.g. a screening already running); 2 usage or a bad input file
(then no result is printed).

Input file: one JSON object per line, one person each, e.g.
  {"id":"A01","birthDate":"1940-03-01","hukou_local":true,"pensionYuan":2800,"ability":"中度失能","living":"独居"}
  id is required (text or a whole number); birthDate is required (YYYY-MM-DD, not after --as-of);
  name and areaCode (12 digits) are optional. Every other key is a fact code from the table below.
  Categories take their code or their Chinese name; money is in fen (a whole number), or in yuan
  with the suffix Yuan ("pensionYuan": 2800.5, at most two decimals). null is the same as leaving
  the key out. A fact left out is unknown, and a rule that needs it answers "unknown (missing: …)";
  the facts marked * always have a value in the registry and take their "none" value when left out
  (false, 0 or none); household_size defaults to 1 (a household of one); former_jianggan, when left
  out, follows the street of areaCode. age, days_since_birthday and birth_date come from birthDate
  and may not be given. Every line is checked first; bad lines are reported (up to
  ${BAD_LINES_SHOWN}) with exit code 2.

Facts:`,
    factHead: ['Code', 'Name', 'When left out', 'Values'],
    types: {
      bool: 'true or false',
      money: 'amount in fen, or …Yuan in yuan',
      int: (min: number, max: number) => `whole number ${min}–${max}`,
      enum: (values: string) => values,
    },
    unknown: 'unknown',
    none: (v: string) => `* ${v}`,
    derived: 'from the birth date',
    byArea: '* from areaCode, else false',
    head: ['ID', 'Name', 'Age', 'Programme', 'Verdict'],
    sumHead: ['Programme', 'Entitled/alert', 'Not', 'Unknown', 'Monthly', 'One-off'],
    regHead: [
      'Programme',
      'Screened',
      'Entitled/alert',
      'Enrolled',
      'Not yet enrolled',
      'To review',
      'Unknown',
      'New items',
      'Monthly',
    ],
    entitled: 'entitled',
    notEntitled: 'not entitled',
    per: { month: ' a month', year: ' a year', once: ' once' },
    unknownMissing: (m: string) => `unknown (missing: ${m})`,
    alert: (tier: 'red' | 'yellow', days: number) => `${tier} alert, visit within ${days} days`,
    noAlert: 'no alert',
    sep: ', ',
    people: (n: number, p: number, asOf: string) => `As of ${asOf}: ${n} people, ${p} programmes`,
    explained: 'Explanations',
    skipped: (names: string) => `Not yet in force on that date, not judged: ${names}`,
    bad: (file: string, lines: number, bad: number) =>
      `${file}: ${lines} lines, ${bad} bad; no result was printed`,
    more: (n: number) => `… and ${n} more bad lines`,
    explainInput:
      '--explain goes with --input (a registry screening keeps its explanations with the worklist)',
    areaOnlyRegistry: '--area and --user go with a registry screening only',
    progress: (i: number, n: number, name: string, processed: number, s: string) =>
      `Screening [${i}/${n}] ${name}: ${processed} people so far, ${s} s`,
    runDone: (id: string, asOf: string, n: number, s: string) =>
      `Screening ${id}: as of ${asOf}, ${n} people screened in ${s} s`,
    noUser: (u: string) => `Unknown user: ${u}`,
  },
} as const;

// ── Options ──

export interface ScreenOptions {
  programmes: 'all' | string[];
  asOf: string;
  input: string | undefined;
  format: 'table' | 'jsonl';
  explain: boolean;
  area: string | undefined;
  user: string | undefined;
  lang: Lang;
}

/** Where the command writes: the process by default, a buffer in tests. */
export interface ScreenIo {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
  env: Record<string, string | undefined>;
  isTTY: boolean;
}

const processIo: ScreenIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  env: process.env,
  isTTY: process.stderr.isTTY === true,
};

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

type Parsed = { ok: true; options: ScreenOptions } | { ok: false; exit: number; out?: string; err?: string };

export function parseScreenArgs(args: string[], env: Record<string, string | undefined>): Parsed {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        programme: { type: 'string' },
        'as-of': { type: 'string' },
        input: { type: 'string' },
        format: { type: 'string' },
        explain: { type: 'boolean' },
        area: { type: 'string' },
        user: { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return { ok: false, exit: 2, err: `${(err as Error).message}\n${USAGE}` };
  }
  const lang = cliLang(values.lang as string | undefined, env);
  if (values.help) return { ok: false, exit: 0, out: helpText(lang ?? 'zh-CN') };
  const format = (values.format as string | undefined) ?? 'table';
  const programme = values.programme as string | undefined;
  const asOf = values['as-of'] as string | undefined;
  const area = values.area as string | undefined;
  if (
    !lang ||
    !programme ||
    !asOf ||
    (format !== 'table' && format !== 'jsonl') ||
    (area !== undefined && !/^\d{12}$/.test(area))
  )
    return { ok: false, exit: 2, err: USAGE };
  if (!isIsoDate(asOf))
    return { ok: false, exit: 2, err: translateError('SCREEN_AS_OF_INVALID', { value: asOf }, lang) };
  const input = values.input as string | undefined;
  if (values.explain && input === undefined)
    return { ok: false, exit: 2, err: `${TEXT[lang].explainInput}\n${USAGE}` };
  if (input !== undefined && (area !== undefined || values.user !== undefined))
    return { ok: false, exit: 2, err: `${TEXT[lang].areaOnlyRegistry}\n${USAGE}` };
  const codes = [
    ...new Set(
      programme
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  ];
  if (codes.length === 0) return { ok: false, exit: 2, err: USAGE };
  return {
    ok: true,
    options: {
      programmes: codes.includes('all') ? 'all' : codes,
      asOf,
      input,
      format,
      explain: values.explain === true,
      area,
      user: values.user as string | undefined,
      lang,
    },
  };
}

function factLabel(f: engine.FactDef, lang: Lang): string {
  return lang === 'zh-CN' ? f.zh : f.en;
}

function helpText(lang: Lang): string {
  const t = TEXT[lang];
  const rows = engine.FACTS.map((f) => {
    let values: string;
    if (f.type === 'bool') values = t.types.bool;
    else if (f.type === 'money') values = t.types.money;
    else if (f.type === 'enum')
      values = t.types.enum(
        (f.values ?? []).map((v) => `${v.code} ${v.zh}`).join(lang === 'zh-CN' ? '、' : ', '),
      );
    else if (f.type === 'int') {
      const [min, max] = INT_RANGE[f.code] ?? [0, MAX_FEN];
      values = t.types.int(min, max);
    } else values = f.type;
    let missing: string;
    if (DERIVED.has(f.code)) missing = t.derived;
    else if (f.code === 'former_jianggan') missing = t.byArea;
    else {
      const none = noneValue(f);
      missing = none === null ? t.unknown : t.none(String(none));
    }
    return [f.code, factLabel(f, lang), missing, DERIVED.has(f.code) ? '—' : values];
  });
  return `${USAGE}\n\n${t.help}\n${formatTable(t.factHead, rows)
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}

// ── The input file ──

/** A problem on one line of the input, with a message code and its parameters. */
export interface InputIssue {
  line: number;
  code: ErrorCode;
  params: Record<string, string | number>;
  /** The fact the problem is about: its label and allowed values are filled in per language. */
  fact?: engine.FactCode;
}

export interface InputPerson {
  line: number;
  name: string | null;
  age: number;
  facts: engine.PersonFacts;
}

/**
 * The value a fact takes when a file leaves it out: unknown (null) for the facts the registry
 * may lack, the registry's own default for those it always has.
 */
function noneValue(f: engine.FactDef): number | boolean | string | null {
  if (f.nullable) return null;
  if (f.code === 'household_size') return 1;
  if (f.type === 'bool') return false;
  if (f.type === 'int' || f.type === 'money') return 0;
  if (f.type === 'enum') return f.values?.some((v) => v.code === 'none') ? 'none' : null;
  return null;
}

/** former_jianggan of the street an area code lies in (the org tree's seed), or undefined. */
function formerJiangganOf(areaCode: string): boolean | undefined {
  const street = `${areaCode.slice(0, 9)}000`;
  const i = STREETS.findIndex((_, k) => streetCode(k) === street);
  return i < 0 ? undefined : STREETS[i]?.formerJianggan;
}

const shown = (v: unknown): string => {
  const s = v === undefined ? 'undefined' : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
};

/** One fact's value from the file, typed as the kernel reads it, or the reason it cannot be. */
function factValue(
  f: engine.FactDef,
  key: string,
  raw: unknown,
  inYuan: boolean,
):
  | { ok: true; value: number | boolean | string }
  | { ok: false; code: ErrorCode; params: Record<string, string | number> } {
  const bad = (code: ErrorCode, extra: Record<string, string | number> = {}) =>
    ({ ok: false, code, params: { key, value: shown(raw), ...extra } }) as const;
  switch (f.type) {
    case 'bool':
      return typeof raw === 'boolean' ? { ok: true, value: raw } : bad('SCREEN_INPUT_BOOL');
    case 'int': {
      const [min, max] = INT_RANGE[f.code] ?? [0, MAX_FEN];
      return typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max
        ? { ok: true, value: raw }
        : bad('SCREEN_INPUT_INT', { min, max });
    }
    case 'money': {
      if (inYuan) {
        const fen =
          typeof raw === 'number' && Number.isFinite(raw)
            ? yuanToFen(String(raw))
            : typeof raw === 'string'
              ? yuanToFen(raw)
              : null;
        return fen !== null && fen >= 0 && fen <= MAX_FEN
          ? { ok: true, value: fen }
          : bad('SCREEN_INPUT_YUAN');
      }
      return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= MAX_FEN
        ? { ok: true, value: raw }
        : bad('SCREEN_INPUT_FEN');
    }
    case 'enum': {
      const v =
        typeof raw === 'string'
          ? f.values?.find((x) => x.code === raw.trim() || x.zh === raw.trim())
          : undefined;
      return v ? { ok: true, value: v.code } : bad('SCREEN_INPUT_ENUM');
    }
    default:
      return bad('SCREEN_INPUT_KEY_DERIVED');
  }
}

/**
 * Reads a JSONL file of person records and checks every line: the people, or every problem with
 * its line number. Blank lines are skipped (line numbers stay those of the file).
 */
export function readPersons(
  text: string,
  asOf: string,
): { people: InputPerson[]; issues: InputIssue[]; lines: number; badLines: number } {
  const people: InputPerson[] = [];
  const issues: InputIssue[] = [];
  const seen = new Map<string, number>();
  const asOfKey = engine.dateKey(asOf);
  const rawLines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let lines = 0;
  const badLines = new Set<number>();
  for (let n = 0; n < rawLines.length; n++) {
    const line = n + 1;
    const raw = (rawLines[n] as string).trim();
    if (raw === '') continue;
    lines++;
    const problem = (code: ErrorCode, params: Record<string, string | number>, fact?: engine.FactCode) => {
      issues.push({ line, code, params, fact });
      badLines.add(line);
    };
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (err) {
      problem('SCREEN_INPUT_NOT_JSON', { detail: (err as Error).message });
      continue;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      problem('SCREEN_INPUT_NOT_OBJECT', { value: shown(obj) });
      continue;
    }
    const record = obj as Record<string, unknown>;
    // Identity and birth.
    let id: string | null = null;
    const rawId = record.id;
    if (rawId === undefined || rawId === null) problem('SCREEN_INPUT_REQUIRED', { key: 'id' });
    else if (
      (typeof rawId === 'string' && rawId.trim() !== '') ||
      (typeof rawId === 'number' && Number.isInteger(rawId))
    )
      id = String(rawId).trim();
    else problem('SCREEN_INPUT_TEXT', { key: 'id', value: shown(rawId) });
    if (id !== null) {
      const other = seen.get(id);
      if (other !== undefined) problem('SCREEN_INPUT_ID_DUPLICATE', { id, other });
      else seen.set(id, line);
    }
    let name: string | null = null;
    if (record.name !== undefined && record.name !== null) {
      if (typeof record.name === 'string' && record.name.trim() !== '') name = record.name.trim();
      else problem('SCREEN_INPUT_TEXT', { key: 'name', value: shown(record.name) });
    }
    let areaCode = '';
    if (record.areaCode !== undefined && record.areaCode !== null) {
      if (typeof record.areaCode === 'string' && /^\d{12}$/.test(record.areaCode)) areaCode = record.areaCode;
      else problem('SCREEN_INPUT_AREA', { value: shown(record.areaCode) });
    }
    let birth: string | null = null;
    const rawBirth = record.birthDate;
    if (rawBirth === undefined || rawBirth === null) problem('SCREEN_INPUT_REQUIRED', { key: 'birthDate' });
    else if (typeof rawBirth !== 'string' || !isIsoDate(rawBirth))
      problem('SCREEN_INPUT_DATE', { key: 'birthDate', value: shown(rawBirth) });
    else if (rawBirth > asOf) problem('SCREEN_INPUT_BIRTH_AFTER', { value: rawBirth, asOf });
    else birth = rawBirth;
    // Facts.
    const given = new Map<engine.FactCode, { key: string; value: number | boolean | string }>();
    for (const [key, raw] of Object.entries(record)) {
      if (key === 'id' || key === 'name' || key === 'areaCode' || key === 'birthDate') continue;
      const inYuan = key.endsWith('Yuan') && engine.FACT_BY_CODE.get(key.slice(0, -4))?.type === 'money';
      const f = engine.FACT_BY_CODE.get(inYuan ? key.slice(0, -4) : key);
      if (!f) {
        problem('SCREEN_INPUT_KEY_UNKNOWN', { key });
        continue;
      }
      if (DERIVED.has(f.code)) {
        problem('SCREEN_INPUT_KEY_DERIVED', { key }, f.code);
        continue;
      }
      if (raw === null) continue;
      const earlier = given.get(f.code);
      if (earlier) {
        problem('SCREEN_INPUT_KEY_TWICE', { key, other: earlier.key }, f.code);
        continue;
      }
      const v = factValue(f, key, raw, inYuan);
      if (!v.ok) problem(v.code, v.params, f.code);
      else given.set(f.code, { key, value: v.value });
    }
    if (badLines.has(line) || id === null || birth === null) continue;
    const facts: Record<string, unknown> = { id, areaCode };
    for (const f of engine.FACTS) facts[f.code] = given.has(f.code) ? given.get(f.code)?.value : noneValue(f);
    const birthKey = engine.dateKey(birth);
    const age = engine.ageOnKey(birthKey, asOfKey);
    facts.birth_date = birthKey;
    facts.age = age;
    facts.days_since_birthday = engine.daysSinceBirthday(birth, asOf);
    if (!given.has('former_jianggan') && areaCode)
      facts.former_jianggan = formerJiangganOf(areaCode) ?? false;
    people.push({ line, name, age, facts: facts as engine.PersonFacts });
  }
  return { people, issues, lines, badLines: badLines.size };
}

/** One issue as a sentence: "输入文件第 3 行：…". */
export function issueMessage(issue: InputIssue, lang: Lang): string {
  const params: Record<string, string | number> = { ...issue.params };
  const f = issue.fact ? engine.FACT_BY_CODE.get(issue.fact) : undefined;
  if (f) {
    params.label = factLabel(f, lang);
    if (f.values)
      params.allowed = f.values
        .map((v) => (lang === 'zh-CN' ? `${v.code}（${v.zh}）` : `${v.code} (${v.zh})`))
        .join(lang === 'zh-CN' ? '、' : ', ');
  }
  const reason = translateError(issue.code, params, lang);
  return translateError('SCREEN_INPUT_INVALID', { line: issue.line, reason }, lang);
}

// ── The seeds' programmes ──

export interface SeedRule {
  code: string;
  zh: string;
  en: string;
  kind: engine.RuleKind;
  rule: engine.TypedRule;
  compiled: engine.CompiledRule;
}

/**
 * The seeds' rules in force on a date, checked and compiled with the seeds' parameters. Unknown
 * codes are refused with the list of codes; a named programme not yet in force on the date, or a
 * parameter without a value then, is refused too; with "all", programmes not yet in force are
 * left out (and named in `skipped`).
 */
export function seedRulesOn(
  asOf: string,
  programmes: 'all' | string[],
): { rules: SeedRule[]; skipped: string[] } {
  const all = engine.SEED_PROGRAMMES;
  if (programmes !== 'all')
    for (const code of programmes)
      if (!all.some((p) => p.code === code))
        throw new AppError('SCREEN_PROGRAMME_UNKNOWN', { code, codes: all.map((p) => p.code).join(', ') });
  const rules: SeedRule[] = [];
  const skipped: string[] = [];
  for (const p of all) {
    if (programmes !== 'all' && !programmes.includes(p.code)) continue;
    if (p.validFrom > asOf) {
      if (programmes !== 'all')
        throw new AppError('PROGRAMME_NO_RULE_ON_DATE', { programme: p.zh, date: asOf });
      skipped.push(p.code);
      continue;
    }
    const checked = engine.checkRule(p.rule, p.kind, engine.SEED_PARAMS, p.validFrom);
    if (!checked.ok) throw new AppError('RULE_INVALID', { count: checked.errors.length });
    for (const param of checked.rule.params)
      if (engine.paramValueOn(param, asOf) === undefined)
        throw new AppError('PARAM_NO_VALUE_ON_DATE', { name: param.zh, date: asOf });
    rules.push({
      code: p.code,
      zh: p.zh,
      en: p.en,
      kind: p.kind,
      rule: checked.rule,
      compiled: engine.compileKernel(checked.rule, asOf),
    });
  }
  return { rules, skipped };
}

export interface PersonVerdict {
  person: InputPerson;
  programme: SeedRule;
  /** As the kernel: branch number, 0 = otherwise, -1 = unknown. */
  decision: number;
  verdict: Verdict;
  amount: number;
  period: 'month' | 'year' | 'once' | null;
  tier: 'red' | 'yellow' | null;
  days: number | null;
  missing: engine.FactDef[];
  explanation: ExplanationView | null;
}

/**
 * Every person under every rule: the compiled kernel decides (as the registry screening does);
 * the explainer names the missing facts of an unknown and, with `explain`, renders the "why".
 */
export function screenPersons(
  people: InputPerson[],
  rules: SeedRule[],
  asOf: string,
  opts: { explain: boolean; lang: Lang },
): PersonVerdict[][] {
  const table = engine.tableOf(people.map((p) => p.facts));
  const byZh = new Map(engine.FACTS.map((f) => [f.zh, f]));
  const out: PersonVerdict[][] = people.map(() => []);
  for (const r of rules) {
    const { decision, amount } = engine.runKernel(r.compiled, table);
    for (let i = 0; i < people.length; i++) {
      const person = people[i] as InputPerson;
      const d = decision[i] as number;
      const granted = grants(r.rule, d);
      const outcome = outcomeOf(r.rule, d);
      let missing: engine.FactDef[] = [];
      let explanation: ExplanationView | null = null;
      if (d < 0 || opts.explain) {
        const x = engine.explainRule(r.rule, person.facts, asOf);
        missing = x.missing.map((zh) => byZh.get(zh)).filter((f): f is engine.FactDef => !!f);
        if (opts.explain)
          explanation = explanationView(
            r.rule,
            x,
            {
              programmeCode: r.code,
              programmeName: opts.lang === 'zh-CN' ? r.zh : r.en,
              versionId: `seed:${r.code}`,
              version: 1,
              asOf,
              person: person.name ?? String(person.facts.id),
            },
            opts.lang,
          );
      }
      (out[i] as PersonVerdict[]).push({
        person,
        programme: r,
        decision: d,
        verdict:
          d < 0
            ? 'unknown'
            : r.kind === 'alert'
              ? granted
                ? 'alert'
                : 'no_alert'
              : granted
                ? 'entitled'
                : 'not_entitled',
        amount: d < 0 ? 0 : (amount[i] as number),
        period: granted && outcome.k === 'benefit' ? outcome.period : null,
        tier: granted && outcome.k === 'alert' ? outcome.tier : null,
        days: granted && outcome.k === 'alert' ? outcome.days : null,
        missing,
        explanation,
      });
    }
  }
  return out;
}

export function verdictText(v: PersonVerdict, lang: Lang): string {
  const t = TEXT[lang];
  switch (v.verdict) {
    case 'entitled':
      return v.period ? `${t.entitled} ¥${formatYuan(v.amount)}${t.per[v.period]}` : t.entitled;
    case 'not_entitled':
      return t.notEntitled;
    case 'alert':
      return t.alert(v.tier ?? 'yellow', v.days ?? 0);
    case 'no_alert':
      return t.noAlert;
    case 'unknown':
      return t.unknownMissing(v.missing.map((f) => factLabel(f, lang)).join(t.sep));
  }
}

function programmeName(r: { zh: string; en: string }, lang: Lang): string {
  return lang === 'zh-CN' ? r.zh : r.en;
}

export function formatVerdictTable(
  results: PersonVerdict[][],
  rules: SeedRule[],
  asOf: string,
  lang: Lang,
): string {
  const t = TEXT[lang];
  const withNames = results.some((r) => r[0]?.person.name);
  const rows: string[][] = [];
  for (const list of results)
    list.forEach((v, k) => {
      const first = k === 0;
      rows.push([
        first ? String(v.person.facts.id) : '',
        ...(withNames ? [first ? (v.person.name ?? '') : ''] : []),
        first ? String(v.person.age) : '',
        programmeName(v.programme, lang),
        verdictText(v, lang),
      ]);
    });
  const head = withNames ? t.head : t.head.filter((_, i) => i !== 1);
  const sum = rules.map((r, k) => {
    let yes = 0;
    let no = 0;
    let unknown = 0;
    let monthly = 0;
    let once = 0;
    for (const list of results) {
      const v = list[k] as PersonVerdict;
      if (v.verdict === 'entitled' || v.verdict === 'alert') {
        yes++;
        if (v.period === 'once') once += v.amount;
        else monthly += monthlyOf(v.amount, v.period);
      } else if (v.verdict === 'unknown') unknown++;
      else no++;
    }
    const money = (fen: number) => (fen > 0 ? `¥${formatYuan(Math.round(fen))}` : '—');
    return [programmeName(r, lang), String(yes), String(no), String(unknown), money(monthly), money(once)];
  });
  const explained = results.flatMap((list) =>
    list
      .filter((v) => v.explanation)
      .map(
        (v) =>
          `  ${String(v.person.facts.id)} · ${programmeName(v.programme, lang)}：${v.explanation?.summary}`,
      ),
  );
  return [
    formatTable(head, rows),
    '',
    t.people(results.length, rules.length, asOf),
    formatTable(t.sumHead, sum),
    ...(explained.length ? ['', `${t.explained}:`, ...explained] : []),
  ].join('\n');
}

export function verdictJson(v: PersonVerdict, asOf: string, lang: Lang): Record<string, unknown> {
  return {
    person: v.person.facts.id,
    ...(v.person.name ? { name: v.person.name } : {}),
    age: v.person.age,
    programme: v.programme.code,
    programmeName: programmeName(v.programme, lang),
    asOf,
    decision: v.decision,
    verdict: v.verdict,
    amount: v.amount,
    period: v.period,
    tier: v.tier,
    missing: v.missing.map((f) => f.code),
    missingLabels: v.missing.map((f) => factLabel(f, lang)),
    ...(v.explanation
      ? {
          summary: v.explanation.summary,
          branches: v.explanation.branches,
        }
      : {}),
  };
}

async function screenFile(o: ScreenOptions, io: ScreenIo): Promise<number> {
  const t = TEXT[o.lang];
  const path = o.input as string;
  const file = path === '-' ? 'stdin' : path;
  let text: string;
  try {
    text = path === '-' ? await io.readStdin() : await readFile(path, 'utf8');
  } catch (err) {
    io.err(
      `${translateError('SCREEN_INPUT_UNREADABLE', { file, detail: (err as NodeJS.ErrnoException).code ?? String(err) }, o.lang)}\n`,
    );
    return 2;
  }
  let rules: SeedRule[];
  let skipped: string[];
  try {
    ({ rules, skipped } = seedRulesOn(o.asOf, o.programmes));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    io.err(`${translateError(err.code, err.params, o.lang)}\n`);
    return 2;
  }
  const { people, issues, lines, badLines } = readPersons(text, o.asOf);
  if (issues.length > 0) {
    io.err(`${t.bad(file, lines, badLines)}\n`);
    const shownLines = [...new Set(issues.map((i) => i.line))].slice(0, BAD_LINES_SHOWN);
    const cut = new Set(shownLines);
    for (const i of issues) if (cut.has(i.line)) io.err(`  ${issueMessage(i, o.lang)}\n`);
    if (badLines > shownLines.length) io.err(`${t.more(badLines - shownLines.length)}\n`);
    return 2;
  }
  if (people.length === 0) {
    io.err(`${translateError('SCREEN_INPUT_EMPTY', { file }, o.lang)}\n`);
    return 2;
  }
  if (skipped.length > 0) {
    const names = skipped.map((c) => {
      const p = engine.SEED_PROGRAMMES.find((x) => x.code === c);
      return p ? programmeName(p, o.lang) : c;
    });
    io.err(`${t.skipped(names.join(t.sep))}\n`);
  }
  const results = screenPersons(people, rules, o.asOf, { explain: o.explain, lang: o.lang });
  if (o.format === 'jsonl') {
    const out: string[] = [];
    for (const list of results)
      for (const v of list) out.push(JSON.stringify(verdictJson(v, o.asOf, o.lang)));
    io.out(out.length ? `${out.join('\n')}\n` : '');
  } else io.out(`${formatVerdictTable(results, rules, o.asOf, o.lang)}\n`);
  return 0;
}

// ── The registry ──

type RunView = Awaited<ReturnType<typeof runScreening>>;
type Counts = RunView['counts'][string][string];

/** Whether a rule pays only once (its amounts are one-off totals, not monthly). */
function paysOnce(rule: engine.TypedRule): boolean {
  const periods = [...rule.branches.map((b) => b.outcome), rule.otherwise]
    .filter((o) => o.k === 'benefit')
    .map((o) => (o.k === 'benefit' ? o.period : null));
  return periods.length > 0 && periods.every((p) => p === 'once');
}

async function screenRegistry(o: ScreenOptions, io: ScreenIo): Promise<number> {
  const t = TEXT[o.lang];
  const { openContext } = await import('../bootstrap.ts');
  const ctx = await openContext();
  let progressShown = false;
  const endProgress = () => {
    if (io.isTTY && progressShown) io.err('\n');
    progressShown = false;
  };
  try {
    const actor = await cliActor(ctx, o.user);
    if (!actor) {
      io.err(`${t.noUser(o.user as string)}\n`);
      return 2;
    }
    const codes = o.programmes === 'all' ? undefined : o.programmes;
    const inForce = await rulesOn(ctx.db, o.asOf);
    for (const code of codes ?? []) {
      if (inForce.some((r) => r.programme.code === code)) continue;
      // A programme without a rule on the date is refused by name; an unknown code lists the codes.
      if ((await rulesOn(ctx.db, o.asOf, [code])).length === 0) {
        io.err(
          `${translateError('SCREEN_PROGRAMME_UNKNOWN', { code, codes: inForce.map((r) => r.programme.code).join(', ') }, o.lang)}\n`,
        );
        return 2;
      }
    }
    const rules = codes ? inForce.filter((r) => codes.includes(r.programme.code)) : inForce;
    const area = o.area ?? '330102000000';
    const prefix = areaPrefix(area);
    const areas = await allAreas(ctx.db);
    const names = new Map(areas.map((a) => [a.code.trim(), a.name]));
    const streets =
      prefix.length > 9
        ? 1
        : areas.filter((a) => a.level === 'street' && !a.closedOn && a.code.startsWith(prefix)).length;
    const runId = await startScreening(ctx, actor, { asOf: o.asOf, programmes: codes, areaCode: area });
    const started = Date.now();
    let done = 0;
    const run = await runScreening(ctx, actor, runId, {
      asOf: o.asOf,
      onProgress: (processed, _total, street) => {
        done++;
        const name = (prefix.length > 9 ? names.get(area) : names.get(`${street}000`)) ?? street;
        const line = t.progress(
          done,
          Math.max(done, streets),
          name,
          processed,
          ((Date.now() - started) / 1000).toFixed(1),
        );
        io.err(io.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
        progressShown = true;
      },
    });
    endProgress();
    const zero: Counts = {
      screened: 0,
      entitled: 0,
      enrolled: 0,
      entitledNotEnrolled: 0,
      enrolledNotEntitled: 0,
      unknown: 0,
      newItems: 0,
      closedItems: 0,
      monthlyAmount: 0,
    };
    const per = rules.map((r) => ({ r, c: run.counts[r.programme.code]?.all ?? zero }));
    const seconds = ((run.durationMs ?? Date.now() - started) / 1000).toFixed(1);
    if (o.format === 'jsonl') {
      const lines = per.map(({ r, c }) =>
        JSON.stringify({
          runId,
          asOf: o.asOf,
          areaCode: area,
          programme: r.programme.code,
          programmeName: o.lang === 'zh-CN' ? r.programme.nameZh : r.programme.nameEn,
          version: r.version.version,
          screened: c.screened,
          entitled: c.entitled,
          enrolled: c.enrolled,
          entitledNotEnrolled: c.entitledNotEnrolled,
          enrolledNotEntitled: c.enrolledNotEntitled,
          unknown: c.unknown,
          newItems: c.newItems,
          closedItems: c.closedItems,
          monthlyAmount: Math.round(c.monthlyAmount),
          paidOnce: paysOnce(r.rule),
        }),
      );
      io.out(lines.length ? `${lines.join('\n')}\n` : '');
    } else {
      const rows = per.map(({ r, c }) => [
        o.lang === 'zh-CN' ? r.programme.nameZh : r.programme.nameEn,
        String(c.screened),
        String(c.entitled),
        String(c.enrolled),
        String(c.entitledNotEnrolled),
        String(c.enrolledNotEntitled),
        String(c.unknown),
        String(c.newItems),
        c.monthlyAmount > 0
          ? `¥${formatYuan(Math.round(c.monthlyAmount))}${paysOnce(r.rule) ? t.per.once : ''}`
          : '—',
      ]);
      io.out(`${t.runDone(runId, o.asOf, run.processed, seconds)}\n${formatTable(t.regHead, rows)}\n`);
    }
    return 0;
  } catch (err) {
    endProgress();
    if (!(err instanceof AppError)) throw err;
    const message = translateError(err.code, err.params, o.lang);
    if (o.format === 'jsonl')
      io.out(`${JSON.stringify({ error: { code: err.code, message, params: err.params } })}\n`);
    io.err(`${message}\n`);
    return 1;
  } finally {
    await ctx.database.close();
  }
}

/** `minsheng screen …`: see USAGE and the help text. */
export async function runScreenCommand(args: string[], io: ScreenIo = processIo): Promise<number> {
  const parsed = parseScreenArgs(args, io.env);
  if (!parsed.ok) {
    if (parsed.out) io.out(parsed.out);
    if (parsed.err) io.err(`${parsed.err}\n`);
    return parsed.exit;
  }
  const o = parsed.options;
  return o.input !== undefined ? screenFile(o, io) : screenRegistry(o, io);
}
