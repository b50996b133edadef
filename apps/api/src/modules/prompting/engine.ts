import { and, eq, gt } from "drizzle-orm";
import type { z } from "zod";
import type { Database, SqlRunner } from "../../db/client.ts";
import { ApiError, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import {
  type LlmClient,
  LlmError,
  type LlmResult,
  type LlmUsage,
  llmErrorToApi,
  type ResolvedModel,
  type SimAnswerContext,
  type SimPersona,
} from "../../llm/index.ts";
import type { Logger } from "../../logger.ts";
import type { Metrics } from "../../metrics.ts";
import type { SimFormat } from "../../shared/output-formats.ts";
import type { UsageRecorder } from "../analytics/index.ts";
import type { BillingService, Reservation } from "../billing/index.ts";
import { type Persona, type PersonaService, personaExistsSql } from "../personas/index.ts";
import {
  type ActivePolicy,
  type FilteredAnswer,
  publicReasons,
  type SafetyService,
  StreamGuard,
} from "../safety/index.ts";
import type { SkillService } from "../skills/index.ts";
import { type Retrieved, reinforceSql, retrieveMemories } from "../timeline/index.ts";
import { InFlight, PERSONA_DELETED } from "./in-flight.ts";
import { type JudgeInput, type Judgement, judgeAnswers } from "./judge.ts";
import { buildMessages, type SentTurn, systemBlocks, turnContext } from "./messages.ts";
import { promptSessions, promptTurns } from "./schema.ts";
import type { PromptInput, PromptResult } from "./schemas.ts";
import { type Summary, type SummaryInput, summarizeTexts } from "./summary.ts";

/**
 * Turns of history sent with a prompt (older ones stay stored): at least HISTORY_TURNS, and the window
 * moves HISTORY_STEP turns at a time — from 20 to 29 turns are sent — so a long session breaks its
 * cached prefix once every 10 turns, not on every turn (docs/prompting.md, "Sessions").
 */
const HISTORY_TURNS = 20;
const HISTORY_STEP = 10;

/** The first seq left out of the history of a session that has `turns` turns (0: none). */
export function historyStart(turns: number): number {
  return turns < HISTORY_TURNS ? 0 : Math.floor((turns - HISTORY_TURNS) / HISTORY_STEP) * HISTORY_STEP;
}

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
  /** Credits and counters held for this prompt (null: nothing to meter); settled or released once. */
  reservation: Reservation | null;
  policy: ActivePolicy;
  /** Escalation keywords found in the prompt. */
  inputEscalations: string[];
  /** The generic rules, then the persona card (docs/models.md, "Prompt caching"). */
  system: string[];
  /** This turn's context header (date, memories, format), stored with the turn and replayed in later requests. */
  context: string;
  messages: ReturnType<typeof buildMessages>;
  simulator: SimAnswerContext;
  memories: Retrieved[];
  startedAt: number;
  /** The answer must be an object of this schema (structured output); absent: free text. */
  output?: z.ZodType;
}

/** A generated answer past the output guardrails, not yet recorded. */
export interface Produced {
  answer: FilteredAnswer;
  usage: LlmUsage;
  model: ResolvedModel;
  status: "completed" | "partial";
  /** The structured answer (when the prompt had an output schema and the answer was not blocked). */
  output?: unknown;
  /** The model call that answered: its duration in ms and the attempts it took (unknown for a partial stream). */
  provider?: { ms: number; attempts: number };
}

/** A turn to record: see `TurnEngine.stage`. */
export interface StagedTurn {
  result: PromptResult;
  output?: unknown;
  write(runner: SqlRunner): Promise<void>;
  after(): Promise<void>;
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const toApi = (err: unknown) => (err instanceof LlmError ? llmErrorToApi(err) : err);

/**
 * The turn engine: the one way to talk to a model about a persona (DESIGN.md §5). Chat endpoints (sync,
 * async, stream), tasks, studies and calibrations all go through it: load persona → session and
 * history → input guardrails → credits reserved → memories retrieved → messages with a stable prefix →
 * generate (free text, or an object matching an output schema) → output guardrails → the turn, session,
 * memory reinforcement, cost and usage recorded → credits settled.
 */
export class TurnEngine {
  constructor(
    private readonly deps: {
      database: Database;
      llm: LlmClient;
      billing: BillingService;
      usage: UsageRecorder;
      personas: PersonaService;
      safety: SafetyService;
      skills: SkillService;
      logger: Logger;
      metrics: Metrics;
    },
  ) {}

  private readonly inFlight = new InFlight();

  private get db() {
    return this.deps.database.db;
  }

  /**
   * Everything before generation. `reserve: false` (an async request being queued) only checks that the
   * tenant could afford it now; the worker reserves when it runs the job.
   */
  async prepare(
    caller: Caller,
    input: PromptInput,
    mode: PromptMode,
    opts: {
      reserve?: boolean;
      output?: z.ZodType;
      format?: SimFormat;
      skillChecked?: boolean;
      /** The persona, loaded by the caller moments ago (a task's attempt): not loaded again when ready. */
      persona?: Persona;
    } = {},
  ): Promise<PreparedPrompt> {
    const startedAt = performance.now();
    const { tenantId } = caller;
    // A client's `skillId` names one of its tenant's skills (404 otherwise), as any id does; a module's turn
    // (`turn()`) loaded its skill already.
    if (input.skillId && !opts.skillChecked) await this.deps.skills.get(tenantId, input.skillId);
    // The memoised view of the (cached, on the embedded server) persona: no mapping per prompt. A persona
    // whose profile is still being written (or failed to be) answers 409 persona_not_ready.
    const view =
      opts.persona?.id === input.personaId && opts.persona.profileStatus === "ready"
        ? opts.persona
        : await this.deps.personas.getReady(tenantId, input.personaId);
    // Input guardrails before anything else is spent: a blocked prompt is a 422, nothing generated.
    const policy = await this.deps.safety.active(tenantId);
    const inputEscalations = await this.deps.safety.checkPrompt(policy, input.userPrompt, {
      tenantId,
      apiKeyId: caller.apiKeyId,
      personaId: input.personaId,
    });
    const model = this.deps.llm.registry.resolve(input.model);

    let history: SentTurn[] = [];
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
      history = await this.db
        .select({ prompt: promptTurns.prompt, response: promptTurns.response, context: promptTurns.context })
        .from(promptTurns)
        .where(
          and(
            eq(promptTurns.tenantId, tenantId),
            eq(promptTurns.sessionId, sessionId),
            gt(promptTurns.seq, historyStart(session.turnCount)),
          ),
        )
        .orderBy(promptTurns.seq);
    }

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
    const now = new Date();
    const { memories, pressure } = await retrieveMemories(this.deps.database, {
      tenantId,
      personaId: input.personaId,
      prompt: input.userPrompt,
      recentUserTurns: history.slice(-5).map((t) => t.prompt),
      now,
    });

    const system = systemBlocks(persona);
    const context = turnContext({ now, memories, pressure, output: opts.output });
    const messages = buildMessages(history, context, input.userPrompt);
    const estimate = this.deps.billing.estimate(model.price, promptChars(system, messages), input.maxTokens);

    // Last, so that nothing after it can fail and leave the reservation dangling.
    let reservation: Reservation | null = null;
    if (opts.reserve === false) await this.deps.billing.check(tenantId, estimate);
    else reservation = await this.deps.billing.reserve(tenantId, estimate);

    // A new session is stored with its first turn (or when an async job is queued).
    const newSession = !sessionId;
    sessionId ??= newId();

    return {
      caller,
      input,
      mode,
      model,
      sessionId,
      newSession,
      reservation,
      policy,
      inputEscalations,
      system,
      context,
      messages,
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
        ...(opts.format ? { format: opts.format } : {}),
      },
      memories,
      startedAt,
      ...(opts.output ? { output: opts.output } : {}),
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

  /** Generates and records one turn (the sync endpoint, and any module's single call). */
  async generate(p: PreparedPrompt, opts: { abortSignal?: AbortSignal } = {}): Promise<PromptResult> {
    try {
      const produced = await this.produce(p, opts.abortSignal);
      return await this.record(p, produced);
    } finally {
      await this.release(p);
    }
  }

  /**
   * The model call and the output guardrails, nothing recorded: for a caller that records the turn in its
   * own transaction (`stage`), like an async job's run. With `p.output` the answer is an object matching
   * the schema (its JSON is the turn's text).
   */
  async produce(p: PreparedPrompt, abortSignal?: AbortSignal): Promise<Produced> {
    const run = this.inFlight.start({ tenantId: p.caller.tenantId, personaId: p.input.personaId }, abortSignal);
    try {
      let result: LlmResult;
      let output: unknown;
      try {
        if (p.output) {
          const structured = await this.deps.llm.generateObject(this.request(p, run.signal), p.output);
          result = structured.result;
          output = structured.object;
          result = { ...result, text: result.text || JSON.stringify(output) };
        } else {
          result = await this.deps.llm.generate(this.request(p, run.signal));
        }
      } catch (err) {
        if (run.signal.reason === PERSONA_DELETED) throw notFound("Persona");
        throw toApi(err);
      }
      const answer = await this.deps.safety.filterFinal(p.policy, result.text);
      return {
        answer,
        usage: result.usage,
        model: result.model,
        status: "completed",
        provider: { ms: result.providerMs, attempts: result.attempts },
        // A blocked answer's object is not handed on: its text is the refusal.
        ...(p.output && !answer.blocked ? { output } : {}),
      };
    } finally {
      run.end();
    }
  }

  /**
   * Streams one turn: `deltas` as produced, then `finish()` records it. The last `holdBack` characters are
   * held until they are known to be clean (a blocked term split across deltas is never emitted; PII is
   * redacted before it leaves). Output guardrails run on a sliding window (`StreamGuard`), not on the whole
   * answer at every delta; the whole answer is checked once at the end. A violation stops
   * generation and `finish()` rejects with 422. When `abortSignal` fires (the client went away, the
   * persona was deleted) generation stops and the partial answer is recorded as `partial`.
   */
  stream(p: PreparedPrompt, abortSignal: AbortSignal) {
    const run = this.inFlight.start({ tenantId: p.caller.tenantId, personaId: p.input.personaId }, abortSignal);
    const live = this.deps.llm.stream(this.request(p, run.signal));
    const safety = this.deps.safety;
    const guard = new StreamGuard(safety, p.policy);
    let violation: FilteredAnswer | null = null;
    let final: FilteredAnswer | null = null;
    let consumed!: () => void;
    const done = new Promise<void>((resolve) => {
      consumed = resolve;
    });
    const stopFor = (v: FilteredAnswer) => {
      violation = v;
      run.abort();
    };
    // The guard releases text at any character (and a provider sends pieces of words): a word cut at the
    // end of a release waits for its end, so every delta a client sees is whole words.
    const whole = new WholeWords();
    const deltas = (async function* () {
      try {
        for await (const d of live.deltas) {
          const step = guard.push(d);
          if ("blocked" in step) return stopFor(step.blocked);
          if (step.send.length > 0) yield* whole.push(step.send);
        }
        const last = guard.end();
        if ("blocked" in last) return stopFor(last.blocked);
        yield* whole.push(last.send, { end: true });
        final = last.final;
      } finally {
        consumed();
      }
    })();
    const finish = async (): Promise<PromptResult> => {
      let result: LlmResult | undefined;
      let failure: unknown;
      try {
        try {
          result = await live.result;
        } catch (err) {
          failure = err;
        }
        await done; // the checks run as the deltas are consumed
        const blocked = violation as FilteredAnswer | null;
        if (blocked) {
          this.deps.metrics.guardrailBlock("output");
          this.deps.usage.record({
            tenantId: p.caller.tenantId,
            apiKeyId: p.caller.apiKeyId,
            event: "guardrail_block",
            payload: { personaId: p.input.personaId, stage: "output", reasons: blocked.reasons, stream: true },
          });
          throw new ApiError("blocked_by_policy", p.policy.pack.refusalMessage, undefined, {
            guardrail: { stage: "output", reasons: publicReasons(blocked.reasons) },
          });
        }
        const answer = final as FilteredAnswer | null;
        if (result && answer) {
          // Only the moderation endpoint can disagree with the checks the stream already passed.
          const remote = await safety.moderateFinal(p.policy, result.text);
          if (remote) {
            this.deps.metrics.guardrailBlock("output");
            throw new ApiError("blocked_by_policy", p.policy.pack.refusalMessage, undefined, {
              guardrail: { stage: "output", reasons: publicReasons(remote.reasons) },
            });
          }
          return await this.record(p, {
            answer,
            usage: result.usage,
            model: result.model,
            status: "completed",
            provider: { ms: result.providerMs, attempts: result.attempts },
          });
        }
        const raw = guard.text;
        if (failure instanceof LlmError && failure.kind === "aborted" && raw.length > 0) {
          const usage = {
            inputTokens: Math.ceil(promptChars(p.system, p.messages) / 4),
            outputTokens: Math.ceil(raw.length / 4),
            cachedTokens: 0,
            cacheWriteTokens: 0,
          };
          const partial = safety.filterAnswer(p.policy, raw);
          await this.record(p, { answer: partial, usage, model: p.model, status: "partial" });
        }
        if (run.signal.reason === PERSONA_DELETED) throw notFound("Persona");
        throw toApi(failure);
      } finally {
        run.end();
        await this.release(p);
      }
    };
    return { deltas, finish };
  }

  /**
   * Records a turn in one statement (PGlite pays per statement): completes the async job when there is
   * one — only while this worker still holds it —, creates or bumps the session, records the turn with
   * the next seq and reinforces the memories used. Nothing is written when the job is no longer ours
   * (cancelled, taken over) or the persona is gone; then the reservation is released and this throws.
   */
  private async record(p: PreparedPrompt, out: Produced): Promise<PromptResult> {
    const staged = this.stage(p, out);
    await staged.write(this.deps.database);
    await staged.after();
    return staged.result;
  }

  /**
   * A turn ready to be written: `write` records it in one statement (PGlite pays per statement) on the
   * given connection or transaction — creates or bumps the session, records the turn with the next seq,
   * reinforces the memories used — and throws 404 when the persona is gone (the persona check and the
   * reinforcement are SQL the personas and timeline modules build: their tables stay theirs); `after` then settles the
   * credits and sends the usage, guardrail and escalation events. Until `after`, the reservation stays
   * with the prepared prompt (`release` gives it back if the write never commits).
   */
  stage(p: PreparedPrompt, out: Produced, jobId?: string): StagedTurn {
    const text = out.answer.text;
    const { tenantId } = p.caller;
    const latencyMs = Math.round(performance.now() - p.startedAt);
    const { costUsd, credits } = this.deps.billing.credits(out.model.price, out.usage);
    // A refused answer names no memory: the label of the memory that held a blocked term would reveal it.
    const memoriesUsed = p.memories.map((m) => ({
      id: m.id,
      ...(out.answer.blocked ? {} : { eventLabel: m.eventLabel }),
      memoryType: m.memoryType,
      reason: m.reason,
      score: m.score,
    }));
    const turnId = newId();
    const now = new Date().toISOString();
    const escalations = [...new Set([...p.inputEscalations, ...out.answer.escalations])];
    const result: PromptResult = {
      prompt: p.input.userPrompt,
      response: text,
      sessionId: p.sessionId,
      modelName: out.model.name,
      tokensIn: out.usage.inputTokens,
      cachedTokensIn: out.usage.cachedTokens,
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
        reasons: publicReasons(out.answer.reasons),
      },
    };
    const write = async (runner: SqlRunner) => {
      let rows: { seq: number }[];
      try {
        rows = await runner.query<{ seq: number }>(
          `with ok as (
           ${personaExistsSql({ tenantId: "$2", personaId: "$3" })}
         ), s as (
           insert into prompt_sessions (id, tenant_id, persona_id, status, turn_count, created_at, last_activity_at)
           select $1, $2, $3, 'active', 1, $4, $4 from ok
           on conflict (id) do update set turn_count = prompt_sessions.turn_count + 1, last_activity_at = excluded.last_activity_at
             where prompt_sessions.tenant_id = excluded.tenant_id and prompt_sessions.persona_id = excluded.persona_id
           returning turn_count
         ), m as (
           ${reinforceSql({ tenantId: "$2", ids: "$5::uuid[]", at: "$4", when: "exists (select 1 from ok)" })}
         )
         insert into prompt_turns (id, tenant_id, session_id, persona_id, seq, prompt, response, status, mode, model_id,
           model_name, tokens_in, tokens_out, cached_tokens, cost_usd, credits, latency_ms, memories_used, metadata,
           api_key_id, job_id, created_at, context)
         select $6, $2, $1, $3, s.turn_count, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::jsonb,
           $20::jsonb, $22, $21, $4, $23
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
            jobId ?? null,
            p.caller.apiKeyId,
            p.context,
          ],
        );
      } catch (err) {
        // The persona was deleted by another connection while this turn was being written.
        if ((err as { code?: string }).code === "23503") throw notFound("Persona");
        throw err;
      }
      if (rows.length === 0) throw notFound("Persona");
    };
    const after = async () => {
      // Settled here, once: the reservation is the recorded turn's now, not for `release` to give back.
      const reservation = p.reservation;
      p.reservation = null;
      await this.deps.billing.settle(reservation, {
        credits,
        tokens: out.usage.inputTokens + out.usage.outputTokens,
      });
      if (escalations.length > 0) {
        // The session is this module's: flagged for a human here, then safety records and notifies.
        await this.deps.database.db
          .update(promptSessions)
          .set({ status: "escalated" })
          .where(and(eq(promptSessions.tenantId, tenantId), eq(promptSessions.id, p.sessionId)));
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
        this.deps.metrics.guardrailBlock("output");
        this.deps.usage.record({
          tenantId,
          apiKeyId: p.caller.apiKeyId,
          event: "guardrail_block",
          payload: {
            personaId: p.input.personaId,
            sessionId: p.sessionId,
            stage: "output",
            reasons: out.answer.reasons,
          },
        });
      }
      this.deps.metrics.prompt(out.model.slug, p.mode, out.status);
      // The prompt's log line: in the request's (or the async job's) log context, so it carries the requestId
      // (or runId) and tenant; `providerMs` is the model's share of `latencyMs` (docs/operations.md).
      this.deps.logger.info(
        {
          personaId: p.input.personaId,
          sessionId: p.sessionId,
          turnId,
          mode: p.mode,
          status: out.status,
          model: out.model.slug,
          tokensIn: out.usage.inputTokens,
          tokensOut: out.usage.outputTokens,
          cachedTokens: out.usage.cachedTokens,
          latencyMs,
          providerMs: out.provider?.ms,
          attempts: out.provider?.attempts,
          blocked: out.answer.blocked,
        },
        "prompt",
      );
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
          cacheWriteTokens: out.usage.cacheWriteTokens,
          latencyMs,
          costUsd,
          credits,
          memoriesUsed: memoriesUsed.length,
        },
      });
    };
    return { result, ...(out.output !== undefined ? { output: out.output } : {}), write, after };
  }

  /** Gives back a reservation whose prompt recorded nothing billable (a no-op once the turn settled it). */
  async release(p: PreparedPrompt): Promise<void> {
    const reservation = p.reservation;
    p.reservation = null;
    await this.deps.billing.settle(reservation, null);
  }

  /** Stops this process's generations for a persona (it was deleted): nothing of them is recorded or billed. */
  abortPersona(tenantId: string, personaId: string): void {
    this.inFlight.abortPersona(tenantId, personaId);
  }

  /**
   * One whole turn for another module (tasks, studies, calibrations): the same pipeline and the same
   * guardrails, memory, credits, usage and cost as the chat endpoints. With `output`, the answer must be
   * an object of that schema, returned as `output` (absent when the answer was blocked). With `format`, the
   * turn answers a skill question: the offline simulator answers in that format (real models read the
   * format instruction in the prompt).
   */
  async turn<T = unknown>(
    caller: Caller,
    input: PromptInput,
    opts: { output?: z.ZodType<T>; abortSignal?: AbortSignal; format?: SimFormat; persona?: Persona } = {},
  ): Promise<{ result: PromptResult; output?: T }> {
    const p = await this.prepare(caller, input, "sync", {
      output: opts.output,
      format: opts.format,
      skillChecked: true,
      persona: opts.persona,
    });
    try {
      const staged = this.stage(p, await this.produce(p, opts.abortSignal));
      await staged.write(this.deps.database);
      await staged.after();
      return { result: staged.result, ...(staged.output !== undefined ? { output: staged.output as T } : {}) };
    } finally {
      await this.release(p);
    }
  }

  /**
   * Scores answers against a rubric's judge criterion with a model (temperature 0, structured
   * `{ score, reason }`): credits reserved and settled like a prompt (402 when the tenant cannot afford it),
   * a `judge_call` usage event. Not a turn of any session: see `judge.ts`.
   */
  judge(caller: Caller, input: JudgeInput, opts: { abortSignal?: AbortSignal } = {}): Promise<Judgement> {
    return judgeAnswers(this.deps, caller, input, opts);
  }

  /**
   * Summarises several respondents' answers in a sentence or two (a study's free-text themes): metered like
   * a prompt, a `summary_call` usage event. Not a turn of any session: see `summary.ts`.
   */
  summarize(caller: Caller, input: SummaryInput, opts: { abortSignal?: AbortSignal } = {}): Promise<Summary> {
    return summarizeTexts(this.deps, caller, input, opts);
  }
}

/** Released text goes out word by word (each word with its trailing whitespace), as the model sent it. */
function words(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Characters of a request's prompt (system blocks and messages): tokens ≈ characters / 4. */
function promptChars(system: string[], messages: PreparedPrompt["messages"]): number {
  return (
    system.reduce((n, b) => n + b.length, 0) +
    messages.reduce((n, m) => n + (typeof m.content === "string" ? m.content.length : 0), 0)
  );
}

/** Re-cuts released text into whole words (with their trailing whitespace); a trailing word waits for more. */
class WholeWords {
  private carry = "";

  push(text: string, opts: { end?: boolean } = {}): string[] {
    const all = this.carry + text;
    // Without whitespace after it, the last word may go on in the next release (kept until then or the end).
    const cut = opts.end ? all.length : all.search(/\S*$/);
    this.carry = all.slice(cut);
    return words(all.slice(0, cut));
  }
}
