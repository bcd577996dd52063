import { z } from 'zod';
import { areaFilter, isoDate, type Label, paged, pageQuery, uuid } from './common.ts';
import { transferSchema } from './ledger.ts';

/**
 * The home-service catalogue of 互联网+养老 (S9) on which 重阳分 may be spent (R5: 基本生活照料、
 * 助餐、助浴、助洁、助行、代办 "等"; 助急 and 助医 complete the district's usual "六助" list).
 * Services charged by the time spent are per_hour; the others are per_visit (ADR 0010).
 */
export const HOME_SERVICE_CODES = [
  'meal_delivery',
  'cleaning',
  'bathing',
  'mobility',
  'emergency',
  'medical',
  'errands',
  'life_care',
] as const;
export type HomeServiceCode = (typeof HOME_SERVICE_CODES)[number];
export const HOME_SERVICE_UNITS = ['per_visit', 'per_hour'] as const;
export type HomeServiceUnit = (typeof HOME_SERVICE_UNITS)[number];

export const HOME_SERVICE_CATALOGUE: readonly { code: HomeServiceCode; unit: HomeServiceUnit }[] = [
  { code: 'meal_delivery', unit: 'per_visit' },
  { code: 'cleaning', unit: 'per_hour' },
  { code: 'bathing', unit: 'per_visit' },
  { code: 'mobility', unit: 'per_hour' },
  { code: 'emergency', unit: 'per_visit' },
  { code: 'medical', unit: 'per_visit' },
  { code: 'errands', unit: 'per_visit' },
  { code: 'life_care', unit: 'per_hour' },
];

export const HOME_SERVICE_LABELS: Record<HomeServiceCode, Label> = {
  meal_delivery: { 'zh-CN': '助餐', en: 'Meal delivery' },
  cleaning: { 'zh-CN': '助洁', en: 'Cleaning' },
  bathing: { 'zh-CN': '助浴', en: 'Bathing' },
  mobility: { 'zh-CN': '助行', en: 'Mobility help' },
  emergency: { 'zh-CN': '助急', en: 'Emergency help' },
  medical: { 'zh-CN': '助医', en: 'Medical help' },
  errands: { 'zh-CN': '代办', en: 'Errands' },
  life_care: { 'zh-CN': '基本生活照料', en: 'Basic life care' },
};
export const HOME_SERVICE_UNIT_LABELS: Record<HomeServiceUnit, Label> = {
  per_visit: { 'zh-CN': '按次', en: 'per visit' },
  per_hour: { 'zh-CN': '按小时', en: 'per hour' },
};

/** placed → accepted → in_service → done → confirmed; cancelled from any of them. */
export const ORDER_STATUSES = ['placed', 'accepted', 'in_service', 'done', 'confirmed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const ORDER_STATUS_LABELS: Record<OrderStatus, Label> = {
  placed: { 'zh-CN': '待接单', en: 'placed' },
  accepted: { 'zh-CN': '已接单', en: 'accepted' },
  in_service: { 'zh-CN': '服务中', en: 'in service' },
  done: { 'zh-CN': '服务完成待确认', en: 'done, awaiting confirmation' },
  confirmed: { 'zh-CN': '已确认', en: 'confirmed' },
  cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
};

export const ORDER_ACTIONS = ['accept', 'check_in', 'check_out', 'confirm', 'cancel', 'rate'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];
/** As the error "it cannot be {{action}}" / "不能{{action}}" reads them. */
export const ORDER_ACTION_LABELS: Record<OrderAction, Label> = {
  accept: { 'zh-CN': '接单', en: 'accepted' },
  check_in: { 'zh-CN': '签到', en: 'checked in' },
  check_out: { 'zh-CN': '签退', en: 'checked out' },
  confirm: { 'zh-CN': '确认', en: 'confirmed' },
  cancel: { 'zh-CN': '取消', en: 'cancelled' },
  rate: { 'zh-CN': '评价', en: 'rated' },
};

/** phone: taken by a community worker for the elder (电话呼叫); provider: entered by the provider. */
export const ORDER_CHANNELS = ['phone', 'provider'] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];
export const ORDER_CHANNEL_LABELS: Record<OrderChannel, Label> = {
  phone: { 'zh-CN': '电话下单', en: 'Phone' },
  provider: { 'zh-CN': '机构录入', en: 'Provider' },
};

const label = z.object({ 'zh-CN': z.string(), en: z.string() });
const version = z.number({ message: 'FIELD_REQUIRED' }).int();
const fen = z.number().int();

export const catalogueItemSchema = z.object({
  code: z.string(),
  unit: z.enum(HOME_SERVICE_UNITS),
  active: z.boolean(),
  sortOrder: z.number().int(),
  label,
});
export const catalogueResponse = z.array(catalogueItemSchema);

export const priceSchema = z.object({
  orgId: z.string(),
  orgName: z.string(),
  serviceCode: z.string(),
  unit: z.enum(HOME_SERVICE_UNITS),
  /** Per visit, or per hour for per_hour services. */
  priceFen: fen,
  validFrom: z.string(),
  /** Inclusive last day; null while open-ended. */
  validTo: z.string().nullable(),
});
export type HomeServicePrice = z.infer<typeof priceSchema>;
export const pricesResponse = z.array(priceSchema);

/** A dated price: from validFrom until the provider's next later price (or open-ended). */
export const setPriceBody = z.object({
  serviceCode: z.string().trim().min(1, { message: 'FIELD_REQUIRED' }).max(40),
  priceFen: z.number().int().min(1, { message: 'FIELD_RANGE' }).max(10_000_000, { message: 'FIELD_RANGE' }),
  validFrom: isoDate,
});

/** Which providers offer which service, at the price valid on `on` (default today). */
export const offersQuery = z.object({
  service: z.string().max(40).optional(),
  on: isoDate.optional(),
});

export const placeOrderBody = z.object({
  personId: uuid,
  orgId: uuid,
  serviceCode: z.string().trim().min(1, { message: 'FIELD_REQUIRED' }).max(40),
  channel: z.enum(ORDER_CHANNELS, { message: 'FIELD_ENUM' }),
  scheduledFor: z.iso.datetime({ offset: true, message: 'FIELD_FORMAT' }),
  /** Per-hour services: the expected duration, for the estimate and the hold (default 60). */
  estimatedMinutes: z.number().int().optional(),
  /** Default: the elder's registered address. */
  address: z.string().trim().max(200).optional(),
  note: z.string().trim().max(500).optional(),
});

/**
 * creditsFen: how much 重阳分 to use. Left out, as much as the balance allows; 0 for none; a
 * positive amount for exactly that (refused beyond the balance, the hold or the order's amount).
 */
export const acceptBody = z.object({ version, creditsFen: fen.min(0).optional() });
export const versionBody = z.object({ version });
/** Left out, the duration is the time between check-in and check-out. */
export const checkOutBody = z.object({ version, durationMinutes: z.number().int().optional() });
export const confirmBody = z.object({ version, creditsFen: fen.min(0).optional() });
export const cancelBody = z.object({
  version,
  reason: z.string({ message: 'FIELD_REQUIRED' }).trim().min(1, { message: 'FIELD_REQUIRED' }).max(500),
});
export const rateBody = z.object({ version, rating: z.number({ message: 'ORDER_RATING_INVALID' }).int() });

export const orderSchema = z.object({
  id: z.string(),
  orderNo: z.string(),
  personId: z.string(),
  personName: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  serviceCode: z.string(),
  unit: z.enum(HOME_SERVICE_UNITS),
  channel: z.enum(ORDER_CHANNELS),
  status: z.enum(ORDER_STATUSES),
  scheduledFor: z.string().nullable(),
  address: z.string().nullable(),
  note: z.string().nullable(),
  unitPriceFen: fen,
  /** Visits, or billed minutes for per-hour services (estimated until check-out). */
  quantity: z.number().int(),
  /** The estimate until check-out, then the final amount. */
  amountFen: fen,
  /** 重阳分 held (before confirmation) or captured (after); the rest is the co-payment. */
  creditsFen: fen,
  copayFen: fen,
  acceptedAt: z.string().nullable(),
  checkInAt: z.string().nullable(),
  checkOutAt: z.string().nullable(),
  durationMinutes: z.number().int().nullable(),
  confirmedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** Paid 重阳分 returned to the elder when a confirmed order was cancelled. */
  refundedFen: fen,
  rating: z.number().int().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type HomeServiceOrder = z.infer<typeof orderSchema>;

export const orderEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  fromStatus: z.enum(ORDER_STATUSES).nullable(),
  toStatus: z.enum(ORDER_STATUSES),
  actorName: z.string(),
  note: z.string().nullable(),
});
export const orderDetailSchema = orderSchema.extend({
  events: z.array(orderEventSchema),
  /** The order's movements in the ledger: hold, capture or release, refund. */
  transfers: z.array(transferSchema),
});
export type HomeServiceOrderDetail = z.infer<typeof orderDetailSchema>;

export const listOrdersQuery = pageQuery.extend({
  status: z.enum(ORDER_STATUSES).optional(),
  service: z.string().max(40).optional(),
  orgId: uuid.optional(),
  personId: uuid.optional(),
  area: areaFilter,
  /** Scheduled between these calendar days (Asia/Shanghai), both included. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** An order number or its beginning. */
  q: z.string().trim().max(40).optional(),
});
export const ordersPage = paged(orderSchema);
