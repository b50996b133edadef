CREATE TABLE "run_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"run_id" uuid NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"parent_id" uuid,
	"state" text NOT NULL,
	"phase" text DEFAULT 'execute' NOT NULL,
	"payload" jsonb NOT NULL,
	"result" jsonb,
	"error" jsonb,
	"dead_letter" boolean DEFAULT false NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"lease_token" text,
	"heartbeat_at" timestamp (3) with time zone,
	"available_at" timestamp (3) with time zone,
	"dispatched" boolean DEFAULT false NOT NULL,
	"max_concurrency" integer,
	"concurrency_key" text,
	"children_total" integer DEFAULT 0 NOT NULL,
	"children_succeeded" integer DEFAULT 0 NOT NULL,
	"children_failed" integer DEFAULT 0 NOT NULL,
	"children_cancelled" integer DEFAULT 0 NOT NULL,
	"progress" jsonb,
	"queue" text DEFAULT 'pgboss' NOT NULL,
	"cost_usd" numeric(14, 6) DEFAULT '0' NOT NULL,
	"credits" numeric(14, 4) DEFAULT '0' NOT NULL,
	"api_key_id" uuid,
	"request_id" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "prompt_jobs_running_idx";--> statement-breakpoint
DROP INDEX "reconcile_jobs_running_idx";--> statement-breakpoint
ALTER TABLE "run_events" ADD CONSTRAINT "run_events_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_parent_id_runs_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_events_run_idx" ON "run_events" USING btree ("run_id","id");--> statement-breakpoint
CREATE INDEX "runs_tenant_idx" ON "runs" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "runs_parent_idx" ON "runs" USING btree ("parent_id","state");--> statement-breakpoint
CREATE INDEX "runs_state_idx" ON "runs" USING btree ("queue","state","heartbeat_at");--> statement-breakpoint
CREATE INDEX "runs_concurrency_idx" ON "runs" USING btree ("concurrency_key","state") WHERE "runs"."concurrency_key" is not null;--> statement-breakpoint
-- Async prompt jobs, reconcile jobs and pending webhook deliveries become runs of the run engine (their id is the run id). Unfinished
-- ones are queued and dispatched with an old updated_at, so the first sweep sends their queue messages.
INSERT INTO "runs" ("id", "tenant_id", "kind", "state", "phase", "payload", "result", "error", "dead_letter", "attempts",
  "max_attempts", "dispatched", "api_key_id", "created_at", "started_at", "finished_at", "updated_at")
SELECT j."id", j."tenant_id", 'prompt.async',
  CASE WHEN j."status" IN ('queued', 'running') THEN 'queued' ELSE j."status" END, 'execute',
  jsonb_build_object('personaId', j."persona_id", 'model', j."request"->>'model'), j."result",
  CASE WHEN j."status" = 'failed' THEN j."error" ELSE NULL END, j."status" = 'failed', j."attempts",
  greatest(4, j."attempts" + 1), j."status" IN ('queued', 'running'), j."api_key_id", j."created_at", j."started_at",
  j."finished_at", coalesce(j."finished_at", j."created_at")
FROM "prompt_jobs" j;--> statement-breakpoint
INSERT INTO "runs" ("id", "tenant_id", "kind", "state", "phase", "payload", "result", "error", "dead_letter", "attempts",
  "max_attempts", "dispatched", "api_key_id", "created_at", "finished_at", "updated_at")
SELECT j."id", j."tenant_id", 'consistency.reconcile',
  CASE WHEN j."status" IN ('queued', 'running') THEN 'queued' ELSE j."status" END, 'execute',
  jsonb_build_object('personaId', j."persona_id"), NULL,
  CASE WHEN j."status" = 'failed' THEN jsonb_build_object('error', coalesce(j."error", 'Failed'), 'code', 'internal_error') ELSE NULL END,
  j."status" = 'failed', j."attempts", greatest(3, j."attempts" + 1), j."status" IN ('queued', 'running'), j."api_key_id",
  j."created_at", j."finished_at", coalesce(j."finished_at", j."created_at")
FROM "reconcile_jobs" j;--> statement-breakpoint
INSERT INTO "runs" ("id", "tenant_id", "kind", "state", "phase", "payload", "attempts", "max_attempts", "dispatched",
  "created_at", "updated_at")
SELECT d."id", d."tenant_id", 'safety.webhook', 'queued', 'execute', '{}'::jsonb, d."attempts", greatest(5, d."attempts" + 1), true,
  d."created_at", d."created_at"
FROM "webhook_deliveries" d WHERE d."status" = 'pending';--> statement-breakpoint
INSERT INTO "run_events" ("tenant_id", "run_id", "type", "data", "created_at")
SELECT "tenant_id", "id", 'state', jsonb_build_object('state', "state", 'migrated', true), "updated_at" FROM "runs";--> statement-breakpoint
ALTER TABLE "prompt_jobs" DROP COLUMN "status";--> statement-breakpoint
ALTER TABLE "prompt_jobs" DROP COLUMN "result";--> statement-breakpoint
ALTER TABLE "prompt_jobs" DROP COLUMN "error";--> statement-breakpoint
ALTER TABLE "prompt_jobs" DROP COLUMN "attempts";--> statement-breakpoint
ALTER TABLE "prompt_jobs" DROP COLUMN "lease_token";--> statement-breakpoint
ALTER TABLE "prompt_jobs" DROP COLUMN "heartbeat_at";--> statement-breakpoint
ALTER TABLE "prompt_jobs" DROP COLUMN "started_at";--> statement-breakpoint
ALTER TABLE "prompt_jobs" DROP COLUMN "finished_at";--> statement-breakpoint
ALTER TABLE "reconcile_jobs" DROP COLUMN "status";--> statement-breakpoint
ALTER TABLE "reconcile_jobs" DROP COLUMN "error";--> statement-breakpoint
ALTER TABLE "reconcile_jobs" DROP COLUMN "attempts";--> statement-breakpoint
ALTER TABLE "reconcile_jobs" DROP COLUMN "lease_token";--> statement-breakpoint
ALTER TABLE "reconcile_jobs" DROP COLUMN "heartbeat_at";--> statement-breakpoint
ALTER TABLE "reconcile_jobs" DROP COLUMN "finished_at";