CREATE TABLE "calibrations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"model" text NOT NULL,
	"item_set" text,
	"items" jsonb NOT NULL,
	"size" integer NOT NULL,
	"seed" bigint NOT NULL,
	"max_concurrency" integer NOT NULL,
	"skill_id" uuid NOT NULL,
	"population_id" uuid,
	"population_version" integer,
	"population_reused" boolean DEFAULT false NOT NULL,
	"stage" text NOT NULL,
	"run_id" uuid NOT NULL,
	"report" jsonb,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calibrations" ADD CONSTRAINT "calibrations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calibrations_tenant_created_idx" ON "calibrations" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "calibrations_tenant_model_idx" ON "calibrations" USING btree ("tenant_id","model","created_at");--> statement-breakpoint
CREATE INDEX "calibrations_tenant_size_seed_idx" ON "calibrations" USING btree ("tenant_id","size","seed");