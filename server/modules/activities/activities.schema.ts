import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  check,
  date,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * A volunteer activity (ADR 0013): the service of a scheduled need, a session of the monthly
 * civilization market with booths in the 8 categories, holiday posts at a station, or a project.
 * The organiser is the organisation that records and certifies the hours (谁记录谁证明).
 */
export const activities = pgTable(
  'activities',
  {
    id: uuid('id').primaryKey(),
    /** 活动编号, e.g. HD202611220001 */
    activityNo: text('activity_no').notNull(),
    /** need | market | post | project */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    /** contracts NEED_CATEGORIES: the activity's main category (a market's booths have their own). */
    category: text('category').notNull(),
    /** 1–3: difficulty, professional skill and risk (point coefficients by tier). */
    tier: smallint('tier').notNull().default(1),
    areaCode: char('area_code', { length: 12 }).notNull(),
    orgId: uuid('org_id').notNull(),
    teamId: uuid('team_id'),
    servicePointId: uuid('service_point_id'),
    needId: uuid('need_id'),
    place: text('place').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** open | closed | cancelled */
    status: text('status').notNull().default('open'),
    /** Secret of the rotating check-in code (HMAC); never leaves the server. */
    codeSecret: text('code_secret').notNull(),
    /** The volunteer who leads on site and shows the code (besides the organiser's staff). */
    leaderVolunteerId: uuid('leader_volunteer_id'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('activities_no_uq').on(t.activityNo),
    index('activities_area_idx').on(t.areaCode.op('bpchar_pattern_ops'), t.startsAt),
    index('activities_org_idx').on(t.orgId, t.startsAt),
    index('activities_need_idx').on(t.needId),
    check('activities_window', sql`${t.endsAt} > ${t.startsAt}`),
    check('activities_tier', sql`${t.tier} BETWEEN 1 AND 3`),
  ],
);

export const activityShifts = pgTable(
  'activity_shifts',
  {
    id: uuid('id').primaryKey(),
    activityId: uuid('activity_id').notNull(),
    label: text('label'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('activity_shifts_activity_idx').on(t.activityId, t.startsAt),
    check('activity_shifts_window', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** A post or booth (e.g. the market's 法律 booth); its capacity holds in each shift. */
export const activityPosts = pgTable(
  'activity_posts',
  {
    id: uuid('id').primaryKey(),
    activityId: uuid('activity_id').notNull(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    capacity: integer('capacity').notNull(),
  },
  (t) => [
    index('activity_posts_activity_idx').on(t.activityId),
    check('activity_posts_capacity', sql`${t.capacity} > 0`),
  ],
);

/** Seats taken per shift and post, locked and counted on sign-up so capacity always holds. */
export const activitySlots = pgTable(
  'activity_slots',
  {
    shiftId: uuid('shift_id').notNull(),
    postId: uuid('post_id').notNull(),
    capacity: integer('capacity').notNull(),
    filled: integer('filled').notNull().default(0),
  },
  (t) => [
    uniqueIndex('activity_slots_uq').on(t.shiftId, t.postId),
    check('activity_slots_capacity', sql`${t.filled} >= 0 AND ${t.filled} <= ${t.capacity}`),
  ],
);

/**
 * A volunteer's place in a shift: signed_up → checked_in → checked_out, or cancelled / no_show.
 * The code windows used at check-in and check-out are kept, so a replayed code is refused.
 */
export const activitySignups = pgTable(
  'activity_signups',
  {
    id: uuid('id').primaryKey(),
    activityId: uuid('activity_id').notNull(),
    shiftId: uuid('shift_id').notNull(),
    postId: uuid('post_id').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    /** signed_up | checked_in | checked_out | cancelled | no_show */
    status: text('status').notNull(),
    /** signup | need_claim | invitation | organiser */
    source: text('source').notNull(),
    signedUpAt: timestamp('signed_up_at', { withTimezone: true }).notNull(),
    checkInAt: timestamp('check_in_at', { withTimezone: true }),
    checkInWindow: bigint('check_in_window', { mode: 'number' }),
    checkOutAt: timestamp('check_out_at', { withTimezone: true }),
    checkOutWindow: bigint('check_out_window', { mode: 'number' }),
    /** Minutes between check-in and check-out, clipped to the shift. */
    minutes: integer('minutes'),
    recordId: uuid('record_id'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('activity_signups_activity_idx').on(t.activityId, t.shiftId),
    index('activity_signups_volunteer_idx').on(t.volunteerId, t.signedUpAt),
    uniqueIndex('activity_signups_active_uq')
      .on(t.shiftId, t.volunteerId)
      .where(sql`${t.status} <> 'cancelled'`),
  ],
);

/**
 * A service record with the fields of 民政部《志愿服务记录与证明出具办法》: who served, for whom
 * (the recorder), when, how long, what. Confirmed records are final; a correction is a new
 * record that points at the one it corrects (both stay, with audit rows).
 */
export const serviceRecords = pgTable(
  'service_records',
  {
    id: uuid('id').primaryKey(),
    volunteerId: uuid('volunteer_id').notNull(),
    /** attendance | self_report | correction */
    source: text('source').notNull(),
    activityId: uuid('activity_id'),
    signupId: uuid('signup_id'),
    needId: uuid('need_id'),
    /** The recording organisation (谁记录谁证明). */
    orgId: uuid('org_id').notNull(),
    /** Where the service took place (for area scope and the community's figures). */
    areaCode: char('area_code', { length: 12 }).notNull(),
    category: text('category').notNull(),
    tier: smallint('tier').notNull().default(1),
    content: text('content').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    minutes: integer('minutes').notNull(),
    peopleServed: integer('people_served').notNull().default(0),
    /** pending | confirmed | rejected | superseded */
    status: text('status').notNull(),
    correctsRecordId: uuid('corrects_record_id'),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewNote: text('review_note'),
    pointsTransferId: uuid('points_transfer_id'),
    redPointsTransferId: uuid('red_points_transfer_id'),
    timeBankTransferId: uuid('time_bank_transfer_id'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('service_records_volunteer_idx').on(t.volunteerId, t.startedAt),
    index('service_records_area_idx').on(t.areaCode.op('bpchar_pattern_ops'), t.startedAt),
    index('service_records_org_idx').on(t.orgId, t.status, t.createdAt),
    index('service_records_activity_idx').on(t.activityId),
    uniqueIndex('service_records_signup_uq')
      .on(t.signupId)
      .where(sql`${t.source} = 'attendance' AND ${t.status} <> 'superseded'`),
    check('service_records_minutes', sql`${t.minutes} > 0 AND ${t.endedAt} > ${t.startedAt}`),
  ],
);

/** 志愿服务证明: issued by the recording organisation over confirmed records only. */
export const volunteerCertificates = pgTable(
  'volunteer_certificates',
  {
    id: uuid('id').primaryKey(),
    /** e.g. ZM330102202600001: printed on the PDF and verified on the public page. */
    certNo: text('cert_no').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    issuerOrgId: uuid('issuer_org_id').notNull(),
    issuerName: text('issuer_name').notNull(),
    personInCharge: text('person_in_charge').notNull(),
    handler: text('handler').notNull(),
    contact: text('contact').notNull(),
    periodFrom: date('period_from').notNull(),
    periodTo: date('period_to').notNull(),
    totalMinutes: integer('total_minutes').notNull(),
    recordCount: integer('record_count').notNull(),
    recordIds: uuid('record_ids').array().notNull(),
    content: text('content').notNull(),
    issuedBy: uuid('issued_by'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    uniqueIndex('volunteer_certificates_no_uq').on(t.certNo),
    index('volunteer_certificates_volunteer_idx').on(t.volunteerId, t.issuedAt),
  ],
);
