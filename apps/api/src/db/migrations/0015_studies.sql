CREATE TABLE "studies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"decision" text,
	"population_id" uuid NOT NULL,
	"population_version" integer,
	"skill_id" uuid NOT NULL,
	"skill_version" integer,
	"replicates" integer DEFAULT 1 NOT NULL,
	"model" text,
	"max_concurrency" integer DEFAULT 10 NOT NULL,
	"budget" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "study_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"study_id" uuid NOT NULL,
	"population_id" uuid NOT NULL,
	"population_version" integer,
	"skill_id" uuid NOT NULL,
	"skill_version" integer,
	"model" text,
	"replicates" integer NOT NULL,
	"max_concurrency" integer NOT NULL,
	"sample" integer,
	"seed" integer NOT NULL,
	"budget" jsonb,
	"stop_when" jsonb,
	"plan" jsonb,
	"question_types" jsonb,
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
ALTER TABLE "tasks" ADD COLUMN "parent_run_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "replicate" integer;--> statement-breakpoint
ALTER TABLE "studies" ADD CONSTRAINT "studies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_runs" ADD CONSTRAINT "study_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "studies_tenant_created_idx" ON "studies" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "studies_population_idx" ON "studies" USING btree ("tenant_id","population_id");--> statement-breakpoint
CREATE INDEX "studies_skill_idx" ON "studies" USING btree ("tenant_id","skill_id");--> statement-breakpoint
CREATE INDEX "study_runs_study_idx" ON "study_runs" USING btree ("tenant_id","study_id","created_at");--> statement-breakpoint
CREATE INDEX "tasks_parent_run_idx" ON "tasks" USING btree ("tenant_id","parent_run_id");