import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { notFound } from "../../errors.ts";
import { afterCursor, type Page, pageOf } from "../../pagination.ts";
import { promptJobs, promptSessions, promptTurns } from "./schema.ts";
import type { Session, Turn } from "./schemas.ts";

type SessionRow = typeof promptSessions.$inferSelect;
type TurnRow = typeof promptTurns.$inferSelect;

const sessionView = (s: SessionRow, lastPrompt: string | null): Session => ({
  id: s.id,
  personaId: s.personaId,
  status: s.status as Session["status"],
  turnCount: s.turnCount,
  createdAt: s.createdAt.toISOString(),
  lastActivityAt: s.lastActivityAt.toISOString(),
  lastPrompt,
});

const turnView = (t: TurnRow): Turn => ({
  id: t.id,
  seq: t.seq,
  prompt: t.prompt,
  response: t.response,
  status: t.status as Turn["status"],
  mode: t.mode as Turn["mode"],
  model: t.modelId,
  modelName: t.modelName,
  tokensIn: t.tokensIn,
  cachedTokensIn: t.cachedTokens,
  tokensOut: t.tokensOut,
  costUsd: t.costUsd,
  credits: t.credits,
  latencyMs: t.latencyMs,
  memoriesUsed: t.memoriesUsed as Turn["memoriesUsed"],
  metadata: (t.metadata as Record<string, unknown> | null) ?? null,
  createdAt: t.createdAt.toISOString(),
});

/** Prompt sessions, most recently active first (SPEC §3 `GET /personas/prompt/sessions`). */
export class SessionService {
  constructor(private readonly database: Database) {}

  async list(tenantId: string, q: { personaId?: string; limit: number; cursor?: string }): Promise<Page<Session>> {
    // Written out in full: drizzle renders columns unqualified inside a correlated subquery.
    const lastPrompt = sql<string | null>`(select pt.prompt from prompt_turns pt
      where pt.session_id = "prompt_sessions"."id" order by pt.seq desc limit 1)`;
    const rows = await this.database.db
      .select({ session: promptSessions, lastPrompt })
      .from(promptSessions)
      .where(
        and(
          eq(promptSessions.tenantId, tenantId),
          q.personaId ? eq(promptSessions.personaId, q.personaId) : undefined,
          afterCursor(promptSessions.lastActivityAt, promptSessions.id, q.cursor),
        ),
      )
      .orderBy(desc(promptSessions.lastActivityAt), desc(promptSessions.id))
      .limit(q.limit + 1);
    return pageOf(
      rows,
      q.limit,
      (r) => ({ t: r.session.lastActivityAt, id: r.session.id }),
      (r) => sessionView(r.session, r.lastPrompt),
    );
  }

  /**
   * The API key that started a session (its first turn, or the async job that opened it before any
   * turn), for the own-conversations rule of keys without `transcripts:read`. `undefined`: no such
   * session (the caller's own lookup then answers 404); `null`: started without a key.
   */
  async startedBy(tenantId: string, sessionId: string): Promise<string | null | undefined> {
    const db = this.database.db;
    const [turn] = await db
      .select({ apiKeyId: promptTurns.apiKeyId })
      .from(promptTurns)
      .where(and(eq(promptTurns.tenantId, tenantId), eq(promptTurns.sessionId, sessionId)))
      .orderBy(asc(promptTurns.seq))
      .limit(1);
    if (turn) return turn.apiKeyId;
    const [job] = await db
      .select({ apiKeyId: promptJobs.apiKeyId })
      .from(promptJobs)
      .where(and(eq(promptJobs.tenantId, tenantId), eq(promptJobs.sessionId, sessionId)))
      .orderBy(asc(promptJobs.createdAt))
      .limit(1);
    return job ? job.apiKeyId : undefined;
  }

  /** The API key that queued an async prompt job; `undefined` when there is no such job. */
  async jobStartedBy(tenantId: string, jobId: string): Promise<string | null | undefined> {
    const [job] = await this.database.db
      .select({ apiKeyId: promptJobs.apiKeyId })
      .from(promptJobs)
      .where(and(eq(promptJobs.tenantId, tenantId), eq(promptJobs.id, jobId)));
    return job ? job.apiKeyId : undefined;
  }

  async get(tenantId: string, sessionId: string): Promise<{ session: Session; turns: Turn[] }> {
    const [session] = await this.database.db
      .select()
      .from(promptSessions)
      .where(and(eq(promptSessions.tenantId, tenantId), eq(promptSessions.id, sessionId)));
    if (!session) throw notFound("Session");
    const turns = await this.database.db
      .select()
      .from(promptTurns)
      .where(and(eq(promptTurns.tenantId, tenantId), eq(promptTurns.sessionId, sessionId)))
      .orderBy(asc(promptTurns.seq));
    return { session: sessionView(session, turns[turns.length - 1]?.prompt ?? null), turns: turns.map(turnView) };
  }

  // ---- for other modules (through their ports: see the prompting manifest) ----

  /** A persona's sessions with their turns, as the persona export document lists them. */
  async exportOf(tenantId: string, personaId: string): Promise<Record<string, unknown>[]> {
    const db = this.database.db;
    const sessions = await db
      .select()
      .from(promptSessions)
      .where(and(eq(promptSessions.tenantId, tenantId), eq(promptSessions.personaId, personaId)))
      .orderBy(asc(promptSessions.createdAt));
    const turns = await db
      .select()
      .from(promptTurns)
      .where(and(eq(promptTurns.tenantId, tenantId), eq(promptTurns.personaId, personaId)))
      .orderBy(asc(promptTurns.createdAt), asc(promptTurns.seq));
    return sessions.map((session) => ({
      id: session.id,
      status: session.status,
      createdAt: session.createdAt.toISOString(),
      lastActivityAt: session.lastActivityAt.toISOString(),
      turns: turns
        .filter((t) => t.sessionId === session.id)
        .map((t) => ({
          seq: t.seq,
          prompt: t.prompt,
          response: t.response,
          status: t.status,
          mode: t.mode,
          model: t.modelId,
          tokensIn: t.tokensIn,
          tokensOut: t.tokensOut,
          costUsd: t.costUsd,
          createdAt: t.createdAt.toISOString(),
        })),
    }));
  }

  /** What a tenant's recorded turns add up to since a date (billing's month usage). */
  async totalsSince(tenantId: string, since: Date) {
    const [row] = await this.database.db
      .select({
        prompts: sql<number>`count(*)::int`,
        tokens: sql<number>`coalesce(sum(${promptTurns.tokensIn} + ${promptTurns.tokensOut}), 0)::int`,
        credits: sql<number>`coalesce(sum(${promptTurns.credits}), 0)::float8`,
        costUsd: sql<number>`coalesce(sum(${promptTurns.costUsd}), 0)::float8`,
      })
      .from(promptTurns)
      .where(and(eq(promptTurns.tenantId, tenantId), gte(promptTurns.createdAt, since)));
    return row ?? { prompts: 0, tokens: 0, credits: 0, costUsd: 0 };
  }

  /** A persona's latest turns, newest first (what the consistency check compares answers with). */
  async recentTurns(tenantId: string, personaId: string, limit: number): Promise<RecentTurn[]> {
    return this.database.db
      .select({
        id: promptTurns.id,
        sessionId: promptTurns.sessionId,
        prompt: promptTurns.prompt,
        response: promptTurns.response,
        createdAt: promptTurns.createdAt,
      })
      .from(promptTurns)
      .where(and(eq(promptTurns.tenantId, tenantId), eq(promptTurns.personaId, personaId)))
      .orderBy(desc(promptTurns.createdAt))
      .limit(limit);
  }
}

export interface RecentTurn {
  id: string;
  sessionId: string;
  prompt: string;
  response: string;
  createdAt: Date;
}
