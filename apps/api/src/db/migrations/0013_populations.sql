CREATE TABLE "population_members" (
	"population_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"version" integer NOT NULL,
	"persona_id" uuid NOT NULL,
	"weight" double precision NOT NULL,
	"cohort_id" uuid,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"age" smallint NOT NULL,
	"location" text NOT NULL,
	"base_occupation" text NOT NULL,
	CONSTRAINT "population_members_population_id_version_persona_id_pk" PRIMARY KEY("population_id","version","persona_id")
);
--> statement-breakpoint
CREATE TABLE "population_versions" (
	"population_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"version" integer NOT NULL,
	"size" integer NOT NULL,
	"fit" jsonb,
	"diversity" jsonb,
	"composition" jsonb NOT NULL,
	"warnings" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "population_versions_population_id_version_pk" PRIMARY KEY("population_id","version")
);
--> statement-breakpoint
CREATE TABLE "populations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"size" integer NOT NULL,
	"generated" integer DEFAULT 0 NOT NULL,
	"cohorts" jsonb,
	"sampling" jsonb,
	"targets" jsonb,
	"seed" bigint,
	"model" text,
	"run_id" uuid,
	"error" jsonb,
	"version" integer NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "population_members" ADD CONSTRAINT "population_members_population_id_populations_id_fk" FOREIGN KEY ("population_id") REFERENCES "public"."populations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "population_versions" ADD CONSTRAINT "population_versions_population_id_populations_id_fk" FOREIGN KEY ("population_id") REFERENCES "public"."populations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "populations" ADD CONSTRAINT "populations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "population_members_persona_idx" ON "population_members" USING btree ("tenant_id","persona_id");--> statement-breakpoint
CREATE INDEX "populations_tenant_created_idx" ON "populations" USING btree ("tenant_id","created_at","id");