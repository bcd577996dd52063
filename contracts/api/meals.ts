import { z } from 'zod';
import { LOW_INCOME_STATUSES } from '../domain.ts';
import { isoDate, paged, pageQuery, uuid } from './common.ts';

/** A canteen's sittings (餐次): the per-sitting limit counts subsidised meals in one of these. */
export const MEAL_SITTINGS = ['breakfast', 'lunch', 'dinner'] as const;
export type MealSitting = (typeof MEAL_SITTINGS)[number];

/** Low-income categories a subsidy rule can be for (低保, 低边, 特困). */
export const MEAL_CATEGORIES = LOW_INCOME_STATUSES;
export type MealCategory = (typeof MEAL_CATEGORIES)[number];

// --- subsidy rules and settings (district) -----------------------------------------------------

export const mealRuleSchema = z.object({
  id: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  minAge: z.number().int(),
  /** Inclusive (以下 counts the number itself); null = no upper bound. */
  maxAge: z.number().int().nullable(),
  category: z.enum(MEAL_CATEGORIES).nullable(),
  /** What the elder pays, in per mille of the price: 800 = pays 80 %. */
  payPermille: z.number().int(),
  note: z.string().nullable(),
});
export type MealRule = z.infer<typeof mealRuleSchema>;
export const mealRulesResponse = z.object({ items: z.array(mealRuleSchema) });

/** Ranges are checked by the service so that a bad rule gets MEAL_RULE_INVALID with its reason. */
export const mealRuleBody = z.object({
  validFrom: isoDate,
  validTo: isoDate.nullable().optional(),
  minAge: z.number().int(),
  maxAge: z.number().int().nullable().optional(),
  category: z.enum(MEAL_CATEGORIES, { message: 'FIELD_ENUM' }).nullable().optional(),
  payPermille: z.number().int(),
  note: z.string().trim().max(200).optional(),
});
export type MealRuleBody = z.infer<typeof mealRuleBody>;
export const endMealRuleBody = z.object({ validTo: isoDate });

export const mealSettingsSchema = z.object({ mealsPerSitting: z.number().int() });
export const mealSettingsBody = z.object({ mealsPerSitting: z.number().int().min(1).max(10) });

// --- canteens and menus ------------------------------------------------------------------------

export const mealMenuItemSchema = z.object({
  id: z.string(),
  servicePointId: z.string(),
  name: z.string(),
  sitting: z.enum(MEAL_SITTINGS),
  priceFen: z.number().int(),
  active: z.boolean(),
});
export type MealMenuItem = z.infer<typeof mealMenuItemSchema>;
export const mealMenuResponse = z.object({ items: z.array(mealMenuItemSchema) });
export const mealMenuItemBody = z.object({
  name: z.string().trim().min(1, { message: 'FIELD_REQUIRED' }).max(40),
  sitting: z.enum(MEAL_SITTINGS, { message: 'FIELD_ENUM' }),
  /** Price in fen (¥12.00 = 1200). */
  priceFen: z.number().int().min(1).max(100_000),
});
export const updateMealMenuItemBody = mealMenuItemBody.partial().extend({ active: z.boolean().optional() });

export const tillTotalsSchema = z.object({
  /** Meals sold and not voided. */
  meals: z.number().int(),
  subsidised: z.number().int(),
  fullPrice: z.number().int(),
  voided: z.number().int(),
  priceFen: z.number().int(),
  subsidyFen: z.number().int(),
  paidFen: z.number().int(),
});
export type TillTotals = z.infer<typeof tillTotalsSchema>;

export const tillSchema = z.object({
  id: z.string(),
  servicePointId: z.string(),
  servicePointName: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  areaCode: z.string(),
  day: z.string(),
  sitting: z.enum(MEAL_SITTINGS),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  /** Open and for today: meals may be sold. */
  isOpen: z.boolean(),
  totals: tillTotalsSchema,
});
export type Till = z.infer<typeof tillSchema>;

export const mealCanteenSchema = z.object({
  id: z.string(),
  name: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  openTill: tillSchema.nullable(),
});
export const mealCanteensResponse = z.object({ items: z.array(mealCanteenSchema) });

export const openTillBody = z.object({ sitting: z.enum(MEAL_SITTINGS, { message: 'FIELD_ENUM' }) });

// --- the till: identify, preview, sell, void ---------------------------------------------------

/** The elder is identified by the card shown at the till or by the ID number: give one of them. */
export const identifyElderBody = z.object({
  cardNo: z.string().trim().min(1).max(32).optional(),
  idNumber: z.string().trim().min(1).max(32).optional(),
});
export const mealPreviewBody = identifyElderBody.extend({ menuItemId: uuid.optional() });
export const sellMealBody = identifyElderBody.extend({
  menuItemId: uuid,
  /** Sell without subsidy at the full price (under 60, or beyond the per-sitting limit). */
  fullPrice: z.boolean().optional(),
});
export type SellMealBody = z.infer<typeof sellMealBody>;

export const mealElderSchema = z.object({
  name: z.string(),
  idMasked: z.string(),
  age: z.number().int(),
  category: z.enum(MEAL_CATEGORIES).nullable(),
});

export const mealPreviewSchema = z.object({
  elder: mealElderSchema,
  /** A subsidy rule applies on the day (60+ by default). */
  eligible: z.boolean(),
  rule: mealRuleSchema.nullable(),
  item: mealMenuItemSchema.nullable(),
  priceFen: z.number().int().nullable(),
  paidFen: z.number().int().nullable(),
  subsidyFen: z.number().int().nullable(),
  /** Subsidised meals the elder has had in this sitting, at any canteen. */
  subsidisedThisSitting: z.number().int(),
  limit: z.number().int(),
  limitReached: z.boolean(),
});
export type MealPreview = z.infer<typeof mealPreviewSchema>;

export const mealSaleSchema = z.object({
  id: z.string(),
  tillId: z.string(),
  servicePointId: z.string(),
  orgId: z.string(),
  elderName: z.string(),
  ageOnDay: z.number().int(),
  category: z.enum(MEAL_CATEGORIES).nullable(),
  day: z.string(),
  sitting: z.enum(MEAL_SITTINGS),
  /** The elder's n-th subsidised meal in the sitting; null for a full-price sale. */
  n: z.number().int().nullable(),
  menuItemId: z.string().nullable(),
  itemName: z.string(),
  priceFen: z.number().int(),
  subsidyFen: z.number().int(),
  paidFen: z.number().int(),
  ruleId: z.string().nullable(),
  transferId: z.string().nullable(),
  voided: z.boolean(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
  voidTransferId: z.string().nullable(),
  at: z.string(),
});
export type MealSale = z.infer<typeof mealSaleSchema>;

export const tillDetailSchema = tillSchema.extend({ sales: z.array(mealSaleSchema) });
export const voidMealSaleBody = z.object({ reason: z.string().trim().min(1).max(200) });

// --- reads -------------------------------------------------------------------------------------

export const mealSalesQuery = pageQuery.extend({
  servicePointId: uuid.optional(),
  /** Defaults to today. */
  day: isoDate.optional(),
  includeVoided: z.stringbool().optional(),
});
export const mealSalesPage = paged(mealSaleSchema);

export const mealSummaryQuery = z.object({
  day: isoDate.optional(),
  area: z
    .string()
    .regex(/^\d{6,12}$/)
    .optional(),
});
export const mealSummaryRowSchema = tillTotalsSchema.extend({
  servicePointId: z.string(),
  servicePointName: z.string(),
  areaCode: z.string(),
  orgId: z.string(),
  orgName: z.string(),
});
export const mealSummarySchema = z.object({
  day: z.string(),
  items: z.array(mealSummaryRowSchema),
  totals: tillTotalsSchema,
});
