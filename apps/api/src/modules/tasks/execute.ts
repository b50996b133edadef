import { z } from "zod";
import type { Database } from "../../db/client.ts";
import { ApiError } from "../../errors.ts";
import { formatInstruction, type Question, repairInstruction, type SimFormat } from "../../shared/output-formats.ts";
import type { UsageRecorder } from "../analytics/index.ts";
import type { Persona, PersonaService } from "../personas/index.ts";
import type { Caller, SessionService, TurnEngine } from "../prompting/index.ts";
import { defineRunKind, done, RetryableRunError, type RunContext, RunFailure, type RunKind } from "../runs/index.ts";
import {
  type AnswerResult,
  type PersonaVariables,
  parseAnswer,
  renderTemplate,
  resolveVariables,
  type Skill,
  type SkillService,
} from "../skills/index.ts";
import { evaluate } from "./evaluate.ts";
import { resultsOf } from "./results.ts";

export const TASK_RUN = "tasks.execute";

/**
 * What a run of `tasks.execute` needs: the task and which of its attempts this is. A study run can spawn
 * these as children: the run that executes an attempt becomes the task's current run when it starts. The
 * model is the task's (pinned at creation), for the run's concurrency key.
 */
export const TaskRunPayload = z
  .object({ taskId: z.uuid(), attempt: z.number().int().min(1), model: z.string().min(3).max(200) })
  .strict();
export type TaskRunPayload = z.infer<typeof TaskRunPayload>;

/** Skill versions a process keeps (see `TaskRunner.versions`). */
const MAX_SKILL_VERSIONS = 500;

/** Repairs after an invalid answer (SPEC: at most 2 more asks). */
const MAX_REPAIRS = 2;
export const PERSONA_DELETED_MESSAGE = "The task's persona was deleted";
export const BLOCKED_ERROR = "blocked by the safety policy";

export const personaVariables = (p: Persona): PersonaVariables => ({
  firstName: p.firstName,
  lastName: p.lastName,
  age: p.age,
  location: p.location,
  baseOccupation: p.baseOccupation,
  gender: p.gender ?? null,
  education: p.education ?? null,
  incomeBracket: p.incomeBracket ?? null,
  household: p.household ?? null,
  attributes: p.attributes ?? {},
});

interface StoredTask {
  skill_id: string;
  skill_version: number;
  persona_id: string;
  variables: Record<string, string | number | boolean>;
  model: string;
  attempt: number;
  run_id: string | null;
  session_id: string | null;
}

/**
 * What a task run hands to its parent run's `onChildEnd` in this process (a study's tallies): its answers,
 * so the parent does not read them back.
 */
export interface TaskHandoff {
  answers: { questionId: string; valid: boolean; parsed: unknown }[];
}

/** One attempt's state while its questions are asked. */
interface AskState {
  sessionId: string | null;
  caller: Caller;
  ctx: RunContext<TaskRunPayload>;
  task: StoredTask;
  skill: Skill;
  values: Record<string, string>;
  /** Loaded once per attempt and handed to each turn. */
  persona: Persona;
  /** The turns this attempt made in this process. */
  spent: { costUsd: number; credits: number; tokensIn: number; tokensOut: number }[];
}

interface Answered extends AnswerResult {
  asks: number;
  followUps: { question: string; answer: string }[];
}

export interface TaskRunnerDeps {
  database: Database;
  skills: SkillService;
  personas: PersonaService;
  turns: TurnEngine;
  sessions: SessionService;
  usage: UsageRecorder;
}

/**
 * One attempt of a task (docs/tasks.md): every question not yet answered in this attempt is asked through
 * the turn engine in the task's one session (parsed, repaired at most twice, follow-ups), its result
 * written at once; then the evaluation, committed with the run's completion. A resumed, retried or
 * recovered attempt continues where it stopped: pause and cancel abort the turn in flight, which records
 * nothing and is asked again on resume ("paused between turns").
 */
export class TaskRunner {
  /**
   * Skill versions read by this process's tasks. A version's definition never changes, and a task reads
   * only that (not the skill's archived or updated dates), so an entry never goes stale; a skill in use is
   * archived, never deleted. A study's thousands of tasks read their skill once.
   */
  private readonly versions = new Map<string, Promise<Skill>>();

  constructor(private readonly deps: TaskRunnerDeps) {}

  private skillVersion(tenantId: string, skillId: string, version: number): Promise<Skill> {
    const key = `${tenantId}:${skillId}:${version}`;
    const held = this.versions.get(key);
    if (held) return held;
    if (this.versions.size >= MAX_SKILL_VERSIONS) this.versions.delete(this.versions.keys().next().value as string);
    const read = this.deps.skills.get(tenantId, skillId, version);
    this.versions.set(key, read);
    read.catch(() => this.versions.delete(key));
    return read;
  }

  runKind(): RunKind {
    return defineRunKind<TaskRunPayload>({
      name: TASK_RUN,
      description: "One attempt of a task: a skill's questions asked to a persona, then the evaluation",
      payload: TaskRunPayload,
      // One model's calls are limited together across tasks, studies and servers (MODEL_CONCURRENCY).
      concurrencyKey: (p) => `model:${p.model}`,
      execute: (ctx) => this.execute(ctx),
    });
  }

  private async execute(ctx: RunContext<TaskRunPayload>) {
    const { tenantId } = ctx;
    const { taskId, attempt } = ctx.payload;
    const task = await this.adopt(tenantId, taskId, attempt, ctx.runId);
    const [skill, persona] = await Promise.all([
      this.skillVersion(tenantId, task.skill_id, task.skill_version),
      this.deps.personas.get(tenantId, task.persona_id).catch((err: unknown) => {
        throw isNotFound(err) ? new RunFailure(PERSONA_DELETED_MESSAGE, "persona_deleted") : err;
      }),
    ]);
    const { values, missing } = resolveVariables(skill, personaVariables(persona), task.variables);
    if (missing.length > 0) {
      throw new RunFailure(`The skill's variables cannot be resolved: ${missing.join(", ")}`, "variables_missing");
    }
    const caller: Caller = { tenantId, apiKeyId: ctx.apiKeyId, requestId: null };
    // A task with no session has had no turn, so no answer either (an answer is stored after its turn,
    // and the turn's session before it): nothing to read back.
    const fresh = task.session_id === null;
    const answered = fresh ? new Map<string, Answered>() : await this.answeredIn(tenantId, taskId, attempt);
    const total = skill.questions.length;
    const state: AskState = { sessionId: task.session_id, caller, ctx, task, skill, values, persona, spent: [] };
    for (const [position, question] of skill.questions.entries()) {
      if (answered.has(question.id)) continue;
      const result = await this.ask(state, position, question);
      await this.store(tenantId, taskId, attempt, position, result);
      answered.set(question.id, result);
      // The last answer's progress is the run's completion, which follows at once.
      if (answered.size < total) await ctx.progress({ done: answered.size, total, message: `answered ${question.id}` });
    }
    if (ctx.signal.aborted) throw new Error("stopped");
    const results = skill.questions.map((q) => answered.get(q.id) as Answered);
    const judged = await evaluate(this.deps.turns, caller, {
      skill,
      model: task.model,
      personaId: task.persona_id,
      results,
      questionText: (q) => renderTemplate(q.text, values),
      signal: ctx.signal,
    });
    // Every turn of a fresh attempt was made here; a resumed one also counts those of the stops before it.
    const turnCost = fresh ? sumTurns(state.spent) : await this.turnCost(tenantId, state.sessionId, taskId, attempt);
    const handoff: TaskHandoff = {
      answers: results.map((r) => ({ questionId: r.questionId, valid: r.valid, parsed: r.parsed })),
    };
    return done(
      {
        taskId,
        attempt,
        answered: results.length,
        valid: results.filter((r) => r.valid).length,
        total: judged.scores?.total ?? null,
        passed: judged.scores?.passed ?? null,
        tokensIn: turnCost.tokensIn,
        tokensOut: turnCost.tokensOut,
      },
      {
        handoff,
        cost: { usd: turnCost.usd + judged.cost.usd, credits: turnCost.credits + judged.cost.credits },
        commit: async (tx) => {
          if (!judged.scores) return;
          await tx.query(
            `insert into task_scores (task_id, tenant_id, attempt, scores, created_at) values ($1, $2, $3, $4::jsonb, now())
             on conflict do nothing`,
            [taskId, tenantId, attempt, JSON.stringify(judged.scores)],
          );
        },
        after: async (committed) => {
          if (!committed) return;
          this.deps.usage.record({
            tenantId,
            apiKeyId: ctx.apiKeyId,
            event: "task_complete",
            payload: {
              taskId,
              attempt,
              runId: ctx.runId,
              skillId: skill.id,
              skillVersion: skill.version,
              personaId: task.persona_id,
              valid: results.filter((r) => r.valid).length,
              questions: results.length,
              total: judged.scores?.total ?? null,
              passed: judged.scores?.passed ?? null,
            },
          });
        },
      },
    );
  }

  /**
   * The task, with this run as its current one (a study's child run is adopted when it starts). A run of an
   * older attempt (retried by hand after the task moved on) fails rather than write over the newer one.
   */
  private async adopt(tenantId: string, taskId: string, attempt: number, runId: string): Promise<StoredTask> {
    const [task] = await this.deps.database.query<StoredTask>(
      `update tasks set run_id = $4, attempt = greatest(attempt, $3), updated_at = now()
       where tenant_id = $1 and id = $2 and attempt <= $3
       returning skill_id, skill_version, persona_id, variables, model, attempt, run_id, session_id`,
      [tenantId, taskId, attempt, runId],
    );
    if (task) return task;
    const [exists] = await this.deps.database.query("select 1 from tasks where tenant_id = $1 and id = $2", [
      tenantId,
      taskId,
    ]);
    if (!exists) throw new RunFailure("The task was deleted", "task_deleted");
    throw new RunFailure("A newer attempt of this task was started", "superseded");
  }

  private async answeredIn(tenantId: string, taskId: string, attempt: number): Promise<Map<string, Answered>> {
    const results = await resultsOf(this.deps.database, tenantId, taskId, attempt);
    return new Map(results.map((r) => [r.questionId, r as Answered]));
  }

  /** One question: asked, repaired at most twice while invalid, then its follow-ups. */
  private async ask(s: AskState, position: number, q: Question): Promise<Answered> {
    const text = renderTemplate(q.text, s.values);
    const spec = q.outputFormat;
    const intro = position === 0 ? `${renderTemplate(s.skill.instructions, s.values)}\n\n` : "";
    const turn = async (userPrompt: string, ask: SimFormat["ask"]) => {
      if (s.ctx.signal.aborted) throw new Error("stopped");
      const reply = await this.turn(s, q.id, userPrompt, { spec, question: text, ask });
      s.sessionId ??= reply.sessionId;
      return reply;
    };
    let prompt = `${intro}${text}\n\n${formatInstruction(spec)}`;
    let outcome: Answered | null = null;
    let asks = 0;
    for (let ask = 0; ask <= MAX_REPAIRS; ask++) {
      const reply = await turn(prompt, ask);
      asks++;
      if (reply.blocked) {
        outcome = {
          questionId: q.id,
          raw: reply.text,
          parsed: null,
          valid: false,
          error: BLOCKED_ERROR,
          asks,
          followUps: [],
        };
        break;
      }
      const parsed = parseAnswer(spec, reply.text);
      outcome = parsed.valid
        ? { questionId: q.id, raw: reply.text, parsed: parsed.parsed, valid: true, asks, followUps: [] }
        : { questionId: q.id, raw: reply.text, parsed: null, valid: false, error: parsed.error, asks, followUps: [] };
      if (parsed.valid) break;
      prompt = repairInstruction(spec, parsed.error);
    }
    const result = outcome as Answered;
    for (const probe of q.followUps ?? []) {
      const question = renderTemplate(probe, s.values);
      const reply = await turn(question, "follow_up");
      result.followUps.push({ question, answer: reply.text });
    }
    return result;
  }

  /**
   * One turn through the turn engine, in the task's session. A blocked prompt or answer is an answer
   * (`blocked`), not a failure; a deleted persona fails the run for good; a persona whose profile is
   * still being written is worth another attempt later.
   */
  private async turn(
    s: AskState,
    questionId: string,
    userPrompt: string,
    format: SimFormat,
  ): Promise<{ text: string; blocked: boolean; sessionId: string | null }> {
    const { ctx, task } = s;
    try {
      const { result } = await this.deps.turns.turn(
        s.caller,
        {
          personaId: task.persona_id,
          userPrompt,
          ...(s.sessionId ? { sessionId: s.sessionId } : {}),
          model: task.model,
          ...(s.skill.temperature !== null ? { temperature: s.skill.temperature } : {}),
          skillId: s.skill.id,
          metadata: { taskId: ctx.payload.taskId, attempt: ctx.payload.attempt, questionId, ask: format.ask },
        },
        { format, abortSignal: ctx.signal, persona: s.persona },
      );
      s.spent.push(result);
      if (!s.sessionId) await this.keepSession(ctx.tenantId, ctx.payload.taskId, result.sessionId);
      return { text: result.response, blocked: result.guardrail.blocked, sessionId: result.sessionId };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      if (err instanceof ApiError && err.code === "blocked_by_policy") {
        return { text: "", blocked: true, sessionId: s.sessionId };
      }
      if (isNotFound(err) && /persona/i.test((err as Error).message)) {
        throw new RunFailure(PERSONA_DELETED_MESSAGE, "persona_deleted");
      }
      if (err instanceof ApiError && err.code === "persona_not_ready") {
        throw new RetryableRunError("The persona's profile is not written yet", "persona_not_ready");
      }
      throw err;
    }
  }

  /** The session the first turn created: every later turn and attempt continues it. */
  private async keepSession(tenantId: string, taskId: string, sessionId: string) {
    await this.deps.database.query(
      "update tasks set session_id = $3, updated_at = now() where tenant_id = $1 and id = $2 and session_id is null",
      [tenantId, taskId, sessionId],
    );
  }

  /** Written at once, once: a question answered by an attempt that stopped is not asked again. */
  private async store(tenantId: string, taskId: string, attempt: number, position: number, r: Answered) {
    await this.deps.database.query(
      `insert into task_results (task_id, tenant_id, attempt, question_id, position, raw, parsed, valid, error, asks,
         follow_ups, created_at)
       values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11::jsonb, now())
       on conflict do nothing`,
      [
        taskId,
        tenantId,
        attempt,
        r.questionId,
        position,
        r.raw,
        r.parsed === null ? null : JSON.stringify(r.parsed),
        r.valid,
        r.error ?? null,
        r.asks,
        JSON.stringify(r.followUps),
      ],
    );
  }

  /** What this attempt's turns cost (all of them, also those of a run attempt that stopped before). */
  private async turnCost(tenantId: string, sessionId: string | null, taskId: string, attempt: number) {
    if (!sessionId) return sumTurns([]);
    const { turns } = await this.deps.sessions.get(tenantId, sessionId);
    return sumTurns(turns.filter((t) => t.metadata?.taskId === taskId && t.metadata?.attempt === attempt));
  }
}

/** The cost and tokens of some turns. */
function sumTurns(turns: { costUsd: number; credits: number; tokensIn: number; tokensOut: number }[]) {
  const sum = { usd: 0, credits: 0, tokensIn: 0, tokensOut: 0 };
  for (const t of turns) {
    sum.usd += t.costUsd;
    sum.credits += t.credits;
    sum.tokensIn += t.tokensIn;
    sum.tokensOut += t.tokensOut;
  }
  return sum;
}

const isNotFound = (err: unknown) => err instanceof ApiError && err.code === "not_found";
