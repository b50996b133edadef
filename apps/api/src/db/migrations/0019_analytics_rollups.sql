CREATE TABLE "usage_rollups" (
	"tenant_id" text NOT NULL,
	"minutes" smallint NOT NULL,
	"dim" text NOT NULL,
	"bucket" timestamp (3) with time zone NOT NULL,
	"event" text NOT NULL,
	"value" text NOT NULL,
	"count" bigint NOT NULL,
	"tokens_in" bigint NOT NULL,
	"tokens_out" bigint NOT NULL,
	"cached_tokens_in" bigint NOT NULL,
	"cost_usd" double precision NOT NULL,
	"credits" double precision NOT NULL,
	CONSTRAINT "usage_rollups_tenant_id_minutes_dim_bucket_event_value_pk" PRIMARY KEY("tenant_id","minutes","dim","bucket","event","value")
);
--> statement-breakpoint
CREATE INDEX "usage_events_tenant_persona_idx" ON "usage_events" USING btree ("tenant_id",("payload"->>'personaId'),"created_at");--> statement-breakpoint
CREATE INDEX "usage_events_tenant_model_idx" ON "usage_events" USING btree ("tenant_id",("payload"->>'model'),"created_at");--> statement-breakpoint
CREATE INDEX "usage_events_tenant_key_idx" ON "usage_events" USING btree ("tenant_id","api_key_id","created_at");--> statement-breakpoint
CREATE INDEX "usage_events_time_idx" ON "usage_events" USING btree ("created_at");--> statement-breakpoint
-- Backfill: the events written before the rollups existed (the same SQL as the flush, rollup-sql.ts).
insert into usage_rollups
      (tenant_id, minutes, dim, bucket, event, value, count, tokens_in, tokens_out, cached_tokens_in, cost_usd, credits)
    select e.tenant_id, g.minutes, d.dim,
      case g.minutes when 60 then date_bin('60 minutes', e.created_at, timestamptz '2000-01-01 00:00:00+00') else date_bin('15 minutes', e.created_at, timestamptz '2000-01-01 00:00:00+00') end,
      e.event, d.value,
      count(*), sum(e.tokens_in), sum(e.tokens_out), sum(e.cached_tokens_in), sum(e.cost_usd), sum(e.credits)
    from (
      select tenant_id, event, created_at, (case when jsonb_typeof(payload->'model') = 'string' then left(payload->>'model', 200) else '' end) as model, (case when jsonb_typeof(payload->'personaId') = 'string' then left(payload->>'personaId', 200) else '' end) as persona_id,
        coalesce(api_key_id::text, '') as key_id, round((case when jsonb_typeof(payload->'tokensIn') = 'number' then least(greatest((payload->>'tokensIn')::numeric, -1e15), 1e15) else 0 end))::bigint as tokens_in, round((case when jsonb_typeof(payload->'tokensOut') = 'number' then least(greatest((payload->>'tokensOut')::numeric, -1e15), 1e15) else 0 end))::bigint as tokens_out,
        round((case when jsonb_typeof(payload->'cachedTokens') = 'number' then least(greatest((payload->>'cachedTokens')::numeric, -1e15), 1e15) else 0 end))::bigint as cached_tokens_in, (case when jsonb_typeof(payload->'costUsd') = 'number' then least(greatest((payload->>'costUsd')::numeric, -1e15), 1e15) else 0 end)::float8 as cost_usd, (case when jsonb_typeof(payload->'credits') = 'number' then least(greatest((payload->>'credits')::numeric, -1e15), 1e15) else 0 end)::float8 as credits
      from usage_events
    ) e
    cross join (values (60::smallint), (15::smallint)) g(minutes)
    cross join lateral (values ('', ''), ('model', e.model), ('persona', e.persona_id), ('key', e.key_id)) d(dim, value)
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6
    on conflict (tenant_id, minutes, dim, bucket, event, value) do update set
      count = usage_rollups.count + excluded.count,
      tokens_in = usage_rollups.tokens_in + excluded.tokens_in,
      tokens_out = usage_rollups.tokens_out + excluded.tokens_out,
      cached_tokens_in = usage_rollups.cached_tokens_in + excluded.cached_tokens_in,
      cost_usd = usage_rollups.cost_usd + excluded.cost_usd,
      credits = usage_rollups.credits + excluded.credits
;
