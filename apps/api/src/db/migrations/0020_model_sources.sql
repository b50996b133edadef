CREATE TABLE "model_sources" (
	"source" text PRIMARY KEY NOT NULL,
	"models" jsonb NOT NULL,
	"synced_at" timestamp (3) with time zone,
	"attempted_at" timestamp (3) with time zone NOT NULL,
	"last_error" text
);
