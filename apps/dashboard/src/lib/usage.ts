import type { Schemas } from "@person-run/sdk";

/** Shaping usage rollups (GET /analytics/usage) for charts: pure, unit-tested (test/usage.test.ts). */

export type UsageRow = Schemas["UsageRow"];
export type GroupBy = "event" | "model" | "persona" | "key";
export type Metric = "count" | "tokens" | "costUsd" | "credits";

export const METRICS: ReadonlyArray<{ value: Metric; label: string }> = [
  { value: "count", label: "Events" },
  { value: "tokens", label: "Tokens (in + out)" },
  { value: "costUsd", label: "Cost (USD)" },
  { value: "credits", label: "Credits" },
];

export function metricOf(row: UsageRow, metric: Metric): number {
  if (metric === "tokens") return row.tokensIn + row.tokensOut;
  return row[metric];
}

export function groupOf(row: UsageRow, groupBy: GroupBy | null): string {
  if (!groupBy) return "all";
  const v = groupBy === "persona" ? row.personaId : groupBy === "key" ? row.keyId : row[groupBy];
  return v ?? "(none)";
}

export interface SeriesPoint {
  period: string;
  periodStart: Date;
  group: string;
  value: number;
}

/**
 * One point per period × group for a stacked chart: the `top` groups by total keep their names, the rest
 * are summed as "other"; periods come back in time order, groups in descending total.
 */
export function usageSeries(
  rows: readonly UsageRow[],
  groupBy: GroupBy | null,
  metric: Metric,
  top = 8,
): { points: SeriesPoint[]; groups: string[] } {
  const totals = new Map<string, number>();
  for (const r of rows) {
    const g = groupOf(r, groupBy);
    totals.set(g, (totals.get(g) ?? 0) + metricOf(r, metric));
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([g]) => g);
  const kept = new Set(ranked.slice(0, top));
  const groups = ranked.length > top ? [...ranked.slice(0, top), "other"] : ranked;
  const byKey = new Map<string, SeriesPoint>();
  for (const r of rows) {
    const raw = groupOf(r, groupBy);
    const group = kept.has(raw) ? raw : "other";
    const k = `${r.periodStart}\u0000${group}`;
    const p = byKey.get(k);
    if (p) p.value += metricOf(r, metric);
    else byKey.set(k, { period: r.period, periodStart: new Date(r.periodStart), group, value: metricOf(r, metric) });
  }
  const points = [...byKey.values()].sort(
    (a, b) => a.periodStart.getTime() - b.periodStart.getTime() || groups.indexOf(a.group) - groups.indexOf(b.group),
  );
  return { points, groups };
}

/** A short readable id for charts and tables: persona and key ids are long. */
export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 8)}…` : id;
}

/** The zone's offset from UTC at instant `t`, in milliseconds (local wall clock − UTC). */
export function zoneOffset(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(t));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return wall - Math.floor(t / 1000) * 1000;
}

/** The UTC instant of local midnight starting `date` (YYYY-MM-DD) in `timeZone`, as ISO 8601. */
export function zonedMidnight(date: string, timeZone: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let t = wall - zoneOffset(wall, timeZone);
  t = wall - zoneOffset(t, timeZone);
  return new Date(t).toISOString();
}

/** YYYY-MM-DD of instant `t` in `timeZone`. */
export function zonedDate(t: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(t),
  );
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export type Granularity = "day" | "week" | "month";

export interface UsageFilters {
  from: string;
  to: string;
  granularity: Granularity;
  timezone: string;
  groupBy: GroupBy | "";
}

/** The report's query: local dates in the chosen zone become instants (`to` is the end of its day). */
export function usageQuery(f: UsageFilters) {
  return {
    from: zonedMidnight(f.from, f.timezone),
    to: zonedMidnight(addDays(f.to, 1), f.timezone),
    granularity: f.granularity,
    timezone: f.timezone,
    ...(f.groupBy ? { groupBy: f.groupBy } : {}),
  };
}
