import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { promptJobs, promptSessions, promptTurns } from "../../db/schema.ts";
import { ApiError, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import type { LlmClient, LlmResult, LlmUsage } from "../../llm/client.ts";
import { LlmError, llmErrorToApi } from "../../llm/errors.ts";
import type { ResolvedModel } from "../../llm/registry.ts";
import type { SimAnswerContext, SimPersona } from "../../llm/simulator/types.ts";
import type { Logger } from "../../logger.ts";
import type { UsageRecorder } from "../analytics/usage.ts";
import type { BillingService } from "../billing/service.ts";
import type { PersonaService } from "../personas/service.ts";
import type { ActivePolicy, FilteredAnswer, SafetyService } from "../safety/service.ts";
import { type Retrieved, retrieveMemories } from "../timeline/retrieval.ts";
import { buildMessages, personaCard } from "./messages.ts";
import type { PromptInput, PromptResult } from "./schemas.ts";

/** Turns of history sent with a prompt (older ones stay stored). */
const HISTORY_TURNS = 20;

export type PromptMode = "sync" | "async" | "stream";

export interface Caller {
  tenantId: string;
  apiKeyId: string | null;
  requestId: string | null;
}

/** Everything decided before generation; errors up to here are ordinary JSON responses. */
export interface PreparedPrompt {
  caller: Caller;
  input: PromptInput;
  mode: PromptMode;
  model: ResolvedModel;
  sessionId: string;
  /** The session does not exist yet: the first turn (or the async job) creates it. */
  newSession: boolean;
  /** The tenant has a credit balance to settle against. */
  metered: boolean;
  policy: ActivePolicy;
  /** Escalation keywords found in the prompt. */
  inputEscalations: string[];
  system: string;
  messages: ReturnType<typeof buildMessages>;
  simulator: SimAnswerContext;
  memories: Retrieved[];
  startedAt: number;
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const toApi = (err: unknown) => (err instanceof LlmError ? llmErrorToApi(err) : err);

/**
 * The prompt pipeline shared by the sync, async and streaming endpoints (and later by tasks and
 * studies): load persona → session and history → credits check → retrieve memories → messages with
 * a stable prefix → generate → persist the turn, usage, cost, memories used → usage event.
 */
export class PromptService {
  constructor(
    private readonly deps: {
      database: Database;
      llm: LlmClient;
      billing: BillingService;
      jobs: JobQueue;
      usage: UsageRecorder;
      personas: PersonaService;
      safety: SafetyService;
      logger: Logger;
    },
  ) {}

  private get db() {
    return this.deps.database.db;
  }

  async prepare(caller: Caller, input: PromptInput, mode: PromptMode): Promise<PreparedPrompt> {
    const startedAt = performance.now();
    const { tenantId } = caller;
    // The memoised view of the (cached, on the embedded server) persona: no mapping per prompt.
    const view = await this.deps.personas.get(tenantId, input.personaId);
    // Input guardrails before anything else is spent: a blocked prompt is a 422, nothing generated.
    const policy = await this.deps.safety.active(tenantId);
    const inputEscalations = await this.deps.safety.checkPrompt(policy, input.userPrompt, {
      tenantId,
      apiKeyId: caller.apiKeyId,
      personaId: input.personaId,
    });
    const model = this.deps.llm.registry.resolve(input.model);

    let history: { prompt: string; response: string }[] = [];
    let sessionId = input.sessionId;
    if (sessionId) {
      const [session] = await this.db
        .select()
        .from(promptSessions)
        .where(and(eq(promptSessions.tenantId, tenantId), eq(promptSessions.id, sessionId)));
      if (!session) throw notFound("Session");
      if (session.personaId !== input.personaId) {
        throw new ApiError("validation_error", "This session belongs to another persona", [
          { path: "sessionId", message: "belongs to another persona" },
        ]);
      }
      history = (
        await this.db
          .select({ prompt: promptTurns.prompt, response: promptTurns.response })
          .from(promptTurns)
          .where(and(eq(promptTurns.tenantId, tenantId), eq(promptTurns.sessionId, sessionId)))
          .orderBy(desc(promptTurns.seq))
          .limit(HISTORY_TURNS)
      ).reverse();
    }

    const promptChars =
      input.userPrompt.length + history.reduce((n, t) => n + t.prompt.length + t.response.length, 0) + 4000;
    const { metered } = await this.deps.billing.assertCanSpend(
      tenantId,
      this.deps.billing.estimate(model.price, promptChars, input.maxTokens),
    );

    const { memories, pressure } = await retrieveMemories(this.deps.database, {
      tenantId,
      personaId: input.personaId,
      prompt: input.userPrompt,
      recentUserTurns: history.slice(-5).map((t) => t.prompt),
      now: new Date(),
    });

    // A new session is stored with its first turn (or when an async job is queued).
    const newSession = !sessionId;
    sessionId ??= newId();

    const persona: SimPersona = {
      id: view.id,
      firstName: view.firstName,
      lastName: view.lastName,
      age: view.age,
      location: view.location,
      baseOccupation: view.baseOccupation,
      gender: view.gender,
      education: view.education,
      incomeBracket: view.incomeBracket,
      household: view.household,
      languages: view.languages,
      interests: view.interests,
      attributes: view.attributes,
      profile: view.profile ? ({ ...view.profile, initialMemory: undefined } as never) : null,
    };
    return {
      caller,
      input,
      mode,
      model,
      sessionId,
      newSession,
      metered,
      policy,
      inputEscalations,
      system: personaCard(persona),
      messages: buildMessages(history, memories, pressure, input.userPrompt),
      simulator: {
        task: "answer",
        persona,
        memories: memories.map(({ score: _score, ...m }) => m),
        history: history.flatMap((t) => [
          { role: "user" as const, content: t.prompt },
          { role: "assistant" as const, content: t.response },
        ]),
        userPrompt: input.userPrompt,
        seed: seedOf(`${input.personaId}|${input.userPrompt}|${history.length}`),
        pressure,
      },
      memories,
      startedAt,
    };
  }

  private request(p: PreparedPrompt, abortSignal?: AbortSignal) {
    return {
      model: p.model.slug,
      system: p.system,
      messages: p.messages,
      temperature: p.input.temperature,
      maxTokens: p.input.maxTokens,
      simulator: p.simulator,
      abortSignal,
    };
  }

  /** Generates and records one turn. */
  async generate(p: PreparedPrompt, opts: { jobId?: string; abortSignal?: AbortSignal } = {}): Promise<PromptResult> {
    let result: LlmResult;
    try {
      result = await this.deps.llm.generate(this.request(p, opts.abortSignal));
    } catch (err) {
      throw toApi(err);
    }
    return this.record(p, {
      answer: await this.deps.safety.filterFinal(p.policy, result.text),
      usage: result.usage,
      model: result.model,
      status: "completed",
      jobId: opts.jobId,
    });
  }

  /**
   * Streams one turn: `deltas` as produced, then `finish()` records it. Output guardrails run on the
   * text so far at every delta, and the last `holdBack` characters are held until they are known to
   * be clean (a blocked term split across deltas is never emitted; PII is redacted before it leaves).
   * A violation stops generation and `finish()` rejects with 422. When `abortSignal` fires (the client
   * went away) generation stops and the partial answer is recorded as `partial`.
   */
  stream(p: PreparedPrompt, abortSignal: AbortSignal) {
    const stop = new AbortController();
    abortSignal.addEventListener("abort", () => stop.abort(), { once: true });
    const live = this.deps.llm.stream(this.request(p, stop.signal));
    const safety = this.deps.safety;
    let raw = "";
    let violation: FilteredAnswer | null = null;
    let consumed!: () => void;
    const done = new Promise<void>((resolve) => {
      consumed = resolve;
    });
    const deltas = (async function* () {
      let emitted = 0;
      try {
        for await (const d of live.deltas) {
          raw += d;
          const checked = safety.filterAnswer(p.policy, raw);
          if (checked.blocked) {
            violation = checked;
            stop.abort();
            return;
          }
          const upTo = checked.text.length - p.policy.holdBack;
          if (upTo > emitted) {
            yield* words(checked.text.slice(emitted, upTo));
            emitted = upTo;
          }
        }
        const final = safety.filterAnswer(p.policy, raw);
        if (final.blocked) {
          violation = final;
          return;
        }
        if (final.text.length > emitted) yield* words(final.text.slice(emitted));
      } finally {
        consumed();
      }
    })();
    const finish = async (): Promise<PromptResult> => {
      let result: LlmResult | undefined;
      let failure: unknown;
      try {
        result = await live.result;
      } catch (err) {
        failure = err;
      }
      await done; // the checks run as the deltas are consumed
      const blocked = violation as FilteredAnswer | null;
      if (blocked) {
        this.deps.usage.record({
          tenantId: p.caller.tenantId,
          apiKeyId: p.caller.apiKeyId,
          event: "guardrail_block",
          payload: { personaId: p.input.personaId, stage: "output", reasons: blocked.reasons, stream: true },
        });
        throw new ApiError("blocked_by_policy", p.policy.pack.refusalMessage, undefined, {
          guardrail: { stage: "output", reasons: blocked.reasons },
        });
      }
      if (result) {
        const answer = await safety.filterFinal(p.policy, result.text);
        if (answer.blocked) {
          // Only the moderation endpoint can disagree with the checks the stream already passed.
          throw new ApiError("blocked_by_policy", p.policy.pack.refusalMessage, undefined, {
            guardrail: { stage: "output", reasons: answer.reasons },
          });
        }
        return this.record(p, {
          answer,
          usage: result.usage,
          model: result.model,
          status: "completed",
        });
      }
      if (failure instanceof LlmError && failure.kind === "aborted" && raw.length > 0) {
        const usage = { inputTokens: estimateTokens(p), outputTokens: Math.ceil(raw.length / 4), cachedTokens: 0 };
        await this.record(p, { answer: safety.filterAnswer(p.policy, raw), usage, model: p.model, status: "partial" });
      }
      throw toApi(failure);
    };
    return { deltas, finish };
  }

  private async record(
    p: PreparedPrompt,
    out: {
      answer: FilteredAnswer;
      usage: LlmUsage;
      model: ResolvedModel;
      status: "completed" | "partial";
      jobId?: string;
    },
  ): Promise<PromptResult> {
    const text = out.answer.text;
    const { tenantId } = p.caller;
    const latencyMs = Math.round(performance.now() - p.startedAt);
    const { costUsd, credits } = this.deps.billing.credits(out.model.price, out.usage);
    const memoriesUsed = p.memories.map((m) => ({
      id: m.id,
      eventLabel: m.eventLabel,
      memoryType: m.memoryType,
      reason: m.reason,
      score: m.score,
    }));
    const turnId = newId();
    const now = new Date().toISOString();
    // One statement (PGlite pays per statement): create or bump the session, record the turn with the
    // next seq, and reinforce the memories used.
    const rows = await this.deps.database.query<{ seq: number }>(
      `with s as (
         insert into prompt_sessions (id, tenant_id, persona_id, status, turn_count, created_at, last_activity_at)
         values ($1, $2, $3, 'active', 1, $4, $4)
         on conflict (id) do update set turn_count = prompt_sessions.turn_count + 1, last_activity_at = excluded.last_activity_at
           where prompt_sessions.tenant_id = excluded.tenant_id and prompt_sessions.persona_id = excluded.persona_id
         returning turn_count
       ), m as (
         update timeline_entries set recall_count = recall_count + 1, last_recalled_at = $4
         where tenant_id = $2 and id = any($5::uuid[])
       )
       insert into prompt_turns (id, tenant_id, session_id, persona_id, seq, prompt, response, status, mode, model_id,
         model_name, tokens_in, tokens_out, cached_tokens, cost_usd, credits, latency_ms, memories_used, metadata,
         api_key_id, job_id, created_at)
       select $6, $2, $1, $3, s.turn_count, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::jsonb, $20::jsonb, $21, $22, $4
       from s
       returning seq`,
      [
        p.sessionId,
        tenantId,
        p.input.personaId,
        now,
        `{${memoriesUsed.map((m) => m.id).join(",")}}`,
        turnId,
        p.input.userPrompt,
        text,
        out.status,
        p.mode,
        out.model.slug,
        out.model.name,
        out.usage.inputTokens,
        out.usage.outputTokens,
        out.usage.cachedTokens,
        costUsd,
        credits,
        latencyMs,
        JSON.stringify(memoriesUsed),
        JSON.stringify({ ...(p.input.metadata ?? {}), ...(p.input.skillId ? { skillId: p.input.skillId } : {}) }),
        p.caller.apiKeyId,
        out.jobId ?? null,
      ],
    );
    if (rows.length === 0) throw notFound("Session");
    if (p.metered) await this.deps.billing.settle(tenantId, credits);
    const escalations = [...new Set([...p.inputEscalations, ...out.answer.escalations])];
    if (escalations.length > 0) {
      await this.deps.safety.escalate(p.policy, {
        tenantId,
        apiKeyId: p.caller.apiKeyId,
        personaId: p.input.personaId,
        sessionId: p.sessionId,
        stage: p.inputEscalations.length > 0 ? "input" : "output",
        keywords: escalations,
      });
    }
    if (out.answer.blocked) {
      this.deps.usage.record({
        tenantId,
        apiKeyId: p.caller.apiKeyId,
        event: "guardrail_block",
        payload: { personaId: p.input.personaId, sessionId: p.sessionId, stage: "output", reasons: out.answer.reasons },
      });
    }
    this.deps.usage.record({
      tenantId,
      apiKeyId: p.caller.apiKeyId,
      requestId: p.caller.requestId,
      event: "persona_prompt",
      payload: {
        personaId: p.input.personaId,
        sessionId: p.sessionId,
        turnId,
        mode: p.mode,
        status: out.status,
        model: out.model.slug,
        modelName: out.model.name,
        tokensIn: out.usage.inputTokens,
        tokensOut: out.usage.outputTokens,
        cachedTokens: out.usage.cachedTokens,
        latencyMs,
        costUsd,
        credits,
        memoriesUsed: memoriesUsed.length,
      },
    });
    return {
      prompt: p.input.userPrompt,
      response: text,
      sessionId: p.sessionId,
      modelName: out.model.name,
      tokensIn: out.usage.inputTokens,
      tokensOut: out.usage.outputTokens,
      latencyMs,
      turnId,
      model: out.model.slug,
      costUsd,
      credits,
      memoriesUsed,
      guardrail: {
        checked: true,
        blocked: out.answer.blocked,
        escalated: escalations.length > 0,
        reasons: out.answer.reasons,
      },
    };
  }

  // ---- async jobs ----

  /** Queues a prompt: the session exists now, the answer comes from a worker. */
  async enqueue(p: PreparedPrompt): Promise<{ jobId: string; sessionId: string }> {
    const jobId = newId();
    if (p.newSession) {
      const now = new Date();
      await this.db.insert(promptSessions).values({
        id: p.sessionId,
        tenantId: p.caller.tenantId,
        personaId: p.input.personaId,
        createdAt: now,
        lastActivityAt: now,
      });
    }
    await this.db.insert(promptJobs).values({
      id: jobId,
      tenantId: p.caller.tenantId,
      personaId: p.input.personaId,
      sessionId: p.sessionId,
      apiKeyId: p.caller.apiKeyId,
      status: "queued",
      request: { ...p.input, sessionId: p.sessionId },
      createdAt: new Date(),
    });
    await this.deps.jobs.send("prompt.run", { jobId, tenantId: p.caller.tenantId });
    return { jobId, sessionId: p.sessionId };
  }

  /**
   * The worker side of an async prompt. Retryable model failures are thrown back to the queue (which
   * retries with backoff) until the last attempt; then, or on any other failure, the job is `failed`
   * with a clear error. A job cancelled meanwhile is left cancelled and its answer discarded.
   */
  async runJob(jobId: string, tenantId: string, attempt: { retryCount: number; retryLimit: number }): Promise<void> {
    const [job] = await this.db
      .update(promptJobs)
      .set({
        status: "running",
        startedAt: sql`coalesce(${promptJobs.startedAt}, now())`,
        attempts: sql`${promptJobs.attempts} + 1`,
      })
      .where(
        and(
          eq(promptJobs.tenantId, tenantId),
          eq(promptJobs.id, jobId),
          inArray(promptJobs.status, ["queued", "running"]),
        ),
      )
      .returning();
    if (!job) return; // cancelled, finished, or unknown: nothing to do
    const caller: Caller = { tenantId, apiKeyId: job.apiKeyId, requestId: null };
    try {
      const prepared = await this.prepare(caller, job.request as PromptInput, "async");
      const result = await this.generate(prepared, { jobId });
      await this.db
        .update(promptJobs)
        .set({ status: "succeeded", result, error: null, finishedAt: new Date() })
        .where(and(eq(promptJobs.id, jobId), eq(promptJobs.status, "running")));
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : null;
      const retryable = Boolean(
        apiErr && ["upstream_unavailable", "upstream_timeout", "rate_limited"].includes(apiErr.code),
      );
      const error = {
        error: apiErr?.message ?? "Internal error while running the prompt",
        code: apiErr?.code ?? "internal_error",
      };
      if (!apiErr) this.deps.logger.error({ err, jobId }, "prompt job crashed");
      const last = attempt.retryCount >= attempt.retryLimit;
      await this.db
        .update(promptJobs)
        .set(retryable && !last ? { status: "queued", error } : { status: "failed", error, finishedAt: new Date() })
        .where(and(eq(promptJobs.id, jobId), eq(promptJobs.status, "running")));
      if (retryable && !last) throw err;
    }
  }

  async getJob(tenantId: string, jobId: string) {
    const [job] = await this.db
      .select()
      .from(promptJobs)
      .where(and(eq(promptJobs.tenantId, tenantId), eq(promptJobs.id, jobId)));
    if (!job) throw notFound("Job");
    return jobView(job);
  }

  async cancelJob(tenantId: string, jobId: string) {
    const [job] = await this.db
      .update(promptJobs)
      .set({ status: "cancelled", finishedAt: new Date() })
      .where(
        and(
          eq(promptJobs.tenantId, tenantId),
          eq(promptJobs.id, jobId),
          inArray(promptJobs.status, ["queued", "running"]),
        ),
      )
      .returning();
    if (job) return jobView(job);
    const current = await this.getJob(tenantId, jobId);
    throw new ApiError("conflict", `The job is already ${current.status} and cannot be cancelled`, {
      status: current.status,
    });
  }
}

/** Released text goes out word by word (each word with its trailing whitespace), as the model sent it. */
function words(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function estimateTokens(p: PreparedPrompt): number {
  const chars =
    p.system.length + p.messages.reduce((n, m) => n + (typeof m.content === "string" ? m.content.length : 0), 0);
  return Math.ceil(chars / 4);
}

type JobRow = typeof promptJobs.$inferSelect;
function jobView(job: JobRow) {
  return {
    id: job.id,
    status: job.status as "queued" | "running" | "succeeded" | "failed" | "cancelled",
    personaId: job.personaId,
    sessionId: job.sessionId,
    ...(job.result ? { result: job.result as PromptResult } : {}),
    ...(job.error && job.status !== "succeeded" ? { error: job.error as { error: string; code: string } } : {}),
    attempts: job.attempts,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
