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
DROP INDEX "prompt_jobs_running_idx";--> statement-breakpoint
DROP INDEX "reconcile_jobs_running_idx";--> statement-breakpoint
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