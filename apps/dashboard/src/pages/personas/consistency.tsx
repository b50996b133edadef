import type { Schemas } from "@person-run/sdk";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { errorMessage, queryClient, useClient, useSession } from "../../client.tsx";
import { formatDate, formatPercent } from "../../lib/format.ts";
import { sortIssues } from "../../lib/personas.ts";
import { Badge, Button, Card, EmptyState, LiveRegion, QueryView } from "../../ui/components.tsx";

type Report = Schemas["ConsistencyReport"];
type Entry = Schemas["TimelineEntry"];

const severityTone = { high: "bad", medium: "warn", low: "info" } as const;

export function ConsistencyPanel({ personaId }: { personaId: string }) {
  const client = useClient();
  const { tenant } = useSession();
  const [selected, setSelected] = useState<string | null>(null);
  const reports = useQuery({
    queryKey: ["consistency", personaId, tenant.tenantId ?? ""],
    queryFn: async () => (await client.timeline.listConsistencyReports(personaId, { ...tenant, limit: 50 })).data,
  });
  // Entry labels for the findings (the same query the timeline tab uses).
  const timeline = useQuery({
    queryKey: ["timeline", personaId, tenant.tenantId ?? ""],
    queryFn: () => client.timeline.list(personaId, { ...tenant, includeSuperseded: "true", limit: 200 }).toArray(),
  });
  const labels = useMemo(() => new Map((timeline.data ?? []).map((e: Entry) => [e.id, e.eventLabel])), [timeline.data]);
  const check = useMutation({
    mutationFn: () => client.timeline.checkConsistency(personaId, { ...tenant }),
    onSuccess: async (res) => {
      setSelected(res.report.id);
      await queryClient.invalidateQueries({ queryKey: ["consistency", personaId] });
    },
  });
  const runButton = (
    <Button busy={check.isPending} onClick={() => check.mutate()}>
      {check.isPending ? "Checking…" : "Run a consistency check"}
    </Button>
  );
  return (
    <div className="stack">
      <LiveRegion>
        {check.isSuccess
          ? `Check finished: ${check.data.report.issueCount} findings`
          : check.isPending
            ? "Checking…"
            : ""}
      </LiveRegion>
      {check.isError ? (
        <div className="error-state" role="alert">
          <strong>The check did not run</strong>
          <p>{errorMessage(check.error)}</p>
        </div>
      ) : null}
      <QueryView query={reports} loadingLabel="Loading reports…">
        {(list) => {
          if (list.length === 0) {
            return (
              <EmptyState title="No consistency report yet" action={runButton}>
                A check reads the timeline and the profile for contradictions: events out of order, an age that does not
                fit, facts that conflict, duplicates. Each finding comes with a suggestion.
              </EmptyState>
            );
          }
          const current = list.find((r) => r.id === selected) ?? list[0];
          return (
            <div className="consistency">
              <Card title="Reports" actions={runButton}>
                <ul className="report-list">
                  {list.map((r) => (
                    <li key={r.id}>
                      <button
                        type="button"
                        className="report-pick"
                        aria-current={r.id === current?.id ? "true" : undefined}
                        onClick={() => setSelected(r.id)}
                      >
                        <span>{formatDate(r.checkedAt)}</span>
                        <span className="muted">
                          score {formatPercent(r.score, 0)} · {r.issueCount} finding{r.issueCount === 1 ? "" : "s"}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              </Card>
              {current ? <ReportView report={current} labels={labels} /> : null}
            </div>
          );
        }}
      </QueryView>
    </div>
  );
}

function ReportView({ report, labels }: { report: Report; labels: Map<string, string> }) {
  const issues = sortIssues(report.issues);
  return (
    <Card title={`Report of ${formatDate(report.checkedAt)}`}>
      <div className="row">
        <Badge tone={report.score >= 0.9 ? "good" : report.score >= 0.7 ? "warn" : "bad"}>
          Score {formatPercent(report.score, 0)}
        </Badge>
        <span className="muted">
          {report.issueCount} finding{report.issueCount === 1 ? "" : "s"} · method {report.method}
        </span>
      </div>
      {issues.length === 0 ? (
        <p>No contradiction found: the timeline and the profile agree.</p>
      ) : (
        <ul className="findings">
          {issues.map((i, n) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: findings have no id; the list is fixed per report
            <li key={n} className="finding">
              <div className="row">
                <Badge tone={severityTone[i.severity]}>{i.severity}</Badge>
                <strong>{i.type.replaceAll("_", " ")}</strong>
                <span className="hint">from {i.source}</span>
                {i.fix ? <Badge tone="info">auto-fixable</Badge> : null}
              </div>
              <p>{i.message}</p>
              {i.suggestion ? <p className="muted">Suggestion: {i.suggestion}</p> : null}
              {i.entryIds.length ? (
                <p className="hint">Memories: {i.entryIds.map((id) => labels.get(id) ?? id.slice(0, 8)).join(" · ")}</p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
