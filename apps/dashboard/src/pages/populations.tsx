import * as Plot from "@observablehq/plot";
import type { BodyOf, ResponseOf, Schemas } from "@person-run/sdk";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, type RouteObject, useLocation, useNavigate, useParams } from "react-router";
import { queryClient, useClient, useSession } from "../client.tsx";
import { formatDate, formatInt, formatNumber, formatPercent, formatUsd } from "../lib/format.ts";
import {
  type FitRow,
  fitChartPoints,
  fitVariables,
  formatPp,
  generationProgress,
  labelMargin,
  parseTargets,
  variableLabel,
  worstDeviations,
} from "../lib/populations.ts";
import { forget } from "../lib/skills-cache.ts";
import {
  Badge,
  Button,
  Card,
  DataTable,
  Dialog,
  EmptyState,
  LiveRegion,
  PageHeader,
  QueryView,
  SelectField,
  Stat,
  StatusBadge,
  Tabs,
  TextArea,
  TextField,
} from "../ui/components.tsx";
import { FormError } from "../ui/form-error.tsx";
import { PlotFigure } from "../ui/plot.tsx";
import "../styles/skills.css";

type Population = Schemas["Population"];

function PopulationsList() {
  const client = useClient();
  const { tenant } = useSession();
  const pops = useQuery({
    queryKey: ["populations", "list", tenant],
    queryFn: async () => (await client.populations.list({ ...tenant, limit: 200 })).data,
    refetchInterval: (q) => (q.state.data?.some((p) => p.status === "generating") ? 2000 : false),
  });
  const actions = (
    <>
      <Link className="btn btn-secondary link-button" to="/populations/new">
        Compose from cohorts
      </Link>
      <Link className="btn btn-primary link-button" to="/populations/generate">
        Generate a census-matched population
      </Link>
    </>
  );
  return (
    <div className="research">
      <PageHeader
        title="Populations"
        description="Versioned panels of personas that studies ask: generated to match census marginals, or composed from cohorts with weights."
        actions={actions}
      />
      <QueryView query={pops} loadingLabel="Loading populations…">
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState title="No populations yet" action={actions}>
              Generate one to match the US adult population (sex, age, education, income, region, urban/rural,
              employment) — its fit report shows how close it came — or combine your cohorts into a weighted panel.
            </EmptyState>
          ) : (
            <DataTable<Population>
              caption="Populations"
              rows={rows}
              rowKey={(p) => p.id}
              columns={[
                {
                  key: "name",
                  header: "Name",
                  sort: (p) => p.name,
                  render: (p) => <Link to={`/populations/${p.id}`}>{p.name}</Link>,
                },
                { key: "kind", header: "Kind", sort: (p) => p.kind, render: (p) => p.kind },
                {
                  key: "status",
                  header: "Status",
                  sort: (p) => p.status,
                  render: (p) =>
                    p.status === "generating" ? (
                      <span>
                        <StatusBadge status="running" /> {formatInt(p.generated)} / {formatInt(p.size)}
                      </span>
                    ) : (
                      <StatusBadge status={p.status === "ready" ? "ok" : "failed"} />
                    ),
                },
                { key: "size", header: "Size", align: "right", sort: (p) => p.size, render: (p) => formatInt(p.size) },
                { key: "version", header: "Version", align: "right", sort: (p) => p.version, render: (p) => p.version },
                {
                  key: "fit",
                  header: "Largest deviation",
                  align: "right",
                  sort: (p) => p.fit?.maxDeviation,
                  render: (p) => (p.fit ? formatPp(p.fit.maxDeviation) : "—"),
                },
                { key: "created", header: "Created", sort: (p) => p.createdAt, render: (p) => formatDate(p.createdAt) },
              ]}
            />
          )
        }
      </QueryView>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// Generate

function GeneratePopulation() {
  const client = useClient();
  const { tenant } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState("US adults");
  const [size, setSize] = useState("100");
  const [mode, setMode] = useState<"preset" | "custom">("preset");
  const [custom, setCustom] = useState('{\n  "sex": { "male": 0.5, "female": 0.5 }\n}');
  const [seed, setSeed] = useState("");
  const [model, setModel] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const gen = useMutation({
    mutationFn: (body: BodyOf<"generatePopulation">) => client.populations.generate({ ...tenant, ...body }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ["populations"] });
      navigate(`/populations/${r.population.id}`, { state: { estimate: r.estimate } });
    },
  });
  return (
    <div className="research">
      <PageHeader
        title="Generate a population"
        description="Personas drawn to match census marginals, balanced and raked; the fit report shows target against achieved for every category."
        actions={<Link to="/populations">All populations</Link>}
      />
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(size);
          if (!Number.isInteger(n) || n < 1 || n > 10_000) {
            setProblem("Size must be a whole number from 1 to 10,000.");
            return;
          }
          const targets = mode === "preset" ? ({ ok: true, targets: "us-adults" } as const) : parseTargets(custom);
          if (!targets.ok) {
            setProblem(targets.error);
            return;
          }
          const s = seed.trim() === "" ? undefined : Number(seed);
          if (s !== undefined && (!Number.isSafeInteger(s) || s < 0)) {
            setProblem("The seed is a whole number ≥ 0.");
            return;
          }
          setProblem(null);
          gen.mutate({
            name: name.trim(),
            size: n,
            targets: targets.targets,
            ...(s !== undefined ? { seed: s } : {}),
            ...(model.trim() ? { model: model.trim() } : {}),
          });
        }}
      >
        <Card title="Population">
          <div className="grid-2">
            <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} />
            <TextField
              label="Size"
              hint="Personas to generate, 1–10,000"
              inputMode="numeric"
              required
              value={size}
              onChange={(e) => setSize(e.target.value)}
            />
            <TextField
              label="Seed"
              hint="Optional: the same seed gives the same personas"
              inputMode="numeric"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
            />
            <TextField
              label="Model"
              hint="Optional: writes the profiles; the simulator by default"
              value={model}
              onChange={(e) => setModel(e.target.value)}
            />
          </div>
        </Card>
        <Card title="Targets">
          <SelectField
            label="Marginals to match"
            value={mode}
            onChange={(e) => setMode(e.target.value as "preset" | "custom")}
            options={[
              { value: "preset", label: "US adults (Census Bureau and BLS figures)" },
              { value: "custom", label: "US adults, with some variables replaced" },
            ]}
          />
          {mode === "custom" ? (
            <TextArea
              label="Custom marginals (JSON)"
              rows={6}
              hint="{ variable: { category: share } } for sex, age_band, education, household_income, census_region, urban_rural or employment_status; each variable's shares sum to 1. Variables not named keep the preset."
              value={custom}
              onChange={(e) => setCustom(e.target.value)}
            />
          ) : null}
        </Card>
        {problem ? (
          <div className="error-state" role="alert">
            {problem}
          </div>
        ) : null}
        {gen.isError ? <FormError error={gen.error} title="The population was not generated" /> : null}
        <div className="actions">
          <Button type="submit" busy={gen.isPending}>
            Generate
          </Button>
        </div>
      </form>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// Compose

function ComposePopulation() {
  const client = useClient();
  const { tenant } = useSession();
  const navigate = useNavigate();
  const cohorts = useQuery({
    queryKey: ["cohorts", "list", tenant],
    queryFn: async () => (await client.cohorts.list({ ...tenant, limit: 200 })).data,
  });
  const [name, setName] = useState("");
  const [rows, setRows] = useState<Array<{ cohortId: string; weight: string }>>([]);
  const [rule, setRule] = useState<"all" | "quota">("all");
  const [size, setSize] = useState("100");
  const [seed, setSeed] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: BodyOf<"createPopulation">) => client.populations.create({ ...tenant, ...body }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ["populations"] });
      navigate(`/populations/${r.population.id}`);
    },
  });
  return (
    <div className="research">
      <PageHeader
        title="Compose a population"
        description="Combine cohorts with relative weights; every change of the composition is a new version."
        actions={<Link to="/populations">All populations</Link>}
      />
      <QueryView query={cohorts} loadingLabel="Loading cohorts…">
        {(list) =>
          list.length === 0 ? (
            <EmptyState
              title="Make a cohort first"
              action={
                <Link className="btn btn-primary link-button" to="/cohorts/new">
                  New cohort
                </Link>
              }
            >
              A composed population is built from cohorts. Or generate one to match census marginals instead.
            </EmptyState>
          ) : (
            <form
              className="stack"
              onSubmit={(e) => {
                e.preventDefault();
                const cs = rows.map((r) => ({ cohortId: r.cohortId, weight: Number(r.weight) }));
                if (!cs.length) return setProblem("Add at least one cohort.");
                if (cs.some((c) => !(c.weight > 0))) return setProblem("Every weight must be a number above 0.");
                const n = Number(size);
                if (rule === "quota" && (!Number.isInteger(n) || n < 1 || n > 10_000)) {
                  return setProblem("Size must be a whole number from 1 to 10,000.");
                }
                setProblem(null);
                create.mutate({
                  name: name.trim(),
                  cohorts: cs,
                  sampling: { rule, ...(seed.trim() ? { seed: Number(seed) } : {}) },
                  ...(rule === "quota" ? { size: n } : {}),
                });
              }}
            >
              <Card title="Population">
                <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} />
              </Card>
              <Card title="Cohorts and weights">
                {rows.map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; a cohort may be picked twice before the API refuses it
                  <div className="field-row" key={`${r.cohortId}-${i}`}>
                    <SelectField
                      label={`Cohort ${i + 1}`}
                      value={r.cohortId}
                      options={list.map((c) => ({ value: c.id, label: `${c.name} (${c.memberCount})` }))}
                      onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, cohortId: e.target.value } : x)))}
                    />
                    <TextField
                      label={`Weight ${i + 1}`}
                      inputMode="decimal"
                      value={r.weight}
                      onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, weight: e.target.value } : x)))}
                    />
                    <div className="field">
                      <Button
                        variant="ghost"
                        aria-label={`Remove cohort ${i + 1}`}
                        onClick={() => setRows(rows.filter((_, j) => j !== i))}
                      >
                        Remove
                      </Button>
                    </div>
                  </div>
                ))}
                <Button
                  variant="secondary"
                  onClick={() =>
                    setRows([
                      ...rows,
                      {
                        cohortId: list.find((c) => !rows.some((r) => r.cohortId === c.id))?.id ?? list[0]?.id ?? "",
                        weight: "1",
                      },
                    ])
                  }
                >
                  Add a cohort
                </Button>
                <p className="hint">
                  Weights are relative (2 and 1 become 2/3 and 1/3). A persona in several cohorts counts once, in the
                  first.
                </p>
              </Card>
              <Card title="Sampling">
                <div className="field-row">
                  <SelectField
                    label="Rule"
                    value={rule}
                    onChange={(e) => setRule(e.target.value as "all" | "quota")}
                    options={[
                      { value: "all", label: "Every member, weighted" },
                      { value: "quota", label: "A quota sample of a given size" },
                    ]}
                  />
                  {rule === "quota" ? (
                    <TextField
                      label="Size"
                      inputMode="numeric"
                      value={size}
                      onChange={(e) => setSize(e.target.value)}
                    />
                  ) : null}
                  <TextField
                    label="Seed"
                    hint="Optional"
                    inputMode="numeric"
                    value={seed}
                    onChange={(e) => setSeed(e.target.value)}
                  />
                </div>
              </Card>
              {problem ? (
                <div className="error-state" role="alert">
                  {problem}
                </div>
              ) : null}
              {create.isError ? <FormError error={create.error} title="The population was not created" /> : null}
              <div className="actions">
                <Button type="submit" busy={create.isPending}>
                  Create population
                </Button>
              </div>
            </form>
          )
        }
      </QueryView>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// Detail

function estimateLabel(e: Schemas["PopulationEstimate"]): string {
  return `Estimated at most ${formatUsd(e.costUsd)} (${formatInt(e.credits)} credits) for ${formatInt(e.personas)} profiles on ${e.model}.`;
}

function FitChart(props: { rows: FitRow[] }) {
  const vars = useMemo(() => fitVariables(props.rows), [props.rows]);
  return (
    <div className="fit-grid">
      {vars.map((v) => (
        <FitPanel key={v.variable} label={v.label} rows={props.rows.filter((r) => r.variable === v.variable)} />
      ))}
    </div>
  );
}

function FitPanel(props: { label: string; rows: FitRow[] }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const pts = fitChartPoints(props.rows);
    const achieved = pts.filter((p) => p.series === "Achieved");
    const target = pts.filter((p) => p.series === "Target");
    return {
      height: 36 + props.rows.length * 22,
      marginLeft: labelMargin(props.rows),
      x: {
        label: null,
        tickFormat: "%",
        grid: true,
        ticks: 4,
        domain: [0, Math.max(...pts.map((p) => p.share), 0.05) * 1.1],
      },
      y: { label: null, domain: props.rows.map((r) => r.category) },
      marks: [
        // The chart is one image named by its label; the same figures are in the table below the charts.
        Plot.barX(achieved, {
          x: "share",
          y: "category",
          fill: "var(--accent)",
          fillOpacity: 0.75,
          ariaHidden: "true",
        }),
        Plot.tickX(target, { x: "share", y: "category", stroke: "currentColor", strokeWidth: 2, ariaHidden: "true" }),
        Plot.ruleX([0], { ariaHidden: "true" }),
      ],
    };
  }, [props.rows]);
  return (
    <div>
      <h3>{props.label}</h3>
      <PlotFigure
        options={options}
        label={`${props.label}: achieved share (bars) against target share (ticks)`}
        minWidth={220}
      />
    </div>
  );
}

function FitReport(props: { fit: NonNullable<Population["fit"]> }) {
  const { fit } = props;
  return (
    <div className="stack">
      <div className="grid">
        <Stat label="Largest deviation" value={formatPp(fit.maxDeviation)} hint="Unweighted, against target" />
        <Stat
          label="Largest weighted deviation"
          value={formatPp(fit.weightedMaxDeviation)}
          hint="With the raked weights"
        />
        <Stat
          label="Effective sample size"
          value={formatNumber(fit.effectiveSampleSize, 1)}
          hint={`Efficiency ${formatPercent(fit.efficiency)}`}
        />
      </div>
      <p className="hint">Bars: the share of members in each category. Ticks: the census target.</p>
      <FitChart rows={fit.rows} />
      <h3>Every category</h3>
      <DataTable<FitRow>
        caption="Fit: target and achieved share per category"
        rows={fit.rows}
        rowKey={(r) => `${r.variable}/${r.category}`}
        columns={[
          { key: "variable", header: "Variable", sort: (r) => r.variable, render: (r) => variableLabel(r.variable) },
          { key: "category", header: "Category", sort: (r) => r.category, render: (r) => r.category },
          {
            key: "target",
            header: "Target",
            align: "right",
            sort: (r) => r.target,
            render: (r) => formatPercent(r.target),
          },
          {
            key: "achieved",
            header: "Achieved",
            align: "right",
            sort: (r) => r.achieved,
            render: (r) => formatPercent(r.achieved),
          },
          {
            key: "deviation",
            header: "Deviation",
            align: "right",
            sort: (r) => Math.abs(r.deviation),
            render: (r) => formatPp(r.deviation),
          },
          {
            key: "weighted",
            header: "Weighted",
            align: "right",
            sort: (r) => r.weightedAchieved,
            render: (r) => formatPercent(r.weightedAchieved),
          },
        ]}
      />
      <p className="hint">
        Furthest from target:{" "}
        {worstDeviations(fit.rows, 3)
          .map((r) => `${variableLabel(r.variable)} ${r.category} (${formatPp(r.deviation)})`)
          .join(", ")}
      </p>
    </div>
  );
}

function PopulationDetail() {
  const { populationId = "" } = useParams();
  const client = useClient();
  const { tenant } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const estimate = (location.state as { estimate?: Schemas["PopulationEstimate"] } | null)?.estimate;
  const pop = useQuery({
    queryKey: ["populations", "one", tenant, populationId],
    queryFn: async () => (await client.populations.retrieve(populationId, { ...tenant })).population,
    refetchInterval: (q) => (q.state.data?.status === "generating" ? 1000 : false),
  });
  const snapshot = useMutation({
    mutationFn: () => client.populations.snapshot(populationId, { ...tenant }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["populations"] }),
  });
  const del = useMutation({
    mutationFn: () => client.populations.delete(populationId, { ...tenant }),
    onSuccess: async () => {
      navigate("/populations");
      forget(populationId);
      await queryClient.invalidateQueries({ queryKey: ["populations", "list"] });
    },
  });
  return (
    <QueryView query={pop} loadingLabel="Loading the population…">
      {(p) => {
        const progress = generationProgress(p);
        return (
          <div className="research">
            <PageHeader
              title={p.name}
              description={`${p.kind === "generated" ? "Generated" : "Composed"} · version ${p.version} · ${formatInt(p.size)} personas`}
              actions={
                <>
                  <Link to="/populations">All populations</Link>
                  {p.kind === "composed" ? (
                    <Button variant="secondary" busy={snapshot.isPending} onClick={() => snapshot.mutate()}>
                      Re-snapshot cohorts
                    </Button>
                  ) : null}
                  <Dialog
                    trigger={<Button variant="danger">Delete</Button>}
                    title={`Delete “${p.name}”?`}
                    description="The population and its versions are deleted (a generation in flight is cancelled); the personas stay. A population a study names cannot be deleted."
                  >
                    <div className="actions">
                      <Button variant="danger" busy={del.isPending} onClick={() => del.mutate()}>
                        Delete population
                      </Button>
                    </div>
                    {del.isError ? <FormError error={del.error} /> : null}
                  </Dialog>
                </>
              }
            />
            <LiveRegion>{progress.label}</LiveRegion>
            {snapshot.data ? (
              <p role="status" className="badge badge-info">
                {snapshot.data.created
                  ? `Version ${snapshot.data.version.version} made.`
                  : "No change: the current version stands."}
              </p>
            ) : null}
            {snapshot.isError ? <FormError error={snapshot.error} /> : null}
            {p.status === "generating" ? (
              <Card title="Generating">
                <div className="progress-line">
                  <div
                    className="meter"
                    role="progressbar"
                    aria-label="Personas generated"
                    aria-valuemin={0}
                    aria-valuemax={progress.total}
                    aria-valuenow={progress.done}
                  >
                    <span style={{ width: `${Math.round(progress.share * 100)}%` }} />
                  </div>
                  <span>{progress.label}</span>
                  {estimate ? <span className="hint">{estimateLabel(estimate)}</span> : null}
                </div>
              </Card>
            ) : null}
            {p.status === "failed" ? (
              <div className="error-state" role="alert">
                <strong>The generation failed</strong>
                <p>
                  {p.error?.error ?? "Unknown error"} ({p.error?.code ?? "error"}). {formatInt(p.generated)} personas
                  were created and stay yours.
                </p>
              </div>
            ) : null}
            {p.status !== "generating" ? <PopulationTabs p={p} /> : null}
          </div>
        );
      }}
    </QueryView>
  );
}

function PopulationTabs(props: { p: Population }) {
  const { p } = props;
  const tabs = [
    ...(p.fit ? [{ value: "fit", label: "Fit report", content: <FitReport fit={p.fit} /> }] : []),
    { value: "overview", label: "Overview", content: <Overview p={p} /> },
    { value: "versions", label: "Versions and members", content: <Versions p={p} /> },
  ];
  return <Tabs label="Population" tabs={tabs} />;
}

function Overview(props: { p: Population }) {
  const { p } = props;
  const d = p.diversity;
  return (
    <div className="stack">
      <Card title="Definition">
        <dl className="kv">
          <dt>Kind</dt>
          <dd>{p.kind}</dd>
          {p.kind === "generated" ? (
            <>
              <dt>Targets</dt>
              <dd>
                {typeof p.targets === "string"
                  ? p.targets
                  : `us-adults with ${Object.keys(p.targets ?? {}).join(", ")} replaced`}
              </dd>
              <dt>Seed</dt>
              <dd>{p.seed ?? "—"}</dd>
              <dt>Model</dt>
              <dd>{p.model ?? "—"}</dd>
            </>
          ) : (
            <>
              <dt>Cohorts</dt>
              <dd>
                {(p.cohorts ?? []).map((c) => (
                  <span key={c.cohortId}>
                    <Link to={`/cohorts/${c.cohortId}`}>cohort</Link> {formatPercent(c.weight)}{" "}
                  </span>
                ))}
              </dd>
              <dt>Sampling</dt>
              <dd>
                {p.sampling?.rule ?? "—"}
                {p.sampling?.seed != null ? ` (seed ${p.sampling.seed})` : ""}
              </dd>
            </>
          )}
          <dt>Created</dt>
          <dd>{formatDate(p.createdAt)}</dd>
        </dl>
      </Card>
      {p.warnings.length ? (
        <Card title="Warnings">
          <ul>
            {p.warnings.map((w) => (
              <li key={JSON.stringify(w)}>{describeWarning(w)}</li>
            ))}
          </ul>
        </Card>
      ) : null}
      {d ? (
        <Card title="Diversity">
          <div className="grid">
            <Stat label="Census cells covered" value={formatPercent(d.marginal?.coverage)} />
            <Stat label="Pairs covered (of expected)" value={formatPercent(d.pairwise?.coverageOfExpected)} />
            <Stat label="Effective sample size" value={formatNumber(d.effectiveSampleSize, 1)} />
            <Stat label="Duplicates" value={formatInt(d.duplicates?.count ?? 0)} />
          </div>
          {d.warnings?.length ? (
            <ul>
              {d.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">No diversity warnings.</p>
          )}
        </Card>
      ) : null}
    </div>
  );
}

function describeWarning(w: Schemas["PopulationWarning"]): string {
  const x = w as Record<string, unknown>;
  if (x.type === "shortfall" || "shortfall" in x) {
    return `A cohort had fewer members (${x.available}) than its quota (${x.quota}): ${x.shortfall} short.`;
  }
  if (x.type === "empty_cohort") return "A cohort has no members: the other weights were re-normalised.";
  return JSON.stringify(w);
}

function Versions(props: { p: Population }) {
  const client = useClient();
  const { tenant } = useSession();
  const { p } = props;
  const versions = useQuery({
    queryKey: ["populations", "versions", tenant, p.id, p.version],
    queryFn: async () => (await client.populations.versions(p.id, { ...tenant })).versions,
  });
  const [selected, setSelected] = useState<number>(p.version);
  return (
    <QueryView query={versions} loadingLabel="Loading versions…">
      {(list) =>
        list.length === 0 ? (
          <EmptyState title="No version yet">A version is written when the generation finishes.</EmptyState>
        ) : (
          <div className="stack">
            <SelectField
              label="Version"
              value={String(selected)}
              onChange={(e) => setSelected(Number(e.target.value))}
              options={[...list].reverse().map((v) => ({
                value: String(v.version),
                label: `Version ${v.version} · ${formatInt(v.size)} members · ${formatDate(v.createdAt)}`,
              }))}
            />
            <Members populationId={p.id} version={selected} />
          </div>
        )
      }
    </QueryView>
  );
}

type Member = Schemas["PopulationMember"];

function Members(props: { populationId: string; version: number }) {
  const client = useClient();
  const { tenant } = useSession();
  const [cursor, setCursor] = useState<string | undefined>();
  const page = useQuery({
    queryKey: ["populations", "members", tenant, props.populationId, props.version, cursor],
    queryFn: async () =>
      (
        await client.populations.members(props.populationId, props.version, {
          ...tenant,
          limit: 50,
          ...(cursor ? { cursor } : {}),
        })
      ).body as ResponseOf<"listPopulationMembers">,
  });
  return (
    <QueryView query={page} loadingLabel="Loading members…">
      {(m) => (
        <>
          <DataTable<Member>
            caption={`Members of version ${props.version}`}
            rows={m.members}
            rowKey={(x) => x.personaId}
            columns={[
              {
                key: "name",
                header: "Name",
                sort: (x) => `${x.snapshot.firstName} ${x.snapshot.lastName}`,
                render: (x) =>
                  x.deleted ? (
                    <span>
                      {x.snapshot.firstName} {x.snapshot.lastName} <Badge tone="warn">deleted</Badge>
                    </span>
                  ) : (
                    <Link to={`/personas/${x.personaId}`}>{`${x.snapshot.firstName} ${x.snapshot.lastName}`}</Link>
                  ),
              },
              { key: "age", header: "Age", align: "right", sort: (x) => x.snapshot.age, render: (x) => x.snapshot.age },
              {
                key: "location",
                header: "Location",
                sort: (x) => x.snapshot.location,
                render: (x) => x.snapshot.location,
              },
              {
                key: "occupation",
                header: "Occupation",
                sort: (x) => x.snapshot.baseOccupation,
                render: (x) => x.snapshot.baseOccupation,
              },
              {
                key: "weight",
                header: "Weight",
                align: "right",
                sort: (x) => x.weight,
                render: (x) => formatNumber(x.weight, 3),
              },
            ]}
          />
          <div className="actions">
            {cursor ? (
              <Button variant="secondary" onClick={() => setCursor(undefined)}>
                First page
              </Button>
            ) : null}
            {m.nextCursor ? (
              <Button variant="secondary" onClick={() => setCursor(m.nextCursor ?? undefined)}>
                Next page
              </Button>
            ) : null}
          </div>
        </>
      )}
    </QueryView>
  );
}

export const populationsRoutes: RouteObject[] = [
  { path: "populations", element: <PopulationsList /> },
  { path: "populations/generate", element: <GeneratePopulation /> },
  { path: "populations/new", element: <ComposePopulation /> },
  { path: "populations/:populationId", element: <PopulationDetail /> },
];
