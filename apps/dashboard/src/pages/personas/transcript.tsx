import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { useClient, useSession } from "../../client.tsx";
import { formatDate, formatDuration, formatInt, formatUsd } from "../../lib/format.ts";
import { personaName } from "../../lib/personas.ts";
import { Badge, Card, EmptyState, PageHeader, QueryView, StatusBadge } from "../../ui/components.tsx";

/** A session's transcript: every turn with its answer, memories used, model, tokens and cost. */
export function SessionTranscriptPage() {
  const { personaId = "", sessionId = "" } = useParams();
  const client = useClient();
  const { tenant } = useSession();
  const session = useQuery({
    queryKey: ["sessions", "detail", sessionId, tenant.tenantId ?? ""],
    queryFn: () => client.sessions.retrieve(sessionId, { ...tenant }),
  });
  const persona = useQuery({
    queryKey: ["personas", "detail", personaId, tenant.tenantId ?? ""],
    queryFn: async () => (await client.personas.retrieve(personaId, { ...tenant })).persona,
  });
  const name = persona.data ? personaName(persona.data) : "Persona";
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/personas">Personas</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={`/personas/${personaId}`}>{name}</Link> <span aria-hidden="true">›</span> Session
      </nav>
      <QueryView query={session} loadingLabel="Loading the transcript…">
        {({ session: s, turns }) => (
          <>
            <PageHeader
              title={`Conversation with ${name}`}
              description={
                <>
                  Started {formatDate(s.createdAt)} · {formatInt(s.turnCount)} turn{s.turnCount === 1 ? "" : "s"} ·{" "}
                  <StatusBadge status={s.status} />
                </>
              }
              actions={
                <Link className="btn btn-primary" to={`/chat/${personaId}?session=${s.id}`}>
                  Continue in chat
                </Link>
              }
            />
            {turns.length === 0 ? (
              <EmptyState title="No turns in this session">Continue it in the chat to add the first one.</EmptyState>
            ) : (
              <ol className="transcript">
                {turns.map((t) => (
                  <li key={t.id}>
                    <Card>
                      <div className="bubble bubble-user">
                        <span className="sr-only">Prompt: </span>
                        {t.prompt}
                      </div>
                      <div className="bubble bubble-persona">
                        <span className="sr-only">{name}: </span>
                        {t.response}
                      </div>
                      <div className="turn-meta hint">
                        {t.status === "partial" ? <Badge tone="warn">stopped early</Badge> : null} {t.modelName} ·{" "}
                        {formatInt(t.tokensIn)} in / {formatInt(t.tokensOut)} out · {formatUsd(t.costUsd)} ·{" "}
                        {formatDuration(t.latencyMs)} · {t.mode} · {formatDate(t.createdAt)}
                      </div>
                      {t.memoriesUsed.length ? (
                        <details className="memories-used">
                          <summary>Memories used ({t.memoriesUsed.length})</summary>
                          <ul>
                            {t.memoriesUsed.map((m) => (
                              <li key={m.id}>
                                <span className={`type-badge type-${m.memoryType}`}>{m.memoryType}</span>{" "}
                                {m.eventLabel ?? "(label withheld)"} <span className="hint">— {m.reason}</span>
                              </li>
                            ))}
                          </ul>
                        </details>
                      ) : null}
                    </Card>
                  </li>
                ))}
              </ol>
            )}
          </>
        )}
      </QueryView>
    </>
  );
}
