ALTER TABLE "tasks" ADD COLUMN "parent_run_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "replicate" integer;--> statement-breakpoint
CREATE INDEX "tasks_parent_run_idx" ON "tasks" USING btree ("tenant_id","parent_run_id");