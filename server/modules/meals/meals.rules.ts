import type { MealCategory } from '../../../contracts/api/meals.ts';
import type { FieldIssue } from '../../../contracts/errors.ts';
import { ageOn } from '../../../contracts/id-number.ts';

/** A subsidy rule as the pure functions see it (dates YYYY-MM-DD, both ends inclusive). */
export interface SubsidyRule {
  id: string;
  validFrom: string;
  validTo: string | null;
  minAge: number;
  maxAge: number | null;
  category: MealCategory | null;
  payPermille: number;
}

export interface Subsidy {
  /** The rule applied; null when none matches (the elder is not in the programme that day). */
  ruleId: string | null;
  payPermille: number;
  paidFen: number;
  subsidyFen: number;
  /** 周岁 on the day of the meal. */
  age: number;
}

/** price × permille / 1000, rounded half up to the fen, in integers only. */
export function shareOf(priceFen: number, permille: number): number {
  return Math.floor((priceFen * permille + 500) / 1000);
}

export function ruleValidOn(r: Pick<SubsidyRule, 'validFrom' | 'validTo'>, day: string): boolean {
  return r.validFrom <= day && (r.validTo == null || r.validTo >= day);
}

/**
 * What the elder pays and what the programme pays for one meal. Candidates are the rules valid on
 * the day whose age band holds the elder's age — 以上/以下 count the number itself, and the age
 * is 周岁 on the day, so someone turning 80 that day already pays the 80+ share (R9, seed
 * 003:76585) — and whose category is empty or one of the elder's. The most generous candidate (the
 * lowest share) wins; on a tie a category rule is preferred, then the newer rule.
 */
export function subsidyFor(input: {
  priceFen: number;
  birthDate: string;
  day: string;
  categories: readonly string[];
  rules: readonly SubsidyRule[];
}): Subsidy {
  const age = ageOn(input.birthDate, input.day);
  let best: SubsidyRule | undefined;
  for (const r of input.rules) {
    if (!ruleValidOn(r, input.day)) continue;
    if (age < r.minAge || (r.maxAge != null && age > r.maxAge)) continue;
    if (r.category != null && !input.categories.includes(r.category)) continue;
    if (!best || better(r, best)) best = r;
  }
  if (!best) return { ruleId: null, payPermille: 1000, paidFen: input.priceFen, subsidyFen: 0, age };
  const paidFen = shareOf(input.priceFen, best.payPermille);
  return {
    ruleId: best.id,
    payPermille: best.payPermille,
    paidFen,
    subsidyFen: input.priceFen - paidFen,
    age,
  };
}

function better(a: SubsidyRule, b: SubsidyRule): boolean {
  if (a.payPermille !== b.payPermille) return a.payPermille < b.payPermille;
  if ((a.category != null) !== (b.category != null)) return a.category != null;
  if (a.validFrom !== b.validFrom) return a.validFrom > b.validFrom;
  return a.id > b.id;
}

export interface RuleInput {
  validFrom: string;
  validTo?: string | null;
  minAge: number;
  maxAge?: number | null;
  category?: MealCategory | null;
  payPermille: number;
}

const OPEN_END = '9999-12-31';
const AGE_CAP = 150;

/** Inclusive ranges meet when each starts before the other ends. */
function datesMeet(a: { validFrom: string; validTo?: string | null }, b: SubsidyRule): boolean {
  return a.validFrom <= (b.validTo ?? OPEN_END) && b.validFrom <= (a.validTo ?? OPEN_END);
}
function agesMeet(a: { minAge: number; maxAge?: number | null }, b: SubsidyRule): boolean {
  return a.minAge <= (b.maxAge ?? AGE_CAP) && b.minAge <= (a.maxAge ?? AGE_CAP);
}

/**
 * Checks a new rule against itself and the rules held. Two rules for the same category (or both
 * for everybody) may not cover the same age on the same day: the table would then say two
 * different things for one elder. Rules for different categories may overlap — the most generous
 * one wins at the till.
 */
export function checkRule(input: RuleInput, existing: readonly SubsidyRule[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (input.payPermille < 0 || input.payPermille > 1000)
    issues.push({
      field: 'payPermille',
      code: 'MEAL_RULE_PERMILLE',
      params: { field: 'payPermille', value: input.payPermille },
    });
  if (input.minAge < 0 || input.minAge > AGE_CAP)
    issues.push({ field: 'minAge', code: 'FIELD_RANGE', params: { field: 'minAge' } });
  if (input.maxAge != null && input.maxAge < input.minAge)
    issues.push({
      field: 'maxAge',
      code: 'MEAL_RULE_AGES',
      params: { minAge: input.minAge, maxAge: input.maxAge },
    });
  if (input.validTo && input.validTo < input.validFrom)
    issues.push({
      field: 'validTo',
      code: 'MEAL_RULE_DATES',
      params: { validFrom: input.validFrom, validTo: input.validTo },
    });
  if (issues.length) return issues;
  const category = input.category ?? null;
  const clash = existing.find((r) => r.category === category && datesMeet(input, r) && agesMeet(input, r));
  if (clash)
    issues.push({
      field: 'minAge',
      code: 'MEAL_RULE_OVERLAP',
      params: {
        ruleId: clash.id,
        ages: clash.maxAge == null ? `${clash.minAge}+` : `${clash.minAge}–${clash.maxAge}`,
        from: clash.validFrom,
        to: clash.validTo ?? '—',
      },
    });
  return issues;
}
