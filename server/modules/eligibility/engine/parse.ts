import type { Branch, CmpOp, Cond, Expr, Outcome, Period, Pos, RuleAst, Unit } from './ast.ts';

/**
 * Parser of the rule language (ADR 0019). Chinese first, with English keywords beside:
 *
 *   如果 本区户籍 且 年龄 在 60 周岁以上 且 能力等级 属于 [中度失能, 重度失能, 完全失能]
 *     则 发放 600元 每月  依据 "R1 家庭养老照护床位 000:159–161"
 *   否则如果 年龄 满 85 且 能力等级 为 轻度失能 则 发放 200元 每月 依据 "R2 000:161"
 *   否则 不符合
 *
 * Legal counting (民法典 第1259条): 以上、以下、满 include the number; 不满、超过、低于、高于
 * exclude it. Chinese has no spaces, so names are matched longest-first against the known
 * vocabulary (facts, parameters, enum values and keywords); anything else is an unknown name.
 */

export interface SyntaxIssue {
  line: number;
  col: number;
  code: 'RULE_SYNTAX' | 'RULE_EMPTY';
  /** What was expected and what was found, as vocabulary keys the messages translate. */
  params: { expected?: string; found?: string };
}

type Tok =
  | { t: 'kw'; v: Keyword; text: string; pos: Pos }
  | { t: 'num'; v: number; unit: Unit; text: string; pos: Pos }
  | { t: 'date'; v: number; text: string; pos: Pos }
  | { t: 'str'; v: string; text: string; pos: Pos }
  | { t: 'name'; v: string; text: string; pos: Pos }
  | { t: 'op'; v: string; text: string; pos: Pos }
  | { t: 'eof'; text: string; pos: Pos };

type Keyword =
  | 'if'
  | 'elif'
  | 'else'
  | 'then'
  | 'and'
  | 'or'
  | 'not'
  | 'in'
  | 'notin'
  | 'at'
  | 'above'
  | 'below'
  | 'reach'
  | 'under'
  | 'over'
  | 'notover'
  | 'less'
  | 'more'
  | 'is'
  | 'isnot'
  | 'between'
  | 'to'
  | 'within'
  | 'pay'
  | 'monthly'
  | 'yearly'
  | 'once'
  | 'eligible'
  | 'ineligible'
  | 'red'
  | 'yellow'
  | 'source'
  | 'true'
  | 'false'
  | 'min'
  | 'max';

/** Keyword spellings. Longer spellings win ("否则如果" before "否则", "不满" before "满"). */
const KEYWORDS: Record<string, Keyword> = {
  如果: 'if',
  若: 'if',
  if: 'if',
  否则如果: 'elif',
  elif: 'elif',
  否则: 'else',
  else: 'else',
  则: 'then',
  那么: 'then',
  // biome-ignore lint/suspicious/noThenProperty: a keyword of the rule language, never awaited
  then: 'then',
  且: 'and',
  并且: 'and',
  and: 'and',
  或: 'or',
  或者: 'or',
  or: 'or',
  非: 'not',
  not: 'not',
  属于: 'in',
  in: 'in',
  不属于: 'notin',
  在: 'at',
  以上: 'above',
  以下: 'below',
  满: 'reach',
  不满: 'under',
  超过: 'over',
  不超过: 'notover',
  低于: 'less',
  高于: 'more',
  为: 'is',
  不为: 'isnot',
  介于: 'between',
  至: 'to',
  和: 'to',
  之间: 'within',
  发放: 'pay',
  pay: 'pay',
  每月: 'monthly',
  monthly: 'monthly',
  每年: 'yearly',
  yearly: 'yearly',
  一次: 'once',
  一次性: 'once',
  once: 'once',
  符合: 'eligible',
  eligible: 'eligible',
  不符合: 'ineligible',
  ineligible: 'ineligible',
  红色预警: 'red',
  red: 'red',
  黄色预警: 'yellow',
  yellow: 'yellow',
  依据: 'source',
  source: 'source',
  是: 'true',
  true: 'true',
  否: 'false',
  false: 'false',
  较小值: 'min',
  min: 'min',
  较大值: 'max',
  max: 'max',
};

const UNITS: [string, Unit][] = [
  ['周岁', 'years'],
  ['岁', 'years'],
  ['元', 'yuan'],
  ['天', 'days'],
  ['日', 'days'],
  ['人', 'persons'],
  ['%', 'percent'],
  ['％', 'percent'],
];

/** Spellings the lexer reads as keywords or units: a fact or a parameter named so would shadow them. */
export const RESERVED_WORDS: readonly { spelling: string; kind: 'keyword' | 'unit' }[] = [
  ...Object.keys(KEYWORDS).map((spelling) => ({ spelling, kind: 'keyword' as const })),
  ...UNITS.map(([spelling]) => ({ spelling, kind: 'unit' as const })),
];

const OPS = [
  '>=',
  '<=',
  '!=',
  '==',
  '≥',
  '≤',
  '≠',
  '>',
  '<',
  '=',
  '+',
  '-',
  '*',
  '×',
  '/',
  '÷',
  '(',
  ')',
  '[',
  ']',
  ',',
  '，',
  '、',
  '（',
  '）',
  '【',
  '】',
];
const OP_CANON: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '==': '=',
  '×': '*',
  '÷': '/',
  '，': ',',
  '、': ',',
  '（': '(',
  '）': ')',
  '【': '[',
  '】': ']',
};

const isWordChar = (c: string): boolean => /[\p{L}\p{N}_]/u.test(c) && !/[0-9]/.test(c);

class SyntaxError_ extends Error {
  constructor(readonly issue: SyntaxIssue) {
    super(issue.code);
  }
}

function lex(text: string, vocabulary: readonly string[]): Tok[] {
  const words = [...new Set([...Object.keys(KEYWORDS), ...vocabulary])].sort((a, b) => b.length - a.length);
  const tokens: Tok[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (): Pos => ({ line, col: i - lineStart + 1 });
  const fail = (expected: string, found: string): never => {
    throw new SyntaxError_({ ...pos(), code: 'RULE_SYNTAX', params: { expected, found } });
  };
  const wordAt = (at: number): string | undefined => {
    for (const w of words) {
      if (text.startsWith(w, at)) {
        // An ASCII keyword must stand alone ("in" is not the start of "income").
        if (
          /^[a-z]/i.test(w) &&
          isWordChar(text[at + w.length] ?? ' ') &&
          /[a-z]/i.test(text[at + w.length] ?? ' ')
        )
          continue;
        return w;
      }
    }
    return undefined;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (/\s/.test(c) || c === '　') {
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const p = pos();
    if (c === '"' || c === '“' || c === '「' || c === "'") {
      const close = c === '“' ? '”' : c === '「' ? '」' : c;
      const end = text.indexOf(close, i + 1);
      if (end < 0 || text.slice(i + 1, end).includes('\n')) fail('closing_quote', 'end_of_line');
      tokens.push({ t: 'str', v: text.slice(i + 1, end), text: text.slice(i, end + 1), pos: p });
      i = end + 1;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const date = /^(\d{4})(?:-(\d{1,2})-(\d{1,2})|年(\d{1,2})月(\d{1,2})日)/.exec(text.slice(i));
      if (date) {
        const y = Number(date[1]);
        const m = Number(date[2] ?? date[4]);
        const d = Number(date[3] ?? date[5]);
        const ok = m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
        if (!ok) fail('valid_date', date[0]);
        tokens.push({ t: 'date', v: y * 10000 + m * 100 + d, text: date[0], pos: p });
        i += date[0].length;
        continue;
      }
      const num = /^\d+(?:\.\d+)?/.exec(text.slice(i)) as RegExpExecArray;
      i += num[0].length;
      while (text[i] === ' ' || text[i] === '　') i++;
      let unit: Unit = 'none';
      for (const [spelling, u] of UNITS) {
        if (text.startsWith(spelling, i)) {
          unit = u;
          i += spelling.length;
          break;
        }
      }
      tokens.push({
        t: 'num',
        v: Number(num[0]),
        unit,
        text: text.slice(p.col - 1 + lineStart, i).trim(),
        pos: p,
      });
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ t: 'op', v: OP_CANON[op] ?? op, text: op, pos: p });
      i += op.length;
      continue;
    }
    const word = wordAt(i);
    if (word) {
      const kw = KEYWORDS[word];
      // A vocabulary name equal to a keyword spelling is a name ("是" is never a fact).
      if (kw && !vocabulary.includes(word)) tokens.push({ t: 'kw', v: kw, text: word, pos: p });
      else tokens.push({ t: 'name', v: word, text: word, pos: p });
      i += word.length;
      continue;
    }
    if (!isWordChar(c)) fail('token', c);
    // An unknown name runs until a separator, a digit or the start of a known word.
    let j = i + 1;
    while (j < text.length && isWordChar(text[j] as string) && !wordAt(j)) j++;
    tokens.push({ t: 'name', v: text.slice(i, j), text: text.slice(i, j), pos: p });
    i = j;
  }
  tokens.push({ t: 'eof', text: '', pos: pos() });
  return tokens;
}

const further = (a: SyntaxIssue, b: SyntaxIssue): boolean =>
  a.line > b.line || (a.line === b.line && a.col > b.col);

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(offset = 0): Tok {
    return this.toks[Math.min(this.i + offset, this.toks.length - 1)] as Tok;
  }
  private next(): Tok {
    const t = this.peek();
    this.i++;
    return t;
  }
  private isKw(...kws: Keyword[]): boolean {
    const t = this.peek();
    return t.t === 'kw' && kws.includes(t.v);
  }
  private isOp(...ops: string[]): boolean {
    const t = this.peek();
    return t.t === 'op' && ops.includes(t.v);
  }
  private fail(expected: string): never {
    const t = this.peek();
    throw new SyntaxError_({
      line: t.pos.line,
      col: t.pos.col,
      code: 'RULE_SYNTAX',
      params: { expected, found: t.t === 'eof' ? 'end_of_rule' : t.text },
    });
  }
  private expectKw(kw: Keyword, expected: string): Tok {
    if (!this.isKw(kw)) this.fail(expected);
    return this.next();
  }
  private expectOp(op: string): Tok {
    if (!this.isOp(op)) this.fail(op);
    return this.next();
  }

  rule(): RuleAst {
    const branches: Branch[] = [];
    if (this.peek().t === 'eof') {
      const p = this.peek().pos;
      throw new SyntaxError_({ line: p.line, col: p.col, code: 'RULE_EMPTY', params: {} });
    }
    this.expectKw('if', 'if');
    branches.push(this.branch());
    while (this.isKw('elif')) {
      this.next();
      branches.push(this.branch());
    }
    let otherwise: Outcome = { k: 'ineligible', pos: this.peek().pos };
    if (this.isKw('else')) {
      this.next();
      otherwise = this.outcome();
    }
    if (this.peek().t !== 'eof') this.fail('elif_or_else');
    return { branches, otherwise };
  }

  private branch(): Branch {
    const pos = this.peek().pos;
    const cond = this.or();
    this.expectKw('then', 'then');
    const outcome = this.outcome();
    let cite: string | null = null;
    if (this.isKw('source')) {
      this.next();
      const s = this.next();
      if (s.t !== 'str') {
        this.i--;
        this.fail('quoted_source');
      }
      cite = (s as { v: string }).v.trim();
    }
    return { cond, outcome, cite, pos };
  }

  private outcome(): Outcome {
    const t = this.peek();
    if (this.isKw('eligible')) {
      this.next();
      return { k: 'eligible', pos: t.pos };
    }
    if (this.isKw('ineligible')) {
      this.next();
      return { k: 'ineligible', pos: t.pos };
    }
    if (this.isKw('red', 'yellow')) {
      this.next();
      const tier = (t as { v: Keyword }).v === 'red' ? 'red' : 'yellow';
      const d = this.next();
      if (d.t !== 'num' || (d.unit !== 'days' && d.unit !== 'none') || !Number.isInteger(d.v) || d.v < 1) {
        this.i--;
        this.fail('deadline_days');
      }
      return { k: 'alert', tier, days: (d as { v: number }).v, pos: t.pos };
    }
    let period: Period | null = null;
    if (this.isKw('monthly', 'yearly', 'once')) period = this.period();
    if (this.isKw('pay')) {
      this.next();
      const amount = this.expr();
      if (!period && this.isKw('monthly', 'yearly', 'once')) period = this.period();
      return { k: 'benefit', amount, period, pos: t.pos };
    }
    return this.fail('outcome');
  }

  private period(): Period {
    const t = this.next() as { v: Keyword };
    return t.v === 'monthly' ? 'month' : t.v === 'yearly' ? 'year' : 'once';
  }

  private or(): Cond {
    const pos = this.peek().pos;
    const items = [this.and()];
    while (this.isKw('or')) {
      this.next();
      items.push(this.and());
    }
    return items.length === 1 ? (items[0] as Cond) : { k: 'or', items, pos };
  }

  private and(): Cond {
    const pos = this.peek().pos;
    const items = [this.not()];
    while (this.isKw('and')) {
      this.next();
      items.push(this.not());
    }
    return items.length === 1 ? (items[0] as Cond) : { k: 'and', items, pos };
  }

  private not(): Cond {
    if (this.isKw('not')) {
      const pos = this.next().pos;
      return { k: 'not', item: this.not(), pos };
    }
    return this.atom();
  }

  private atom(): Cond {
    // A parenthesis may open a condition or an arithmetic expression: try the condition first.
    if (this.isOp('(')) {
      const save = this.i;
      let asCondition: SyntaxError_ | null = null;
      try {
        this.next();
        const c = this.or();
        this.expectOp(')');
        if (!this.startsComparison()) return c;
      } catch (e) {
        if (!(e instanceof SyntaxError_)) throw e;
        asCondition = e;
      }
      this.i = save;
      try {
        return this.comparison();
      } catch (e) {
        // When neither reading parses, report the one that got further: that is where the slip is.
        if (asCondition && e instanceof SyntaxError_ && further(asCondition.issue, e.issue))
          throw asCondition;
        throw e;
      }
    }
    return this.comparison();
  }

  private comparison(): Cond {
    const pos = this.peek().pos;
    const left = this.expr();
    const t = this.peek();
    if (t.t === 'op' && ['>=', '<=', '>', '<', '=', '!='].includes(t.v)) {
      this.next();
      return { k: 'cmp', op: t.v as CmpOp, left, right: this.expr(), phrase: t.text, pos };
    }
    if (t.t === 'kw') {
      const word: Partial<Record<Keyword, CmpOp>> = {
        reach: '>=',
        under: '<',
        over: '>',
        notover: '<=',
        less: '<',
        more: '>',
        is: '=',
        isnot: '!=',
      };
      const op = word[t.v];
      if (op) {
        this.next();
        return { k: 'cmp', op, left, right: this.expr(), phrase: t.text, pos };
      }
      if (t.v === 'in' || t.v === 'notin') {
        this.next();
        return { k: 'in', subject: left, values: this.list(), negated: t.v === 'notin', pos };
      }
      if (t.v === 'between') {
        this.next();
        const low = this.expr();
        this.expectKw('to', 'to');
        const high = this.expr();
        if (this.isKw('within')) this.next();
        return { k: 'between', subject: left, low, high, pos };
      }
      if (t.v === 'at') {
        this.next();
        const value = this.expr();
        if (this.isKw('to')) {
          this.next();
          const high = this.expr();
          this.expectKw('within', 'within');
          return { k: 'between', subject: left, low: value, high, pos };
        }
        return this.legalPhrase(left, value, pos);
      }
    }
    // "年龄 60周岁以上": the value follows the subject directly.
    if (
      t.t === 'num' ||
      (t.t === 'name' &&
        this.peek(1).t === 'kw' &&
        ['above', 'below'].includes((this.peek(1) as { v: string }).v))
    ) {
      const value = this.expr();
      return this.legalPhrase(left, value, pos);
    }
    return { k: 'truth', subject: left, pos };
  }

  private legalPhrase(left: Expr, value: Expr, pos: Pos): Cond {
    if (this.isKw('above')) {
      this.next();
      return { k: 'cmp', op: '>=', left, right: value, phrase: '以上', pos };
    }
    if (this.isKw('below')) {
      this.next();
      return { k: 'cmp', op: '<=', left, right: value, phrase: '以下', pos };
    }
    return this.fail('above_or_below');
  }

  private startsComparison(): boolean {
    const t = this.peek();
    if (t.t === 'op') return ['>=', '<=', '>', '<', '=', '!=', '+', '-', '*', '/'].includes(t.v);
    if (t.t === 'kw')
      return [
        'reach',
        'under',
        'over',
        'notover',
        'less',
        'more',
        'is',
        'isnot',
        'in',
        'notin',
        'between',
        'at',
      ].includes(t.v);
    return t.t === 'num';
  }

  private list(): Expr[] {
    this.expectOp('[');
    const items = [this.expr()];
    while (this.isOp(',')) {
      this.next();
      items.push(this.expr());
    }
    this.expectOp(']');
    return items;
  }

  expr(): Expr {
    let left = this.term();
    while (this.isOp('+', '-')) {
      const t = this.next() as { v: string; pos: Pos };
      left = { k: 'bin', op: t.v as '+' | '-', left, right: this.term(), pos: t.pos };
    }
    return left;
  }

  private term(): Expr {
    let left = this.factor();
    while (this.isOp('*', '/')) {
      const t = this.next() as { v: string; pos: Pos };
      left = { k: 'bin', op: t.v as '*' | '/', left, right: this.factor(), pos: t.pos };
    }
    return left;
  }

  private factor(): Expr {
    const t = this.next();
    switch (t.t) {
      case 'num':
        return { k: 'num', value: t.v, unit: t.unit, text: t.text, pos: t.pos };
      case 'date':
        return { k: 'date', value: t.v, text: t.text, pos: t.pos };
      case 'name':
        return { k: 'name', name: t.v, pos: t.pos };
      case 'kw':
        if (t.v === 'true' || t.v === 'false') return { k: 'bool', value: t.v === 'true', pos: t.pos };
        if (t.v === 'min' || t.v === 'max') {
          this.expectOp('(');
          const args = [this.expr()];
          while (this.isOp(',')) {
            this.next();
            args.push(this.expr());
          }
          this.expectOp(')');
          return { k: 'call', fn: t.v, args, pos: t.pos };
        }
        break;
      case 'op':
        if (t.v === '(') {
          const e = this.expr();
          this.expectOp(')');
          return e;
        }
        if (t.v === '-') {
          const inner = this.factor();
          if (inner.k === 'num') return { ...inner, value: -inner.value, text: `-${inner.text}` };
          return {
            k: 'bin',
            op: '-',
            left: { k: 'num', value: 0, unit: 'none', text: '0', pos: t.pos },
            right: inner,
            pos: t.pos,
          };
        }
        break;
    }
    this.i--;
    return this.fail('value');
  }
}

export type ParseResult = { ok: true; ast: RuleAst } | { ok: false; issue: SyntaxIssue };

/** Parses a rule's text; `vocabulary` lists the names the lexer should recognise. */
export function parseRule(text: string, vocabulary: readonly string[]): ParseResult {
  try {
    const tokens = lex(text, vocabulary);
    return { ok: true, ast: new Parser(tokens).rule() };
  } catch (e) {
    if (e instanceof SyntaxError_) return { ok: false, issue: e.issue };
    throw e;
  }
}
