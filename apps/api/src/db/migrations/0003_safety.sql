CREATE TABLE "safety_policies" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"blocked_terms" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"allow_pii" boolean DEFAULT false NOT NULL,
	"toxicity_threshold" numeric(4, 3) DEFAULT 0.7 NOT NULL,
	"prompt_guards" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"escalation_keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"allowed_topics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"blocked_topics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"refusal_message" text,
	"escalation_webhook_url" text,
	"webhook_secret" text,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"event" text NOT NULL,
	"url" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"delivered_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "safety_policies" ADD CONSTRAINT "safety_policies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_tenant_idx" ON "webhook_deliveries" USING btree ("tenant_id","created_at");