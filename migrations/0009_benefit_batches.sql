CREATE TABLE "benefit_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"programme_code" text NOT NULL,
	"month" date NOT NULL,
	"status" text NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"credited" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"report" jsonb,
	"started_by" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "benefit_batches_month_idx" ON "benefit_batches" USING btree ("programme_code","month");