/** Data shaping for the overview page (pure, unit-tested in test/overview.test.ts). */
import type { Schemas } from "@person-run/sdk";

type UsageRow = Schemas["UsageRow"];

export interface DayPoint {
  /** The period's first local day (YYYY-MM-DD) as a Date at UTC midnight, for Plot's time scale. */
  date: Date;
  period: string;
  count: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export interface EventPoint {
  date: Date;
  period: string;
  event: string;
  count: number;
}

export interface TokenPoint {
  date: Date;
  period: string;
  kind: "input" | "output";
  tokens: number;
}

const dayDate = (period: string): Date => new Date(`${period}T00:00:00.000Z`);

/** The range the overview shows: the last `days` days up to `now` (end exclusive, start at UTC midnight). */
export function lastDays(days: number, now: Date): { from: string; to: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  return { from: start.toISOString(), to: now.toISOString() };
}

/** Every day of [from, to) as YYYY-MM-DD (UTC), so that a chart shows the quiet days as zero. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const start = new Date(from);
  const end = new Date(to).getTime();
  let d = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  while (d < end && out.length < 400) {
    out.push(new Date(d).toISOString().slice(0, 10));
    d += 86_400_000;
  }
  return out;
}

/** Rows grouped by event summed per period (every day of `days` present, zero when nothing happened). */
export function dailyTotals(rows: readonly UsageRow[], days: readonly string[]): DayPoint[] {
  const by = new Map<string, DayPoint>();
  for (const p of days) by.set(p, { date: dayDate(p), period: p, count: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 });
  for (const r of rows) {
    let point = by.get(r.period);
    if (!point) {
      point = { date: dayDate(r.period), period: r.period, count: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 };
      by.set(r.period, point);
    }
    point.count += r.count;
    point.tokensIn += r.tokensIn;
    point.tokensOut += r.tokensOut;
    point.costUsd += r.costUsd;
  }
  return [...by.values()].sort((a, b) => a.period.localeCompare(b.period));
}

/** Events per day and event name, for a stacked bar chart (only events that happened). */
export function eventSeries(rows: readonly UsageRow[]): EventPoint[] {
  const by = new Map<string, EventPoint>();
  for (const r of rows) {
    if (r.count <= 0) continue;
    const event = r.event ?? "other";
    const k = `${r.period}|${event}`;
    const point = by.get(k) ?? { date: dayDate(r.period), period: r.period, event, count: 0 };
    point.count += r.count;
    by.set(k, point);
  }
  return [...by.values()].sort((a, b) => a.period.localeCompare(b.period) || a.event.localeCompare(b.event));
}

/** Input and output tokens per day, long form (one row per day and kind) for a stacked chart. */
export function tokenSeries(days: readonly DayPoint[]): TokenPoint[] {
  return days.flatMap((d) => [
    { date: d.date, period: d.period, kind: "input" as const, tokens: d.tokensIn },
    { date: d.date, period: d.period, kind: "output" as const, tokens: d.tokensOut },
  ]);
}

/** Events by name over the whole range, most frequent first (the legend and the table beside the chart). */
export function eventTotals(rows: readonly UsageRow[]): Array<{ event: string; count: number; costUsd: number }> {
  const by = new Map<string, { event: string; count: number; costUsd: number }>();
  for (const r of rows) {
    const event = r.event ?? "other";
    const t = by.get(event) ?? { event, count: 0, costUsd: 0 };
    t.count += r.count;
    t.costUsd += r.costUsd;
    by.set(event, t);
  }
  return [...by.values()]
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || a.event.localeCompare(b.event));
}

/**
 * True when the tenant has not started: no persona and no prompt yet (the overview then teaches). Other
 * events (the tenant's creation, reads of empty lists) do not count as a start.
 */
export function isEmptyTenant(report: { dashboard: { personaCount: number | null; promptEvents: number } }): boolean {
  return (report.dashboard.personaCount ?? 0) === 0 && report.dashboard.promptEvents === 0;
}

/** The UTC midnight after the instant: the end of the chart's x axis, so that today's bar fits whole. */
export function endOfUtcDay(iso: string): Date {
  const d = new Date(iso);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
}
