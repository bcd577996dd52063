import { z } from 'zod';
import {
  ABILITY_GRADES,
  AGE_BANDS,
  DISABILITY_CATEGORIES,
  FACT_KINDS,
  LIVING_ARRANGEMENTS,
  LOW_INCOME_STATUSES,
  RELATIONS,
  SPECIAL_FAMILY_TYPES,
  VETERAN_TYPES,
} from '../domain.ts';
import { areaCode, areaFilter, isoDate, paged, pageQuery, uuid } from './common.ts';

const NAME_RE = /^[\p{Script=Han}\p{L}·•.\s]{1,40}$/u;
export const personName = z
  .string({ message: 'FIELD_REQUIRED' })
  .trim()
  .min(1, { message: 'FIELD_REQUIRED' })
  .regex(NAME_RE, { message: 'NAME_INVALID' });

/** ID and phone syntax is checked by the service (GB 11643 reasons); here they are strings. */
export const createPersonBody = z.object({
  name: personName,
  idNumber: z.string({ message: 'ID_NUMBER_EMPTY' }),
  phone: z.string().optional(),
  hukouLocal: z.boolean(),
  areaCode,
  address: z.string().trim().max(200).optional(),
  householdId: uuid.optional(),
  /** Start a new household with this person as head when no household is given. */
  relation: z.enum(RELATIONS, { message: 'RELATION_INVALID' }).optional(),
});
export type CreatePersonBody = z.infer<typeof createPersonBody>;

export const updatePersonBody = z.object({
  name: personName.optional(),
  phone: z.string().nullable().optional(),
  hukouLocal: z.boolean().optional(),
  areaCode: areaCode.optional(),
  address: z.string().trim().max(200).nullable().optional(),
  householdId: uuid.nullable().optional(),
  relation: z.enum(RELATIONS, { message: 'RELATION_INVALID' }).nullable().optional(),
  version: z.number().int(),
});

export const personSummary = z.object({
  id: z.string(),
  name: z.string(),
  idMasked: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  age: z.number().int(),
  phoneMasked: z.string().nullable(),
  hukouLocal: z.boolean(),
  areaCode: z.string(),
  areaName: z.string(),
  streetName: z.string(),
  address: z.string().nullable(),
  deceased: z.boolean(),
});
export type PersonSummary = z.infer<typeof personSummary>;

/** A short optional text: trimmed, and left out when nothing but spaces was given. */
const optionalText = (max: number) =>
  z
    .string({ message: 'FACT_VALUE_INVALID' })
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

export const factValue = {
  ability_grade: z.object({ grade: z.enum(ABILITY_GRADES, { message: 'FACT_VALUE_INVALID' }) }),
  living_arrangement: z.object({
    arrangement: z.enum(LIVING_ARRANGEMENTS, { message: 'FACT_VALUE_INVALID' }),
  }),
  pension: z.object({
    monthlyFen: z.number({ message: 'FACT_VALUE_INVALID' }).int().min(0).max(100_000_000),
  }),
  disability: z.object({
    category: z.enum(DISABILITY_CATEGORIES, { message: 'FACT_VALUE_INVALID' }),
    grade: z.number({ message: 'FACT_VALUE_INVALID' }).int().min(1).max(4),
    cardNumber: z
      .string()
      .trim()
      .regex(/^\d{17}[\dX]\d{2}$/, { message: 'FACT_VALUE_INVALID' }),
  }),
  low_income: z.object({
    status: z.enum(LOW_INCOME_STATUSES, { message: 'FACT_VALUE_INVALID' }),
    certificateNo: z.string().trim().max(40).optional(),
  }),
  veteran: z.object({ type: z.enum(VETERAN_TYPES, { message: 'FACT_VALUE_INVALID' }) }),
  special_family: z.object({ type: z.enum(SPECIAL_FAMILY_TYPES, { message: 'FACT_VALUE_INVALID' }) }),
  death: z.object({}).passthrough(),
  income: z.object({
    monthlyFen: z.number({ message: 'FACT_VALUE_INVALID' }).int().min(0).max(100_000_000),
  }),
  hospital_stay: z.object({ hospital: optionalText(60) }),
  medical_expense: z.object({
    amountFen: z.number({ message: 'FACT_VALUE_INVALID' }).int().min(1).max(100_000_000),
    note: optionalText(60),
  }),
} as const;

export const factSchema = z.object({
  id: z.string(),
  personId: z.string(),
  kind: z.enum(FACT_KINDS),
  /** null when the reader may not see sensitive values. */
  value: z.record(z.string(), z.unknown()).nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  source: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  closedBy: z.string().nullable(),
});
export type Fact = z.infer<typeof factSchema>;

export const addFactBody = z.object({
  kind: z.enum(FACT_KINDS, { message: 'FACT_KIND_UNKNOWN' }),
  value: z.record(z.string(), z.unknown()).default({}),
  validFrom: isoDate,
  validTo: isoDate.optional(),
  source: z.string().trim().min(1, { message: 'FIELD_REQUIRED' }).max(200),
});
export type AddFactBody = z.infer<typeof addFactBody>;
export const closeFactBody = z.object({ validTo: isoDate, reason: z.string().trim().max(500).optional() });

export const householdMember = z.object({
  id: z.string(),
  name: z.string(),
  idMasked: z.string(),
  sex: z.enum(['M', 'F']),
  age: z.number().int(),
  relation: z.enum(RELATIONS).nullable(),
  deceased: z.boolean(),
});

export const personDetail = personSummary.extend({
  householdId: z.string().nullable(),
  relation: z.enum(RELATIONS).nullable(),
  household: z.array(householdMember),
  facts: z.array(factSchema),
  version: z.number().int(),
  canRevealId: z.boolean(),
  canWrite: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PersonDetail = z.infer<typeof personDetail>;

export const listPersonsQuery = pageQuery.extend({
  q: z.string().trim().max(40).optional(),
  area: areaFilter,
  ageBand: z.enum(AGE_BANDS).optional(),
  fact: z.enum(FACT_KINDS).optional(),
  /** a value of that fact, e.g. grade=severe or status=dibao */
  factValue: z.string().max(40).optional(),
  asOf: isoDate.optional(),
});
export const personsPage = paged(personSummary);

export const revealResponse = z.object({ idNumber: z.string(), phone: z.string().nullable() });
export const revealBody = z.object({
  reason: z.string().trim().min(1, { message: 'FIELD_REQUIRED' }).max(200),
});
export const asOfQuery = z.object({ asOf: isoDate.optional() });
