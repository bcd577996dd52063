/**
 * `npm run bench -- eligibility [--residents 870000] [--reuse] [--engines pg,pglite]
 *   [--systems minsheng,hand-written,json-rules-engine,zen-engine,zen-engine-loop,json-logic,postgres-sql]
 *   [--sample 50000] [--samples 20000] [--peer-samples 5000] [--pg-samples 2000] [--pg-budget 60] [--rounds 5]
 *   [--zen-concurrency 16] [--zen-batch 1000] [--as-of yyyy-mm-dd] [--seed 2021]`
 *
 * The rule engine (ADR 0019) against every seed programme and alert trigger (19 rules) on the
 * demo district of N residents, as of the district's reference date, in one run on the same data:
 * - full-screening: every rule for every living resident; residents/s and the peak memory of the
 *   process that did it. minsheng (the rules compiled into one pass over the typed fact table) beside the same
 *   rules hand-written as one plain TypeScript loop (the practical limit), json-rules-engine,
 *   @gorules/zen-engine (one JDM graph of decision tables; one `evaluate` per resident with some
 *   calls in flight, and in loop mode over batches), json-logic-js (one expression per rule) and
 *   the rules' SQL (`ruleSql`) over `factsSql()` in one SELECT on PostgreSQL;
 * - re-evaluate-one: one person, every rule, in process (p50/p99), and the same through the
 *   database (`re-evaluate-one-from-db`: the person's facts query, then the kernels; beside it the
 *   SQL form as one prepared statement);
 * - end-to-end: from the database — load the facts as of the date, evaluate, write the worklist —
 *   on PostgreSQL and on PGlite.
 * Each in-process system runs in its own child process, so its peak RSS is its own. Every
 * system's decisions are checked against minsheng's: per rule the number of decisions > 0, the
 * sum of amounts and a checksum of the per-person decisions; the run is marked invalid otherwise.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  type Column,
  type CompiledRule,
  checkRule,
  compileFused,
  compileKernel,
  FACT_INDEX,
  FACTS,
  type FactTable,
  factsSql,
  isSmallColumn,
  newFactTable,
  type PersonFacts,
  paramValueOn,
  rowOf,
  ruleSql,
  SEED_PARAMS,
  SEED_PROGRAMMES,
  setRow,
  type TCond,
  type TExpr,
  type TOutcome,
  type TypedRule,
  UNKNOWN_INT,
  UNKNOWN_SMALL,
} from '../server/modules/eligibility/engine/index.ts';
import {
  DATA_DIR,
  databaseUrlFor,
  dbNameOf,
  type Engine,
  log,
  percentile,
  printTable,
  type Result,
  watched,
  withDistrict,
  writeResults,
} from './lib.ts';

const BENCH_KEY = '5d'.repeat(32);
/** Rows per FETCH from the facts cursor, and rows per worklist INSERT. */
const FETCH_ROWS = 50_000;
const WRITE_ROWS = 50_000;

const IN_PROCESS = [
  'minsheng',
  'hand-written',
  'json-rules-engine',
  'zen-engine',
  'zen-engine-loop',
  'json-logic',
] as const;
type InProcess = (typeof IN_PROCESS)[number];
type SystemName = InProcess | 'postgres-sql';
/** Peers slow enough to be measured on a deterministic sample of the residents. */
const SAMPLED: readonly InProcess[] = ['json-rules-engine', 'zen-engine', 'zen-engine-loop', 'json-logic'];
/** Peers whose unknown handling is simplified: they are compared where every fact a rule reads is known. */
const SIMPLIFIED: readonly InProcess[] = ['json-rules-engine', 'zen-engine', 'zen-engine-loop', 'json-logic'];

interface Options {
  residents: number;
  engines: Engine[];
  systems: SystemName[];
  reuse: boolean;
  seed: number;
  asOf: string | undefined;
  sample: number;
  samples: number;
  peerSamples: number;
  pgSamples: number;
  /** seconds each one-person case through the database may take */
  pgBudget: number;
  rounds: number;
  zenConcurrency: number;
  zenBatch: number;
}

/** mulberry32: the same seed draws the same persons in every system. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * This process's peak resident memory in MB. /proc's VmHWM belongs to the process image; the
 * getrusage figure would also count the parent's memory at the time of the fork.
 */
function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

// ───────────────────────────── the rules ─────────────────────────────

interface SeedRule {
  code: string;
  rule: TypedRule;
}

/** Every seed programme and trigger, checked for the date; a rule that does not check stops the run. */
function seedRules(asOf: string): SeedRule[] {
  return SEED_PROGRAMMES.map((p) => {
    const checked = checkRule(p.rule, p.kind, SEED_PARAMS, asOf);
    if (!checked.ok) throw new Error(`seed rule ${p.code} does not check: ${JSON.stringify(checked.errors)}`);
    return { code: p.code, rule: checked.rule };
  });
}

function paramsOn(asOf: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of SEED_PARAMS) {
    const v = paramValueOn(p, asOf);
    if (v !== undefined) out[p.code] = v;
  }
  return out;
}

/**
 * The seeds and facts this process was started with. Other people edit the engine while a long
 * run goes on; a child that read other rules than the parent must not be compared with it.
 */
function seedFingerprint(): string {
  const text = JSON.stringify([
    SEED_PROGRAMMES.map((p) => [p.code, p.kind, p.rule]),
    SEED_PARAMS.map((p) => [p.code, p.unit, p.values]),
    FACTS.map((f) => [f.code, f.type, f.nullable]),
  ]);
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}

/** A rule's expression with the parameters read for the date: a number, or null when it reads a fact. */
function folded(e: TExpr, asOf: string): number | null {
  switch (e.k) {
    case 'fact':
      return null;
    case 'const':
      return e.value;
    case 'param': {
      const v = paramValueOn(e.param, asOf);
      if (v === undefined) throw new Error(`parameter ${e.param.code} has no value on ${asOf}`);
      return v;
    }
    case 'bin': {
      const l = folded(e.left, asOf);
      const r = folded(e.right, asOf);
      if (l === null || r === null) return null;
      if (e.percent) return e.op === '*' ? (l * r) / 100 : (l / r) * 100;
      return e.op === '+' ? l + r : e.op === '-' ? l - r : e.op === '*' ? l * r : l / r;
    }
    case 'call': {
      const vs = e.args.map((a) => folded(a, asOf));
      if (vs.some((v) => v === null)) return null;
      return e.fn === 'min' ? Math.min(...(vs as number[])) : Math.max(...(vs as number[]));
    }
  }
}

/** A literal in the peers' terms: enum values by their code, booleans as booleans. */
function literal(e: TExpr, value: number): number | string | boolean {
  if (e.ty.base === 'enum') return e.ty.fact.values?.[value]?.code ?? String(value);
  if (e.ty.base === 'bool') return value === 1;
  return value;
}

function setLiterals(subject: TExpr, set: number[]): (number | string | boolean)[] {
  return set.map((v) => literal(subject, v));
}

/** An amount outside any engine (json-rules-engine has no arithmetic): the harness computes it. */
function amountFunction(o: TOutcome, asOf: string): (p: PersonFacts) => number | null {
  if (o.k !== 'benefit') return () => 0;
  const value = (e: TExpr, p: PersonFacts): number | null => {
    const f = folded(e, asOf);
    if (f !== null) return f;
    if (e.k === 'fact') {
      const v = p[e.fact.code];
      return v === null || v === undefined ? null : Number(v);
    }
    if (e.k === 'bin') {
      const l = value(e.left, p);
      const r = value(e.right, p);
      if (l === null || r === null) return null;
      if (e.percent) return e.op === '*' ? (l * r) / 100 : (l / r) * 100;
      return e.op === '+' ? l + r : e.op === '-' ? l - r : e.op === '*' ? l * r : l / r;
    }
    if (e.k === 'call') {
      const vs = e.args.map((a) => value(a, p));
      if (vs.some((v) => v === null)) return null;
      return e.fn === 'min' ? Math.min(...(vs as number[])) : Math.max(...(vs as number[]));
    }
    return null;
  };
  return (p) => {
    const v = value(o.amount, p);
    return v === null ? null : Math.max(0, Math.round(v));
  };
}

// ───────────────────────────── the hand-written loop ─────────────────────────────

/** The rule codes the hand-written loop encodes, in its output order. */
const HAND_CODES = [
  'chongyang',
  'family_bed',
  'longevity',
  'accident_insurance',
  'social_assistance',
  'temporary_aid',
  'disability_living',
  'severe_disability_care',
  'children_in_difficulty',
  'home_modification',
  'medical_travel',
  'smart_terminal',
  'appliance_repair',
  'alert_hospital',
  'alert_medical',
  'alert_income_drop',
  'alert_widowed',
  'alert_new_disability',
  'alert_turning_80',
] as const;

/**
 * The 19 rules as a developer would write them by hand: one function over a person's facts
 * record, parameters read for the date once. Unknown facts are handled as the rule language
 * does: a condition that needs a fact which is not recorded makes the decision unknown (-1),
 * unless a known part already settles it. `d[r][j]` = decision of rule r for person j.
 */
function handWritten(P: Record<string, number>) {
  const need = (code: string) => {
    const v = P[code];
    if (v === undefined) throw new Error(`parameter ${code} has no value`);
    return v;
  };
  const pensionLine = need('pension_line');
  const chongyangMonthly = need('chongyang_monthly');
  const longevity80 = need('longevity_80');
  const longevity90 = need('longevity_90');
  const longevity100 = need('longevity_100');
  const tekunStandard = need('tekun_standard');
  const dibao = need('dibao_standard');
  const dibianLine = (dibao * need('dibian_multiple')) / 100;
  const medicalLine = need('medical_burden_line');
  const tempAidCap = need('temp_aid_cap');
  const disabilityLiving = need('disability_living');
  const care1 = need('care_subsidy_1');
  const care2 = need('care_subsidy_2');
  const childSubsidy = need('child_subsidy');
  const modificationCap = need('modification_cap');
  const travelSubsidy = need('travel_subsidy');

  return (p: PersonFacts, j: number, d: Int8Array[], a: Int32Array[]): void => {
    const age = p.age as number;
    const hukou = p.hukou_local as boolean;
    const pension = p.pension as number | null;
    const ability = p.ability as string | null;
    const living = p.living as string | null;
    const grade = p.disability_grade as number;
    const low = p.low_income as string;
    const veteran = p.veteran as string;
    const hhIncome = p.household_income as number | null;
    const medical = p.medical_spend as number;
    const elder = age >= 60;
    // null = not recorded
    const dependent =
      ability === null ? null : ability === 'moderate' || ability === 'severe' || ability === 'total';
    const aloneOrEmpty =
      living === null
        ? null
        : living === 'alone' || living === 'empty_nest' || living === 'widowed_childless';
    const assisted = low === 'dibao' || low === 'dibian' || low === 'tekun';
    let dec: number;
    let amt: number;

    // 0 chongyang: R4–R5
    {
      const pensionOk = pension === null ? null : pension <= pensionLine;
      const disabled = ability === null ? null : ability !== 'intact';
      if (!hukou || !elder || pensionOk === false || disabled === false || aloneOrEmpty === false) {
        dec = 0;
        amt = 0;
      } else if (pensionOk === null || disabled === null || aloneOrEmpty === null) {
        dec = -1;
        amt = 0;
      } else {
        dec = 1;
        amt = chongyangMonthly;
      }
      (d[0] as Int8Array)[j] = dec;
      (a[0] as Int32Array)[j] = amt;
    }
    // 1 family_bed: R1–R3, 600 or 200, never both
    if (elder && dependent === null) {
      dec = -1;
      amt = 0;
    } else if (elder && dependent) {
      dec = 1;
      amt = 60000;
    } else if (age >= 85 && ability === 'mild') {
      dec = 2;
      amt = 20000;
    } else {
      dec = 0;
      amt = 0;
    }
    (d[1] as Int8Array)[j] = dec;
    (a[1] as Int32Array)[j] = amt;
    // 2 longevity: R16
    if (hukou && age >= 100) {
      dec = 1;
      amt = longevity100;
    } else if (hukou && age >= 90) {
      dec = 2;
      amt = longevity90;
    } else if (hukou && age >= 80) {
      dec = 3;
      amt = longevity80;
    } else {
      dec = 0;
      amt = 0;
    }
    (d[2] as Int8Array)[j] = dec;
    (a[2] as Int32Array)[j] = amt;
    // 3 accident_insurance: R17
    if (age >= 80) dec = 1;
    else if (
      elder &&
      (low === 'dibao' ||
        low === 'tekun' ||
        veteran === 'disabled_serviceman' ||
        veteran === 'martyr_family' ||
        veteran === 'war_veteran' ||
        p.special_family === 'shidu')
    )
      dec = 2;
    else dec = 0;
    (d[3] as Int8Array)[j] = dec;
    (a[3] as Int32Array)[j] = 0;
    // 4 social_assistance: R28–R29
    if (low === 'tekun') {
      dec = 1;
      amt = tekunStandard;
    } else if (!hukou) {
      dec = 0;
      amt = 0;
    } else if (hhIncome === null) {
      dec = -1;
      amt = 0;
    } else if (hhIncome < dibao) {
      dec = 2;
      amt = Math.max(0, Math.round((dibao - hhIncome) * (p.household_size as number)));
    } else if (hhIncome <= dibianLine) {
      dec = 3;
      amt = 0;
    } else {
      dec = 0;
      amt = 0;
    }
    (d[4] as Int8Array)[j] = dec;
    (a[4] as Int32Array)[j] = amt;
    // 5 temporary_aid: R29, S34
    if (!hukou || medical < medicalLine) {
      dec = 0;
      amt = 0;
    } else if (hhIncome === null) {
      dec = -1;
      amt = 0;
    } else if (hhIncome <= dibao * 2) {
      dec = 1;
      amt = Math.max(0, Math.round(Math.min((medical * 50) / 100, tempAidCap)));
    } else {
      dec = 0;
      amt = 0;
    }
    (d[5] as Int8Array)[j] = dec;
    (a[5] as Int32Array)[j] = amt;
    // 6 disability_living
    if (grade >= 1 && grade <= 4 && assisted) {
      dec = 1;
      amt = disabilityLiving;
    } else {
      dec = 0;
      amt = 0;
    }
    (d[6] as Int8Array)[j] = dec;
    (a[6] as Int32Array)[j] = amt;
    // 7 severe_disability_care
    if (grade === 1) {
      dec = 1;
      amt = care1;
    } else if (grade === 2) {
      dec = 2;
      amt = care2;
    } else {
      dec = 0;
      amt = 0;
    }
    (d[7] as Int8Array)[j] = dec;
    (a[7] as Int32Array)[j] = amt;
    // 8 children_in_difficulty: S33
    if (age < 18 && ((grade >= 1 && grade <= 4) || low !== 'none' || p.household_severe_disabled === true)) {
      dec = 1;
      amt = childSubsidy;
    } else {
      dec = 0;
      amt = 0;
    }
    (d[8] as Int8Array)[j] = dec;
    (a[8] as Int32Array)[j] = amt;
    // 9 home_modification: R10
    if (elder && (low !== 'none' || dependent === true || (grade >= 1 && grade <= 2))) {
      dec = 1;
      amt = modificationCap;
    } else if (elder && dependent === null) {
      dec = -1;
      amt = 0;
    } else {
      dec = 0;
      amt = 0;
    }
    (d[9] as Int8Array)[j] = dec;
    (a[9] as Int32Array)[j] = amt;
    // 10 medical_travel: R19
    (d[10] as Int8Array)[j] = elder ? 1 : 0;
    (a[10] as Int32Array)[j] = elder ? travelSubsidy : 0;
    // 11 smart_terminal: R14
    if (age >= 80) dec = 1;
    else if (age >= 70 && aloneOrEmpty === null) dec = -1;
    else if (age >= 70 && aloneOrEmpty) dec = 2;
    else dec = 0;
    (d[11] as Int8Array)[j] = dec;
    (a[11] as Int32Array)[j] = 0;
    // 12 appliance_repair: R12
    if (hukou && p.former_jianggan === true && age >= 80) dec = 1;
    else if (hukou && p.former_jianggan === true && elder && assisted) dec = 2;
    else dec = 0;
    (d[12] as Int8Array)[j] = dec;
    (a[12] as Int32Array)[j] = 0;
    // 13 alert_hospital: S26, red from 14 days in hospital, yellow from 7
    {
      const days = p.hospital_days as number;
      (d[13] as Int8Array)[j] = elder && days >= 14 ? 1 : elder && days >= 7 ? 2 : 0;
      (a[13] as Int32Array)[j] = 0;
    }
    // 14 alert_medical
    if (medical >= medicalLine && low !== 'none') dec = 1;
    else if (medical >= medicalLine) dec = 2;
    else dec = 0;
    (d[14] as Int8Array)[j] = dec;
    (a[14] as Int32Array)[j] = 0;
    // 15 alert_income_drop
    {
      const drop = p.income_drop as number | null;
      (d[15] as Int8Array)[j] = drop === null ? -1 : drop >= 50 ? 1 : 0;
      (a[15] as Int32Array)[j] = 0;
    }
    // 16 alert_widowed
    {
      const widowed = p.recently_widowed === true;
      (d[16] as Int8Array)[j] = widowed && age >= 70 ? 1 : widowed && elder ? 2 : 0;
      (a[16] as Int32Array)[j] = 0;
    }
    // 17 alert_new_disability
    {
      const newly = p.newly_disabled === true;
      (d[17] as Int8Array)[j] = newly && grade >= 1 && grade <= 2 ? 1 : newly ? 2 : 0;
      (a[17] as Int32Array)[j] = 0;
    }
    // 18 alert_turning_80
    (d[18] as Int8Array)[j] = age === 80 && (p.days_since_birthday as number) <= 30 ? 1 : 0;
    (a[18] as Int32Array)[j] = 0;
  };
}

// ───────────────────────────── the peers' encodings ─────────────────────────────

/** json-logic-js: one expression per rule, giving [decision, amount]. */
function toJsonLogic(rule: TypedRule, asOf: string): unknown {
  const value = (e: TExpr): unknown => {
    const f = folded(e, asOf);
    if (f !== null) return f;
    switch (e.k) {
      case 'fact':
        return { var: e.fact.code };
      case 'bin':
        if (e.percent) return { '/': [{ [e.op]: [value(e.left), value(e.right)] }, 100] };
        return { [e.op]: [value(e.left), value(e.right)] };
      case 'call':
        return { [e.fn]: e.args.map(value) };
      default:
        throw new Error(`json-logic: no encoding for ${e.k}`);
    }
  };
  const side = (e: TExpr, other: TExpr): unknown => {
    const f = folded(e, asOf);
    return f !== null ? literal(other, f) : value(e);
  };
  const cond = (c: TCond): unknown => {
    switch (c.k) {
      case 'cmp': {
        const op = c.op === '=' ? '===' : c.op === '!=' ? '!==' : c.op;
        return { [op]: [side(c.left, c.right), side(c.right, c.left)] };
      }
      case 'in': {
        const test = { in: [value(c.subject), setLiterals(c.subject, c.set)] };
        return c.negated ? { '!': test } : test;
      }
      case 'truth':
        return { '===': [value(c.subject), true] };
      case 'and':
      case 'or':
        return { [c.k]: c.items.map(cond) };
      case 'not':
        return { '!': cond(c.item) };
    }
  };
  const outcome = (o: TOutcome, decision: number): unknown => [
    decision,
    o.k === 'benefit' ? value(o.amount) : 0,
  ];
  const args: unknown[] = [];
  rule.branches.forEach((b, i) => {
    args.push(cond(b.cond), outcome(b.outcome, i + 1));
  });
  args.push(outcome(rule.otherwise, 0));
  return { if: args };
}

interface JreRule {
  conditions: unknown;
  event: { type: string; params: { rule: number; branch: number; amount: number | null } };
  priority: number;
}

/**
 * json-rules-engine: one engine rule per branch (an engine rule has one event). The engine runs
 * every rule; the harness takes the first branch that fired per programme (first hit) and
 * computes amounts that read facts (the engine has no arithmetic).
 */
function toJsonRules(code: string, r: number, rule: TypedRule, asOf: string): JreRule[] {
  const ops: Record<string, string> = {
    '>=': 'greaterThanInclusive',
    '<=': 'lessThanInclusive',
    '>': 'greaterThan',
    '<': 'lessThan',
    '=': 'equal',
    '!=': 'notEqual',
  };
  const flip: Record<string, string> = { '>=': '<=', '<=': '>=', '>': '<', '<': '>', '=': '=', '!=': '!=' };
  const cond = (c: TCond): unknown => {
    switch (c.k) {
      case 'cmp': {
        const lv = folded(c.left, asOf);
        const rv = folded(c.right, asOf);
        if (c.left.k === 'fact' && rv !== null)
          return { fact: c.left.fact.code, operator: ops[c.op], value: literal(c.left, rv) };
        if (c.right.k === 'fact' && lv !== null)
          return {
            fact: c.right.fact.code,
            operator: ops[flip[c.op] as string],
            value: literal(c.right, lv),
          };
        throw new Error(`json-rules-engine: ${code} compares two computed values`);
      }
      case 'in':
        if (c.subject.k !== 'fact') throw new Error(`json-rules-engine: ${code} tests a computed value`);
        return {
          fact: c.subject.fact.code,
          operator: c.negated ? 'notIn' : 'in',
          value: setLiterals(c.subject, c.set),
        };
      case 'truth':
        if (c.subject.k !== 'fact') throw new Error(`json-rules-engine: ${code} tests a computed value`);
        return { fact: c.subject.fact.code, operator: 'equal', value: true };
      case 'and':
        return { all: c.items.map(cond) };
      case 'or':
        return { any: c.items.map(cond) };
      case 'not':
        return { not: cond(c.item) };
    }
  };
  return rule.branches.map((b, i) => {
    const top = cond(b.cond) as Record<string, unknown>;
    const amount = b.outcome.k === 'benefit' ? folded(b.outcome.amount, asOf) : 0;
    return {
      conditions: 'all' in top || 'any' in top || 'not' in top ? top : { all: [top] },
      event: {
        type: code,
        params: { rule: r, branch: i + 1, amount: amount === null ? null : Math.round(amount) },
      },
      priority: 100 - i,
    };
  });
}

/**
 * @gorules/zen-engine: one decision table per rule (hit policy "first"), one row per branch and a
 * last catch-all row for "otherwise". Conditions on one fact become unary cells in that fact's
 * column (`>= 60`, `"mild", "moderate"`, `[1..4]`); the rest (or, not, not in) go into a column
 * without a field, whose cells are whole expressions.
 */
function toZenTable(code: string, rule: TypedRule, asOf: string, loop: boolean): Record<string, unknown> {
  const lit = (e: TExpr, v: number) => JSON.stringify(literal(e, v));
  const value = (e: TExpr): string => {
    const f = folded(e, asOf);
    if (f !== null) return String(f);
    switch (e.k) {
      case 'fact':
        return e.fact.code;
      case 'bin':
        return e.percent
          ? `(${value(e.left)} ${e.op} ${value(e.right)} / 100)`
          : `(${value(e.left)} ${e.op} ${value(e.right)})`;
      case 'call':
        return `${e.fn}([${e.args.map(value).join(', ')}])`;
      default:
        throw new Error(`zen: no encoding for ${e.k}`);
    }
  };
  const side = (e: TExpr, other: TExpr): string => {
    const f = folded(e, asOf);
    return f !== null ? lit(other, f) : value(e);
  };
  const expr = (c: TCond): string => {
    switch (c.k) {
      case 'cmp':
        return `(${side(c.left, c.right)} ${c.op === '=' ? '==' : c.op} ${side(c.right, c.left)})`;
      case 'in':
        return `(${value(c.subject)} ${c.negated ? 'not in' : 'in'} [${setLiterals(c.subject, c.set)
          .map((v) => JSON.stringify(v))
          .join(', ')}])`;
      case 'truth':
        return `(${value(c.subject)} == true)`;
      case 'and':
      case 'or':
        return `(${c.items.map(expr).join(` ${c.k} `)})`;
      case 'not':
        return `(not ${expr(c.item)})`;
    }
  };
  const flip: Record<string, string> = { '>=': '<=', '<=': '>=', '>': '<', '<': '>', '=': '==', '!=': '!=' };
  /** A leaf on one fact as [field, unary cell], or null when it must be an expression. */
  const unary = (c: TCond): [string, string] | null => {
    if (c.k === 'cmp') {
      const lv = folded(c.left, asOf);
      const rv = folded(c.right, asOf);
      if (c.left.k === 'fact' && rv !== null)
        return [c.left.fact.code, `${c.op === '=' ? '==' : c.op} ${lit(c.left, rv)}`];
      if (c.right.k === 'fact' && lv !== null)
        return [c.right.fact.code, `${flip[c.op]} ${lit(c.right, lv)}`];
      return null;
    }
    if (c.k === 'in' && !c.negated && c.subject.k === 'fact')
      return [
        c.subject.fact.code,
        setLiterals(c.subject, c.set)
          .map((v) => JSON.stringify(v))
          .join(', '),
      ];
    if (c.k === 'truth' && c.subject.k === 'fact') return [c.subject.fact.code, 'true'];
    return null;
  };
  const leaves = (c: TCond): TCond[] => (c.k === 'and' ? c.items.flatMap(leaves) : [c]);
  const fields: string[] = [];
  let needsExpression = false;
  const rows = rule.branches.map((b) => {
    const cells = new Map<string, string[]>();
    const exprs: string[] = [];
    for (const leaf of leaves(b.cond)) {
      const u = unary(leaf);
      if (u) {
        if (!fields.includes(u[0])) fields.push(u[0]);
        cells.set(u[0], [...(cells.get(u[0]) ?? []), u[1]]);
      } else {
        exprs.push(expr(leaf));
        needsExpression = true;
      }
    }
    return { cells, exprs };
  });
  const amountCell = (o: TOutcome): string => {
    if (o.k !== 'benefit') return '0';
    const f = folded(o.amount, asOf);
    return f !== null ? String(Math.max(0, Math.round(f))) : `max([0, round(${value(o.amount)})])`;
  };
  const inputs = [
    ...fields.map((f) => ({ id: `in_${f}`, name: f, field: f })),
    ...(needsExpression ? [{ id: 'in_expr', name: 'condition', field: '' }] : []),
  ];
  const row = (
    id: string,
    cells: Map<string, string[]>,
    exprs: string[],
    decision: number,
    amount: string,
  ) => {
    const out: Record<string, string> = { _id: id };
    for (const f of fields) out[`in_${f}`] = (cells.get(f) ?? []).join(' and ');
    if (needsExpression) out.in_expr = exprs.join(' and ');
    out.out_decision = String(decision);
    out.out_amount = amount;
    return out;
  };
  return {
    id: `t_${code}`,
    name: code,
    type: 'decisionTableNode',
    position: { x: 300, y: 0 },
    content: {
      hitPolicy: 'first',
      inputs,
      outputs: [
        { id: 'out_decision', name: 'decision', field: `${code}.decision` },
        { id: 'out_amount', name: 'amount', field: `${code}.amount` },
      ],
      rules: [
        ...rule.branches.map((b, i) => {
          const r = rows[i] as { cells: Map<string, string[]>; exprs: string[] };
          return row(`b${i + 1}`, r.cells, r.exprs, i + 1, amountCell(b.outcome));
        }),
        row('otherwise', new Map(), [], 0, amountCell(rule.otherwise)),
      ],
      passThrough: false,
      inputField: loop ? 'people' : null,
      outputPath: loop ? `r_${code}` : null,
      executionMode: loop ? 'loop' : 'single',
    },
  };
}

function toZenGraph(rules: SeedRule[], asOf: string, loop: boolean): Record<string, unknown> {
  const tables = rules.map((r) => toZenTable(r.code, r.rule, asOf, loop));
  return {
    nodes: [
      { id: 'request', name: 'request', type: 'inputNode', position: { x: 0, y: 0 } },
      ...tables,
      { id: 'response', name: 'response', type: 'outputNode', position: { x: 600, y: 0 } },
    ],
    edges: tables.flatMap((t) => [
      { id: `e_in_${t.id}`, sourceId: 'request', targetId: t.id, type: 'edge' },
      { id: `e_out_${t.id}`, sourceId: t.id, targetId: 'response', type: 'edge' },
    ]),
  };
}

// ───────────────────────────── the data file ─────────────────────────────

/**
 * The facts as loaded once from the database, handed to each system's process: a JSON header,
 * the ids (36 bytes each), the area codes (12 bytes each) and the typed columns as they are.
 */
function writeFactFile(file: string, table: FactTable, asOf: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const header = Buffer.from(JSON.stringify({ size: table.size, asOf, facts: FACTS.map((f) => f.code) }));
  const fd = openSync(file, 'w');
  try {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.length);
    writeSync(fd, len);
    writeSync(fd, header);
    const CHUNK = 100_000;
    for (let i = 0; i < table.size; i += CHUNK) {
      const end = Math.min(table.size, i + CHUNK);
      writeSync(fd, Buffer.from(table.ids.slice(i, end).join(''), 'latin1'));
    }
    for (let i = 0; i < table.size; i += CHUNK) {
      const end = Math.min(table.size, i + CHUNK);
      writeSync(fd, Buffer.from(table.areaCodes.slice(i, end).join(''), 'latin1'));
    }
    for (const col of table.columns)
      writeSync(fd, new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
  } finally {
    closeSync(fd);
  }
}

function readFactFile(file: string): { table: FactTable; asOf: string } {
  const fd = openSync(file, 'r');
  try {
    const len = Buffer.alloc(4);
    readSync(fd, len, 0, 4, 0);
    const headerLen = len.readUInt32LE();
    const hb = Buffer.alloc(headerLen);
    readSync(fd, hb, 0, headerLen, 4);
    const header = JSON.parse(hb.toString()) as { size: number; asOf: string; facts: string[] };
    if (header.facts.join(',') !== FACTS.map((f) => f.code).join(','))
      throw new Error(`${file} was written with other facts; run again`);
    const table = newFactTable(header.size);
    let pos = 4 + headerLen;
    const CHUNK = 100_000;
    for (const [width, target] of [
      [36, table.ids],
      [12, table.areaCodes],
    ] as const) {
      for (let i = 0; i < header.size; i += CHUNK) {
        const n = Math.min(CHUNK, header.size - i);
        const buf = Buffer.alloc(n * width);
        readSync(fd, buf, 0, buf.length, pos);
        pos += buf.length;
        for (let k = 0; k < n; k++) target[i + k] = buf.toString('latin1', k * width, (k + 1) * width);
      }
    }
    for (const col of table.columns) {
      readSync(fd, new Uint8Array(col.buffer, col.byteOffset, col.byteLength), 0, col.byteLength, pos);
      pos += col.byteLength;
    }
    return { table, asOf: header.asOf };
  } finally {
    closeSync(fd);
  }
}

/** One row of `factsSql()` (array mode, columns named by fact code) into row `i` of the table. */
function rowWriter(fieldNames: string[]): (table: FactTable, i: number, row: unknown[]) => void {
  const at = (name: string) => {
    const k = fieldNames.indexOf(name);
    if (k < 0) throw new Error(`the facts query has no column ${name}`);
    return k;
  };
  const idAt = at('id');
  const areaAt = at('area_code');
  const cols = FACTS.map((f) => ({ k: at(f.code), unknown: isSmallColumn(f) ? UNKNOWN_SMALL : UNKNOWN_INT }));
  return (table, i, row) => {
    table.ids[i] = row[idAt] as string;
    table.areaCodes[i] = row[areaAt] as string;
    for (let f = 0; f < cols.length; f++) {
      const c = cols[f] as { k: number; unknown: number };
      const v = row[c.k];
      (table.columns[f] as Column)[i] = v === null || v === undefined ? c.unknown : Number(v);
    }
  };
}

/** A facts source: PostgreSQL through one pg client, or PGlite in this process. */
interface Source {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[][]; fields: string[] }>;
  exec(text: string): Promise<void>;
  close(): Promise<void>;
}

async function openSource(engine: Engine, url: string): Promise<Source> {
  if (engine === 'pg') {
    const c = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
    await c.connect();
    return {
      query: async (text, params) => {
        const r = await c.query({ text, values: params, rowMode: 'array' });
        return { rows: r.rows as unknown[][], fields: r.fields.map((f) => f.name) };
      },
      exec: async (text) => {
        await c.query(text);
      },
      close: () => c.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(url);
  await db.exec("SET TIME ZONE 'UTC'");
  return {
    query: async (text, params) => {
      const r = await db.query(text, params ?? [], { rowMode: 'array' });
      return { rows: r.rows as unknown[][], fields: r.fields.map((f) => f.name) };
    },
    exec: async (text) => {
      await db.exec(text);
    },
    close: () => db.close(),
  };
}

/** The facts of every living person as of the date, through a cursor (memory stays flat). */
async function loadFacts(src: Source, asOf: string): Promise<FactTable> {
  // The query reads `$1::date`; a cursor is declared with the date written in.
  const query = factsSql().replaceAll('$1::date', `'${asOf}'::date`);
  // Each chunk goes straight into typed columns that double when full: the rows of the whole
  // district never sit in memory as JavaScript arrays.
  let table = newFactTable(FETCH_ROWS);
  let size = 0;
  let put: ReturnType<typeof rowWriter> | undefined;
  await src.exec('begin');
  try {
    // A cursor is planned for its first rows unless told it will be read to the end.
    await src.exec('set local cursor_tuple_fraction = 1');
    await src.exec(`declare facts no scroll cursor for ${query}`);
    for (;;) {
      const r = await src.query(`fetch ${FETCH_ROWS} from facts`);
      if (!r.rows.length) break;
      put ??= rowWriter(r.fields);
      if (size + r.rows.length > table.size)
        table = resized(table, size, Math.max(table.size * 2, size + r.rows.length));
      for (const row of r.rows) put(table, size++, row);
    }
  } finally {
    await src.exec('commit');
  }
  return resized(table, size, size);
}

/** The first `used` rows of a table in a table of `capacity` rows. */
function resized(table: FactTable, used: number, capacity: number): FactTable {
  if (capacity === table.size) return table;
  const out = newFactTable(capacity);
  for (let i = 0; i < used; i++) {
    out.ids[i] = table.ids[i] as string;
    out.areaCodes[i] = table.areaCodes[i] as string;
  }
  for (let f = 0; f < out.columns.length; f++)
    (out.columns[f] as Column).set((table.columns[f] as Column).subarray(0, used));
  return out;
}

/**
 * Facts records as a program builds them: one object literal with every fact, so all records
 * share one shape (`rowOf` adds the facts one by one, which leaves V8 a slow dictionary object).
 */
function recordMaker(): (r: PersonFacts) => PersonFacts {
  const fields = ['id', 'areaCode', ...FACTS.map((f) => f.code)];
  return new Function('r', `return { ${fields.map((f) => `${f}: r.${f}`).join(', ')} };`) as (
    r: PersonFacts,
  ) => PersonFacts;
}

// ───────────────────────────── decisions and their checks ─────────────────────────────

interface Outputs {
  decision: Int8Array[];
  amount: Int32Array[];
}

function newOutputs(rules: number, n: number): Outputs {
  return {
    decision: Array.from({ length: rules }, () => new Int8Array(n)),
    amount: Array.from({ length: rules }, () => new Int32Array(n)),
  };
}

interface RuleStats {
  code: string;
  n: number;
  positive: number;
  unknown: number;
  amount: number;
  /** Persons for whom every fact the rule reads is recorded, and the same figures among them. */
  known: number;
  knownPositive: number;
  knownAmount: number;
  hash: number;
  knownHash: number;
}

/** FNV-1a of each person's id: the checksums below are keyed by person, not by row order. */
function idHashes(n: number, idOf: (pos: number) => string): Int32Array {
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const id = idOf(j);
    let h = 2166136261;
    for (let c = 0; c < id.length; c++) h = Math.imul(h ^ id.charCodeAt(c), 16777619);
    out[j] = h;
  }
  return out;
}

/**
 * Per rule over the given positions: decisions > 0, unknown decisions, the sum of amounts, the
 * same among persons whose facts for the rule are all known, and checksums of every person's
 * (id, decision, amount) — equal counts and sums could hide differences that cancel. The
 * checksums add one mixed hash per person, so two loads that return the rows in another order
 * still agree.
 */
function ruleStats(
  rules: SeedRule[],
  out: Outputs,
  positions: ArrayLike<number>,
  isNull: (pos: number, fact: number) => boolean,
  ids: Int32Array,
): RuleStats[] {
  return rules.map((r, k) => {
    const facts = r.rule.facts.map((f) => FACT_INDEX.get(f.code) as number);
    const d = out.decision[k] as Int8Array;
    const a = out.amount[k] as Int32Array;
    const s: RuleStats = {
      code: r.code,
      n: positions.length,
      positive: 0,
      unknown: 0,
      amount: 0,
      known: 0,
      knownPositive: 0,
      knownAmount: 0,
      hash: 0,
      knownHash: 0,
    };
    let h = 0;
    let kh = 0;
    for (let x = 0; x < positions.length; x++) {
      const j = positions[x] as number;
      const dec = d[j] as number;
      const amt = a[j] as number;
      if (dec > 0) s.positive++;
      else if (dec < 0) s.unknown++;
      s.amount += amt;
      let m = Math.imul((ids[j] as number) ^ (dec & 0xff), 16777619);
      m = Math.imul(m ^ amt, 16777619);
      m ^= m >>> 15;
      h = (h + m) | 0;
      let known = true;
      for (const f of facts) if (isNull(j, f)) known = false;
      if (known) {
        s.known++;
        if (dec > 0) s.knownPositive++;
        s.knownAmount += amt;
        kh = (kh + m) | 0;
      }
    }
    s.hash = h >>> 0;
    s.knownHash = kh >>> 0;
    return s;
  });
}

function tableIsNull(table: FactTable): (pos: number, fact: number) => boolean {
  const small = FACTS.map(isSmallColumn);
  return (pos, f) =>
    ((table.columns[f] as Column)[pos] as number) === (small[f] ? UNKNOWN_SMALL : UNKNOWN_INT);
}

function personsIsNull(persons: PersonFacts[]): (pos: number, fact: number) => boolean {
  const codes = FACTS.map((f) => f.code);
  return (pos, f) => (persons[pos] as PersonFacts)[codes[f] as (typeof codes)[number]] === null;
}

/** A deterministic sample spread over the whole district (every k-th resident). */
function sampleIndexes(size: number, n: number): Int32Array {
  const m = Math.min(size, n);
  const out = new Int32Array(m);
  for (let i = 0; i < m; i++) out[i] = Math.floor((i * size) / m);
  return out;
}

function range(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

// ───────────────────────────── the child processes ─────────────────────────────

type Task =
  | { kind: 'load'; engine: Engine; url: string; asOf: string; file: string }
  | {
      kind: 'system';
      system: InProcess;
      file: string;
      sample: number;
      samples: number;
      peerSamples: number;
      rounds: number;
      zenConcurrency: number;
      zenBatch: number;
    }
  | { kind: 'e2e'; mode: 'service' | 'floor'; engine: Engine; url: string; asOf: string };

interface LoadReport {
  rows: number;
  loadMs: number;
  peakRssMb: number;
}

interface SystemReport {
  system: InProcess;
  /** residents evaluated per measured round, and how */
  evaluated: number;
  sampled: boolean;
  seconds: number;
  rounds: number;
  residentsPerS: number;
  peakRssMb: number;
  /** RSS once the input was built, before the first evaluation */
  inputRssMb: number;
  full?: RuleStats[];
  sample: RuleStats[];
  reeval?: { p50: number; p99: number; n: number };
  notes: string[];
}

interface E2eReport {
  mode: 'service' | 'floor';
  totalMs: number;
  /** the service run again on the same facts (nothing to change) */
  rerunMs?: number;
  /** the floor's phases */
  loadMs?: number;
  evalMs?: number;
  writeMs?: number;
  persons: number;
  /** worklist rows written (items created by the service; decisions ≠ 0 by the floor) */
  written: number;
  rewritten?: number;
  peakRssMb: number;
  full?: RuleStats[];
  /** the service's own counts per programme, for the cross-check */
  counts?: Record<string, ServiceCounts>;
  notes: string[];
}

const THIS_FILE = fileURLToPath(import.meta.url);
const STARTED_WITH = seedFingerprint();
/** Cases whose process read other seed rules, parameters or facts than the run began with. */
const changedSeeds: string[] = [];

async function runChild<T>(task: Task, label: string, notes: string[], dbName?: string): Promise<T> {
  const out = join(DATA_DIR, `eligibility-${process.pid}-${task.kind}.json`);
  rmSync(out, { force: true });
  let childPid: number | undefined;
  const code = await watched(
    label,
    (pid, cmdline) =>
      pid === process.pid || pid === childPid || (dbName !== undefined && cmdline.includes(` ${dbName} `)),
    () =>
      new Promise<number | null>((res, rej) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', THIS_FILE, '--child', JSON.stringify(task), out],
          {
            stdio: ['ignore', 'inherit', 'inherit'],
          },
        );
        childPid = child.pid;
        child.on('error', rej);
        child.on('exit', (c) => res(c));
      }),
    notes,
  );
  if (code !== 0 || !existsSync(out)) throw new Error(`${label}: the child process exited with ${code}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as T & { fingerprint: string };
  rmSync(out, { force: true });
  if (report.fingerprint !== STARTED_WITH) changedSeeds.push(label);
  return report;
}

async function childMain(task: Task, out: string): Promise<void> {
  let report: unknown;
  if (task.kind === 'load') report = await childLoad(task);
  else if (task.kind === 'system') report = await childSystem(task);
  else report = task.mode === 'service' ? await childService(task) : await childFloor(task);
  writeFileSync(out, JSON.stringify({ ...(report as object), fingerprint: seedFingerprint() }));
}

async function childLoad(task: Extract<Task, { kind: 'load' }>): Promise<LoadReport> {
  const src = await openSource(task.engine, task.url);
  try {
    const started = performance.now();
    const table = await loadFacts(src, task.asOf);
    const loadMs = performance.now() - started;
    writeFactFile(task.file, table, task.asOf);
    return { rows: table.size, loadMs, peakRssMb: peakRssMb() };
  } finally {
    await src.close();
  }
}

/** Times `pass` (evaluating every selected resident once): a warm-up, then the median of `rounds`. */
async function timeRounds(rounds: number, pass: () => void | Promise<void>): Promise<number> {
  await pass();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await pass();
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/**
 * p50/p99 in milliseconds of `one(k)` over n draws, after a warm-up of a tenth as many; with a
 * budget, the draws stop when it is spent (a slow path must not hold the run for an hour).
 */
async function latencies(
  n: number,
  one: (k: number) => void | Promise<void>,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<{ p50: number; p99: number; n: number }> {
  const warm = Math.min(Math.max(10, Math.floor(n / 10)), n);
  const warmUntil = performance.now() + budgetMs / 10;
  for (let k = 0; k < warm && performance.now() < warmUntil; k++) await one(k);
  const ms: number[] = [];
  const until = performance.now() + budgetMs;
  for (let k = 0; k < n && performance.now() < until; k++) {
    const t = performance.now();
    // A synchronous path is not awaited: a turn of the microtask queue would be timed with it.
    const pending = one(k);
    if (pending) await pending;
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), n: ms.length };
}

async function childSystem(task: Extract<Task, { kind: 'system' }>): Promise<SystemReport> {
  const { table, asOf } = readFactFile(task.file);
  const rules = seedRules(asOf);
  const size = table.size;
  const sampled = SAMPLED.includes(task.system);
  const sampleRows = sampleIndexes(size, task.sample);
  const draw = rng(20260101);
  const notes: string[] = [];
  const base = { system: task.system, notes };

  if (task.system === 'minsheng') {
    const t0 = performance.now();
    const kernels: CompiledRule[] = rules.map((r) => compileKernel(r.rule, asOf));
    // The screening's own path: every rule in one pass over the table (compileFused).
    const fused = compileFused(
      rules.map((r) => r.rule),
      asOf,
    );
    notes.push(
      `compiled ${kernels.length} kernels and their one-pass form in ${(performance.now() - t0).toFixed(1)} ms`,
    );
    const out = newOutputs(rules.length, size);
    const inputRssMb = process.memoryUsage().rss / 2 ** 20;
    const seconds = await timeRounds(task.rounds, () => {
      fused.run(table.columns, 0, size, out.decision as Int8Array[], out.amount as Int32Array[]);
    });
    const isNull = tableIsNull(table);
    const ids = idHashes(size, (j) => table.ids[j] as string);
    const full = ruleStats(rules, out, range(size), isNull, ids);
    const sample = ruleStats(rules, out, sampleRows, isNull, ids);
    // One person: their facts record into a one-row table, then every kernel over that row.
    const record = recordMaker();
    const picks = Array.from({ length: task.samples }, () => record(rowOf(table, Math.floor(draw() * size))));
    const one = newFactTable(1);
    const ds = rules.map(() => new Int8Array(1));
    const as = rules.map(() => new Int32Array(1));
    const reeval = await latencies(task.samples, (k) => {
      setRow(one, 0, picks[k % picks.length] as PersonFacts);
      fused.run(one.columns, 0, 1, ds, as);
    });
    return {
      ...base,
      evaluated: size,
      sampled: false,
      seconds,
      rounds: task.rounds,
      residentsPerS: size / seconds,
      peakRssMb: peakRssMb(),
      inputRssMb,
      full,
      sample,
      reeval,
    };
  }

  // The peers read facts records, as their documentation shows (enum values by code).
  const rows = sampled ? sampleRows : range(size);
  const persons: PersonFacts[] = new Array(rows.length);
  const record = recordMaker();
  for (let j = 0; j < rows.length; j++) persons[j] = record(rowOf(table, rows[j] as number));
  const reevalPicks = Array.from({ length: Math.max(task.samples, task.peerSamples) }, () =>
    Math.floor(draw() * persons.length),
  );
  // The table was only the way in: the peer's process keeps the records alone.
  table.columns.length = 0;
  table.ids.length = 0;
  table.areaCodes.length = 0;
  (globalThis as { gc?: () => void }).gc?.();
  const isNull = personsIsNull(persons);
  const m = persons.length;
  const out = newOutputs(rules.length, m);
  const inputRssMb = process.memoryUsage().rss / 2 ** 20;
  const ids = idHashes(m, (j) => (persons[j] as PersonFacts).id);
  const stats = () =>
    sampled
      ? { sample: ruleStats(rules, out, range(m), isNull, ids) }
      : {
          full: ruleStats(rules, out, range(m), isNull, ids),
          sample: ruleStats(rules, out, sampleRows, isNull, ids),
        };
  const finish = (seconds: number, reeval?: SystemReport['reeval']): SystemReport => ({
    ...base,
    evaluated: m,
    sampled,
    seconds,
    rounds: sampled ? 1 : task.rounds,
    residentsPerS: m / seconds,
    peakRssMb: peakRssMb(),
    inputRssMb,
    ...stats(),
    reeval,
  });

  if (task.system === 'hand-written') {
    const evaluate = handWritten(paramsOn(asOf));
    if (rules.map((r) => r.code).join(',') !== HAND_CODES.join(','))
      throw new Error(
        `the hand-written loop encodes ${HAND_CODES.join(', ')}; the seeds are ${rules.map((r) => r.code).join(', ')}`,
      );
    const seconds = await timeRounds(task.rounds, () => {
      for (let j = 0; j < m; j++) evaluate(persons[j] as PersonFacts, j, out.decision, out.amount);
    });
    const one = newOutputs(rules.length, 1);
    const reeval = await latencies(task.samples, (k) => {
      evaluate(persons[reevalPicks[k] as number] as PersonFacts, 0, one.decision, one.amount);
    });
    return finish(seconds, reeval);
  }

  if (task.system === 'json-logic') {
    const jsonLogic = (await import('json-logic-js')).default;
    const logic = rules.map((r) => toJsonLogic(r.rule, asOf)) as Parameters<typeof jsonLogic.apply>[0][];
    const evalOne = (p: PersonFacts, j: number, o: Outputs) => {
      for (let r = 0; r < logic.length; r++) {
        const [dec, amt] = jsonLogic.apply(logic[r] as Parameters<typeof jsonLogic.apply>[0], p) as [
          number,
          number,
        ];
        (o.decision[r] as Int8Array)[j] = dec;
        (o.amount[r] as Int32Array)[j] = Math.max(0, Math.round(amt));
      }
    };
    const warm = Math.min(m, 5_000);
    for (let j = 0; j < warm; j++) evalOne(persons[j] as PersonFacts, j, out);
    const t = performance.now();
    for (let j = 0; j < m; j++) evalOne(persons[j] as PersonFacts, j, out);
    const seconds = (performance.now() - t) / 1000;
    const one = newOutputs(rules.length, 1);
    const reeval = await latencies(task.samples, (k) =>
      evalOne(persons[reevalPicks[k] as number] as PersonFacts, 0, one),
    );
    return finish(seconds, reeval);
  }

  if (task.system === 'json-rules-engine') {
    const { Engine } = await import('json-rules-engine');
    const engine = new Engine([], { allowUndefinedFacts: true });
    for (const [r, rule] of rules.entries())
      for (const jr of toJsonRules(rule.code, r, rule.rule, asOf)) engine.addRule(jr as never);
    const amountFns = rules.map((r) => r.rule.branches.map((b) => amountFunction(b.outcome, asOf)));
    const otherwiseFns = rules.map((r) => amountFunction(r.rule.otherwise, asOf));
    const first = new Int8Array(rules.length);
    const evalOne = async (p: PersonFacts, j: number, o: Outputs) => {
      const { events } = await engine.run(p);
      first.fill(0);
      for (const e of events) {
        const { rule, branch } = e.params as { rule: number; branch: number };
        if (first[rule] === 0 || branch < (first[rule] as number)) first[rule] = branch;
      }
      for (let r = 0; r < rules.length; r++) {
        const b = first[r] as number;
        let amt: number | null;
        if (b === 0) amt = (otherwiseFns[r] as (p: PersonFacts) => number | null)(p);
        else {
          const fired = events.find(
            (e) =>
              (e.params as { rule: number; branch: number }).rule === r &&
              (e.params as { branch: number }).branch === b,
          );
          const fixed = (fired?.params as { amount: number | null } | undefined)?.amount;
          amt =
            fixed ??
            (
              (amountFns[r] as ((p: PersonFacts) => number | null)[])[b - 1] as (
                p: PersonFacts,
              ) => number | null
            )(p);
        }
        (o.decision[r] as Int8Array)[j] = amt === null ? -1 : b;
        (o.amount[r] as Int32Array)[j] = amt ?? 0;
      }
    };
    const warm = Math.min(m, 2_000);
    for (let j = 0; j < warm; j++) await evalOne(persons[j] as PersonFacts, j, out);
    const t = performance.now();
    for (let j = 0; j < m; j++) await evalOne(persons[j] as PersonFacts, j, out);
    const seconds = (performance.now() - t) / 1000;
    const one = newOutputs(rules.length, 1);
    const reeval = await latencies(task.peerSamples, (k) =>
      evalOne(persons[reevalPicks[k] as number] as PersonFacts, 0, one),
    );
    return finish(seconds, reeval);
  }

  // zen-engine and zen-engine-loop
  const { ZenEngine } = await import('@gorules/zen-engine');
  const zen = new ZenEngine();
  const loop = task.system === 'zen-engine-loop';
  const decision = zen.createDecision(toZenGraph(rules, asOf, loop));
  const codes = rules.map((r) => r.code);
  const put = (
    result: Record<string, { decision: number; amount: number } | undefined>,
    j: number,
    o: Outputs,
  ) => {
    for (let r = 0; r < codes.length; r++) {
      const x = result[codes[r] as string];
      (o.decision[r] as Int8Array)[j] = x ? Number(x.decision) : 0;
      (o.amount[r] as Int32Array)[j] = x ? Number(x.amount) : 0;
    }
  };
  try {
    if (!loop) {
      // One evaluate per resident, `zenConcurrency` of them in flight.
      const pass = async (from: number, to: number) => {
        let next = from;
        await Promise.all(
          Array.from({ length: task.zenConcurrency }, async () => {
            while (next < to) {
              const j = next++;
              const r = await decision.evaluate(persons[j]);
              put(r.result, j, out);
            }
          }),
        );
      };
      await pass(0, Math.min(m, 2_000));
      const t = performance.now();
      await pass(0, m);
      const seconds = (performance.now() - t) / 1000;
      const one = newOutputs(rules.length, 1);
      const reeval = await latencies(task.peerSamples, async (k) => {
        const r = await decision.evaluate(persons[reevalPicks[k] as number]);
        put(r.result, 0, one);
      });
      return finish(seconds, reeval);
    }
    // Loop mode: each table runs over the array `people` of one call, in batches.
    const pass = async () => {
      for (let from = 0; from < m; from += task.zenBatch) {
        const batch = persons.slice(from, from + task.zenBatch);
        const r = await decision.evaluate({ people: batch });
        const res = r.result as Record<string, Record<string, { decision: number; amount: number }>[]>;
        for (let k = 0; k < batch.length; k++) {
          for (let x = 0; x < codes.length; x++) {
            const code = codes[x] as string;
            const v = res[`r_${code}`]?.[k]?.[code];
            (out.decision[x] as Int8Array)[from + k] = v ? Number(v.decision) : 0;
            (out.amount[x] as Int32Array)[from + k] = v ? Number(v.amount) : 0;
          }
        }
      }
    };
    await pass();
    const t = performance.now();
    await pass();
    const seconds = (performance.now() - t) / 1000;
    return finish(seconds);
  } finally {
    zen.dispose();
  }
}

const WAITED = 'another screening of the district was running before this case; it waited for it to end';

interface ServiceCounts {
  screened: number;
  entitled: number;
  unknown: number;
}

/**
 * The screening service as a worker starts it (`startScreening`, then `runScreening` for the
 * whole district), first on an empty worklist — every item is new — then once more on the
 * same facts, when nothing changes. The bench database's worklist is emptied before.
 */
async function childService(task: Extract<Task, { kind: 'e2e' }>): Promise<E2eReport> {
  const { openContext } = await import('../server/bootstrap.ts');
  const { loadConfig } = await import('../server/platform/config.ts');
  const { fixedClock } = await import('../server/platform/clock.ts');
  const { SYSTEM_ACTOR } = await import('../server/platform/access.ts');
  const { startScreening, runScreening } = await import('../server/modules/eligibility/index.ts');
  const config = {
    ...loadConfig({ ...process.env, MINSHENG_DATA_KEY: BENCH_KEY, DATABASE_URL: task.url }),
    databaseUrl: task.url,
  };
  const { sql } = await import('drizzle-orm');
  const { queryRows } = await import('../server/platform/db/rows.ts');
  const ctx = await openContext(config, fixedClock(`${task.asOf}T04:00:00Z`));
  try {
    const notes: string[] = [];
    // The service screens with the rules published in the database (seeded when it was made).
    const published = await queryRows<{ code: string; text: string }>(
      ctx.db,
      sql`select programme_code as code, rule_text as text from programme_versions where status = 'published'`,
    );
    const differing = SEED_PROGRAMMES.filter(
      (p) => !published.some((v) => v.code === p.code && v.text === p.rule),
    );
    if (differing.length)
      notes.push(
        `the database's published rules differ from the seeds for ${differing.map((p) => p.code).join(', ')}: the service screens with the database's (generate the district again)`,
      );
    // Someone may be screening this district right now: let that run end before emptying the
    // worklist (at most ten minutes), and say so.
    const waitUntil = Date.now() + 600_000;
    for (;;) {
      const [busy] = await queryRows<{ n: number }>(
        ctx.db,
        sql`select count(*)::int as n from screening_runs where status = 'running'`,
      );
      if (!busy?.n || Date.now() > waitUntil) break;
      log(`  [${task.engine}] another screening of this district is running; waiting for it to end`);
      if (!notes.includes(WAITED)) notes.push(WAITED);
      await new Promise((r) => setTimeout(r, 15_000));
    }
    await ctx.database.exec('delete from worklist_items; delete from screening_runs');
    const once = async () => {
      const t = performance.now();
      const id = await startScreening(ctx, SYSTEM_ACTOR, { asOf: task.asOf });
      await runScreening(ctx, SYSTEM_ACTOR, id, { asOf: task.asOf });
      const ms = performance.now() - t;
      const [run] = await queryRows<{
        status: string;
        processed: number;
        counts: Record<string, { all?: ServiceCounts }>;
        items: number;
      }>(
        ctx.db,
        sql`select status, processed, counts,
          (select count(*)::int from worklist_items where run_id = ${id}) as items
          from screening_runs where id = ${id}`,
      );
      if (run?.status !== 'done') throw new Error(`the screening ended ${run?.status}`);
      return { ms, ...run };
    };
    const first = await once();
    const again = await once();
    const counts: Record<string, ServiceCounts> = {};
    for (const [code, c] of Object.entries(first.counts))
      if (c.all)
        counts[code] = { screened: c.all.screened, entitled: c.all.entitled, unknown: c.all.unknown };
    return {
      mode: 'service',
      totalMs: first.ms,
      rerunMs: again.ms,
      persons: first.processed,
      written: first.items,
      rewritten: again.items,
      peakRssMb: peakRssMb(),
      counts,
      notes,
    };
  } finally {
    await ctx.database.close();
  }
}

/**
 * The floor under the service: the facts of the whole district through one cursor, the 19
 * kernels over them, and every decision ≠ 0 written with one unnest INSERT per 50,000 rows into
 * a temporary table bench_worklist — no explanations, enrolments or audit rows.
 */
async function childFloor(task: Extract<Task, { kind: 'e2e' }>): Promise<E2eReport> {
  const src = await openSource(task.engine, task.url);
  try {
    const rules = seedRules(task.asOf);
    const t0 = performance.now();
    const table = await loadFacts(src, task.asOf);
    const t1 = performance.now();
    const kernels = rules.map((r) => compileKernel(r.rule, task.asOf));
    const out = newOutputs(rules.length, table.size);
    for (let r = 0; r < kernels.length; r++) {
      const k = kernels[r] as CompiledRule;
      k.run(table.columns, 0, table.size, out.decision[r] as Int8Array, out.amount[r] as Int32Array);
    }
    const t2 = performance.now();
    await src.exec(
      'create temporary table bench_worklist (person_id uuid, programme text, decision int, amount bigint)',
    );
    let written = 0;
    const batch = { id: [] as string[], code: [] as string[], d: [] as number[], a: [] as number[] };
    const flush = async () => {
      if (!batch.id.length) return;
      await src.query(
        'insert into bench_worklist select * from unnest($1::uuid[], $2::text[], $3::int[], $4::bigint[])',
        [batch.id, batch.code, batch.d, batch.a],
      );
      written += batch.id.length;
      batch.id = [];
      batch.code = [];
      batch.d = [];
      batch.a = [];
    };
    for (let i = 0; i < table.size; i++) {
      for (let r = 0; r < rules.length; r++) {
        const dec = (out.decision[r] as Int8Array)[i] as number;
        if (dec === 0) continue;
        batch.id.push(table.ids[i] as string);
        batch.code.push((rules[r] as SeedRule).code);
        batch.d.push(dec);
        batch.a.push((out.amount[r] as Int32Array)[i] as number);
        if (batch.id.length >= WRITE_ROWS) await flush();
      }
    }
    await flush();
    const t3 = performance.now();
    const ids = idHashes(table.size, (j) => table.ids[j] as string);
    const full = ruleStats(rules, out, range(table.size), tableIsNull(table), ids);
    await src.exec('drop table bench_worklist');
    return {
      mode: 'floor',
      totalMs: t3 - t0,
      loadMs: t1 - t0,
      evalMs: t2 - t1,
      writeMs: t3 - t2,
      persons: table.size,
      written,
      peakRssMb: peakRssMb(),
      full,
      notes: [],
    };
  } finally {
    await src.close();
  }
}

// ───────────────────────────── the district ─────────────────────────────

interface District {
  engine: Engine;
  url: string;
  referenceDate: string;
}

/** Generates the district (or reuses a complete one of the right size and seed) for an engine. */
async function prepare(
  engine: Engine,
  o: Options,
  date: string | undefined,
  results: Result[],
): Promise<District> {
  const { systemClock } = await import('../server/platform/clock.ts');
  const url = databaseUrlFor(engine, o.residents, 'eligibility');
  const { residents, seed, reuse } = o;
  // Generated at noon (Shanghai) of the reference date, so every engine gets the same district.
  const on = date ?? systemClock.today();
  const district = { engine, url, residents, seed, reuse, dataKey: BENCH_KEY, on, progressEvery: 5000 };
  return withDistrict({ ...district, metrics: ['duration_s'] }, results, async (_ctx, referenceDate) => ({
    engine,
    url,
    referenceDate,
  }));
}

// ───────────────────────────── postgres-sql ─────────────────────────────

function screeningSql(rules: SeedRule[], asOf: string, byId: boolean): string {
  // Counting needs no order: the facts query's final ORDER BY is left out.
  const facts = factsSql({ byIds: byId }).replace(/\norder by p\.id\s*$/, '');
  const cols = rules.map((r, i) => {
    const s = ruleSql(r.rule, asOf);
    return `${s.decision} as d${i}, ${s.amount} as a${i}`;
  });
  if (byId) return `select ${cols.join(', ')} from (${facts}) f`;
  const aggs = rules.map(
    (_, i) =>
      `count(*) filter (where d${i} > 0) as p${i}, count(*) filter (where d${i} = -1) as u${i}, coalesce(sum(a${i}), 0) as s${i}`,
  );
  return `select count(*) as n, ${aggs.join(', ')} from (select ${cols.join(', ')} from (${facts}) f) x`;
}

interface SqlStats {
  n: number;
  positive: number[];
  unknown: number[];
  amount: number[];
}

async function benchPostgresSql(
  d: District,
  rules: SeedRule[],
  o: Options,
  results: Result[],
  notes: string[],
): Promise<SqlStats> {
  const asOf = d.referenceDate;
  const c = new pg.Client({ connectionString: d.url, options: '-c TimeZone=UTC' });
  await c.connect();
  const dbName = dbNameOf(d.url);
  const backend = Number((await c.query('select pg_backend_pid() as pid')).rows[0].pid);
  const measured = <T>(label: string, fn: () => Promise<T>): Promise<T> =>
    watched(
      label,
      (pid, cmdline) => pid === process.pid || pid === backend || cmdline.includes(` ${dbName} `),
      fn,
      notes,
    );
  try {
    await c.query('set jit = off');
    const text = screeningSql(rules, asOf, false);
    let row: Record<string, string> = {};
    const times: number[] = [];
    await measured('postgres-sql full-screening', async () => {
      for (let i = 0; i <= Math.max(1, Math.min(3, o.rounds)); i++) {
        const t = performance.now();
        row = (await c.query(text, [asOf])).rows[0];
        if (i > 0) times.push((performance.now() - t) / 1000);
        log(
          `  [pg] postgres-sql full screening ${i === 0 ? '(warm-up) ' : ''}${((performance.now() - t) / 1000).toFixed(2)} s`,
        );
      }
    });
    times.sort((a, b) => a - b);
    const seconds = times[Math.floor(times.length / 2)] as number;
    const n = Number(row.n);
    results.push({
      system: 'postgres-sql',
      case: 'full-screening',
      metric: 'residents_per_s',
      value: n / seconds,
    });
    const stats: SqlStats = {
      n,
      positive: rules.map((_, i) => Number(row[`p${i}`])),
      unknown: rules.map((_, i) => Number(row[`u${i}`])),
      amount: rules.map((_, i) => Number(row[`s${i}`])),
    };

    // One person, by id: the SQL form as one prepared statement, and minsheng's own path
    // through the database (the person's facts query, then the kernels on that one row).
    const ids = (
      await c.query(
        `select id from persons where (deceased_on is null or deceased_on > $1::date) and birth_date <= $1::date
         order by md5(id::text) limit $2`,
        [asOf, o.pgSamples],
      )
    ).rows.map((r: { id: string }) => r.id);
    const oneSql = { name: 'bench_rules_one', text: screeningSql(rules, asOf, true) };
    const factsOne = { name: 'bench_facts_one', text: factsSql({ byIds: true }), rowMode: 'array' as const };
    const kernels = rules.map((r) => compileKernel(r.rule, asOf));
    const one = newFactTable(1);
    const dd = new Int8Array(1);
    const aa = new Int32Array(1);
    let put: ((t: FactTable, i: number, row: unknown[]) => void) | undefined;
    const sqlOne = await measured('postgres-sql re-evaluate-one', () =>
      latencies(
        ids.length,
        async (k) => {
          const r = await c.query({ ...oneSql, values: [asOf, [ids[k % ids.length]]] });
          if (r.rows.length !== 1) throw new Error('re-evaluate-one: the person was not found');
        },
        o.pgBudget * 1000,
      ),
    );
    const mineOne = await measured('minsheng re-evaluate-one-from-db', () =>
      latencies(
        ids.length,
        async (k) => {
          const r = await c.query({ ...factsOne, values: [asOf, [ids[k % ids.length]]] });
          put ??= rowWriter(r.fields.map((f) => f.name));
          put(one, 0, r.rows[0] as unknown[]);
          for (const kernel of kernels) kernel.run(one.columns, 0, 1, dd, aa);
        },
        o.pgBudget * 1000,
      ),
    );
    for (const [system, caseName, l] of [
      ['postgres-sql', 're-evaluate-one', sqlOne],
      ['postgres-sql', 're-evaluate-one-from-db', sqlOne],
      ['minsheng', 're-evaluate-one-from-db', mineOne],
    ] as const) {
      results.push({ system, case: caseName, metric: 'p50_ms', value: l.p50 });
      results.push({ system, case: caseName, metric: 'p99_ms', value: l.p99 });
    }
    log(
      `  [pg] one person by id: SQL p50 ${sqlOne.p50.toFixed(2)} ms p99 ${sqlOne.p99.toFixed(2)} ms (${sqlOne.n} draws); facts query + kernels p50 ${mineOne.p50.toFixed(2)} ms p99 ${mineOne.p99.toFixed(2)} ms (${mineOne.n} draws)`,
    );
    if (sqlOne.n < ids.length || mineOne.n < ids.length)
      notes.push(
        `one person by id through the database: ${sqlOne.n} (SQL) and ${mineOne.n} (facts query + kernels) of ${ids.length} draws fitted in ${o.pgBudget} s each`,
      );
    return stats;
  } finally {
    await c.end();
  }
}

// ───────────────────────────── the run ─────────────────────────────

interface Mismatch {
  system: string;
  rule: string;
  on: string;
  field: string;
  expected: number;
  got: number;
}

function compare(
  system: string,
  mine: RuleStats[],
  theirs: RuleStats[],
  simplified: boolean,
  on: string,
): Mismatch[] {
  const out: Mismatch[] = [];
  const fields: (keyof RuleStats)[] = simplified
    ? ['known', 'knownPositive', 'knownAmount', 'knownHash']
    : ['n', 'positive', 'unknown', 'amount', 'hash'];
  for (const [k, m] of mine.entries()) {
    const t = theirs[k];
    if (!t || t.code !== m.code) {
      out.push({ system, rule: m.code, on, field: 'rule', expected: 1, got: 0 });
      continue;
    }
    for (const f of fields)
      if (m[f] !== t[f])
        out.push({ system, rule: m.code, on, field: f, expected: m[f] as number, got: t[f] as number });
  }
  return out;
}

function pad(rows: string[][]): string {
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] as number)).join('  ')).join('\n');
}

export async function run(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      residents: { type: 'string', default: '870000' },
      engines: { type: 'string', default: 'pg,pglite' },
      systems: { type: 'string', default: [...IN_PROCESS, 'postgres-sql'].join(',') },
      reuse: { type: 'boolean', default: false },
      seed: { type: 'string', default: '2021' },
      'as-of': { type: 'string' },
      sample: { type: 'string', default: '50000' },
      samples: { type: 'string', default: '20000' },
      'peer-samples': { type: 'string', default: '5000' },
      'pg-samples': { type: 'string', default: '2000' },
      'pg-budget': { type: 'string', default: '60' },
      rounds: { type: 'string', default: '5' },
      'zen-concurrency': { type: 'string', default: '16' },
      'zen-batch': { type: 'string', default: '1000' },
    },
  });
  const o: Options = {
    residents: Number(values.residents),
    engines: values.engines!.split(',') as Engine[],
    systems: values.systems!.split(',') as SystemName[],
    reuse: values.reuse!,
    seed: Number(values.seed),
    asOf: values['as-of'],
    sample: Number(values.sample),
    samples: Number(values.samples),
    peerSamples: Number(values['peer-samples']),
    pgSamples: Number(values['pg-samples']),
    pgBudget: Number(values['pg-budget']),
    rounds: Math.max(1, Number(values.rounds)),
    zenConcurrency: Math.max(1, Number(values['zen-concurrency'])),
    zenBatch: Math.max(1, Number(values['zen-batch'])),
  };
  for (const e of o.engines) if (e !== 'pg' && e !== 'pglite') throw new Error(`unknown engine ${e}`);
  for (const s of o.systems)
    if (s !== 'postgres-sql' && !IN_PROCESS.includes(s as InProcess)) throw new Error(`unknown system ${s}`);
  if (!o.systems.includes('minsheng'))
    throw new Error('the systems must include minsheng: every check compares with it');
  if (o.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.asOf))
    throw new Error('--as-of takes yyyy-mm-dd');

  const results: Result[] = [];
  const notes: string[] = [];
  const load = () => (loadavg()[0] as number).toFixed(1);
  const loadAtStart = load();
  mkdirSync(DATA_DIR, { recursive: true });

  // The districts: the first engine's reference date is every engine's (same seed, same data).
  const districts: District[] = [];
  for (const engine of o.engines) {
    log(`\n▶ ${engine}: district of ${o.residents} residents`);
    const d = await prepare(engine, o, districts[0]?.referenceDate, results);
    if (districts[0] && d.referenceDate !== districts[0].referenceDate)
      notes.push(
        `${engine}'s district was generated as of ${d.referenceDate}, not ${districts[0].referenceDate}: its figures are not the same data`,
      );
    districts.push(d);
  }
  const main = districts[0] as District;
  const asOf = o.asOf ?? main.referenceDate;
  const rules = seedRules(asOf);
  log(`\n▶ ${rules.length} rules as of ${asOf}`);

  // The facts, loaded once from the first engine into a file every system's process reads.
  const file = join(DATA_DIR, `eligibility-${o.residents}.facts`);
  const loaded = await runChild<LoadReport>(
    { kind: 'load', engine: main.engine, url: main.url, asOf, file },
    'load-facts',
    notes,
    main.engine === 'pg' ? dbNameOf(main.url) : undefined,
  );
  log(
    `  [${main.engine}] loaded the facts of ${loaded.rows} living residents in ${(loaded.loadMs / 1000).toFixed(2)} s (peak RSS ${Math.round(loaded.peakRssMb)} MB)`,
  );
  results.push({
    system: 'minsheng',
    engine: main.engine,
    case: 'load-facts',
    metric: 'time_ms',
    value: loaded.loadMs,
  });
  const persons = loaded.rows;

  const reports = new Map<InProcess, SystemReport>();
  try {
    for (const system of IN_PROCESS) {
      if (!o.systems.includes(system)) continue;
      log(`\n▶ ${system}`);
      const r = await runChild<SystemReport>(
        {
          kind: 'system',
          system,
          file,
          sample: o.sample,
          samples: o.samples,
          peerSamples: o.peerSamples,
          rounds: o.rounds,
          zenConcurrency: o.zenConcurrency,
          zenBatch: o.zenBatch,
        },
        system,
        notes,
      );
      reports.set(system, r);
      log(
        `  ${system}: ${Math.round(r.residentsPerS).toLocaleString('en-US')} residents/s (${r.evaluated} residents${r.sampled ? ', sample' : `, median of ${r.rounds}`} in ${r.seconds.toFixed(3)} s), peak RSS ${Math.round(r.peakRssMb)} MB (${Math.round(r.inputRssMb)} MB with the input)` +
          (r.reeval
            ? `; one person p50 ${(r.reeval.p50 * 1000).toFixed(1)} µs p99 ${(r.reeval.p99 * 1000).toFixed(1)} µs`
            : '') +
          (r.notes.length ? `; ${r.notes.join('; ')}` : ''),
      );
      results.push({ system, case: 'full-screening', metric: 'residents_per_s', value: r.residentsPerS });
      results.push({ system, case: 'full-screening', metric: 'peak_rss_mb', value: r.peakRssMb });
      if (r.reeval) {
        results.push({ system, case: 're-evaluate-one', metric: 'p50_ms', value: r.reeval.p50 });
        results.push({ system, case: 're-evaluate-one', metric: 'p99_ms', value: r.reeval.p99 });
      }
    }
  } finally {
    rmSync(file, { force: true });
  }

  let sqlStats: SqlStats | undefined;
  const pgDistrict = districts.find((d) => d.engine === 'pg');
  if (o.systems.includes('postgres-sql') && pgDistrict) {
    log('\n▶ postgres-sql');
    sqlStats = await benchPostgresSql(pgDistrict, rules, o, results, notes);
  }

  // The service (a first screening on an empty worklist, then a rerun), then the floor under it.
  const e2e: { engine: Engine; r: E2eReport }[] = [];
  for (const d of districts) {
    for (const mode of ['service', 'floor'] as const) {
      log(
        `\n▶ end-to-end on ${d.engine}: ${mode === 'service' ? 'the screening service' : 'the floor (load, kernels, bulk write)'}`,
      );
      const r = await runChild<E2eReport>(
        { kind: 'e2e', mode, engine: d.engine, url: d.url, asOf },
        `end-to-end (${mode}) on ${d.engine}`,
        notes,
        d.engine === 'pg' ? dbNameOf(d.url) : undefined,
      );
      e2e.push({ engine: d.engine, r });
      for (const n of r.notes) notes.push(`end-to-end ${mode} on ${d.engine}: ${n}`);
      const system = mode === 'service' ? 'minsheng' : 'floor';
      if (r.mode === 'floor')
        log(
          `  [${d.engine}] ${(r.totalMs / 1000).toFixed(2)} s: load ${((r.loadMs ?? 0) / 1000).toFixed(2)} s, evaluate ${((r.evalMs ?? 0) / 1000).toFixed(2)} s, write ${r.written} rows ${((r.writeMs ?? 0) / 1000).toFixed(2)} s; peak RSS ${Math.round(r.peakRssMb)} MB`,
        );
      else {
        log(
          `  [${d.engine}] first screening ${(r.totalMs / 1000).toFixed(2)} s (${r.persons} residents, ${r.written} worklist items), rerun ${((r.rerunMs ?? 0) / 1000).toFixed(2)} s (${r.rewritten} items); peak RSS ${Math.round(r.peakRssMb)} MB`,
        );
        results.push({
          system,
          engine: d.engine,
          case: 'end-to-end-rerun',
          metric: 'time_ms',
          value: r.rerunMs ?? Number.NaN,
        });
      }
      results.push({ system, engine: d.engine, case: 'end-to-end', metric: 'time_ms', value: r.totalMs });
      results.push({
        system,
        engine: d.engine,
        case: 'end-to-end',
        metric: 'peak_rss_mb',
        value: r.peakRssMb,
      });
    }
  }

  // ── cross-check ──
  const mismatches: Mismatch[] = [];
  const mine = reports.get('minsheng') as SystemReport;
  for (const [system, r] of reports) {
    if (system === 'minsheng') continue;
    const simplified = SIMPLIFIED.includes(system);
    if (r.full) mismatches.push(...compare(system, mine.full as RuleStats[], r.full, simplified, 'all'));
    else mismatches.push(...compare(system, mine.sample, r.sample, simplified, 'sample'));
  }
  if (sqlStats) {
    const full = mine.full as RuleStats[];
    if (sqlStats.n !== persons)
      mismatches.push({
        system: 'postgres-sql',
        rule: '*',
        on: 'all',
        field: 'n',
        expected: persons,
        got: sqlStats.n,
      });
    for (const [k, m] of full.entries()) {
      for (const [field, got] of [
        ['positive', sqlStats.positive[k]],
        ['unknown', sqlStats.unknown[k]],
        ['amount', sqlStats.amount[k]],
      ] as const)
        if (m[field] !== got)
          mismatches.push({
            system: 'postgres-sql',
            rule: m.code,
            on: 'all',
            field,
            expected: m[field],
            got: got ?? Number.NaN,
          });
    }
  }
  for (const { engine, r } of e2e) {
    // Another engine's district generated on another day is other data.
    if (
      engine !== main.engine &&
      districts.find((d) => d.engine === engine)?.referenceDate !== main.referenceDate
    )
      continue;
    const label = `end-to-end ${r.mode} (${engine})`;
    const full = mine.full as RuleStats[];
    if (r.full) mismatches.push(...compare(label, full, r.full, false, 'all'));
    if (r.counts) {
      if (r.persons !== persons)
        mismatches.push({
          system: label,
          rule: '*',
          on: 'all',
          field: 'screened',
          expected: persons,
          got: r.persons,
        });
      for (const [k, m] of full.entries()) {
        const c = r.counts[m.code];
        // "entitled" counts decisions whose outcome is not 不符合: the branches, for every seed rule.
        const otherwiseIneligible = (rules[k] as SeedRule).rule.otherwise.k === 'ineligible';
        for (const [field, expected, got] of [
          ['screened', m.n, c?.screened],
          ['entitled', otherwiseIneligible ? m.positive : undefined, c?.entitled],
          ['unknown', m.unknown, c?.unknown],
        ] as const)
          if (expected !== undefined && expected !== got)
            mismatches.push({
              system: label,
              rule: m.code,
              on: 'all',
              field,
              expected,
              got: got ?? Number.NaN,
            });
      }
    }
  }
  // How far the simplified peers are from minsheng on persons with unknown facts (expected).
  const unknownGaps: string[] = [];
  for (const [system, r] of reports) {
    if (!SIMPLIFIED.includes(system)) continue;
    const theirs = r.full ?? r.sample;
    const ours = r.full ? (mine.full as RuleStats[]) : mine.sample;
    const differing = ours.filter((m, k) => m.hash !== theirs[k]?.hash).map((m) => m.code);
    if (differing.length) unknownGaps.push(`${system}: ${differing.join(', ')}`);
  }

  // ── the table ──
  const sampleNote = `${Math.min(o.sample, persons)} of ${persons} residents, every ${Math.max(1, Math.round(persons / Math.min(o.sample, persons)))}th`;
  console.log(
    `\neligibility · ${o.residents} residents (${persons} living as of ${asOf}) · ${rules.length} rules · node ${process.version}` +
      `\n(ratio column = peer ÷ minsheng for */s, minsheng ÷ peer otherwise; each in-process system in its own process)\n`,
  );
  printTable(results);
  // The table prints milliseconds with two decimals; one person in process takes microseconds.
  const oneRows = results.filter((r) => r.case.startsWith('re-evaluate-one') && r.metric === 'p50_ms');
  if (oneRows.length) {
    console.log(`\none person, all ${rules.length} rules (µs):`);
    console.log(
      pad([
        ['case', 'system', 'p50', 'p99'],
        ...oneRows.map((r) => {
          const p99v = results.find(
            (x) => x.system === r.system && x.case === r.case && x.metric === 'p99_ms',
          )?.value;
          return [
            r.case,
            r.system,
            (r.value * 1000).toFixed(1),
            p99v === undefined ? '—' : (p99v * 1000).toFixed(1),
          ];
        }),
      ]),
    );
  }

  const value = (system: string, c: string, metric: string, engine?: string) =>
    results.find(
      (r) =>
        r.system === system &&
        r.case === c &&
        r.metric === metric &&
        (engine === undefined || r.engine === engine),
    )?.value;
  const fullRate = (s: string) => value(s, 'full-screening', 'residents_per_s');
  const mineRate = fullRate('minsheng') as number;
  const checks: string[] = [];
  const check = (label: string, ok: boolean | undefined, detail: string) => {
    if (ok === undefined) return;
    checks.push(`  ${label}: ${detail} — ${ok ? 'met' : 'MISSED'}`);
  };
  const hand = fullRate('hand-written');
  if (hand)
    check(
      'within 2× of the hand-written loop',
      mineRate * 2 >= hand,
      `hand-written ÷ minsheng = ${(hand / mineRate).toFixed(2)}`,
    );
  const jre = fullRate('json-rules-engine');
  if (jre)
    check(
      '≥ 100× json-rules-engine',
      mineRate >= 100 * jre,
      `minsheng ÷ json-rules-engine = ${(mineRate / jre).toFixed(0)}×`,
    );
  const peers = (['json-rules-engine', 'zen-engine', 'zen-engine-loop', 'json-logic'] as const)
    .map((s) => [s, fullRate(s)] as const)
    .filter((x): x is readonly [(typeof x)[0], number] => x[1] !== undefined);
  if (peers.length) {
    const [best, rate] = peers.reduce((a, b) => (b[1] > a[1] ? b : a));
    check(
      '≥ 10× the fastest other peer',
      mineRate >= 10 * rate,
      `minsheng ÷ ${best} = ${(mineRate / rate).toFixed(1)}×`,
    );
  }
  const p99 = value('minsheng', 're-evaluate-one', 'p99_ms');
  if (p99 !== undefined)
    check('single re-evaluation p99 < 1 ms in process', p99 < 1, `${(p99 * 1000).toFixed(1)} µs`);
  const e2ePg = value('minsheng', 'end-to-end', 'time_ms', 'pg');
  if (e2ePg !== undefined)
    check('end-to-end < 10 s on PostgreSQL', e2ePg < 10_000, `${(e2ePg / 1000).toFixed(2)} s`);
  const rss = [
    value('minsheng', 'full-screening', 'peak_rss_mb'),
    ...o.engines.map((e) => value('minsheng', 'end-to-end', 'peak_rss_mb', e)),
  ].filter((x): x is number => x !== undefined);
  if (rss.length)
    check(
      '< 1 GiB of memory',
      Math.max(...rss) < 1024,
      `peak RSS at most ${Math.round(Math.max(...rss))} MB`,
    );
  console.log(`\ntargets:\n${checks.join('\n')}`);

  if (changedSeeds.length)
    console.log(
      `\nTHE SEED RULES, PARAMETERS OR FACTS CHANGED DURING THE RUN (read anew by: ${changedSeeds.join(', ')}): the run is INVALID; run again`,
    );
  if (mismatches.length) {
    console.log(
      `\nCROSS-CHECK FAILED: the run is INVALID (${mismatches.length} differences from minsheng)\n`,
    );
    console.log(
      pad([
        ['system', 'rule', 'over', 'figure', 'minsheng', 'system'],
        ...mismatches.map((m) => [m.system, m.rule, m.on, m.field, String(m.expected), String(m.got)]),
      ]),
    );
  } else
    console.log(
      `\ncross-check: every system agrees with minsheng on every rule (decisions > 0, unknowns, amounts, per-person checksums)` +
        (SIMPLIFIED.some((s) => reports.has(s))
          ? `; json-rules-engine, zen-engine and json-logic on the persons whose facts for the rule are all recorded`
          : ''),
    );

  const tableNotes = [
    `the facts as of ${asOf} are loaded once from ${main.engine} (load-facts, factsSql through a cursor) and handed to each system's process; full-screening times evaluation only`,
    `minsheng: the ${rules.length} rules compiled into one pass over the typed fact table (compileFused, as the screening runs them), median of ${o.rounds} passes after a warm-up; hand-written: the same rules as one TypeScript function over facts records (one object literal per person, so all share one shape), likewise`,
    `json-rules-engine, zen-engine, zen-engine-loop and json-logic run on a deterministic sample (${sampleNote}), one pass after a warm-up; residents/s is of that sample`,
    `json-rules-engine: one engine rule per branch, the first branch fired per programme wins and amounts that read facts are computed by the harness (the engine has no arithmetic); zen-engine: one JDM graph of ${rules.length} decision tables (hit policy first), one evaluate per resident with ${o.zenConcurrency} in flight; zen-engine-loop: the same tables in loop mode over batches of ${o.zenBatch}; json-logic: one expression per rule, amounts rounded by the harness`,
    'unknown facts: minsheng, hand-written and postgres-sql give "unknown" when a deciding fact is not recorded; the three peers compare a missing value as JavaScript (json-logic, json-rules-engine) or Rust (zen: a failed comparison is no match) would, so they are compared with minsheng only on persons whose facts for the rule are all recorded',
    `re-evaluate-one in process: minsheng = the person's facts record into a one-row table, then the ${rules.length} kernels; the others evaluate the record; ${o.samples} draws (json-rules-engine and zen-engine ${o.peerSamples})`,
    `postgres-sql: the ${rules.length} rules' SQL in one SELECT over factsSql() (counted per rule), jit off, median of the timed runs after a warm-up; re-evaluate-one = the same SELECT for one id as a prepared statement (${o.pgSamples} draws), and re-evaluate-one-from-db puts it beside minsheng's facts query for one id + kernels`,
    'end-to-end: the screening service (startScreening + runScreening over the whole district, street by street: facts, kernels, enrolments, worklist items with their explanations, audit rows) on an emptied worklist, so every item is new; end-to-end-rerun: the same again, nothing to change. floor: the facts of the district through one cursor, the kernels, and every decision ≠ 0 written with one unnest INSERT per 50,000 rows into a temporary table (no explanations, enrolments or audit) — the least an end-to-end screening can cost. PGlite runs in the same process',
  ];
  if (unknownGaps.length)
    tableNotes.push(
      `peers differing from minsheng only on persons with unknown facts: ${unknownGaps.join('; ')}`,
    );
  for (const [s, r] of reports) for (const n of r.notes) tableNotes.push(`${s}: ${n}`);
  tableNotes.push(...notes);
  tableNotes.push(
    `load average (1 min) ${loadAtStart} at the start, ${load()} at the end, on ${cpus().length} CPUs`,
  );
  console.log(`\nnotes:\n${tableNotes.map((n) => `  ${n}`).join('\n')}`);

  const out = writeResults(
    'eligibility',
    { residents: o.residents, living: persons, rules: rules.length, sample: Math.min(o.sample, persons) },
    results,
  );
  // The shared shape, with whether the cross-check held and the notes beside it.
  const json = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
  writeFileSync(
    out,
    `${JSON.stringify({ ...json, as_of: asOf, valid: mismatches.length === 0 && changedSeeds.length === 0, notes: tableNotes }, null, 2)}\n`,
  );
  console.log(`\n→ ${out}`);
  if (mismatches.length || changedSeeds.length) process.exitCode = 1;
}

if (
  process.argv[2] === '--child' &&
  process.argv[1] &&
  pathToFileURL(resolve(process.argv[1])).href === import.meta.url
) {
  await childMain(JSON.parse(process.argv[3] as string) as Task, process.argv[4] as string);
}
