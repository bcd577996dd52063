CREATE TABLE "applications" (
	"person_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"programme_code" text NOT NULL,
	"area_code" char(12) NOT NULL,
	"source" text NOT NULL,
	"worklist_item_id" uuid,
	"status" text NOT NULL,
	"rule_amount" bigint DEFAULT 0 NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"period" text,
	"approver_level" text NOT NULL,
	"explanation" jsonb NOT NULL,
	"note" text,
	"decision_note" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"enrolment_id" uuid,
	"transfer_id" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
ALTER TABLE "screening_runs" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "worklist_items" ADD COLUMN "level" text DEFAULT 'community' NOT NULL;--> statement-breakpoint
ALTER TABLE "worklist_items" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "worklist_items" ADD COLUMN "visited_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "applications_open_uq" ON "applications" USING btree ("person_id","programme_code") WHERE "applications"."status" = 'submitted';--> statement-breakpoint
CREATE INDEX "applications_area_idx" ON "applications" USING btree ("area_code" bpchar_pattern_ops,"status");