import { factValue } from '../../../contracts/api/persons.ts';
import {
  AGE_BANDS,
  type AgeBand,
  DISABILITY_CATEGORIES,
  EVENT_FACT_KINDS,
  type FactKind,
  SENSITIVE_FACT_KINDS,
} from '../../../contracts/domain.ts';
import type { FieldIssue } from '../../../contracts/errors.ts';
import { maskIdNumber, parseIdNumber } from '../../../contracts/id-number.ts';
import { isValidPhone, maskPhone, normalisePhone } from '../../../contracts/phone.ts';

/** Checks an ID number and phone the same way for the form, the API and the importer. */
export function checkIdNumber(raw: string, today: string, field = 'idNumber') {
  const r = parseIdNumber(raw, today);
  if (!r.ok) {
    const issue: FieldIssue = {
      field,
      code: r.problem,
      params: { field, ...(r.expected ? { expected: r.expected } : {}) },
    };
    return { ok: false as const, issue };
  }
  return { ...r, ok: true as const, masked: maskIdNumber(r.value), tail: r.value.slice(14) };
}

export function checkPhone(raw: string | null | undefined, field = 'phone') {
  if (raw == null || raw.trim() === '') return { ok: true as const, value: null };
  const value = normalisePhone(raw);
  if (!isValidPhone(value))
    return {
      ok: false as const,
      issue: { field, code: 'PHONE_INVALID', params: { field } } satisfies FieldIssue,
    };
  return { ok: true as const, value, masked: maskPhone(value), tail: value.slice(-4) };
}

export interface FactInput {
  kind: FactKind;
  value: Record<string, unknown>;
  validFrom: string;
  validTo?: string | null;
}

export interface FactSpan {
  id: string;
  validFrom: string;
  validTo: string | null;
}

/** Inclusive ranges [from, to]; an open end runs for ever. */
export function overlaps(
  a: { validFrom: string; validTo?: string | null },
  b: { validFrom: string; validTo?: string | null },
) {
  const aEnd = a.validTo ?? '9999-12-31';
  const bEnd = b.validTo ?? '9999-12-31';
  return a.validFrom <= bEnd && b.validFrom <= aEnd;
}

export function isEventKind(kind: string): boolean {
  return EVENT_FACT_KINDS.includes(kind as FactKind);
}

/**
 * Rules for one new fact against the person and the facts of its kind already held. Returns
 * the field issues (empty means it may be recorded), the parsed value and the end date to store
 * (an event's end is its own day).
 */
export function checkFact(
  input: FactInput,
  person: { birthDate: string; idNumber?: string },
  existing: FactSpan[],
): { issues: FieldIssue[]; value?: Record<string, unknown>; validTo?: string | null } {
  const issues: FieldIssue[] = [];
  const schema = factValue[input.kind];
  const parsed = schema.safeParse(input.value ?? {});
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const field = `value.${i.path.join('.')}`;
      // The kind comes first so that the message can name the field ("月收入", not "月养老金").
      const label = `${input.kind}.${String(i.path.at(-1) ?? 'value')}`;
      issues.push({ field, code: 'FACT_VALUE_INVALID', params: { field: label } });
    }
    return { issues };
  }
  const value = parsed.data as Record<string, unknown>;
  const isEvent = isEventKind(input.kind);
  const validTo = isEvent ? input.validFrom : (input.validTo ?? null);
  if (isEvent && input.validTo && input.validTo !== input.validFrom)
    issues.push({
      field: 'validTo',
      code: 'FACT_SINGLE_DAY_ONLY',
      params: { kind: input.kind, validFrom: input.validFrom },
    });
  else if (input.validTo && input.validTo < input.validFrom)
    issues.push({
      field: 'validTo',
      code: 'FACT_ENDS_BEFORE_START',
      params: { validFrom: input.validFrom, validTo: input.validTo },
    });
  if (input.validFrom < person.birthDate)
    issues.push({ field: 'validFrom', code: 'FACT_BEFORE_BIRTH', params: { birthDate: person.birthDate } });
  if (input.kind === 'death' && input.validTo)
    issues.push({ field: 'validTo', code: 'FACT_OPEN_ENDED_ONLY', params: { kind: input.kind } });
  if (input.kind === 'disability' && person.idNumber) {
    // 残疾人证号 = 18-digit ID number + category digit (1–7) + grade digit (1–4).
    const cat = DISABILITY_CATEGORIES.indexOf(value.category as never) + 1;
    const expected = `${person.idNumber}${cat}${value.grade}`;
    if (value.cardNumber !== expected)
      issues.push({
        field: 'value.cardNumber',
        code: 'DISABILITY_CARD_MISMATCH',
        params: { expected: expected.slice(-6) },
      });
  }
  // Events (a payment on a day) may repeat, even on the same day; states may not overlap.
  for (const e of isEvent ? [] : existing) {
    if (overlaps(input, e)) {
      issues.push({
        field: 'validFrom',
        code: 'FACT_OVERLAP',
        params: { kind: input.kind, from: e.validFrom, to: e.validTo ?? '—', factId: e.id },
      });
      break;
    }
  }
  return { issues, value, validTo };
}

export function isSensitiveKind(kind: string): boolean {
  return SENSITIVE_FACT_KINDS.includes(kind as FactKind);
}

function minusYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) - years;
  let md = date.slice(5);
  // 29 Feb minus whole years lands on 28 Feb in a common year, as PostgreSQL's interval does.
  if (md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) md = '02-28';
  return `${String(y).padStart(4, '0')}-${md}`;
}

/**
 * Birth-date window for an age band on `asOf` (周岁, both ends included as the law counts):
 * aged lo..hi means born after asOf−(hi+1) years and on or before asOf−lo years.
 */
export function ageBandWindow(band: AgeBand, asOf: string): { bornAfter?: string; bornOnOrBefore?: string } {
  if (!AGE_BANDS.includes(band)) return {};
  const [loS, hiS] = band.replace('+', '-').split('-');
  const lo = Number(loS);
  const hi = hiS ? Number(hiS) : undefined;
  return {
    bornOnOrBefore: minusYears(asOf, lo),
    ...(hi !== undefined ? { bornAfter: minusYears(asOf, hi + 1) } : {}),
  };
}
