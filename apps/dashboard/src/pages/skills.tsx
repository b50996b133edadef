import type { BodyOf, ResponseOf, Schemas } from "@person-run/sdk";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { Link, type RouteObject, useNavigate, useParams, useSearchParams } from "react-router";
import { queryClient, useClient, useSession } from "../client.tsx";
import { formatDate } from "../lib/format.ts";
import { forget } from "../lib/skills-cache.ts";
import {
  draftToFormat,
  draftToQuestion,
  exampleAnswer,
  FORMAT_TYPES,
  type FormatType,
  formatLabel,
  formatProblems,
  newQuestionDraft,
  type QuestionDraft,
  questionPrompt,
  questionToDraft,
  showParsed,
  templateVariables,
} from "../lib/skills-preview.ts";
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
  Tabs,
  TextArea,
  TextField,
} from "../ui/components.tsx";
import { FormError } from "../ui/form-error.tsx";
import "../styles/skills.css";

type Skill = Schemas["Skill"];

// ---------------------------------------------------------------------------------------------------
// List

function SkillsList() {
  const client = useClient();
  const { tenant } = useSession();
  const [q, setQ] = useState("");
  const [archived, setArchived] = useState(false);
  const skills = useQuery({
    queryKey: ["skills", "list", tenant, q, archived],
    queryFn: async () =>
      (
        await client.skills.list({
          ...tenant,
          limit: 200,
          ...(q ? { q } : {}),
          ...(archived ? { includeArchived: "true" as const } : {}),
        })
      ).data,
  });
  return (
    <div className="research">
      <PageHeader
        title="Skills"
        description="Reusable research instruments: instructions and questions, each with an output format the answers are parsed into."
        actions={
          <>
            <ImportSurvey />
            <Link className="btn btn-primary link-button" to="/skills/new">
              New skill
            </Link>
          </>
        }
      />
      <div className="filters">
        <TextField label="Search by name" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <label className="check">
          <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} /> Show archived
        </label>
      </div>
      <QueryView query={skills} loadingLabel="Loading skills…">
        {(rows) =>
          rows.length === 0 ? (
            q ? (
              <EmptyState title="No skill matches">No skill's name contains “{q}”.</EmptyState>
            ) : (
              <EmptyState
                title="No skills yet"
                action={
                  <Link className="btn btn-primary link-button" to="/skills/new">
                    Write your first skill
                  </Link>
                }
              >
                A skill is what a study or task asks a persona: instructions, then questions whose answers are parsed
                into a typed value (a point on a Likert scale, an option, a ranking, a number, JSON…). Write one here,
                or import a Qualtrics or Typeform survey.
              </EmptyState>
            )
          ) : (
            <DataTable<Skill>
              caption="Skills"
              rows={rows}
              rowKey={(s) => s.id}
              initialSort={{ key: "updated", dir: "desc" }}
              columns={[
                {
                  key: "name",
                  header: "Name",
                  sort: (s) => s.name,
                  render: (s) => (
                    <>
                      <Link to={`/skills/${s.id}`}>{s.name}</Link>
                      {s.archivedAt ? (
                        <>
                          {" "}
                          <Badge tone="warn">archived</Badge>
                        </>
                      ) : null}
                    </>
                  ),
                },
                {
                  key: "questions",
                  header: "Questions",
                  align: "right",
                  sort: (s) => s.questions.length,
                  render: (s) => s.questions.length,
                },
                {
                  key: "formats",
                  header: "Formats",
                  render: (s) => (
                    <span className="row">
                      {[...new Set(s.questions.map((x) => x.outputFormat.type))].map((t) => (
                        <Badge key={t} tone="info">
                          {formatLabel(t)}
                        </Badge>
                      ))}
                    </span>
                  ),
                },
                { key: "version", header: "Version", align: "right", sort: (s) => s.version, render: (s) => s.version },
                { key: "updated", header: "Updated", sort: (s) => s.updatedAt, render: (s) => formatDate(s.updatedAt) },
              ]}
            />
          )
        }
      </QueryView>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// Import of a Qualtrics / Typeform file

function ImportSurvey() {
  const client = useClient();
  const { tenant } = useSession();
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<"qualtrics" | "typeform">("qualtrics");
  const [file, setFile] = useState<File | null>(null);
  const fileId = useId();
  const run = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error("Choose a survey file first.");
      const text = await file.text();
      return client.skills.import({ ...tenant, format, document: text });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["skills"] }),
  });
  const result = run.data;
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) {
          run.reset();
          setFile(null);
        }
      }}
      trigger={<Button variant="secondary">Import survey</Button>}
      title="Import a survey as a skill"
      description="A Qualtrics export (.qsf) or a Typeform form definition (JSON). Every source question that cannot become a skill question is listed with why."
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
      >
        <SelectField
          label="File format"
          value={format}
          onChange={(e) => setFormat(e.target.value as "qualtrics" | "typeform")}
          options={[
            { value: "qualtrics", label: "Qualtrics (.qsf)" },
            { value: "typeform", label: "Typeform (form JSON)" },
          ]}
        />
        <div className="field">
          <label htmlFor={fileId}>Survey file</label>
          <input
            id={fileId}
            type="file"
            accept=".qsf,.json,application/json"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              run.reset();
            }}
          />
        </div>
        <div className="actions">
          <Button type="submit" busy={run.isPending} disabled={!file}>
            Import
          </Button>
        </div>
      </form>
      <LiveRegion>{result ? `Imported ${result.skill.name}` : run.isError ? "The import failed" : ""}</LiveRegion>
      {run.isError ? <FormError error={run.error} title="The file was not imported" /> : null}
      {result ? <ImportResult result={result} /> : null}
    </Dialog>
  );
}

function ImportResult(props: { result: ResponseOf<"importSkill"> }) {
  const { skill, unsupported } = props.result;
  return (
    <div className="stack">
      <p>
        Imported <Link to={`/skills/${skill.id}`}>{skill.name}</Link> with {skill.questions.length} question
        {skill.questions.length === 1 ? "" : "s"} (version {skill.version}).
      </p>
      {unsupported.length ? (
        <div>
          <h3>Not imported as questions ({unsupported.length})</h3>
          <DataTable
            caption="Survey items not imported as questions"
            rows={unsupported}
            rowKey={(u) => `${u.id}-${u.type}`}
            columns={[
              { key: "id", header: "Item", render: (u) => <code>{u.id}</code> },
              { key: "type", header: "Type", render: (u) => u.type },
              { key: "reason", header: "Why", render: (u) => u.reason },
            ]}
          />
        </div>
      ) : (
        <p className="muted">Every survey item became a question.</p>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// Editor

interface Draft {
  name: string;
  description: string;
  instructions: string;
  model: string;
  temperature: string;
  evaluation: string;
  questions: QuestionDraft[];
}

function toDraft(s: Skill | null): Draft {
  if (!s) {
    return {
      name: "",
      description: "",
      instructions: "",
      model: "",
      temperature: "",
      evaluation: "",
      questions: [newQuestionDraft([])],
    };
  }
  return {
    name: s.name,
    description: s.description ?? "",
    instructions: s.instructions,
    model: s.model ?? "",
    temperature: s.temperature == null ? "" : String(s.temperature),
    evaluation: s.evaluation ? JSON.stringify(s.evaluation, null, 2) : "",
    questions: s.questions.map(questionToDraft),
  };
}

/** The draft as the create body, or the first reason it cannot be sent yet. */
function toBody(d: Draft): { body: BodyOf<"createSkill">; error: null } | { body: null; error: string } {
  const questions: Schemas["Question"][] = [];
  for (const [i, q] of d.questions.entries()) {
    const out = draftToQuestion(q);
    if (!out) return { body: null, error: `Question ${i + 1}: ${draftToFormat(q).error}` };
    questions.push(out);
  }
  let evaluation: Schemas["Evaluation"] | undefined;
  if (d.evaluation.trim()) {
    try {
      evaluation = JSON.parse(d.evaluation) as Schemas["Evaluation"];
    } catch (err) {
      return { body: null, error: `The evaluation rubric is not valid JSON: ${(err as Error).message}` };
    }
  }
  const temperature = d.temperature.trim() === "" ? undefined : Number(d.temperature);
  if (temperature !== undefined && !Number.isFinite(temperature)) {
    return { body: null, error: "Temperature must be a number from 0 to 2." };
  }
  return {
    body: {
      name: d.name.trim(),
      instructions: d.instructions,
      questions,
      ...(d.description.trim() ? { description: d.description.trim() } : {}),
      ...(d.model.trim() ? { model: d.model.trim() } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
      ...(evaluation ? { evaluation } : {}),
    },
    error: null,
  };
}

function SkillEditor(props: {
  initial: Skill | null;
  submitLabel: string;
  saving: boolean;
  error: unknown;
  onSave: (body: BodyOf<"createSkill">, draft: Draft) => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(props.initial));
  const [localError, setLocalError] = useState<string | null>(null);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setQuestion = (key: string, patch: Partial<QuestionDraft>) =>
    setDraft((d) => ({ ...d, questions: d.questions.map((q) => (q.key === key ? { ...q, ...patch } : q)) }));
  const move = (index: number, by: number) =>
    setDraft((d) => {
      const qs = [...d.questions];
      const [q] = qs.splice(index, 1);
      if (q) qs.splice(index + by, 0, q);
      return { ...d, questions: qs };
    });
  const variables = useMemo(
    () =>
      templateVariables([draft.instructions, ...draft.questions.flatMap((q) => [q.text, ...q.followUps.split("\n")])]),
    [draft.instructions, draft.questions],
  );

  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        const out = toBody(draft);
        setLocalError(out.error);
        if (out.body) props.onSave(out.body, draft);
      }}
    >
      <Card title="About this skill">
        <div className="grid-2">
          <div>
            <TextField
              label="Name"
              required
              maxLength={200}
              value={draft.name}
              onChange={(e) => set({ name: e.target.value })}
            />
            <TextField
              label="Description"
              hint="Optional: what the skill is for"
              maxLength={2000}
              value={draft.description}
              onChange={(e) => set({ description: e.target.value })}
            />
            <div className="field-row">
              <TextField
                label="Model"
                hint="Optional, e.g. person-run/simulator"
                value={draft.model}
                onChange={(e) => set({ model: e.target.value })}
              />
              <TextField
                label="Temperature"
                hint="Optional, 0–2"
                inputMode="decimal"
                value={draft.temperature}
                onChange={(e) => set({ temperature: e.target.value })}
              />
            </div>
          </div>
          <div>
            <TextArea
              label="Instructions"
              required
              rows={6}
              hint="What the persona is told before the first question. {{variables}} are filled per task."
              value={draft.instructions}
              onChange={(e) => set({ instructions: e.target.value })}
            />
            {variables.length ? (
              <p className="hint">
                Variables:{" "}
                {variables.map((v) => (
                  <span key={v.name}>
                    <code>{`{{${v.name}}}`}</code> (
                    {v.source === "persona" ? "from the persona" : "supplied by the task"}){" "}
                  </span>
                ))}
              </p>
            ) : null}
          </div>
        </div>
      </Card>

      {draft.questions.map((q, i) => (
        <QuestionCard
          key={q.key}
          q={q}
          index={i}
          count={draft.questions.length}
          instructions={draft.instructions}
          onChange={(patch) => setQuestion(q.key, patch)}
          onMove={(by) => move(i, by)}
          onRemove={() => set({ questions: draft.questions.filter((x) => x.key !== q.key) })}
        />
      ))}
      <div className="actions">
        <Button
          variant="secondary"
          disabled={draft.questions.length >= 50}
          onClick={() => set({ questions: [...draft.questions, newQuestionDraft(draft.questions.map((x) => x.id))] })}
        >
          Add a question
        </Button>
      </div>

      <Card title="Evaluation rubric">
        <TextArea
          label="Rubric (JSON, optional)"
          rows={5}
          hint={
            <>
              Scores each task:{" "}
              <code>
                {
                  '{ "criteria": [{ "name": "Readable", "weight": 1, "rule": { "type": "format_valid" } }], "passThreshold": 0.7 }'
                }
              </code>
              . Rules: format_valid, must_mention, must_not_mention, length, range; or a <code>judge</code> instruction.
            </>
          }
          value={draft.evaluation}
          onChange={(e) => set({ evaluation: e.target.value })}
        />
      </Card>

      {localError ? (
        <div className="error-state" role="alert">
          {localError}
        </div>
      ) : null}
      {props.error ? <FormError error={props.error} title="The skill was not saved" /> : null}
      <div className="actions">
        <Button type="submit" busy={props.saving}>
          {props.submitLabel}
        </Button>
      </div>
    </form>
  );
}

function QuestionCard(props: {
  q: QuestionDraft;
  index: number;
  count: number;
  instructions: string;
  onChange: (patch: Partial<QuestionDraft>) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const { q, index, onChange } = props;
  const n = index + 1;
  const { format, error } = draftToFormat(q);
  const problems = format ? formatProblems(format) : [];
  const example = format && problems.length === 0 ? exampleAnswer(format) : null;
  return (
    <Card
      title={`Question ${n}`}
      actions={
        <div className="row">
          <Button
            variant="ghost"
            aria-label={`Move question ${n} up`}
            disabled={index === 0}
            onClick={() => props.onMove(-1)}
          >
            ↑
          </Button>
          <Button
            variant="ghost"
            aria-label={`Move question ${n} down`}
            disabled={index === props.count - 1}
            onClick={() => props.onMove(1)}
          >
            ↓
          </Button>
          <Button
            variant="ghost"
            aria-label={`Remove question ${n}`}
            disabled={props.count <= 1}
            onClick={props.onRemove}
          >
            Remove
          </Button>
        </div>
      }
    >
      <div className="question-editor">
        <div>
          <div className="field-row">
            <TextField
              label={`Question ${n} id`}
              hint="Letters, digits, _ and -"
              pattern="[A-Za-z0-9_\-]{1,64}"
              required
              value={q.id}
              onChange={(e) => onChange({ id: e.target.value })}
            />
            <SelectField
              label={`Question ${n} output format`}
              value={q.type}
              options={FORMAT_TYPES}
              onChange={(e) => onChange({ type: e.target.value as FormatType })}
            />
          </div>
          <TextArea
            label={`Question ${n} text`}
            required
            rows={2}
            value={q.text}
            onChange={(e) => onChange({ text: e.target.value })}
          />
          <FormatFields q={q} n={n} onChange={onChange} />
          <TextArea
            label={`Question ${n} follow-ups`}
            hint="Optional probes asked after the answer, one per line (at most 5)"
            rows={2}
            value={q.followUps}
            onChange={(e) => onChange({ followUps: e.target.value })}
          />
        </div>
        <section className="preview" aria-label={`Preview of question ${n}`}>
          <h3>Preview: {formatLabel(q.type)}</h3>
          {error ? (
            <p className="problems" role="alert">
              {error}
            </p>
          ) : null}
          {problems.length ? (
            <ul className="problems">
              {problems.map((p) => (
                <li key={p.field + p.message}>{p.message}</li>
              ))}
            </ul>
          ) : null}
          {format ? (
            <>
              <h4>What the persona is asked</h4>
              <pre data-testid="preview-prompt">
                {questionPrompt(
                  props.instructions,
                  { text: q.text || "(the question's text)", outputFormat: format },
                  index,
                )}
              </pre>
            </>
          ) : null}
          {example && format ? (
            <>
              <h4>A valid answer</h4>
              <pre data-testid="preview-answer">{example.raw}</pre>
              <h4>Parsed into</h4>
              <pre data-testid="preview-parsed">{showParsed(example.parsed)}</pre>
            </>
          ) : null}
        </section>
      </div>
    </Card>
  );
}

function FormatFields(props: { q: QuestionDraft; n: number; onChange: (patch: Partial<QuestionDraft>) => void }) {
  const { q, n, onChange } = props;
  const check = (label: string, checked: boolean, key: "allowOther" | "reverse" | "integer") => (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange({ [key]: e.target.checked })} /> {label}
    </label>
  );
  const num = (label: string, key: keyof QuestionDraft, hint?: string) => (
    <TextField
      label={`${label} (question ${n})`}
      hint={hint}
      inputMode="decimal"
      value={q[key] as string}
      onChange={(e) => onChange({ [key]: e.target.value })}
    />
  );
  switch (q.type) {
    case "text":
      return <div className="field-row">{[num("Min words", "minWords"), num("Max words", "maxWords")]}</div>;
    case "likert":
      return (
        <>
          <div className="field-row">{num("Scale points", "scale", "2 to 11")}</div>
          <TextArea
            label={`Scale labels (question ${n})`}
            hint="Two lines (lowest, highest) or one per point; optional"
            rows={2}
            value={q.labels}
            onChange={(e) => onChange({ labels: e.target.value })}
          />
          {check("Reverse-keyed (scored as scale + 1 − the point)", q.reverse, "reverse")}
        </>
      );
    case "single_choice":
    case "multi_choice":
    case "ranking":
      return (
        <>
          <TextArea
            label={`Options (question ${n})`}
            hint="One per line, 2 to 50"
            rows={4}
            value={q.options}
            onChange={(e) => onChange({ options: e.target.value })}
          />
          {q.type === "multi_choice" ? (
            <div className="field-row">
              {[num("Min picks", "minPicks", "Default 1"), num("Max picks", "maxPicks", "Default all")]}
            </div>
          ) : null}
          {q.type !== "ranking" ? check("Allow “Other: …” answers", q.allowOther, "allowOther") : null}
        </>
      );
    case "numeric":
      return (
        <>
          <div className="field-row">
            {num("Minimum", "min")}
            {num("Maximum", "max")}
            <TextField
              label={`Unit (question ${n})`}
              hint="e.g. USD per month"
              value={q.unit}
              onChange={(e) => onChange({ unit: e.target.value })}
            />
          </div>
          {check("Whole numbers only", q.integer, "integer")}
        </>
      );
    case "json":
      return (
        <TextArea
          label={`JSON Schema (question ${n})`}
          hint="Draft 2020-12 (or 07 with $schema); at most 16 KB"
          rows={8}
          value={q.schema}
          onChange={(e) => onChange({ schema: e.target.value })}
        />
      );
  }
}

// ---------------------------------------------------------------------------------------------------
// New, detail, versions, delete

function NewSkill() {
  const client = useClient();
  const { tenant } = useSession();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: (body: BodyOf<"createSkill">) => client.skills.create({ ...tenant, ...body }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ["skills"] });
      navigate(`/skills/${r.skill.id}`, { state: { saved: 1 } });
    },
  });
  return (
    <div className="research">
      <PageHeader
        title="New skill"
        description="Write the instructions and questions; the preview beside each question shows what a persona is asked and what a valid answer looks like."
        actions={<Link to="/skills">All skills</Link>}
      />
      <SkillEditor
        initial={null}
        submitLabel="Create skill"
        saving={create.isPending}
        error={create.error}
        onSave={(body) => create.mutate(body)}
      />
    </div>
  );
}

function SkillDetail() {
  const { skillId = "" } = useParams();
  const client = useClient();
  const { tenant } = useSession();
  const [params, setParams] = useSearchParams();
  const versionParam = Number(params.get("version")) || undefined;
  const latest = useQuery({
    queryKey: ["skills", "one", tenant, skillId],
    queryFn: async () => (await client.skills.retrieve(skillId, { ...tenant })).skill,
  });
  const versions = useQuery({
    queryKey: ["skills", "versions", tenant, skillId],
    queryFn: async () => (await client.skills.versions(skillId, { ...tenant })).versions,
  });
  const [saved, setSaved] = useState<string | null>(null);
  const update = useMutation({
    mutationFn: (body: BodyOf<"updateSkill">) => client.skills.update(skillId, { ...tenant, ...body }),
    onSuccess: async (r, _body) => {
      const before = latest.data?.version;
      setSaved(
        r.skill.version === before
          ? "Nothing changed: no new version was made."
          : `Saved as version ${r.skill.version}.`,
      );
      queryClient.setQueryData(["skills", "one", tenant, skillId], r.skill);
      await queryClient.invalidateQueries({ queryKey: ["skills"] });
    },
  });
  const [tab, setTab] = useState(versionParam ? "versions" : "edit");

  return (
    <QueryView query={latest} loadingLabel="Loading the skill…">
      {(skill) => (
        <div className="research">
          <PageHeader
            title={skill.name}
            description={
              <>
                Version {skill.version} · updated {formatDate(skill.updatedAt)}
                {skill.archivedAt ? (
                  <>
                    {" "}
                    · <Badge tone="warn">archived</Badge> (in use by tasks: readable, no longer editable)
                  </>
                ) : null}
              </>
            }
            actions={
              <>
                <Link to="/skills">All skills</Link>
                <Link className="btn btn-secondary link-button" to={`/tasks?skillId=${skill.id}`}>
                  Tasks of this skill
                </Link>
                <DeleteSkill skill={skill} />
              </>
            }
          />
          <LiveRegion>{saved ?? ""}</LiveRegion>
          {saved ? (
            <p className="badge badge-good" role="status">
              {saved}
            </p>
          ) : null}
          <Tabs
            label="Skill"
            value={tab}
            onValueChange={setTab}
            tabs={[
              {
                value: "edit",
                label: "Edit",
                content: (
                  <SkillEditor
                    key={`${skill.id}-${skill.version}`}
                    initial={skill}
                    submitLabel="Save as a new version"
                    saving={update.isPending}
                    error={update.error}
                    onSave={(body) => {
                      setSaved(null);
                      update.mutate({
                        ...body,
                        description: body.description ?? null,
                        model: body.model ?? null,
                        temperature: body.temperature ?? null,
                        evaluation: body.evaluation ?? null,
                      });
                    }}
                  />
                ),
              },
              {
                value: "versions",
                label: `Versions (${versions.data?.length ?? skill.version})`,
                content: (
                  <QueryView query={versions} loadingLabel="Loading versions…">
                    {(list) => (
                      <div className="grid-2">
                        <Card title="Versions">
                          <ul className="stack" aria-label="Versions, newest first">
                            {[...list].reverse().map((v) => (
                              <li key={v.version}>
                                <Link
                                  to={`/skills/${skill.id}?version=${v.version}`}
                                  aria-current={versionParam === v.version ? "page" : undefined}
                                  onClick={() => setParams({ version: String(v.version) })}
                                >
                                  Version {v.version}
                                </Link>{" "}
                                <span className="muted">
                                  {v.name} · {formatDate(v.createdAt)}
                                </span>
                                {v.version === skill.version ? (
                                  <>
                                    {" "}
                                    <Badge tone="good">latest</Badge>
                                  </>
                                ) : null}
                              </li>
                            ))}
                          </ul>
                        </Card>
                        {versionParam ? (
                          <VersionView skillId={skill.id} version={versionParam} />
                        ) : (
                          <p className="muted">Choose a version to see its definition.</p>
                        )}
                      </div>
                    )}
                  </QueryView>
                ),
              },
            ]}
          />
        </div>
      )}
    </QueryView>
  );
}

function VersionView(props: { skillId: string; version: number }) {
  const client = useClient();
  const { tenant } = useSession();
  const v = useQuery({
    queryKey: ["skills", "one", tenant, props.skillId, props.version],
    queryFn: async () => (await client.skills.retrieve(props.skillId, { ...tenant, version: props.version })).skill,
  });
  return (
    <QueryView query={v} loadingLabel="Loading the version…">
      {(s) => (
        <Card title={`Version ${s.version}: ${s.name}`}>
          <dl className="kv">
            <dt>Instructions</dt>
            <dd>{s.instructions}</dd>
            <dt>Model</dt>
            <dd>{s.model ?? "server default"}</dd>
            <dt>Rubric</dt>
            <dd>
              {s.evaluation
                ? `${s.evaluation.criteria.length} criteria, pass at ${s.evaluation.passThreshold}`
                : "none"}
            </dd>
          </dl>
          <h3>Questions</h3>
          <ol>
            {s.questions.map((q) => (
              <li key={q.id}>
                <code>{q.id}</code> · {formatLabel(q.outputFormat.type)}: {q.text}
              </li>
            ))}
          </ol>
        </Card>
      )}
    </QueryView>
  );
}

function DeleteSkill(props: { skill: Skill }) {
  const client = useClient();
  const { tenant } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const del = useMutation({
    mutationFn: () => client.skills.delete(props.skill.id, { ...tenant }),
    onSuccess: async (r) => {
      if (!r.archived) {
        // Leave first: the deleted skill's own queries must not be fetched again (they would 404).
        setOpen(false);
        navigate("/skills");
        forget(props.skill.id);
      }
      await queryClient.invalidateQueries({ queryKey: ["skills", "list"] });
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      trigger={<Button variant="danger">Delete</Button>}
      title={`Delete “${props.skill.name}”?`}
      description="A skill no task uses is deleted with its versions. A skill tasks use is archived instead: hidden from the list, still readable by the tasks that pin it."
    >
      {del.data?.archived ? (
        <p role="status">The skill is in use by tasks, so it was archived (not deleted).</p>
      ) : (
        <div className="actions">
          <Button variant="danger" busy={del.isPending} onClick={() => del.mutate()}>
            Delete skill
          </Button>
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Keep it
          </Button>
        </div>
      )}
      {del.isError ? <FormError error={del.error} /> : null}
    </Dialog>
  );
}

export const skillsRoutes: RouteObject[] = [
  { path: "skills", element: <SkillsList /> },
  { path: "skills/new", element: <NewSkill /> },
  { path: "skills/:skillId", element: <SkillDetail /> },
];
