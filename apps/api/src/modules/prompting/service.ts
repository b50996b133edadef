import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/client.ts";
import { ApiError, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { defineRunKind, done, type RunKind, type RunService, type RunView } from "../runs/index.ts";
import type { PreparedPrompt, TurnEngine } from "./engine.ts";
import { promptJobs } from "./schema.ts";
import type { PromptInput, PromptResult } from "./schemas.ts";

/** The run kind of an async prompt; the run's id is the job's id. */
export const PROMPT_RUN = "prompt.async";

const PromptRunPayload = z.object({ personaId: z.uuid(), model: z.string().nullable() }).strict();

/**
 * Async prompt jobs (the chat endpoints' sync and stream prompts go to the turn engine directly): runs of the run engine (retries
 * with backoff, dead letter, cancel, recovery after a crash, limits per model), whose result is the
 * recorded turn, committed exactly once with the run's completion.
 */
export class PromptService {
  constructor(
    private readonly deps: {
      database: Database;
      engine: TurnEngine;
      jobs: JobQueue;
      runs: RunService;
    },
  ) {}

  /**
   * Queues a prompt: the session (when new), the job row and its run (with the run's queue message) commit
   * together, so a crash can never leave a job queued with nothing to run it.
   */
  async enqueue(p: PreparedPrompt): Promise<{ jobId: string; sessionId: string }> {
    const jobId = newId();
    const { tenantId, apiKeyId, requestId } = p.caller;
    await this.deps.jobs.atomically(async (tx, send) => {
      if (p.newSession) {
        await tx.query(
          `insert into prompt_sessions (id, tenant_id, persona_id, status, turn_count, created_at, last_activity_at)
           values ($1, $2, $3, 'active', 0, now(), now())`,
          [p.sessionId, tenantId, p.input.personaId],
        );
      }
      await tx.query(
        `insert into prompt_jobs (id, tenant_id, persona_id, session_id, api_key_id, request, created_at)
         values ($1, $2, $3, $4, $5, $6::jsonb, now())`,
        [
          jobId,
          tenantId,
          p.input.personaId,
          p.sessionId,
          apiKeyId,
          JSON.stringify({ ...p.input, sessionId: p.sessionId }),
        ],
      );
      await this.deps.runs.createIn(tx, send, tenantId, {
        id: jobId,
        kind: PROMPT_RUN,
        payload: { personaId: p.input.personaId, model: p.model.slug },
        apiKeyId,
        requestId,
      });
    });
    return { jobId, sessionId: p.sessionId };
  }

  /**
   * The async prompt's run kind. One attempt prepares (reserving credits), generates and checks the answer;
   * the turn is written in the run's completion transaction, so a job run twice records one turn, and a
   * cancelled one (its model call aborted) records nothing billable. Upstream failures (timeouts, 429,
   * 5xx) are retried with backoff; the rest fail at once.
   */
  runKind(): RunKind {
    const engine = this.deps.engine;
    return defineRunKind({
      name: PROMPT_RUN,
      description: "An async prompt (POST /personas/prompt with mode async); its id is the job id.",
      payload: PromptRunPayload,
      maxAttempts: 4,
      backoff: { baseMs: 2_000, maxMs: 60_000 },
      concurrencyKey: (p) => (p.model ? `model:${p.model}` : null),
      execute: async (ctx) => {
        const [job] = await this.deps.database.db
          .select({ request: promptJobs.request, apiKeyId: promptJobs.apiKeyId })
          .from(promptJobs)
          .where(and(eq(promptJobs.tenantId, ctx.tenantId), eq(promptJobs.id, ctx.runId)));
        // The job row goes with its persona.
        if (!job) throw notFound("Persona");
        const caller = { tenantId: ctx.tenantId, apiKeyId: job.apiKeyId, requestId: null };
        const p = await engine.prepare(caller, job.request as PromptInput, "async");
        try {
          const staged = engine.stage(p, await engine.produce(p, ctx.signal), ctx.runId);
          return done(staged.result, {
            cost: { usd: staged.result.costUsd, credits: staged.result.credits },
            commit: (tx) => staged.write(tx),
            after: async (committed) => {
              if (committed) await staged.after();
              else await engine.release(p);
            },
          });
        } catch (err) {
          await engine.release(p);
          throw err;
        }
      },
    });
  }

  async getJob(tenantId: string, jobId: string) {
    // The run before the row: a run read as succeeded guarantees the row holds what its completion wrote.
    const run = await this.deps.runs.find(tenantId, jobId);
    const [job] = await this.deps.database.db
      .select()
      .from(promptJobs)
      .where(and(eq(promptJobs.tenantId, tenantId), eq(promptJobs.id, jobId)));
    if (!job || !run) throw notFound("Job");
    return jobView(job, run);
  }

  /** Cancels a queued or running job; a running one stops its model call at once here (elsewhere at its next heartbeat). */
  async cancelJob(tenantId: string, jobId: string) {
    const before = await this.getJob(tenantId, jobId);
    try {
      await this.deps.runs.cancel(tenantId, jobId);
    } catch (err) {
      if (err instanceof ApiError && err.code === "conflict") {
        const current = await this.getJob(tenantId, jobId);
        throw new ApiError("conflict", `The job is already ${current.status} and cannot be cancelled`, {
          status: current.status,
        });
      }
      throw err;
    }
    return { ...before, ...(await this.getJob(tenantId, jobId)) };
  }
}

type JobRow = typeof promptJobs.$inferSelect;

/** The compat job view: the job's own row, with its state, error and timestamps from its run. */
function jobView(job: JobRow, run: RunView) {
  // A paused run is waiting to run again: to the job API it is queued.
  const status = run.state === "paused" ? "queued" : run.state;
  return {
    id: job.id,
    status,
    personaId: job.personaId,
    sessionId: job.sessionId,
    ...(run.state === "succeeded" && run.result ? { result: run.result as PromptResult } : {}),
    ...(run.error && run.state !== "succeeded" && run.state !== "cancelled" ? { error: run.error } : {}),
    attempts: run.attempts,
    createdAt: job.createdAt.toISOString(),
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}
