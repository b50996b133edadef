ALTER TABLE "prompt_jobs" ADD COLUMN "lease_token" text;--> statement-breakpoint
ALTER TABLE "prompt_jobs" ADD COLUMN "heartbeat_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "reconcile_jobs" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reconcile_jobs" ADD COLUMN "lease_token" text;--> statement-breakpoint
ALTER TABLE "reconcile_jobs" ADD COLUMN "heartbeat_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "usage_period_start" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "usage_prompts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "usage_tokens" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "prompt_jobs_running_idx" ON "prompt_jobs" USING btree ("status","heartbeat_at");--> statement-breakpoint
CREATE INDEX "reconcile_jobs_running_idx" ON "reconcile_jobs" USING btree ("status","heartbeat_at");--> statement-breakpoint
UPDATE "tenants" t SET
  "usage_period_start" = date_trunc('month', now() at time zone 'utc') at time zone 'utc',
  "usage_prompts" = (SELECT count(*) FROM "prompt_turns" p WHERE p."tenant_id" = t."id" AND p."created_at" >= date_trunc('month', now() at time zone 'utc') at time zone 'utc'),
  "usage_tokens" = (SELECT coalesce(sum(p."tokens_in" + p."tokens_out"), 0) FROM "prompt_turns" p WHERE p."tenant_id" = t."id" AND p."created_at" >= date_trunc('month', now() at time zone 'utc') at time zone 'utc');
