import { paramValueOn, type TCond, type TExpr, type TOutcome, type TypedRule } from './check.ts';
import { type Column, FACTS, type FactDef, type FactTable, UNKNOWN_INT, UNKNOWN_SMALL } from './facts.ts';

/**
 * The fast batch evaluator (ADR 0019): a checked rule and a date become one straight-line
 * JavaScript function over the fact table's typed columns. Parameters are read for the date at
 * compile time, so nothing is looked up, allocated or awaited per person. Truth is three-valued
 * (Kleene) and coded 0 = no, 1 = unknown, 2 = yes, so "and" is a minimum and "or" a maximum.
 *
 * Output per person: `decision` = branch number (1…n) that decided, 0 = the "otherwise"
 * outcome, -1 = unknown (a fact the deciding condition needs is not recorded); `amount` in fen
 * for a benefit (0 otherwise).
 */
export type Kernel = (
  columns: Column[],
  from: number,
  to: number,
  decision: Int8Array,
  amount: Int32Array,
) => void;

export interface CompiledRule {
  rule: TypedRule;
  asOf: string;
  run: Kernel;
  source: string;
}

export const DECISION_UNKNOWN = -1;
export const DECISION_OTHERWISE = 0;

class Gen {
  temps = 0;
  constructor(private readonly asOf: string) {}

  tmp(): string {
    return `t${this.temps++}`;
  }

  /** JS for an expression's value; facts are loaded once per row into f<index>. */
  value(e: TExpr): string {
    switch (e.k) {
      case 'fact':
        return `f${e.index}`;
      case 'const':
        return String(e.value);
      case 'param': {
        const v = paramValueOn(e.param, this.asOf);
        if (v === undefined) throw new Error(`parameter ${e.param.code} has no value on ${this.asOf}`);
        return String(v);
      }
      case 'bin': {
        const l = this.value(e.left);
        const r = this.value(e.right);
        if (e.percent) return e.op === '*' ? `((${l}) * (${r}) / 100)` : `((${l}) / (${r}) * 100)`;
        return `((${l}) ${e.op} (${r}))`;
      }
      case 'call':
        return `Math.${e.fn}(${e.args.map((a) => this.value(a)).join(', ')})`;
    }
  }

  /**
   * JS that is true when every fact the expression reads is recorded and no divisor is zero
   * (a division by zero is unknown, as SQL's `nullif` makes it).
   */
  known(e: TExpr): string {
    const facts = new Set<number>();
    const divisors: string[] = [];
    const walk = (x: TExpr): void => {
      if (x.k === 'fact') facts.add(x.index);
      else if (x.k === 'bin') {
        walk(x.left);
        walk(x.right);
        if (x.op === '/') divisors.push(`(${this.value(x.right)}) !== 0`);
      } else if (x.k === 'call') x.args.forEach(walk);
    };
    walk(e);
    const all = [...[...facts].map((f) => `k${f}`), ...divisors];
    return all.length === 0 ? 'true' : all.join(' && ');
  }

  cond(c: TCond): string {
    switch (c.k) {
      case 'truth':
        return `(${this.known(c.subject)} ? (${this.value(c.subject)} === 1 ? 2 : 0) : 1)`;
      case 'in': {
        const subject = this.value(c.subject);
        let test: string;
        if (c.subject.ty.base === 'enum' && c.set.every((v) => v < 31)) {
          const mask = c.set.reduce((m, v) => m | (1 << v), 0);
          test = `((${mask} >>> ${subject}) & 1) === 1`;
        } else test = c.set.map((v) => `${subject} === ${v}`).join(' || ') || 'false';
        const [yes, no] = c.negated ? [0, 2] : [2, 0];
        return `(${this.known(c.subject)} ? ((${test}) ? ${yes} : ${no}) : 1)`;
      }
      case 'cmp': {
        const op = c.op === '=' ? '===' : c.op === '!=' ? '!==' : c.op;
        const known =
          [this.known(c.left), this.known(c.right)].filter((k) => k !== 'true').join(' && ') || 'true';
        return `(${known} ? ((${this.value(c.left)}) ${op} (${this.value(c.right)}) ? 2 : 0) : 1)`;
      }
      case 'not':
        return `(2 - ${this.cond(c.item)})`;
      case 'and':
      case 'or': {
        // Short-circuit on a decisive value: "no" ends an "and", "yes" ends an "or".
        const stop = c.k === 'and' ? 0 : 2;
        const pick = c.k === 'and' ? '<' : '>';
        const t = this.tmp();
        const u = this.tmp();
        let code = this.cond(c.items[0] as TCond);
        for (const item of c.items.slice(1)) {
          code = `((${t} = ${code}) === ${stop} ? ${stop} : ((${u} = ${this.cond(item)}) ${pick} ${t} ? ${u} : ${t}))`;
        }
        return code;
      }
    }
  }

  outcome(o: TOutcome, decision: number): string {
    if (o.k !== 'benefit') return `decision[i] = ${decision}; amount[i] = 0;`;
    const known = this.known(o.amount);
    const value = `Math.max(0, Math.round(${this.value(o.amount)}))`;
    if (known === 'true') return `decision[i] = ${decision}; amount[i] = ${value};`;
    return `if (${known}) { decision[i] = ${decision}; amount[i] = ${value}; } else { decision[i] = -1; amount[i] = 0; }`;
  }
}

/** Compiles a checked rule for a date. Throws when a parameter has no value on that date. */
export function compileKernel(rule: TypedRule, asOf: string): CompiledRule {
  const g = new Gen(asOf);
  const indexes = new Set<number>();
  const walkE = (e: TExpr): void => {
    if (e.k === 'fact') indexes.add(e.index);
    else if (e.k === 'bin') {
      walkE(e.left);
      walkE(e.right);
    } else if (e.k === 'call') e.args.forEach(walkE);
  };
  const walkC = (c: TCond): void => {
    if (c.k === 'not') walkC(c.item);
    else if (c.k === 'cmp') {
      walkE(c.left);
      walkE(c.right);
    } else if (c.k === 'in' || c.k === 'truth') walkE(c.subject);
    else c.items.forEach(walkC);
  };
  for (const b of rule.branches) {
    walkC(b.cond);
    if (b.outcome.k === 'benefit') walkE(b.outcome.amount);
  }
  if (rule.otherwise.k === 'benefit') walkE(rule.otherwise.amount);
  const small = (i: number) => {
    const def = FACTS[i] as FactDef;
    return def.type === 'bool' || def.type === 'enum';
  };
  const loads = [...indexes].map((i) => `const c${i} = columns[${i}];`).join('\n');
  const rowLoads = [...indexes]
    .map((i) => `const f${i} = c${i}[i]; const k${i} = f${i} !== ${small(i) ? UNKNOWN_SMALL : UNKNOWN_INT};`)
    .join('\n    ');
  let body = g.outcome(rule.otherwise, 0);
  for (let b = rule.branches.length - 1; b >= 0; b--) {
    const branch = rule.branches[b] as (typeof rule.branches)[number];
    const d = g.tmp();
    body = `const ${d} = ${g.cond(branch.cond)};
    if (${d} === 2) { ${g.outcome(branch.outcome, b + 1)} }
    else if (${d} === 1) { decision[i] = -1; amount[i] = 0; }
    else { ${body} }`;
  }
  const temps = Array.from({ length: g.temps }, (_, i) => `t${i}`);
  const source = `"use strict";
${loads}
let ${temps.length ? temps.join(', ') : '_'};
for (let i = from; i < to; i++) {
    ${rowLoads}
    ${body}
}`;
  const run = new Function('columns', 'from', 'to', 'decision', 'amount', source) as Kernel;
  return { rule, asOf, run, source };
}

/** Runs a compiled rule over a whole table. */
export function runKernel(c: CompiledRule, table: FactTable): { decision: Int8Array; amount: Int32Array } {
  const decision = new Int8Array(table.size);
  const amount = new Int32Array(table.size);
  c.run(table.columns, 0, table.size, decision, amount);
  return { decision, amount };
}

export type FusedKernel = (
  columns: Column[],
  from: number,
  to: number,
  decisions: Int8Array[],
  amounts: Int32Array[],
) => void;

/**
 * All rules in one pass over the table (ADR 0019): each person's facts are read once and every
 * rule decided in turn, as a hand-written loop would. Decides exactly as `compileKernel` per rule
 * (the same generated conditions), so the tests of one hold for the other.
 */
export function compileFused(
  rules: readonly TypedRule[],
  asOf: string,
): { run: FusedKernel; source: string } {
  const g = new Gen(asOf);
  const indexes = new Set<number>();
  const bodies: string[] = [];
  rules.forEach((rule, r) => {
    const single = compileKernel(rule, asOf);
    for (const m of single.source.matchAll(/const c(\d+) = columns\[/g)) indexes.add(Number(m[1]));
    let body = g.outcome(rule.otherwise, 0);
    for (let b = rule.branches.length - 1; b >= 0; b--) {
      const branch = rule.branches[b] as (typeof rule.branches)[number];
      const d = g.tmp();
      body = `const ${d} = ${g.cond(branch.cond)};
    if (${d} === 2) { ${g.outcome(branch.outcome, b + 1)} }
    else if (${d} === 1) { decision[i] = -1; amount[i] = 0; }
    else { ${body} }`;
    }
    bodies.push(`{ ${body.replaceAll('decision[i]', `d${r}[i]`).replaceAll('amount[i]', `a${r}[i]`)} }`);
  });
  const small = (i: number) => {
    const def = FACTS[i] as FactDef;
    return def.type === 'bool' || def.type === 'enum';
  };
  const source = `"use strict";
${[...indexes].map((i) => `const c${i} = columns[${i}];`).join('\n')}
${rules.map((_, r) => `const d${r} = decisions[${r}]; const a${r} = amounts[${r}];`).join('\n')}
let ${Array.from({ length: Math.max(g.temps, 1) }, (_, i) => `t${i}`).join(', ')};
for (let i = from; i < to; i++) {
    ${[...indexes].map((i) => `const f${i} = c${i}[i]; const k${i} = f${i} !== ${small(i) ? UNKNOWN_SMALL : UNKNOWN_INT};`).join('\n    ')}
    ${bodies.join('\n    ')}
}`;
  return {
    run: new Function('columns', 'from', 'to', 'decisions', 'amounts', source) as FusedKernel,
    source,
  };
}
