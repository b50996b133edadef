import * as Plot from "@observablehq/plot";
import { useMemo } from "react";
import { formatDate, formatNumber } from "../../lib/format.ts";
import { PALETTE, type StudyTrend, trendMeanRows, trendShareRows } from "../../lib/studies.ts";
import { HIDDEN, hiddenAxes } from "../../lib/studies-plot.ts";
import { PlotFigure } from "../../ui/plot.tsx";

type TrendQuestion = StudyTrend["questions"][number];

function MeanTrend({ q }: { q: TrendQuestion }) {
  const rows = useMemo(() => trendMeanRows(q), [q]);
  const options = useMemo<Plot.PlotOptions>(() => {
    const band = rows.filter((r) => r.lower != null && r.upper != null);
    return {
      height: 220,
      marginLeft: 48,
      x: { type: "point", label: "Run (oldest first)", domain: rows.map((r) => r.run) },
      y: { label: "Mean (95% CI)" },
      marks: [
        ...hiddenAxes({ x: {}, y: {}, gridY: true }),
        Plot.areaY(band, {
          ...HIDDEN,
          className: "trend-band",
          x: "run",
          y1: "lower",
          y2: "upper",
          fill: "var(--accent)",
          fillOpacity: 0.18,
        }),
        Plot.lineY(rows, {
          x: "run",
          y: "mean",
          stroke: "var(--accent)",
          strokeWidth: 2,
          className: "trend-mean",
          ...HIDDEN,
        }),
        Plot.dot(rows, {
          ...HIDDEN,
          x: "run",
          y: "mean",
          fill: (d) => (d.stoppedEarly ? "var(--surface)" : "var(--accent)"),
          stroke: "var(--accent)",
          r: 4,
          title: (d) =>
            `Run ${d.run} (${formatDate(d.date.toISOString())}): mean ${formatNumber(d.mean)}${d.lower != null ? ` [${formatNumber(d.lower)}, ${formatNumber(d.upper)}]` : ""}, n=${d.n}${d.stoppedEarly ? " (stopped early)" : ""}`,
        }),
      ],
    };
  }, [rows]);
  if (!rows.length) return <p className="muted">No run has a mean for this question yet.</p>;
  return (
    <PlotFigure
      options={options}
      label={`Mean answer to “${q.text}” across ${rows.length} runs, with 95% confidence bands`}
      caption="Line: the mean of each succeeded run; band: its 95% confidence interval. Hollow dots: runs stopped early."
    />
  );
}

function ShareTrend({ q }: { q: TrendQuestion }) {
  const rows = useMemo(() => trendShareRows(q), [q]);
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      height: 220,
      marginLeft: 48,
      x: { type: "point", label: "Run (oldest first)", domain: [...new Set(rows.map((r) => r.run))] },
      y: { label: "Share of answers", percent: true, domain: [0, 100] },
      color: { legend: true, range: PALETTE },
      marks: [
        ...hiddenAxes({ x: {}, y: {}, gridY: true }),
        Plot.lineY(rows, { x: "run", y: "share", stroke: "answer", strokeWidth: 2, ...HIDDEN }),
        Plot.dot(rows, {
          x: "run",
          y: "share",
          fill: "answer",
          r: 3,
          title: (d) => `Run ${d.run} (${formatDate(d.date.toISOString())}): ${d.answer} ${Math.round(d.share * 100)}%`,
          ...HIDDEN,
        }),
      ],
    }),
    [rows],
  );
  if (!rows.length)
    return <p className="muted">This question has no answer shares to follow (text, numbers or JSON).</p>;
  return (
    <PlotFigure
      options={options}
      label={`Answer shares for “${q.text}” across runs`}
      caption="Each line is one answer's share in each succeeded run."
    />
  );
}

export function TrendChart({ trend }: { trend: StudyTrend }) {
  return (
    <div className="stack">
      <p className="muted">
        {trend.runs} succeeded runs, oldest first. Figures are unweighted; pilots and runs stopped early count too.
      </p>
      {trend.questions.map((q) => (
        <section key={q.questionId} className="trend-question">
          <h3>{q.text}</h3>
          {q.type === "likert" || q.type === "numeric" ? <MeanTrend q={q} /> : <ShareTrend q={q} />}
        </section>
      ))}
    </div>
  );
}
