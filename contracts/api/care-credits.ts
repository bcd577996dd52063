import { z } from 'zod';
import { UNITS } from '../money.ts';
import { isoDate, paged, pageQuery, uuid } from './common.ts';

/** A calendar month, YYYY-MM. */
export const month = z
  .string({ message: 'CARE_CREDIT_MONTH_INVALID' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'CARE_CREDIT_MONTH_INVALID' });

// ---- settings (dated versions) ----------------------------------------------------------------

export const careCreditSettingSchema = z.object({
  id: z.string(),
  /** First month the version applies to. */
  validFrom: z.string(),
  /** Fen per enrolled elder per month (ADR 0009: 1 重阳分 = 1 yuan = 100 fen). */
  monthlyAmount: z.number().int(),
  /** Credits granted for month M lapse from M + expiryMonths; 0 = never. */
  expiryMonths: z.number().int(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type CareCreditSetting = z.infer<typeof careCreditSettingSchema>;

export const careCreditSettingsResponse = z.object({
  items: z.array(careCreditSettingSchema),
  /** The version in force for the current month. */
  current: careCreditSettingSchema.nullable(),
});

export const addSettingBody = z.object({
  validFrom: month,
  monthlyAmount: z
    .number({ message: 'LEDGER_AMOUNT_INVALID' })
    .int({ message: 'LEDGER_AMOUNT_INVALID' })
    .min(1, { message: 'LEDGER_AMOUNT_INVALID' })
    .max(10_000_000, { message: 'FIELD_RANGE' }),
  expiryMonths: z
    .number()
    .int({ message: 'FIELD_RANGE' })
    .min(0, { message: 'FIELD_RANGE' })
    .max(120, { message: 'FIELD_RANGE' }),
  note: z.string().trim().max(500).optional(),
});
export type AddSettingBody = z.infer<typeof addSettingBody>;

// ---- enrolments --------------------------------------------------------------------------------

export const enrolmentSchema = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  idMasked: z.string(),
  /** Age (周岁) today. */
  age: z.number().int(),
  areaCode: z.string(),
  areaName: z.string(),
  fromMonth: z.string(),
  toMonth: z.string().nullable(),
  reason: z.string().nullable(),
  endReason: z.string().nullable(),
  /** Enrolled for the current month. */
  current: z.boolean(),
  createdAt: z.string(),
});
export type Enrolment = z.infer<typeof enrolmentSchema>;

export const listEnrolmentsQuery = pageQuery.extend({
  area: z
    .string()
    .regex(/^\d{6,12}$/)
    .optional(),
  /** Only enrolments covering this month. */
  month: month.optional(),
  /** Name prefix. */
  q: z.string().trim().max(40).optional(),
});
export const enrolmentsPage = paged(enrolmentSchema);

export const enrolBody = z.object({
  personId: uuid,
  fromMonth: month,
  reason: z.string().trim().max(500).optional(),
});
export type EnrolBody = z.infer<typeof enrolBody>;

export const endEnrolmentBody = z.object({
  /** Last month the elder is enrolled for. */
  toMonth: month,
  endReason: z.string().trim().min(1, { message: 'FIELD_REQUIRED' }).max(500),
});
export type EndEnrolmentBody = z.infer<typeof endEnrolmentBody>;

// ---- batches -----------------------------------------------------------------------------------

export const BATCH_KINDS = ['grant', 'expire'] as const;
export const BATCH_STATUSES = ['running', 'done', 'failed'] as const;

export const batchReportSchema = z.object({
  /** Elders walked (grant: enrolled for the month; expire: elders' accounts with credit). */
  elders: z.number().int(),
  /** Transfers this run posted. */
  postedNow: z.number().int(),
  /** Elders a former run had already credited (grant) or expired (expire): nothing moved again. */
  alreadyDone: z.number().int(),
  /** Grant: elders who died before the month; expire: accounts with nothing lapsed. */
  skipped: z.number().int(),
  /** Fen moved by this run. */
  amountNow: z.number().int(),
  /** Fen per elder (grant). */
  monthlyAmount: z.number().int().nullable(),
  settingId: z.string().nullable(),
  chunks: z.number().int(),
  chunkSize: z.number().int(),
  heartbeatAt: z.string().nullable(),
  seconds: z.number().nullable(),
  error: z.string().nullable(),
});
export type BatchReport = z.infer<typeof batchReportSchema>;

export const batchSchema = z.object({
  id: z.string(),
  kind: z.enum(BATCH_KINDS),
  month: z.string(),
  status: z.enum(BATCH_STATUSES),
  total: z.number().int(),
  processed: z.number().int(),
  credited: z.number().int(),
  skipped: z.number().int(),
  amount: z.number().int(),
  report: batchReportSchema,
  startedBy: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Batch = z.infer<typeof batchSchema>;

export const runBatchBody = z.object({
  month,
  chunkSize: z.number().int().min(100).max(20_000).optional(),
});
export const listBatchesQuery = pageQuery.extend({
  kind: z.enum(BATCH_KINDS).optional(),
  month: month.optional(),
});
export const batchesPage = paged(batchSchema);

// ---- an elder's accounts -----------------------------------------------------------------------

export const elderAccountSchema = z.object({
  id: z.string(),
  kind: z.string(),
  unit: z.enum(UNITS),
  /** Posted balance. */
  balance: z.number().int(),
  /** What can still be spent or held: balance minus holds. */
  available: z.number().int(),
  /** Held for orders not yet confirmed. */
  held: z.number().int(),
  seq: z.number().int(),
  createdAt: z.string(),
});

export const elderAccountsResponse = z.object({
  personId: z.string(),
  name: z.string(),
  areaCode: z.string(),
  /** Enrolled in 重阳分 for the current month. */
  enrolled: z.boolean(),
  enrolments: z.array(
    z.object({
      id: z.string(),
      fromMonth: z.string(),
      toMonth: z.string().nullable(),
      endReason: z.string().nullable(),
    }),
  ),
  accounts: z.array(elderAccountSchema),
});

export const elderEntriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  beforeSeq: z.coerce.number().int().min(1).optional(),
  /** Defaults to the elder's 养老服务专户. */
  accountId: uuid.optional(),
});

export const elderEntrySchema = z.object({
  seq: z.number().int(),
  transferId: z.string(),
  at: z.string(),
  code: z.string(),
  flag: z.enum(['posted', 'pending', 'post', 'void']),
  /** Signed effect on the posted balance; 0 for a hold and its release. */
  amount: z.number().int(),
  /** Size of the transfer (a hold's amount shows here while amount is 0). */
  gross: z.number().int(),
  balanceAfter: z.number().int(),
  counterparty: z.object({
    ownerType: z.string(),
    ownerId: z.string(),
    kind: z.string(),
    /** An organisation's or person's name; null for programme and district accounts (the web labels them). */
    name: z.string().nullable(),
  }),
  memo: z.string().nullable(),
  refType: z.string().nullable(),
  refId: z.string().nullable(),
});
export const elderEntriesResponse = z.object({
  accountId: z.string().nullable(),
  entries: z.array(elderEntrySchema),
  /** Pass as beforeSeq for the next page; null at the first transfer. */
  nextBeforeSeq: z.number().int().nullable(),
});

export const fundsOverviewResponse = z.object({
  unit: z.literal('fen'),
  /** Granted to elders in all. */
  issued: z.number().int(),
  /** Returned to the fund by expiry. */
  expired: z.number().int(),
  /** Paid to providers out of elders' accounts (issued − expired − outstanding). */
  spent: z.number().int(),
  /** Still on elders' accounts. */
  outstanding: z.number().int(),
  /** Of which held for open orders. */
  held: z.number().int(),
  elderAccounts: z.number().int(),
  enrolledThisMonth: z.number().int(),
  lastGrant: batchSchema.nullable(),
});

// ---- elder cards -------------------------------------------------------------------------------

/** 市民卡 / 爱心卡 numbers: letters, digits and dashes. */
export const cardNo = z
  .string({ message: 'FIELD_REQUIRED' })
  .trim()
  .regex(/^[0-9A-Za-z-]{4,32}$/, { message: 'FIELD_FORMAT' });

export const issueCardBody = z.object({ cardNo, issuedOn: isoDate.optional() });

export const elderCardSchema = z.object({
  cardNo: z.string(),
  personId: z.string(),
  name: z.string(),
  age: z.number().int(),
  areaCode: z.string(),
  areaName: z.string(),
  issuedOn: z.string(),
  deceased: z.boolean(),
  /** Enrolled in 重阳分 for the current month. */
  enrolled: z.boolean(),
});
export type ElderCard = z.infer<typeof elderCardSchema>;
