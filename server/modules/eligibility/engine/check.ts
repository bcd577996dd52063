import { formatYuan } from '../../../../contracts/money.ts';
import type { Branch, CmpOp, Cond, Expr, Outcome, Period, Pos, RuleAst } from './ast.ts';
import { enumIndex, FACT_BY_CODE, FACTS, type FactDef, type IntUnit } from './facts.ts';
import { parseRule } from './parse.ts';

/**
 * The checker (ADR 0019): resolves every name to a fact, a parameter or an enum value, types
 * every expression (money is fen and never mixes with plain numbers or dates), and analyses the
 * branches: a branch that can never decide (its condition is covered by earlier branches, or
 * contradicts itself) is an error; two branches that both hold for some person are a warning,
 * because the first one wins.
 */

export type ParamUnit = 'yuan_month' | 'yuan_year' | 'yuan' | 'years' | 'days' | 'persons' | 'percent';
export const PARAM_UNITS: readonly ParamUnit[] = [
  'yuan_month',
  'yuan_year',
  'yuan',
  'years',
  'days',
  'persons',
  'percent',
];

export interface ParamDef {
  code: string;
  zh: string;
  en: string;
  unit: ParamUnit;
  /** Dated values: each applies from its date (inclusive) until the next one. Money in fen. */
  values: { from: string; value: number }[];
  source?: string;
}

export type RuleKind = 'benefit' | 'alert';

export type Ty =
  | { base: 'bool' }
  | { base: 'int'; unit: IntUnit | null }
  | { base: 'money' }
  | { base: 'date' }
  | { base: 'enum'; fact: FactDef };

export type TExpr =
  | { k: 'fact'; fact: FactDef; index: number; ty: Ty; pos: Pos }
  | { k: 'const'; value: number; ty: Ty; text: string; pos: Pos }
  | { k: 'param'; param: ParamDef; ty: Ty; pos: Pos }
  | { k: 'bin'; op: '+' | '-' | '*' | '/'; left: TExpr; right: TExpr; ty: Ty; pos: Pos; percent?: boolean }
  | { k: 'call'; fn: 'min' | 'max'; args: TExpr[]; ty: Ty; pos: Pos };

export type TCond =
  | { k: 'cmp'; op: CmpOp; left: TExpr; right: TExpr; phrase: string; leaf: number; pos: Pos }
  | { k: 'in'; subject: TExpr; set: number[]; negated: boolean; leaf: number; pos: Pos }
  | { k: 'truth'; subject: TExpr; leaf: number; pos: Pos }
  | { k: 'and' | 'or'; items: TCond[]; pos: Pos }
  | { k: 'not'; item: TCond; pos: Pos };

export type TOutcome =
  | { k: 'benefit'; amount: TExpr; period: Period }
  | { k: 'eligible' }
  | { k: 'ineligible' }
  | { k: 'alert'; tier: 'red' | 'yellow'; days: number };

export interface TBranch {
  cond: TCond;
  outcome: TOutcome;
  cite: string | null;
  pos: Pos;
}

/** A checked rule: what the three evaluators (kernel, SQL, explainer) run. */
export interface TypedRule {
  kind: RuleKind;
  branches: TBranch[];
  otherwise: TOutcome;
  /** Leaves (atomic conditions) in order; a leaf's index is its bit in explanations. */
  leafCount: number;
  /** The facts the rule reads: the dependency set for incremental re-evaluation. */
  facts: FactDef[];
  params: ParamDef[];
}

export interface RuleIssue {
  severity: 'error' | 'warning';
  code: RuleIssueCode;
  line: number;
  col: number;
  params: Record<string, string | number>;
}

export type RuleIssueCode =
  | 'RULE_SYNTAX'
  | 'RULE_EMPTY'
  | 'RULE_UNKNOWN_NAME'
  | 'RULE_TYPE_MISMATCH'
  | 'RULE_UNIT_MISMATCH'
  | 'RULE_MONEY_UNIT'
  | 'RULE_ENUM_VALUE'
  | 'RULE_NOT_CONDITION'
  | 'RULE_AMOUNT_NOT_MONEY'
  | 'RULE_PERIOD_MISSING'
  | 'RULE_SOURCE_MISSING'
  | 'RULE_OUTCOME_KIND'
  | 'RULE_BAD_AMOUNT'
  | 'RULE_UNSATISFIABLE'
  | 'RULE_UNREACHABLE'
  | 'RULE_OVERLAP'
  | 'RULE_TOO_COMPLEX';

export type CheckResult =
  | { ok: true; rule: TypedRule; warnings: RuleIssue[] }
  | { ok: false; errors: RuleIssue[]; warnings: RuleIssue[] };

export function tyName(ty: Ty): string {
  if (ty.base === 'int') return ty.unit ? `int:${ty.unit}` : 'number';
  if (ty.base === 'enum') return `enum:${ty.fact.code}`;
  return ty.base;
}

function paramTy(unit: ParamUnit): Ty {
  if (unit === 'yuan' || unit === 'yuan_month' || unit === 'yuan_year') return { base: 'money' };
  return { base: 'int', unit: unit === 'percent' ? 'percent' : unit };
}

/** The value of a parameter on a date (yyyy-mm-dd), or undefined before its first value. */
export function paramValueOn(param: ParamDef, on: string): number | undefined {
  let value: number | undefined;
  for (const v of [...param.values].sort((a, b) => a.from.localeCompare(b.from))) {
    if (v.from <= on) value = v.value;
  }
  return value;
}

/** Every name the lexer should recognise for these parameters. */
export function vocabularyOf(params: readonly ParamDef[]): string[] {
  const words: string[] = [];
  for (const f of FACTS) {
    words.push(f.zh, f.code);
    for (const v of f.values ?? []) words.push(v.zh, v.code);
  }
  for (const p of params) words.push(p.zh, p.code);
  return words;
}

class Checker {
  errors: RuleIssue[] = [];
  warnings: RuleIssue[] = [];
  leaf = 0;
  facts = new Set<FactDef>();
  used = new Set<ParamDef>();
  constructor(
    private readonly kind: RuleKind,
    private readonly params: readonly ParamDef[],
  ) {}

  err(code: RuleIssueCode, pos: Pos, params: Record<string, string | number> = {}): void {
    this.errors.push({ severity: 'error', code, line: pos.line, col: pos.col, params });
  }

  /** A name alone: a fact or a parameter (enum values are resolved against their subject). */
  name(name: string, pos: Pos): TExpr | null {
    const fact = FACT_BY_CODE.get(name) ?? FACTS.find((f) => f.zh === name);
    if (fact) {
      this.facts.add(fact);
      const ty: Ty =
        fact.type === 'enum'
          ? { base: 'enum', fact }
          : fact.type === 'int'
            ? { base: 'int', unit: fact.unit ?? null }
            : { base: fact.type };
      return { k: 'fact', fact, index: FACTS.indexOf(fact), ty, pos };
    }
    const param = this.params.find((p) => p.zh === name || p.code === name);
    if (param) {
      this.used.add(param);
      return { k: 'param', param, ty: paramTy(param.unit), pos };
    }
    this.err('RULE_UNKNOWN_NAME', pos, { name });
    return null;
  }

  expr(e: Expr, hint?: Ty): TExpr | null {
    switch (e.k) {
      case 'num': {
        if (e.unit === 'yuan') {
          const fen = Math.round(e.value * 100);
          if (Math.abs(fen - e.value * 100) > 1e-6) this.err('RULE_BAD_AMOUNT', e.pos, { value: e.text });
          return { k: 'const', value: fen, ty: { base: 'money' }, text: e.text, pos: e.pos };
        }
        if (!Number.isInteger(e.value)) {
          this.err('RULE_BAD_AMOUNT', e.pos, { value: e.text });
          return null;
        }
        const unit = e.unit === 'none' ? null : (e.unit as IntUnit);
        if (hint?.base === 'money' && unit === null) {
          this.err('RULE_MONEY_UNIT', e.pos, { value: e.text });
          return null;
        }
        return { k: 'const', value: e.value, ty: { base: 'int', unit }, text: e.text, pos: e.pos };
      }
      case 'date':
        return { k: 'const', value: e.value, ty: { base: 'date' }, text: e.text, pos: e.pos };
      case 'bool':
        return {
          k: 'const',
          value: e.value ? 1 : 0,
          ty: { base: 'bool' },
          text: e.value ? '是' : '否',
          pos: e.pos,
        };
      case 'name': {
        if (hint?.base === 'enum') {
          const idx = enumIndexByName(hint.fact, e.name);
          if (idx >= 0) return { k: 'const', value: idx, ty: hint, text: e.name, pos: e.pos };
          if (
            !FACT_BY_CODE.has(e.name) &&
            !FACTS.some((f) => f.zh === e.name) &&
            !this.params.some((p) => p.zh === e.name || p.code === e.name)
          ) {
            this.err('RULE_ENUM_VALUE', e.pos, {
              value: e.name,
              fact: hint.fact.zh,
              allowed: (hint.fact.values ?? []).map((v) => v.zh).join('、'),
            });
            return null;
          }
        }
        return this.name(e.name, e.pos);
      }
      case 'call': {
        const args = e.args.map((a) => this.expr(a, hint));
        if (args.some((a) => a === null)) return null;
        const tys = (args as TExpr[]).map((a) => a.ty);
        const first = tys[0] as Ty;
        for (const t of tys.slice(1)) {
          if (!sameFamily(first, t)) {
            this.err('RULE_TYPE_MISMATCH', e.pos, { left: tyName(first), right: tyName(t) });
            return null;
          }
        }
        return { k: 'call', fn: e.fn, args: args as TExpr[], ty: widen(tys), pos: e.pos };
      }
      case 'bin': {
        // A factor of a product is not itself an amount ("2 * 低保标准"), so it gets no hint.
        const scaling = e.op === '*' || e.op === '/';
        const left = this.expr(e.left, scaling ? undefined : hint);
        const right = this.expr(e.right, scaling ? undefined : (left?.ty ?? hint));
        if (!left || !right) return null;
        const l = left.ty;
        const r = right.ty;
        if (e.op === '+' || e.op === '-') {
          if (l.base === 'money' && r.base === 'money') return { ...bin(e, left, right), ty: l };
          if (l.base === 'int' && r.base === 'int' && unitsFit(l, r))
            return { ...bin(e, left, right), ty: widen([l, r]) };
        } else {
          // money × number, money × percent, money ÷ number (people), number × number.
          const scalar = (t: Ty) =>
            t.base === 'int' && (t.unit === null || t.unit === 'persons' || t.unit === 'percent');
          if (l.base === 'money' && scalar(r))
            return { ...bin(e, left, right), ty: l, percent: r.base === 'int' && r.unit === 'percent' };
          if (e.op === '*' && r.base === 'money' && scalar(l))
            return { ...bin(e, left, right), ty: r, percent: l.base === 'int' && l.unit === 'percent' };
          if (l.base === 'int' && r.base === 'int' && (l.unit === null || r.unit === null)) {
            // Where an amount is expected, "3000 * 2" lacks its 元.
            if (hint?.base === 'money' && l.unit === null && r.unit === null && left.k === 'const') {
              this.err('RULE_MONEY_UNIT', left.pos, { value: left.text });
              return null;
            }
            return { ...bin(e, left, right), ty: { base: 'int', unit: l.unit ?? r.unit } };
          }
        }
        this.err('RULE_TYPE_MISMATCH', e.pos, { left: tyName(l), right: tyName(r) });
        return null;
      }
    }
  }

  cond(c: Cond): TCond | null {
    switch (c.k) {
      case 'and':
      case 'or': {
        const items = c.items.map((i) => this.cond(i));
        return items.every(Boolean) ? { k: c.k, items: items as TCond[], pos: c.pos } : null;
      }
      case 'not': {
        const item = this.cond(c.item);
        return item ? { k: 'not', item, pos: c.pos } : null;
      }
      case 'truth': {
        const subject = this.expr(c.subject);
        if (!subject) return null;
        if (subject.ty.base !== 'bool') {
          this.err('RULE_NOT_CONDITION', c.pos, { name: exprText(c.subject), type: tyName(subject.ty) });
          return null;
        }
        return { k: 'truth', subject, leaf: this.leaf++, pos: c.pos };
      }
      case 'between': {
        const a = this.cmp({ k: 'cmp', op: '>=', left: c.subject, right: c.low, phrase: '>=', pos: c.pos });
        const b = this.cmp({ k: 'cmp', op: '<=', left: c.subject, right: c.high, phrase: '<=', pos: c.pos });
        return a && b ? { k: 'and', items: [a, b], pos: c.pos } : null;
      }
      case 'in': {
        const subject = this.expr(c.subject);
        if (!subject) return null;
        const set: number[] = [];
        for (const v of c.values) {
          const t = this.expr(v, subject.ty);
          if (!t) return null;
          if (t.k !== 'const' || !sameFamily(subject.ty, t.ty)) {
            this.err('RULE_TYPE_MISMATCH', v.pos, { left: tyName(subject.ty), right: tyName(t.ty) });
            return null;
          }
          set.push(t.value);
        }
        return { k: 'in', subject, set, negated: c.negated, leaf: this.leaf++, pos: c.pos };
      }
      case 'cmp':
        return this.cmp(c);
    }
  }

  cmp(c: Extract<Cond, { k: 'cmp' }>): TCond | null {
    const mark = this.errors.length;
    let left = this.expr(c.left);
    // An unresolved left side may be an enum value written first ("轻度失能 = 能力等级"): hold
    // its errors back until the right side's type has been tried on it, so none is reported twice.
    const leftErrors = left ? [] : this.errors.splice(mark);
    const right = this.expr(c.right, left?.ty);
    if (!left && right && c.left.k === 'name') left = this.expr(c.left, right.ty);
    else this.errors.splice(mark, 0, ...leftErrors);
    if (!left || !right) return null;
    if (left.k === 'const' && left.ty.base === 'int' && left.ty.unit === null && right.ty.base === 'money') {
      this.err('RULE_MONEY_UNIT', left.pos, { value: left.text });
      return null;
    }
    if (!sameFamily(left.ty, right.ty)) {
      this.err('RULE_TYPE_MISMATCH', c.pos, { left: tyName(left.ty), right: tyName(right.ty) });
      return null;
    }
    if (left.ty.base === 'int' && right.ty.base === 'int' && !unitsFit(left.ty, right.ty)) {
      this.err('RULE_UNIT_MISMATCH', c.pos, { left: left.ty.unit ?? '', right: right.ty.unit ?? '' });
      return null;
    }
    if ((left.ty.base === 'enum' || left.ty.base === 'bool') && c.op !== '=' && c.op !== '!=') {
      this.err('RULE_TYPE_MISMATCH', c.pos, { left: tyName(left.ty), right: c.phrase });
      return null;
    }
    if (left.ty.base === 'enum' && right.k === 'const')
      return {
        k: 'in',
        subject: left,
        set: [right.value],
        negated: c.op === '!=',
        leaf: this.leaf++,
        pos: c.pos,
      };
    return { k: 'cmp', op: c.op, left, right, phrase: c.phrase, leaf: this.leaf++, pos: c.pos };
  }

  outcome(o: Outcome): TOutcome | null {
    if (o.k === 'alert') {
      if (this.kind !== 'alert') this.err('RULE_OUTCOME_KIND', o.pos, { kind: this.kind });
      return { k: 'alert', tier: o.tier, days: o.days };
    }
    if (o.k === 'ineligible') return { k: 'ineligible' };
    if (this.kind === 'alert') {
      this.err('RULE_OUTCOME_KIND', o.pos, { kind: this.kind });
      return null;
    }
    if (o.k === 'eligible') return { k: 'eligible' };
    const amount = this.expr(o.amount, { base: 'money' });
    if (!amount) return null;
    if (amount.ty.base !== 'money') {
      this.err('RULE_AMOUNT_NOT_MONEY', o.pos, { type: tyName(amount.ty) });
      return null;
    }
    let period = o.period;
    if (!period) {
      // A parameter that carries its period (元/月, 元/年) needs no word for it.
      const unitOf = (e: TExpr): ParamUnit | null =>
        e.k === 'param' ? e.param.unit : e.k === 'bin' ? (unitOf(e.left) ?? unitOf(e.right)) : null;
      const u = unitOf(amount);
      period = u === 'yuan_month' ? 'month' : u === 'yuan_year' ? 'year' : null;
    }
    if (!period) {
      this.err('RULE_PERIOD_MISSING', o.pos);
      return null;
    }
    return { k: 'benefit', amount, period };
  }

  branch(b: Branch): TBranch | null {
    const cond = this.cond(b.cond);
    const outcome = this.outcome(b.outcome);
    if (!b.cite && b.outcome.k !== 'ineligible') this.err('RULE_SOURCE_MISSING', b.pos);
    return cond && outcome ? { cond, outcome, cite: b.cite, pos: b.pos } : null;
  }
}

function bin(e: Extract<Expr, { k: 'bin' }>, left: TExpr, right: TExpr) {
  return { k: 'bin' as const, op: e.op, left, right, pos: e.pos };
}

function enumIndexByName(fact: FactDef, name: string): number {
  const byZh = fact.values?.findIndex((v) => v.zh === name) ?? -1;
  return byZh >= 0 ? byZh : enumIndex(fact, name);
}

function sameFamily(a: Ty, b: Ty): boolean {
  if (a.base !== b.base) return false;
  if (a.base === 'enum' && b.base === 'enum') return a.fact === b.fact;
  return true;
}

function unitsFit(a: Ty, b: Ty): boolean {
  if (a.base !== 'int' || b.base !== 'int') return true;
  return a.unit === null || b.unit === null || a.unit === b.unit;
}

function widen(tys: Ty[]): Ty {
  const withUnit = tys.find((t) => t.base === 'int' && t.unit);
  return withUnit ?? (tys[0] as Ty);
}

export function exprText(e: Expr): string {
  switch (e.k) {
    case 'num':
    case 'date':
      return e.text;
    case 'bool':
      return e.value ? '是' : '否';
    case 'name':
      return e.name;
    case 'bin':
      return `${exprText(e.left)} ${e.op} ${exprText(e.right)}`;
    case 'call':
      return `${e.fn}(${e.args.map(exprText).join(', ')})`;
  }
}

/** Parses and checks a rule's text. Errors block saving; warnings are shown beside it. */
export function checkRule(
  text: string,
  kind: RuleKind,
  params: readonly ParamDef[],
  analysisDate: string,
): CheckResult {
  const parsed = parseRule(text, vocabularyOf(params));
  if (!parsed.ok) {
    const { line, col, code, params: p } = parsed.issue;
    return {
      ok: false,
      errors: [
        { severity: 'error', code, line, col, params: { expected: p.expected ?? '', found: p.found ?? '' } },
      ],
      warnings: [],
    };
  }
  const ast: RuleAst = parsed.ast;
  const c = new Checker(kind, params);
  const branches = ast.branches.map((b) => c.branch(b));
  const otherwise = c.outcome(ast.otherwise);
  if (c.errors.length > 0 || !otherwise || branches.some((b) => !b))
    return { ok: false, errors: c.errors, warnings: c.warnings };
  const rule: TypedRule = {
    kind,
    branches: branches as TBranch[],
    otherwise,
    leafCount: c.leaf,
    facts: FACTS.filter((f) => c.facts.has(f)),
    params: params.filter((p) => c.used.has(p)),
  };
  analyseBranches(rule, analysisDate, c);
  if (c.errors.length > 0) return { ok: false, errors: c.errors, warnings: c.warnings };
  return { ok: true, rule, warnings: c.warnings };
}

// ── Branch analysis: conditions as unions of boxes over the facts' domains ──

type Domain = { k: 'range'; lo: number; hi: number } | { k: 'mask'; bits: number; size: number };
type Box = Map<string, Domain>;
const INF = Number.MAX_SAFE_INTEGER;
const MAX_BOXES = 4096;

class TooComplex extends Error {}

function resolvedConst(e: TExpr, on: string): number | null {
  if (e.k === 'const') return e.value;
  if (e.k === 'param') return paramValueOn(e.param, on) ?? null;
  return null;
}

function leafBoxes(c: TCond, negate: boolean, on: string): Box[] {
  if (c.k === 'truth') {
    const key = c.subject.k === 'fact' ? c.subject.fact.code : `?${c.leaf}`;
    return [new Map([[key, { k: 'mask', bits: negate ? 1 : 2, size: 2 }]])];
  }
  if (c.k === 'in') {
    // Booleans are masks of two values (bit 1 = no, bit 2 = yes), as "truth" leaves code them.
    const ty = c.subject.ty;
    const size = ty.base === 'enum' ? (ty.fact.values?.length ?? 0) : ty.base === 'bool' ? 2 : 0;
    if (c.subject.k === 'fact' && size > 0) {
      let bits = 0;
      for (const v of c.set) bits |= 1 << v;
      if (c.negated !== negate) bits = ~bits & ((1 << size) - 1);
      return [new Map([[c.subject.fact.code, { k: 'mask', bits, size }]])];
    }
    if (c.subject.k === 'fact' && !negate !== c.negated) {
      return c.set.map(
        (v) => new Map([[c.subject.k === 'fact' ? c.subject.fact.code : '', { k: 'range', lo: v, hi: v }]]),
      );
    }
    return [new Map([[`?${c.leaf}`, { k: 'mask', bits: negate ? 1 : 2, size: 2 }]])];
  }
  if (c.k === 'cmp') {
    let op: CmpOp = c.op;
    let fact = c.left.k === 'fact' ? c.left : null;
    let value = resolvedConst(c.right, on);
    if (!fact && c.right.k === 'fact') {
      fact = c.right;
      value = resolvedConst(c.left, on);
      op = ({ '>=': '<=', '<=': '>=', '>': '<', '<': '>', '=': '=', '!=': '!=' } as const)[op];
    }
    if (fact && value !== null && fact.ty.base !== 'bool') {
      if (negate) op = ({ '>=': '<', '<=': '>', '>': '<=', '<': '>=', '=': '!=', '!=': '=' } as const)[op];
      const key = fact.fact.code;
      const r = (lo: number, hi: number): Box => new Map([[key, { k: 'range', lo, hi }]]);
      switch (op) {
        case '>=':
          return [r(value, INF)];
        case '>':
          return [r(value + 1, INF)];
        case '<=':
          return [r(-INF, value)];
        case '<':
          return [r(-INF, value - 1)];
        case '=':
          return [r(value, value)];
        case '!=':
          return [r(-INF, value - 1), r(value + 1, INF)];
      }
    }
    if (fact && value !== null && fact.ty.base === 'bool') {
      const isTrue = (op === '=') === (value === 1);
      return [new Map([[fact.fact.code, { k: 'mask', bits: isTrue !== negate ? 2 : 1, size: 2 }]])];
    }
    return [new Map([[`?${c.leaf}`, { k: 'mask', bits: negate ? 1 : 2, size: 2 }]])];
  }
  throw new Error('not a leaf');
}

function intersect(a: Domain, b: Domain): Domain | null {
  if (a.k === 'range' && b.k === 'range') {
    const lo = Math.max(a.lo, b.lo);
    const hi = Math.min(a.hi, b.hi);
    return lo <= hi ? { k: 'range', lo, hi } : null;
  }
  if (a.k === 'mask' && b.k === 'mask') {
    const bits = a.bits & b.bits;
    return bits ? { k: 'mask', bits, size: a.size } : null;
  }
  return a;
}

function meet(a: Box, b: Box): Box | null {
  const out = new Map(a);
  for (const [key, d] of b) {
    const cur = out.get(key);
    const m = cur ? intersect(cur, d) : d;
    if (!m) return null;
    out.set(key, m);
  }
  return out;
}

function boxes(c: TCond, negate: boolean, on: string): Box[] {
  if (c.k === 'not') return boxes(c.item, !negate, on);
  if (c.k === 'and' || c.k === 'or') {
    const conj = (c.k === 'and') !== negate;
    if (!conj) return c.items.flatMap((i) => boxes(i, negate, on));
    let acc: Box[] = [new Map()];
    for (const item of c.items) {
      const next: Box[] = [];
      for (const a of acc)
        for (const b of boxes(item, negate, on)) {
          const m = meet(a, b);
          if (m) next.push(m);
        }
      if (next.length > MAX_BOXES) throw new TooComplex();
      acc = next;
    }
    return acc;
  }
  return leafBoxes(c, negate, on);
}

/** a \ b as disjoint boxes. */
function subtract(a: Box, b: Box): Box[] {
  if (!meet(a, b)) return [a];
  const out: Box[] = [];
  let cur = new Map(a);
  for (const [key, bd] of b) {
    const ad =
      cur.get(key) ??
      (bd.k === 'range'
        ? { k: 'range', lo: -INF, hi: INF }
        : { k: 'mask', bits: (1 << bd.size) - 1, size: bd.size });
    if (ad.k === 'range' && bd.k === 'range') {
      if (ad.lo < bd.lo)
        out.push(new Map(cur).set(key, { k: 'range', lo: ad.lo, hi: Math.min(ad.hi, bd.lo - 1) }));
      if (ad.hi > bd.hi)
        out.push(new Map(cur).set(key, { k: 'range', lo: Math.max(ad.lo, bd.hi + 1), hi: ad.hi }));
    } else if (ad.k === 'mask' && bd.k === 'mask') {
      const rest = ad.bits & ~bd.bits;
      if (rest) out.push(new Map(cur).set(key, { k: 'mask', bits: rest, size: ad.size }));
    }
    const inside = intersect(ad, bd);
    if (!inside) return out;
    cur = new Map(cur).set(key, inside);
  }
  return out;
}

function describeBox(box: Box): string {
  const parts: string[] = [];
  for (const [key, d] of box) {
    const fact = FACT_BY_CODE.get(key);
    if (!fact) continue;
    if (d.k === 'range') {
      // Bounds for a person to read: money in 元 with thousands separators (the ranges hold
      // fen; a rule itself writes 3000元, so this is an example, not rule text), dates as dates. A
      // strict bound on a date key is one off a real day ("< 1960-01-01" is ≤ 19600100), which
      // the calendar rolls over to the day it means.
      const day = (k: number): string =>
        new Date(Date.UTC(Math.floor(k / 10000), (Math.floor(k / 100) % 100) - 1, k % 100))
          .toISOString()
          .slice(0, 10);
      const v = (n: number): string =>
        fact.type === 'money' ? `${formatYuan(n)}元` : fact.type === 'date' ? day(n) : String(n);
      if (d.lo === d.hi) parts.push(`${fact.zh} = ${v(d.lo)}`);
      else if (d.lo === -INF) parts.push(`${fact.zh} ≤ ${v(d.hi)}`);
      else if (d.hi === INF) parts.push(`${fact.zh} ≥ ${v(d.lo)}`);
      else parts.push(`${v(d.lo)} ≤ ${fact.zh} ≤ ${v(d.hi)}`);
    } else if (fact.type === 'bool') {
      if (d.bits !== 3) parts.push(d.bits === 2 ? fact.zh : `非 ${fact.zh}`);
    } else {
      const names = (fact.values ?? []).filter((_, i) => d.bits & (1 << i)).map((v) => v.zh);
      if (names.length < (fact.values?.length ?? 0)) parts.push(`${fact.zh} 属于 [${names.join('、')}]`);
    }
  }
  return parts.join(' 且 ');
}

function analyseBranches(rule: TypedRule, on: string, c: Checker): void {
  try {
    const all = rule.branches.map((b) => boxes(b.cond, false, on));
    all.forEach((mine, i) => {
      const branch = rule.branches[i] as TBranch;
      if (mine.length === 0) {
        c.err('RULE_UNSATISFIABLE', branch.pos, { branch: i + 1 });
        return;
      }
      let rest = mine;
      for (let j = 0; j < i && rest.length > 0; j++) {
        for (const b of all[j] as Box[]) {
          rest = rest.flatMap((r) => subtract(r, b));
          if (rest.length > MAX_BOXES) throw new TooComplex();
        }
      }
      if (rest.length === 0) {
        c.err('RULE_UNREACHABLE', branch.pos, { branch: i + 1 });
        return;
      }
      for (let j = 0; j < i; j++) {
        const other = rule.branches[j] as TBranch;
        if (sameOutcome(other.outcome, branch.outcome)) continue;
        for (const a of mine) {
          const hit = (all[j] as Box[]).map((b) => meet(a, b)).find(Boolean);
          if (hit) {
            c.warnings.push({
              severity: 'warning',
              code: 'RULE_OVERLAP',
              line: branch.pos.line,
              col: branch.pos.col,
              params: { branch: i + 1, other: j + 1, example: describeBox(hit) || '—' },
            });
            return;
          }
        }
      }
    });
  } catch (e) {
    if (!(e instanceof TooComplex)) throw e;
    const p = rule.branches[0]?.pos ?? { line: 1, col: 1 };
    c.warnings.push({ severity: 'warning', code: 'RULE_TOO_COMPLEX', line: p.line, col: p.col, params: {} });
  }
}

function sameOutcome(a: TOutcome, b: TOutcome): boolean {
  return a.k === b.k && a.k !== 'benefit' && (a.k !== 'alert' || (b.k === 'alert' && a.tier === b.tier));
}

export type { Period };
