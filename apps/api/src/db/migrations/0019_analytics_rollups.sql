CREATE TABLE "usage_rollups" (
	"tenant_id" text NOT NULL,
	"bucket" timestamp (3) with time zone NOT NULL,
	"event" text NOT NULL,
	"model" text NOT NULL,
	"persona_id" text NOT NULL,
	"api_key_id" text NOT NULL,
	"count" bigint NOT NULL,
	"tokens_in" bigint NOT NULL,
	"tokens_out" bigint NOT NULL,
	"cached_tokens_in" bigint NOT NULL,
	"cost_usd" double precision NOT NULL,
	"credits" double precision NOT NULL,
	CONSTRAINT "usage_rollups_tenant_id_bucket_event_model_persona_id_api_key_id_pk" PRIMARY KEY("tenant_id","bucket","event","model","persona_id","api_key_id")
);
--> statement-breakpoint
CREATE INDEX "usage_events_tenant_persona_idx" ON "usage_events" USING btree ("tenant_id",("payload"->>'personaId'),"created_at");--> statement-breakpoint
CREATE INDEX "usage_events_tenant_model_idx" ON "usage_events" USING btree ("tenant_id",("payload"->>'model'),"created_at");--> statement-breakpoint
CREATE INDEX "usage_events_tenant_key_idx" ON "usage_events" USING btree ("tenant_id","api_key_id","created_at");--> statement-breakpoint
CREATE INDEX "usage_events_time_idx" ON "usage_events" USING btree ("created_at");--> statement-breakpoint
-- Backfill: the events written before the rollups existed (the same SQL as the flush, rollup-sql.ts).
insert into usage_rollups
      (tenant_id, bucket, event, model, persona_id, api_key_id, count, tokens_in, tokens_out, cached_tokens_in, cost_usd, credits)
    select tenant_id, date_bin('15 minutes', created_at, timestamptz '2000-01-01 00:00:00+00'), event, (case when jsonb_typeof(payload->'model') = 'string' then left(payload->>'model', 200) else '' end), (case when jsonb_typeof(payload->'personaId') = 'string' then left(payload->>'personaId', 200) else '' end), coalesce(api_key_id::text, ''),
      count(*), sum(round((case when jsonb_typeof(payload->'tokensIn') = 'number' then least(greatest((payload->>'tokensIn')::numeric, -1e15), 1e15) else 0 end))::bigint), sum(round((case when jsonb_typeof(payload->'tokensOut') = 'number' then least(greatest((payload->>'tokensOut')::numeric, -1e15), 1e15) else 0 end))::bigint), sum(round((case when jsonb_typeof(payload->'cachedTokens') = 'number' then least(greatest((payload->>'cachedTokens')::numeric, -1e15), 1e15) else 0 end))::bigint), sum((case when jsonb_typeof(payload->'costUsd') = 'number' then least(greatest((payload->>'costUsd')::numeric, -1e15), 1e15) else 0 end)::float8), sum((case when jsonb_typeof(payload->'credits') = 'number' then least(greatest((payload->>'credits')::numeric, -1e15), 1e15) else 0 end)::float8)
    from usage_events 
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6
    on conflict (tenant_id, bucket, event, model, persona_id, api_key_id) do update set
      count = usage_rollups.count + excluded.count,
      tokens_in = usage_rollups.tokens_in + excluded.tokens_in,
      tokens_out = usage_rollups.tokens_out + excluded.tokens_out,
      cached_tokens_in = usage_rollups.cached_tokens_in + excluded.cached_tokens_in,
      cost_usd = usage_rollups.cost_usd + excluded.cost_usd,
      credits = usage_rollups.credits + excluded.credits
;
