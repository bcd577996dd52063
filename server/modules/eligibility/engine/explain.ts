import { formatYuan } from '../../../../contracts/money.ts';
import {
  paramValueOn,
  type TBranch,
  type TCond,
  type TExpr,
  type TOutcome,
  type Ty,
  type TypedRule,
} from './check.ts';
import { enumIndex, type FactDef, isoOfKey, type PersonFacts } from './facts.ts';

/**
 * The explaining evaluator (ADR 0019): walks the same checked rule for one person and records
 * every condition it looked at with the values it saw, so a worker can read out "why" or "why
 * not" condition by condition. It must decide exactly as the kernel and the SQL do; the tests
 * run all three on random residents.
 */

export type Truth = 'yes' | 'no' | 'unknown';

export type TraceNode =
  | {
      k: 'leaf';
      leaf: number;
      truth: Truth;
      /** The condition in the rule's words, e.g. "年龄 ≥ 60". */
      zh: string;
      en: string;
      /** The person's values it compared, e.g. "年龄 = 85周岁"; missing facts name themselves. */
      seenZh: string[];
      seenEn: string[];
      missing: string[];
    }
  | { k: 'and' | 'or' | 'not'; truth: Truth; items: TraceNode[] };

export interface BranchTrace {
  branch: number;
  truth: Truth;
  cite: string | null;
  node: TraceNode;
}

export interface Explanation {
  /** As the kernel: branch number, 0 = otherwise, -1 = unknown. */
  decision: number;
  amount: number;
  outcome: TOutcome;
  period: string | null;
  branches: BranchTrace[];
  /** Facts whose absence made the decision unknown. */
  missing: string[];
}

const FROM = (n: number): Truth => (n === 2 ? 'yes' : n === 0 ? 'no' : 'unknown');

function rawValue(person: PersonFacts, fact: FactDef): number | null {
  const v = person[fact.code];
  if (v === null || v === undefined) return null;
  if (fact.type === 'bool') return v ? 1 : 0;
  if (fact.type === 'enum') {
    const i = enumIndex(fact, String(v));
    return i < 0 ? null : i;
  }
  return Number(v);
}

export function showValue(value: number, ty: Ty, lang: 'zh' | 'en'): string {
  switch (ty.base) {
    case 'money':
      return lang === 'zh' ? `${formatYuan(value)}元` : `¥${formatYuan(value)}`;
    case 'date':
      return isoOfKey(value);
    case 'bool':
      return lang === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no';
    case 'enum': {
      const v = ty.fact.values?.[value];
      return v ? (lang === 'zh' ? v.zh : v.en) : String(value);
    }
    case 'int': {
      const zh: Record<string, string> = {
        years: '周岁',
        days: '天',
        persons: '人',
        percent: '%',
        grade: '级',
      };
      const en: Record<string, string> = {
        years: ' years',
        days: ' days',
        persons: ' persons',
        percent: '%',
        grade: '',
      };
      return `${value}${ty.unit ? (lang === 'zh' ? zh[ty.unit] : en[ty.unit]) : ''}`;
    }
  }
}

const OP_ZH: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '=', '!=': '≠' };

class Explainer {
  constructor(
    private readonly person: PersonFacts,
    private readonly asOf: string,
  ) {}

  value(e: TExpr): number | null {
    switch (e.k) {
      case 'fact':
        return rawValue(this.person, e.fact);
      case 'const':
        return e.value;
      case 'param':
        return paramValueOn(e.param, this.asOf) ?? null;
      case 'bin': {
        const l = this.value(e.left);
        const r = this.value(e.right);
        if (l === null || r === null) return null;
        // Division by zero is unknown, as in the kernel and in SQL (nullif).
        if (e.op === '/' && r === 0) return null;
        if (e.percent) return e.op === '*' ? (l * r) / 100 : (l / r) * 100;
        return e.op === '+' ? l + r : e.op === '-' ? l - r : e.op === '*' ? l * r : l / r;
      }
      case 'call': {
        const vs = e.args.map((a) => this.value(a));
        if (vs.some((v) => v === null)) return null;
        return e.fn === 'min' ? Math.min(...(vs as number[])) : Math.max(...(vs as number[]));
      }
    }
  }

  text(e: TExpr, lang: 'zh' | 'en'): string {
    switch (e.k) {
      case 'fact':
        return lang === 'zh' ? e.fact.zh : e.fact.en;
      case 'const':
        return showValue(e.value, e.ty, lang);
      case 'param':
        return lang === 'zh' ? e.param.zh : e.param.en;
      case 'bin':
        return `${this.wrap(e.left, lang)} ${e.op === '*' ? '×' : e.op === '/' ? '÷' : e.op} ${this.wrap(e.right, lang)}`;
      case 'call':
        return `${lang === 'zh' ? (e.fn === 'min' ? '较小值' : '较大值') : e.fn}(${e.args.map((a) => this.text(a, lang)).join(', ')})`;
    }
  }

  private wrap(e: TExpr, lang: 'zh' | 'en'): string {
    return e.k === 'bin' ? `(${this.text(e, lang)})` : this.text(e, lang);
  }

  /** "年龄 = 85周岁" for each fact and parameter the expression reads. */
  seen(e: TExpr, lang: 'zh' | 'en', out: string[], missing: string[]): void {
    if (e.k === 'fact') {
      const v = this.value(e);
      const label = lang === 'zh' ? e.fact.zh : e.fact.en;
      if (v === null) {
        out.push(lang === 'zh' ? `${label}：未登记` : `${label}: not recorded`);
        if (!missing.includes(e.fact.zh)) missing.push(e.fact.zh);
      } else out.push(`${label} = ${showValue(v, e.ty, lang)}`);
    } else if (e.k === 'param') {
      const v = this.value(e);
      out.push(`${lang === 'zh' ? e.param.zh : e.param.en} = ${v === null ? '—' : showValue(v, e.ty, lang)}`);
    } else if (e.k === 'bin') {
      this.seen(e.left, lang, out, missing);
      this.seen(e.right, lang, out, missing);
    } else if (e.k === 'call') for (const a of e.args) this.seen(a, lang, out, missing);
  }

  leaf(c: Exclude<TCond, { k: 'and' | 'or' | 'not' }>, truth: number): TraceNode {
    const seenZh: string[] = [];
    const seenEn: string[] = [];
    const missing: string[] = [];
    let zh: string;
    let en: string;
    if (c.k === 'truth') {
      zh = this.text(c.subject, 'zh');
      en = this.text(c.subject, 'en');
      this.seen(c.subject, 'zh', seenZh, missing);
      this.seen(c.subject, 'en', seenEn, []);
    } else if (c.k === 'in') {
      const names = (lang: 'zh' | 'en') =>
        c.set.map((v) => showValue(v, c.subject.ty, lang)).join(lang === 'zh' ? '、' : ', ');
      zh = `${this.text(c.subject, 'zh')} ${c.negated ? '不属于' : '属于'} [${names('zh')}]`;
      en = `${this.text(c.subject, 'en')} ${c.negated ? 'not in' : 'in'} [${names('en')}]`;
      this.seen(c.subject, 'zh', seenZh, missing);
      this.seen(c.subject, 'en', seenEn, []);
    } else {
      const legal = c.phrase === '以上' ? '（含本数）' : c.phrase === '以下' ? '（含本数）' : '';
      zh = `${this.text(c.left, 'zh')} ${OP_ZH[c.op]} ${this.text(c.right, 'zh')}${legal}`;
      en = `${this.text(c.left, 'en')} ${OP_ZH[c.op]} ${this.text(c.right, 'en')}`;
      for (const side of [c.left, c.right]) {
        this.seen(side, 'zh', seenZh, missing);
        this.seen(side, 'en', seenEn, []);
      }
    }
    return { k: 'leaf', leaf: c.leaf, truth: FROM(truth), zh, en, seenZh, seenEn, missing };
  }

  /** Evaluates a condition fully (no short-circuit), so the trace shows every condition. */
  cond(c: TCond): [number, TraceNode] {
    switch (c.k) {
      case 'not': {
        const [t, node] = this.cond(c.item);
        return [2 - t, { k: 'not', truth: FROM(2 - t), items: [node] }];
      }
      case 'and':
      case 'or': {
        const parts = c.items.map((i) => this.cond(i));
        const ts = parts.map((p) => p[0]);
        const t = c.k === 'and' ? Math.min(...ts) : Math.max(...ts);
        return [t, { k: c.k, truth: FROM(t), items: parts.map((p) => p[1]) }];
      }
      case 'truth': {
        const v = this.value(c.subject);
        const t = v === null ? 1 : v === 1 ? 2 : 0;
        return [t, this.leaf(c, t)];
      }
      case 'in': {
        const v = this.value(c.subject);
        const t = v === null ? 1 : c.set.includes(v) !== c.negated ? 2 : 0;
        return [t, this.leaf(c, t)];
      }
      case 'cmp': {
        const l = this.value(c.left);
        const r = this.value(c.right);
        let t = 1;
        if (l !== null && r !== null) {
          const ok =
            c.op === '>='
              ? l >= r
              : c.op === '<='
                ? l <= r
                : c.op === '>'
                  ? l > r
                  : c.op === '<'
                    ? l < r
                    : c.op === '='
                      ? l === r
                      : l !== r;
          t = ok ? 2 : 0;
        }
        return [t, this.leaf(c, t)];
      }
    }
  }

  amount(o: TOutcome): number | null {
    if (o.k !== 'benefit') return 0;
    const v = this.value(o.amount);
    return v === null ? null : Math.max(0, Math.round(v));
  }
}

/** The facts behind an unknown: only unknown parts count ("是 或 未知" is yes, whatever its unknown half). */
function missingOf(node: TraceNode, out: string[]): void {
  if (node.truth !== 'unknown') return;
  if (node.k === 'leaf') {
    for (const m of node.missing) if (!out.includes(m)) out.push(m);
  } else for (const i of node.items) missingOf(i, out);
}

/** Explains one person's decision under a checked rule on a date. */
export function explainRule(rule: TypedRule, person: PersonFacts, asOf: string): Explanation {
  const x = new Explainer(person, asOf);
  const branches: BranchTrace[] = [];
  const missing: string[] = [];
  let decision = 0;
  let outcome: TOutcome = rule.otherwise;
  let amount: number | null = x.amount(rule.otherwise);
  for (let b = 0; b < rule.branches.length; b++) {
    const branch = rule.branches[b] as TBranch;
    const [t, node] = x.cond(branch.cond);
    branches.push({ branch: b + 1, truth: FROM(t), cite: branch.cite, node });
    if (t === 2) {
      decision = b + 1;
      outcome = branch.outcome;
      amount = x.amount(branch.outcome);
      if (amount === null && branch.outcome.k === 'benefit') x.seen(branch.outcome.amount, 'zh', [], missing);
      break;
    }
    if (t === 1) {
      decision = -1;
      missingOf(node, missing);
      break;
    }
  }
  if (amount === null) {
    // The otherwise outcome decided but pays from a fact not recorded: name it. (After an
    // unknown branch the otherwise outcome was never reached, so its amount is beside the point.)
    if (decision === 0 && outcome.k === 'benefit') x.seen(outcome.amount, 'zh', [], missing);
    decision = -1;
  }
  if (decision === -1) amount = 0;
  return {
    decision,
    amount: amount ?? 0,
    outcome: decision === -1 ? { k: 'ineligible' } : outcome,
    period: decision !== -1 && outcome.k === 'benefit' ? outcome.period : null,
    branches,
    missing,
  };
}
