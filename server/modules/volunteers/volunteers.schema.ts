import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * A registered volunteer: always a person of the registry (ADR 0013). The columns after
 * `status` are kept up to date by the services that change them, so that ranking candidates for
 * a need reads one row per volunteer and nothing else.
 */
export const volunteers = pgTable(
  'volunteers',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').notNull(),
    /** 志愿者编号, e.g. V3301020000123: unique, never reused. */
    volunteerNo: text('volunteer_no').notNull(),
    /** The community the volunteer serves from (their residence by default). */
    areaCode: char('area_code', { length: 12 }).notNull(),
    /** The volunteer's own login, when they have one. */
    userId: uuid('user_id'),
    /** Skill codes (contracts VOLUNTEER_SKILLS). */
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    /** Certificates held: [{ skill, name, number?, validTo? }]. */
    certificates: jsonb('certificates').notNull().default(sql`'[]'::jsonb`),
    /** Weekly availability: bit (day * 3 + part), day 0 = Monday, part 0 morning, 1 afternoon, 2 evening. */
    availability: integer('availability').notNull().default(0),
    partyMember: boolean('party_member').notNull().default(false),
    /** Where the volunteer starts from, for distances (the community's centre unless given). */
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** active | suspended | left */
    status: text('status').notNull().default('active'),
    statusReason: text('status_reason'),
    /** Confirmed service minutes, all time. */
    totalMinutes: integer('total_minutes').notNull().default(0),
    /** Ratings received through confirmed needs: sum of stars and count. */
    ratingSum: integer('rating_sum').notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
    /** Claims and sign-ups not yet done (the load that matching spreads). */
    openCommitments: integer('open_commitments').notNull().default(0),
    lastServedAt: timestamp('last_served_at', { withTimezone: true }),
    registeredBy: uuid('registered_by'),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('volunteers_person_uq').on(t.personId),
    uniqueIndex('volunteers_no_uq').on(t.volunteerNo),
    uniqueIndex('volunteers_user_uq').on(t.userId),
    index('volunteers_area_idx').on(t.areaCode.op('bpchar_pattern_ops'), t.status),
    index('volunteers_skills_idx').using('gin', t.skills),
    // Ranking candidates for a need filters by a box around it (ADR 0017): point(lng, lat) <@ box.
    index('volunteers_location_idx').using('gist', sql`point(${t.lng}, ${t.lat})`),
    check('volunteers_status', sql`${t.status} IN ('active', 'suspended', 'left')`),
  ],
);

/** Teams at district, street or community level, owned by an organisation (S5). */
export const volunteerTeams = pgTable(
  'volunteer_teams',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    /** district | street | community: follows the level of area_code. */
    level: text('level').notNull(),
    areaCode: char('area_code', { length: 12 }).notNull(),
    orgId: uuid('org_id').notNull(),
    /** The team's volunteer home or V-station, if it has one. */
    servicePointId: uuid('service_point_id'),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    description: text('description'),
    /** active | closed */
    status: text('status').notNull().default('active'),
    memberCount: integer('member_count').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('volunteer_teams_area_idx').on(t.areaCode.op('bpchar_pattern_ops'), t.status),
    index('volunteer_teams_org_idx').on(t.orgId),
  ],
);

export const volunteerTeamMembers = pgTable(
  'volunteer_team_members',
  {
    teamId: uuid('team_id').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    /** leader | member */
    role: text('role').notNull().default('member'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.volunteerId] }),
    index('volunteer_team_members_volunteer_idx').on(t.volunteerId),
  ],
);

/**
 * Point rules, dated like every setting (ADR 0014): the version valid on a record's day applies.
 * Coefficients are per mille (1000 = ×1.0).
 */
export const volunteerPointSettings = pgTable('volunteer_point_settings', {
  id: uuid('id').primaryKey(),
  validFrom: date('valid_from').notNull().unique(),
  pointsPerHour: integer('points_per_hour').notNull(),
  /** { [needCategory]: permille } — categories not listed count 1000. */
  categoryCoefficients: jsonb('category_coefficients').notNull().default(sql`'{}'::jsonb`),
  /** { "1": permille, "2": …, "3": … } by the activity's tier of difficulty and skill. */
  tierCoefficients: jsonb('tier_coefficients').notNull().default(sql`'{}'::jsonb`),
  /** At most this many minutes of one activity earn points (0 = no cap). */
  capMinutesPerActivity: integer('cap_minutes_per_activity').notNull(),
  /** 红色积分 per hour for party members (S3), in a separate account. */
  redPointsPerHour: integer('red_points_per_hour').notNull(),
  /** Points lapse this many months after they were earned (0 = never). */
  expiryMonths: integer('expiry_months').notNull(),
  /** Time-bank storage cap in minutes (Nanjing: 1,500 hours); above it, hours go to the donation pool. */
  timeBankCapMinutes: integer('time_bank_cap_minutes').notNull(),
  note: text('note'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
