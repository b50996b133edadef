CREATE TABLE "prompt_jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"persona_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"api_key_id" uuid,
	"status" text NOT NULL,
	"request" jsonb NOT NULL,
	"result" jsonb,
	"error" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "prompt_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"persona_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"turn_count" integer DEFAULT 0 NOT NULL,
	"metadata" jsonb,
	"created_at" timestamp (3) with time zone NOT NULL,
	"last_activity_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prompt_turns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"session_id" uuid NOT NULL,
	"persona_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"prompt" text NOT NULL,
	"response" text NOT NULL,
	"status" text NOT NULL,
	"mode" text NOT NULL,
	"model_id" text NOT NULL,
	"model_name" text NOT NULL,
	"tokens_in" integer DEFAULT 0 NOT NULL,
	"tokens_out" integer DEFAULT 0 NOT NULL,
	"cached_tokens" integer DEFAULT 0 NOT NULL,
	"cost_usd" numeric(14, 8) DEFAULT 0 NOT NULL,
	"credits" numeric(18, 4) DEFAULT 0 NOT NULL,
	"latency_ms" integer NOT NULL,
	"memories_used" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"metadata" jsonb,
	"api_key_id" uuid,
	"job_id" uuid,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "personas" ADD COLUMN "profile_model" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "credit_balance" numeric(18, 4);--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "limits" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "prompt_jobs" ADD CONSTRAINT "prompt_jobs_persona_id_personas_id_fk" FOREIGN KEY ("persona_id") REFERENCES "public"."personas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompt_sessions" ADD CONSTRAINT "prompt_sessions_persona_id_personas_id_fk" FOREIGN KEY ("persona_id") REFERENCES "public"."personas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompt_turns" ADD CONSTRAINT "prompt_turns_session_id_prompt_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."prompt_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "prompt_jobs_tenant_idx" ON "prompt_jobs" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "prompt_sessions_tenant_activity_idx" ON "prompt_sessions" USING btree ("tenant_id","last_activity_at","id");--> statement-breakpoint
CREATE INDEX "prompt_sessions_persona_idx" ON "prompt_sessions" USING btree ("tenant_id","persona_id","last_activity_at");--> statement-breakpoint
CREATE UNIQUE INDEX "prompt_turns_session_seq_idx" ON "prompt_turns" USING btree ("session_id","seq");--> statement-breakpoint
CREATE INDEX "prompt_turns_tenant_time_idx" ON "prompt_turns" USING btree ("tenant_id","created_at");