import { describe, expect, it } from 'vitest';
import type { Cond, Expr, Outcome, RuleAst } from './ast.ts';
import { vocabularyOf } from './check.ts';
import { parseRule, type SyntaxIssue } from './parse.ts';
import { SEED_PARAMS } from './programmes.ts';

const VOCAB = vocabularyOf(SEED_PARAMS);

/** A compact, unambiguous rendering of the tree, so each case states its whole parse. */
function ex(e: Expr): string {
  switch (e.k) {
    case 'num':
      return e.unit === 'none' ? String(e.value) : `${e.value}:${e.unit}`;
    case 'date':
      return `date:${e.value}`;
    case 'bool':
      return String(e.value);
    case 'name':
      return e.name;
    case 'bin':
      return `(${ex(e.left)} ${e.op} ${ex(e.right)})`;
    case 'call':
      return `${e.fn}(${e.args.map(ex).join(', ')})`;
  }
}

function co(c: Cond): string {
  switch (c.k) {
    case 'cmp':
      return `${ex(c.left)} ${c.op} ${ex(c.right)}`;
    case 'in':
      return `${ex(c.subject)} ${c.negated ? 'notin' : 'in'} [${c.values.map(ex).join(', ')}]`;
    case 'between':
      return `${ex(c.subject)} between ${ex(c.low)} and ${ex(c.high)}`;
    case 'truth':
      return ex(c.subject);
    case 'and':
    case 'or':
      return `(${c.items.map(co).join(c.k === 'and' ? ' && ' : ' || ')})`;
    case 'not':
      return `!${co(c.item)}`;
  }
}

function oc(o: Outcome): string {
  switch (o.k) {
    case 'benefit':
      return `pay ${ex(o.amount)} ${o.period ?? '-'}`;
    case 'alert':
      return `${o.tier} ${o.days}`;
    default:
      return o.k;
  }
}

function parsed(text: string): RuleAst {
  const r = parseRule(text, VOCAB);
  if (!r.ok) throw new Error(`syntax error in ${JSON.stringify(text)}: ${JSON.stringify(r.issue)}`);
  return r.ast;
}

function condOf(text: string): Cond {
  return parsed(`如果 ${text} 则 符合`).branches[0]!.cond;
}

function issueOf(text: string): SyntaxIssue {
  const r = parseRule(text, VOCAB);
  if (r.ok) throw new Error(`expected a syntax error in ${JSON.stringify(text)}`);
  return r.issue;
}

describe('conditions: every keyword form, with legal counting', () => {
  // 民法典 第1259条: 以上、以下、满 include the number; 不满、超过、低于、高于 exclude it.
  it.each([
    ['年龄 在 60 周岁以上', '年龄 >= 60:years', '以上'],
    ['年龄 60周岁以上', '年龄 >= 60:years', '以上'],
    ['年龄 在 60 岁以下', '年龄 <= 60:years', '以下'],
    ['年龄 60周岁以下', '年龄 <= 60:years', '以下'],
    ['年龄 满 85', '年龄 >= 85', '满'],
    ['年龄 不满 18 周岁', '年龄 < 18:years', '不满'],
    ['年龄 超过 80', '年龄 > 80', '超过'],
    ['年龄 不超过 80', '年龄 <= 80', '不超过'],
    ['月退休金 低于 3000元', '月退休金 < 3000:yuan', '低于'],
    ['月退休金 高于 3000.5元', '月退休金 > 3000.5:yuan', '高于'],
    ['月退休金 在 重阳分退休金线 以下', '月退休金 <= 重阳分退休金线', '以下'],
    ['月退休金 重阳分退休金线 以上', '月退休金 >= 重阳分退休金线', '以上'],
    ['能力等级 为 轻度失能', '能力等级 = 轻度失能', '为'],
    ['能力等级 不为 轻度失能', '能力等级 != 轻度失能', '不为'],
    ['年龄 >= 60', '年龄 >= 60', '>='],
    ['年龄 ≥ 60', '年龄 >= 60', '≥'],
    ['年龄 ≤ 60', '年龄 <= 60', '≤'],
    ['年龄 ≠ 60', '年龄 != 60', '≠'],
    ['年龄 == 60', '年龄 = 60', '=='],
    ['年龄 != 60', '年龄 != 60', '!='],
    ['年龄 > 60', '年龄 > 60', '>'],
    ['年龄 < 60', '年龄 < 60', '<'],
  ])('%s → %s', (text, tree, phrase) => {
    const c = condOf(text);
    expect(co(c)).toBe(tree);
    expect(c.k === 'cmp' && c.phrase).toBe(phrase);
  });

  it.each([
    ['能力等级 属于 [中度失能, 重度失能]', '能力等级 in [中度失能, 重度失能]'],
    ['能力等级 不属于 [中度失能、重度失能]', '能力等级 notin [中度失能, 重度失能]'],
    ['能力等级 属于 【中度失能，重度失能】', '能力等级 in [中度失能, 重度失能]'],
    ['残疾等级 属于 [1, 2]', '残疾等级 in [1, 2]'],
    ['年龄 介于 80 和 89 之间', '年龄 between 80 and 89'],
    ['年龄 介于 80 和 89', '年龄 between 80 and 89'],
    ['年龄 介于 80 至 89 之间', '年龄 between 80 and 89'],
    ['年龄 在 60 至 79 之间', '年龄 between 60 and 79'],
    ['年龄 在 60 和 79 之间', '年龄 between 60 and 79'],
    [
      '家庭人均月收入 介于 低保标准 和 低保标准 * 低边倍数 之间',
      '家庭人均月收入 between 低保标准 and (低保标准 * 低边倍数)',
    ],
    ['本区户籍', '本区户籍'],
    ['本区户籍 = 是', '本区户籍 = true'],
    ['本区户籍 = 否', '本区户籍 = false'],
  ])('%s → %s', (text, tree) => {
    expect(co(condOf(text))).toBe(tree);
  });

  it.each([
    // 非 binds tightest, then 且, then 或.
    ['本区户籍 且 年龄 满 60 或 非 居住原江干区', '((本区户籍 && 年龄 >= 60) || !居住原江干区)'],
    ['本区户籍 并且 (年龄 满 60 或者 年龄 满 50)', '(本区户籍 && (年龄 >= 60 || 年龄 >= 50))'],
    ['非 (本区户籍 或 居住原江干区)', '!(本区户籍 || 居住原江干区)'],
    ['非 非 本区户籍', '!!本区户籍'],
    [
      '（年龄 ≥ 60）且 能力等级 属于【中度失能，重度失能】',
      '(年龄 >= 60 && 能力等级 in [中度失能, 重度失能])',
    ],
    ['(年龄) >= 60', '年龄 >= 60'],
    ['(低保标准 - 家庭人均月收入) * 家庭人数 > 0元', '((低保标准 - 家庭人均月收入) * 家庭人数) > 0:yuan'],
    ['家庭人均月收入 < 低保标准 * 2 + 10元', '家庭人均月收入 < ((低保标准 * 2) + 10:yuan)'],
    ['家庭人均月收入 < 低保标准 × 2 ÷ 3', '家庭人均月收入 < ((低保标准 * 2) / 3)'],
    [
      '较小值(近90天自付医疗费 * 50%, 临时救助上限) > 0元',
      'min((近90天自付医疗费 * 50:percent), 临时救助上限) > 0:yuan',
    ],
    ['较大值（月退休金，1元） > 0元', 'max(月退休金, 1:yuan) > 0:yuan'],
    ['年龄 > -5', '年龄 > -5'],
    ['年龄 > 0 - 年龄', '年龄 > (0 - 年龄)'],
  ])('%s → %s', (text, tree) => {
    expect(co(condOf(text))).toBe(tree);
  });

  it.each([
    ['hukou_local and age >= 60 or not former_jianggan', '((hukou_local && age >= 60) || !former_jianggan)'],
    ['ability in [moderate, severe]', 'ability in [moderate, severe]'],
    ['hukou_local = true and pension < pension_line', '(hukou_local = true && pension < pension_line)'],
    ['income_drop >= 50%', 'income_drop >= 50:percent'],
    ['sex = F', 'sex = F'],
  ])('English keywords: %s', (text, tree) => {
    expect(co(condOf(text))).toBe(tree);
  });

  it.each([
    ['出生日期 < 2021-10-01', '出生日期 < date:20211001'],
    ['出生日期 < 2021-1-5', '出生日期 < date:20210105'],
    ['出生日期 < 2021年10月1日', '出生日期 < date:20211001'],
    ['出生日期 >= 2024年2月29日', '出生日期 >= date:20240229'],
  ])('dates: %s', (text, tree) => {
    expect(co(condOf(text))).toBe(tree);
  });

  it.each([
    ['月退休金 < 3000元', '3000:yuan'],
    ['月退休金 < 3000 元', '3000:yuan'],
    ['年龄 < 60周岁', '60:years'],
    ['年龄 < 60岁', '60:years'],
    ['年龄 < 60　周岁', '60:years'],
    ['近30天住院天数 < 7天', '7:days'],
    ['近30天住院天数 < 7日', '7:days'],
    ['收入降幅 < 50%', '50:percent'],
    ['收入降幅 < 50％', '50:percent'],
    ['家庭人数 < 3人', '3:persons'],
    ['家庭人数 < 3', '3'],
  ])('units: %s', (text, right) => {
    const c = condOf(text);
    expect(c.k === 'cmp' && ex(c.right)).toBe(right);
  });

  it('keeps the written text of a number with its unit', () => {
    const c = condOf('年龄 在 60 周岁以上');
    expect(c.k === 'cmp' && c.right.k === 'num' && c.right.text).toBe('60 周岁');
  });
});

describe('outcomes, branches and sources', () => {
  it.each([
    ['发放 600元 每月', 'pay 600:yuan month'],
    ['每月 发放 600元', 'pay 600:yuan month'],
    ['发放 200元 每年', 'pay 200:yuan year'],
    ['每年 发放 200元', 'pay 200:yuan year'],
    ['一次 发放 10000元', 'pay 10000:yuan once'],
    ['一次性 发放 10000元', 'pay 10000:yuan once'],
    ['发放 10000元 一次', 'pay 10000:yuan once'],
    ['发放 600元', 'pay 600:yuan -'],
    [
      '发放 (低保标准 - 家庭人均月收入) * 家庭人数 每月',
      'pay ((低保标准 - 家庭人均月收入) * 家庭人数) month',
    ],
    ['pay 600元 monthly', 'pay 600:yuan month'],
    ['yearly pay 600元', 'pay 600:yuan year'],
    ['once pay 600元', 'pay 600:yuan once'],
    ['符合', 'eligible'],
    ['不符合', 'ineligible'],
    ['eligible', 'eligible'],
    ['ineligible', 'ineligible'],
    ['红色预警 3天', 'red 3'],
    ['黄色预警 15天', 'yellow 15'],
    ['黄色预警 7', 'yellow 7'],
    ['red 3', 'red 3'],
    ['yellow 7', 'yellow 7'],
  ])('则 %s → %s', (text, outcome) => {
    expect(oc(parsed(`如果 本区户籍 则 ${text}`).branches[0]!.outcome)).toBe(outcome);
  });

  it('reads a chain of branches, each with its source, and the otherwise outcome', () => {
    const ast = parsed(`# 家庭养老照护床位
如果 年龄 在 60 周岁以上 且 能力等级 属于 [中度失能, 重度失能, 完全失能]
  则 发放 600元 每月 依据 "R1 000:159–161"
否则如果 年龄 满 85 且 能力等级 为 轻度失能 则 发放 200元 每月 依据 “R2 000:161”
否则如果 年龄 满 99 则 符合 依据 「R3」
否则如果 年龄 满 100 则 符合 依据 'R4'
否则 不符合 // 其余情形`);
    expect(ast.branches.map((b) => [co(b.cond), oc(b.outcome), b.cite])).toEqual([
      [
        '(年龄 >= 60:years && 能力等级 in [中度失能, 重度失能, 完全失能])',
        'pay 600:yuan month',
        'R1 000:159–161',
      ],
      ['(年龄 >= 85 && 能力等级 = 轻度失能)', 'pay 200:yuan month', 'R2 000:161'],
      ['年龄 >= 99', 'eligible', 'R3'],
      ['年龄 >= 100', 'eligible', 'R4'],
    ]);
    expect(oc(ast.otherwise)).toBe('ineligible');
    expect(ast.branches.map((b) => b.pos)).toEqual([
      { line: 2, col: 4 },
      { line: 4, col: 6 },
      { line: 5, col: 6 },
      { line: 6, col: 6 },
    ]);
  });

  it.each([
    ['若 本区户籍 那么 符合', 1, 'ineligible'],
    ['if hukou_local then eligible elif former_jianggan then eligible else ineligible', 2, 'ineligible'],
    ['如果 本区户籍 则 符合 否则 发放 1元 每月', 1, 'pay 1:yuan month'],
    ['如果 本区户籍 则 符合 否则 符合', 1, 'eligible'],
  ])('%s', (text, branches, otherwise) => {
    const ast = parsed(text);
    expect(ast.branches).toHaveLength(branches);
    expect(oc(ast.otherwise)).toBe(otherwise);
  });

  it('skips comments and full-width spaces anywhere', () => {
    const ast = parsed(
      '# 注释一\n// 注释二\n如果　本区户籍 # 行尾注释\n 则 符合 依据 "x" // 又一注释\n# 结尾',
    );
    expect(co(ast.branches[0]!.cond)).toBe('本区户籍');
    expect(ast.branches[0]!.cite).toBe('x');
  });

  it('does not read an English keyword out of a longer word', () => {
    // "in" is not the start of "income_drop", "or" not the start of "former_jianggan".
    expect(co(condOf('income_drop >= 50 and former_jianggan'))).toBe(
      '(income_drop >= 50 && former_jianggan)',
    );
  });

  it('reads the longest known word: a parameter holding 至 and digits is one name', () => {
    const ast = parsed('如果 本区户籍 则 发放 高龄津贴（80至89周岁） 每月');
    expect(oc(ast.branches[0]!.outcome)).toBe('pay 高龄津贴（80至89周岁） month');
  });

  it('keeps an unknown word whole, up to the next known word', () => {
    expect(co(condOf('年令 满 60 且 本区户藉'))).toBe('(年令 >= 60 && 本区户藉)');
  });
});

describe('syntax errors say where, what was expected and what was found', () => {
  it.each([
    // text, line, col, expected, found
    ['如果 年龄 满 则 符合', 1, 9, 'value', '则'],
    ['年龄 满 60 则 符合', 1, 1, 'if', '年龄'],
    ['如果 年龄 满 60 符合', 1, 12, 'then', '符合'],
    ['如果 年龄 满 60 则 不知道', 1, 14, 'outcome', '不知道'],
    ['如果 年龄 满 60 则 符合 依据 民法典', 1, 20, 'quoted_source', '民法典'],
    ['如果 年龄 满 60 则 符合 依据 "R1', 1, 20, 'closing_quote', 'end_of_line'],
    ['如果 年龄 满 60 则 红色预警 3元', 1, 19, 'deadline_days', '3元'],
    ['如果 年龄 满 60 则 红色预警', 1, 18, 'deadline_days', 'end_of_rule'],
    ['如果 年龄 在 60 则 符合', 1, 12, 'above_or_below', '则'],
    ['如果 年龄 在 60 至 79 则 符合', 1, 17, 'within', '则'],
    ['如果 年龄 介于 60 79 则 符合', 1, 13, 'to', '79'],
    ['如果 能力等级 属于 中度失能 则 符合', 1, 12, '[', '中度失能'],
    ['如果 能力等级 属于 [中度失能 重度失能] 则 符合', 1, 18, ']', '重度失能'],
    ['如果 出生日期 < 2021-02-30 则 符合', 1, 11, 'valid_date', '2021-02-30'],
    ['如果 出生日期 < 2021年13月1日 则 符合', 1, 11, 'valid_date', '2021年13月1日'],
    ['如果 年龄 @ 60 则 符合', 1, 7, 'token', '@'],
    ['如果 本区户籍 则 符合 否则 不符合 年龄', 1, 21, 'elif_or_else', '年龄'],
    ['如果 本区户籍 则 符合 否则如果', 1, 18, 'value', 'end_of_rule'],
    ['如果 较小值 年龄 > 1 则 符合', 1, 8, '(', '年龄'],
    // Inside parentheses, the reading that got further is the one reported.
    ['如果 (年龄 满 或 本区户籍) 则 符合', 1, 10, 'value', '或'],
    ['如果 (年龄 满 60 则 符合', 1, 13, ')', '则'],
  ])('%s → %i:%i expected %s, found %s', (text, line, col, expected, found) => {
    expect(issueOf(text)).toEqual({ line, col, code: 'RULE_SYNTAX', params: { expected, found } });
  });

  it('counts lines and columns across a multi-line rule', () => {
    const text = `如果 年龄 在 60 周岁以上
则 发放 600元 每月 依据 "R1"
否则如果 年龄 满 85 则`;
    expect(issueOf(text)).toEqual({
      line: 3,
      col: 15,
      code: 'RULE_SYNTAX',
      params: { expected: 'outcome', found: 'end_of_rule' },
    });
    expect(issueOf('如果 本区户籍\n  且 年龄 满\n  则 符合')).toMatchObject({
      line: 3,
      col: 3,
      params: { found: '则' },
    });
  });

  it.each(['', '   \n  ', '# 只有注释\n// 还是注释'])('an empty rule is RULE_EMPTY: %j', (text) => {
    expect(issueOf(text).code).toBe('RULE_EMPTY');
  });
});
