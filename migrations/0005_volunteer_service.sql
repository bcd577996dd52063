CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activity_no" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"category" text NOT NULL,
	"tier" smallint DEFAULT 1 NOT NULL,
	"area_code" char(12) NOT NULL,
	"org_id" uuid NOT NULL,
	"team_id" uuid,
	"service_point_id" uuid,
	"need_id" uuid,
	"place" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"code_secret" text NOT NULL,
	"leader_volunteer_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "activities_window" CHECK ("activities"."ends_at" > "activities"."starts_at"),
	CONSTRAINT "activities_tier" CHECK ("activities"."tier" BETWEEN 1 AND 3)
);
--> statement-breakpoint
CREATE TABLE "activity_posts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activity_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"capacity" integer NOT NULL,
	CONSTRAINT "activity_posts_capacity" CHECK ("activity_posts"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "activity_shifts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activity_id" uuid NOT NULL,
	"label" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	CONSTRAINT "activity_shifts_window" CHECK ("activity_shifts"."ends_at" > "activity_shifts"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "activity_signups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activity_id" uuid NOT NULL,
	"shift_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"signed_up_at" timestamp with time zone NOT NULL,
	"check_in_at" timestamp with time zone,
	"check_in_window" bigint,
	"check_out_at" timestamp with time zone,
	"check_out_window" bigint,
	"minutes" integer,
	"record_id" uuid,
	"cancelled_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_slots" (
	"shift_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"capacity" integer NOT NULL,
	"filled" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "activity_slots_capacity" CHECK ("activity_slots"."filled" >= 0 AND "activity_slots"."filled" <= "activity_slots"."capacity")
);
--> statement-breakpoint
CREATE TABLE "service_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"source" text NOT NULL,
	"activity_id" uuid,
	"signup_id" uuid,
	"need_id" uuid,
	"org_id" uuid NOT NULL,
	"area_code" char(12) NOT NULL,
	"category" text NOT NULL,
	"tier" smallint DEFAULT 1 NOT NULL,
	"content" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"minutes" integer NOT NULL,
	"people_served" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"corrects_record_id" uuid,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"points_transfer_id" uuid,
	"red_points_transfer_id" uuid,
	"time_bank_transfer_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "service_records_minutes" CHECK ("service_records"."minutes" > 0 AND "service_records"."ended_at" > "service_records"."started_at")
);
--> statement-breakpoint
CREATE TABLE "volunteer_certificates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cert_no" text NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"issuer_org_id" uuid NOT NULL,
	"issuer_name" text NOT NULL,
	"person_in_charge" text NOT NULL,
	"handler" text NOT NULL,
	"contact" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"total_minutes" integer NOT NULL,
	"record_count" integer NOT NULL,
	"record_ids" uuid[] NOT NULL,
	"content" text NOT NULL,
	"issued_by" uuid,
	"issued_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoke_reason" text
);
--> statement-breakpoint
CREATE TABLE "match_proposal_items" (
	"proposal_id" uuid NOT NULL,
	"need_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"cost" integer NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "match_proposals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"area_code" char(12) NOT NULL,
	"status" text NOT NULL,
	"need_count" integer NOT NULL,
	"seat_count" integer NOT NULL,
	"assigned_seats" integer NOT NULL,
	"cost" bigint NOT NULL,
	"lower_bound" bigint NOT NULL,
	"solve_ms" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "need_claims" (
	"id" uuid PRIMARY KEY NOT NULL,
	"need_id" uuid NOT NULL,
	"claimant_type" text NOT NULL,
	"claimant_id" uuid NOT NULL,
	"seats" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"volunteer_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"invitation_id" uuid,
	"claimed_by" uuid,
	"claimed_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "need_claims_seats" CHECK ("need_claims"."seats" > 0)
);
--> statement-breakpoint
CREATE TABLE "need_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"need_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "need_invitations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"need_id" uuid NOT NULL,
	"invitee_type" text NOT NULL,
	"invitee_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"proposal_id" uuid,
	"invited_by" uuid,
	"invited_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "needs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"need_no" text NOT NULL,
	"area_code" char(12) NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"beneficiary_person_id" uuid,
	"service_point_id" uuid,
	"place" text NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"headcount" integer NOT NULL,
	"claimed_seats" integer DEFAULT 0 NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"activity_id" uuid,
	"people_served" integer,
	"rating" integer,
	"rating_comment" text,
	"created_by" uuid,
	"published_at" timestamp with time zone,
	"first_claimed_at" timestamp with time zone,
	"filled_at" timestamp with time zone,
	"scheduled_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"rated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "needs_headcount" CHECK ("needs"."headcount" > 0 AND "needs"."claimed_seats" >= 0 AND "needs"."claimed_seats" <= "needs"."headcount"),
	CONSTRAINT "needs_window" CHECK ("needs"."ends_at" > "needs"."starts_at"),
	CONSTRAINT "needs_rating" CHECK ("needs"."rating" IS NULL OR "needs"."rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text,
	"dedupe_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "volunteer_point_settings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"valid_from" date NOT NULL,
	"points_per_hour" integer NOT NULL,
	"category_coefficients" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tier_coefficients" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"cap_minutes_per_activity" integer NOT NULL,
	"red_points_per_hour" integer NOT NULL,
	"expiry_months" integer NOT NULL,
	"time_bank_cap_minutes" integer NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_point_settings_valid_from_unique" UNIQUE("valid_from")
);
--> statement-breakpoint
CREATE TABLE "volunteer_team_members" (
	"team_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	CONSTRAINT "volunteer_team_members_team_id_volunteer_id_pk" PRIMARY KEY("team_id","volunteer_id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_teams" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"area_code" char(12) NOT NULL,
	"org_id" uuid NOT NULL,
	"service_point_id" uuid,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"description" text,
	"status" text DEFAULT 'active' NOT NULL,
	"member_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"volunteer_no" text NOT NULL,
	"area_code" char(12) NOT NULL,
	"user_id" uuid,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"certificates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"availability" integer DEFAULT 0 NOT NULL,
	"party_member" boolean DEFAULT false NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"status" text DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"total_minutes" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_count" integer DEFAULT 0 NOT NULL,
	"open_commitments" integer DEFAULT 0 NOT NULL,
	"last_served_at" timestamp with time zone,
	"registered_by" uuid,
	"registered_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "volunteers_status" CHECK ("volunteers"."status" IN ('active', 'suspended', 'left'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "activities_no_uq" ON "activities" USING btree ("activity_no");--> statement-breakpoint
CREATE INDEX "activities_area_idx" ON "activities" USING btree ("area_code" bpchar_pattern_ops,"starts_at");--> statement-breakpoint
CREATE INDEX "activities_org_idx" ON "activities" USING btree ("org_id","starts_at");--> statement-breakpoint
CREATE INDEX "activities_need_idx" ON "activities" USING btree ("need_id");--> statement-breakpoint
CREATE INDEX "activity_posts_activity_idx" ON "activity_posts" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "activity_shifts_activity_idx" ON "activity_shifts" USING btree ("activity_id","starts_at");--> statement-breakpoint
CREATE INDEX "activity_signups_activity_idx" ON "activity_signups" USING btree ("activity_id","shift_id");--> statement-breakpoint
CREATE INDEX "activity_signups_volunteer_idx" ON "activity_signups" USING btree ("volunteer_id","signed_up_at");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_signups_active_uq" ON "activity_signups" USING btree ("shift_id","volunteer_id") WHERE "activity_signups"."status" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "activity_slots_uq" ON "activity_slots" USING btree ("shift_id","post_id");--> statement-breakpoint
CREATE INDEX "service_records_volunteer_idx" ON "service_records" USING btree ("volunteer_id","started_at");--> statement-breakpoint
CREATE INDEX "service_records_area_idx" ON "service_records" USING btree ("area_code" bpchar_pattern_ops,"started_at");--> statement-breakpoint
CREATE INDEX "service_records_org_idx" ON "service_records" USING btree ("org_id","status","created_at");--> statement-breakpoint
CREATE INDEX "service_records_activity_idx" ON "service_records" USING btree ("activity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_records_signup_uq" ON "service_records" USING btree ("signup_id") WHERE "service_records"."source" = 'attendance' AND "service_records"."status" <> 'superseded';--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_certificates_no_uq" ON "volunteer_certificates" USING btree ("cert_no");--> statement-breakpoint
CREATE INDEX "volunteer_certificates_volunteer_idx" ON "volunteer_certificates" USING btree ("volunteer_id","issued_at");--> statement-breakpoint
CREATE UNIQUE INDEX "match_proposal_items_uq" ON "match_proposal_items" USING btree ("proposal_id","need_id","volunteer_id");--> statement-breakpoint
CREATE INDEX "match_proposal_items_volunteer_idx" ON "match_proposal_items" USING btree ("proposal_id","volunteer_id");--> statement-breakpoint
CREATE INDEX "match_proposals_area_idx" ON "match_proposals" USING btree ("area_code" bpchar_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "need_claims_need_idx" ON "need_claims" USING btree ("need_id");--> statement-breakpoint
CREATE INDEX "need_claims_claimant_idx" ON "need_claims" USING btree ("claimant_type","claimant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "need_claims_active_uq" ON "need_claims" USING btree ("need_id","claimant_type","claimant_id") WHERE "need_claims"."status" = 'active';--> statement-breakpoint
CREATE INDEX "need_events_need_idx" ON "need_events" USING btree ("need_id","at");--> statement-breakpoint
CREATE INDEX "need_invitations_need_idx" ON "need_invitations" USING btree ("need_id");--> statement-breakpoint
CREATE INDEX "need_invitations_invitee_idx" ON "need_invitations" USING btree ("invitee_type","invitee_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "need_invitations_pending_uq" ON "need_invitations" USING btree ("need_id","invitee_type","invitee_id") WHERE "need_invitations"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "needs_no_uq" ON "needs" USING btree ("need_no");--> statement-breakpoint
CREATE INDEX "needs_area_idx" ON "needs" USING btree ("area_code" bpchar_pattern_ops,"status","starts_at");--> statement-breakpoint
CREATE INDEX "needs_status_idx" ON "needs" USING btree ("status","starts_at");--> statement-breakpoint
CREATE INDEX "needs_beneficiary_idx" ON "needs" USING btree ("beneficiary_person_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."read_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_uq" ON "notifications" USING btree ("user_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "volunteer_team_members_volunteer_idx" ON "volunteer_team_members" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_teams_area_idx" ON "volunteer_teams" USING btree ("area_code" bpchar_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "volunteer_teams_org_idx" ON "volunteer_teams" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_person_uq" ON "volunteers" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_no_uq" ON "volunteers" USING btree ("volunteer_no");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_user_uq" ON "volunteers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "volunteers_area_idx" ON "volunteers" USING btree ("area_code" bpchar_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "volunteers_skills_idx" ON "volunteers" USING gin ("skills");