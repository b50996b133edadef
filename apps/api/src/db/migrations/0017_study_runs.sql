CREATE TABLE "study_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"study_id" uuid NOT NULL,
	"population_id" uuid NOT NULL,
	"population_version" integer NOT NULL,
	"skill_id" uuid NOT NULL,
	"skill_version" integer NOT NULL,
	"model" text NOT NULL,
	"replicates" integer NOT NULL,
	"max_concurrency" integer NOT NULL,
	"sample" integer,
	"seed" integer NOT NULL,
	"budget" jsonb,
	"stop_when" jsonb,
	"plan" jsonb NOT NULL,
	"members" integer,
	"tasks" integer,
	"completed" integer DEFAULT 0 NOT NULL,
	"tallies" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"checkpoint" jsonb,
	"stopped" jsonb,
	"schedule_id" uuid,
	"api_key_id" uuid,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "study_runs" ADD CONSTRAINT "study_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "study_runs_study_idx" ON "study_runs" USING btree ("tenant_id","study_id","created_at");