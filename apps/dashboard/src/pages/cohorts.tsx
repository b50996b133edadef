import type { BodyOf, Schemas } from "@person-run/sdk";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, type RouteObject, useNavigate, useParams } from "react-router";
import { queryClient, useClient, useSession } from "../client.tsx";
import {
  type CohortForm,
  criteriaToForm,
  describeCriteria,
  formToCriteria,
  LIST_FIELDS,
  splitList,
  TRAITS,
} from "../lib/cohorts.ts";
import { formatDate, formatInt } from "../lib/format.ts";
import { forget } from "../lib/skills-cache.ts";
import {
  Badge,
  Button,
  Card,
  DataTable,
  Dialog,
  EmptyState,
  PageHeader,
  QueryView,
  TextArea,
  TextField,
} from "../ui/components.tsx";
import { FormError } from "../ui/form-error.tsx";
import "../styles/skills.css";

type Cohort = Schemas["Cohort"];
type Persona = Schemas["Persona"];

function CriteriaSummary(props: { cohort: Cohort }) {
  const words = describeCriteria(props.cohort.criteria);
  const c = props.cohort;
  return (
    <span>
      {words.length ? words.join(" · ") : <span className="muted">no criteria</span>}
      {c.include.length ? ` · +${c.include.length} listed` : ""}
      {c.exclude.length ? ` · −${c.exclude.length} excluded` : ""}
    </span>
  );
}

function CohortsList() {
  const client = useClient();
  const { tenant } = useSession();
  const cohorts = useQuery({
    queryKey: ["cohorts", "list", tenant],
    queryFn: async () => (await client.cohorts.list({ ...tenant, limit: 200 })).data,
  });
  const newLink = (
    <Link className="btn btn-primary link-button" to="/cohorts/new">
      New cohort
    </Link>
  );
  return (
    <div className="research">
      <PageHeader
        title="Cohorts"
        description="Segments of your personas by criteria (age, occupation, place, attributes, traits) or by hand. Membership is live: it is evaluated on every read."
        actions={newLink}
      />
      <QueryView query={cohorts} loadingLabel="Loading cohorts…">
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState title="No cohorts yet" action={newLink}>
              A cohort is a rule such as “nurses over 40 in the Midwest”: every persona that matches it is a member, now
              and later. Populations combine cohorts into weighted panels that studies ask.
            </EmptyState>
          ) : (
            <DataTable<Cohort>
              caption="Cohorts"
              rows={rows}
              rowKey={(c) => c.id}
              columns={[
                {
                  key: "name",
                  header: "Name",
                  sort: (c) => c.name,
                  render: (c) => <Link to={`/cohorts/${c.id}`}>{c.name}</Link>,
                },
                { key: "criteria", header: "Rule", render: (c) => <CriteriaSummary cohort={c} /> },
                {
                  key: "members",
                  header: "Members",
                  align: "right",
                  sort: (c) => c.memberCount,
                  render: (c) => formatInt(c.memberCount),
                },
                { key: "version", header: "Version", align: "right", sort: (c) => c.version, render: (c) => c.version },
                { key: "updated", header: "Updated", sort: (c) => c.updatedAt, render: (c) => formatDate(c.updatedAt) },
              ]}
            />
          )
        }
      </QueryView>
    </div>
  );
}

interface BuilderValue {
  name: string;
  description: string;
  form: CohortForm;
  include: string;
  exclude: string;
}

function CohortBuilder(props: {
  initial?: Cohort;
  submitLabel: string;
  saving: boolean;
  error: unknown;
  onSave: (body: BodyOf<"createCohort">) => void;
}) {
  const c = props.initial;
  const [v, setV] = useState<BuilderValue>(() => ({
    name: c?.name ?? "",
    description: c?.description ?? "",
    form: criteriaToForm(c?.criteria),
    include: (c?.include ?? []).join("\n"),
    exclude: (c?.exclude ?? []).join("\n"),
  }));
  const [problem, setProblem] = useState<string | null>(null);
  const setForm = (patch: Partial<CohortForm>) => setV((x) => ({ ...x, form: { ...x.form, ...patch } }));
  const criteria = formToCriteria(v.form);
  const words = criteria.ok ? describeCriteria(criteria.criteria) : [];
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (!criteria.ok) {
          setProblem(criteria.error);
          return;
        }
        const include = splitList(v.include);
        const exclude = splitList(v.exclude);
        if (!words.length && !include.length) {
          setProblem("Give at least one criterion, or list personas to include.");
          return;
        }
        setProblem(null);
        props.onSave({
          name: v.name.trim(),
          criteria: criteria.criteria,
          include,
          exclude,
          ...(v.description.trim() ? { description: v.description.trim() } : {}),
        });
      }}
    >
      <Card title="Cohort">
        <div className="grid-2">
          <TextField
            label="Name"
            required
            maxLength={200}
            value={v.name}
            onChange={(e) => setV({ ...v, name: e.target.value })}
          />
          <TextField
            label="Description"
            hint="Optional"
            maxLength={2000}
            value={v.description}
            onChange={(e) => setV({ ...v, description: e.target.value })}
          />
        </div>
      </Card>
      <Card title="Criteria (every one given must hold; a list matches any of its values)">
        <div className="field-row">
          <TextField
            label="Minimum age"
            inputMode="numeric"
            value={v.form.minAge}
            onChange={(e) => setForm({ minAge: e.target.value })}
          />
          <TextField
            label="Maximum age"
            inputMode="numeric"
            value={v.form.maxAge}
            onChange={(e) => setForm({ maxAge: e.target.value })}
          />
        </div>
        <div className="grid-2">
          {LIST_FIELDS.map((f) => (
            <TextField
              key={f.key}
              label={f.label}
              hint={`${f.hint} (comma-separated)`}
              value={v.form.lists[f.key]}
              onChange={(e) => setForm({ lists: { ...v.form.lists, [f.key]: e.target.value } })}
            />
          ))}
        </div>
        <TextArea
          label="Attributes"
          rows={3}
          hint="One per line: key = value, or key = [a, b] for any of several. Numbers and true/false are compared as such."
          value={v.form.attributes}
          onChange={(e) => setForm({ attributes: e.target.value })}
        />
        <fieldset className="field">
          <legend>Big Five traits (effective, 0–1; optional bounds)</legend>
          <div className="field-row">
            {TRAITS.map((t) => (
              <div key={t}>
                <TextField
                  label={`${t} min`}
                  inputMode="decimal"
                  value={v.form.traits[t].min}
                  onChange={(e) =>
                    setForm({ traits: { ...v.form.traits, [t]: { ...v.form.traits[t], min: e.target.value } } })
                  }
                />
                <TextField
                  label={`${t} max`}
                  inputMode="decimal"
                  value={v.form.traits[t].max}
                  onChange={(e) =>
                    setForm({ traits: { ...v.form.traits, [t]: { ...v.form.traits[t], max: e.target.value } } })
                  }
                />
              </div>
            ))}
          </div>
        </fieldset>
        <p className="hint" aria-live="polite">
          {criteria.ok
            ? words.length
              ? `Matches personas with ${words.join(", ")}.`
              : "No criteria yet."
            : criteria.error}
        </p>
      </Card>
      <Card title="By hand">
        <div className="grid-2">
          <TextArea
            label="Always include (persona ids)"
            hint="One per line; members whatever the criteria"
            rows={3}
            value={v.include}
            onChange={(e) => setV({ ...v, include: e.target.value })}
          />
          <TextArea
            label="Never include (persona ids)"
            hint="One per line; wins over everything"
            rows={3}
            value={v.exclude}
            onChange={(e) => setV({ ...v, exclude: e.target.value })}
          />
        </div>
      </Card>
      {problem ? (
        <div className="error-state" role="alert">
          {problem}
        </div>
      ) : null}
      {props.error ? <FormError error={props.error} title="The cohort was not saved" /> : null}
      <div className="actions">
        <Button type="submit" busy={props.saving}>
          {props.submitLabel}
        </Button>
      </div>
    </form>
  );
}

function NewCohort() {
  const client = useClient();
  const { tenant } = useSession();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: (body: BodyOf<"createCohort">) => client.cohorts.create({ ...tenant, ...body }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ["cohorts"] });
      navigate(`/cohorts/${r.cohort.id}`);
    },
  });
  return (
    <div className="research">
      <PageHeader
        title="New cohort"
        description="Describe who belongs; members are found live."
        actions={<Link to="/cohorts">All cohorts</Link>}
      />
      <CohortBuilder
        submitLabel="Create cohort"
        saving={create.isPending}
        error={create.error}
        onSave={(b) => create.mutate(b)}
      />
    </div>
  );
}

function CohortDetail() {
  const { cohortId = "" } = useParams();
  const client = useClient();
  const { tenant } = useSession();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const cohort = useQuery({
    queryKey: ["cohorts", "one", tenant, cohortId],
    queryFn: async () => (await client.cohorts.retrieve(cohortId, { ...tenant })).cohort,
  });
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const members = useQuery({
    queryKey: ["cohorts", "members", tenant, cohortId, cursor],
    queryFn: async () =>
      (await client.cohorts.members(cohortId, { ...tenant, limit: 50, ...(cursor ? { cursor } : {}) })).body,
  });
  const update = useMutation({
    mutationFn: (body: BodyOf<"createCohort">) =>
      client.cohorts.update(cohortId, { ...tenant, ...body, description: body.description ?? null }),
    onSuccess: async () => {
      setEditing(false);
      setCursor(undefined);
      await queryClient.invalidateQueries({ queryKey: ["cohorts"] });
    },
  });
  const del = useMutation({
    mutationFn: () => client.cohorts.delete(cohortId, { ...tenant }),
    onSuccess: async () => {
      navigate("/cohorts");
      forget(cohortId);
      await queryClient.invalidateQueries({ queryKey: ["cohorts", "list"] });
    },
  });
  return (
    <QueryView query={cohort} loadingLabel="Loading the cohort…">
      {(c) => (
        <div className="research">
          <PageHeader
            title={c.name}
            description={c.description ?? `Version ${c.version} · ${formatInt(c.memberCount)} members now`}
            actions={
              <>
                <Link to="/cohorts">All cohorts</Link>
                <Button variant="secondary" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
                  {editing ? "Stop editing" : "Edit"}
                </Button>
                <Dialog
                  trigger={<Button variant="danger">Delete</Button>}
                  title={`Delete “${c.name}”?`}
                  description="The cohort's rule is deleted; its personas are not. A cohort a population uses cannot be deleted."
                >
                  <div className="actions">
                    <Button variant="danger" busy={del.isPending} onClick={() => del.mutate()}>
                      Delete cohort
                    </Button>
                  </div>
                  {del.isError ? <FormError error={del.error} /> : null}
                </Dialog>
              </>
            }
          />
          {editing ? (
            <CohortBuilder
              key={c.version}
              initial={c}
              submitLabel="Save cohort"
              saving={update.isPending}
              error={update.error}
              onSave={(b) => update.mutate(b)}
            />
          ) : (
            <div className="stack">
              <Card title="Rule">
                <dl className="kv">
                  <dt>Criteria</dt>
                  <dd>
                    <CriteriaSummary cohort={c} />
                  </dd>
                  <dt>Version</dt>
                  <dd>
                    {c.version} · updated {formatDate(c.updatedAt)}
                  </dd>
                </dl>
              </Card>
              <Card title={`Members (${formatInt(members.data?.count ?? c.memberCount)})`}>
                <QueryView query={members} loadingLabel="Loading members…">
                  {(page) =>
                    page.members.length === 0 ? (
                      <EmptyState title="No persona matches yet">
                        Membership is live: personas created later that match will join. Widen the criteria, or{" "}
                        <Link to="/personas">create personas</Link>.
                      </EmptyState>
                    ) : (
                      <>
                        <DataTable<Persona>
                          caption="Cohort members"
                          rows={page.members}
                          rowKey={(p) => p.id}
                          columns={[
                            {
                              key: "name",
                              header: "Name",
                              sort: (p) => `${p.firstName} ${p.lastName}`,
                              render: (p) => <Link to={`/personas/${p.id}`}>{`${p.firstName} ${p.lastName}`}</Link>,
                            },
                            { key: "age", header: "Age", align: "right", sort: (p) => p.age, render: (p) => p.age },
                            {
                              key: "occupation",
                              header: "Occupation",
                              sort: (p) => p.baseOccupation,
                              render: (p) => p.baseOccupation,
                            },
                            { key: "location", header: "Location", sort: (p) => p.location, render: (p) => p.location },
                            {
                              key: "profile",
                              header: "Profile",
                              render: (p) => (
                                <Badge tone={p.profileStatus === "ready" ? "good" : "neutral"}>{p.profileStatus}</Badge>
                              ),
                            },
                          ]}
                        />
                        <div className="actions">
                          {cursor ? (
                            <Button variant="secondary" onClick={() => setCursor(undefined)}>
                              First page
                            </Button>
                          ) : null}
                          {page.nextCursor ? (
                            <Button variant="secondary" onClick={() => setCursor(page.nextCursor ?? undefined)}>
                              Next page
                            </Button>
                          ) : null}
                        </div>
                      </>
                    )
                  }
                </QueryView>
              </Card>
            </div>
          )}
        </div>
      )}
    </QueryView>
  );
}

export const cohortsRoutes: RouteObject[] = [
  { path: "cohorts", element: <CohortsList /> },
  { path: "cohorts/new", element: <NewCohort /> },
  { path: "cohorts/:cohortId", element: <CohortDetail /> },
];
