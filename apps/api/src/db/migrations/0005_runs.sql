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
ALTER TABLE "run_events" ADD CONSTRAINT "run_events_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_parent_id_runs_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_events_run_idx" ON "run_events" USING btree ("run_id","id");--> statement-breakpoint
CREATE INDEX "runs_tenant_idx" ON "runs" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "runs_parent_idx" ON "runs" USING btree ("parent_id","state");--> statement-breakpoint
CREATE INDEX "runs_state_idx" ON "runs" USING btree ("state","heartbeat_at");--> statement-breakpoint
CREATE INDEX "runs_concurrency_idx" ON "runs" USING btree ("concurrency_key","state") WHERE "runs"."concurrency_key" is not null;