import * as Plot from "@observablehq/plot";
import type { ResponseOf } from "@person-run/sdk";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, type RouteObject } from "react-router";
import { useClient, useSession } from "../client.tsx";
import { formatInt, formatUsd } from "../lib/format.ts";
import {
  type DayPoint,
  dailyTotals,
  daysBetween,
  type EventPoint,
  endOfUtcDay,
  eventSeries,
  eventTotals,
  isEmptyTenant,
  lastDays,
  type TokenPoint,
  tokenSeries,
} from "../lib/overview.ts";
import { Card, DataTable, EmptyState, PageHeader, QueryView, Stat } from "../ui/components.tsx";
import { PlotFigure } from "../ui/plot.tsx";
import "../styles/overview.css";

type Report = ResponseOf<"getUsage">;

function OverviewPage() {
  const client = useClient();
  const { tenant } = useSession();
  const range = useMemo(() => lastDays(30, new Date()), []);
  const usage = useQuery({
    queryKey: ["overview", "usage", tenant.tenantId ?? "", range.from],
    queryFn: () => client.analytics.usage({ ...tenant, ...range, granularity: "day", groupBy: "event" }),
  });
  return (
    <>
      <PageHeader title="Overview" description="Your workspace over the last 30 days (UTC days)." />
      <QueryView query={usage} loadingLabel="Loading usage…">
        {(report) => (isEmptyTenant(report) ? <Welcome /> : <OverviewBody report={report} range={range} />)}
      </QueryView>
    </>
  );
}

function Welcome() {
  return (
    <EmptyState
      title="Create your first persona"
      action={
        <Link className="btn btn-primary" to="/personas?create=1">
          Create a persona
        </Link>
      }
    >
      <p>
        A persona is a durable synthetic individual: a profile written from a seed (name, age, place, work) and a
        timeline of memories that shape how it answers. Create one, chat with it, then run studies across many.
      </p>
      <p>Prompts, token usage and cost will show here as soon as you use the API.</p>
    </EmptyState>
  );
}

function OverviewBody(props: { report: Report; range: { from: string; to: string } }) {
  const { report } = props;
  const days = useMemo(() => daysBetween(props.range.from, props.range.to), [props.range]);
  const totals = useMemo(() => dailyTotals(report.usage, days), [report.usage, days]);
  const events = useMemo(() => eventSeries(report.usage), [report.usage]);
  const tokens = useMemo(() => tokenSeries(totals), [totals]);
  const byEvent = useMemo(() => eventTotals(report.usage), [report.usage]);
  const d = report.dashboard;
  const xDomain = useMemo(() => [new Date(props.range.from), endOfUtcDay(props.range.to)], [props.range]);

  const eventsChart = useMemo<Plot.PlotOptions>(
    () => ({
      height: 220,
      marginLeft: 44,
      x: { type: "utc", label: null, domain: xDomain },
      y: { label: "Events", grid: true },
      color: { legend: true, scheme: "tableau10" },
      marks: [
        Plot.rectY(events, {
          x: "date",
          y: "count",
          fill: "event",
          interval: "day",
          inset: 1,
          title: (p: EventPoint) => `${p.period}\n${p.event}: ${formatInt(p.count)}`,
          ariaHidden: "true",
        }),
        Plot.ruleY([0], { ariaHidden: "true" }),
      ],
    }),
    [events, xDomain],
  );
  const costChart = useMemo<Plot.PlotOptions>(
    () => ({
      height: 200,
      marginLeft: 56,
      x: { type: "utc", label: null, domain: xDomain },
      y: { label: "Cost (USD)", grid: true, tickFormat: (v: number) => formatUsd(v) },
      marks: [
        Plot.areaY(totals, {
          x: "date",
          y: "costUsd",
          fill: "var(--accent)",
          fillOpacity: 0.18,
          curve: "step",
          ariaHidden: "true",
        }),
        Plot.lineY(totals, {
          x: "date",
          y: "costUsd",
          stroke: "var(--accent)",
          curve: "step",
          title: (p: DayPoint) => `${p.period}: ${formatUsd(p.costUsd)}`,
          ariaHidden: "true",
        }),
        Plot.ruleY([0], { ariaHidden: "true" }),
      ],
    }),
    [totals, xDomain],
  );
  const tokensChart = useMemo<Plot.PlotOptions>(
    () => ({
      height: 200,
      marginLeft: 56,
      x: { type: "utc", label: null, domain: xDomain },
      y: { label: "Tokens", grid: true },
      color: { legend: true, domain: ["input", "output"], range: ["var(--info)", "var(--good)"] },
      marks: [
        Plot.rectY(tokens, {
          x: "date",
          y: "tokens",
          fill: "kind",
          interval: "day",
          inset: 1,
          title: (p: TokenPoint) => `${p.period}\n${p.kind}: ${formatInt(p.tokens)} tokens`,
          ariaHidden: "true",
        }),
        Plot.ruleY([0], { ariaHidden: "true" }),
      ],
    }),
    [tokens, xDomain],
  );

  return (
    <div className="stack">
      <div className="grid overview-stats">
        <Stat label="Prompt events" value={formatInt(d.promptEvents)} hint="Prompts answered in the range" />
        <Stat
          label="Personas"
          value={d.personaCount == null ? "—" : <Link to="/personas">{formatInt(d.personaCount)}</Link>}
          hint="In the workspace now"
        />
        <Stat label="Timeline entries" value={formatInt(d.timelineEntries)} hint="Active memories, all personas" />
        <Stat
          label="Tokens"
          value={formatInt(d.tokenUsage.tokensIn + d.tokenUsage.tokensOut)}
          hint={`${formatInt(d.tokenUsage.tokensIn)} in (${formatInt(d.tokenUsage.cachedTokensIn)} cached) · ${formatInt(d.tokenUsage.tokensOut)} out`}
        />
        <Stat
          label="Cost"
          value={formatUsd(report.totals.costUsd)}
          hint={`${formatInt(report.totals.credits)} credits`}
        />
      </div>
      {report.totals.count === 0 ? (
        <EmptyState
          title="No usage yet"
          action={
            <Link className="btn btn-primary" to="/chat">
              Chat with a persona
            </Link>
          }
        >
          Every prompt, study task and persona creation is recorded with its tokens and cost. Send a first prompt to see
          the charts fill in.
        </EmptyState>
      ) : (
        <>
          <Card title="Events per day">
            <PlotFigure options={eventsChart} label="Usage events per day, stacked by event type" />
          </Card>
          <div className="grid-2">
            <Card title="Cost per day">
              <PlotFigure options={costChart} label="Cost in US dollars per day" />
            </Card>
            <Card title="Tokens per day">
              <PlotFigure options={tokensChart} label="Input and output tokens per day" />
            </Card>
          </div>
          <Card title="By event" actions={<Link to="/analytics">Open analytics</Link>}>
            <DataTable
              caption="Usage by event over the last 30 days"
              rows={byEvent}
              rowKey={(r) => r.event}
              initialSort={{ key: "count", dir: "desc" }}
              columns={[
                { key: "event", header: "Event", render: (r) => <code>{r.event}</code>, sort: (r) => r.event },
                {
                  key: "count",
                  header: "Events",
                  render: (r) => formatInt(r.count),
                  sort: (r) => r.count,
                  align: "right",
                },
                {
                  key: "cost",
                  header: "Cost",
                  render: (r) => formatUsd(r.costUsd),
                  sort: (r) => r.costUsd,
                  align: "right",
                },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}

export const overviewRoutes: RouteObject[] = [{ index: true, element: <OverviewPage /> }];
