import type { BodyOf } from "@person-run/sdk";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { errorMessage, useClient, useSession } from "../../client.tsx";
import { formatDate, formatDuration, formatInt, formatNumber, formatUsd } from "../../lib/format.ts";
import {
  emptyRunForm,
  type RunForm,
  runBody,
  runErrorsFromDetails,
  type Study,
  type StudyForm,
  type StudyPlan,
  type StudyRun,
  type StudyTrend,
  studyFormOf,
  updateStudyBody,
} from "../../lib/studies.ts";
import {
  Button,
  Card,
  DataTable,
  Dialog,
  EmptyState,
  ErrorState,
  Loading,
  PageHeader,
  QueryView,
  Stat,
  StatusBadge,
  TextField,
} from "../../ui/components.tsx";
import { StudyFields, usePickerData } from "./fields.tsx";
import { TrendChart } from "./trend.tsx";

export function StudyDetailPage() {
  const { studyId = "" } = useParams();
  const client = useClient();
  const { tenant } = useSession();
  const study = useQuery({
    queryKey: ["studies", "one", studyId, tenant],
    queryFn: async () => (await client.studies.retrieve(studyId, { ...tenant })).study,
  });
  if (study.isPending) return <Loading label="Loading the study…" />;
  if (study.isError)
    return (
      <>
        <PageHeader title="Study" />
        <ErrorState error={study.error} retry={() => study.refetch()} />
        <p>
          <Link to="/studies">Back to the studies</Link>
        </p>
      </>
    );
  return <StudyDetail study={study.data} />;
}

function StudyDetail({ study }: { study: Study }) {
  const { populations, skills } = usePickerData();
  const population = populations.data?.find((p) => p.id === study.populationId);
  const skill = skills.data?.find((s) => s.id === study.skillId);
  return (
    <>
      <PageHeader
        title={study.name}
        description={study.description ?? undefined}
        actions={
          <>
            <EditStudyDialog study={study} />
            <DeleteStudyDialog study={study} />
          </>
        }
      />
      <p className="crumbs">
        <Link to="/studies">All studies</Link>
      </p>
      <div className="stack">
        <Card title="About this study">
          <dl className="facts">
            <dt>Population</dt>
            <dd>
              <Link to={`/populations/${study.populationId}`}>{population?.name ?? study.populationId}</Link>
              {study.populationVersion ? ` (version ${study.populationVersion})` : " (latest version at run time)"}
            </dd>
            <dt>Skill</dt>
            <dd>
              <Link to={`/skills/${study.skillId}`}>{skill?.name ?? study.skillId}</Link>
              {study.skillVersion ? ` (version ${study.skillVersion})` : " (latest version at run time)"}
            </dd>
            <dt>Replicates</dt>
            <dd>{study.replicates}</dd>
            <dt>Model</dt>
            <dd>{study.model ?? "the skill's model, else the server default"}</dd>
            <dt>Decision</dt>
            <dd>{study.decision ?? "—"}</dd>
          </dl>
        </Card>
        <RunLauncher study={study} />
        <RunsCard study={study} />
        <TrendCard study={study} />
      </div>
    </>
  );
}

function EditStudyDialog({ study }: { study: Study }) {
  const client = useClient();
  const { tenant } = useSession();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<StudyForm>(() => studyFormOf(study));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const update = useMutation({
    mutationFn: async (body: BodyOf<"updateStudy">) =>
      (await client.studies.update(study.id, { ...body, ...tenant })).study,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ["studies"] });
      setOpen(false);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = updateStudyBody(form, study.version);
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    update.mutate(parsed.body);
  };
  return (
    <Dialog
      trigger={<Button variant="secondary">Edit</Button>}
      title="Edit study"
      description="The population and the skill cannot change: create another study for that."
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) {
          setForm(studyFormOf(study));
          setErrors({});
          update.reset();
        }
      }}
    >
      <form className="stack" onSubmit={submit} noValidate>
        <StudyFields form={form} onChange={setForm} errors={errors} mode="edit" />
        {update.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(update.error)}
          </p>
        ) : null}
        <div className="actions">
          <Button type="submit" busy={update.isPending}>
            Save changes
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteStudyDialog({ study }: { study: Study }) {
  const client = useClient();
  const { tenant } = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [purge, setPurge] = useState(false);
  const purgeId = useId();
  const del = useMutation({
    mutationFn: async () => client.studies.delete(study.id, { ...tenant, purge: purge ? "true" : "false" }),
    onSuccess: () => {
      // Leave first: the study's own queries would be read again (and answer 404) while it is on screen.
      navigate("/studies");
      for (const part of ["one", "runs", "trend"]) qc.removeQueries({ queryKey: ["studies", part, study.id] });
      void qc.invalidateQueries({ queryKey: ["studies", "list"] });
    },
  });
  return (
    <Dialog
      trigger={<Button variant="danger">Delete</Button>}
      title={`Delete “${study.name}”?`}
      description="Runs still going are cancelled. Finished runs stay readable by their address unless you also delete them."
    >
      <div className="stack">
        <label className="check" htmlFor={purgeId}>
          <input id={purgeId} type="checkbox" checked={purge} onChange={(e) => setPurge(e.target.checked)} /> Also
          delete its runs, their answers and results (frees the population)
        </label>
        {del.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(del.error)}
          </p>
        ) : null}
        <div className="actions">
          <Button variant="danger" busy={del.isPending} onClick={() => del.mutate()}>
            Delete study
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

type RunBody = Omit<BodyOf<"runStudy">, "dryRun">;

function RunLauncher({ study }: { study: Study }) {
  const client = useClient();
  const { tenant } = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState<RunForm>(() => ({
    ...emptyRunForm(),
    maxConcurrency: String(study.maxConcurrency),
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [planned, setPlanned] = useState<{ key: string; plan: StudyPlan } | null>(null);
  const parsed = useMemo(() => runBody(form), [form]);
  const key = parsed.ok ? JSON.stringify(parsed.body) : null;
  const planIsCurrent = planned !== null && planned.key === key;

  const apiErrors = (e: unknown) => {
    const details = (e as { details?: unknown }).details;
    setErrors(runErrorsFromDetails(details));
  };
  const plan = useMutation({
    mutationFn: async (body: RunBody) => (await client.studies.runs.plan(study.id, { ...body, ...tenant })).plan,
    onSuccess: (p, body) => setPlanned({ key: JSON.stringify(body), plan: p }),
    onError: apiErrors,
  });
  const launch = useMutation({
    mutationFn: async (body: RunBody) => (await client.studies.runs.create(study.id, { ...body, ...tenant })).run,
    onSuccess: async (run) => {
      await qc.invalidateQueries({ queryKey: ["studies", "runs", study.id] });
      navigate(`/studies/${study.id}/runs/${run.id}`);
    },
    onError: apiErrors,
  });
  const set = (k: keyof RunForm) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const estimate = (e: FormEvent) => {
    e.preventDefault();
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    launch.reset();
    plan.mutate(parsed.body);
  };
  const error = plan.error ?? launch.error;
  return (
    <Card title="Run this study">
      <form className="stack" onSubmit={estimate} noValidate>
        <p className="muted">
          Estimate the cost first (a dry run: nothing is asked), then launch. The run asks every member{" "}
          {study.replicates > 1 ? `${study.replicates} times ` : ""}unless you set a pilot sample.
        </p>
        <div className="form-grid">
          <TextField
            label="Max concurrency"
            hint="Tasks in flight at most (1–1,000)."
            inputMode="numeric"
            value={form.maxConcurrency}
            onChange={set("maxConcurrency")}
            error={errors.maxConcurrency}
          />
          <TextField
            label="Budget in credits (optional)"
            hint="The run stops before exceeding it."
            inputMode="decimal"
            value={form.budgetCredits}
            onChange={set("budgetCredits")}
            error={errors.budgetCredits}
          />
          <TextField
            label="Budget in USD (optional)"
            inputMode="decimal"
            value={form.budgetUsd}
            onChange={set("budgetUsd")}
            error={errors.budgetUsd}
          />
          <TextField
            label="Pilot sample (optional)"
            hint="Ask only this many members, a seeded random part."
            inputMode="numeric"
            value={form.sample}
            onChange={set("sample")}
            error={errors.sample}
          />
          <TextField
            label="Seed (optional)"
            hint="Orders the members and seeds the bootstrap; drawn when empty."
            inputMode="numeric"
            value={form.seed}
            onChange={set("seed")}
            error={errors.seed}
          />
        </div>
        <div className="actions">
          <Button type="submit" variant={planIsCurrent ? "secondary" : "primary"} busy={plan.isPending}>
            Estimate cost
          </Button>
          <Button
            disabled={!planIsCurrent || !parsed.ok}
            busy={launch.isPending}
            onClick={() => parsed.ok && launch.mutate(parsed.body)}
          >
            Launch run
          </Button>
          {!planIsCurrent ? <span className="hint">Estimate the cost of these settings to launch.</span> : null}
        </div>
        {error ? (
          <p className="field-error" role="alert">
            {errorMessage(error)}
          </p>
        ) : null}
      </form>
      {planIsCurrent && planned ? <PlanView plan={planned.plan} /> : null}
    </Card>
  );
}

function PlanView({ plan }: { plan: StudyPlan }) {
  return (
    <section className="plan" aria-labelledby="plan-title">
      <h3 id="plan-title">Estimated cost of this run</h3>
      <div className="stats">
        <Stat label="Tasks" value={formatInt(plan.tasks)} hint={`${plan.members} members × ${plan.replicates}`} />
        <Stat label="Credits" value={formatNumber(plan.estimate.credits)} />
        <Stat label="Cost" value={formatUsd(plan.estimate.costUsd)} />
        <Stat
          label="Tokens"
          value={formatInt(plan.estimate.tokensIn + plan.estimate.tokensOut)}
          hint={`${formatInt(plan.estimate.tokensIn)} in, ${formatInt(plan.estimate.tokensOut)} out`}
        />
        <Stat
          label="Duration"
          value={formatDuration(plan.durationSeconds.estimate * 1000)}
          hint={plan.durationSeconds.basis}
        />
      </div>
      <p className="hint">
        Model {plan.model}; population version {plan.populationVersion}, skill version {plan.skillVersion};{" "}
        {plan.turnsPerTask} turns per task.
      </p>
    </section>
  );
}

function RunsCard({ study }: { study: Study }) {
  const client = useClient();
  const { tenant } = useSession();
  const runs = useQuery({
    queryKey: ["studies", "runs", study.id, tenant],
    queryFn: async () => (await client.studies.runs.list(study.id, { ...tenant, limit: 100 })).data,
  });
  return (
    <Card title="Runs">
      <QueryView query={runs} loadingLabel="Loading runs…">
        {(rows) =>
          rows.length === 0 ? (
            <p className="muted">No run yet: estimate the cost above and launch the first one.</p>
          ) : (
            <DataTable<StudyRun>
              caption="Runs of this study"
              rows={rows}
              rowKey={(r) => r.id}
              initialSort={{ key: "created", dir: "desc" }}
              columns={[
                {
                  key: "created",
                  header: "Started",
                  sort: (r) => r.createdAt,
                  render: (r) => <Link to={`/studies/${study.id}/runs/${r.id}`}>{formatDate(r.createdAt)}</Link>,
                },
                {
                  key: "status",
                  header: "Status",
                  sort: (r) => r.status,
                  render: (r) => <StatusBadge status={r.status} />,
                },
                {
                  key: "tasks",
                  header: "Tasks done",
                  align: "right",
                  render: (r) =>
                    `${formatInt(r.counts.succeeded + r.counts.failed + r.counts.cancelled)} / ${formatInt(r.counts.total)}`,
                },
                {
                  key: "credits",
                  header: "Credits",
                  align: "right",
                  sort: (r) => r.credits,
                  render: (r) => formatNumber(r.credits),
                },
                { key: "model", header: "Model", render: (r) => r.model ?? "—" },
                {
                  key: "note",
                  header: "Note",
                  render: (r) =>
                    r.stoppedEarly
                      ? `Stopped early (${r.stopCode})`
                      : r.sample
                        ? `Pilot of ${r.sample}`
                        : r.scheduleId
                          ? "Scheduled"
                          : "",
                },
              ]}
            />
          )
        }
      </QueryView>
    </Card>
  );
}

function TrendCard({ study }: { study: Study }) {
  const client = useClient();
  const { tenant } = useSession();
  const trend = useQuery({
    queryKey: ["studies", "trend", study.id, tenant],
    queryFn: async () => (await client.studies.trend(study.id, { ...tenant, limit: 50 })).trend,
  });
  return (
    <Card title="Trend across runs">
      <QueryView query={trend} loadingLabel="Loading the trend…">
        {(t: StudyTrend) =>
          t.runs < 2 ? (
            <EmptyState title="Not enough runs for a trend">
              <p>
                Each succeeded run adds one point per question: its mean with a 95% interval, or its answer shares. Run
                the study again (or give it a <Link to="/schedules">schedule</Link>) to see how the answers move.
                {t.runs === 1 ? " One run so far." : ""}
              </p>
            </EmptyState>
          ) : (
            <TrendChart trend={t} />
          )
        }
      </QueryView>
    </Card>
  );
}
