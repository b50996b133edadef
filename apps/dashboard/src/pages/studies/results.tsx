import * as Plot from "@observablehq/plot";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { errorMessage, useClient, useSession } from "../../client.tsx";
import { formatInt, formatNumber, formatPercent, formatUsd } from "../../lib/format.ts";
import {
  type CiFacet,
  ciFacets,
  csvFileName,
  distributionRows,
  type Evidence,
  formatP,
  GROUP_BY_OPTIONS,
  hasDistribution,
  hasMean,
  isFinished,
  type LiveProgress,
  PALETTE,
  type QuestionEvidence,
  representativeQuotes,
  type StudyRun,
  significantDifferences,
  type TestRow,
  tasksDone,
  testRows,
} from "../../lib/studies.ts";
import { HIDDEN, hiddenAxes } from "../../lib/studies-plot.ts";
import { Badge, Button, Card, DataTable, EmptyState, QueryView, Stat } from "../../ui/components.tsx";
import { PlotFigure } from "../../ui/plot.tsx";

export function RunResults({ run, live }: { run: StudyRun; live: LiveProgress }) {
  const client = useClient();
  const { tenant } = useSession();
  const [groupBy, setGroupBy] = useState<string[]>(["cohort"]);
  const finished = isFinished(run.status);
  const results = useQuery({
    // The status is part of the key: the results are read again when the run ends.
    queryKey: ["studies", "results", run.studyId, run.id, groupBy.join(","), run.status, tenant],
    queryFn: async () =>
      (
        await client.studies.runs.results(run.studyId, run.id, {
          ...tenant,
          ...(groupBy.length ? { groupBy: groupBy.join(",") } : {}),
        })
      ).results,
    enabled: finished || tasksDone(live) > 0,
    placeholderData: (prev) => prev,
  });
  if (!finished && tasksDone(live) === 0) {
    return (
      <Card title="Results">
        <p className="muted">The results appear here as soon as the first tasks finish.</p>
      </Card>
    );
  }
  return (
    <>
      <Card
        title="Results"
        actions={
          <div className="row">
            {!finished ? (
              <Button variant="secondary" onClick={() => results.refetch()} busy={results.isFetching}>
                Refresh results
              </Button>
            ) : null}
            <CsvDownload run={run} />
          </div>
        }
      >
        {!finished ? (
          <p className="notice">The run is still going: these are the figures of the tasks finished so far.</p>
        ) : null}
        <GroupByPicker value={groupBy} onChange={setGroupBy} />
        <QueryView query={results} loadingLabel="Computing the results…">
          {(e) => <Overview evidence={e} />}
        </QueryView>
      </Card>
      {results.data ? <Questions evidence={results.data} /> : null}
    </>
  );
}

function GroupByPicker(props: { value: string[]; onChange: (v: string[]) => void }) {
  const base = useId();
  return (
    <fieldset className="group-by">
      <legend>Group the answers by</legend>
      <div className="checks">
        {GROUP_BY_OPTIONS.map((o) => {
          const id = `${base}-${o.value}`;
          const on = props.value.includes(o.value);
          return (
            <label key={o.value} htmlFor={id} className="check">
              <input
                id={id}
                type="checkbox"
                checked={on}
                onChange={() =>
                  props.onChange(on ? props.value.filter((v) => v !== o.value) : [...props.value, o.value])
                }
              />{" "}
              {o.label}
            </label>
          );
        })}
      </div>
      <p className="hint">
        Each dimension adds between-group tests; the p-values are Holm-adjusted across every test, so more dimensions
        make each difference harder to call real.
      </p>
    </fieldset>
  );
}

/** The CSV export needs the API key: it is read through the SDK and saved from a Blob URL. */
function CsvDownload({ run }: { run: StudyRun }) {
  const client = useClient();
  const { tenant } = useSession();
  const download = useMutation({
    mutationFn: async () => client.studies.runs.resultsCsv(run.studyId, run.id, { ...tenant }),
    onSuccess: (csv) => {
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = csvFileName(run.id);
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  return (
    <span className="row">
      <Button variant="secondary" busy={download.isPending} onClick={() => download.mutate()}>
        Download CSV
      </Button>
      {download.isError ? (
        <span className="field-error" role="alert">
          {errorMessage(download.error)}
        </span>
      ) : null}
    </span>
  );
}

function Overview({ evidence }: { evidence: Evidence }) {
  const t = evidence.tasks;
  const sig = significantDifferences(evidence);
  return (
    <div className="stack">
      <div className="stats">
        <Stat label="Tasks answered" value={`${formatInt(t.answered)} / ${formatInt(t.total)}`} />
        <Stat label="Failed" value={formatInt(t.failed)} />
        <Stat label="Cost" value={formatUsd(t.costUsd)} hint={`${formatNumber(t.credits)} credits`} />
        <Stat label="Tokens" value={formatInt(t.tokensIn + t.tokensOut)} hint={`${formatInt(t.tokensIn)} in`} />
        {t.scored > 0 ? (
          <Stat
            label="Rubric"
            value={`${formatInt(t.passed)} / ${formatInt(t.scored)} passed`}
            hint={`mean ${formatNumber(t.meanScore)}`}
          />
        ) : null}
      </div>
      {t.errors.length ? (
        <div>
          <h3>Failures</h3>
          <ul className="plain">
            {t.errors.map((e) => (
              <li key={e.code}>
                <code>{e.code}</code>: {formatInt(e.count)} task{e.count === 1 ? "" : "s"}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="hint">
        {evidence.weighted ? "Weighted by the members' weights. " : ""}Intervals: 95% t intervals of the mean; bootstrap
        seed {evidence.seed} with {formatInt(evidence.bootstrapResamples)} resamples. {evidence.testCount} between-group
        test{evidence.testCount === 1 ? "" : "s"} in this result.
      </p>
      <section aria-labelledby="sig-title">
        <h3 id="sig-title">Significant differences between groups</h3>
        {sig.length === 0 ? (
          <p className="muted">
            None at a Holm-adjusted p below 0.05
            {evidence.testCount
              ? ` across ${evidence.testCount} tests`
              : ": there was no test to run (fewer than 2 groups with answers)"}
            .
          </p>
        ) : (
          <TestTable rows={sig} withQuestion caption="Significant differences between groups" />
        )}
      </section>
    </div>
  );
}

function TestTable(props: { rows: TestRow[]; withQuestion?: boolean; caption: string }) {
  return (
    <DataTable<TestRow>
      caption={props.caption}
      rows={props.rows}
      rowKey={(r) => r.id}
      initialSort={{ key: "padj", dir: "asc" }}
      columns={[
        ...(props.withQuestion ? [{ key: "q", header: "Question", render: (r: TestRow) => r.question }] : []),
        { key: "dim", header: "Groups by", render: (r) => r.dimension },
        { key: "groups", header: "Groups", render: (r) => r.groups },
        { key: "test", header: "Test", render: (r) => r.test },
        {
          key: "padj",
          header: "p (Holm)",
          align: "right",
          sort: (r) => r.pAdjusted,
          render: (r) =>
            r.skipped ? (
              <span className="muted">skipped: {r.skipped}</span>
            ) : (
              <span className={r.significant ? "significant" : undefined}>
                {formatP(r.pAdjusted)} {r.significant ? <Badge tone="warn">significant</Badge> : null}
              </span>
            ),
        },
        { key: "effect", header: "Effect size", render: (r) => r.effect },
        { key: "diff", header: "Difference [95% CI]", render: (r) => r.difference ?? "—" },
      ]}
    />
  );
}

function Questions({ evidence }: { evidence: Evidence }) {
  if (evidence.questions.length === 0) {
    return <EmptyState title="No questions">The skill version this run used has no question.</EmptyState>;
  }
  return (
    <>
      {evidence.questions.map((q) => (
        <QuestionCard key={q.questionId} q={q} />
      ))}
    </>
  );
}

function QuestionCard({ q }: { q: QuestionEvidence }) {
  const tests = testRows(q);
  const quotes = representativeQuotes(q);
  const themes = q.overall.themes ?? [];
  return (
    <Card title={q.text} className="question-card">
      <p className="hint">
        <Badge tone="info">{q.type.replaceAll("_", " ")}</Badge> {formatInt(q.answered)} valid answers ·{" "}
        {formatInt(q.invalid)} unreadable · {formatInt(q.missing)} missing
      </p>
      {q.answered === 0 ? <p className="muted">No valid answer to this question yet.</p> : null}
      {hasMean(q) && q.answered > 0 ? <CiCharts q={q} /> : null}
      {hasDistribution(q) && q.answered > 0 ? <DistributionChart q={q} /> : null}
      {tests.length ? (
        <section>
          <h3>Between-group tests</h3>
          <TestTable rows={tests} caption={`Between-group tests for ${q.text}`} />
        </section>
      ) : null}
      {themes.length ? (
        <section>
          <h3>Themes</h3>
          <ul className="themes">
            {themes.map((t) => (
              <li key={t.label}>
                <strong>{t.label}</strong> — {formatPercent(t.share)} ({formatInt(t.size)} answers)
                {t.summary ? <p>{t.summary.text}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {quotes.length ? (
        <section>
          <h3>Representative quotes</h3>
          <div className="quotes">
            {quotes.map((g) => (
              <div key={g.group} className="quote-group">
                <h4>{g.group}</h4>
                {g.quotes.map((x) => (
                  <figure key={x.taskId} className="quote">
                    <blockquote>{x.text}</blockquote>
                    <figcaption>
                      — {x.name}, {x.age}, {x.location}
                    </figcaption>
                  </figure>
                ))}
              </div>
            ))}
          </div>
        </section>
      ) : null}
    </Card>
  );
}

function CiChart({ q, facet }: { q: QuestionEvidence; facet: CiFacet }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const withCi = facet.rows.filter((r) => r.lower != null && r.upper != null);
    const overall = facet.rows.find((r) => r.dimension === "overall");
    return {
      height: 40 + facet.rows.length * 30,
      marginLeft: 170,
      x: { label: "Mean with 95% CI" },
      y: { label: null, domain: facet.rows.map((r) => r.label) },
      marks: [
        ...hiddenAxes({ x: {}, y: {}, gridX: true }),
        overall ? Plot.ruleX([overall.mean], { stroke: "var(--muted)", strokeDasharray: "4 3", ...HIDDEN }) : null,
        Plot.ruleY(withCi, {
          y: "label",
          x1: "lower",
          x2: "upper",
          stroke: "var(--accent)",
          strokeWidth: 2,
          className: "ci-interval",
          ...HIDDEN,
        }),
        Plot.tickX(withCi, { y: "label", x: "lower", stroke: "var(--accent)", ...HIDDEN }),
        Plot.tickX(withCi, { y: "label", x: "upper", stroke: "var(--accent)", ...HIDDEN }),
        Plot.dot(facet.rows, {
          ...HIDDEN,
          className: "ci-mean",
          y: "label",
          x: "mean",
          r: 5,
          fill: (d) => (d.dimension === "overall" ? "var(--fg)" : "var(--accent)"),
          title: (d) =>
            `${d.label}: mean ${formatNumber(d.mean)}${d.lower != null ? `, 95% CI [${formatNumber(d.lower)}, ${formatNumber(d.upper)}]` : ""}`,
        }),
      ],
    };
  }, [facet]);
  return (
    <PlotFigure
      options={options}
      label={`Mean answer to “${q.text}” ${facet.title.toLowerCase()}, with 95% confidence intervals`}
      caption={`${facet.title}: dot = mean, bar = 95% confidence interval; dashed line = the overall mean.`}
    />
  );
}

function CiCharts({ q }: { q: QuestionEvidence }) {
  const facets = useMemo(() => ciFacets(q), [q]);
  if (!facets.length) return null;
  return (
    <section>
      <h3>Mean and 95% confidence interval</h3>
      <div className="small-multiples">
        {facets.map((f) => (
          <CiChart key={f.dimension} q={q} facet={f} />
        ))}
      </div>
      <details>
        <summary>The figures as a table</summary>
        <table className="table">
          <caption className="sr-only">Means and 95% confidence intervals for {q.text}</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col" className="num">
                Mean
              </th>
              <th scope="col" className="num">
                95% CI
              </th>
            </tr>
          </thead>
          <tbody>
            {[...new Map(facets.flatMap((f) => f.rows).map((r) => [`${r.dimension}:${r.key}`, r])).values()].map(
              (r) => (
                <tr key={`${r.dimension}:${r.key}`}>
                  <td>{r.label}</td>
                  <td className="num">{formatNumber(r.mean)}</td>
                  <td className="num">
                    {r.lower != null ? `${formatNumber(r.lower)} – ${formatNumber(r.upper)}` : "—"}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function DistributionChart({ q }: { q: QuestionEvidence }) {
  const d = useMemo(() => distributionRows(q), [q]);
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      height: 30 + d.groups.length * (d.categories.length * 18 + 26),
      marginLeft: 170,
      marginRight: 170,
      x: {
        label: q.type === "multi_choice" ? "Share of respondents" : "Share of answers",
        percent: true,
        domain: [0, 100],
      },
      insetRight: 36,
      y: { label: null, domain: d.categories },
      fy: { label: null, domain: d.groups },
      color: { domain: d.categories, range: PALETTE },
      marks: [
        ...hiddenAxes({
          x: {},
          y: {},
          fy: { anchor: "right", tickFormat: (g: string) => (g.length > 26 ? `${g.slice(0, 25)}…` : g) },
          gridX: true,
        }),
        Plot.barX(d.rows, {
          ...HIDDEN,
          className: "distribution-bar",
          x: "proportion",
          y: "category",
          fy: "group",
          fill: "category",
          title: (r) => `${r.group} — ${r.category}: ${formatPercent(r.proportion)} (${r.count})`,
        }),
        Plot.text(d.rows, {
          ...HIDDEN,
          x: "proportion",
          y: "category",
          fy: "group",
          text: (r) => formatPercent(r.proportion, 0),
          dx: 4,
          textAnchor: "start",
          fill: "var(--fg)",
        }),
        Plot.frame({ stroke: "var(--border)", ...HIDDEN }),
      ],
    }),
    [d, q.type],
  );
  if (!d.rows.length) return null;
  return (
    <section>
      <h3>{q.type === "ranking" ? "First choices" : "Distribution of answers"}</h3>
      <PlotFigure
        options={options}
        label={`Distribution of answers to “${q.text}”, overall and per group`}
        caption="One panel per group, the first for all answers."
      />
    </section>
  );
}
