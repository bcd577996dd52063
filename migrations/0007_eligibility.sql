CREATE TABLE "programme_enrolments" (
	"person_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"programme_code" text NOT NULL,
	"area_code" char(12) NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"amount" bigint DEFAULT 0 NOT NULL,
	"source" text NOT NULL,
	"end_reason" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_enrolments_person_id_id_pk" PRIMARY KEY("person_id","id"),
	CONSTRAINT "programme_enrolments_validity" CHECK ("programme_enrolments"."valid_to" IS NULL OR "programme_enrolments"."valid_to" >= "programme_enrolments"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "programme_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"programme_code" text NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"rule_text" text NOT NULL,
	"note" text,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone,
	CONSTRAINT "programme_versions_validity" CHECK ("programme_versions"."valid_to" IS NULL OR "programme_versions"."valid_to" >= "programme_versions"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "programmes" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" text NOT NULL,
	"approver" text NOT NULL,
	"description_zh" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rule_param_values" (
	"param_code" text NOT NULL,
	"valid_from" date NOT NULL,
	"value" bigint NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rule_param_values_param_code_valid_from_pk" PRIMARY KEY("param_code","valid_from")
);
--> statement-breakpoint
CREATE TABLE "rule_params" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"unit" text NOT NULL,
	"source" text
);
--> statement-breakpoint
CREATE TABLE "screening_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL,
	"programmes" text[] NOT NULL,
	"area_code" char(12) NOT NULL,
	"status" text NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"started_by" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "worklist_items" (
	"person_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"programme_code" text NOT NULL,
	"kind" text NOT NULL,
	"area_code" char(12) NOT NULL,
	"status" text NOT NULL,
	"tier" text,
	"due_on" date,
	"version_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"decision" integer NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"explanation" jsonb NOT NULL,
	"run_id" uuid,
	"result" text,
	"note" text,
	"assigned_to" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "worklist_items_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE INDEX "programme_enrolments_programme_idx" ON "programme_enrolments" USING btree ("programme_code","valid_from");--> statement-breakpoint
CREATE INDEX "programme_enrolments_area_idx" ON "programme_enrolments" USING btree ("area_code" bpchar_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "programme_versions_no_uq" ON "programme_versions" USING btree ("programme_code","version");--> statement-breakpoint
CREATE INDEX "programme_versions_status_idx" ON "programme_versions" USING btree ("programme_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "worklist_items_open_uq" ON "worklist_items" USING btree ("person_id","programme_code","kind") WHERE "worklist_items"."status" in ('open', 'in_progress');--> statement-breakpoint
CREATE INDEX "worklist_items_area_idx" ON "worklist_items" USING btree ("area_code" bpchar_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "worklist_items_programme_idx" ON "worklist_items" USING btree ("programme_code","kind","status");