import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { monthBatchColumns } from '../../platform/batches/batch-table.ts';

/**
 * Programmes and rules as code (ADR 0019). Programmes, their versions and the dated parameters
 * are small reference tables; enrolments, worklist items and alerts are person-centred and keyed
 * by the person id like every such table (ADR 0002).
 */
export const programmes = pgTable('programmes', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  /** 'benefit' decides entitlements; 'alert' raises early warnings. */
  kind: text('kind').notNull(),
  /** The level that approves applications: 'street' (R29 delegation) or 'district'. */
  approver: text('approver').notNull(),
  descriptionZh: text('description_zh'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const programmeVersions = pgTable(
  'programme_versions',
  {
    id: uuid('id').primaryKey(),
    programmeCode: text('programme_code').notNull(),
    version: integer('version').notNull(),
    /** draft → published → retired (a published version is never edited; a new one replaces it). */
    status: text('status').notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    ruleText: text('rule_text').notNull(),
    note: text('note'),
    warnings: jsonb('warnings').notNull().default(sql`'[]'::jsonb`),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: text('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('programme_versions_no_uq').on(t.programmeCode, t.version),
    index('programme_versions_status_idx').on(t.programmeCode, t.status),
    check('programme_versions_validity', sql`${t.validTo} IS NULL OR ${t.validTo} >= ${t.validFrom}`),
  ],
);

export const ruleParams = pgTable('rule_params', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  unit: text('unit').notNull(),
  source: text('source'),
});

export const ruleParamValues = pgTable(
  'rule_param_values',
  {
    paramCode: text('param_code').notNull(),
    validFrom: date('valid_from').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.paramCode, t.validFrom] })],
);

/** Who receives a programme, from when to when (inclusive), and why. */
export const programmeEnrolments = pgTable(
  'programme_enrolments',
  {
    personId: uuid('person_id').notNull(),
    id: uuid('id').notNull(),
    programmeCode: text('programme_code').notNull(),
    areaCode: char('area_code', { length: 12 }).notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    /** Monthly (or yearly, or one-off) amount decided at enrolment, in fen; 0 for in-kind. */
    amount: bigint('amount', { mode: 'number' }).notNull().default(0),
    source: text('source').notNull(),
    endReason: text('end_reason'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    index('programme_enrolments_programme_idx').on(t.programmeCode, t.validFrom),
    index('programme_enrolments_area_idx').on(t.areaCode.op('bpchar_pattern_ops')),
    check('programme_enrolments_validity', sql`${t.validTo} IS NULL OR ${t.validTo} >= ${t.validFrom}`),
  ],
);

/** One whole-registry (or one street's) screening as of a date, with its progress and counts. */
export const screeningRuns = pgTable('screening_runs', {
  id: uuid('id').primaryKey(),
  asOf: date('as_of').notNull(),
  programmes: text('programmes').array().notNull(),
  areaCode: char('area_code', { length: 12 }).notNull(),
  status: text('status').notNull(),
  total: integer('total').notNull().default(0),
  processed: integer('processed').notNull().default(0),
  /** Per programme and street: screened, entitled, enrolled, unknown, new items, closed items. */
  counts: jsonb('counts').notNull().default(sql`'{}'::jsonb`),
  error: text('error'),
  startedBy: text('started_by').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  /** Written with each street's progress: a run whose heartbeat stopped was interrupted. */
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/**
 * The community worker's list (政策找人): "entitled, not enrolled" (outreach), "enrolled, no
 * longer entitled" (review) and early-warning alerts, each with the explanation that raised it.
 * One open item per person, programme and kind.
 */
export const worklistItems = pgTable(
  'worklist_items',
  {
    personId: uuid('person_id').notNull(),
    id: uuid('id').notNull(),
    programmeCode: text('programme_code').notNull(),
    kind: text('kind').notNull(),
    areaCode: char('area_code', { length: 12 }).notNull(),
    status: text('status').notNull(),
    /** Alerts: 'red' | 'yellow'; null for outreach and review items. */
    tier: text('tier'),
    dueOn: date('due_on'),
    versionId: uuid('version_id').notNull(),
    asOf: date('as_of').notNull(),
    decision: integer('decision').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull().default(0),
    explanation: jsonb('explanation').notNull(),
    runId: uuid('run_id'),
    result: text('result'),
    note: text('note'),
    assignedTo: text('assigned_to'),
    /** Who answers it: 'community' first; an overdue or escalated alert moves to 'street', then 'district'. */
    level: text('level').notNull().default('community'),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    visitedAt: timestamp('visited_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    uniqueIndex('worklist_items_open_uq')
      .on(t.personId, t.programmeCode, t.kind)
      .where(sql`${t.status} in ('open', 'in_progress')`),
    index('worklist_items_area_idx').on(t.areaCode.op('bpchar_pattern_ops'), t.status),
    index('worklist_items_programme_idx').on(t.programmeCode, t.kind, t.status),
  ],
);

/**
 * Applications (申请): from a worklist item, an alert or a walk-in. submitted → approved or
 * rejected by the level its programme and amount require (R29: streets approve 低保/低边/特困 and
 * temporary aid up to 3,000 yuan; the rest goes to the district) → enrolled, with the
 * entitlement written to the ledger where value moves.
 */
export const applications = pgTable(
  'applications',
  {
    personId: uuid('person_id').notNull(),
    id: uuid('id').notNull(),
    programmeCode: text('programme_code').notNull(),
    areaCode: char('area_code', { length: 12 }).notNull(),
    source: text('source').notNull(),
    worklistItemId: uuid('worklist_item_id'),
    status: text('status').notNull(),
    /** The amount the rule gives (fen, per its period) when the application was made. */
    ruleAmount: bigint('rule_amount', { mode: 'number' }).notNull().default(0),
    /** The amount asked for or decided (fen); decides the approving level for one-off aid. */
    amount: bigint('amount', { mode: 'number' }).notNull().default(0),
    period: text('period'),
    approverLevel: text('approver_level').notNull(),
    explanation: jsonb('explanation').notNull(),
    note: text('note'),
    decisionNote: text('decision_note'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    enrolmentId: uuid('enrolment_id'),
    transferId: text('transfer_id'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    uniqueIndex('applications_open_uq').on(t.personId, t.programmeCode).where(sql`${t.status} = 'submitted'`),
    index('applications_area_idx').on(t.areaCode.op('bpchar_pattern_ops'), t.status),
  ],
);

/**
 * The monthly payment of recurring benefits (高龄津贴, 护理补贴 …; ADR 0020): one row per run of
 * one programme and month, with its progress. Chunks commit their ledger transfers and progress
 * together, so a killed run is completed by the next one.
 */
export const benefitBatches = pgTable(
  'benefit_batches',
  {
    id: uuid('id').primaryKey(),
    programmeCode: text('programme_code').notNull(),
    ...monthBatchColumns(),
  },
  (t) => [index('benefit_batches_month_idx').on(t.programmeCode, t.month)],
);
