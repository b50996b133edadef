ALTER TABLE "personas" ADD COLUMN "profile_status" text DEFAULT 'ready' NOT NULL;--> statement-breakpoint
ALTER TABLE "personas" ADD COLUMN "profile_run_id" uuid;--> statement-breakpoint
ALTER TABLE "personas" ADD COLUMN "profile_error" jsonb;