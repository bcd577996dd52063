import { z } from 'zod';
import { UNITS } from '../money.ts';
import { paged, pageQuery, uuid } from './common.ts';
import { VOLUNTEER_ACCOUNT_KIND_LABELS, VOLUNTEER_TRANSFER_CODE_LABELS } from './volunteers.ts';

export const OWNER_TYPES = ['person', 'org', 'programme', 'district'] as const;
export const TRANSFER_FLAGS = ['posted', 'pending', 'post', 'void'] as const;

/** Account kinds and transfer codes people see, translated. Unknown ones show as they are. */
export const ACCOUNT_KIND_LABELS: Record<string, { 'zh-CN': string; en: string }> = {
  elder_care: { 'zh-CN': '养老服务专户', en: 'Elderly-care sub-account' },
  receivable: { 'zh-CN': '应收结算款', en: 'Receivable' },
  fund: { 'zh-CN': '项目资金', en: 'Programme fund' },
  payout: { 'zh-CN': '已付结算款', en: 'Payouts' },
  points: { 'zh-CN': '积分账户', en: 'Points' },
  ...VOLUNTEER_ACCOUNT_KIND_LABELS,
};
export const PROGRAMME_LABELS: Record<string, { 'zh-CN': string; en: string }> = {
  chongyang: { 'zh-CN': '重阳分', en: 'Chongyang credits' },
  meal_subsidy: { 'zh-CN': '助餐补贴', en: 'Meal subsidy' },
  volunteer_points: { 'zh-CN': '志愿积分', en: 'Volunteer points' },
  red_points: { 'zh-CN': '红色积分', en: 'Red points' },
  time_bank: { 'zh-CN': '时间银行', en: 'Time bank' },
};
export const TRANSFER_CODE_LABELS: Record<string, { 'zh-CN': string; en: string }> = {
  'chongyang.grant': { 'zh-CN': '重阳分发放', en: 'Chongyang grant' },
  'chongyang.expire': { 'zh-CN': '重阳分到期清零', en: 'Chongyang expiry' },
  'order.payment': { 'zh-CN': '居家服务支付', en: 'Home-service payment' },
  'order.refund': { 'zh-CN': '居家服务退款', en: 'Home-service refund' },
  'meal.subsidy': { 'zh-CN': '助餐补贴', en: 'Meal subsidy' },
  'meal.subsidy.reversal': { 'zh-CN': '助餐补贴冲正', en: 'Meal subsidy reversal' },
  'settlement.payout': { 'zh-CN': '结算付款', en: 'Settlement payout' },
  'ledger.expire': { 'zh-CN': '冻结到期释放', en: 'Hold expired' },
  'ledger.adjust': { 'zh-CN': '人工调整', en: 'Manual adjustment' },
  'ledger.adjust.reversal': { 'zh-CN': '人工调整冲正', en: 'Adjustment reversal' },
  ...VOLUNTEER_TRANSFER_CODE_LABELS,
};

export const accountSchema = z.object({
  id: z.string(),
  ownerType: z.enum(OWNER_TYPES),
  ownerId: z.string(),
  ownerName: z.string(),
  unit: z.enum(UNITS),
  kind: z.string(),
  areaCode: z.string(),
  allowNegative: z.boolean(),
  balance: z.number().int(),
  available: z.number().int(),
  held: z.number().int(),
  seq: z.number().int(),
  closedAt: z.string().nullable(),
});
export type AccountView = z.infer<typeof accountSchema>;

export const transferSchema = z.object({
  id: z.string(),
  idempotencyKey: z.string(),
  debitAccountId: z.string(),
  creditAccountId: z.string(),
  amount: z.number().int(),
  unit: z.enum(UNITS),
  flag: z.enum(TRANSFER_FLAGS),
  code: z.string(),
  pendingId: z.string().nullable(),
  reversalOf: z.string().nullable(),
  expiresAt: z.string().nullable(),
  refType: z.string().nullable(),
  refId: z.string().nullable(),
  memo: z.string().nullable(),
  at: z.string(),
});
export type TransferView = z.infer<typeof transferSchema>;

export const entrySchema = z.object({
  seq: z.number().int(),
  direction: z.enum(['debit', 'credit']),
  /** Signed effect on the posted balance (0 for a hold or its release). */
  delta: z.number().int(),
  balance: z.number().int(),
  counterpartyId: z.string(),
  counterpartyName: z.string(),
  transfer: transferSchema,
});
export type EntryView = z.infer<typeof entrySchema>;

export const listAccountsQuery = pageQuery.extend({
  ownerType: z.enum(OWNER_TYPES).optional(),
  ownerId: z.string().max(64).optional(),
  kind: z.string().max(40).optional(),
  area: z
    .string()
    .regex(/^\d{6,12}$/)
    .optional(),
});
export const accountsPage = paged(accountSchema);
export const entriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  beforeSeq: z.coerce.number().int().min(1).optional(),
});
export const entriesResponse = z.object({ account: accountSchema, entries: z.array(entrySchema) });

/** A manual adjustment by district staff: always with a reason, always audited. */
export const adjustBody = z.object({
  key: z.string().trim().min(8).max(120),
  debitAccountId: uuid,
  creditAccountId: uuid,
  amount: z.number({ message: 'LEDGER_AMOUNT_INVALID' }).int({ message: 'LEDGER_AMOUNT_INVALID' }),
  unit: z.enum(UNITS, { message: 'LEDGER_UNIT_MISMATCH' }),
  reason: z.string().trim().min(1, { message: 'FIELD_REQUIRED' }).max(500),
});
export const reverseBody = z.object({
  key: z.string().trim().min(8).max(120),
  reason: z.string().trim().min(1, { message: 'FIELD_REQUIRED' }).max(500),
});
export const transferResponse = z.object({ transfer: transferSchema, replayed: z.boolean() });

export const ledgerCheckResponse = z.object({
  ok: z.boolean(),
  violations: z.array(z.object({ check: z.string(), detail: z.string() })),
  units: z.array(z.object({ unit: z.enum(UNITS), accounts: z.number().int(), transfers: z.number().int() })),
});
