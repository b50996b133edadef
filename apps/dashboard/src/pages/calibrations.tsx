import * as Plot from "@observablehq/plot";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useMemo, useState } from "react";
import { Link, type RouteObject, useNavigate, useParams } from "react-router";
import { errorMessage, useClient, useSession } from "../client.tsx";
import {
  type Calibration,
  type CalibrationForm,
  type CalibrationReport,
  calibrationBody,
  emptyCalibrationForm,
  FINISHED,
  formatDistance,
  formatSkill,
  type ItemRow,
  itemChartRows,
  itemRows,
  type SkillRow,
  STAGES,
  skillRows,
  skillVerdict,
} from "../lib/calibrations.ts";
import { formatDate, formatInt } from "../lib/format.ts";
import { HIDDEN, hiddenAxes } from "../lib/studies-plot.ts";
import {
  Badge,
  Button,
  Card,
  DataTable,
  Dialog,
  EmptyState,
  ErrorState,
  LiveRegion,
  Loading,
  PageHeader,
  QueryView,
  SelectField,
  StatusBadge,
  Tabs,
  TextField,
} from "../ui/components.tsx";
import { PlotFigure } from "../ui/plot.tsx";
import { useModels } from "./studies/fields.tsx";
import "../styles/studies.css";

function CreateCalibrationDialog(props: { trigger: ReactNode }) {
  const client = useClient();
  const { tenant } = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const models = useModels();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<CalibrationForm>(emptyCalibrationForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: async (body: Parameters<typeof client.calibrations.create>[0]) =>
      (await client.calibrations.create({ ...body, ...tenant })).calibration,
    onSuccess: async (c) => {
      await qc.invalidateQueries({ queryKey: ["calibrations"] });
      setOpen(false);
      navigate(`/calibrations/${c.id}`);
    },
  });
  const set = (k: keyof CalibrationForm) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = calibrationBody(form);
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    create.mutate(parsed.body);
  };
  return (
    <Dialog
      trigger={props.trigger}
      title="New calibration"
      description="Ask a model General Social Survey 2024 items through a generated population of US adults, and score its answers against the real ones."
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) {
          setForm(emptyCalibrationForm());
          setErrors({});
          create.reset();
        }
      }}
    >
      <form className="stack" onSubmit={submit} noValidate>
        <SelectField
          label="Model"
          value={form.model}
          onChange={set("model")}
          error={errors.model ?? (models.isError ? errorMessage(models.error) : undefined)}
          hint={models.isPending ? "Loading the models…" : "Models this server can call."}
          options={[
            { value: "", label: "Choose a model…" },
            ...(models.data ?? []).map((m) => ({ value: m.slug, label: m.slug })),
          ]}
        />
        <TextField
          label="Items"
          hint="gss-2024 for all 30 items, or item ids separated by commas (HAPPY, TRUST, …)."
          value={form.items}
          onChange={set("items")}
          error={errors.items}
        />
        <TextField
          label="Population size"
          hint="20 to 5,000. Subgroup scores need several hundred answers per age group: 2,000 gives about 400."
          inputMode="numeric"
          value={form.size}
          onChange={set("size")}
          error={errors.size}
        />
        <TextField
          label="Seed (optional)"
          hint="The population's seed (2024 when empty): calibrations with the same size and seed ask the same personas."
          inputMode="numeric"
          value={form.seed}
          onChange={set("seed")}
          error={errors.seed}
        />
        {create.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(create.error)}
          </p>
        ) : null}
        <div className="actions">
          <Button type="submit" busy={create.isPending}>
            Start calibration
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function headline(c: Calibration): string {
  const s = c.skill?.subgroupVsMarginal.jsd;
  return s == null ? "—" : formatSkill(s);
}

function CalibrationsList() {
  const client = useClient();
  const { tenant } = useSession();
  const list = useQuery({
    queryKey: ["calibrations", "list", tenant],
    queryFn: async () => (await client.calibrations.list({ ...tenant, limit: 200 })).data,
    refetchInterval: (q) => (q.state.data?.some((c) => !FINISHED.has(c.status)) ? 5000 : false),
  });
  return (
    <>
      <PageHeader
        title="Calibrations"
        description="How close a model's answers come to real survey answers (GSS 2024), overall and by age group and sex."
        actions={<CreateCalibrationDialog trigger={<Button>New calibration</Button>} />}
      />
      <QueryView query={list} loadingLabel="Loading calibrations…">
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState
              title="No calibrations yet"
              action={<CreateCalibrationDialog trigger={<Button>Run your first calibration</Button>} />}
            >
              <p>
                A calibration asks a model up to 30 General Social Survey 2024 questions through personas of a generated
                US-adults population, then measures how far its answer distributions are from the real ones (TVD and
                Jensen–Shannon divergence) and scores it against two baselines that need no model: random answers and
                the all-respondents average.
              </p>
            </EmptyState>
          ) : (
            <DataTable<Calibration>
              caption="Calibrations"
              rows={rows}
              rowKey={(c) => c.id}
              initialSort={{ key: "created", dir: "desc" }}
              columns={[
                {
                  key: "created",
                  header: "Started",
                  sort: (c) => c.createdAt,
                  render: (c) => <Link to={`/calibrations/${c.id}`}>{formatDate(c.createdAt)}</Link>,
                },
                { key: "model", header: "Model", sort: (c) => c.model, render: (c) => c.model },
                { key: "items", header: "Items", align: "right", render: (c) => c.items.length },
                { key: "size", header: "Size", align: "right", sort: (c) => c.size, render: (c) => formatInt(c.size) },
                {
                  key: "status",
                  header: "Status",
                  sort: (c) => c.status,
                  render: (c) => <StatusBadge status={c.status} />,
                },
                {
                  key: "skill",
                  header: "Subgroup skill (JSD)",
                  align: "right",
                  sort: (c) => c.skill?.subgroupVsMarginal.jsd ?? null,
                  render: headline,
                },
              ]}
            />
          )
        }
      </QueryView>
    </>
  );
}

function CalibrationPage() {
  const { calibrationId = "" } = useParams();
  const client = useClient();
  const { tenant } = useSession();
  const cal = useQuery({
    queryKey: ["calibrations", "one", calibrationId, tenant],
    queryFn: async () => (await client.calibrations.retrieve(calibrationId, { ...tenant })).calibration,
    // Followed until it ends: the report is written at the end.
    refetchInterval: (q) => (q.state.data && !FINISHED.has(q.state.data.status) ? 2000 : false),
  });
  if (cal.isPending) return <Loading label="Loading the calibration…" />;
  if (cal.isError)
    return (
      <>
        <PageHeader title="Calibration" />
        <ErrorState error={cal.error} retry={() => cal.refetch()} />
        <p>
          <Link to="/calibrations">Back to the calibrations</Link>
        </p>
      </>
    );
  const c = cal.data;
  const finished = FINISHED.has(c.status);
  const stageIndex = STAGES.findIndex((s) => s.value === c.stage);
  return (
    <>
      <PageHeader
        title={`Calibration of ${c.model}`}
        description={`${c.items.length} GSS 2024 item${c.items.length === 1 ? "" : "s"} · ${formatInt(c.size)} personas (seed ${c.seed}) · started ${formatDate(c.createdAt)}`}
      />
      <p className="crumbs">
        <Link to="/calibrations">All calibrations</Link>
      </p>
      <div className="stack">
        <Card title="Status" actions={<StatusBadge status={c.status} />}>
          <ol className="stages" aria-label="Stages">
            {STAGES.map((s, i) => (
              <li
                key={s.value}
                aria-current={i === stageIndex && !finished ? "step" : undefined}
                className={i < stageIndex || (finished && c.status === "succeeded") ? "stage-done" : undefined}
              >
                {i < stageIndex || (c.status === "succeeded" && s.value === "done") ? "✓ " : ""}
                {s.label}
              </li>
            ))}
          </ol>
          <LiveRegion>
            {finished
              ? `Calibration ${c.status}.`
              : `Calibration ${c.status}: ${STAGES[stageIndex]?.label ?? c.stage}.`}
          </LiveRegion>
          {!finished ? (
            <p className="muted">
              This page follows the calibration until it is done; the report appears here then.
              {c.populationId ? (
                <>
                  {" "}
                  Its population: <Link to={`/populations/${c.populationId}`}>the generated US adults</Link>
                  {c.populationReused ? " (reused from an earlier calibration)" : ""}.
                </>
              ) : null}
            </p>
          ) : null}
          {c.error ? (
            <p className="field-error">
              It failed: {c.error.error} ({c.error.code})
            </p>
          ) : null}
        </Card>
        {c.report ? <Report report={c.report} /> : finished && c.status === "succeeded" ? <p>No report.</p> : null}
      </div>
    </>
  );
}

function Report({ report }: { report: CalibrationReport }) {
  const items = useMemo(() => itemRows(report), [report]);
  const floor = report.means.samplingFloor;
  return (
    <>
      <Card title="What this measures">
        {report.simulator ? (
          <p className="notice notice-warn">
            <strong>The simulator is not a real model.</strong> {report.note}
          </p>
        ) : (
          <p className="notice">{report.note}</p>
        )}
        <p>
          Each of the {report.items.length} items was asked of {formatInt(report.tasks.total)} personas (
          {formatInt(report.tasks.answered)} answered, {formatInt(report.tasks.failed)} failed). For every cell (an
          item, overall or for one age group or sex) the model's answer distribution is compared with the real GSS 2024
          one by the total variation distance (TVD: the share of answers that would have to move) and the Jensen–Shannon
          divergence (JSD, base 2: 0 identical, 1 disjoint). The <strong>skill score</strong> is 1 − the model's mean
          distance ÷ a baseline's: 1 means the real distributions, 0 no better than the baseline, below 0 worse. The{" "}
          <em>uniform</em> baseline answers every category equally often (random answers); the <em>marginal</em>{" "}
          baseline gives every subgroup the all-respondents answer, the best a model that ignores demographics can do.
          So the headline, <strong>subgroup skill against the marginal baseline</strong>, asks whether the model gets
          the differences between age groups and sexes. Small calibrations cannot show it: even a perfect model is this
          far from the truth by sampling alone (the sampling floor;{" "}
          {floor.subgroup.jsd == null
            ? "here no age group or sex had enough answers for a subgroup score"
            : `here a mean JSD of ${formatDistance(floor.subgroup.jsd)} per subgroup cell`}
          ), so read every score against the floor. Cells under {report.cells.minAnswers} answers are left out.
        </p>
        <p className="hint">
          {report.source.citation} <a href={report.source.url}>{report.source.url}</a>. Question wording is ours, not
          the GSS's.
        </p>
      </Card>
      <Card title="Skill scores">
        <DataTable<SkillRow>
          caption="Skill scores against the two baselines"
          rows={report.skill ? skillRows(report.skill) : []}
          rowKey={(r) => r.key}
          columns={[
            {
              key: "baseline",
              header: "Against",
              render: (r) => (
                <>
                  {r.baseline} baseline {r.headline ? <Badge tone="info">headline</Badge> : null}
                </>
              ),
            },
            { key: "level", header: "Level", render: (r) => r.level },
            { key: "jsd", header: "Skill (JSD)", align: "right", render: (r) => formatSkill(r.jsd) },
            { key: "tvd", header: "Skill (TVD)", align: "right", render: (r) => formatSkill(r.tvd) },
            {
              key: "verdict",
              header: "Reads as",
              render: (r) => (r.jsd == null ? r.reads : `${skillVerdict(r.jsd)}. ${r.reads}`),
            },
          ]}
        />
        <MeansTable report={report} />
      </Card>
      <Card title="Per item">
        <Tabs
          label="Distance shown in the chart"
          tabs={[
            { value: "jsd", label: "JSD", content: <ItemChart rows={items} measure="jsd" /> },
            { value: "tvd", label: "TVD", content: <ItemChart rows={items} measure="tvd" /> },
          ]}
        />
        <DataTable<ItemRow>
          caption="Distances per item"
          rows={items}
          rowKey={(r) => r.id}
          initialSort={{ key: "jsd", dir: "desc" }}
          columns={[
            {
              key: "id",
              header: "Item",
              sort: (r) => r.id,
              render: (r) => (
                <>
                  {r.id} {r.lowN ? <Badge tone="warn">few answers</Badge> : null}
                </>
              ),
            },
            { key: "n", header: "Answers", align: "right", sort: (r) => r.n, render: (r) => formatInt(r.n) },
            {
              key: "invalid",
              header: "Invalid",
              align: "right",
              sort: (r) => r.invalid,
              render: (r) => formatInt(r.invalid),
            },
            { key: "tvd", header: "TVD", align: "right", sort: (r) => r.tvd, render: (r) => formatDistance(r.tvd) },
            { key: "jsd", header: "JSD", align: "right", sort: (r) => r.jsd, render: (r) => formatDistance(r.jsd) },
            {
              key: "floor",
              header: "Floor (JSD)",
              align: "right",
              sort: (r) => r.floorJsd,
              render: (r) => formatDistance(r.floorJsd),
            },
            {
              key: "uniform",
              header: "Uniform (JSD)",
              align: "right",
              sort: (r) => r.uniformJsd,
              render: (r) => formatDistance(r.uniformJsd),
            },
            {
              key: "subgroup",
              header: "Subgroup mean (JSD)",
              align: "right",
              sort: (r) => r.subgroupJsd,
              render: (r) => formatDistance(r.subgroupJsd),
            },
          ]}
        />
      </Card>
    </>
  );
}

function MeansTable({ report }: { report: CalibrationReport }) {
  const m = report.means;
  const rows: Array<[string, { jsd: number | null; tvd: number | null }, { jsd: number | null; tvd: number | null }]> =
    [
      ["Model", m.model.overall, m.model.subgroup],
      ["Uniform baseline", m.uniform.overall, m.uniform.subgroup],
      ["Marginal baseline", m.marginal.overall, m.marginal.subgroup],
      ["Sampling floor", m.samplingFloor.overall, m.samplingFloor.subgroup],
    ];
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>
          Mean distances over {report.cells.overall} overall and {report.cells.subgroup} subgroup cells
        </caption>
        <thead>
          <tr>
            <th scope="col">Mean distance of</th>
            <th scope="col" className="num">
              Overall JSD
            </th>
            <th scope="col" className="num">
              Overall TVD
            </th>
            <th scope="col" className="num">
              Subgroup JSD
            </th>
            <th scope="col" className="num">
              Subgroup TVD
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, o, g]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td className="num">{formatDistance(o.jsd)}</td>
              <td className="num">{formatDistance(o.tvd)}</td>
              <td className="num">{formatDistance(g.jsd)}</td>
              <td className="num">{formatDistance(g.tvd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ItemChart({ rows, measure }: { rows: ItemRow[]; measure: "jsd" | "tvd" }) {
  const data = useMemo(() => itemChartRows(rows, measure), [rows, measure]);
  const order = useMemo(
    () => [...rows].sort((a, b) => (b[measure] ?? -1) - (a[measure] ?? -1)).map((r) => r.id),
    [rows, measure],
  );
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      height: 50 + order.length * 22,
      marginLeft: 90,
      x: { label: measure === "jsd" ? "Jensen–Shannon divergence" : "Total variation distance" },
      y: { label: null, domain: order },
      color: {
        domain: ["Model", "Uniform baseline", "Sampling floor"],
        range: ["var(--accent)", "var(--muted)", "var(--good)"],
        legend: true,
      },
      symbol: { domain: ["Model", "Uniform baseline", "Sampling floor"], range: ["circle", "diamond", "triangle"] },
      marks: [
        ...hiddenAxes({ x: {}, y: {}, gridX: true }),
        Plot.ruleY(
          data.filter((d) => d.series === "Model"),
          { y: "id", x1: 0, x2: "value", stroke: "var(--accent)", strokeOpacity: 0.35, ...HIDDEN },
        ),
        Plot.dot(data, {
          ...HIDDEN,
          className: "item-distance",
          y: "id",
          x: "value",
          stroke: "series",
          fill: "series",
          symbol: "series",
          r: 4,
          title: (d) => `${d.id} — ${d.series}: ${d.value.toFixed(4)}`,
        }),
      ],
    }),
    [data, order, measure],
  );
  return (
    <PlotFigure
      options={options}
      label={`${measure.toUpperCase()} per item: the model, the uniform baseline and the sampling floor`}
      caption="Per item (overall cell): the model's distance to the real distribution, the uniform baseline's, and the sampling floor (the distance expected from sampling alone). Lower is better."
    />
  );
}

export const calibrationsRoutes: RouteObject[] = [
  { path: "calibrations", element: <CalibrationsList /> },
  { path: "calibrations/:calibrationId", element: <CalibrationPage /> },
];
