import { and, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { ApiError } from "../../errors.ts";
import { afterCursor, type Page, pageOf } from "../../pagination.ts";
import { bucketAt, eventFigures } from "./rollup-sql.ts";
import { usageEvents } from "./schema.ts";

export interface UsageEventView {
  id: string;
  event: string;
  keyId: string | null;
  requestId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** An event as the export reads it: its payload as JSON text. */
export interface ExportRow {
  id: string;
  event: string;
  keyId: string | null;
  requestId: string | null;
  payloadJson: string;
  createdAt: string;
}

export interface EventFilters {
  event?: string;
  from?: string;
  to?: string;
  personaId?: string;
  keyId?: string;
  model?: string;
  limit: number;
  cursor?: string;
}

export const GRANULARITIES = ["day", "week", "month"] as const;
export const GROUP_BYS = ["event", "model", "persona", "key"] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export type GroupBy = (typeof GROUP_BYS)[number];

export interface UsageQuery {
  from?: string;
  to?: string;
  granularity: Granularity;
  timezone: string;
  groupBy?: GroupBy;
}

export interface UsageFigures {
  count: number;
  tokensIn: number;
  tokensOut: number;
  cachedTokensIn: number;
  costUsd: number;
  credits: number;
}

export type UsageRow = UsageFigures & {
  period: string;
  periodStart: string;
  event?: string;
  model?: string | null;
  personaId?: string | null;
  keyId?: string | null;
};

export interface Dashboard {
  promptEvents: number;
  personaCount: number | null;
  timelineEntries: number | null;
  tokenUsage: { tokensIn: number; tokensOut: number; cachedTokensIn: number };
}

export interface UsageReport {
  from: string;
  to: string;
  granularity: Granularity;
  timezone: string;
  groupBy: GroupBy | null;
  usage: UsageRow[];
  totals: UsageFigures;
  dashboard: Dashboard;
}

/** Current counts other modules own (plugged in by the manifest once every module exists). */
export interface DashboardSources {
  personaCount(tenantId: string): Promise<number>;
  timelineEntries(tenantId: string): Promise<number>;
}

/** Default window of the usage report and the export: the last 30 days. */
const DEFAULT_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** Rows an export page reads at once (keyset pages: memory stays flat whatever the export's size). */
export const EXPORT_PAGE = 1000;

/** Per groupBy: the rollup dimension it reads, the raw events' value of it, the report's field. */
const GROUPS: Record<GroupBy, { dim: string; raw: (f: ReturnType<typeof eventFigures>) => string; field: string }> = {
  event: { dim: "", raw: () => "''", field: "event" },
  model: { dim: "model", raw: (f) => f.model, field: "model" },
  persona: { dim: "persona", raw: (f) => f.personaId, field: "personaId" },
  key: { dim: "key", raw: () => "coalesce(api_key_id::text, '')", field: "keyId" },
};

function eventView(r: typeof usageEvents.$inferSelect): UsageEventView {
  return {
    id: r.id,
    event: r.event,
    keyId: r.apiKeyId,
    requestId: r.requestId,
    payload: r.payload as Record<string, unknown>,
    createdAt: r.createdAt.toISOString(),
  };
}

function range(from: string | undefined, to: string | undefined, now: Date): { from: Date; to: Date } {
  const end = to ? new Date(to) : now;
  const start = from ? new Date(from) : new Date(end.getTime() - DEFAULT_DAYS * DAY_MS);
  if (!(start.getTime() < end.getTime())) {
    throw new ApiError("validation_error", "`from` must be before `to`", [
      { path: "from", message: "must be before to" },
    ]);
  }
  return { from: start, to: end };
}

/** A PostgreSQL error for a zone the database does not know (Intl knew it): a 400, not a 500. */
function isBadTimezone(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === "22023" && /time zone/i.test(e.message ?? "");
}

/** Usage events as a product surface: the events list, usage rollups and the export (docs/analytics.md). */
export class AnalyticsService {
  private sources: DashboardSources | undefined;

  private readonly known: Set<string>;

  constructor(
    private readonly database: Database,
    /** The event names the modules declare: a filter naming another is a typo, a 400. */
    events: readonly string[],
    private readonly now: () => Date = () => new Date(),
  ) {
    this.known = new Set(events);
  }

  private checkEvent(event: string | undefined): void {
    if (event === undefined || this.known.has(event)) return;
    throw new ApiError("validation_error", `unknown event '${event}'`, [
      { path: "event", message: "must be an event name this server records, such as persona_prompt" },
    ]);
  }

  setDashboardSources(sources: DashboardSources): void {
    this.sources = sources;
  }

  /** The tenant's events, newest first, filtered. `from` inclusive, `to` exclusive. */
  async events(tenantId: string, f: EventFilters): Promise<Page<UsageEventView>> {
    this.checkEvent(f.event);
    if (f.from && f.to && !(new Date(f.from) < new Date(f.to))) {
      throw new ApiError("validation_error", "`from` must be before `to`", [
        { path: "from", message: "must be before to" },
      ]);
    }
    const e = usageEvents;
    const conditions: (SQL | undefined)[] = [
      eq(e.tenantId, tenantId),
      f.event ? eq(e.event, f.event) : undefined,
      f.from ? gte(e.createdAt, new Date(f.from)) : undefined,
      f.to ? lt(e.createdAt, new Date(f.to)) : undefined,
      f.personaId ? sql`${e.payload}->>'personaId' = ${f.personaId}` : undefined,
      f.model ? sql`${e.payload}->>'model' = ${f.model}` : undefined,
      f.keyId ? eq(e.apiKeyId, f.keyId) : undefined,
      afterCursor(e.createdAt, e.id, f.cursor),
    ];
    const rows = await this.database.db
      .select()
      .from(e)
      .where(and(...conditions))
      .orderBy(desc(e.createdAt), desc(e.id))
      .limit(f.limit + 1);
    return pageOf(rows, f.limit, (r) => ({ t: r.createdAt, id: r.id }), eventView);
  }

  /**
   * Usage per period of the zone, optionally per group, exact for any range and zone:
   *  - hours that lie within one period come from the hourly rollups;
   *  - hours a period boundary cuts (a zone with a half- or quarter-hour offset, such as Asia/Kolkata, is cut
   *    at :30 or :45 once per period; an offset change inside an hour, as in Australia/Lord_Howe) and the
   *    whole quarter hours at either end of the range come from the quarter-hour rollups;
   *  - the partial quarter hours at either end (when `from`/`to` are not on one) from the raw events.
   * An hour is cut when its first and last instants fall in different periods or the zone's offset differs
   * between them; only the hours next to a period start are tested (three per period), so a day report of a
   * month in Kolkata reads ~690 hourly buckets and 30 hours of quarter-hour ones instead of 2,880 of them.
   */
  async usage(tenantId: string, q: UsageQuery): Promise<UsageReport> {
    const { from, to } = range(q.from, q.to, this.now());
    const QUARTER = 15 * 60 * 1000;
    let lo = Math.ceil(from.getTime() / QUARTER) * QUARTER;
    let hi = Math.floor(to.getTime() / QUARTER) * QUARTER;
    if (lo >= hi) lo = hi = to.getTime(); // no whole quarter hour: everything from the raw events
    let loH = Math.ceil(lo / HOUR_MS) * HOUR_MS;
    let hiH = Math.floor(hi / HOUR_MS) * HOUR_MS;
    if (loH >= hiH) loH = hiH = hi; // no whole hour: quarter hours and raw events
    const group = q.groupBy ? GROUPS[q.groupBy] : undefined;
    const f = eventFigures("payload");
    const unit = q.granularity;
    const local = `date_trunc('${unit}', t at time zone $7)`;
    const key = !group ? "null" : q.groupBy === "event" ? "event" : "nullif(value, '')";
    const last = "interval '3599.999999 seconds'"; // the hour's last instant (timestamps are microseconds)
    const rollupColumns = `bucket as t, event, value, count::float8 as n,
          tokens_in::float8 as tokens_in, tokens_out::float8 as tokens_out,
          cached_tokens_in::float8 as cached_tokens_in, cost_usd, credits`;
    const text = `
      with starts as (
        select p at time zone $7 as b
        from generate_series(date_trunc('${unit}', $9::timestamptz at time zone $7),
          $10::timestamptz at time zone $7, interval '1 ${unit}') p
      ),
      near as (
        select distinct ${bucketAt(60, "b")} + d * interval '1 hour' as h
        from starts cross join (values (-1), (0), (1)) v(d)
      ),
      cut as (
        select h from near
        where h >= $9 and h < $10 and (
          date_trunc('${unit}', h at time zone $7) <> date_trunc('${unit}', (h + ${last}) at time zone $7)
          or (h at time zone $7) - (h at time zone 'UTC')
            <> ((h + ${last}) at time zone $7) - ((h + ${last}) at time zone 'UTC'))
      ),
      src as (
        select ${rollupColumns}
        from usage_rollups
        where tenant_id = $1 and minutes = 60 and dim = $8 and bucket >= $9 and bucket < $10
          and bucket not in (select h from cut)
        union all
        select ${rollupColumns}
        from usage_rollups
        where tenant_id = $1 and minutes = 15 and dim = $8
          and ((bucket >= $2 and bucket < $9) or (bucket >= $10 and bucket < $3))
        union all
        select ${rollupColumns}
        from cut join usage_rollups r on r.tenant_id = $1 and r.minutes = 15 and r.dim = $8
          and r.bucket >= cut.h and r.bucket < cut.h + interval '1 hour'
        union all
        select created_at, event, ${group ? group.raw(f) : "''"}, 1,
          ${f.tokensIn}::float8, ${f.tokensOut}::float8, ${f.cachedTokensIn}::float8, ${f.costUsd}, ${f.credits}
        from usage_events
        where tenant_id = $1 and ((created_at >= $4 and created_at < $2) or (created_at >= $3 and created_at < $5))
      )
      select grouping(${local}) as total,
        to_char(${local}, 'YYYY-MM-DD') as period,
        ${local} at time zone $7 as period_start,
        ${key} as g,
        sum(n) as count, sum(tokens_in) as tokens_in, sum(tokens_out) as tokens_out,
        sum(cached_tokens_in) as cached_tokens_in, sum(cost_usd) as cost_usd, sum(credits) as credits,
        sum(n) filter (where event = $6) as prompt_events
      from src
      group by grouping sets ((${local}${group ? `, ${key}` : ""}), ())
      order by total desc, period_start, g nulls first`;
    let rows: Record<string, unknown>[];
    try {
      // JIT off: PostgreSQL's estimate for this statement crosses its JIT thresholds, and compiling it takes
      // 60–600 ms for a query that runs in tens (measured on a million events); `set local` keeps this to the
      // one statement and works behind a transaction-pooling proxy.
      rows = await this.database.transaction(async (tx) => {
        await tx.query("set local jit = off");
        return tx.query<Record<string, unknown>>(text, [
          tenantId,
          new Date(lo).toISOString(),
          new Date(hi).toISOString(),
          from.toISOString(),
          to.toISOString(),
          "persona_prompt",
          q.timezone,
          group?.dim ?? "",
          new Date(loH).toISOString(),
          new Date(hiH).toISOString(),
        ]);
      });
    } catch (err) {
      if (!isBadTimezone(err)) throw err;
      throw new ApiError("validation_error", `unknown time zone '${q.timezone}'`, [
        { path: "timezone", message: "must be an IANA time zone such as Europe/Berlin" },
      ]);
    }
    const figures = (r: Record<string, unknown>): UsageFigures => ({
      count: Number(r.count ?? 0),
      tokensIn: Number(r.tokens_in ?? 0),
      tokensOut: Number(r.tokens_out ?? 0),
      cachedTokensIn: Number(r.cached_tokens_in ?? 0),
      costUsd: roundUsd(Number(r.cost_usd ?? 0)),
      credits: roundCredits(Number(r.credits ?? 0)),
    });
    const [totalRow, ...periodRows] = rows;
    const totals = totalRow ? figures(totalRow) : figures({});
    const usage = periodRows.map((r) => ({
      period: String(r.period),
      periodStart: new Date(r.period_start as string | Date).toISOString(),
      ...(group ? { [group.field]: (r.g as string | null) ?? null } : {}),
      ...figures(r),
    }));
    const [personaCount, timelineEntries] = await Promise.all([
      this.sources?.personaCount(tenantId) ?? null,
      this.sources?.timelineEntries(tenantId) ?? null,
    ]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      granularity: q.granularity,
      timezone: q.timezone,
      groupBy: q.groupBy ?? null,
      usage,
      totals,
      dashboard: {
        promptEvents: Number(totalRow?.prompt_events ?? 0),
        personaCount,
        timelineEntries,
        tokenUsage: { tokensIn: totals.tokensIn, tokensOut: totals.tokensOut, cachedTokensIn: totals.cachedTokensIn },
      },
    };
  }

  /**
   * The tenant's events in [from, to), oldest first, one keyset page at a time: the caller writes a page
   * before the next is read, so memory holds one page whatever the export's size. The payload comes as the
   * database's JSON text (an NDJSON line embeds it as is: no parse and re-serialise per event); the keyset is
   * the stored time as the database prints it, and the id.
   */
  async *exportPages(tenantId: string, q: { from?: string; to?: string; event?: string }): AsyncGenerator<ExportRow[]> {
    const { from, to } = range(q.from, q.to, this.now());
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const rows = await this.database.query<ExportRow & { at: string }>(
        // Plain range conditions (no `$n is null or …`): the index bounds the scan on every page, so a page
        // costs the same at the end of a million events as at the start.
        `select id, event, api_key_id as "keyId", request_id as "requestId", payload::text as "payloadJson",
           to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
           created_at::text as at
         from usage_events
         where tenant_id = $1 and created_at >= $2::timestamptz and created_at < $3
           ${q.event ? "and event = $4" : "and $4::text is null"}
           ${after ? "and (created_at > $2::timestamptz or id > $5::uuid)" : "and $5::uuid is null"}
         order by created_at, id limit ${EXPORT_PAGE}`,
        [tenantId, after ? after.at : from.toISOString(), to.toISOString(), q.event ?? null, after?.id ?? null],
      );
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < EXPORT_PAGE) return;
      const last = rows[rows.length - 1] as ExportRow & { at: string };
      after = { at: last.at, id: last.id };
    }
  }

  /** Checks an export's parameters before the response starts (a bad range is a 400, not a broken stream). */
  checkExport(q: { from?: string; to?: string; event?: string }): void {
    this.checkEvent(q.event);
    range(q.from, q.to, this.now());
  }

  /**
   * Retention: drops events (and their rollups) older than `days`, cut on an hour so the rollups
   * still equal the events. Deletes in batches so no statement holds a huge table for long.
   */
  async sweep(days: number | null): Promise<{ events: number; rollups: number }> {
    if (days === null) return { events: 0, rollups: 0 };
    // On an hour: both grains' buckets end there, so the rollups left equal the events left.
    const cutoff = new Date(Math.floor((this.now().getTime() - days * DAY_MS) / HOUR_MS) * HOUR_MS);
    let events = 0;
    for (;;) {
      const rows = await this.database.query(
        `delete from usage_events where id in
           (select id from usage_events where created_at < $1 limit 10000) returning 1`,
        [cutoff.toISOString()],
      );
      events += rows.length;
      if (rows.length < 10000) break;
    }
    const rollups = await this.database.query(`delete from usage_rollups where bucket < $1 returning 1`, [
      cutoff.toISOString(),
    ]);
    return { events, rollups: rollups.length };
  }
}

/** Sums of many small floats: round away the binary noise (micro-dollars, 1e-6 credits). */
const roundUsd = (v: number) => Math.round(v * 1e6) / 1e6;
const roundCredits = (v: number) => Math.round(v * 1e6) / 1e6;
