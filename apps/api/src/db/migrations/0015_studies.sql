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
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "studies" ADD CONSTRAINT "studies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "studies_tenant_created_idx" ON "studies" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "studies_population_idx" ON "studies" USING btree ("tenant_id","population_id");--> statement-breakpoint
CREATE INDEX "studies_skill_idx" ON "studies" USING btree ("tenant_id","skill_id");