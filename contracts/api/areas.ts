import { z } from 'zod';
import { AREA_LEVELS } from '../domain.ts';
import { areaCode, isoDate } from './common.ts';

export const areaSchema = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  level: z.enum(AREA_LEVELS),
  name: z.string(),
  formerJianggan: z.boolean(),
  openedOn: z.string(),
  closedOn: z.string().nullable(),
});
export type Area = z.infer<typeof areaSchema>;

export const areaTreeNode: z.ZodType<Area & { children: unknown[] }> = areaSchema.extend({
  children: z.lazy(() => z.array(areaTreeNode)),
}) as never;

export const areaNameHistorySchema = z.object({
  name: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

export const createAreaBody = z.object({
  parentCode: areaCode,
  name: z.string().trim().min(1).max(40),
  level: z.enum(['street', 'community', 'village']),
  openedOn: isoDate.optional(),
});
export const renameAreaBody = z.object({
  name: z.string().trim().min(1).max(40),
  validFrom: isoDate.optional(),
});
export const closeAreaBody = z.object({
  closedOn: isoDate.optional(),
  reason: z.string().trim().min(1).max(500),
});
