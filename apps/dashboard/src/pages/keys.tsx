import type { Schemas } from "@person-run/sdk";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { RouteObject } from "react-router";
import { errorMessage, queryClient, useClient, useSession } from "../client.tsx";
import { formatDate, formatRelative } from "../lib/format.ts";
import { embedSnippet, KEY_PROFILES, type KeyForm, keyRequest, keyState } from "../lib/keys.ts";
import {
  Badge,
  Button,
  type Column,
  DataTable,
  Dialog,
  EmptyState,
  ErrorState,
  PageHeader,
  QueryView,
  SecretOnce,
  SelectField,
  StatusBadge,
  TextArea,
  TextField,
} from "../ui/components.tsx";

type ApiKey = Schemas["ApiKey"];

const EMPTY_FORM: KeyForm = {
  type: "secret",
  name: "",
  profile: "read-only",
  expiresOn: "",
  personaIds: [],
  origins: "",
  rateLimitPerMinute: "",
};

function PersonaChecklist(props: { value: string[]; onChange(ids: string[]): void; error?: string | null }) {
  const client = useClient();
  const { tenant } = useSession();
  const personas = useQuery({
    queryKey: ["personas", "picker", tenant],
    queryFn: async () => (await client.personas.list({ ...tenant, limit: 100 })).data,
  });
  return (
    <fieldset className="field" aria-describedby={props.error ? "key-personas-error" : undefined}>
      <legend>Personas the widget may talk to</legend>
      <QueryView query={personas}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">No personas yet: create one under Personas first.</p>
          ) : (
            <div className="checklist">
              {list.map((p) => (
                <label key={p.id} className="row">
                  <input
                    type="checkbox"
                    checked={props.value.includes(p.id)}
                    onChange={(e) =>
                      props.onChange(e.target.checked ? [...props.value, p.id] : props.value.filter((x) => x !== p.id))
                    }
                  />
                  {p.firstName} {p.lastName} <span className="muted">({p.baseOccupation})</span>
                </label>
              ))}
            </div>
          )
        }
      </QueryView>
      {props.error ? (
        <div className="field-error" id="key-personas-error" role="alert">
          {props.error}
        </div>
      ) : null}
    </fieldset>
  );
}

function CreateKeyDialog() {
  const client = useClient();
  const { tenant } = useSession();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<KeyForm>(EMPTY_FORM);
  const [problem, setProblem] = useState<{ field: keyof KeyForm; message: string } | null>(null);
  const create = useMutation({
    mutationFn: async (body: Parameters<typeof client.keys.create>[0]) => client.keys.create({ ...body, ...tenant }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["keys"] }),
  });
  const set = <K extends keyof KeyForm>(k: K, v: KeyForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const err = (f: keyof KeyForm) => (problem?.field === f ? problem.message : null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const r = keyRequest(form);
    if (!r.ok) {
      setProblem({ field: r.field, message: r.message });
      return;
    }
    setProblem(null);
    create.mutate(r.body);
  }

  function onOpenChange(o: boolean) {
    setOpen(o);
    if (!o) {
      setForm(EMPTY_FORM);
      setProblem(null);
      create.reset();
    }
  }

  const created = create.data;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={<Button>Create key</Button>}
      title={created ? "Key created" : "Create an API key"}
      description={
        created ? undefined : "A secret key is for servers and scripts; a publishable key is for the embed widget."
      }
    >
      {created?.secret ? (
        <div>
          <SecretOnce label={`Secret of "${created.key.name}"`} secret={created.secret} />
          {created.key.type === "publishable" && created.key.personaIds?.[0] ? (
            <div className="field">
              <label htmlFor="embed-snippet">Embed it: paste this tag into a page on an allowed origin</label>
              <textarea
                id="embed-snippet"
                readOnly
                value={embedSnippet(window.location.origin, created.secret, created.key.personaIds[0])}
              />
            </div>
          ) : null}
          <Button onClick={() => onOpenChange(false)}>Done</Button>
        </div>
      ) : (
        <form onSubmit={submit} noValidate>
          <SelectField
            label="Type"
            value={form.type}
            onChange={(e) => set("type", e.target.value as KeyForm["type"])}
            options={[
              { value: "secret", label: "Secret (pr_live_…): servers, scripts, this dashboard" },
              { value: "publishable", label: "Publishable (pk_live_…): the embed widget in web pages" },
            ]}
          />
          <TextField
            label="Name"
            value={form.name}
            onChange={(e) => set("name", e.target.value)}
            error={err("name")}
            placeholder="CI pipeline"
            maxLength={100}
          />
          {form.type === "secret" ? (
            <SelectField
              label="Profile"
              value={form.profile}
              onChange={(e) => set("profile", e.target.value as KeyForm["profile"])}
              options={KEY_PROFILES.map((p) => ({ value: p.value, label: `${p.label}: ${p.description}` }))}
              hint="Least privilege: choose the smallest profile that does the job."
            />
          ) : (
            <>
              <PersonaChecklist
                value={form.personaIds}
                onChange={(ids) => set("personaIds", ids)}
                error={err("personaIds")}
              />
              <TextArea
                label="Allowed origins"
                value={form.origins}
                onChange={(e) => set("origins", e.target.value)}
                error={err("origins")}
                hint="One per line, exactly scheme://host[:port], e.g. https://www.example.com"
                rows={3}
              />
              <TextField
                label="Requests per minute"
                inputMode="numeric"
                value={form.rateLimitPerMinute}
                onChange={(e) => set("rateLimitPerMinute", e.target.value)}
                error={err("rateLimitPerMinute")}
                hint="Default 30."
              />
            </>
          )}
          <TextField
            label="Expires on (optional)"
            type="date"
            value={form.expiresOn}
            onChange={(e) => set("expiresOn", e.target.value)}
            error={err("expiresOn")}
            hint="The key stops working at the end of this day. Empty: it never expires."
          />
          {create.isError ? <ErrorState error={create.error} title="The key was not created" /> : null}
          <div className="actions">
            <Button type="submit" busy={create.isPending}>
              Create key
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function RevokeButton(props: { apiKey: ApiKey }) {
  const client = useClient();
  const { tenant } = useSession();
  const [open, setOpen] = useState(false);
  const revoke = useMutation({
    mutationFn: () => client.keys.revoke(props.apiKey.id, tenant),
    onSuccess: () => {
      setOpen(false);
      return queryClient.invalidateQueries({ queryKey: ["keys"] });
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant="secondary" aria-label={`Revoke ${props.apiKey.name}`}>
          Revoke
        </Button>
      }
      title={`Revoke "${props.apiKey.name}"?`}
      description="It stops working at once. This cannot be undone: a revoked key stays listed, marked revoked."
    >
      {revoke.isError ? <p className="field-error">{errorMessage(revoke.error)}</p> : null}
      <div className="actions">
        <Button variant="danger" busy={revoke.isPending} onClick={() => revoke.mutate()}>
          Revoke key
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          Keep it
        </Button>
      </div>
    </Dialog>
  );
}

function KeysPage() {
  const client = useClient();
  const { tenant } = useSession();
  const [showRevoked, setShowRevoked] = useState(false);
  const keys = useQuery({
    queryKey: ["keys", tenant],
    queryFn: async () => {
      const all: ApiKey[] = [];
      for await (const k of client.keys.list({ ...tenant, limit: 100 })) all.push(k);
      return all;
    },
  });
  const columns: Column<ApiKey>[] = [
    {
      key: "name",
      header: "Name",
      sort: (k) => k.name,
      render: (k) => (
        <>
          <strong>{k.name}</strong>
          {k.instanceAdmin ? (
            <>
              {" "}
              <Badge tone="info">instance admin</Badge>
            </>
          ) : null}
          <div className="hint">
            <code>{k.prefix}…</code>
          </div>
        </>
      ),
    },
    {
      key: "type",
      header: "Type",
      sort: (k) => k.type,
      render: (k) =>
        k.type === "publishable" ? (
          <span>
            publishable
            <div className="hint">
              {k.allowedOrigins?.join(", ")} · {k.personaIds?.length ?? 0} persona(s) · {k.rateLimitPerMinute}/min
            </div>
          </span>
        ) : (
          "secret"
        ),
    },
    { key: "profile", header: "Profile", sort: (k) => k.profile, render: (k) => k.profile },
    { key: "state", header: "State", sort: (k) => keyState(k), render: (k) => <StatusBadge status={keyState(k)} /> },
    { key: "created", header: "Created", sort: (k) => k.createdAt, render: (k) => formatDate(k.createdAt) },
    {
      key: "expires",
      header: "Expires",
      sort: (k) => k.expiresAt,
      render: (k) => (k.expiresAt ? formatDate(k.expiresAt) : "never"),
    },
    {
      key: "used",
      header: "Last used",
      sort: (k) => k.lastUsedAt,
      render: (k) => (k.lastUsedAt ? formatRelative(k.lastUsedAt) : "never"),
    },
    {
      key: "actions",
      header: "Actions",
      render: (k) => (keyState(k) === "active" && !k.instanceAdmin ? <RevokeButton apiKey={k} /> : null),
    },
  ];
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys authenticate every request. Each has a least-privilege profile; secrets are shown once."
        actions={<CreateKeyDialog />}
      />
      <QueryView query={keys}>
        {(list) => {
          const rows = showRevoked ? list : list.filter((k) => keyState(k) === "active");
          return (
            <>
              <label className="row filter-toggle">
                <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} />
                Show revoked and expired keys ({list.length - list.filter((k) => keyState(k) === "active").length})
              </label>
              {rows.length === 0 ? (
                <EmptyState title="No active keys" action={<CreateKeyDialog />}>
                  Create a secret key for a script or server (choose the smallest profile that works), or a publishable
                  key to put the chat widget on a web page.
                </EmptyState>
              ) : (
                <DataTable
                  caption="API keys"
                  columns={columns}
                  rows={rows}
                  rowKey={(k) => k.id}
                  initialSort={{ key: "created", dir: "desc" }}
                />
              )}
            </>
          );
        }}
      </QueryView>
    </>
  );
}

export const keysRoutes: RouteObject[] = [{ path: "keys", element: <KeysPage /> }];
