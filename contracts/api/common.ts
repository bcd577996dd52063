import { z } from 'zod';

/** A name or text in both languages of the interface. */
export type Label = { 'zh-CN': string; en: string };

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
/** A moment with its offset (ISO 8601), e.g. 2026-06-15T09:00:00+08:00. */
export const instant = z.iso.datetime({ offset: true, message: 'FIELD_FORMAT' });
/** The version a change was made against (optimistic locking): a stale one is refused. */
export const version = z.number({ message: 'FIELD_REQUIRED' }).int();

/** A list's area filter: a district, street or community code, the area and all below it. */
export const areaFilter = z
  .string()
  .regex(/^\d{6,12}$/, { message: 'AREA_UNKNOWN' })
  .optional();
/** A list's calendar days (Asia/Shanghai), both included; what each list matches them on is its own. */
export const dayRange = { from: isoDate.optional(), to: isoDate.optional() };
/** The language of a file people read (a spreadsheet, a report); left out, the browser's. */
export const langQuery = z.object({ lang: z.enum(['zh-CN', 'en']).optional() });

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
