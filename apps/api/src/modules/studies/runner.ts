import { z } from "zod";
import type { Database, SqlRunner } from "../../db/client.ts";
import { notFound } from "../../errors.ts";
import { aligned, jensenShannon } from "../../shared/divergence.ts";
import type { OutputFormatType } from "../../shared/output-formats.ts";
import { hashOf, mulberry32, shuffleWith } from "../../shared/random.ts";
import type { UsageRecorder } from "../analytics/index.ts";
import type { PersonaService } from "../personas/index.ts";
import type { PopulationService } from "../populations/index.ts";
import {
  type ChildCounts,
  type ChildEndDecision,
  type ChildSpec,
  defineRunKind,
  done,
  type EndedChild,
  type ParentOfChild,
  type RunContext,
  RunFailure,
  type RunKind,
  spawn,
} from "../runs/index.ts";
import type { TaskHandoff, TaskService } from "../tasks/index.ts";

export const STUDY_RUN = "studies.run";

export const StudyRunPayload = z.object({ studyRunId: z.uuid() }).strict();
export type StudyRunPayload = z.infer<typeof StudyRunPayload>;

/** Valid answers so far: question id → answer → count (docs/studies.md "Live aggregates"). */
export type Tallies = Record<string, Record<string, number>>;

export interface Budget {
  maxCredits?: number;
  maxUsd?: number;
}

export interface StopWhen {
  converged?: { epsilon: number; window: number };
}

export interface Stopped {
  code: "budget" | "converged";
  error: string;
}

export interface Checkpoint {
  /** Tasks ended when it was taken. */
  at: number;
  distributions: Tallies;
  /** The largest JSD (over questions) between this checkpoint and the one before. */
  divergence: number | null;
}

/**
 * The answer categories a valid parsed answer counts under, for live aggregates and convergence: a choice's
 * label, each label of a multi-choice, a ranking's first choice, a likert point. Numbers, text and JSON are
 * not categorical: they are summarised by the results, not tallied.
 */
export function tallyKeys(type: OutputFormatType, parsed: unknown): string[] {
  if (parsed === null || parsed === undefined) return [];
  switch (type) {
    case "single_choice":
      return typeof (parsed as { label?: unknown }).label === "string" ? [(parsed as { label: string }).label] : [];
    case "multi_choice": {
      const labels = (parsed as { labels?: unknown }).labels;
      return Array.isArray(labels) ? labels.filter((l): l is string => typeof l === "string") : [];
    }
    case "ranking": {
      const first = (parsed as { labels?: unknown[] }).labels?.[0];
      return typeof first === "string" ? [first] : [];
    }
    case "likert":
      return typeof parsed === "number" ? [String(parsed)] : [];
    default:
      return [];
  }
}

/**
 * The largest Jensen–Shannon divergence (base 2) over questions between two snapshots of the tallies, each
 * normalised; a question with answers on one side only counts as moved completely (1). Null when no
 * question has answers on either side.
 */
export function maxDivergence(before: Tallies, now: Tallies): number | null {
  let max: number | null = null;
  for (const q of new Set([...Object.keys(before), ...Object.keys(now)])) {
    const p = before[q] ?? {};
    const r = now[q] ?? {};
    const hasP = Object.values(p).some((v) => v > 0);
    const hasR = Object.values(r).some((v) => v > 0);
    if (!hasP && !hasR) continue;
    const d = hasP && hasR ? jensenShannon(...aligned(p, r)) : 1;
    max = max === null ? d : Math.max(max, d);
  }
  return max;
}

/**
 * Whether the parent can afford one more task: the spend so far, plus what the tasks in flight will cost
 * and one more, at the average cost of a finished task so far (the plan's estimate before any finished),
 * stays within the budget.
 */
export function budgetStop(
  budget: Budget | null,
  spent: { credits: number; usd: number },
  finished: number,
  inFlight: number,
  estimate: { credits: number; usd: number },
): Stopped | null {
  if (!budget) return null;
  const check = (max: number | undefined, used: number, perTask: number, unit: string): Stopped | null => {
    if (max === undefined) return null;
    const average = finished > 0 ? used / finished : perTask;
    if (used + (inFlight + 1) * average <= max) return null;
    return {
      code: "budget",
      error: `Stopped before exceeding the budget of ${max} ${unit}: ${round4(used)} spent, ${inFlight} task(s) in flight at about ${round4(average)} each`,
    };
  };
  return (
    check(budget.maxCredits, spent.credits, estimate.credits, "credits") ??
    check(budget.maxUsd, spent.usd, estimate.usd, "USD")
  );
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** The run's row as the kind reads it. */
interface RunRow {
  id: string;
  tenant_id: string;
  study_id: string;
  population_id: string;
  population_version: number | null;
  skill_id: string;
  skill_version: number | null;
  model: string | null;
  replicates: number;
  max_concurrency: number;
  sample: number | null;
  seed: number;
  budget: Budget | null;
  stop_when: StopWhen | null;
  plan: { estimate: { credits: number; costUsd: number }; tasks: number } | null;
  question_types: Record<string, OutputFormatType> | null;
  completed: number;
  tallies: Tallies;
  checkpoint: Checkpoint | null;
  stopped: Stopped | null;
  theme_summaries: Record<string, { text: string; model: string }> | null;
  schedule_id: string | null;
  api_key_id: string | null;
}

export interface StudyRunnerDeps {
  database: Database;
  populations: PopulationService;
  personas: PersonaService;
  tasks: TaskService;
  usage: UsageRecorder;
  /** Pins a run's versions, model and plan when it first executes (a scheduled fire pins nothing). */
  pin(tenantId: string, studyRunId: string): Promise<void>;
}

/**
 * The run kind of a study run (docs/studies.md): on its first attempt it picks the members (every member of
 * the pinned population version, or a seeded sample), creates one task per member × replicate and spawns
 * their first attempts as child runs with at most `maxConcurrency` in flight. As each child ends it tallies
 * the answers and decides whether to stop early (budget, convergence); once all have ended it concludes.
 */
export class StudyRunner {
  constructor(private readonly deps: StudyRunnerDeps) {}

  runKind(): RunKind {
    return defineRunKind<StudyRunPayload>({
      name: STUDY_RUN,
      description: "A study run: one task per member × replicate, executed as child runs with a concurrency limit",
      payload: StudyRunPayload,
      execute: (ctx) => this.execute(ctx),
      onChildEnd: (tx, parent, child) => this.onChildEnd(tx, parent, child),
      finalize: (ctx, counts) => this.finalize(ctx, counts),
      onEnd: async (_tx, run) => {
        this.deps.usage.record({
          tenantId: run.tenantId,
          apiKeyId: null,
          event: "study_run_complete",
          payload: { runId: run.id, state: run.state, error: run.error?.code ?? null },
        });
      },
    });
  }

  private async execute(ctx: RunContext<StudyRunPayload>) {
    const { tenantId } = ctx;
    await this.deps.pin(tenantId, ctx.payload.studyRunId);
    const row = await readRun(this.deps.database, tenantId, ctx.payload.studyRunId);
    if (row.population_version === null || row.skill_version === null || row.model === null || !row.plan) {
      throw new Error("a study run executed without its pinned versions");
    }
    const roster = await this.deps.populations.roster(tenantId, row.population_id, row.population_version);
    const alive = await this.deps.personas.existingIds(
      tenantId,
      roster.map((m) => m.personaId),
    );
    // A seeded order: a pilot, or a run stopped early, is a random part of the population, not its first ids.
    const order = shuffleWith(
      mulberry32(hashOf("study-run", row.seed)),
      roster.filter((m) => alive.has(m.personaId)),
    );
    const members = row.sample !== null ? order.slice(0, row.sample) : order;
    const specs: { personaId: string; replicate: number }[] = [];
    for (let replicate = 1; replicate <= row.replicates; replicate++) {
      for (const m of members) specs.push({ personaId: m.personaId, replicate });
    }
    const perTask = row.plan.tasks > 0 ? row.plan.estimate.credits / row.plan.tasks : 0;
    const byBudget =
      row.budget?.maxCredits !== undefined && perTask > 0
        ? Math.max(1, Math.floor(row.budget.maxCredits / perTask))
        : Number.POSITIVE_INFINITY;
    const perTaskUsd = row.plan.tasks > 0 ? row.plan.estimate.costUsd / row.plan.tasks : 0;
    const byUsd =
      row.budget?.maxUsd !== undefined && perTaskUsd > 0
        ? Math.max(1, Math.floor(row.budget.maxUsd / perTaskUsd))
        : Number.POSITIVE_INFINITY;
    const children: ChildSpec[] = [];
    await ctx.progress({ done: 0, total: specs.length, message: `${specs.length} tasks` });
    return spawn(children, {
      // A budget smaller than the first wave starts fewer tasks at once (each finished one frees a slot).
      maxConcurrency: Math.min(row.max_concurrency, byBudget, byUsd),
      commit: async (tx) => {
        children.push(
          ...(await this.deps.tasks.insertForRun(tx, tenantId, {
            parentRunId: ctx.runId,
            skillId: row.skill_id,
            skillVersion: row.skill_version as number,
            model: row.model as string,
            apiKeyId: row.api_key_id,
            members: specs,
          })),
        );
        await tx.query("update study_runs set members = $3, tasks = $4 where tenant_id = $1 and id = $2", [
          tenantId,
          row.id,
          members.length,
          specs.length,
        ]);
      },
    });
  }

  /** Tallies the children's answers and decides whether the run goes on (in their completion transaction). */
  private async onChildEnd(
    tx: SqlRunner,
    parent: ParentOfChild<StudyRunPayload>,
    children: EndedChild[],
  ): Promise<ChildEndDecision | undefined> {
    const row = await readRun(tx, parent.tenantId, parent.payload.studyRunId);
    const tallies = row.tallies ?? {};
    for (const child of children) {
      if (child.state !== "succeeded") continue;
      const { taskId, attempt } = child.payload as { taskId: string; attempt: number };
      // The answers the task handed over in this process, else (committed elsewhere) as stored.
      const results =
        answersOf(child.handoff) ?? (await this.deps.tasks.resultsOfAttempt(tx, parent.tenantId, taskId, attempt));
      for (const r of results) {
        if (!r.valid) continue;
        const type = row.question_types?.[r.questionId];
        if (!type) continue;
        for (const key of tallyKeys(type, r.parsed)) {
          const q = tallies[r.questionId] ?? {};
          q[key] = (q[key] ?? 0) + 1;
          tallies[r.questionId] = q;
        }
      }
    }
    const finished = parent.children.succeeded + parent.children.failed;
    const before = finished - children.length;
    let stopped: Stopped | null = null;
    let checkpoint = row.checkpoint;
    if (!row.stopped) {
      stopped = budgetStop(row.budget, { credits: parent.credits, usd: parent.costUsd }, finished, parent.inFlight, {
        credits: perTaskOf(row, "credits"),
        usd: perTaskOf(row, "usd"),
      });
      const converged = row.stop_when?.converged;
      // A checkpoint each time the tasks ended cross a multiple of the window (several may end together).
      if (!stopped && converged && Math.floor(finished / converged.window) > Math.floor(before / converged.window)) {
        const divergence = checkpoint ? maxDivergence(checkpoint.distributions, tallies) : null;
        checkpoint = { at: finished, distributions: structuredClone(tallies), divergence };
        if (divergence !== null && divergence < converged.epsilon) {
          stopped = {
            code: "converged",
            error: `Stopped early: over the last ${converged.window} tasks the answer distributions moved by at most ${round6(divergence)} (Jensen–Shannon), under epsilon ${converged.epsilon}`,
          };
        }
      }
    }
    await tx.query(
      `update study_runs set tallies = $3::jsonb, completed = $4, checkpoint = $5::jsonb,
         stopped = coalesce(stopped, $6::jsonb)
       where tenant_id = $1 and id = $2`,
      [
        parent.tenantId,
        row.id,
        JSON.stringify(tallies),
        finished,
        checkpoint ? JSON.stringify(checkpoint) : null,
        stopped ? JSON.stringify(stopped) : null,
      ],
    );
    return stopped
      ? { stop: { error: stopped.error, code: stopped.code === "budget" ? "budget_exhausted" : "converged" } }
      : undefined;
  }

  private async finalize(ctx: RunContext<StudyRunPayload>, counts: ChildCounts) {
    const row = await readRun(this.deps.database, ctx.tenantId, ctx.payload.studyRunId);
    if (counts.total > 0 && counts.succeeded === 0 && !row.stopped) {
      throw new RunFailure(
        `None of the ${counts.total} tasks succeeded (${counts.failed} failed, ${counts.cancelled} cancelled)`,
        "tasks_failed",
      );
    }
    const result = {
      tasks: counts,
      stoppedEarly: row.stopped !== null,
      stopReason: row.stopped?.error ?? null,
    };
    return done(result, {
      after: async (committed) => {
        if (!committed) return;
        this.deps.usage.record({
          tenantId: ctx.tenantId,
          apiKeyId: ctx.apiKeyId,
          event: "study_run_complete",
          payload: {
            runId: ctx.runId,
            studyId: row.study_id,
            state: "succeeded",
            ...counts,
            stoppedEarly: result.stoppedEarly,
          },
        });
      },
    });
  }
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** A task run's handoff (`TaskHandoff`): its attempt's answers; null when absent or not of that shape. */
function answersOf(handoff: unknown): TaskHandoff["answers"] | null {
  const answers = (handoff as Partial<TaskHandoff> | undefined)?.answers;
  return Array.isArray(answers) ? answers : null;
}

function perTaskOf(row: RunRow, unit: "credits" | "usd"): number {
  if (!row.plan || row.plan.tasks === 0) return 0;
  return (unit === "credits" ? row.plan.estimate.credits : row.plan.estimate.costUsd) / row.plan.tasks;
}

export type { RunRow as StudyRunRow };

/** A study run's row (404 when it is not the tenant's). */
export async function readRun(runner: SqlRunner, tenantId: string, id: string): Promise<RunRow> {
  const [row] = await runner.query<RunRow>("select * from study_runs where tenant_id = $1 and id = $2", [tenantId, id]);
  if (!row) throw notFound("Study run");
  return row;
}
