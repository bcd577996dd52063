CREATE TABLE "area_names" (
	"code" char(12) NOT NULL,
	"name" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	CONSTRAINT "area_names_code_valid_from_pk" PRIMARY KEY("code","valid_from")
);
--> statement-breakpoint
CREATE TABLE "areas" (
	"code" char(12) PRIMARY KEY NOT NULL,
	"parent_code" char(12),
	"level" text NOT NULL,
	"name" text NOT NULL,
	"former_jianggan" boolean DEFAULT false NOT NULL,
	"opened_on" date NOT NULL,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"area_code" char(12) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grants_user_id_role_area_code_pk" PRIMARY KEY("user_id","role","area_code")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"status" text NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"bad_rows" integer DEFAULT 0 NOT NULL,
	"duplicate_rows" integer DEFAULT 0 NOT NULL,
	"inserted_rows" integer DEFAULT 0 NOT NULL,
	"updated_rows" integer DEFAULT 0 NOT NULL,
	"skipped_rows" integer DEFAULT 0 NOT NULL,
	"report" jsonb,
	"error" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"credit_code" char(18) NOT NULL,
	"area_code" char(12) NOT NULL,
	"address" text,
	"contact_name" text,
	"contact_phone" text,
	"closed_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY NOT NULL,
	"area_code" char(12) NOT NULL,
	"address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_facts" (
	"person_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" jsonb NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"source" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by" text,
	CONSTRAINT "person_facts_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"id_hash" text NOT NULL,
	"id_enc" text NOT NULL,
	"id_masked" text NOT NULL,
	"id_tail" char(4) NOT NULL,
	"birth_date" date NOT NULL,
	"sex" char(1) NOT NULL,
	"phone_hash" text,
	"phone_enc" text,
	"phone_masked" text,
	"phone_tail" char(4),
	"hukou_local" boolean NOT NULL,
	"area_code" char(12) NOT NULL,
	"street_code" char(9) NOT NULL,
	"address" text,
	"household_id" uuid,
	"relation" text,
	"deceased_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_points" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"area_code" char(12) NOT NULL,
	"address" text NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"opening_hours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"org_id" uuid,
	"closed_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"area_code" char(12),
	"before" jsonb,
	"after" jsonb,
	"reason" text
);
--> statement-breakpoint
CREATE INDEX "areas_parent_idx" ON "areas" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_credit_code_uq" ON "organisations" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "organisations_area_idx" ON "organisations" USING btree ("area_code" bpchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "person_facts_kind_idx" ON "person_facts" USING btree ("kind","person_id");--> statement-breakpoint
CREATE INDEX "person_facts_kind_value_idx" ON "person_facts" USING btree ("kind",("value"->>'grade'),("value"->>'status')) WHERE "person_facts"."valid_to" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "persons_id_hash_uq" ON "persons" USING btree ("id_hash");--> statement-breakpoint
CREATE INDEX "persons_street_name_idx" ON "persons" USING btree ("street_code","name" collate "C","id");--> statement-breakpoint
CREATE INDEX "persons_area_name_idx" ON "persons" USING btree ("area_code","name" collate "C","id");--> statement-breakpoint
CREATE INDEX "persons_name_idx" ON "persons" USING btree ("name" collate "C","id");--> statement-breakpoint
CREATE INDEX "persons_id_tail_idx" ON "persons" USING btree ("id_tail");--> statement-breakpoint
CREATE INDEX "persons_phone_tail_idx" ON "persons" USING btree ("phone_tail");--> statement-breakpoint
CREATE INDEX "persons_household_idx" ON "persons" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "persons_phone_hash_idx" ON "persons" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "persons_birth_idx" ON "persons" USING btree ("street_code","birth_date");--> statement-breakpoint
CREATE INDEX "service_points_area_idx" ON "service_points" USING btree ("area_code" bpchar_pattern_ops,"type");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_log" USING btree ("actor_name","at");