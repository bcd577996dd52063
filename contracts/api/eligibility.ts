import { z } from 'zod';
import { areaCode, isoDate, paged, pageQuery, uuid } from './common.ts';

/** Programmes, rule versions, parameters, screening and worklists (issue 5, ADR 0019). */

export const PROGRAMME_KINDS = ['benefit', 'alert'] as const;
export const VERSION_STATUSES = ['draft', 'published', 'retired'] as const;
export const WORKLIST_KINDS = ['outreach', 'review', 'alert'] as const;
export const WORKLIST_STATUSES = ['open', 'in_progress', 'done', 'dismissed', 'resolved'] as const;
/** Who must act on an alert; escalation moves it up (community → street → district). */
export const WORKLIST_LEVELS = ['community', 'street', 'district'] as const;
export const PARAM_UNIT_CODES = [
  'yuan_month',
  'yuan_year',
  'yuan',
  'years',
  'days',
  'persons',
  'percent',
] as const;

/** A finding of the rule checker, translated. */
export const ruleIssueSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  line: z.number().int(),
  col: z.number().int(),
  message: z.string(),
});
export type RuleIssueView = z.infer<typeof ruleIssueSchema>;

export const programmeVersionSchema = z.object({
  id: z.string(),
  programmeCode: z.string(),
  version: z.number().int(),
  status: z.enum(VERSION_STATUSES),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  ruleText: z.string(),
  note: z.string().nullable(),
  warnings: z.array(ruleIssueSchema),
  createdBy: z.string(),
  createdAt: z.string(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
export type ProgrammeVersionView = z.infer<typeof programmeVersionSchema>;

export const programmeSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  kind: z.enum(PROGRAMME_KINDS),
  approver: z.enum(['street', 'district']),
  descriptionZh: z.string().nullable(),
  /** The published version in force today, if any. */
  current: programmeVersionSchema.nullable(),
  drafts: z.number().int(),
  enrolled: z.number().int(),
  openItems: z.number().int(),
});
export type ProgrammeView = z.infer<typeof programmeSchema>;
export const programmesResponse = z.object({ items: z.array(programmeSchema) });

export const programmeDetailResponse = z.object({
  programme: programmeSchema,
  versions: z.array(programmeVersionSchema),
});

export const draftBody = z.object({
  ruleText: z.string().max(20_000),
  validFrom: isoDate,
  validTo: isoDate.nullable().optional(),
  note: z.string().trim().max(500).optional(),
});
export type DraftBody = z.infer<typeof draftBody>;

export const checkRuleBody = z.object({
  kind: z.enum(PROGRAMME_KINDS),
  ruleText: z.string().max(20_000),
  validFrom: isoDate,
});
export const checkRuleResponse = z.object({
  ok: z.boolean(),
  errors: z.array(ruleIssueSchema),
  warnings: z.array(ruleIssueSchema),
  /** The facts the rule reads (zh labels), when it checks. */
  facts: z.array(z.string()),
});

// ── The vocabulary a rule may use (the editor's palette) ──
export const factViewSchema = z.object({
  code: z.string(),
  zh: z.string(),
  en: z.string(),
  type: z.string(),
  unit: z.string().nullable(),
  values: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  sourceZh: z.string(),
  sourceEn: z.string(),
});
export const paramViewSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  unit: z.enum(PARAM_UNIT_CODES),
  source: z.string().nullable(),
  values: z.array(z.object({ validFrom: z.string(), value: z.number().int() })),
});
export const vocabularyResponse = z.object({
  facts: z.array(factViewSchema),
  params: z.array(paramViewSchema),
});
export const paramValueBody = z.object({
  validFrom: isoDate,
  /** fen for money units, the number itself otherwise; the range per unit is the service's (PARAM_VALUE_LIMITS). */
  value: z.number().int(),
  note: z.string().trim().max(500).optional(),
});

// ── Rule parameters: creating one, and the list of the parameters page ──
export type ParamUnitCode = (typeof PARAM_UNIT_CODES)[number];
/** A unit in words, as the rule language and the officer write it. */
export const PARAM_UNIT_LABELS: Record<ParamUnitCode, { 'zh-CN': string; en: string }> = {
  yuan_month: { 'zh-CN': '元/月', en: 'yuan/month' },
  yuan_year: { 'zh-CN': '元/年', en: 'yuan/year' },
  yuan: { 'zh-CN': '元', en: 'yuan' },
  years: { 'zh-CN': '周岁', en: 'years of age' },
  days: { 'zh-CN': '天', en: 'days' },
  persons: { 'zh-CN': '人', en: 'persons' },
  percent: { 'zh-CN': '%', en: '%' },
};
/**
 * What a value of each unit may be (money in fen). Percentages are shares or multiples, so they
 * go past 100 (低边倍数 is 150%); ages stop at 150 周岁, days at a hundred years; money at
 * 10,000,000 元, past any allowance, standard or cap a district sets.
 */
export const PARAM_VALUE_LIMITS: Record<ParamUnitCode, { min: number; max: number }> = {
  yuan_month: { min: 0, max: 1_000_000_000 },
  yuan_year: { min: 0, max: 1_000_000_000 },
  yuan: { min: 0, max: 1_000_000_000 },
  years: { min: 0, max: 150 },
  days: { min: 0, max: 36_500 },
  persons: { min: 0, max: 100 },
  percent: { min: 0, max: 1000 },
};
/**
 * A parameter's code as a rule may write it instead of its Chinese name: an ASCII word the
 * rule language reads whole (lower case, digits and _ after a first letter).
 */
export const PARAM_CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;
/**
 * A new parameter with its first dated value. Code and unit are checked by the service, so
 * that a missing or unknown one gets its own precise error (PARAM_CODE_FORMAT,
 * PARAM_UNIT_MISSING, PARAM_UNIT_UNKNOWN).
 */
export const createParamBody = z.object({
  code: z.string().max(200).optional(),
  nameZh: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(120),
  unit: z.string().max(40).nullable().optional(),
  source: z.string().trim().max(500).nullable().optional(),
  firstValue: paramValueBody,
});
export type CreateParamBody = z.infer<typeof createParamBody>;
export const paramListItemSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  unit: z.enum(PARAM_UNIT_CODES),
  source: z.string().nullable(),
  /** Dated values, oldest first: each applies from its date until the next one. */
  values: z.array(z.object({ validFrom: z.string(), value: z.number().int(), note: z.string().nullable() })),
  /** The value in force on `asOf` (today), if any. */
  current: z.object({ validFrom: z.string(), value: z.number().int() }).nullable(),
});
export type ParamListItem = z.infer<typeof paramListItemSchema>;
export const paramsResponse = z.object({ asOf: z.string(), items: z.array(paramListItemSchema) });

// ── Screening ──
export const startScreeningBody = z.object({
  asOf: isoDate,
  /** Programme codes, or empty for all with a version in force on the date. */
  programmes: z.array(z.string()).max(50).default([]),
  areaCode: areaCode.optional(),
});
export const screeningCountsSchema = z.object({
  screened: z.number().int(),
  entitled: z.number().int(),
  enrolled: z.number().int(),
  entitledNotEnrolled: z.number().int(),
  enrolledNotEntitled: z.number().int(),
  unknown: z.number().int(),
  newItems: z.number().int(),
  closedItems: z.number().int(),
  monthlyAmount: z.number(),
});
export const screeningRunSchema = z.object({
  id: z.string(),
  asOf: z.string(),
  programmes: z.array(z.string()),
  areaCode: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  total: z.number().int(),
  processed: z.number().int(),
  /** programme code → street code (or 'all') → counts. */
  counts: z.record(z.string(), z.record(z.string(), screeningCountsSchema)),
  error: z.string().nullable(),
  startedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
});
export type ScreeningRunView = z.infer<typeof screeningRunSchema>;
export const screeningRunsResponse = z.object({ items: z.array(screeningRunSchema) });

// ── Explanations ──
export const traceNodeSchema: z.ZodType<TraceNodeView> = z.lazy(() =>
  z.union([
    z.object({
      k: z.literal('leaf'),
      truth: z.enum(['yes', 'no', 'unknown']),
      text: z.string(),
      seen: z.array(z.string()),
    }),
    z.object({
      k: z.enum(['and', 'or', 'not']),
      truth: z.enum(['yes', 'no', 'unknown']),
      items: z.array(traceNodeSchema),
    }),
  ]),
);
export type TraceNodeView =
  | { k: 'leaf'; truth: 'yes' | 'no' | 'unknown'; text: string; seen: string[] }
  | { k: 'and' | 'or' | 'not'; truth: 'yes' | 'no' | 'unknown'; items: TraceNodeView[] };

export const explanationSchema = z.object({
  programmeCode: z.string(),
  programmeName: z.string(),
  versionId: z.string(),
  version: z.number().int(),
  asOf: z.string(),
  /** 'entitled' | 'not_entitled' | 'unknown' for benefits; 'alert' | 'no_alert' | 'unknown' for triggers. */
  verdict: z.enum(['entitled', 'not_entitled', 'unknown', 'alert', 'no_alert']),
  decision: z.number().int(),
  amount: z.number().int(),
  period: z.string().nullable(),
  tier: z.string().nullable(),
  /** One paragraph in plain language a worker can read out. */
  summary: z.string(),
  missing: z.array(z.string()),
  branches: z.array(
    z.object({
      branch: z.number().int(),
      truth: z.enum(['yes', 'no', 'unknown']),
      cite: z.string().nullable(),
      node: traceNodeSchema,
    }),
  ),
});
export type ExplanationView = z.infer<typeof explanationSchema>;
export const personEligibilityQuery = z.object({ asOf: isoDate.optional() });
export const personEligibilityResponse = z.object({
  personId: z.string(),
  personName: z.string(),
  asOf: z.string(),
  items: z.array(explanationSchema.extend({ enrolled: z.boolean() })),
});

// ── Worklist ──
export const worklistItemSchema = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  idMasked: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  programmeCode: z.string(),
  programmeName: z.string(),
  kind: z.enum(WORKLIST_KINDS),
  status: z.enum(WORKLIST_STATUSES),
  tier: z.enum(['red', 'yellow']).nullable(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  level: z.enum(WORKLIST_LEVELS),
  visitedAt: z.string().nullable(),
  asOf: z.string(),
  amount: z.number().int(),
  result: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WorklistItemView = z.infer<typeof worklistItemSchema>;
export const worklistQuery = pageQuery.extend({
  areaCode: areaCode.optional(),
  programme: z.string().max(40).optional(),
  kind: z.enum(WORKLIST_KINDS).optional(),
  status: z.enum([...WORKLIST_STATUSES, 'active']).default('active'),
});
export const worklistPage = paged(worklistItemSchema);
export const worklistItemDetail = z.object({
  item: worklistItemSchema,
  explanation: explanationSchema,
});
export const worklistUpdateBody = z.object({
  status: z.enum(['in_progress', 'done', 'dismissed']),
  result: z.string().trim().min(1).max(500).optional(),
  note: z.string().trim().max(1000).optional(),
});
export const idParams = z.object({ id: uuid });
export const codeParams = z.object({ code: z.string().min(1).max(40) });

// ── What-if simulation of a draft against the version in force ──
export const simulateBody = z.object({ asOf: isoDate.optional() });
export const simulationRowSchema = z.object({
  areaCode: z.string(),
  areaName: z.string(),
  screened: z.number().int(),
  entitledBefore: z.number().int(),
  entitledAfter: z.number().int(),
  gain: z.number().int(),
  lose: z.number().int(),
  /** Monthly cost in fen (yearly amounts / 12, one-off amounts counted once, in the month). */
  monthlyCostBefore: z.number(),
  monthlyCostAfter: z.number(),
});
export const simulationResponse = z.object({
  versionId: z.string(),
  baseVersionId: z.string().nullable(),
  asOf: z.string(),
  durationMs: z.number(),
  total: simulationRowSchema,
  byStreet: z.array(simulationRowSchema),
  /** A few people who gain or lose, for a worker to check by hand (masked). */
  examples: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      areaName: z.string(),
      change: z.enum(['gain', 'lose']),
    }),
  ),
});
export type SimulationView = z.infer<typeof simulationResponse>;

// ── Alerts: visit, escalate ──
export const escalateBody = z.object({ reason: z.string().trim().min(1).max(500) });
export const visitBody = z.object({
  /** What the worker found at the visit (核查结果). */
  result: z.string().trim().min(1).max(500),
  /** close: nothing more to do; escalate: the street (then district) must act; apply: an application follows. */
  outcome: z.enum(['close', 'escalate', 'apply']),
});

// ── Applications and approval (R29) ──
export const APPLICATION_SOURCES = ['walk_in', 'outreach', 'alert'] as const;
export const APPLICATION_STATUSES = ['submitted', 'approved', 'rejected', 'enrolled'] as const;
export const applicationSchema = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  idMasked: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  programmeCode: z.string(),
  programmeName: z.string(),
  source: z.enum(APPLICATION_SOURCES),
  worklistItemId: z.string().nullable(),
  status: z.enum(APPLICATION_STATUSES),
  ruleAmount: z.number().int(),
  amount: z.number().int(),
  period: z.string().nullable(),
  approverLevel: z.enum(['street', 'district']),
  /** Whether the signed-in user may decide it (holds application.approve at the required level). */
  canDecide: z.boolean(),
  note: z.string().nullable(),
  decisionNote: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  enrolmentId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type ApplicationView = z.infer<typeof applicationSchema>;
export const createApplicationBody = z.object({
  personId: uuid,
  programmeCode: z.string().min(1).max(40),
  source: z.enum(APPLICATION_SOURCES).default('walk_in'),
  worklistItemId: uuid.optional(),
  /** fen; for one-off aid the amount asked for (defaults to the rule's amount). */
  amount: z.number().int().min(0).max(100_000_000).optional(),
  note: z.string().trim().max(1000).optional(),
});
export const applicationsQuery = pageQuery.extend({
  areaCode: areaCode.optional(),
  programme: z.string().max(40).optional(),
  status: z.enum([...APPLICATION_STATUSES, 'all']).default('submitted'),
});
export const applicationsPage = paged(applicationSchema);
export const applicationDetail = z.object({ application: applicationSchema, explanation: explanationSchema });
export const decideBody = z.object({
  decision: z.enum(['approve', 'reject']),
  /** fen; an approver may lower a one-off amount, never raise it above the rule's. */
  amount: z.number().int().min(0).max(100_000_000).optional(),
  note: z.string().trim().min(1).max(1000),
});

// ── Monthly payment of recurring benefits (ADR 0020) ──
/** A calendar month, YYYY-MM. */
export const benefitMonth = z
  .string({ message: 'BENEFIT_MONTH_INVALID' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'BENEFIT_MONTH_INVALID' });
export const BENEFIT_BATCH_STATUSES = ['running', 'done', 'failed'] as const;
export const BENEFIT_PERIODS = ['month', 'year'] as const;
export const benefitBatchReportSchema = z.object({
  /** Persons due for the month (enrolled on its first day; yearly: in their anniversary month). */
  persons: z.number().int(),
  /** Transfers this run posted. */
  postedNow: z.number().int(),
  /** Persons a former run had already paid: nothing moved again. */
  alreadyDone: z.number().int(),
  /** Persons who died before the month began. */
  skipped: z.number().int(),
  /** Fen paid by this run. */
  amountNow: z.number().int(),
  versionId: z.string().nullable(),
  chunks: z.number().int(),
  chunkSize: z.number().int(),
  heartbeatAt: z.string().nullable(),
  seconds: z.number().nullable(),
  error: z.string().nullable(),
});
export const benefitBatchSchema = z.object({
  id: z.string(),
  programmeCode: z.string(),
  programmeName: z.string(),
  month: z.string(),
  period: z.enum(BENEFIT_PERIODS),
  status: z.enum(BENEFIT_BATCH_STATUSES),
  total: z.number().int(),
  processed: z.number().int(),
  /** Persons paid by this run. */
  credited: z.number().int(),
  /** Persons paid before, and persons who died before the month. */
  skipped: z.number().int(),
  /** Fen paid by this run. */
  amount: z.number().int(),
  report: benefitBatchReportSchema,
  startedBy: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type BenefitBatchView = z.infer<typeof benefitBatchSchema>;
export const runBenefitBatchBody = z.object({
  /** A programme code, or 'all' for every recurring programme paid in money. */
  programme: z.string().trim().min(1, { message: 'FIELD_REQUIRED' }).max(40),
  month: benefitMonth,
  chunkSize: z.number().int().min(100).max(20_000).optional(),
});
/** The runs a request started (one per programme), still running: GET …/:id follows each. */
export const benefitBatchesStarted = z.object({ items: z.array(benefitBatchSchema) });
export const benefitBatchesQuery = pageQuery.extend({
  programme: z.string().max(40).optional(),
  month: benefitMonth.optional(),
});
export const benefitBatchesPage = paged(benefitBatchSchema);
export const payableProgrammesQuery = z.object({ month: benefitMonth.optional() });
export const payableProgrammesResponse = z.object({
  month: z.string(),
  items: z.array(
    z.object({
      code: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      period: z.enum(BENEFIT_PERIODS),
      versionId: z.string(),
    }),
  ),
});
