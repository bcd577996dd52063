import { describe, expect, it } from 'vitest';
import { checkRule, type RuleInput, type SubsidyRule, shareOf, subsidyFor } from './meals.rules.ts';

/** The defaults: R9 (60–79 pay 80 %, 80+ pay 70 %) and our example 低保/特困 rule (pay 50 %). */
const RULES: SubsidyRule[] = [
  {
    id: 'r60',
    validFrom: '2020-01-01',
    validTo: null,
    minAge: 60,
    maxAge: 79,
    category: null,
    payPermille: 800,
  },
  {
    id: 'r80',
    validFrom: '2020-01-01',
    validTo: null,
    minAge: 80,
    maxAge: null,
    category: null,
    payPermille: 700,
  },
  {
    id: 'dibao',
    validFrom: '2020-01-01',
    validTo: null,
    minAge: 60,
    maxAge: null,
    category: 'dibao',
    payPermille: 500,
  },
  {
    id: 'tekun',
    validFrom: '2020-01-01',
    validTo: null,
    minAge: 60,
    maxAge: null,
    category: 'tekun',
    payPermille: 500,
  },
];
const DAY = '2026-06-15';
const subsidy = (birthDate: string, categories: string[] = [], priceFen = 1500, day = DAY, rules = RULES) =>
  subsidyFor({ priceFen, birthDate, day, categories, rules });

describe('subsidyFor: age on the day of the meal, birthdays exact', () => {
  // Born on 2026-06-14 / 15 / 16 minus N years: the day after, the day of, the day before the birthday.
  it.each([
    ['turned 60 yesterday', '1966-06-14', 60, 'r60', 1200, 300],
    ['turns 60 today', '1966-06-15', 60, 'r60', 1200, 300],
    ['turns 60 tomorrow (still 59)', '1966-06-16', 59, null, 1500, 0],
    ['79, turns 80 tomorrow', '1946-06-16', 79, 'r60', 1200, 300],
    ['turns 80 today: pays 70 %', '1946-06-15', 80, 'r80', 1050, 450],
    ['turned 80 yesterday', '1946-06-14', 80, 'r80', 1050, 450],
    ['81', '1945-01-01', 81, 'r80', 1050, 450],
    ['102', '1924-03-01', 102, 'r80', 1050, 450],
    ['35', '1991-01-01', 35, null, 1500, 0],
  ])('%s', (_, birthDate, age, ruleId, paidFen, subsidyFen) => {
    const s = subsidy(birthDate);
    expect(s).toMatchObject({ age, ruleId, paidFen, subsidyFen });
    expect(s.paidFen + s.subsidyFen).toBe(1500);
  });

  it('a 29 February birthday: 60 and 80 are reached on 29 February (always a leap year)', () => {
    expect(subsidy('1964-02-29', [], 1500, '2024-02-28')).toMatchObject({ age: 59, ruleId: null });
    expect(subsidy('1964-02-29', [], 1500, '2024-02-29')).toMatchObject({ age: 60, ruleId: 'r60' });
    expect(subsidy('1944-02-29', [], 1500, '2024-02-28')).toMatchObject({ age: 79, ruleId: 'r60' });
    expect(subsidy('1944-02-29', [], 1500, '2024-02-29')).toMatchObject({ age: 80, ruleId: 'r80' });
    // In a common year the birthday counts from 1 March.
    expect(subsidy('1944-02-29', [], 1500, '2025-02-28').age).toBe(80);
    expect(subsidy('1944-02-29', [], 1500, '2025-03-01').age).toBe(81);
  });
});

describe('subsidyFor: categories and the most generous rule', () => {
  it.each([
    ['低保 at 60', '1966-06-15', ['dibao'], 'dibao', 750],
    ['低保 at 85: 50 % beats 70 %', '1941-01-01', ['dibao'], 'dibao', 750],
    ['特困 at 70', '1956-01-01', ['tekun'], 'tekun', 750],
    ['低边 has no rule of its own: the age rule', '1956-01-01', ['dibian'], 'r60', 1200],
    ['低保 under 60 gets nothing', '1970-01-01', ['dibao'], null, 1500],
  ])('%s', (_, birthDate, categories, ruleId, paidFen) => {
    expect(subsidy(birthDate, categories)).toMatchObject({ ruleId, paidFen });
  });

  it('a category rule less generous than the age rule loses to it', () => {
    const rules: SubsidyRule[] = [
      ...RULES.slice(0, 2),
      {
        id: 'stingy',
        validFrom: '2020-01-01',
        validTo: null,
        minAge: 60,
        maxAge: null,
        category: 'dibian',
        payPermille: 900,
      },
    ];
    expect(subsidy('1940-01-01', ['dibian'], 1500, DAY, rules).ruleId).toBe('r80');
  });

  it('on a tie the category rule is the one named', () => {
    const rules: SubsidyRule[] = [
      ...RULES.slice(0, 2),
      {
        id: 'same',
        validFrom: '2020-01-01',
        validTo: null,
        minAge: 80,
        maxAge: null,
        category: 'dibian',
        payPermille: 700,
      },
    ];
    expect(subsidy('1940-01-01', ['dibian'], 1500, DAY, rules).ruleId).toBe('same');
  });
});

describe('subsidyFor: dated rules (both ends inclusive)', () => {
  const dated: SubsidyRule[] = [
    {
      id: 'old',
      validFrom: '2020-01-01',
      validTo: '2026-06-14',
      minAge: 60,
      maxAge: null,
      category: null,
      payPermille: 800,
    },
    {
      id: 'new',
      validFrom: '2026-06-15',
      validTo: null,
      minAge: 60,
      maxAge: null,
      category: null,
      payPermille: 600,
    },
  ];
  it.each([
    ['2026-06-13', 'old'],
    ['2026-06-14', 'old'],
    ['2026-06-15', 'new'],
    ['2026-06-16', 'new'],
    ['2019-12-31', null],
  ])('on %s the rule is %s', (day, ruleId) => {
    expect(subsidy('1950-01-01', [], 1500, day, dated).ruleId).toBe(ruleId);
  });
});

describe('rounding: the elder pays price × share, half up to the fen', () => {
  it.each([
    // price, permille, paid
    [1500, 800, 1200],
    [1, 800, 1], // 0.8 → 1
    [1, 700, 1], // 0.7 → 1
    [1, 400, 0], // 0.4 → 0
    [3, 500, 2], // 1.5 → 2 (half up)
    [5, 700, 4], // 3.5 → 4
    [7, 500, 4], // 3.5 → 4
    [1005, 800, 804], // 804.0
    [1234, 700, 864], // 863.8 → 864
    [1235, 700, 865], // 864.5 → 865
    [1236, 700, 865], // 865.2 → 865
    [999, 1000, 999],
    [999, 0, 0],
    [12345678, 700, 8641975], // 8641974.6 → 8641975
  ])('%i fen at %i‰ → pays %i', (price, permille, paid) => {
    expect(shareOf(price, permille)).toBe(paid);
    const s = subsidyFor({
      priceFen: price,
      birthDate: '1950-01-01',
      day: DAY,
      categories: [],
      rules: [
        {
          id: 'x',
          validFrom: '2020-01-01',
          validTo: null,
          minAge: 60,
          maxAge: null,
          category: null,
          payPermille: permille,
        },
      ],
    });
    expect(s.paidFen).toBe(paid);
    expect(s.subsidyFen).toBe(price - paid);
    expect(Number.isInteger(s.subsidyFen)).toBe(true);
  });
});

describe('checkRule', () => {
  const ok: RuleInput = {
    validFrom: '2026-07-01',
    minAge: 90,
    maxAge: null,
    category: null,
    payPermille: 500,
  };
  const codes = (input: RuleInput, existing = RULES) => checkRule(input, existing).map((i) => i.code);

  it('accepts a rule that overlaps nothing of its category', () => {
    const ended: SubsidyRule[] = [{ ...RULES[1]!, validTo: '2026-06-30' }, RULES[0]!];
    expect(codes(ok, ended)).toEqual([]);
    // A category rule may overlap the age rules: the most generous wins at the till.
    expect(codes({ ...ok, minAge: 60, category: 'dibian' })).toEqual([]);
  });

  it.each([
    ['same band, same dates', { ...ok, minAge: 80 }],
    ['a band inside another', { ...ok, minAge: 85, maxAge: 89 }],
    ['touching at the upper age (以下 includes it)', { ...ok, minAge: 50, maxAge: 60 }],
    ['a dated rule inside an open one', { ...ok, minAge: 70, maxAge: 75, validTo: '2026-12-31' }],
    ['the same category twice', { ...ok, minAge: 75, category: 'dibao' as const }],
  ])('refuses an overlap: %s', (_, input) => {
    expect(codes(input)).toEqual(['MEAL_RULE_OVERLAP']);
  });

  it.each([
    ['ages 59 and below next to 60–79', { ...ok, minAge: 50, maxAge: 59 }],
    [
      'a band that ends the day before the other starts',
      { ...ok, minAge: 60, maxAge: 79, validFrom: '2019-01-01', validTo: '2019-12-31' },
    ],
  ])('accepts neighbours: %s', (_, input) => {
    expect(codes(input)).toEqual([]);
  });

  it.each([
    ['max below min', { ...ok, minAge: 80, maxAge: 79 }, 'MEAL_RULE_AGES'],
    ['permille above 1000', { ...ok, payPermille: 1001 }, 'MEAL_RULE_PERMILLE'],
    ['permille below 0', { ...ok, payPermille: -1 }, 'MEAL_RULE_PERMILLE'],
    ['end before start', { ...ok, validTo: '2026-06-30' }, 'MEAL_RULE_DATES'],
    ['negative age', { ...ok, minAge: -1, maxAge: 5 }, 'FIELD_RANGE'],
  ])('refuses %s', (_, input, code) => {
    expect(codes(input)).toEqual([code]);
  });

  it.each([
    [0, []],
    [1000, []],
    [800, []],
  ])('accepts permille %i at the edges', (permille, expected) => {
    expect(codes({ ...ok, category: 'dibian', payPermille: permille })).toEqual(expected);
  });

  it('max equal to min is a one-year band', () => {
    expect(codes({ ...ok, minAge: 100, maxAge: 100, category: 'dibian' })).toEqual([]);
  });

  it('names the rule it overlaps', () => {
    const [issue] = checkRule({ ...ok, minAge: 85 }, RULES);
    expect(issue?.params).toMatchObject({ ruleId: 'r80', ages: '80+', from: '2020-01-01', to: '—' });
  });
});
