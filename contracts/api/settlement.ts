import { z } from 'zod';
import { langQuery, paged, pageQuery, uuid } from './common.ts';

/** draft → approved (district staff, checked against the ledger) → paid (the payout transfer). */
export const STATEMENT_STATUSES = ['draft', 'approved', 'paid'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

/**
 * A line is one posted transfer on the provider's receivable: an order captured (order), a meal
 * subsidised (meal), the reversal of either (reversal: a refund or a voided sale, negative), or
 * anything else such as a manual adjustment (adjustment).
 */
export const LINE_KINDS = ['order', 'meal', 'reversal', 'adjustment'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export const STATEMENT_STATUS_LABELS: Record<StatementStatus, { 'zh-CN': string; en: string }> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  approved: { 'zh-CN': '已审核', en: 'Approved' },
  paid: { 'zh-CN': '已付款', en: 'Paid' },
};
export const LINE_KIND_LABELS: Record<LineKind, { 'zh-CN': string; en: string }> = {
  order: { 'zh-CN': '居家服务', en: 'Home service' },
  meal: { 'zh-CN': '助餐补贴', en: 'Meal subsidy' },
  reversal: { 'zh-CN': '冲正', en: 'Reversal' },
  adjustment: { 'zh-CN': '调整', en: 'Adjustment' },
};

/** A settlement month, YYYY-MM (Asia/Shanghai calendar). */
export const monthString = z
  .string({ message: 'STATEMENT_MONTH_INVALID' })
  .regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, { message: 'STATEMENT_MONTH_INVALID' });

export const statementSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  /** 统一社会信用代码 of the provider (printed on the statement). */
  orgCreditCode: z.string(),
  /** The provider's area (its organisation's registered community). */
  areaCode: z.string(),
  areaName: z.string(),
  month: z.string(),
  status: z.enum(STATEMENT_STATUSES),
  /** Orders settled in the month, net of refunds (a refund counts −1). */
  ordersCount: z.number().int(),
  /** 重阳分 captured for orders, net of refunds, in fen. */
  ordersCreditsFen: z.number().int(),
  /** What the elders paid the provider directly for those orders (for information; not owed). */
  ordersCopayFen: z.number().int(),
  mealsCount: z.number().int(),
  mealsSubsidyFen: z.number().int(),
  /** What the elders paid at the till for those meals (for information; not owed). */
  mealsPaidFen: z.number().int(),
  adjustmentsFen: z.number().int(),
  /** What the district owes for the month: the sum of the lines, to the fen. */
  totalFen: z.number().int(),
  lineCount: z.number().int(),
  computedAt: z.string(),
  approvedBy: z.string().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  payoutTransferId: z.string().nullable(),
  paidAt: z.string().nullable(),
  version: z.number().int(),
});
export type StatementView = z.infer<typeof statementSchema>;

export const statementLineSchema = z.object({
  id: z.string(),
  transferId: z.string(),
  kind: z.enum(LINE_KINDS),
  refType: z.string().nullable(),
  refId: z.string().nullable(),
  at: z.string(),
  description: z.string(),
  /** Signed: a reversal is negative. */
  amountFen: z.number().int(),
  /** The elder's own part of the order or meal (signed like the amount; informational). */
  copayFen: z.number().int(),
});
export type StatementLineView = z.infer<typeof statementLineSchema>;

export const listStatementsQuery = pageQuery.extend({
  month: monthString.optional(),
  org: uuid.optional(),
  status: z.enum(STATEMENT_STATUSES).optional(),
  /** Area filter (a street or community code), narrowed to the reader's scope. */
  area: z
    .string()
    .regex(/^\d{6,12}$/)
    .optional(),
});
export const statementsPage = paged(statementSchema);

export const statementQuery = pageQuery.extend({
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export const statementDetail = z.object({
  statement: statementSchema,
  lines: paged(statementLineSchema),
});

export const statementIdParams = z.object({ id: z.string().uuid({ message: 'STATEMENT_NOT_FOUND' }) });
export const monthParams = z.object({ month: monthString });

/** Produces (or refreshes) the drafts of a month: for every provider with movements, or one. */
export const generateBody = z.object({ month: monthString, orgId: uuid.optional() });
export const generateResponse = z.object({
  month: z.string(),
  /** New drafts. */
  created: z.number().int(),
  /** Drafts whose lines changed and were recomputed. */
  refreshed: z.number().int(),
  /** Drafts that already matched the ledger. */
  unchanged: z.number().int(),
  /** Approved or paid statements, left as they are. */
  frozen: z.number().int(),
  statementIds: z.array(z.string()),
});

export const versionBody = z.object({ version: z.number().int() });

export const exportQuery = langQuery;

/** One provider's month: statement against the ledger, computed on separate paths, in fen. */
export const reconciliationOrgRow = z.object({
  orgId: z.string(),
  orgName: z.string(),
  statementId: z.string().nullable(),
  status: z.enum(STATEMENT_STATUSES).nullable(),
  /** The statement's header total (null: no statement yet). */
  statementTotalFen: z.number().int().nullable(),
  /** The sum of its lines. */
  linesTotalFen: z.number().int().nullable(),
  lineCount: z.number().int(),
  ledgerCreditsFen: z.number().int(),
  ledgerDebitsFen: z.number().int(),
  ledgerNetFen: z.number().int(),
  ledgerCount: z.number().int(),
  /** statement total − ledger net (should be 0). */
  differenceFen: z.number().int(),
  ok: z.boolean(),
});
export const reconciliationPayoutRow = z.object({
  transferId: z.string().nullable(),
  orgId: z.string(),
  orgName: z.string(),
  statementIds: z.array(z.string()),
  /** Sum of the totals of every statement paid by this transfer. */
  statementsTotalFen: z.number().int(),
  transferAmountFen: z.number().int().nullable(),
  /** statements − transfer (should be 0). */
  differenceFen: z.number().int(),
  ok: z.boolean(),
});
export const reconciliationResponse = z.object({
  month: z.string(),
  at: z.string(),
  ok: z.boolean(),
  orgs: z.array(reconciliationOrgRow),
  district: z.object({
    statementsTotalFen: z.number().int(),
    ledgerCreditsFen: z.number().int(),
    ledgerDebitsFen: z.number().int(),
    ledgerNetFen: z.number().int(),
    differenceFen: z.number().int(),
    /** Providers with movements in the month but no statement yet. */
    orgsWithoutStatement: z.number().int(),
    ok: z.boolean(),
  }),
  payouts: z.array(reconciliationPayoutRow),
});
export type Reconciliation = z.infer<typeof reconciliationResponse>;
