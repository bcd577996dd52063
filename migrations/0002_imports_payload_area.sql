ALTER TABLE "imports" ADD COLUMN "area_code" char(12);--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "payload_enc" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "on_duplicate" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "imports_area_created_idx" ON "imports" USING btree ("area_code","created_at");--> statement-breakpoint
CREATE INDEX "imports_created_by_idx" ON "imports" USING btree ("created_by","created_at");