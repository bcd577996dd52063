/** Vocabularies shared by server and web. Labels live in the web's i18n catalogues. */
export const AREA_LEVELS = ['district', 'street', 'community', 'village'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** GB/T 42195-2022 老年人能力评估 grades. */
export const ABILITY_GRADES = ['intact', 'mild', 'moderate', 'severe', 'total'] as const;
export const LIVING_ARRANGEMENTS = ['alone', 'empty_nest', 'widowed_childless', 'with_family'] as const;
/** 残疾人证 categories, numbered as on the card (GB/T 26341): 1 视力 … 7 多重. */
export const DISABILITY_CATEGORIES = [
  'visual',
  'hearing',
  'speech',
  'physical',
  'intellectual',
  'mental',
  'multiple',
] as const;
export const LOW_INCOME_STATUSES = ['dibao', 'dibian', 'tekun'] as const;
export const VETERAN_TYPES = [
  'disabled_serviceman',
  'martyr_family',
  'demobilised',
  'war_veteran',
  'retired_soldier',
  'serviceman_family',
] as const;
export const SPECIAL_FAMILY_TYPES = ['shidu', 'only_child_disabled'] as const;

export const FACT_KINDS = [
  'ability_grade',
  'living_arrangement',
  'pension',
  'disability',
  'low_income',
  'veteran',
  'special_family',
  'death',
  /** the person's own monthly income (wages, business, other) in fen; one span at a time */
  'income',
  /** an in-patient stay: admission day to discharge day, open while still in hospital */
  'hospital_stay',
  /** medical costs paid out of pocket on one day (an event: validTo = validFrom) */
  'medical_expense',
] as const;
export type FactKind = (typeof FACT_KINDS)[number];
/** Facts whose values are sensitive (PIPL): only roles with person.sensitive_read see them. */
export const SENSITIVE_FACT_KINDS: readonly FactKind[] = [
  'pension',
  'disability',
  'low_income',
  'income',
  'medical_expense',
  // Health information is sensitive personal information (PIPL art. 28): who was in hospital.
  'hospital_stay',
];
/**
 * Facts that record an event on one day rather than a state over a span: validTo equals
 * validFrom, and any number of them may fall on the same day (no overlap rule).
 */
export const EVENT_FACT_KINDS: readonly FactKind[] = ['medical_expense'];

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
export const RELATION_ZH: Record<Relation, string> = {
  head: '本人',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandchild: '孙子女',
  sibling: '兄弟姐妹',
  other: '其他',
};

export const ORG_KINDS = [
  'social_org',
  'civilized_unit',
  'enterprise',
  'school',
  'government',
  'party_org',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const SERVICE_POINT_TYPES = [
  'canteen',
  'home_care_centre',
  'care_station',
  'volunteer_home',
  'practice_institute',
  'practice_station',
  'social_work_station',
  'veteran_station',
  'v_station',
  'disabled_home',
  'health_station',
  'party_mass_centre',
] as const;
export type ServicePointType = (typeof SERVICE_POINT_TYPES)[number];

export const AGE_BANDS = ['0-17', '18-34', '35-59', '60-79', '80-89', '90-99', '100+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
