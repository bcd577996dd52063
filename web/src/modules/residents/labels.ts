import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Fact } from '../../../../contracts/api/persons.ts';
import {
  ABILITY_GRADES,
  DISABILITY_CATEGORIES,
  type FactKind,
  LIVING_ARRANGEMENTS,
  LOW_INCOME_STATUSES,
  SPECIAL_FAMILY_TYPES,
  VETERAN_TYPES,
} from '../../../../contracts/domain.ts';
import { fenToYuan } from '../../app/format.ts';
import type { ApiIssue } from '../../app/forms.tsx';

/** For kinds with a coded value: which value field holds the code, its vocabulary and label group. */
export const CODED_VALUES: Partial<
  Record<FactKind, { field: string; group: string; values: readonly string[] }>
> = {
  ability_grade: { field: 'grade', group: 'grades', values: ABILITY_GRADES },
  living_arrangement: { field: 'arrangement', group: 'arrangements', values: LIVING_ARRANGEMENTS },
  disability: { field: 'category', group: 'disabilityCategories', values: DISABILITY_CATEGORIES },
  low_income: { field: 'status', group: 'lowIncome', values: LOW_INCOME_STATUSES },
  veteran: { field: 'type', group: 'veteranTypes', values: VETERAN_TYPES },
  special_family: { field: 'type', group: 'specialFamilies', values: SPECIAL_FAMILY_TYPES },
};

export function useOptions(group: string, values: readonly (string | number)[]) {
  const { t } = useTranslation('residents');
  return values.map((v) => ({ value: v, label: t(`${group}.${v}`) }));
}

/**
 * A disability card number is the ID number plus two digits, so it is masked like the ID number
 * (revealing the ID is an audited action of its own).
 */
export function maskCardNumber(card: string): string {
  return card.length === 20 ? `${card.slice(0, 6)}********${card.slice(14)}` : card;
}

/** One line saying what a fact records, in the reader's language. */
export function describeFact(t: TFunction, fact: Pick<Fact, 'kind' | 'value' | 'validFrom'>): string {
  const v = fact.value;
  if (v === null) return t('residents:facts.sensitive');
  const coded = CODED_VALUES[fact.kind];
  switch (fact.kind) {
    case 'pension':
    case 'income':
      return t('residents:facts.perMonth', { amount: fenToYuan(Number(v.monthlyFen ?? 0)) });
    case 'hospital_stay':
      return v.hospital ? String(v.hospital) : t('residents:facts.inHospital');
    case 'medical_expense':
      return [
        t('residents:facts.paid', { amount: fenToYuan(Number(v.amountFen ?? 0)) }),
        v.note ? String(v.note) : '',
      ]
        .filter(Boolean)
        .join(' · ');
    case 'disability':
      return [
        t(`residents:disabilityCategories.${String(v.category)}`),
        t(`residents:disabilityGrades.${String(v.grade)}`),
        v.cardNumber ? t('residents:facts.card', { no: maskCardNumber(String(v.cardNumber)) }) : '',
      ]
        .filter(Boolean)
        .join(' · ');
    case 'low_income':
      return [
        t(`residents:lowIncome.${String(v.status)}`),
        v.certificateNo ? t('residents:facts.certificate', { no: String(v.certificateNo) }) : '',
      ]
        .filter(Boolean)
        .join(' · ');
    case 'death':
      return t('residents:facts.deathOn', { date: fact.validFrom });
    default:
      return coded ? t(`residents:${coded.group}.${String(v[coded.field])}`) : JSON.stringify(v);
  }
}

/**
 * The server fills the fact kind into some messages as its code ("pension"); these say it with
 * the kind's label instead.
 */
export function rewriteFactIssue(t: TFunction, issue: ApiIssue): string | undefined {
  const p = issue.params ?? {};
  const kind = typeof p.kind === 'string' ? t(`residents:factKinds.${p.kind}`) : undefined;
  if (!kind) return undefined;
  if (issue.code === 'FACT_OVERLAP')
    return p.to === '—' || p.to === undefined
      ? t('residents:errors.overlapOpen', { kind, from: p.from })
      : t('residents:errors.overlap', { kind, from: p.from, to: p.to });
  if (issue.code === 'FACT_OPEN_ENDED_ONLY') return t('residents:errors.openEndedOnly', { kind });
  return undefined;
}
