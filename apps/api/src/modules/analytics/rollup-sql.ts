/**
 * The SQL that reads a usage event's figures and folds events into `usage_rollups`. Written once: the
 * flush, the migration's backfill and the benchmark use it. Payload fields of the wrong type count as
 * absent (0 or ''), never fail the write.
 */

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

/** The grains rollups are kept at, in minutes. */
export const GRAINS = [60, 15] as const;
export type Grain = (typeof GRAINS)[number];
export const bucketAt = (minutes: Grain, t: string) =>
  `date_bin('${minutes} minutes', ${t}, timestamptz '2000-01-01 00:00:00+00')`;

/**
 * `insert into usage_rollups … on conflict do update` from a relation `source` with the columns
 * tenant_id, api_key_id, event, payload, created_at (a CTE of just-written events, or usage_events):
 * each event once per grain and dimension. Ordered so that two concurrent flushes lock shared rows in
 * the same order (no deadlock).
 */
export function rollupUpsertSql(source: string): string {
  const f = eventFigures("payload");
  return `insert into usage_rollups
      (tenant_id, minutes, dim, bucket, event, value, count, tokens_in, tokens_out, cached_tokens_in, cost_usd, credits)
    select e.tenant_id, g.minutes, d.dim,
      case g.minutes when 60 then ${bucketAt(60, "e.created_at")} else ${bucketAt(15, "e.created_at")} end,
      e.event, d.value,
      count(*), sum(e.tokens_in), sum(e.tokens_out), sum(e.cached_tokens_in), sum(e.cost_usd), sum(e.credits)
    from (
      select tenant_id, event, created_at, ${f.model} as model, ${f.personaId} as persona_id,
        coalesce(api_key_id::text, '') as key_id, ${f.tokensIn} as tokens_in, ${f.tokensOut} as tokens_out,
        ${f.cachedTokensIn} as cached_tokens_in, ${f.costUsd} as cost_usd, ${f.credits} as credits
      from ${source}
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
      credits = usage_rollups.credits + excluded.credits`;
}
