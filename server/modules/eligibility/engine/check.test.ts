import { describe, expect, it } from 'vitest';
import { type CheckResult, checkRule, type ParamDef, type RuleIssue, type RuleKind } from './check.ts';
import { SEED_PARAMS, SEED_PROGRAMMES } from './programmes.ts';

const ON = '2026-06-15';

function check(text: string, kind: RuleKind = 'benefit', on = ON): CheckResult {
  return checkRule(text, kind, SEED_PARAMS, on);
}

type Issue = Pick<RuleIssue, 'code' | 'line' | 'col' | 'params'>;
const brief = (i: RuleIssue): Issue => ({ code: i.code, line: i.line, col: i.col, params: i.params });

function errorsOf(text: string, kind: RuleKind = 'benefit'): Issue[] {
  const r = check(text, kind);
  if (r.ok) throw new Error(`expected errors for ${JSON.stringify(text)}`);
  return r.errors.map(brief);
}

function warningsOf(text: string, kind: RuleKind = 'benefit'): Issue[] {
  const r = check(text, kind);
  if (!r.ok) throw new Error(`unexpected errors for ${JSON.stringify(text)}: ${JSON.stringify(r.errors)}`);
  return r.warnings.map(brief);
}

describe('names, types and units', () => {
  it.each<[string, string, Issue[]]>([
    [
      'an unknown fact name, reported once with the name',
      '如果 年令 >= 60 则 符合 依据 "x"',
      [{ code: 'RULE_UNKNOWN_NAME', line: 1, col: 4, params: { name: '年令' } }],
    ],
    [
      'an unknown name in an amount',
      '如果 本区户籍 则 发放 护理津贴 每月 依据 "x"',
      [{ code: 'RULE_UNKNOWN_NAME', line: 1, col: 14, params: { name: '护理津贴' } }],
    ],
    [
      'a date compared with money',
      '如果 出生日期 < 3000元 则 符合 依据 "x"',
      [{ code: 'RULE_TYPE_MISMATCH', line: 1, col: 4, params: { left: 'date', right: 'money' } }],
    ],
    [
      'money added to a date',
      '如果 出生日期 + 1元 > 2020-01-01 则 符合 依据 "x"',
      [{ code: 'RULE_TYPE_MISMATCH', line: 1, col: 9, params: { left: 'date', right: 'money' } }],
    ],
    [
      'money compared with a bare number',
      '如果 月退休金 < 3000 则 符合 依据 "x"',
      [{ code: 'RULE_MONEY_UNIT', line: 1, col: 11, params: { value: '3000' } }],
    ],
    [
      'a bare number compared with money, written first',
      '如果 3000 > 月退休金 则 符合 依据 "x"',
      [{ code: 'RULE_MONEY_UNIT', line: 1, col: 4, params: { value: '3000' } }],
    ],
    [
      'a bare product compared with money',
      '如果 月退休金 < 3000 * 2 则 符合 依据 "x"',
      [{ code: 'RULE_MONEY_UNIT', line: 1, col: 11, params: { value: '3000' } }],
    ],
    [
      'a bare number added to money',
      '如果 月退休金 + 100 < 3000元 则 符合 依据 "x"',
      [{ code: 'RULE_MONEY_UNIT', line: 1, col: 11, params: { value: '100' } }],
    ],
    [
      'a bare number paid',
      '如果 本区户籍 则 发放 600 每月 依据 "x"',
      [{ code: 'RULE_MONEY_UNIT', line: 1, col: 14, params: { value: '600' } }],
    ],
    [
      'years compared with days',
      '如果 年龄 >= 60天 则 符合 依据 "x"',
      [{ code: 'RULE_UNIT_MISMATCH', line: 1, col: 4, params: { left: 'years', right: 'days' } }],
    ],
    [
      'an unknown enum value lists the allowed values',
      '如果 能力等级 为 中毒失能 则 符合 依据 "x"',
      [
        {
          code: 'RULE_ENUM_VALUE',
          line: 1,
          col: 11,
          params: {
            value: '中毒失能',
            fact: '能力等级',
            allowed: '能力完好、轻度失能、中度失能、重度失能、完全失能',
          },
        },
      ],
    ],
    [
      'an unknown enum value in a list',
      '如果 居住状况 属于 [独居, 合租] 则 符合 依据 "x"',
      [
        {
          code: 'RULE_ENUM_VALUE',
          line: 1,
          col: 17,
          params: { value: '合租', fact: '居住状况', allowed: '独居、空巢、孤寡、与家人同住' },
        },
      ],
    ],
    [
      'an enum value of another fact',
      '如果 居住状况 为 轻度失能 则 符合 依据 "x"',
      [
        {
          code: 'RULE_ENUM_VALUE',
          line: 1,
          col: 11,
          params: { value: '轻度失能', fact: '居住状况', allowed: '独居、空巢、孤寡、与家人同住' },
        },
      ],
    ],
    [
      'an enum ordered',
      '如果 能力等级 > 轻度失能 则 符合 依据 "x"',
      [{ code: 'RULE_TYPE_MISMATCH', line: 1, col: 4, params: { left: 'enum:ability', right: '>' } }],
    ],
    [
      'a yes/no fact ordered',
      '如果 本区户籍 >= 是 则 符合 依据 "x"',
      [{ code: 'RULE_TYPE_MISMATCH', line: 1, col: 4, params: { left: 'bool', right: '>=' } }],
    ],
    [
      'a number used as a condition',
      '如果 年龄 则 符合 依据 "x"',
      [{ code: 'RULE_NOT_CONDITION', line: 1, col: 4, params: { name: '年龄', type: 'int:years' } }],
    ],
    [
      'money used as a condition',
      '如果 本区户籍 且 月退休金 则 符合 依据 "x"',
      [{ code: 'RULE_NOT_CONDITION', line: 1, col: 11, params: { name: '月退休金', type: 'money' } }],
    ],
    [
      'an amount with more than two decimals',
      '如果 月退休金 >= 3000.001元 则 符合 依据 "x"',
      [{ code: 'RULE_BAD_AMOUNT', line: 1, col: 12, params: { value: '3000.001元' } }],
    ],
    [
      'a fractional age',
      '如果 年龄 >= 60.5 则 符合 依据 "x"',
      [{ code: 'RULE_BAD_AMOUNT', line: 1, col: 10, params: { value: '60.5' } }],
    ],
  ])('%s', (_, text, errors) => {
    expect(errorsOf(text)).toEqual(errors);
  });

  it('reports a syntax error as an issue with its place', () => {
    expect(errorsOf('如果 年龄 满 则 符合')).toEqual([
      { code: 'RULE_SYNTAX', line: 1, col: 9, params: { expected: 'value', found: '则' } },
    ]);
    expect(errorsOf('')).toEqual([
      { code: 'RULE_EMPTY', line: 1, col: 1, params: { expected: '', found: '' } },
    ]);
  });

  it.each([
    ['an enum value written before its fact', '如果 轻度失能 = 能力等级 则 符合 依据 "x"'],
    ['a number times money', '如果 家庭人均月收入 < 2 * 低保标准 则 符合 依据 "x"'],
    ['money times a percentage', '如果 家庭人均月收入 < 低保标准 * 150% 则 符合 依据 "x"'],
    ['money divided by persons', '如果 家庭人均月收入 < 低保标准 / 家庭人数 则 符合 依据 "x"'],
    ['a date with a date', '如果 出生日期 < 1960年1月1日 则 符合 依据 "x"'],
    ['a yes/no fact with 是', '如果 本区户籍 = 是 则 符合 依据 "x"'],
    ['enum codes in English', 'if ability in [moderate, severe] then eligible source "x"'],
    ['years with a bare number', '如果 年龄 >= 60 则 符合 依据 "x"'],
  ])('accepts %s', (_, text) => {
    expect(check(text).ok).toBe(true);
  });
});

describe('outcomes', () => {
  it.each<[string, string, RuleKind, Issue[]]>([
    [
      'a benefit amount that is not money',
      '如果 本区户籍 则 发放 年龄 每月 依据 "x"',
      'benefit',
      [{ code: 'RULE_AMOUNT_NOT_MONEY', line: 1, col: 11, params: { type: 'int:years' } }],
    ],
    [
      'a benefit without a period',
      '如果 本区户籍 则 发放 600元 依据 "x"',
      'benefit',
      [{ code: 'RULE_PERIOD_MISSING', line: 1, col: 11, params: {} }],
    ],
    [
      'a branch without its source',
      '如果 本区户籍 则 符合\n否则如果 年龄 满 60 则 发放 600元 每月 依据 "x"',
      'benefit',
      [{ code: 'RULE_SOURCE_MISSING', line: 1, col: 4, params: {} }],
    ],
    [
      'an alert in a benefit rule',
      '如果 本区户籍 则 红色预警 3天 依据 "x"',
      'benefit',
      [{ code: 'RULE_OUTCOME_KIND', line: 1, col: 11, params: { kind: 'benefit' } }],
    ],
    [
      'a payment in an alert rule',
      '如果 本区户籍 则 发放 600元 每月 依据 "x"',
      'alert',
      [{ code: 'RULE_OUTCOME_KIND', line: 1, col: 11, params: { kind: 'alert' } }],
    ],
    [
      'eligibility in an alert rule',
      '如果 本区户籍 则 符合 依据 "x"',
      'alert',
      [{ code: 'RULE_OUTCOME_KIND', line: 1, col: 11, params: { kind: 'alert' } }],
    ],
  ])('%s', (_, text, kind, errors) => {
    expect(errorsOf(text, kind)).toEqual(errors);
  });

  it('takes the period from a parameter that carries it, and needs no source for 不符合', () => {
    const r = check('如果 本区户籍 则 发放 重阳分月额 依据 "x"\n否则如果 年龄 满 60 则 不符合');
    expect(r.ok && r.rule.branches[0]!.outcome).toMatchObject({ k: 'benefit', period: 'month' });
    const yearly = check('如果 本区户籍 则 发放 助老就医出行补贴 依据 "x"');
    expect(yearly.ok && yearly.rule.branches[0]!.outcome).toMatchObject({ k: 'benefit', period: 'year' });
  });

  it('lets an alert rule say 不符合', () => {
    expect(check('如果 本区户籍 则 黄色预警 7天 依据 "x"\n否则 不符合', 'alert').ok).toBe(true);
  });
});

describe('branch analysis', () => {
  it.each<[string, string, Issue[]]>([
    [
      'a branch that contradicts itself',
      '如果 年龄 ≥ 60 且 年龄 < 50 则 符合 依据 "x"',
      [{ code: 'RULE_UNSATISFIABLE', line: 1, col: 4, params: { branch: 1 } }],
    ],
    [
      'a yes/no fact both true and false',
      '如果 本区户籍 则 符合 依据 "a"\n否则如果 非 本区户籍 且 本区户籍 = 是 则 发放 1元 每月 依据 "b"',
      [{ code: 'RULE_UNSATISFIABLE', line: 2, col: 6, params: { branch: 2 } }],
    ],
    [
      'two values of one enum at once',
      '如果 能力等级 为 轻度失能 且 能力等级 为 中度失能 则 符合 依据 "x"',
      [{ code: 'RULE_UNSATISFIABLE', line: 1, col: 4, params: { branch: 1 } }],
    ],
    [
      'an empty between',
      '如果 年龄 介于 80 和 60 之间 则 符合 依据 "x"',
      [{ code: 'RULE_UNSATISFIABLE', line: 1, col: 4, params: { branch: 1 } }],
    ],
    [
      'a branch covered by one earlier branch',
      '如果 年龄 ≥ 60 则 符合 依据 "a"\n否则如果 年龄 ≥ 70 且 本区户籍 则 发放 1元 每月 依据 "b"',
      [{ code: 'RULE_UNREACHABLE', line: 2, col: 6, params: { branch: 2 } }],
    ],
    [
      'a branch covered only by the union of two earlier ones',
      `如果 年龄 ≥ 60 且 本区户籍 则 符合 依据 "a"
否则如果 年龄 ≥ 60 且 非 本区户籍 则 发放 1元 每月 依据 "b"
否则如果 年龄 ≥ 65 则 发放 2元 每月 依据 "c"`,
      [{ code: 'RULE_UNREACHABLE', line: 3, col: 6, params: { branch: 3 } }],
    ],
    [
      'a branch whose enum values the earlier branches share out',
      `如果 能力等级 属于 [轻度失能, 中度失能] 则 符合 依据 "a"
否则如果 能力等级 属于 [重度失能, 完全失能, 能力完好] 则 发放 1元 每月 依据 "b"
否则如果 年龄 ≥ 70 则 发放 2元 每月 依据 "c"`,
      [{ code: 'RULE_UNREACHABLE', line: 3, col: 6, params: { branch: 3 } }],
    ],
    [
      'a range split between two earlier branches',
      `如果 年龄 < 60 则 符合 依据 "a"
否则如果 年龄 > 70 则 发放 1元 每月 依据 "b"
否则如果 年龄 介于 60 和 70 之间 则 发放 2元 每月 依据 "c"
否则如果 年龄 = 65 则 发放 3元 每月 依据 "d"`,
      [{ code: 'RULE_UNREACHABLE', line: 4, col: 6, params: { branch: 4 } }],
    ],
    [
      'a branch covered by a negation and its opposite',
      `如果 非 本区户籍 则 符合 依据 "a"
否则如果 本区户籍 则 发放 1元 每月 依据 "b"
否则如果 年龄 > 5 则 发放 2元 每月 依据 "c"`,
      [{ code: 'RULE_UNREACHABLE', line: 3, col: 6, params: { branch: 3 } }],
    ],
    [
      '属于 [是] after the same fact alone',
      '如果 本区户籍 则 符合 依据 "a"\n否则如果 本区户籍 属于 [是] 则 发放 1元 每月 依据 "b"',
      [{ code: 'RULE_UNREACHABLE', line: 2, col: 6, params: { branch: 2 } }],
    ],
    [
      'a money bound covered at parameter value on the analysis date',
      '如果 家庭人均月收入 < 低保标准 则 符合 依据 "a"\n否则如果 家庭人均月收入 < 1285元 则 发放 1元 每月 依据 "b"',
      [{ code: 'RULE_UNREACHABLE', line: 2, col: 6, params: { branch: 2 } }],
    ],
  ])('%s', (_, text, errors) => {
    expect(errorsOf(text)).toEqual(errors);
  });

  it.each([
    [
      'the part left over by earlier branches',
      '如果 年龄 ≥ 60 且 本区户籍 则 符合 依据 "a"\n否则如果 年龄 ≥ 65 则 符合 依据 "b"',
    ],
    [
      'a boolean listed as 否 after the fact alone',
      '如果 本区户籍 则 符合 依据 "a"\n否则如果 本区户籍 属于 [否] 则 符合 依据 "b"',
    ],
    [
      'the complement of the first branch',
      '如果 年龄 < 60 则 符合 依据 "a"\n否则如果 年龄 介于 60 和 70 之间 则 符合 依据 "b"',
    ],
    [
      'a bound one past the earlier one',
      '如果 家庭人均月收入 < 低保标准 则 符合 依据 "a"\n否则如果 家庭人均月收入 < 1285.01元 则 符合 依据 "b"',
    ],
  ])('keeps a reachable branch: %s', (_, text) => {
    expect(check(text).ok).toBe(true);
  });

  it('negates through 非 (…或…): the opposite branch is disjoint, not overlapping', () => {
    const text =
      '如果 非 (本区户籍 或 年龄 < 60) 则 符合 依据 "a"\n否则如果 本区户籍 且 年龄 >= 60 则 发放 1元 每月 依据 "b"';
    expect(warningsOf(text)).toEqual([]);
  });

  it('gives up with a warning, not an error, when the branches are too many boxes to compare', () => {
    const clauses = Array.from({ length: 13 }, (_, i) => `(年龄 > ${i} 或 家庭人数 > ${i})`).join(' 且 ');
    const text = `如果 ${clauses} 则 符合 依据 "a"\n否则如果 年龄 > 5 则 发放 1元 每月 依据 "b"`;
    expect(warningsOf(text)).toEqual([{ code: 'RULE_TOO_COMPLEX', line: 1, col: 4, params: {} }]);
  });

  it('names the parameter values of the analysis date: the same rule is reachable before the change', () => {
    const text =
      '如果 家庭人均月收入 < 低保标准 则 符合 依据 "a"\n否则如果 家庭人均月收入 < 1285元 则 符合 依据 "b"';
    expect(check(text, 'benefit', '2024-06-30').ok).toBe(true);
    expect(check(text, 'benefit', '2024-07-01').ok).toBe(false);
  });

  it.each([
    [
      '如果 年龄 ≥ 60 则 发放 100元 每月 依据 "a"\n否则如果 本区户籍 则 发放 200元 每月 依据 "b"',
      {
        code: 'RULE_OVERLAP',
        line: 2,
        col: 6,
        params: { branch: 2, other: 1, example: '本区户籍 且 年龄 ≥ 60' },
      },
    ],
    [
      '如果 月退休金 < 3000元 则 发放 100元 每月 依据 "a"\n否则如果 月退休金 < 5000元 且 年龄 满 60 则 符合 依据 "b"',
      {
        code: 'RULE_OVERLAP',
        line: 2,
        col: 6,
        params: { branch: 2, other: 1, example: '月退休金 ≤ 2,999.99元 且 年龄 ≥ 60' },
      },
    ],
    [
      '如果 居住状况 属于 [独居, 孤寡] 则 符合 依据 "a"\n否则如果 非 本区户籍 则 发放 1元 每月 依据 "b"',
      {
        code: 'RULE_OVERLAP',
        line: 2,
        col: 6,
        params: { branch: 2, other: 1, example: '非 本区户籍 且 居住状况 属于 [独居、孤寡]' },
      },
    ],
    [
      '如果 出生日期 < 1960-01-01 则 符合 依据 "a"\n否则如果 出生日期 < 1970-01-01 则 发放 1元 每月 依据 "b"',
      {
        code: 'RULE_OVERLAP',
        line: 2,
        col: 6,
        params: { branch: 2, other: 1, example: '出生日期 ≤ 1959-12-31' },
      },
    ],
    [
      '如果 年龄 介于 60 和 79 之间 则 符合 依据 "a"\n否则如果 年龄 满 70 则 发放 1元 每月 依据 "b"',
      { code: 'RULE_OVERLAP', line: 2, col: 6, params: { branch: 2, other: 1, example: '70 ≤ 年龄 ≤ 79' } },
    ],
  ])('warns of an overlap with an example: %s', (text, warning) => {
    expect(warningsOf(text)).toEqual([warning]);
  });

  it.each<[string, string, RuleKind]>([
    [
      'both eligible',
      '如果 年龄 ≥ 80 则 符合 依据 "a"\n否则如果 年龄 ≥ 60 且 本区户籍 则 符合 依据 "b"',
      'benefit',
    ],
    [
      'both the same alert tier',
      '如果 年龄 ≥ 60 则 红色预警 3天 依据 "a"\n否则如果 本区户籍 则 红色预警 7天 依据 "b"',
      'alert',
    ],
    [
      'disjoint branches',
      '如果 年龄 ≥ 60 则 发放 1元 每月 依据 "a"\n否则如果 年龄 < 60 则 发放 2元 每月 依据 "b"',
      'benefit',
    ],
  ])('no warning when %s', (_, text, kind) => {
    expect(warningsOf(text, kind)).toEqual([]);
  });

  it('warns when the alert tiers differ', () => {
    const w = warningsOf(
      '如果 年龄 ≥ 60 则 红色预警 3天 依据 "a"\n否则如果 本区户籍 则 黄色预警 7天 依据 "b"',
      'alert',
    );
    expect(w.map((x) => x.code)).toEqual(['RULE_OVERLAP']);
  });
});

describe('the seed programmes', () => {
  it.each(SEED_PROGRAMMES.map((p) => [p.code, p] as const))('%s checks without errors', (_, p) => {
    for (const on of [p.validFrom, '2024-06-30', '2024-07-01', ON]) {
      const r = checkRule(p.rule, p.kind, SEED_PARAMS, on);
      expect(r.ok ? [] : r.errors).toEqual([]);
      // Only overlaps, which first-hit rules resolve on purpose (e.g. red before yellow).
      expect(r.warnings.filter((w) => w.code !== 'RULE_OVERLAP')).toEqual([]);
      for (const b of r.ok ? r.rule.branches : []) expect(b.cite).toBeTruthy();
    }
  });

  it('records the facts and parameters a rule reads', () => {
    const p = SEED_PROGRAMMES.find((x) => x.code === 'chongyang')!;
    const r = checkRule(p.rule, p.kind, SEED_PARAMS, ON);
    if (!r.ok) throw new Error('chongyang does not check');
    expect(r.rule.facts.map((f) => f.code)).toEqual(['age', 'hukou_local', 'pension', 'ability', 'living']);
    expect(r.rule.params.map((x) => x.code)).toEqual(['pension_line', 'chongyang_monthly']);
    expect(r.rule.leafCount).toBe(5);
  });

  it('warns on the seeds exactly where a red alert comes before a yellow one', () => {
    const warned = SEED_PROGRAMMES.filter((p) => {
      const r = checkRule(p.rule, p.kind, SEED_PARAMS, ON);
      return r.ok && r.warnings.length > 0;
    }).map((p) => p.code);
    expect(warned).toEqual(['alert_hospital', 'alert_medical', 'alert_widowed', 'alert_new_disability']);
    const medical = SEED_PROGRAMMES.find((p) => p.code === 'alert_medical')!;
    expect(warningsOf(medical.rule, 'alert')[0]!.params.example).toBe(
      '近90天自付医疗费 ≥ 10,000.00元 且 低收入类别 属于 [低保、低边、特困]',
    );
  });
});

describe('a parameter created by an officer', () => {
  // As the parameters page creates it: a code, a Chinese name, a unit and a first dated value.
  const watch: ParamDef = {
    code: 'hospital_watch_days',
    zh: '住院关注天数',
    en: 'hospital days to watch',
    unit: 'days',
    values: [{ from: '2026-01-01', value: 10 }],
  };
  const withWatch = (text: string, kind: RuleKind = 'alert') =>
    checkRule(text, kind, [...SEED_PARAMS, watch], ON);

  it('type-checks with its unit, by its Chinese name or its code', () => {
    for (const name of ['住院关注天数', 'hospital_watch_days']) {
      const r = withWatch(`如果 近30天住院天数 超过 ${name} 则 黄色预警 7天 依据 "x"`);
      expect(r.ok ? r.rule.params.map((p) => p.code) : r.errors).toEqual(['hospital_watch_days']);
    }
  });

  it('does not mix its unit with another one or with money', () => {
    const years = withWatch('如果 年龄 超过 住院关注天数 则 黄色预警 7天 依据 "x"');
    expect(years.ok ? [] : years.errors.map((e) => [e.code, e.params])).toEqual([
      ['RULE_UNIT_MISMATCH', { left: 'years', right: 'days' }],
    ]);
    const money = withWatch('如果 年龄 在 60 周岁以上 则 发放 住院关注天数 每月 依据 "x"', 'benefit');
    expect(money.ok ? [] : money.errors.map((e) => e.code)).toEqual(['RULE_AMOUNT_NOT_MONEY']);
  });

  it('is an unknown name to a rule checked without it', () => {
    const r = check('如果 近30天住院天数 超过 住院关注天数 则 黄色预警 7天 依据 "x"', 'alert');
    expect(r.ok ? [] : r.errors.map((e) => [e.code, e.params.name])).toEqual([
      ['RULE_UNKNOWN_NAME', '住院关注天数'],
    ]);
  });
});
