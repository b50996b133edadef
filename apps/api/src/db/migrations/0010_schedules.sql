CREATE TABLE "schedule_executions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"schedule_id" uuid NOT NULL,
	"scheduled_for" timestamp (3) with time zone NOT NULL,
	"fired_at" timestamp (3) with time zone NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"missed" integer,
	"run_id" uuid,
	"target_type" text NOT NULL,
	"target_id" uuid NOT NULL,
	"manual" boolean NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text,
	"target_type" text NOT NULL,
	"target_id" uuid NOT NULL,
	"run_at" timestamp (3) with time zone,
	"cron" text,
	"timezone" text,
	"start_at" timestamp (3) with time zone,
	"end_at" timestamp (3) with time zone,
	"max_runs" integer,
	"enabled" boolean NOT NULL,
	"missed_run_policy" text NOT NULL,
	"next_run_at" timestamp (3) with time zone,
	"run_count" integer DEFAULT 0 NOT NULL,
	"last_run_at" timestamp (3) with time zone,
	"queue" text NOT NULL,
	"api_key_id" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "schedule_executions" ADD CONSTRAINT "schedule_executions_schedule_id_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "schedule_executions_schedule_idx" ON "schedule_executions" USING btree ("tenant_id","schedule_id","fired_at");--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_executions_occurrence_idx" ON "schedule_executions" USING btree ("schedule_id","scheduled_for") WHERE not "schedule_executions"."manual";--> statement-breakpoint
CREATE INDEX "schedules_tenant_idx" ON "schedules" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "schedules_target_idx" ON "schedules" USING btree ("tenant_id","target_type","target_id");--> statement-breakpoint
CREATE INDEX "schedules_due_idx" ON "schedules" USING btree ("queue","next_run_at") WHERE "schedules"."enabled" and "schedules"."next_run_at" is not null;