CREATE TABLE "org_members" (
	"user_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_members_user_id_org_id_pk" PRIMARY KEY("user_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" text NOT NULL,
	"unit" text NOT NULL,
	"kind" text NOT NULL,
	"area_code" char(12) NOT NULL,
	"allow_negative" boolean DEFAULT false NOT NULL,
	"debits_posted" bigint DEFAULT 0 NOT NULL,
	"credits_posted" bigint DEFAULT 0 NOT NULL,
	"debits_pending" bigint DEFAULT 0 NOT NULL,
	"credits_pending" bigint DEFAULT 0 NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_limit" CHECK ("ledger_accounts"."allow_negative" OR "ledger_accounts"."credits_posted" - "ledger_accounts"."debits_posted" - "ledger_accounts"."debits_pending" >= 0),
	CONSTRAINT "ledger_accounts_nonneg_sums" CHECK ("ledger_accounts"."debits_posted" >= 0 AND "ledger_accounts"."credits_posted" >= 0 AND "ledger_accounts"."debits_pending" >= 0 AND "ledger_accounts"."credits_pending" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_transfers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"debit_account_id" uuid NOT NULL,
	"credit_account_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"unit" text NOT NULL,
	"flag" text NOT NULL,
	"code" text NOT NULL,
	"pending_id" uuid,
	"reversal_of" uuid,
	"expires_at" timestamp with time zone,
	"ref_type" text,
	"ref_id" text,
	"memo" text,
	"debit_seq" bigint NOT NULL,
	"credit_seq" bigint NOT NULL,
	"debit_balance" bigint NOT NULL,
	"credit_balance" bigint NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_transfers_amount_positive" CHECK ("ledger_transfers"."amount" > 0),
	CONSTRAINT "ledger_transfers_distinct_accounts" CHECK ("ledger_transfers"."debit_account_id" <> "ledger_transfers"."credit_account_id"),
	CONSTRAINT "ledger_transfers_flag" CHECK ("ledger_transfers"."flag" IN ('posted','pending','post','void'))
);
--> statement-breakpoint
CREATE TABLE "care_credit_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
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
CREATE TABLE "care_credit_enrolments" (
	"person_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"area_code" char(12) NOT NULL,
	"from_month" date NOT NULL,
	"to_month" date,
	"reason" text,
	"end_reason" text,
	"enrolled_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_credit_enrolments_person_id_id_pk" PRIMARY KEY("person_id","id"),
	CONSTRAINT "care_credit_enrolments_months" CHECK ("care_credit_enrolments"."to_month" IS NULL OR "care_credit_enrolments"."to_month" >= "care_credit_enrolments"."from_month")
);
--> statement-breakpoint
CREATE TABLE "care_credit_settings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"valid_from" date NOT NULL,
	"monthly_amount" bigint NOT NULL,
	"expiry_months" integer NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_credit_settings_valid_from_unique" UNIQUE("valid_from")
);
--> statement-breakpoint
CREATE TABLE "elder_cards" (
	"card_no" text PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"area_code" char(12) NOT NULL,
	"issued_on" date NOT NULL,
	"revoked_on" date
);
--> statement-breakpoint
CREATE TABLE "home_service_catalogue" (
	"code" text PRIMARY KEY NOT NULL,
	"unit" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "home_service_order_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "home_service_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_no" text NOT NULL,
	"person_id" uuid NOT NULL,
	"area_code" char(12) NOT NULL,
	"org_id" uuid NOT NULL,
	"service_code" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"scheduled_for" timestamp with time zone,
	"address" text,
	"note" text,
	"unit_price_fen" bigint NOT NULL,
	"quantity" integer DEFAULT 1 NOT NULL,
	"amount_fen" bigint NOT NULL,
	"credits_fen" bigint DEFAULT 0 NOT NULL,
	"copay_fen" bigint DEFAULT 0 NOT NULL,
	"hold_transfer_id" uuid,
	"payment_transfer_id" uuid,
	"refund_transfer_id" uuid,
	"placed_by" uuid,
	"accepted_at" timestamp with time zone,
	"check_in_at" timestamp with time zone,
	"check_out_at" timestamp with time zone,
	"duration_minutes" integer,
	"confirmed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"rating" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "home_service_prices" (
	"org_id" uuid NOT NULL,
	"service_code" text NOT NULL,
	"valid_from" date NOT NULL,
	"price_fen" bigint NOT NULL,
	"valid_to" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "home_service_prices_org_id_service_code_valid_from_pk" PRIMARY KEY("org_id","service_code","valid_from"),
	CONSTRAINT "home_service_prices_positive" CHECK ("home_service_prices"."price_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "meal_menu_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"service_point_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sitting" text NOT NULL,
	"price_fen" bigint NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meal_menu_items_price" CHECK ("meal_menu_items"."price_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "meal_sales" (
	"id" uuid PRIMARY KEY NOT NULL,
	"till_id" uuid NOT NULL,
	"service_point_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"area_code" char(12) NOT NULL,
	"day" date NOT NULL,
	"sitting" text NOT NULL,
	"n" integer,
	"menu_item_id" uuid,
	"item_name" text NOT NULL,
	"price_fen" bigint NOT NULL,
	"subsidy_fen" bigint NOT NULL,
	"paid_fen" bigint NOT NULL,
	"rule_id" uuid,
	"age_on_day" integer NOT NULL,
	"category" text,
	"transfer_id" uuid,
	"voided_at" timestamp with time zone,
	"void_transfer_id" uuid,
	"void_reason" text,
	"sold_by" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meal_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"meals_per_sitting" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meal_subsidy_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"min_age" integer NOT NULL,
	"max_age" integer,
	"category" text,
	"pay_permille" integer NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meal_subsidy_rules_permille" CHECK ("meal_subsidy_rules"."pay_permille" BETWEEN 0 AND 1000),
	CONSTRAINT "meal_subsidy_rules_ages" CHECK ("meal_subsidy_rules"."max_age" IS NULL OR "meal_subsidy_rules"."max_age" >= "meal_subsidy_rules"."min_age")
);
--> statement-breakpoint
CREATE TABLE "meal_tills" (
	"id" uuid PRIMARY KEY NOT NULL,
	"service_point_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"area_code" char(12) NOT NULL,
	"day" date NOT NULL,
	"sitting" text NOT NULL,
	"opened_by" uuid,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "settlement_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"statement_id" uuid NOT NULL,
	"transfer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ref_type" text,
	"ref_id" text,
	"at" timestamp with time zone NOT NULL,
	"description" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"copay_fen" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlement_statements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"month" date NOT NULL,
	"status" text NOT NULL,
	"orders_count" integer DEFAULT 0 NOT NULL,
	"orders_credits_fen" bigint DEFAULT 0 NOT NULL,
	"orders_copay_fen" bigint DEFAULT 0 NOT NULL,
	"meals_count" integer DEFAULT 0 NOT NULL,
	"meals_subsidy_fen" bigint DEFAULT 0 NOT NULL,
	"meals_paid_fen" bigint DEFAULT 0 NOT NULL,
	"adjustments_fen" bigint DEFAULT 0 NOT NULL,
	"total_fen" bigint DEFAULT 0 NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"payout_transfer_id" uuid,
	"paid_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "org_members_org_idx" ON "org_members" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_owner_uq" ON "ledger_accounts" USING btree ("owner_type","owner_id","unit","kind");--> statement-breakpoint
CREATE INDEX "ledger_accounts_area_idx" ON "ledger_accounts" USING btree ("area_code" bpchar_pattern_ops,"kind");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transfers_key_uq" ON "ledger_transfers" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transfers_pending_uq" ON "ledger_transfers" USING btree ("pending_id") WHERE "ledger_transfers"."pending_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transfers_reversal_uq" ON "ledger_transfers" USING btree ("reversal_of") WHERE "ledger_transfers"."reversal_of" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transfers_debit_seq_uq" ON "ledger_transfers" USING btree ("debit_account_id","debit_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transfers_credit_seq_uq" ON "ledger_transfers" USING btree ("credit_account_id","credit_seq");--> statement-breakpoint
CREATE INDEX "ledger_transfers_ref_idx" ON "ledger_transfers" USING btree ("ref_type","ref_id");--> statement-breakpoint
CREATE INDEX "ledger_transfers_open_holds_idx" ON "ledger_transfers" USING btree ("expires_at") WHERE "ledger_transfers"."flag" = 'pending';--> statement-breakpoint
CREATE INDEX "care_credit_batches_month_idx" ON "care_credit_batches" USING btree ("kind","month");--> statement-breakpoint
CREATE INDEX "care_credit_enrolments_area_idx" ON "care_credit_enrolments" USING btree ("area_code" bpchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "care_credit_enrolments_month_idx" ON "care_credit_enrolments" USING btree ("from_month","to_month");--> statement-breakpoint
CREATE UNIQUE INDEX "elder_cards_person_active_uq" ON "elder_cards" USING btree ("person_id") WHERE "elder_cards"."revoked_on" IS NULL;--> statement-breakpoint
CREATE INDEX "home_service_order_events_order_idx" ON "home_service_order_events" USING btree ("order_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "home_service_orders_no_uq" ON "home_service_orders" USING btree ("order_no");--> statement-breakpoint
CREATE INDEX "home_service_orders_person_idx" ON "home_service_orders" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "home_service_orders_org_idx" ON "home_service_orders" USING btree ("org_id","status","created_at");--> statement-breakpoint
CREATE INDEX "home_service_orders_area_idx" ON "home_service_orders" USING btree ("area_code" bpchar_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "meal_menu_items_point_idx" ON "meal_menu_items" USING btree ("service_point_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meal_sales_sitting_uq" ON "meal_sales" USING btree ("person_id","day","sitting","n") WHERE "meal_sales"."voided_at" IS NULL AND "meal_sales"."n" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "meal_sales_till_idx" ON "meal_sales" USING btree ("till_id");--> statement-breakpoint
CREATE INDEX "meal_sales_org_day_idx" ON "meal_sales" USING btree ("org_id","day");--> statement-breakpoint
CREATE INDEX "meal_sales_person_idx" ON "meal_sales" USING btree ("person_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "meal_tills_open_uq" ON "meal_tills" USING btree ("service_point_id") WHERE "meal_tills"."closed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "meal_tills_point_day_idx" ON "meal_tills" USING btree ("service_point_id","day");--> statement-breakpoint
CREATE INDEX "settlement_lines_statement_idx" ON "settlement_lines" USING btree ("statement_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_lines_transfer_uq" ON "settlement_lines" USING btree ("transfer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_statements_org_month_uq" ON "settlement_statements" USING btree ("org_id","month");--> statement-breakpoint
CREATE INDEX "settlement_statements_month_idx" ON "settlement_statements" USING btree ("month","status");