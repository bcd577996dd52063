import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * A community's need (S1, S29, S57): draft → published → claimed (headcount filled) →
 * scheduled → in_progress → done → confirmed → rated; or cancelled / expired with a reason
 * (ADR 0013). Partial claims keep it `published` with claimed_seats < headcount.
 */
export const needs = pgTable(
  'needs',
  {
    id: uuid('id').primaryKey(),
    /** 需求编号, e.g. XQ202611220001 */
    needNo: text('need_no').notNull(),
    /** The community (or street) that posts and confirms the need. */
    areaCode: char('area_code', { length: 12 }).notNull(),
    /** contracts NEED_CATEGORIES */
    category: text('category').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    /** The registered resident the need is for (an elder, a disabled person, a household in difficulty). */
    beneficiaryPersonId: uuid('beneficiary_person_id'),
    servicePointId: uuid('service_point_id'),
    place: text('place').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    headcount: integer('headcount').notNull(),
    /** Seats taken by active claims; never above headcount (checked under a row lock). */
    claimedSeats: integer('claimed_seats').notNull().default(0),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    /** draft | published | claimed | scheduled | in_progress | done | confirmed | rated | cancelled | expired */
    status: text('status').notNull(),
    statusReason: text('status_reason'),
    /** The activity created when the need is scheduled: check-in, hours and records run there. */
    activityId: uuid('activity_id'),
    peopleServed: integer('people_served'),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    createdBy: uuid('created_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    firstClaimedAt: timestamp('first_claimed_at', { withTimezone: true }),
    filledAt: timestamp('filled_at', { withTimezone: true }),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('needs_no_uq').on(t.needNo),
    index('needs_area_idx').on(t.areaCode.op('bpchar_pattern_ops'), t.status, t.startsAt),
    index('needs_status_idx').on(t.status, t.startsAt),
    index('needs_beneficiary_idx').on(t.beneficiaryPersonId),
    check(
      'needs_headcount',
      sql`${t.headcount} > 0 AND ${t.claimedSeats} >= 0 AND ${t.claimedSeats} <= ${t.headcount}`,
    ),
    check('needs_window', sql`${t.endsAt} > ${t.startsAt}`),
    check('needs_rating', sql`${t.rating} IS NULL OR ${t.rating} BETWEEN 1 AND 5`),
  ],
);

/** A claim on seats of a need by an organisation, a team or one volunteer. */
export const needClaims = pgTable(
  'need_claims',
  {
    id: uuid('id').primaryKey(),
    needId: uuid('need_id').notNull(),
    /** org | team | volunteer */
    claimantType: text('claimant_type').notNull(),
    claimantId: uuid('claimant_id').notNull(),
    seats: integer('seats').notNull(),
    /** active | withdrawn */
    status: text('status').notNull().default('active'),
    /** The volunteers the claimant names for its seats (org and team claims fill them when scheduling). */
    volunteerIds: uuid('volunteer_ids').array().notNull().default(sql`'{}'::uuid[]`),
    invitationId: uuid('invitation_id'),
    claimedBy: uuid('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    note: text('note'),
  },
  (t) => [
    index('need_claims_need_idx').on(t.needId),
    index('need_claims_claimant_idx').on(t.claimantType, t.claimantId),
    uniqueIndex('need_claims_active_uq')
      .on(t.needId, t.claimantType, t.claimantId)
      .where(sql`${t.status} = 'active'`),
    check('need_claims_seats', sql`${t.seats} > 0`),
  ],
);

/** A one-click invitation from the ranked candidates or an accepted proposal. */
export const needInvitations = pgTable(
  'need_invitations',
  {
    id: uuid('id').primaryKey(),
    needId: uuid('need_id').notNull(),
    /** org | team | volunteer */
    inviteeType: text('invitee_type').notNull(),
    inviteeId: uuid('invitee_id').notNull(),
    /** pending | accepted | declined | expired | withdrawn */
    status: text('status').notNull().default('pending'),
    /** The reasons the candidate was ranked (shown to the invitee). */
    reasons: jsonb('reasons').notNull().default(sql`'[]'::jsonb`),
    proposalId: uuid('proposal_id'),
    invitedBy: uuid('invited_by'),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
  },
  (t) => [
    index('need_invitations_need_idx').on(t.needId),
    index('need_invitations_invitee_idx').on(t.inviteeType, t.inviteeId, t.status),
    uniqueIndex('need_invitations_pending_uq')
      .on(t.needId, t.inviteeType, t.inviteeId)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/** Each state change of a need, for its timeline. */
export const needEvents = pgTable(
  'need_events',
  {
    id: uuid('id').primaryKey(),
    needId: uuid('need_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    note: text('note'),
  },
  (t) => [index('need_events_need_idx').on(t.needId, t.at)],
);

/** A district- or area-wide assignment proposal (matching), reviewed and accepted by a worker. */
export const matchProposals = pgTable(
  'match_proposals',
  {
    id: uuid('id').primaryKey(),
    areaCode: char('area_code', { length: 12 }).notNull(),
    /** proposed | accepted | discarded */
    status: text('status').notNull(),
    needCount: integer('need_count').notNull(),
    seatCount: integer('seat_count').notNull(),
    assignedSeats: integer('assigned_seats').notNull(),
    /** Total cost of the proposal and the solver's proven lower bound (equal when optimal). */
    cost: bigint('cost', { mode: 'number' }).notNull(),
    lowerBound: bigint('lower_bound', { mode: 'number' }).notNull(),
    solveMs: integer('solve_ms').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [index('match_proposals_area_idx').on(t.areaCode.op('bpchar_pattern_ops'), t.createdAt)],
);

export const matchProposalItems = pgTable(
  'match_proposal_items',
  {
    proposalId: uuid('proposal_id').notNull(),
    needId: uuid('need_id').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    cost: integer('cost').notNull(),
    reasons: jsonb('reasons').notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [
    uniqueIndex('match_proposal_items_uq').on(t.proposalId, t.needId, t.volunteerId),
    index('match_proposal_items_volunteer_idx').on(t.proposalId, t.volunteerId),
  ],
);
