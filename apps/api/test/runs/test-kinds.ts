import { z } from "zod";
import type { SqlRunner } from "../../src/db/client.ts";
import { ApiError } from "../../src/errors.ts";
import { defineModule } from "../../src/modules/manifest.ts";
import { MODULES } from "../../src/modules/registry.ts";
import { defineRunKind, done, RetryableRunError, type RunKind } from "../../src/modules/runs/index.ts";

/**
 * Run kinds that exist only in tests: they exercise the engine without any product module. Their writes go
 * to `test_run_effects` (created by `ensureEffectsTable`), one row per committed completion, so a test can
 * count how many times each run's result was committed.
 */

export const EFFECTS_TABLE = `create table if not exists test_run_effects (
  run_id uuid not null, attempt int not null, pid int not null, label text, created_at timestamptz not null default now())`;

export async function ensureEffectsTable(db: SqlRunner) {
  try {
    await db.query(EFFECTS_TABLE);
  } catch (err) {
    // Two test processes creating it at once on one PostgreSQL: the other one won.
    if (!["23505", "42P07"].includes((err as { code?: string }).code ?? "")) throw err;
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new Error("aborted"));
    const onAbort = () => {
      clearTimeout(t);
      reject(new Error("aborted"));
    };
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });

const SleepPayload = z.object({
  label: z.string().default(""),
  /** Total time of an attempt, in `steps` steps (each reports progress). */
  ms: z.number().int().min(0).default(0),
  steps: z.number().int().min(1).default(1),
  /** Attempts up to this one fail. */
  failUntil: z.number().int().min(0).default(0),
  /** How they fail: retryable, a domain error (not retryable), or a crash (not retryable, message hidden). */
  failWith: z.enum(["retryable", "domain", "crash"]).default("retryable"),
  model: z.string().optional(),
  /** Waits for `observed.gate` before ending (a test releases many runs at the same moment). */
  gated: z.boolean().default(false),
});

/** Watches what runs at once in this process (for the limit tests) and what started (for the crash test). */
export const observed = {
  running: 0,
  maxRunning: 0,
  byKey: new Map<string, { now: number; max: number }>(),
  onStart: (_label: string, _runId: string) => {},
  /** In the completion's transaction (it may still roll back, or never commit if the process dies). */
  onDone: (_label: string, _runId: string) => {},
  /** After the completion committed. */
  onCommitted: (_label: string, _runId: string) => {},
  /** What gated runs wait for; `open()` releases them all at once. */
  gate: Promise.resolve(),
  started: 0,
  closeGate(): () => void {
    let open!: () => void;
    this.gate = new Promise<void>((r) => {
      open = r;
    });
    return open;
  },
  reset() {
    this.started = 0;
    this.gate = Promise.resolve();
    this.running = 0;
    this.maxRunning = 0;
    this.byKey.clear();
  },
};

export const sleepKind = defineRunKind<z.infer<typeof SleepPayload>>({
  name: "test.sleep",
  description: "Test only: sleeps in steps, reports progress, fails on demand, commits one effect row.",
  payload: SleepPayload,
  maxAttempts: 3,
  backoff: { baseMs: 200, maxMs: 400 },
  concurrencyKey: (p) => (p.model ? `model:${p.model}` : null),
  async execute(ctx) {
    const p = ctx.payload;
    const key = p.model ?? "";
    const k = observed.byKey.get(key) ?? { now: 0, max: 0 };
    observed.byKey.set(key, k);
    observed.running++;
    k.now++;
    observed.maxRunning = Math.max(observed.maxRunning, observed.running);
    k.max = Math.max(k.max, k.now);
    observed.onStart(p.label, ctx.runId);
    observed.started++;
    try {
      for (let i = 1; i <= p.steps; i++) {
        await sleep(p.ms / p.steps, ctx.signal);
        await ctx.progress({ done: i, total: p.steps, message: `step ${i}` });
      }
      if (p.gated) await observed.gate;
      if (ctx.attempt <= p.failUntil) {
        if (p.failWith === "retryable") throw new RetryableRunError(`attempt ${ctx.attempt} failed on purpose`);
        if (p.failWith === "domain") throw new ApiError("validation_error", "The payload says this fails");
        throw new Error("secret internals of a crash");
      }
    } finally {
      observed.running--;
      k.now--;
    }
    const result = { label: p.label, attempt: ctx.attempt, pid: process.pid };
    return done(result, {
      cost: { usd: 0.001, credits: 0.1 },
      commit: async (tx) => {
        await tx.query("insert into test_run_effects (run_id, attempt, pid, label) values ($1, $2, $3, $4)", [
          ctx.runId,
          ctx.attempt,
          process.pid,
          p.label,
        ]);
        observed.onDone(p.label, ctx.runId);
      },
      after: async (committed) => {
        if (committed) observed.onCommitted(p.label, ctx.runId);
      },
    });
  },
});

const FanoutPayload = z.object({
  children: z.number().int().min(0),
  maxConcurrency: z.number().int().min(1).nullable().default(null),
  child: SleepPayload.partial().default({}),
  /** These children (by index) fail without retry. */
  failing: z.array(z.number().int()).default([]),
});

export const fanoutKind = defineRunKind<z.infer<typeof FanoutPayload>>({
  name: "test.fanout",
  description: "Test only: spawns `children` test.sleep runs and finishes when they have.",
  payload: FanoutPayload,
  maxAttempts: 2,
  // One effect row per child heard (label `heard`, attempt = how many children that call heard together).
  async onChildEnd(tx, _parent, children) {
    for (const c of children) {
      await tx.query("insert into test_run_effects (run_id, attempt, pid, label) values ($1, $2, $3, 'heard')", [
        c.id,
        children.length,
        process.pid,
      ]);
    }
    return undefined;
  },
  async execute(ctx) {
    const p = ctx.payload;
    return {
      type: "spawn",
      maxConcurrency: p.maxConcurrency,
      children: Array.from({ length: p.children }, (_, i) => ({
        kind: "test.sleep",
        payload: {
          ...p.child,
          label: `child-${i}`,
          ...(p.failing.includes(i) ? { failUntil: 99, failWith: "domain" as const } : {}),
        },
      })),
    };
  },
});

export const TEST_KINDS: RunKind[] = [sleepKind, fanoutKind];

/** A test-only module that defines the kinds above: added to a server with one line, like any module. */
export const testRunsModule = defineModule({ name: "test-runs", runKinds: () => TEST_KINDS });
export const MODULES_WITH_TEST_RUNS = [...MODULES, testRunsModule];
