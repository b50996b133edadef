import type { BodyOf, Schemas } from "@person-run/sdk";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, type RouteObject, useNavigate, useParams, useSearchParams } from "react-router";
import { queryClient, useClient, useSession } from "../client.tsx";
import { parseAttributes } from "../lib/cohorts.ts";
import { formatDate, formatDuration, formatInt, formatNumber, formatPercent, formatUsd } from "../lib/format.ts";
import { forget } from "../lib/skills-cache.ts";
import { formatLabel, showParsed, templateVariables } from "../lib/skills-preview.ts";
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
} from "../ui/components.tsx";
import { FormError } from "../ui/form-error.tsx";
import "../styles/skills.css";

type Task = Schemas["Task"];
type Turn = Schemas["TaskTurn"];
type Result = Schemas["TaskResult"];

const STATUSES = ["pending", "queued", "running", "paused", "succeeded", "failed", "cancelled"] as const;
const ACTIVE = new Set(["queued", "running", "paused"]);
const personaName = (p: Schemas["Persona"] | undefined) => (p ? `${p.firstName} ${p.lastName}` : undefined);

function useSkillsAndPersonas() {
  const client = useClient();
  const { tenant } = useSession();
  const skills = useQuery({
    queryKey: ["skills", "list", tenant, "all"],
    queryFn: async () => (await client.skills.list({ ...tenant, limit: 200, includeArchived: "true" })).data,
  });
  const personas = useQuery({
    queryKey: ["personas", "list", tenant, "for-tasks"],
    queryFn: async () => (await client.personas.list({ ...tenant, limit: 200 })).data,
  });
  return { skills, personas };
}

function TasksList() {
  const client = useClient();
  const { tenant } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get("status") ?? "";
  const skillId = params.get("skillId") ?? "";
  const personaId = params.get("personaId") ?? "";
  const scheduleId = params.get("scheduleId") ?? "";
  const setFilter = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const { skills, personas } = useSkillsAndPersonas();
  const tasks = useQuery({
    queryKey: ["tasks", "list", tenant, status, skillId, personaId, scheduleId],
    queryFn: async () =>
      (
        await client.tasks.list({
          ...tenant,
          limit: 200,
          ...(status ? { status: status as Task["status"] } : {}),
          ...(skillId ? { skillId } : {}),
          ...(personaId ? { personaId } : {}),
          ...(scheduleId ? { scheduleId } : {}),
        })
      ).data,
    refetchInterval: (q) => (q.state.data?.some((t) => ACTIVE.has(t.status)) ? 2000 : false),
  });
  const skillName = (id: string) => skills.data?.find((s) => s.id === id)?.name;
  const persona = (id: string) => personaName(personas.data?.find((p) => p.id === id));
  const filtered = Boolean(status || skillId || personaId || scheduleId);
  return (
    <div className="research">
      <PageHeader
        title="Tasks"
        description="One skill asked of one persona: its transcript, parsed answers and scores."
        actions={<NewTask />}
      />
      <div className="filters">
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => setFilter("status", e.target.value)}
          options={[{ value: "", label: "Any status" }, ...STATUSES.map((s) => ({ value: s, label: s }))]}
        />
        <SelectField
          label="Skill"
          value={skillId}
          onChange={(e) => setFilter("skillId", e.target.value)}
          options={[
            { value: "", label: "Any skill" },
            ...(skills.data ?? []).map((s) => ({ value: s.id, label: s.name })),
          ]}
        />
        <SelectField
          label="Persona"
          value={personaId}
          onChange={(e) => setFilter("personaId", e.target.value)}
          options={[
            { value: "", label: "Any persona" },
            ...(personas.data ?? []).map((p) => ({ value: p.id, label: personaName(p) as string })),
          ]}
        />
        {scheduleId ? (
          <Button variant="secondary" onClick={() => setFilter("scheduleId", "")}>
            Clear schedule filter
          </Button>
        ) : null}
      </div>
      <QueryView query={tasks} loadingLabel="Loading tasks…">
        {(rows) =>
          rows.length === 0 ? (
            filtered ? (
              <EmptyState title="No task matches these filters" />
            ) : (
              <EmptyState title="No tasks yet" action={<NewTask />}>
                A task asks one persona the questions of one skill, parses every answer into its format, and scores the
                result with the skill's rubric. Studies create tasks in bulk; create one here to try a skill.
              </EmptyState>
            )
          ) : (
            <DataTable<Task>
              caption="Tasks"
              rows={rows}
              rowKey={(t) => t.id}
              initialSort={{ key: "created", dir: "desc" }}
              columns={[
                {
                  key: "task",
                  header: "Task",
                  render: (t) => (
                    <Link
                      to={`/tasks/${t.id}`}
                    >{`${skillName(t.skillId) ?? "Skill"} · ${persona(t.personaId) ?? t.personaId.slice(0, 8)}`}</Link>
                  ),
                },
                {
                  key: "status",
                  header: "Status",
                  sort: (t) => t.status,
                  render: (t) => <StatusBadge status={t.status} />,
                },
                { key: "attempt", header: "Attempt", align: "right", sort: (t) => t.attempt, render: (t) => t.attempt },
                { key: "version", header: "Skill version", align: "right", render: (t) => t.skillVersion },
                { key: "model", header: "Model", render: (t) => t.model },
                { key: "created", header: "Created", sort: (t) => t.createdAt, render: (t) => formatDate(t.createdAt) },
              ]}
            />
          )
        }
      </QueryView>
    </div>
  );
}

function NewTask() {
  const client = useClient();
  const { tenant } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const { skills, personas } = useSkillsAndPersonas();
  const [skillId, setSkillId] = useState("");
  const [personaId, setPersonaId] = useState("");
  const [variables, setVariables] = useState("");
  const [execute, setExecute] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const liveSkills = (skills.data ?? []).filter((s) => !s.archivedAt);
  const skill = liveSkills.find((s) => s.id === (skillId || liveSkills[0]?.id));
  const needed = skill
    ? templateVariables([
        skill.instructions,
        ...skill.questions.flatMap((q) => [q.text, ...(q.followUps ?? [])]),
      ]).filter((v) => v.source === "task")
    : [];
  const create = useMutation({
    mutationFn: (body: BodyOf<"createTask">) => client.tasks.create({ ...tenant, ...body }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ["tasks"] });
      setOpen(false);
      navigate(`/tasks/${r.task.id}`);
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      trigger={<Button>New task</Button>}
      title="New task"
      description="Ask one persona the questions of a skill."
    >
      {skills.isPending || personas.isPending ? (
        <p className="muted">Loading skills and personas…</p>
      ) : !liveSkills.length || !personas.data?.length ? (
        <p>
          A task needs a skill and a persona:{" "}
          {!liveSkills.length ? (
            <Link to="/skills/new">write a skill</Link>
          ) : (
            <Link to="/personas">create a persona</Link>
          )}{" "}
          first.
        </p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const vars = parseAttributes(variables);
            if (!vars.ok) return setProblem(vars.error.replace("Attribute", "Variable"));
            setProblem(null);
            create.mutate({
              skillId: skill?.id ?? "",
              personaId: personaId || (personas.data?.[0]?.id ?? ""),
              execute,
              ...(Object.keys(vars.attributes).length
                ? { variables: vars.attributes as Record<string, string | number | boolean> }
                : {}),
            });
          }}
        >
          <SelectField
            label="Skill"
            value={skill?.id ?? ""}
            onChange={(e) => setSkillId(e.target.value)}
            options={liveSkills.map((s) => ({ value: s.id, label: `${s.name} (v${s.version})` }))}
          />
          <SelectField
            label="Persona"
            value={personaId || (personas.data[0]?.id ?? "")}
            onChange={(e) => setPersonaId(e.target.value)}
            options={personas.data.map((p) => ({ value: p.id, label: personaName(p) as string }))}
          />
          <TextArea
            label="Variables"
            rows={3}
            hint={
              needed.length
                ? `This skill needs: ${needed.map((v) => v.name).join(", ")}. One per line: name = value.`
                : "None needed by this skill. One per line: name = value."
            }
            value={variables}
            onChange={(e) => setVariables(e.target.value)}
          />
          <label className="check">
            <input type="checkbox" checked={execute} onChange={(e) => setExecute(e.target.checked)} /> Execute it now
          </label>
          {problem ? (
            <div className="error-state" role="alert">
              {problem}
            </div>
          ) : null}
          {create.isError ? <FormError error={create.error} title="The task was not created" /> : null}
          <div className="actions">
            <Button type="submit" busy={create.isPending}>
              Create task
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

// ---------------------------------------------------------------------------------------------------
// Detail

function TaskDetail() {
  const { taskId = "" } = useParams();
  const client = useClient();
  const { tenant } = useSession();
  const navigate = useNavigate();
  const [said, setSaid] = useState("");
  const task = useQuery({
    queryKey: ["tasks", "one", tenant, taskId],
    queryFn: async () => (await client.tasks.retrieve(taskId, { ...tenant })).task,
    refetchInterval: (q) => (q.state.data && ACTIVE.has(q.state.data.status) ? 1000 : false),
  });
  const t = task.data;
  const skill = useQuery({
    queryKey: ["skills", "one", tenant, t?.skillId, t?.skillVersion],
    queryFn: async () =>
      (await client.skills.retrieve(t?.skillId ?? "", { ...tenant, version: t?.skillVersion })).skill,
    enabled: Boolean(t),
  });
  const persona = useQuery({
    queryKey: ["personas", "one", tenant, t?.personaId],
    queryFn: async () => (await client.personas.retrieve(t?.personaId ?? "", { ...tenant })).persona,
    enabled: Boolean(t),
    retry: false,
  });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: ["tasks"] });
  const control = useMutation({
    mutationFn: (action: "pause" | "resume" | "cancel") => client.tasks.control(taskId, { ...tenant, action }),
    onSuccess: async (r, action) => {
      setSaid(
        `${action === "pause" ? "Paused" : action === "resume" ? "Resumed" : "Cancelled"}: the task is ${r.task.status}.`,
      );
      await invalidate();
    },
  });
  const execute = useMutation({
    mutationFn: () => client.tasks.execute(taskId, { ...tenant }),
    onSuccess: async (r) => {
      setSaid(`Attempt ${r.task.attempt} is ${r.task.status}.`);
      await invalidate();
    },
  });
  const del = useMutation({
    mutationFn: () => client.tasks.delete(taskId, { ...tenant }),
    onSuccess: async () => {
      navigate("/tasks");
      forget(taskId);
      await queryClient.invalidateQueries({ queryKey: ["tasks", "list"] });
    },
  });
  return (
    <QueryView query={task} loadingLabel="Loading the task…">
      {(t) => {
        const who = personaName(persona.data) ?? `Persona ${t.personaId.slice(0, 8)}`;
        const title = `${skill.data?.name ?? "Task"} · ${who}`;
        return (
          <div className="research">
            <PageHeader
              title={title}
              description={
                <>
                  <StatusBadge status={t.status} /> attempt {t.attempt} · skill version {t.skillVersion} · {t.model}
                </>
              }
              actions={
                <>
                  <Link to="/tasks">All tasks</Link>
                  {!ACTIVE.has(t.status) ? (
                    <Button busy={execute.isPending} onClick={() => execute.mutate()}>
                      {t.status === "pending" ? "Execute" : "Execute again"}
                    </Button>
                  ) : null}
                  {t.status === "queued" || t.status === "running" ? (
                    <Button variant="secondary" busy={control.isPending} onClick={() => control.mutate("pause")}>
                      Pause
                    </Button>
                  ) : null}
                  {t.status === "paused" ? (
                    <Button variant="secondary" busy={control.isPending} onClick={() => control.mutate("resume")}>
                      Resume
                    </Button>
                  ) : null}
                  {ACTIVE.has(t.status) ? (
                    <Button variant="secondary" busy={control.isPending} onClick={() => control.mutate("cancel")}>
                      Cancel
                    </Button>
                  ) : null}
                  <Link className="btn btn-secondary link-button" to={`/schedules/new?task=${t.id}`}>
                    Schedule
                  </Link>
                  <Dialog
                    trigger={<Button variant="danger">Delete</Button>}
                    title="Delete this task?"
                    description="Its results and scores are deleted (an active attempt is cancelled first). Its turns stay in the persona's conversation."
                  >
                    <div className="actions">
                      <Button variant="danger" busy={del.isPending} onClick={() => del.mutate()}>
                        Delete task
                      </Button>
                    </div>
                    {del.isError ? <FormError error={del.error} /> : null}
                  </Dialog>
                </>
              }
            />
            <LiveRegion>{said || `Task ${t.status}`}</LiveRegion>
            {control.isError ? <FormError error={control.error} /> : null}
            {execute.isError ? <FormError error={execute.error} title="The task was not executed" /> : null}
            {t.error ? (
              <div className="error-state" role="alert">
                <strong>{t.errorCode ?? "error"}</strong>
                <p>{t.error}</p>
              </div>
            ) : null}
            <div className="grid">
              <Stat label="Status" value={<StatusBadge status={t.status} />} />
              <Stat label="Persona" value={<Link to={`/personas/${t.personaId}`}>{who}</Link>} />
              <Stat
                label="Skill"
                value={
                  <Link to={`/skills/${t.skillId}?version=${t.skillVersion}`}>{skill.data?.name ?? "the skill"}</Link>
                }
                hint={`version ${t.skillVersion}`}
              />
              <Stat
                label="Time"
                value={
                  t.startedAt && t.finishedAt ? formatDuration(Date.parse(t.finishedAt) - Date.parse(t.startedAt)) : "—"
                }
                hint={t.startedAt ? `started ${formatDate(t.startedAt)}` : "not started"}
              />
            </div>
            {Object.keys(t.variables).length ? (
              <p className="hint">
                Variables:{" "}
                {Object.entries(t.variables)
                  .map(([k, v]) => `${k} = ${String(v)}`)
                  .join(" · ")}
              </p>
            ) : null}
            {t.attempt === 0 ? (
              <EmptyState title="Not executed yet" action={<Button onClick={() => execute.mutate()}>Execute</Button>}>
                This task is pending: execute it to ask the persona the skill's questions.
              </EmptyState>
            ) : (
              <Attempts task={t} skill={skill.data} />
            )}
          </div>
        );
      }}
    </QueryView>
  );
}

function Attempts(props: { task: Task; skill: Schemas["Skill"] | undefined }) {
  const { task } = props;
  const [attempt, setAttempt] = useState<number | null>(null);
  const a = attempt ?? task.attempt;
  return (
    <div className="stack">
      {task.attempt > 1 ? (
        <div className="filters">
          <SelectField
            label="Attempt"
            value={String(a)}
            onChange={(e) => setAttempt(Number(e.target.value))}
            options={Array.from({ length: task.attempt }, (_, i) => task.attempt - i).map((n) => ({
              value: String(n),
              label: `Attempt ${n}${n === task.attempt ? " (latest)" : ""}`,
            }))}
          />
        </div>
      ) : null}
      <Tabs
        label="Task"
        tabs={[
          { value: "answers", label: "Answers", content: <Answers task={task} attempt={a} skill={props.skill} /> },
          { value: "transcript", label: "Transcript", content: <Transcript task={task} attempt={a} /> },
          { value: "scores", label: "Scores", content: <Scores task={task} attempt={a} /> },
        ]}
      />
    </div>
  );
}

function Answers(props: { task: Task; attempt: number; skill: Schemas["Skill"] | undefined }) {
  const client = useClient();
  const { tenant } = useSession();
  const { task, attempt } = props;
  const results = useQuery({
    queryKey: ["tasks", "results", tenant, task.id, attempt, task.status],
    queryFn: async () => (await client.tasks.results(task.id, { ...tenant, attempt })).results,
    refetchInterval: ACTIVE.has(task.status) ? 1500 : false,
  });
  const question = (id: string) => props.skill?.questions.find((q) => q.id === id);
  return (
    <QueryView query={results} loadingLabel="Loading answers…">
      {(rows) =>
        rows.length === 0 ? (
          <EmptyState title={ACTIVE.has(task.status) ? "No answer yet" : "No answers in this attempt"}>
            {ACTIVE.has(task.status)
              ? "Each question's answer appears here as soon as it is parsed."
              : "This attempt ended before any question was answered."}
          </EmptyState>
        ) : (
          <div className="stack">
            {rows.map((r) => (
              <AnswerCard key={r.questionId} r={r} q={question(r.questionId)} />
            ))}
          </div>
        )
      }
    </QueryView>
  );
}

function AnswerCard(props: { r: Result; q: Schemas["Question"] | undefined }) {
  const { r, q } = props;
  return (
    <Card
      title={
        <>
          <code>{r.questionId}</code> {q ? q.text : ""}
        </>
      }
      actions={
        <span className="row">
          {q ? <Badge tone="info">{formatLabel(q.outputFormat.type)}</Badge> : null}
          <Badge tone={r.valid ? "good" : "bad"}>{r.valid ? "parsed" : "invalid"}</Badge>
          {r.asks > 1 ? <Badge tone="warn">asked {r.asks}×</Badge> : null}
        </span>
      }
    >
      <dl className="kv">
        <dt>Answer</dt>
        <dd>{r.raw || <span className="muted">(empty)</span>}</dd>
        <dt>Parsed</dt>
        <dd>
          {r.valid ? <code>{showParsed(r.parsed)}</code> : <span className="muted">{r.error ?? "not readable"}</span>}
        </dd>
        {r.followUps.map((f, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed, read-only list (the same probe may be asked twice)
          <FollowUp key={`${i}-${f.question}`} question={f.question} answer={f.answer} />
        ))}
      </dl>
    </Card>
  );
}

function FollowUp(props: { question: string; answer: string }) {
  return (
    <>
      <dt>Follow-up</dt>
      <dd>
        <em>{props.question}</em> — {props.answer}
      </dd>
    </>
  );
}

function askLabel(t: Turn): string {
  if (t.ask === "follow_up") return "follow-up";
  if (t.ask === 0 || t.ask == null) return "question";
  return `repair ${t.ask}`;
}

function Transcript(props: { task: Task; attempt: number }) {
  const client = useClient();
  const { tenant } = useSession();
  const { task } = props;
  const turns = useQuery({
    queryKey: ["tasks", "turns", tenant, task.id, task.status],
    queryFn: async () => (await client.tasks.turns(task.id, { ...tenant })).turns,
    refetchInterval: ACTIVE.has(task.status) ? 1500 : false,
  });
  return (
    <QueryView query={turns} loadingLabel="Loading the transcript…">
      {(all) => {
        const rows = all.filter((t) => t.attempt === props.attempt || t.attempt == null);
        if (!rows.length) {
          return (
            <EmptyState title="No turns in this attempt">
              The transcript holds every prompt sent to the persona and its reply (empty once the persona is deleted).
            </EmptyState>
          );
        }
        const cost = rows.reduce((s, t) => s + t.costUsd, 0);
        const tokens = rows.reduce((s, t) => s + t.tokensIn + t.tokensOut, 0);
        return (
          <div>
            <p className="hint">
              {rows.length} turns · {formatInt(tokens)} tokens · {formatUsd(cost)}
              {task.sessionId ? (
                <>
                  {" "}
                  · <Link to={`/personas/${task.personaId}/sessions/${task.sessionId}`}>open the session</Link>
                </>
              ) : null}
            </p>
            <ol className="stack" aria-label="Transcript">
              {rows.map((t) => (
                <li key={t.id} className="turn">
                  <div className="row">
                    <strong>#{t.seq}</strong>
                    {t.questionId ? <code>{t.questionId}</code> : null}
                    <Badge tone={t.ask === 0 ? "info" : t.ask === "follow_up" ? "neutral" : "warn"}>
                      {askLabel(t)}
                    </Badge>
                    <span className="muted">
                      {t.model} · {formatInt(t.tokensIn)} in / {formatInt(t.tokensOut)} out · {formatUsd(t.costUsd)}
                    </span>
                  </div>
                  <div className="hint">Asked</div>
                  <pre>{t.prompt}</pre>
                  <div className="hint">Answered</div>
                  <pre>{t.response}</pre>
                </li>
              ))}
            </ol>
          </div>
        );
      }}
    </QueryView>
  );
}

function Scores(props: { task: Task; attempt: number }) {
  const client = useClient();
  const { tenant } = useSession();
  const { task } = props;
  const scores = useQuery({
    queryKey: ["tasks", "scores", tenant, task.id, props.attempt, task.status],
    queryFn: async () => (await client.tasks.scores(task.id, { ...tenant, attempt: props.attempt })).scores,
  });
  return (
    <QueryView query={scores} loadingLabel="Loading scores…">
      {(s) =>
        !s ? (
          <EmptyState title="Not scored">
            {ACTIVE.has(task.status)
              ? "Scores are written when the attempt completes."
              : "This skill has no evaluation rubric, or the attempt did not complete. Add a rubric to the skill to score its tasks."}
          </EmptyState>
        ) : (
          <div className="stack">
            <div className="grid">
              <Stat label="Total" value={formatPercent(s.total)} />
              <Stat
                label="Result"
                value={<Badge tone={s.passed ? "good" : "bad"}>{s.passed ? "passed" : "failed"}</Badge>}
              />
            </div>
            <DataTable
              caption="Scores per criterion"
              rows={s.criteria}
              rowKey={(c) => c.name}
              columns={[
                { key: "name", header: "Criterion", render: (c) => c.name },
                {
                  key: "score",
                  header: "Score",
                  align: "right",
                  sort: (c) => c.score,
                  render: (c) => formatNumber(c.score, 4),
                },
                {
                  key: "passed",
                  header: "Passed",
                  render: (c) => <Badge tone={c.passed ? "good" : "bad"}>{c.passed ? "yes" : "no"}</Badge>,
                },
                { key: "reason", header: "Reason", render: (c) => c.reason ?? "—" },
              ]}
            />
          </div>
        )
      }
    </QueryView>
  );
}

export const tasksRoutes: RouteObject[] = [
  { path: "tasks", element: <TasksList /> },
  { path: "tasks/:taskId", element: <TaskDetail /> },
];
