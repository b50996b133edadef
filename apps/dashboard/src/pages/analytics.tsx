import * as Plot from "@observablehq/plot";
import type { Schemas } from "@person-run/sdk";
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { RouteObject } from "react-router";
import { useClient, useSession } from "../client.tsx";
import { downloadText } from "../lib/download.ts";
import { formatDate, formatInt, formatNumber, formatUsd } from "../lib/format.ts";
import {
  addDays,
  type Granularity,
  type GroupBy,
  groupOf,
  METRICS,
  type Metric,
  shortId,
  type UsageFilters,
  usageQuery,
  usageSeries,
  zonedDate,
} from "../lib/usage.ts";
import {
  Button,
  Card,
  type Column,
  DataTable,
  EmptyState,
  ErrorState,
  PageHeader,
  QueryView,
  SelectField,
  Stat,
  TextField,
} from "../ui/components.tsx";
import { PlotFigure } from "../ui/plot.tsx";

type UsageRow = Schemas["UsageRow"];
type UsageEvent = Schemas["UsageEvent"];

const ZONES = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
})();
const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

function UsageChart(props: { rows: UsageRow[]; groupBy: GroupBy | null; metric: Metric; metricLabel: string }) {
  const { points, groups } = useMemo(
    () => usageSeries(props.rows, props.groupBy, props.metric),
    [props.rows, props.groupBy, props.metric],
  );
  const options = useMemo<Plot.PlotOptions>(() => {
    const label = (g: string) => (props.groupBy === "persona" || props.groupBy === "key" ? shortId(g) : g);
    return {
      height: 280,
      marginLeft: 60,
      x: { type: "band", label: null, tickFormat: (d: string) => d.slice(5) },
      y: { grid: true, label: props.metricLabel },
      color: { legend: groups.length > 1, domain: groups.map(label), scheme: "tableau10" },
      marks: [
        Plot.barY(points, {
          x: "period",
          y: "value",
          fill: (p: { group: string }) => label(p.group),
          tip: true,
          title: (p: { period: string; group: string; value: number }) =>
            `${p.period} · ${label(p.group)}: ${formatNumber(p.value, 4)}`,
        }),
        Plot.ruleY([0]),
      ],
    };
  }, [points, groups, props.metricLabel, props.groupBy]);
  if (points.length === 0) {
    return <EmptyState title="No usage in this range">Prompt a persona or run a study, then come back.</EmptyState>;
  }
  return (
    <PlotFigure
      options={options}
      label={`${props.metricLabel} per period${props.groupBy ? ` by ${props.groupBy}` : ""}`}
      caption="Periods are cut in the chosen time zone."
    />
  );
}

function EventsTable(props: { from: string; to: string }) {
  const client = useClient();
  const { tenant } = useSession();
  const [event, setEvent] = useState("");
  const [personaId, setPersonaId] = useState("");
  const [model, setModel] = useState("");
  const filters = {
    ...tenant,
    from: props.from,
    to: props.to,
    ...(event ? { event } : {}),
    ...(personaId.trim() ? { personaId: personaId.trim() } : {}),
    ...(model.trim() ? { model: model.trim() } : {}),
  };
  const events = useInfiniteQuery({
    queryKey: ["analytics", "events", filters],
    queryFn: async ({ pageParam }) => {
      const page = await client.analytics.events({
        ...filters,
        limit: 50,
        ...(pageParam ? { cursor: pageParam } : {}),
      });
      return { items: page.data, next: page.nextCursor };
    },
    initialPageParam: "",
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const columns: Column<UsageEvent>[] = [
    { key: "at", header: "When", render: (e) => formatDate(e.createdAt) },
    { key: "event", header: "Event", render: (e) => <code>{e.event}</code> },
    {
      key: "detail",
      header: "Detail",
      render: (e) => {
        const p = e.payload as Record<string, unknown>;
        const bits = [
          p.model ? `model ${p.model}` : "",
          p.personaId ? `persona ${shortId(String(p.personaId))}` : "",
          p.tokensIn != null ? `${formatInt(Number(p.tokensIn))} in / ${formatInt(Number(p.tokensOut ?? 0))} out` : "",
          p.costUsd != null ? formatUsd(Number(p.costUsd)) : "",
        ].filter(Boolean);
        return <span className="hint">{bits.join(" · ") || "—"}</span>;
      },
    },
    { key: "key", header: "Key", render: (e) => (e.keyId ? <code>{shortId(e.keyId)}</code> : "—") },
  ];
  const rows = events.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card title="Events">
      <search className="filters" aria-label="Filter events">
        <TextField
          label="Event"
          value={event}
          onChange={(e) => setEvent(e.target.value)}
          placeholder="persona_prompt"
        />
        <TextField label="Persona id" value={personaId} onChange={(e) => setPersonaId(e.target.value)} />
        <TextField label="Model" value={model} onChange={(e) => setModel(e.target.value)} />
      </search>
      {events.isPending ? (
        <QueryView query={events}>{() => null}</QueryView>
      ) : events.isError ? (
        <ErrorState error={events.error} retry={() => events.refetch()} />
      ) : rows.length === 0 ? (
        <p className="muted">No events match.</p>
      ) : (
        <>
          <DataTable caption="Usage events" columns={columns} rows={rows} rowKey={(e) => e.id} />
          {events.hasNextPage ? (
            <div className="actions" style={{ marginTop: "0.75rem" }}>
              <Button variant="secondary" busy={events.isFetchingNextPage} onClick={() => events.fetchNextPage()}>
                Load more
              </Button>
            </div>
          ) : null}
        </>
      )}
    </Card>
  );
}

function AnalyticsPage() {
  const client = useClient();
  const { tenant } = useSession();
  const today = zonedDate(Date.now(), LOCAL_ZONE);
  const [filters, setFilters] = useState<UsageFilters>({
    from: addDays(today, -29),
    to: today,
    granularity: "day",
    timezone: LOCAL_ZONE,
    groupBy: "event",
  });
  const [metric, setMetric] = useState<Metric>("count");
  const query = usageQuery(filters);
  const usage = useQuery({
    queryKey: ["analytics", "usage", tenant, query],
    queryFn: () => client.analytics.usage({ ...tenant, ...query }),
  });
  const exportFile = useMutation({
    mutationFn: async (format: "csv" | "ndjson") => ({
      format,
      text: await client.analytics.export({ ...tenant, from: query.from, to: query.to, format }),
    }),
    onSuccess: ({ format, text }) =>
      downloadText(
        text,
        `person-run-usage-${filters.from}-${filters.to}.${format}`,
        format === "csv" ? "text/csv" : "application/x-ndjson",
      ),
  });
  const set = <K extends keyof UsageFilters>(k: K, v: UsageFilters[K]) => setFilters((f) => ({ ...f, [k]: v }));
  const badRange = filters.from > filters.to;
  const metricLabel = METRICS.find((m) => m.value === metric)?.label ?? metric;
  const groupBy = filters.groupBy || null;
  const rowColumns: Column<UsageRow>[] = [
    { key: "period", header: "Period", sort: (r) => r.periodStart, render: (r) => r.period },
    ...(groupBy
      ? [
          {
            key: "group",
            header: groupBy,
            sort: (r: UsageRow) => groupOf(r, groupBy),
            render: (r: UsageRow) => groupOf(r, groupBy),
          },
        ]
      : []),
    { key: "count", header: "Events", align: "right", sort: (r) => r.count, render: (r) => formatInt(r.count) },
    { key: "in", header: "Tokens in", align: "right", sort: (r) => r.tokensIn, render: (r) => formatInt(r.tokensIn) },
    {
      key: "out",
      header: "Tokens out",
      align: "right",
      sort: (r) => r.tokensOut,
      render: (r) => formatInt(r.tokensOut),
    },
    { key: "cost", header: "Cost", align: "right", sort: (r) => r.costUsd, render: (r) => formatUsd(r.costUsd) },
    {
      key: "credits",
      header: "Credits",
      align: "right",
      sort: (r) => r.credits,
      render: (r) => formatNumber(r.credits),
    },
  ];
  return (
    <>
      <PageHeader
        title="Analytics"
        description="Every operation records a usage event. Roll them up by period and group, or export them."
        actions={
          <>
            <Button
              variant="secondary"
              busy={exportFile.isPending}
              disabled={badRange}
              onClick={() => exportFile.mutate("csv")}
            >
              Export CSV
            </Button>
            <Button
              variant="secondary"
              busy={exportFile.isPending}
              disabled={badRange}
              onClick={() => exportFile.mutate("ndjson")}
            >
              Export NDJSON
            </Button>
          </>
        }
      />
      {exportFile.isError ? <ErrorState error={exportFile.error} title="The export failed" /> : null}
      <search className="filters" aria-label="Usage report filters">
        <TextField label="From" type="date" value={filters.from} onChange={(e) => set("from", e.target.value)} />
        <TextField
          label="To (inclusive)"
          type="date"
          value={filters.to}
          onChange={(e) => set("to", e.target.value)}
          error={badRange ? "Must not be before From" : null}
        />
        <SelectField
          label="Period"
          value={filters.granularity}
          onChange={(e) => set("granularity", e.target.value as Granularity)}
          options={[
            { value: "day", label: "Day" },
            { value: "week", label: "Week (Monday)" },
            { value: "month", label: "Month" },
          ]}
        />
        <SelectField
          label="Time zone"
          value={filters.timezone}
          onChange={(e) => set("timezone", e.target.value)}
          options={ZONES.map((z) => ({ value: z, label: z }))}
        />
        <SelectField
          label="Group by"
          value={filters.groupBy}
          onChange={(e) => set("groupBy", e.target.value as GroupBy | "")}
          options={[
            { value: "", label: "Nothing" },
            { value: "event", label: "Event" },
            { value: "model", label: "Model" },
            { value: "persona", label: "Persona" },
            { value: "key", label: "API key" },
          ]}
        />
        <SelectField
          label="Measure"
          value={metric}
          onChange={(e) => setMetric(e.target.value as Metric)}
          options={METRICS}
        />
      </search>
      {badRange ? null : (
        <QueryView query={usage}>
          {(r) => (
            <div className="stack">
              <div className="grid">
                <Stat label="Events" value={formatInt(r.totals.count)} />
                <Stat
                  label="Tokens in / out"
                  value={`${formatInt(r.totals.tokensIn)} / ${formatInt(r.totals.tokensOut)}`}
                />
                <Stat
                  label="Cost"
                  value={formatUsd(r.totals.costUsd)}
                  hint={`${formatNumber(r.totals.credits)} credits`}
                />
                <Stat label="Prompts" value={formatInt(r.dashboard.promptEvents)} />
              </div>
              <Card title={`${metricLabel} per ${filters.granularity}`}>
                <UsageChart rows={r.usage} groupBy={groupBy} metric={metric} metricLabel={metricLabel} />
              </Card>
              {r.usage.length > 0 ? (
                <Card title="Rollups">
                  <DataTable
                    caption="Usage rollups"
                    columns={rowColumns}
                    rows={r.usage}
                    rowKey={(row) => `${row.periodStart}-${groupOf(row, groupBy)}`}
                  />
                </Card>
              ) : null}
              <EventsTable from={query.from} to={query.to} />
            </div>
          )}
        </QueryView>
      )}
    </>
  );
}

export const analyticsRoutes: RouteObject[] = [{ path: "analytics", element: <AnalyticsPage /> }];
