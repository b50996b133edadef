import * as Plot from "@observablehq/plot";
import type { Schemas } from "@person-run/sdk";
import { APIError } from "@person-run/sdk";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { errorMessage, queryClient, useClient, useSession } from "../../client.tsx";
import { formatDate } from "../../lib/format.ts";
import {
  EMPTY_MEMORY,
  entryToForm,
  fieldErrors,
  MEMORY_TYPE_HINTS,
  MEMORY_TYPES,
  type MemoryForm,
  type MemoryType,
  memoryToBody,
  shapeTimeline,
  strengthPoints,
  supersedeBody,
  typeCounts,
} from "../../lib/personas.ts";
import { Button, Card, Dialog, EmptyState, QueryView, SelectField, TextArea, TextField } from "../../ui/components.tsx";
import { PlotFigure } from "../../ui/plot.tsx";

type Entry = Schemas["TimelineEntry"];
const MEMORY_FIELDS = Object.keys(EMPTY_MEMORY);
/** The chart's colours: the same theme variables as the type badges and the timeline's dots. */
const TYPE_COLOURS: Record<MemoryType, string> = {
  normal: "var(--accent)",
  pride: "var(--good)",
  shame: "var(--bad)",
  repressed: "var(--muted)",
  revised: "var(--info)",
  exaggerated: "var(--warn)",
};

export function TimelinePanel({ personaId }: { personaId: string }) {
  const client = useClient();
  const { tenant } = useSession();
  const timeline = useQuery({
    queryKey: ["timeline", personaId, tenant.tenantId ?? ""],
    queryFn: () => client.timeline.list(personaId, { ...tenant, includeSuperseded: "true", limit: 200 }).toArray(),
  });
  return (
    <QueryView query={timeline} loadingLabel="Loading the timeline…">
      {(entries) => <Timeline personaId={personaId} entries={entries} />}
    </QueryView>
  );
}

function Timeline({ personaId, entries }: { personaId: string; entries: Entry[] }) {
  const [types, setTypes] = useState<Set<MemoryType>>(new Set());
  const [showSuperseded, setShowSuperseded] = useState(true);
  const counts = useMemo(() => typeCounts(entries), [entries]);
  const items = useMemo(() => shapeTimeline(entries, { types, showSuperseded }), [entries, types, showSuperseded]);
  const points = useMemo(() => strengthPoints(items), [items]);
  const chart = useMemo<Plot.PlotOptions>(
    () => ({
      height: 180,
      marginLeft: 40,
      x: { type: "utc", label: "Event date" },
      y: { domain: [0, 100], label: "Strength", grid: true },
      color: { legend: true, domain: [...MEMORY_TYPES], range: MEMORY_TYPES.map((t) => TYPE_COLOURS[t]) },
      marks: [
        Plot.ruleX(points, {
          x: "date",
          y1: 0,
          y2: "strength",
          stroke: "type",
          strokeOpacity: 0.35,
          ariaHidden: "true",
        }),
        Plot.dot(points, {
          x: "date",
          y: "strength",
          fill: (d: { superseded: boolean; type: string }) => (d.superseded ? "none" : d.type),
          stroke: "type",
          r: 5,
          title: (d: { label: string; strength: number; type: string }) =>
            `${d.label}\n${d.type} · strength ${d.strength}`,
          ariaHidden: "true",
        }),
      ],
    }),
    [points],
  );
  const toggle = (t: MemoryType) =>
    setTypes((s) => {
      const next = new Set(s);
      if (next.has(t)) next.delete(t);
      else next.add(t);
      return next;
    });

  if (entries.length === 0) {
    return (
      <EmptyState title="No memories yet" action={<AppendMemory personaId={personaId} />}>
        A timeline holds the persona's memories: what happened, how it felt and what it made of it. Memories are
        recalled when it answers, and fade with time by type.
      </EmptyState>
    );
  }
  return (
    <div className="stack">
      <Card title="Memory strength over time" actions={<AppendMemory personaId={personaId} />}>
        <PlotFigure
          options={chart}
          label="Strength of each memory (0 to 100) by event date, coloured by memory type; hollow dots are superseded"
          caption="Strength now: decayed with age by type, reinforced by recall. Hollow dots are superseded memories."
        />
      </Card>
      <fieldset className="timeline-filters">
        <legend className="sr-only">Filter by memory type</legend>
        {MEMORY_TYPES.map((t) => (
          <button
            key={t}
            type="button"
            className={`chip-toggle type-${t}`}
            aria-pressed={types.has(t)}
            title={MEMORY_TYPE_HINTS[t]}
            onClick={() => toggle(t)}
          >
            {t} <span className="count">{counts[t]}</span>
          </button>
        ))}
        <label className="checkbox">
          <input type="checkbox" checked={showSuperseded} onChange={(e) => setShowSuperseded(e.target.checked)} /> Show
          superseded
        </label>
      </fieldset>
      <p className="muted" aria-live="polite">
        {items.length} of {entries.length} memories shown
      </p>
      {items.length === 0 ? (
        <EmptyState title="No memory matches these filters">Choose other memory types above.</EmptyState>
      ) : (
        <ol className="timeline" aria-label="Timeline">
          {items.map(({ entry: e, strength, revisedBy, revises }) => (
            <li
              key={e.id}
              id={`entry-${e.id}`}
              className={`timeline-item type-${e.memoryType}${e.status === "superseded" ? " superseded" : ""}`}
            >
              <div className="timeline-dot" aria-hidden="true" />
              <article className="timeline-card" aria-labelledby={`entry-${e.id}-title`}>
                <header className="timeline-head">
                  <time dateTime={e.eventAt}>{formatDate(e.eventAt, { withTime: false })}</time>
                  <h3 id={`entry-${e.id}-title`}>{e.eventLabel}</h3>
                  <span className={`type-badge type-${e.memoryType}`}>{e.memoryType}</span>
                  {e.status === "superseded" ? <span className="badge badge-warn">superseded</span> : null}
                </header>
                <div className="strength">
                  <span className="strength-label">Strength {strength}</span>
                  <div className="bar" aria-hidden="true">
                    <span style={{ width: `${strength}%` }} />
                  </div>
                  <span className="hint">
                    formed at {Math.round(e.memoryStrength)} · recalled {e.recallCount}×
                  </span>
                </div>
                <dl className="memory">
                  <div>
                    <dt>Facts</dt>
                    <dd>{e.facts}</dd>
                  </div>
                  <div>
                    <dt>Feelings</dt>
                    <dd>{e.feelings}</dd>
                  </div>
                  <div>
                    <dt>Interpretation</dt>
                    <dd>{e.interpretation}</dd>
                  </div>
                </dl>
                {e.emotionTags.length ? (
                  <ul className="chips" aria-label="Emotions">
                    {e.emotionTags.map((t) => (
                      <li key={t}>{t}</li>
                    ))}
                  </ul>
                ) : null}
                {e.status === "superseded" ? (
                  <p className="revision-note">
                    Superseded {formatDate(e.supersededAt)}
                    {e.supersedeReason ? ` — “${e.supersedeReason}”` : ""}.{" "}
                    {revisedBy ? <a href={`#entry-${revisedBy.id}`}>See the revision: {revisedBy.eventLabel}</a> : null}
                  </p>
                ) : null}
                {revises ? (
                  <p className="revision-note">
                    Revises <a href={`#entry-${revises.id}`}>{revises.eventLabel}</a>
                    {revises.supersedeReason ? ` — “${revises.supersedeReason}”` : ""}
                  </p>
                ) : null}
                {e.status === "active" ? (
                  <div className="actions">
                    <SupersedeMemory personaId={personaId} entry={e} />
                  </div>
                ) : null}
              </article>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function MemoryFields(props: {
  form: MemoryForm;
  setForm: (f: (m: MemoryForm) => MemoryForm) => void;
  errors: Record<string, string>;
}) {
  const { form, setForm, errors } = props;
  const f = (k: keyof MemoryForm) => ({
    value: form[k],
    error: errors[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
      setForm((s) => ({ ...s, [k]: e.target.value })),
  });
  return (
    <>
      <div className="form-grid">
        <TextField label="Event date" type="date" required {...f("eventAt")} />
        <TextField label="Label" required placeholder="First day at the studio" {...f("eventLabel")} />
        <SelectField
          label="Memory type"
          options={MEMORY_TYPES.map((t) => ({ value: t, label: `${t} — ${MEMORY_TYPE_HINTS[t]}` }))}
          {...f("memoryType")}
        />
        <TextField label="Strength (0–100)" type="number" min={0} max={100} required {...f("memoryStrength")} />
      </div>
      <TextArea label="Facts" rows={2} required {...f("facts")} />
      <TextArea label="Feelings" rows={2} required {...f("feelings")} />
      <TextArea label="Interpretation" rows={2} required {...f("interpretation")} />
      <TextField label="Emotion tags" hint="Comma-separated" {...f("emotionTags")} />
    </>
  );
}

function AppendMemory({ personaId }: { personaId: string }) {
  const client = useClient();
  const { tenant } = useSession();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<MemoryForm>(EMPTY_MEMORY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const append = useMutation({
    mutationFn: () => client.timeline.append(personaId, { ...tenant, ...memoryToBody(form) }),
    onMutate: () => setErrors({}),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["timeline", personaId] });
      setOpen(false);
      setForm(EMPTY_MEMORY);
    },
    onError: (err) => {
      if (err instanceof APIError) setErrors(fieldErrors(err.details, MEMORY_FIELDS));
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      trigger={<Button variant="secondary">Add a memory</Button>}
      title="Add a memory"
      description="A new event in the persona's life. It is recalled when relevant and fades with time by type."
    >
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          append.mutate();
        }}
      >
        <MemoryFields form={form} setForm={setForm} errors={errors} />
        {append.isError ? (
          <div className="error-state" role="alert">
            <strong>The memory was not added</strong>
            <p>{errorMessage(append.error)}</p>
            {errors._form ? <p>{errors._form}</p> : null}
          </div>
        ) : null}
        <div className="actions">
          <Button type="submit" busy={append.isPending}>
            Add memory
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function SupersedeMemory({ personaId, entry }: { personaId: string; entry: Entry }) {
  const client = useClient();
  const { tenant } = useSession();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<MemoryForm>(() => entryToForm(entry));
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const supersede = useMutation({
    mutationFn: () =>
      client.timeline.supersede(personaId, entry.id, { ...tenant, ...supersedeBody(entry, form, reason) }),
    onMutate: () => setErrors({}),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["timeline", personaId] });
      setOpen(false);
      setReason("");
    },
    onError: (err) => {
      if (err instanceof APIError) setErrors(fieldErrors(err.details, [...MEMORY_FIELDS, "reason"]));
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) setForm(entryToForm(entry));
      }}
      trigger={
        <Button variant="ghost" aria-label={`Revise “${entry.eventLabel}”`}>
          Revise
        </Button>
      }
      title={`Revise “${entry.eventLabel}”`}
      description="The original stays in the audit trail as superseded, linked to this revision. Fields left as they are are copied."
    >
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          supersede.mutate();
        }}
      >
        <TextField
          label="Reason"
          required
          placeholder="She misremembered the year"
          value={reason}
          error={errors.reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <MemoryFields form={form} setForm={setForm} errors={errors} />
        {supersede.isError ? (
          <div className="error-state" role="alert">
            <strong>The memory was not revised</strong>
            <p>{errorMessage(supersede.error)}</p>
            {errors._form ? <p>{errors._form}</p> : null}
          </div>
        ) : null}
        <div className="actions">
          <Button type="submit" busy={supersede.isPending}>
            Save revision
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
