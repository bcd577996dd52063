import { z } from 'zod';

/** A calendar date, YYYY-MM-DD, that exists. */
export const isoDate = z
  .string({ message: 'DATE_INVALID' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'DATE_INVALID' })
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    },
    { message: 'DATE_INVALID' },
  );

export const areaCode = z.string().regex(/^\d{12}$/, { message: 'AREA_UNKNOWN' });
export const uuid = z.string().uuid({ message: 'FIELD_FORMAT' });

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const paged = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    /** true when total was capped (more rows than were counted). */
    totalIsLowerBound: z.boolean(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

export const okResponse = z.object({ ok: z.literal(true) });
export const reasonBody = z.object({ reason: z.string().trim().min(1).max(500).optional() });
