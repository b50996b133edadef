import type { Schemas } from "@person-run/sdk";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useReducer, useRef, useState } from "react";
import { Link, type RouteObject, useParams, useSearchParams } from "react-router";
import { queryClient, useClient, useSession } from "../client.tsx";
import { type ChatMessage, chatReducer, currentSession, describeReason, isSendKey, stageLabel } from "../lib/chat.ts";
import { formatDuration, formatInt, formatUsd } from "../lib/format.ts";
import { personaName } from "../lib/personas.ts";
import {
  Badge,
  Button,
  Card,
  DataTable,
  EmptyState,
  LiveRegion,
  PageHeader,
  QueryView,
  TextField,
} from "../ui/components.tsx";
import "../styles/chat.css";

type Persona = Schemas["Persona"];

/** /chat: pick a persona to talk to. */
function ChatPickerPage() {
  const client = useClient();
  const { tenant } = useSession();
  const [q, setQ] = useState("");
  const [settled, setSettled] = useState("");
  useEffect(() => {
    const t = setTimeout(() => setSettled(q.trim()), 250);
    return () => clearTimeout(t);
  }, [q]);
  const personas = useQuery({
    queryKey: ["personas", "list", tenant.tenantId ?? "", "chat-picker", settled],
    queryFn: async () =>
      (await client.personas.list({ ...tenant, limit: 50, ...(settled ? { q: settled } : {}) })).data,
  });
  return (
    <>
      <PageHeader title="Chat" description="Talk to one persona. Answers stream as they are written." />
      <div className="stack">
        <div className="chat-picker-search">
          <TextField label="Find a persona" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <QueryView query={personas} loadingLabel="Loading personas…">
          {(rows) =>
            rows.length === 0 ? (
              settled ? (
                <EmptyState title="No persona matches">Try another name, place or occupation.</EmptyState>
              ) : (
                <EmptyState
                  title="No persona to talk to yet"
                  action={
                    <Link className="btn btn-primary" to="/personas?create=1">
                      Create a persona
                    </Link>
                  }
                >
                  Chat needs a persona: create one from a seed (name, age, place, work), then come back here.
                </EmptyState>
              )
            ) : (
              <DataTable
                caption="Personas to chat with"
                rows={rows}
                rowKey={(p) => p.id}
                columns={[
                  {
                    key: "name",
                    header: "Persona",
                    render: (p) => <Link to={`/chat/${p.id}`}>Chat with {personaName(p)}</Link>,
                    sort: (p) => personaName(p),
                  },
                  { key: "age", header: "Age", render: (p) => p.age, sort: (p) => p.age, align: "right" },
                  { key: "loc", header: "Location", render: (p) => p.location, sort: (p) => p.location },
                  { key: "occ", header: "Occupation", render: (p) => p.baseOccupation, sort: (p) => p.baseOccupation },
                ]}
              />
            )
          }
        </QueryView>
      </div>
    </>
  );
}

/** /chat/:personaId: the conversation. */
function ChatPage() {
  const { personaId = "" } = useParams();
  const client = useClient();
  const { tenant } = useSession();
  const persona = useQuery({
    queryKey: ["personas", "detail", personaId, tenant.tenantId ?? ""],
    queryFn: async () => (await client.personas.retrieve(personaId, { ...tenant })).persona,
  });
  return (
    <QueryView query={persona} loadingLabel="Loading the persona…">
      {(p) => <Conversation key={p.id} persona={p} />}
    </QueryView>
  );
}

let nextId = 0;

function Conversation({ persona }: { persona: Persona }) {
  const client = useClient();
  const { tenant } = useSession();
  const [params, setParams] = useSearchParams();
  const [messages, dispatch] = useReducer(chatReducer, []);
  const [draft, setDraft] = useState("");
  const [announce, setAnnounce] = useState("");
  const abort = useRef<AbortController | null>(null);
  const logEnd = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const resumed = params.get("session") ?? undefined;
  const sessionId = currentSession(messages) ?? resumed;
  const streaming = messages.some((m) => m.status === "streaming");
  const name = personaName(persona);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the log grows
  useEffect(() => {
    logEnd.current?.scrollIntoView?.({ block: "nearest" });
  }, [messages]);
  useEffect(() => () => abort.current?.abort(), []);

  async function send() {
    const prompt = draft.trim();
    if (!prompt || streaming) return;
    const id = `m${++nextId}`;
    const controller = new AbortController();
    abort.current = controller;
    dispatch({ type: "send", id, prompt });
    setDraft("");
    setAnnounce(`${name} is answering…`);
    try {
      const stream = await client.prompts.stream(
        { ...tenant, personaId: persona.id, userPrompt: prompt, ...(sessionId ? { sessionId } : {}) },
        { signal: controller.signal },
      );
      for await (const e of stream) {
        if (e.event === "token") dispatch({ type: "delta", id, delta: e.data.delta });
        else if (e.event === "done") {
          dispatch({ type: "done", id, done: e.data });
          setAnnounce(`${name} answered: ${e.data.response}`);
          if (!params.get("session") || params.get("session") !== e.data.sessionId) {
            setParams(
              (p) => {
                const next = new URLSearchParams(p);
                next.set("session", e.data.sessionId);
                return next;
              },
              { replace: true },
            );
          }
        }
      }
    } catch (err) {
      dispatch({ type: "fail", id, error: err });
      setAnnounce("The answer did not complete.");
    } finally {
      abort.current = null;
      void queryClient.invalidateQueries({ queryKey: ["sessions", persona.id] });
      inputRef.current?.focus();
    }
  }

  function newConversation() {
    abort.current?.abort();
    dispatch({ type: "reset" });
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.delete("session");
        return next;
      },
      { replace: true },
    );
    inputRef.current?.focus();
  }

  return (
    <div className="chat-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/chat">Chat</Link> <span aria-hidden="true">›</span> {name}
      </nav>
      <PageHeader
        title={`Chat with ${name}`}
        description={persona.summary}
        actions={
          <>
            <Link className="btn btn-secondary" to={`/personas/${persona.id}`}>
              Profile and timeline
            </Link>
            <Button variant="secondary" onClick={newConversation} disabled={!sessionId && messages.length === 0}>
              New conversation
            </Button>
          </>
        }
      />
      {sessionId ? (
        <p className="hint">
          Continuing session <code>{sessionId.slice(0, 8)}</code>: the persona remembers this conversation.{" "}
          {resumed && messages.length === 0 ? (
            <Link to={`/personas/${persona.id}/sessions/${resumed}`}>Read its transcript</Link>
          ) : null}
        </p>
      ) : null}
      <LiveRegion>{announce}</LiveRegion>
      <section className="chat-log" aria-label="Conversation">
        {messages.length === 0 ? (
          <div className="chat-empty muted">
            <p>
              Ask {persona.firstName} anything: their work, a product, a memory. Each answer shows the memories it drew
              on and what the safety policy checked.
            </p>
          </div>
        ) : (
          <ol className="chat-messages">
            {messages.map((m) => (
              <Turn key={m.id} message={m} name={name} />
            ))}
          </ol>
        )}
        <div ref={logEnd} />
      </section>
      <form
        className="composer"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label htmlFor="chat-input" className="sr-only">
          Message to {name}
        </label>
        <textarea
          id="chat-input"
          ref={inputRef}
          rows={3}
          value={draft}
          placeholder={`Message ${persona.firstName}… (Enter sends, Shift+Enter for a new line)`}
          aria-describedby="chat-input-hint"
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (isSendKey({ key: e.key, shiftKey: e.shiftKey, isComposing: e.nativeEvent.isComposing })) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <span id="chat-input-hint" className="sr-only">
          Enter sends, Shift+Enter adds a new line
        </span>
        <div className="composer-actions">
          {streaming ? (
            <Button variant="danger" onClick={() => abort.current?.abort()}>
              Stop
            </Button>
          ) : (
            <Button type="submit" disabled={!draft.trim()}>
              Send
            </Button>
          )}
        </div>
      </form>
    </div>
  );
}

function Turn({ message: m, name }: { message: ChatMessage; name: string }) {
  const d = m.done;
  return (
    <li className="chat-turn">
      <div className="bubble bubble-user">
        <span className="sr-only">You: </span>
        {m.prompt}
      </div>
      {m.status === "blocked" && m.blocked && !d ? (
        <div className="bubble bubble-blocked" role="note">
          <strong>{stageLabel(m.blocked.stage)} by the safety policy</strong>
          <p>{m.blocked.message}</p>
          {m.blocked.reasons.length ? (
            <p className="hint">Rule: {m.blocked.reasons.map(describeReason).join(", ")}</p>
          ) : null}
          {m.text ? <p className="hint">The partial answer was withdrawn.</p> : null}
        </div>
      ) : (
        <div
          className={`bubble bubble-persona${m.status === "streaming" ? " streaming" : ""}`}
          aria-busy={m.status === "streaming"}
        >
          <span className="sr-only">{name}: </span>
          {m.text || (m.status === "streaming" ? <span className="muted">…</span> : null)}
          {m.status === "stopped" ? <p className="hint">Stopped. The partial answer is kept in the session.</p> : null}
          {m.status === "error" ? (
            <p className="field-error" role="alert">
              {m.error}
            </p>
          ) : null}
        </div>
      )}
      {d ? <AnswerDetails done={d} /> : null}
    </li>
  );
}

function AnswerDetails({ done: d }: { done: NonNullable<ChatMessage["done"]> }) {
  const g = d.guardrail;
  return (
    <Card className="answer-details">
      <div className="answer-panels">
        <section aria-label="Memories used">
          <h3>Memories used ({d.memoriesUsed.length})</h3>
          {d.memoriesUsed.length === 0 ? (
            <p className="hint">None: the answer drew on the profile alone.</p>
          ) : (
            <ul className="memories">
              {d.memoriesUsed.map((mem) => (
                <li key={mem.id}>
                  <span className={`type-badge type-${mem.memoryType}`}>{mem.memoryType}</span>{" "}
                  {mem.eventLabel ?? <span className="muted">(label withheld)</span>}
                  <span className="hint">
                    {" "}
                    — {mem.reason} · score {mem.score.toFixed(2)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-label="Guardrails">
          <h3>Guardrails</h3>
          <div className="row">
            <Badge tone={g.checked ? "good" : "neutral"}>{g.checked ? "checked" : "not checked"}</Badge>
            <Badge tone={g.blocked ? "bad" : "good"}>{g.blocked ? "blocked" : "passed"}</Badge>
            {g.escalated ? <Badge tone="warn">escalated to a human</Badge> : null}
          </div>
          {g.reasons.length ? (
            <p className="hint">Reasons: {g.reasons.map(describeReason).join(", ")}</p>
          ) : (
            <p className="hint">
              {g.checked ? "No rule of the safety policy fired." : "No safety policy rule applies."}
            </p>
          )}
        </section>
      </div>
      <p className="hint turn-meta">
        {d.modelName} · {formatInt(d.tokensIn)} tokens in / {formatInt(d.tokensOut)} out · {formatUsd(d.costUsd)} ·{" "}
        {formatDuration(d.latencyMs)}
      </p>
    </Card>
  );
}

export const chatRoutes: RouteObject[] = [
  { path: "chat", element: <ChatPickerPage /> },
  { path: "chat/:personaId", element: <ChatPage /> },
];
