import { describe, expect, it } from 'vitest';
import { type CreateParamBody, PARAM_VALUE_LIMITS } from '../../../contracts/api/eligibility.ts';
import { explanationView, newParamIssues, paramValueIssue, summarise } from './eligibility.rules.ts';
import { checkRule, explainRule, type PersonFacts, SEED_PARAMS } from './engine/index.ts';

const ON = '2026-06-15';

describe('explanations name missing facts in the reader’s language', () => {
  const r = checkRule('如果 月退休金 <= 3000元 且 本区户籍 则 符合 依据 "t"', 'benefit', SEED_PARAMS, ON);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  // Only what the rule reads: the pension is not recorded, the hukou is.
  const facts = {
    id: 'p1',
    areaCode: '330102001001',
    pension: null,
    hukou_local: true,
  } as unknown as PersonFacts;
  const x = explainRule(r.rule, facts, ON);
  const names = { programme: 'P', person: '张三', version: 1, asOf: ON };
  const meta = {
    programmeCode: 'p',
    programmeName: 'P',
    versionId: 'v',
    version: 1,
    asOf: ON,
    person: '张三',
  };

  it('in English: the fact’s English label, no Chinese', () => {
    const summary = summarise(r.rule, x, names, 'en');
    expect(summary).toContain('these facts are not recorded: monthly pension.');
    expect(summary).not.toContain('月退休金');
    expect(explanationView(r.rule, x, meta, 'en').missing).toEqual(['monthly pension']);
  });

  it('in Chinese: the Chinese label', () => {
    expect(summarise(r.rule, x, names, 'zh-CN')).toContain('以下信息尚未登记：月退休金。');
    expect(explanationView(r.rule, x, meta, 'zh-CN').missing).toEqual(['月退休金']);
  });
});

describe('the range of a parameter value, by unit', () => {
  it.each([
    ['percent', 0, true],
    ['percent', -1, false],
    ['percent', 1000, true],
    ['percent', 1001, false],
    ['years', 150, true],
    ['years', 151, false],
    ['days', 36_500, true],
    ['days', 36_501, false],
    ['persons', 100, true],
    ['persons', 101, false],
    ['yuan_month', 0, true],
    ['yuan_month', -1, false],
    ['yuan', 1_000_000_000, true],
    ['yuan_year', 1_000_000_001, false],
  ] as const)('%s %d → %s', (unit, value, ok) => {
    expect(paramValueIssue(unit, value, 'value') === null).toBe(ok);
  });

  it('shows money in yuan', () => {
    expect(paramValueIssue('yuan_month', -150, 'value')?.params).toEqual({
      min: '0.00',
      max: '10,000,000.00',
      value: '-1.50',
      unit: 'yuan_month',
    });
  });

  it('holds every seeded value', () => {
    for (const p of SEED_PARAMS)
      for (const v of p.values)
        expect([p.code, paramValueIssue(p.unit, v.value, 'value')]).toEqual([p.code, null]);
    expect(Object.keys(PARAM_VALUE_LIMITS).sort()).toEqual(
      ['days', 'percent', 'persons', 'years', 'yuan', 'yuan_month', 'yuan_year'].sort(),
    );
  });
});

describe('a new parameter', () => {
  const body = (extra: Partial<CreateParamBody> = {}): CreateParamBody => ({
    code: 'escort_allowance',
    nameZh: '陪护补贴标准',
    nameEn: 'escort allowance',
    unit: 'yuan_month',
    source: null,
    firstValue: { validFrom: '2026-01-01', value: 30_000 },
    ...extra,
  });
  const codes = (extra: Partial<CreateParamBody>) =>
    newParamIssues(body(extra), SEED_PARAMS).map((i) => [i.field, i.code, i.params?.clash ?? null]);

  it('is accepted when a rule can read it', () => {
    expect(newParamIssues(body(), SEED_PARAMS)).toEqual([]);
    // Digits, brackets and keywords inside a name are fine, as in the seeds' 高龄津贴（80至89周岁）.
    expect(codes({ nameZh: '护理补贴（一至二级）', code: 'care_1_2' })).toEqual([]);
  });

  it.each<[string, Partial<CreateParamBody>, (string | null)[][]]>([
    ['no unit', { unit: undefined }, [['unit', 'PARAM_UNIT_MISSING', null]]],
    ['an empty unit', { unit: ' ' }, [['unit', 'PARAM_UNIT_MISSING', null]]],
    ['a unit in words', { unit: '元/月' }, [['unit', 'PARAM_UNIT_UNKNOWN', null]]],
    ['an upper-case code', { code: 'Escort' }, [['code', 'PARAM_CODE_FORMAT', null]]],
    ['a one-letter code', { code: 'e' }, [['code', 'PARAM_CODE_FORMAT', null]]],
    ['a seeded code', { code: 'dibao_standard' }, [['code', 'PARAM_EXISTS', null]]],
    ['a seeded name', { nameZh: '低保标准' }, [['nameZh', 'PARAM_EXISTS', null]]],
    ['a fact code', { code: 'pension' }, [['code', 'PARAM_NAME_RESERVED', 'fact']]],
    ['an English keyword', { code: 'then' }, [['code', 'PARAM_NAME_RESERVED', 'keyword']]],
    ['a value code', { code: 'dibao' }, [['code', 'PARAM_NAME_RESERVED', 'enum_value']]],
    ['a fact name', { nameZh: '月退休金' }, [['nameZh', 'PARAM_NAME_RESERVED', 'fact']]],
    ['a keyword', { nameZh: '否则如果' }, [['nameZh', 'PARAM_NAME_RESERVED', 'keyword']]],
    ['a unit', { nameZh: '岁' }, [['nameZh', 'PARAM_NAME_RESERVED', 'unit']]],
    ['a value', { nameZh: '重度失能' }, [['nameZh', 'PARAM_NAME_RESERVED', 'enum_value']]],
    ['no Chinese', { nameZh: 'escort' }, [['nameZh', 'PARAM_NAME_FORMAT', null]]],
    ['a space', { nameZh: '陪护 补贴' }, [['nameZh', 'PARAM_NAME_FORMAT', null]]],
    ['a leading digit', { nameZh: '2级补贴' }, [['nameZh', 'PARAM_NAME_FORMAT', null]]],
    ['a leading bracket', { nameZh: '【陪护】补贴' }, [['nameZh', 'PARAM_NAME_FORMAT', null]]],
    [
      'a value out of range',
      { unit: 'percent', firstValue: { validFrom: '2026-01-01', value: 2000 } },
      [['firstValue.value', 'PARAM_VALUE_RANGE', null]],
    ],
  ])('refuses %s', (_, extra, expected) => {
    expect(codes(extra)).toEqual(expected);
  });
});
