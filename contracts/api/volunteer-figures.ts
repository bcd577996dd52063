import { z } from 'zod';
import { isoDate, langQuery } from './common.ts';

/**
 * Rankings and figures of volunteer service (issue 4 item 7, ADR 0018): for an area and a
 * period of Asia/Shanghai calendar dates, volunteers by confirmed hours, communities (and
 * streets) by needs posted and fulfilled, totals and the breakdown by need category.
 */

/** The longest period one request may cover. */
export const FIGURES_MAX_YEARS = 5;
/** Volunteers listed on the page by default, and at most. */
export const FIGURES_TOP_DEFAULT = 20;
export const FIGURES_TOP_MAX = 100;
/** Rows of the volunteers' sheet in the workbook at most (the rest are counted in the notes). */
export const FIGURES_EXPORT_MAX_ROWS = 10_000;

/** A 12-digit area code; one that is well-formed but unknown is AREA_UNKNOWN (checked by the service). */
const areaParam = z.string().regex(/^\d{12}$/, { message: 'FIELD_FORMAT' });

export const figuresQuery = z.object({
  /** A district, street or community code; by default the reader's own area. */
  area: areaParam.optional(),
  /** First and last day of the period, both included (default: this calendar year). */
  from: isoDate.optional(),
  to: isoDate.optional(),
  top: z.coerce
    .number({ message: 'FIELD_RANGE' })
    .int({ message: 'FIELD_RANGE' })
    .min(1, { message: 'FIELD_RANGE' })
    .max(FIGURES_TOP_MAX, { message: 'FIELD_RANGE' })
    .default(FIGURES_TOP_DEFAULT),
});
export type FiguresQuery = z.input<typeof figuresQuery>;

export const figuresExportQuery = z.object({
  area: areaParam.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  ...langQuery.shape,
});

export const myRankQuery = z.object({
  /** Calendar year (Asia/Shanghai); this year by default. */
  year: z.coerce
    .number({ message: 'FIGURES_YEAR_INVALID' })
    .int({ message: 'FIGURES_YEAR_INVALID' })
    .min(2000, { message: 'FIGURES_YEAR_INVALID' })
    .max(2100, { message: 'FIGURES_YEAR_INVALID' })
    .optional(),
});

const areaRef = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
});

export const volunteerRankRow = z.object({
  /** 1 + the number of volunteers with more hours (equal hours share a rank). */
  rank: z.number().int(),
  volunteerId: z.string(),
  volunteerNo: z.string(),
  /** null when the reader may not see volunteers' names in this area. */
  name: z.string().nullable(),
  /** The community the volunteer serves from. */
  areaCode: z.string(),
  areaName: z.string(),
  minutes: z.number().int(),
  /** minutes / 60, one decimal. */
  hours: z.number(),
  records: z.number().int(),
  peopleServed: z.number().int(),
});
export type VolunteerRankRow = z.infer<typeof volunteerRankRow>;

export const unitRow = z.object({
  /** Ranked by needs fulfilled, then needs posted; equal on both share a rank. */
  rank: z.number().int(),
  areaCode: z.string(),
  areaName: z.string(),
  level: z.string(),
  /** The street a community belongs to (null for a street). */
  streetName: z.string().nullable(),
  /** Needs published in the period (the cohort every need figure below is about). */
  needsPosted: z.number().int(),
  /** Of those, confirmed or rated by the community. */
  needsFulfilled: z.number().int(),
  needsCancelled: z.number().int(),
  needsExpired: z.number().int(),
  /** Published, claimed, scheduled, in progress or done: no outcome yet. */
  needsOpen: z.number().int(),
  /** fulfilled / (fulfilled + expired) = fulfilled / (posted − cancelled − open); null without a denominator. */
  fulfilmentRate: z.number().nullable(),
  /** Needs of the cohort claimed at least once: the sample of the claim times. */
  needsClaimed: z.number().int(),
  /** Minutes from publication to the first claim: median and 90th percentile (null: none claimed). */
  claimMedianMinutes: z.number().nullable(),
  claimP90Minutes: z.number().nullable(),
  peopleServed: z.number().int(),
  /** Confirmed service minutes that took place in the area. */
  minutes: z.number().int(),
  hours: z.number(),
  records: z.number().int(),
});
export type UnitRow = z.infer<typeof unitRow>;

export const categoryRow = z.object({
  category: z.string(),
  needsPosted: z.number().int(),
  needsFulfilled: z.number().int(),
  fulfilmentRate: z.number().nullable(),
  minutes: z.number().int(),
  hours: z.number(),
  records: z.number().int(),
});
export type CategoryRow = z.infer<typeof categoryRow>;

export const figuresTotals = unitRow
  .omit({ rank: true, areaCode: true, areaName: true, level: true, streetName: true })
  .extend({
    /** Volunteers of the area registered by the end of the period, not since left. */
    registeredVolunteers: z.number().int(),
    /** Volunteers of the area with at least one confirmed record in the period. */
    activeVolunteers: z.number().int(),
    /** Active teams of the area created by the end of the period. */
    teams: z.number().int(),
    /** Activities in the area, not cancelled, that started in the period and before now. */
    activitiesHeld: z.number().int(),
  });
export type FiguresTotals = z.infer<typeof figuresTotals>;

export const figuresResponse = z.object({
  area: areaRef,
  from: z.string(),
  to: z.string(),
  /** Whether the reader sees volunteers' names (volunteer.read in the area). */
  names: z.boolean(),
  totals: figuresTotals,
  volunteers: z.array(volunteerRankRow),
  /** The reader's own place, when they are a volunteer of the area with hours in the period. */
  me: volunteerRankRow.nullable(),
  /** Communities and villages of the area (and any street that posts needs itself). */
  communities: z.array(unitRow),
  /** The streets, when the area is the district; otherwise empty. */
  streets: z.array(unitRow),
  /** The need categories in catalogue order, then any other category met in the data. */
  categories: z.array(categoryRow),
});
export type FiguresResponse = z.infer<typeof figuresResponse>;

const placeRank = z.object({
  areaCode: z.string(),
  name: z.string(),
  /** null when the volunteer has no confirmed hours in the year. */
  rank: z.number().int().nullable(),
  /** Volunteers of that area with confirmed hours in the year. */
  of: z.number().int(),
});

export const myRankResponse = z.object({
  year: z.number().int(),
  volunteerId: z.string(),
  volunteerNo: z.string(),
  minutes: z.number().int(),
  hours: z.number(),
  street: placeRank,
  district: placeRank,
});
export type MyRankResponse = z.infer<typeof myRankResponse>;
