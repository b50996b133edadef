/**
 * The SQL that reads a usage event's figures and folds events into `usage_rollups`. Written once: the
 * flush, the migration's backfill and the benchmark use it. Payload fields of the wrong type count as
 * absent (0 or ''), never fail the write.
 */

/** Quarter-hour buckets, aligned on UTC (every zone's offset is a whole number of quarter hours). */
export const BUCKET_MS = 15 * 60 * 1000;
export const bucketOf = (t: string) => `date_bin('15 minutes', ${t}, timestamptz '2000-01-01 00:00:00+00')`;

/** A number of the payload, bounded so that no value can overflow a bigint or a double and fail the write. */
const num = (payload: string, key: string) =>
  `(case when jsonb_typeof(${payload}->'${key}') = 'number' then least(greatest((${payload}->>'${key}')::numeric, -1e15), 1e15) else 0 end)`;
const str = (payload: string, key: string) =>
  `(case when jsonb_typeof(${payload}->'${key}') = 'string' then left(${payload}->>'${key}', 200) else '' end)`;

/** The figures of an event row, under the rollup's column names (`p` is its payload column). */
export const eventFigures = (p = "payload") => ({
  model: str(p, "model"),
  personaId: str(p, "personaId"),
  tokensIn: `round(${num(p, "tokensIn")})::bigint`,
  tokensOut: `round(${num(p, "tokensOut")})::bigint`,
  cachedTokensIn: `round(${num(p, "cachedTokens")})::bigint`,
  costUsd: `${num(p, "costUsd")}::float8`,
  credits: `${num(p, "credits")}::float8`,
});

/**
 * `insert into usage_rollups … on conflict do update` from a relation `source` with the columns
 * tenant_id, api_key_id, event, payload, created_at (a CTE of just-written events, or usage_events).
 * Ordered so that two concurrent flushes lock shared rows in the same order (no deadlock).
 */
export function rollupUpsertSql(source: string, where = ""): string {
  const f = eventFigures("payload");
  return `insert into usage_rollups
      (tenant_id, bucket, event, model, persona_id, api_key_id, count, tokens_in, tokens_out, cached_tokens_in, cost_usd, credits)
    select tenant_id, ${bucketOf("created_at")}, event, ${f.model}, ${f.personaId}, coalesce(api_key_id::text, ''),
      count(*), sum(${f.tokensIn}), sum(${f.tokensOut}), sum(${f.cachedTokensIn}), sum(${f.costUsd}), sum(${f.credits})
    from ${source} ${where}
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6
    on conflict (tenant_id, bucket, event, model, persona_id, api_key_id) do update set
      count = usage_rollups.count + excluded.count,
      tokens_in = usage_rollups.tokens_in + excluded.tokens_in,
      tokens_out = usage_rollups.tokens_out + excluded.tokens_out,
      cached_tokens_in = usage_rollups.cached_tokens_in + excluded.cached_tokens_in,
      cost_usd = usage_rollups.cost_usd + excluded.cost_usd,
      credits = usage_rollups.credits + excluded.credits`;
}
