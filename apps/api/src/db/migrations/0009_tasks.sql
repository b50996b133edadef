CREATE TABLE "task_results" (
	"task_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"question_id" text NOT NULL,
	"position" integer NOT NULL,
	"raw" text NOT NULL,
	"parsed" jsonb,
	"valid" boolean NOT NULL,
	"error" text,
	"asks" integer NOT NULL,
	"follow_ups" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "task_results_task_id_attempt_question_id_pk" PRIMARY KEY("task_id","attempt","question_id")
);
--> statement-breakpoint
CREATE TABLE "task_scores" (
	"task_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"scores" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "task_scores_task_id_attempt_pk" PRIMARY KEY("task_id","attempt")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"skill_id" uuid NOT NULL,
	"skill_version" integer NOT NULL,
	"persona_id" uuid NOT NULL,
	"variables" jsonb NOT NULL,
	"model" text NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"run_id" uuid,
	"session_id" uuid,
	"schedule_id" uuid,
	"api_key_id" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "task_results" ADD CONSTRAINT "task_results_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_scores" ADD CONSTRAINT "task_scores_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_tenant_idx" ON "tasks" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "tasks_skill_idx" ON "tasks" USING btree ("tenant_id","skill_id");--> statement-breakpoint
CREATE INDEX "tasks_persona_idx" ON "tasks" USING btree ("tenant_id","persona_id");--> statement-breakpoint
CREATE INDEX "tasks_schedule_idx" ON "tasks" USING btree ("tenant_id","schedule_id");--> statement-breakpoint
CREATE INDEX "tasks_run_idx" ON "tasks" USING btree ("run_id");