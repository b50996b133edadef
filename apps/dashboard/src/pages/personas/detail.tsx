import type { Schemas } from "@person-run/sdk";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { errorMessage, queryClient, useClient, useSession } from "../../client.tsx";
import { formatDate, formatInt, formatPercent, formatRelative } from "../../lib/format.ts";
import { BIG_FIVE, personaName } from "../../lib/personas.ts";
import {
  Badge,
  Button,
  Card,
  DataTable,
  Dialog,
  EmptyState,
  PageHeader,
  QueryView,
  StatusBadge,
  Tabs,
} from "../../ui/components.tsx";
import { ConsistencyPanel } from "./consistency.tsx";
import { TimelinePanel } from "./timeline.tsx";

type Persona = Schemas["Persona"];

export function PersonaDetailPage() {
  const { personaId = "" } = useParams();
  const client = useClient();
  const { tenant } = useSession();
  const persona = useQuery({
    queryKey: ["personas", "detail", personaId, tenant.tenantId ?? ""],
    queryFn: async () => (await client.personas.retrieve(personaId, { ...tenant })).persona,
    refetchInterval: (q) => (q.state.data?.profileStatus === "pending" ? 3000 : false),
  });
  return (
    <QueryView query={persona} loadingLabel="Loading the persona…">
      {(p) => <PersonaDetail persona={p} />}
    </QueryView>
  );
}

function PersonaDetail({ persona: p }: { persona: Persona }) {
  const [tab, setTab] = useState("profile");
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/personas">Personas</Link> <span aria-hidden="true">›</span> {personaName(p)}
      </nav>
      <PageHeader
        title={personaName(p)}
        description={p.summary}
        actions={
          <>
            <Link className="btn btn-primary" to={`/chat/${p.id}`}>
              Chat
            </Link>
            <DeletePersona persona={p} />
          </>
        }
      />
      {p.profileStatus !== "ready" ? (
        <div className={`notice ${p.profileStatus === "failed" ? "notice-bad" : "notice-warn"}`} role="status">
          {p.profileStatus === "pending"
            ? "The profile is being written in the background (the model provider was unavailable at creation). This page updates when it is ready; prompts wait until then."
            : `Writing the profile failed: ${p.profileError?.error ?? "unknown error"}.`}
        </div>
      ) : null}
      <Tabs
        label="Persona sections"
        value={tab}
        onValueChange={setTab}
        tabs={[
          { value: "profile", label: "Profile", content: <Profile persona={p} /> },
          { value: "timeline", label: "Timeline", content: <TimelinePanel personaId={p.id} /> },
          { value: "consistency", label: "Consistency", content: <ConsistencyPanel personaId={p.id} /> },
          { value: "sessions", label: "Sessions", content: <SessionsPanel personaId={p.id} /> },
        ]}
      />
    </>
  );
}

function DeletePersona({ persona }: { persona: Persona }) {
  const client = useClient();
  const { tenant } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const del = useMutation({
    mutationFn: () => client.personas.delete(persona.id, { ...tenant }),
    onSuccess: async () => {
      setOpen(false);
      queryClient.removeQueries({ queryKey: ["personas", "detail", persona.id] });
      await queryClient.invalidateQueries({ queryKey: ["personas", "list"] });
      navigate("/personas");
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      trigger={<Button variant="danger">Delete</Button>}
      title={`Delete ${personaName(persona)}?`}
      description="The persona, its timeline, sessions and consistency reports are deleted for good. Export it first if you may need it."
    >
      {del.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(del.error)}
        </p>
      ) : null}
      <div className="actions">
        <Button variant="danger" busy={del.isPending} onClick={() => del.mutate()}>
          Delete persona
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </Dialog>
  );
}

const orDash = (v: string | null | undefined) => (v == null || v === "" ? "—" : v);
const listOrDash = (xs: readonly string[] | undefined) => (xs?.length ? xs.join(", ") : "—");

function Facts(props: { items: Array<[string, React.ReactNode]> }) {
  return (
    <dl className="facts">
      {props.items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Chips(props: { items: readonly string[] | undefined; empty?: string }) {
  if (!props.items?.length) return <span className="muted">{props.empty ?? "—"}</span>;
  return (
    <ul className="chips">
      {props.items.map((x) => (
        <li key={x}>{x}</li>
      ))}
    </ul>
  );
}

function Scale(props: { label: string; value: number; overridden?: boolean }) {
  return (
    <div className="scale">
      <div className="scale-label">
        <span>{props.label}</span>
        <span>
          {formatPercent(props.value, 0)}
          {props.overridden ? (
            <>
              {" "}
              <Badge tone="info">seed</Badge>
            </>
          ) : null}
        </span>
      </div>
      <div className="bar" aria-hidden="true">
        <span style={{ width: `${Math.round(Math.max(0, Math.min(1, props.value)) * 100)}%` }} />
      </div>
    </div>
  );
}

function Profile({ persona: p }: { persona: Persona }) {
  const prof = p.profile;
  const attrs = Object.entries(p.attributes ?? {});
  return (
    <div className="grid-2 profile">
      <Card title="Identity">
        <Facts
          items={[
            ["Age", p.age],
            ["Gender", orDash(p.gender)],
            ["Location", p.location],
            ["Occupation", p.baseOccupation],
            ["Education", orDash(p.education)],
            ["Income", orDash(p.incomeBracket)],
            ["Household", orDash(p.household)],
            ["Languages", listOrDash(p.languages)],
            ["Interests (seed)", listOrDash(p.interests)],
            [
              "Attributes",
              attrs.length ? (
                <ul key="a" className="chips">
                  {attrs.map(([k, v]) => (
                    <li key={k}>
                      {k}: {String(v)}
                    </li>
                  ))}
                </ul>
              ) : (
                "—"
              ),
            ],
            ["Profile model", orDash(p.profileModel)],
            ["Profile", <StatusBadge key="s" status={p.profileStatus} />],
            ["Version", p.version],
            ["Created", formatDate(p.createdAt)],
            ["Updated", formatDate(p.updatedAt)],
          ]}
        />
      </Card>
      {prof ? (
        <>
          <Card title="Personality (Big Five)">
            <div className="stack-tight">
              {BIG_FIVE.map((k) => (
                <Scale
                  key={k}
                  label={k[0]?.toUpperCase() + k.slice(1)}
                  value={prof.personality[k]}
                  overridden={p.personality?.[k] != null}
                />
              ))}
            </div>
          </Card>
          <Card title="Voice">
            <Facts
              items={[
                ["Tone", prof.communicationStyle.tone],
                ["Quirks", <Chips key="q" items={prof.communicationStyle.quirks} />],
                ["Vocabulary", <Chips key="v" items={prof.communicationStyle.vocabulary} />],
              ]}
            />
            <div className="stack-tight">
              <Scale label="Formality" value={prof.communicationStyle.formality} />
              <Scale label="Verbosity" value={prof.communicationStyle.verbosity} />
            </div>
          </Card>
          <Card title="Values and interests">
            <h3>Values</h3>
            <Chips items={prof.values} />
            <h3>Interests</h3>
            <Chips items={prof.interests} />
            <h3>Domain knowledge</h3>
            <Chips items={prof.domainKnowledge} />
          </Card>
          <Card title="Backstory" className="span-2">
            <p className="prose">{prof.backstory || "—"}</p>
          </Card>
          <Card title="Goals">
            <ul>{prof.goals.length ? prof.goals.map((g) => <li key={g}>{g}</li>) : <li className="muted">None</li>}</ul>
          </Card>
          <Card title="Frustrations">
            <ul>
              {prof.frustrations.length ? (
                prof.frustrations.map((g) => <li key={g}>{g}</li>)
              ) : (
                <li className="muted">None</li>
              )}
            </ul>
          </Card>
        </>
      ) : (
        <Card title="Profile">
          <p className="muted">The profile has not been written yet.</p>
        </Card>
      )}
    </div>
  );
}

function SessionsPanel({ personaId }: { personaId: string }) {
  const client = useClient();
  const { tenant } = useSession();
  const sessions = useQuery({
    queryKey: ["sessions", personaId, tenant.tenantId ?? ""],
    queryFn: async () => (await client.sessions.list({ ...tenant, personaId, limit: 100 })).data,
  });
  return (
    <QueryView query={sessions} loadingLabel="Loading sessions…">
      {(rows) =>
        rows.length === 0 ? (
          <EmptyState
            title="No conversations yet"
            action={
              <Link className="btn btn-primary" to={`/chat/${personaId}`}>
                Start a chat
              </Link>
            }
          >
            Every prompt belongs to a session: a conversation the persona remembers. Chat with this persona to start the
            first one.
          </EmptyState>
        ) : (
          <DataTable
            caption="Prompt sessions of this persona"
            rows={rows}
            rowKey={(s) => s.id}
            initialSort={{ key: "last", dir: "desc" }}
            columns={[
              {
                key: "prompt",
                header: "Last prompt",
                render: (s) => (
                  <Link to={`/personas/${personaId}/sessions/${s.id}`}>{s.lastPrompt ?? "(no prompt)"}</Link>
                ),
              },
              {
                key: "turns",
                header: "Turns",
                render: (s) => formatInt(s.turnCount),
                sort: (s) => s.turnCount,
                align: "right",
              },
              { key: "status", header: "Status", render: (s) => <StatusBadge status={s.status} /> },
              { key: "started", header: "Started", render: (s) => formatDate(s.createdAt), sort: (s) => s.createdAt },
              {
                key: "last",
                header: "Last activity",
                render: (s) => formatRelative(s.lastActivityAt),
                sort: (s) => s.lastActivityAt,
              },
            ]}
          />
        )
      }
    </QueryView>
  );
}
