import type { BodyOf, Schemas } from "@person-run/sdk";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, type RouteObject, useNavigate, useParams, useSearchParams } from "react-router";
import { queryClient, useClient, useSession } from "../client.tsx";
import {
  buildCron,
  type CronSpec,
  DEFAULT_SPEC,
  describeCron,
  formatInZone,
  nextRuns,
  PRESETS,
  parseCron,
  timeZones,
  WEEKDAYS,
  zonedLocalToIso,
} from "../lib/cron.ts";
import { formatDate, formatRelative } from "../lib/format.ts";
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
  StatusBadge,
  TextField,
} from "../ui/components.tsx";
import { FormError } from "../ui/form-error.tsx";
import "../styles/skills.css";

type Schedule = Schemas["Schedule"];
type Execution = Schemas["ScheduleExecution"];

const browserZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
};

function timingOf(s: Schedule): string {
  if (s.cron) return `${describeCron(s.cron)} (${s.timezone ?? "UTC"})`;
  if (s.runAt) return `Once, ${formatDate(s.runAt)}`;
  return "—";
}

function ScheduleState(props: { s: Schedule }) {
  const { s } = props;
  if (!s.enabled) return <StatusBadge status="paused" />;
  if (!s.nextRunAt) return <Badge tone="neutral">done</Badge>;
  return <StatusBadge status="active" />;
}

function TargetLink(props: { target: Schemas["ScheduleTarget"] }) {
  const t = props.target;
  return t.type === "task" ? (
    <Link to={`/tasks/${t.id}`}>Task {t.id.slice(0, 8)}</Link>
  ) : (
    <Link to={`/studies/${t.id}`}>Study {t.id.slice(0, 8)}</Link>
  );
}

function SchedulesList() {
  const client = useClient();
  const { tenant } = useSession();
  const [enabled, setEnabled] = useState<"" | "true" | "false">("");
  const list = useQuery({
    queryKey: ["schedules", "list", tenant, enabled],
    queryFn: async () => (await client.schedules.list({ ...tenant, limit: 200, ...(enabled ? { enabled } : {}) })).data,
  });
  const newLink = (
    <Link className="btn btn-primary link-button" to="/schedules/new">
      New schedule
    </Link>
  );
  return (
    <div className="research">
      <PageHeader
        title="Schedules"
        description="Run a task or a study once at a given moment, or on a cron in your own time zone."
        actions={newLink}
      />
      <div className="filters">
        <SelectField
          label="Show"
          value={enabled}
          onChange={(e) => setEnabled(e.target.value as "" | "true" | "false")}
          options={[
            { value: "", label: "All schedules" },
            { value: "true", label: "Active" },
            { value: "false", label: "Paused" },
          ]}
        />
      </div>
      <QueryView query={list} loadingLabel="Loading schedules…">
        {(rows) =>
          rows.length === 0 ? (
            enabled ? (
              <EmptyState title="No schedule here">
                No schedule is {enabled === "true" ? "active" : "paused"}.
              </EmptyState>
            ) : (
              <EmptyState title="No schedules yet" action={newLink}>
                A schedule re-runs a task or a study — “every Monday at 09:00 in Europe/Berlin” — and records each fire
                as an execution. Studies scheduled this way show their trend across runs.
              </EmptyState>
            )
          ) : (
            <DataTable<Schedule>
              caption="Schedules"
              rows={rows}
              rowKey={(s) => s.id}
              columns={[
                {
                  key: "name",
                  header: "Name",
                  sort: (s) => s.name ?? "",
                  render: (s) => <Link to={`/schedules/${s.id}`}>{s.name ?? `Schedule ${s.id.slice(0, 8)}`}</Link>,
                },
                { key: "target", header: "Runs", render: (s) => <TargetLink target={s.target} /> },
                { key: "timing", header: "When", render: timingOf },
                {
                  key: "state",
                  header: "State",
                  sort: (s) => (s.enabled ? 1 : 0),
                  render: (s) => <ScheduleState s={s} />,
                },
                {
                  key: "next",
                  header: "Next run",
                  sort: (s) => s.nextRunAt,
                  render: (s) => (s.nextRunAt ? formatInZone(s.nextRunAt, s.timezone ?? "UTC") : "—"),
                },
                {
                  key: "count",
                  header: "Runs so far",
                  align: "right",
                  sort: (s) => s.runCount,
                  render: (s) => s.runCount,
                },
              ]}
            />
          )
        }
      </QueryView>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// The builder

interface Timing {
  mode: "recurring" | "once";
  spec: CronSpec;
  timezone: string;
  runAtLocal: string;
  maxRuns: string;
  missedRunPolicy: "skip" | "run_once";
}

function timingFrom(s?: Schedule): Timing {
  return {
    mode: s?.runAt && !s.cron ? "once" : "recurring",
    spec: s?.cron ? parseCron(s.cron) : DEFAULT_SPEC,
    timezone: s?.timezone ?? browserZone(),
    runAtLocal: "",
    maxRuns: s?.maxRuns != null ? String(s.maxRuns) : "",
    missedRunPolicy: s?.missedRunPolicy ?? "skip",
  };
}

const two = (n: number) => String(n).padStart(2, "0");

function CronBuilder(props: { t: Timing; onChange: (t: Timing) => void }) {
  const { t, onChange } = props;
  const zones = useMemo(() => timeZones(), []);
  const spec = t.spec;
  const set = (patch: Partial<CronSpec>) => {
    const next = { ...spec, ...patch };
    // Switching to custom starts from the pattern built so far.
    if (patch.preset === "custom" && spec.preset !== "custom") next.raw = buildCron(spec);
    onChange({ ...t, spec: next });
  };
  const cron = buildCron(spec);
  const preview = useMemo(
    () =>
      t.mode === "recurring"
        ? nextRuns(cron, t.timezone, 5, new Date(), { maxRuns: t.maxRuns ? Number(t.maxRuns) : null })
        : null,
    [cron, t.timezone, t.mode, t.maxRuns],
  );
  const runAtIso = t.mode === "once" ? zonedLocalToIso(t.runAtLocal, t.timezone) : null;
  return (
    <>
      <SelectField
        label="Repeat"
        value={t.mode}
        onChange={(e) => onChange({ ...t, mode: e.target.value as Timing["mode"] })}
        options={[
          { value: "recurring", label: "On a recurring schedule" },
          { value: "once", label: "Once, at a given moment" },
        ]}
      />
      <SelectField
        label="Time zone"
        value={t.timezone}
        onChange={(e) => onChange({ ...t, timezone: e.target.value })}
        options={zones.map((z) => ({ value: z, label: z }))}
        hint="The schedule keeps to this zone's wall clock across daylight-saving changes."
      />
      {t.mode === "once" ? (
        <TextField
          label="Run at"
          type="datetime-local"
          required
          value={t.runAtLocal}
          onChange={(e) => onChange({ ...t, runAtLocal: e.target.value })}
          hint={runAtIso ? `That is ${formatInZone(runAtIso, "UTC")}.` : "In the time zone above."}
        />
      ) : (
        <>
          <div className="field-row">
            <SelectField
              label="Frequency"
              value={spec.preset}
              onChange={(e) => set({ preset: e.target.value as CronSpec["preset"] })}
              options={PRESETS}
            />
            {spec.preset === "hourly" ? (
              <TextField
                label="Minute past the hour"
                type="number"
                min={0}
                max={59}
                value={String(spec.minute)}
                onChange={(e) => set({ minute: Math.min(59, Math.max(0, Number(e.target.value) || 0)) })}
              />
            ) : null}
            {spec.preset !== "hourly" && spec.preset !== "custom" ? (
              <TextField
                label="At (time)"
                type="time"
                required
                value={`${two(spec.hour)}:${two(spec.minute)}`}
                onChange={(e) => {
                  const [h, m] = e.target.value.split(":").map(Number);
                  if (Number.isInteger(h) && Number.isInteger(m)) set({ hour: h as number, minute: m as number });
                }}
              />
            ) : null}
            {spec.preset === "weekly" ? (
              <SelectField
                label="On"
                value={String(spec.weekday)}
                onChange={(e) => set({ weekday: Number(e.target.value) })}
                options={WEEKDAYS.map((d, i) => ({ value: String(i), label: d }))}
              />
            ) : null}
            {spec.preset === "monthly" ? (
              <TextField
                label="Day of the month"
                type="number"
                min={1}
                max={31}
                value={String(spec.dayOfMonth)}
                onChange={(e) => set({ dayOfMonth: Math.min(31, Math.max(1, Number(e.target.value) || 1)) })}
              />
            ) : null}
          </div>
          <TextField
            label="Cron expression"
            value={cron}
            readOnly={spec.preset !== "custom"}
            onChange={(e) => set({ raw: e.target.value })}
            hint={
              spec.preset === "custom"
                ? "Five fields: minute hour day-of-month month day-of-week."
                : "Built from the choices above; choose “Custom cron expression” to edit it."
            }
            error={preview?.error ?? null}
          />
          <div className="field-row">
            <TextField
              label="Stop after (runs)"
              hint="Optional"
              inputMode="numeric"
              value={t.maxRuns}
              onChange={(e) => onChange({ ...t, maxRuns: e.target.value })}
            />
            <SelectField
              label="Missed while no server ran"
              value={t.missedRunPolicy}
              onChange={(e) => onChange({ ...t, missedRunPolicy: e.target.value as Timing["missedRunPolicy"] })}
              options={[
                { value: "skip", label: "Skip them" },
                { value: "run_once", label: "Run once to catch up" },
              ]}
            />
          </div>
          <section aria-labelledby="next-runs-heading" className="preview">
            <h3 id="next-runs-heading">Next runs (computed here, before saving)</h3>
            <p className="hint">
              {describeCron(cron)}, in {t.timezone}.
            </p>
            {preview?.runs ? (
              preview.runs.length ? (
                <ol aria-label="Next runs">
                  {preview.runs.map((d) => (
                    <li key={d.toISOString()}>
                      {formatInZone(d, t.timezone)}
                      {t.timezone !== browserZone() ? (
                        <span className="muted"> · your time {formatInZone(d, browserZone())}</span>
                      ) : null}
                    </li>
                  ))}
                </ol>
              ) : (
                <p>This pattern never fires.</p>
              )
            ) : null}
          </section>
        </>
      )}
    </>
  );
}

/** The timing fields of a create/update body, or the problem. */
function timingBody(t: Timing): { ok: true; body: Partial<BodyOf<"createSchedule">> } | { ok: false; error: string } {
  if (t.mode === "once") {
    const runAt = zonedLocalToIso(t.runAtLocal, t.timezone);
    if (!runAt) return { ok: false, error: "Choose when it runs." };
    return { ok: true, body: { runAt } };
  }
  const cron = buildCron(t.spec);
  const check = nextRuns(cron, t.timezone, 1, new Date());
  if (check.error) return { ok: false, error: check.error };
  const maxRuns = t.maxRuns.trim() ? Number(t.maxRuns) : undefined;
  if (maxRuns !== undefined && (!Number.isInteger(maxRuns) || maxRuns < 1)) {
    return { ok: false, error: "“Stop after” is a whole number of runs, 1 or more." };
  }
  return {
    ok: true,
    body: { cron, timezone: t.timezone, missedRunPolicy: t.missedRunPolicy, ...(maxRuns ? { maxRuns } : {}) },
  };
}

function NewSchedule() {
  const client = useClient();
  const { tenant } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [name, setName] = useState("");
  const [targetType, setTargetType] = useState<"task" | "study">(params.get("study") ? "study" : "task");
  const [targetId, setTargetId] = useState(params.get("task") ?? params.get("study") ?? "");
  const [timing, setTiming] = useState<Timing>(() => timingFrom());
  const [problem, setProblem] = useState<string | null>(null);
  const tasks = useQuery({
    queryKey: ["tasks", "list", tenant, "for-schedule"],
    queryFn: async () => (await client.tasks.list({ ...tenant, limit: 200 })).data,
    enabled: targetType === "task",
  });
  const studies = useQuery({
    queryKey: ["studies", "list", tenant, "for-schedule"],
    queryFn: async () => (await client.studies.list({ ...tenant, limit: 200 })).data,
    enabled: targetType === "study",
  });
  const create = useMutation({
    mutationFn: (body: BodyOf<"createSchedule">) => client.schedules.create({ ...tenant, ...body }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ["schedules"] });
      navigate(`/schedules/${r.schedule.id}`);
    },
  });
  const targetOptions =
    targetType === "task"
      ? (tasks.data ?? []).map((t) => ({
          value: t.id,
          label: `Task ${t.id.slice(0, 8)} · ${t.status} · ${formatDate(t.createdAt)}`,
        }))
      : (studies.data ?? []).map((s) => ({ value: s.id, label: s.name }));
  const loadingTargets = targetType === "task" ? tasks.isPending : studies.isPending;
  return (
    <div className="research">
      <PageHeader
        title="New schedule"
        description="What to run, and when."
        actions={<Link to="/schedules">All schedules</Link>}
      />
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          const id = targetId || targetOptions[0]?.value;
          if (!id) return setProblem(`Choose a ${targetType} to run.`);
          const tb = timingBody(timing);
          if (!tb.ok) return setProblem(tb.error);
          setProblem(null);
          create.mutate({
            target: { type: targetType, id },
            ...(name.trim() ? { name: name.trim() } : {}),
            ...tb.body,
          });
        }}
      >
        <div className="grid-2">
          <Card title="What">
            <TextField
              label="Name"
              hint="Optional, e.g. Weekly pricing check"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <SelectField
              label="Runs a"
              value={targetType}
              onChange={(e) => {
                setTargetType(e.target.value as "task" | "study");
                setTargetId("");
              }}
              options={[
                { value: "task", label: "Task (executed again)" },
                { value: "study", label: "Study (a new run)" },
              ]}
            />
            {loadingTargets ? (
              <p className="muted">Loading {targetType === "task" ? "tasks" : "studies"}…</p>
            ) : targetOptions.length ? (
              <SelectField
                label={targetType === "task" ? "Task" : "Study"}
                value={targetId || targetOptions[0]?.value}
                onChange={(e) => setTargetId(e.target.value)}
                options={targetOptions}
              />
            ) : (
              <p className="muted">
                No {targetType === "task" ? "task" : "study"} yet:{" "}
                <Link to={targetType === "task" ? "/tasks" : "/studies"}>create one first</Link>.
              </p>
            )}
          </Card>
          <Card title="When">
            <CronBuilder t={timing} onChange={setTiming} />
          </Card>
        </div>
        {problem ? (
          <div className="error-state" role="alert">
            {problem}
          </div>
        ) : null}
        {create.isError ? <FormError error={create.error} title="The schedule was not created" /> : null}
        <div className="actions">
          <Button type="submit" busy={create.isPending}>
            Create schedule
          </Button>
        </div>
      </form>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// Detail

function ScheduleDetail() {
  const { scheduleId = "" } = useParams();
  const client = useClient();
  const { tenant } = useSession();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [timing, setTiming] = useState<Timing | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [said, setSaid] = useState("");
  const sched = useQuery({
    queryKey: ["schedules", "one", tenant, scheduleId],
    queryFn: async () => (await client.schedules.retrieve(scheduleId, { ...tenant })).schedule,
  });
  const preview = useQuery({
    queryKey: ["schedules", "preview", tenant, scheduleId, sched.data?.updatedAt],
    queryFn: async () => (await client.schedules.preview(scheduleId, { ...tenant, count: 5 })).runs,
    enabled: Boolean(sched.data),
  });
  const executions = useQuery({
    queryKey: ["schedules", "executions", tenant, scheduleId],
    queryFn: async () => (await client.schedules.executions(scheduleId, { ...tenant, limit: 50 })).data,
  });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: ["schedules"] });
  const update = useMutation({
    mutationFn: (body: BodyOf<"updateSchedule">) => client.schedules.update(scheduleId, { ...tenant, ...body }),
    onSuccess: async (r) => {
      setSaid(r.schedule.enabled ? "The schedule is active." : "The schedule is paused.");
      setEditing(false);
      await invalidate();
    },
  });
  const trigger = useMutation({
    mutationFn: () => client.schedules.trigger(scheduleId, { ...tenant }),
    onSuccess: async (r) => {
      setSaid(`Triggered: the execution was ${r.execution.status}.`);
      await invalidate();
    },
  });
  const del = useMutation({
    mutationFn: () => client.schedules.delete(scheduleId, { ...tenant }),
    onSuccess: async () => {
      navigate("/schedules");
      forget(scheduleId);
      await queryClient.invalidateQueries({ queryKey: ["schedules", "list"] });
    },
  });
  return (
    <QueryView query={sched} loadingLabel="Loading the schedule…">
      {(s) => (
        <div className="research">
          <PageHeader
            title={s.name ?? `Schedule ${s.id.slice(0, 8)}`}
            description={timingOf(s)}
            actions={
              <>
                <Link to="/schedules">All schedules</Link>
                <Button
                  variant="secondary"
                  busy={update.isPending && !editing}
                  onClick={() => update.mutate({ enabled: !s.enabled })}
                >
                  {s.enabled ? "Pause" : "Resume"}
                </Button>
                <Button variant="secondary" busy={trigger.isPending} onClick={() => trigger.mutate()}>
                  Trigger now
                </Button>
                <Button
                  variant="secondary"
                  aria-expanded={editing}
                  onClick={() => {
                    setTiming(timingFrom(s));
                    setEditing((e) => !e);
                  }}
                >
                  {editing ? "Stop editing" : "Change timing"}
                </Button>
                <Dialog
                  trigger={<Button variant="danger">Delete</Button>}
                  title="Delete this schedule?"
                  description="The schedule and its executions are deleted; the runs it started stay with their task or study."
                >
                  <div className="actions">
                    <Button variant="danger" busy={del.isPending} onClick={() => del.mutate()}>
                      Delete schedule
                    </Button>
                  </div>
                  {del.isError ? <FormError error={del.error} /> : null}
                </Dialog>
              </>
            }
          />
          <LiveRegion>{said}</LiveRegion>
          {said ? (
            <p className="badge badge-info" role="status">
              {said}
            </p>
          ) : null}
          {update.isError && !editing ? <FormError error={update.error} /> : null}
          {trigger.isError ? <FormError error={trigger.error} title="The schedule was not triggered" /> : null}
          {editing && timing ? (
            <Card title="Change timing">
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  const tb = timingBody(timing);
                  if (!tb.ok) return setProblem(tb.error);
                  setProblem(null);
                  update.mutate({
                    ...tb.body,
                    ...(timing.mode === "recurring" && !tb.body.maxRuns ? { maxRuns: null } : {}),
                  });
                }}
              >
                <CronBuilder t={timing} onChange={setTiming} />
                {problem ? (
                  <div className="error-state" role="alert">
                    {problem}
                  </div>
                ) : null}
                {update.isError ? <FormError error={update.error} /> : null}
                <div className="actions">
                  <Button type="submit" busy={update.isPending}>
                    Save timing
                  </Button>
                </div>
              </form>
            </Card>
          ) : null}
          <div className="grid-2">
            <Card title="Schedule">
              <dl className="kv">
                <dt>State</dt>
                <dd>
                  <ScheduleState s={s} />
                </dd>
                <dt>Runs</dt>
                <dd>
                  <TargetLink target={s.target} />
                </dd>
                <dt>When</dt>
                <dd>
                  {timingOf(s)}
                  {s.cron ? (
                    <>
                      {" "}
                      · <code>{s.cron}</code>
                    </>
                  ) : null}
                </dd>
                <dt>Next run</dt>
                <dd>
                  {s.nextRunAt
                    ? `${formatInZone(s.nextRunAt, s.timezone ?? "UTC")} (${formatRelative(s.nextRunAt)})`
                    : s.enabled
                      ? "none left (done)"
                      : "paused"}
                </dd>
                <dt>Runs so far</dt>
                <dd>
                  {s.runCount}
                  {s.maxRuns ? ` of ${s.maxRuns}` : ""}
                </dd>
                <dt>Last run</dt>
                <dd>{formatDate(s.lastRunAt)}</dd>
                <dt>Missed runs</dt>
                <dd>{s.missedRunPolicy === "skip" ? "skipped" : "run once to catch up"}</dd>
              </dl>
            </Card>
            <Card title="Upcoming (from the server)">
              <QueryView query={preview} loadingLabel="Loading the preview…">
                {(runs) =>
                  runs.length ? (
                    <ol aria-label="Upcoming runs">
                      {runs.map((r) => (
                        <li key={r}>{s.timezone ? formatInZone(r, s.timezone) : formatDate(r)}</li>
                      ))}
                    </ol>
                  ) : (
                    <p className="muted">Nothing left to fire.</p>
                  )
                }
              </QueryView>
              {!s.enabled ? <p className="hint">Paused: these are the times it would fire once resumed.</p> : null}
            </Card>
          </div>
          <Card title="Executions">
            <QueryView query={executions} loadingLabel="Loading executions…">
              {(rows) =>
                rows.length === 0 ? (
                  <EmptyState title="No executions yet">
                    Each fire (scheduled, or “Trigger now”) is recorded here.
                  </EmptyState>
                ) : (
                  <DataTable<Execution>
                    caption="Executions, newest first"
                    rows={rows}
                    rowKey={(x) => x.id}
                    columns={[
                      {
                        key: "for",
                        header: "Scheduled for",
                        sort: (x) => x.scheduledFor,
                        render: (x) => formatDate(x.scheduledFor),
                      },
                      { key: "fired", header: "Fired", sort: (x) => x.firedAt, render: (x) => formatDate(x.firedAt) },
                      {
                        key: "status",
                        header: "Status",
                        sort: (x) => x.status,
                        render: (x) => (
                          <Badge tone={x.status === "started" ? "good" : x.status === "skipped" ? "warn" : "bad"}>
                            {x.status}
                          </Badge>
                        ),
                      },
                      {
                        key: "kind",
                        header: "How",
                        render: (x) =>
                          x.manual ? "triggered by hand" : x.missed ? `missed ×${x.missed}` : "on schedule",
                      },
                      {
                        key: "reason",
                        header: "Detail",
                        render: (x) =>
                          x.reason ??
                          (x.target.type === "task" ? (
                            <TargetLink target={x.target} />
                          ) : x.runId ? (
                            `run ${x.runId.slice(0, 8)}`
                          ) : (
                            "—"
                          )),
                      },
                    ]}
                  />
                )
              }
            </QueryView>
          </Card>
        </div>
      )}
    </QueryView>
  );
}

export const schedulesRoutes: RouteObject[] = [
  { path: "schedules", element: <SchedulesList /> },
  { path: "schedules/new", element: <NewSchedule /> },
  { path: "schedules/:scheduleId", element: <ScheduleDetail /> },
];
