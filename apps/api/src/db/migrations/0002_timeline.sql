CREATE TABLE "consistency_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"persona_id" uuid NOT NULL,
	"checked_at" timestamp (3) with time zone NOT NULL,
	"score" smallint NOT NULL,
	"issue_count" integer NOT NULL,
	"issues" jsonb NOT NULL,
	"method" text NOT NULL,
	"api_key_id" uuid
);
--> statement-breakpoint
CREATE TABLE "reconcile_jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"persona_id" uuid NOT NULL,
	"report_id" uuid,
	"status" text NOT NULL,
	"applied" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"api_key_id" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "timeline_entries"."event_label" || ' ' || "timeline_entries"."facts" || ' ' || "timeline_entries"."interpretation" || ' ' || ("timeline_entries"."emotion_tags")::text)) STORED;--> statement-breakpoint
ALTER TABLE "consistency_reports" ADD CONSTRAINT "consistency_reports_persona_id_personas_id_fk" FOREIGN KEY ("persona_id") REFERENCES "public"."personas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconcile_jobs" ADD CONSTRAINT "reconcile_jobs_persona_id_personas_id_fk" FOREIGN KEY ("persona_id") REFERENCES "public"."personas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consistency_reports_persona_idx" ON "consistency_reports" USING btree ("tenant_id","persona_id","checked_at");--> statement-breakpoint
CREATE INDEX "reconcile_jobs_persona_idx" ON "reconcile_jobs" USING btree ("tenant_id","persona_id","created_at");--> statement-breakpoint
CREATE INDEX "timeline_search_idx" ON "timeline_entries" USING gin ("search");--> statement-breakpoint
CREATE INDEX "timeline_persona_type_idx" ON "timeline_entries" USING btree ("tenant_id","persona_id","memory_type","memory_strength");