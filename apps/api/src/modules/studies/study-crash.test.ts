import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { crashableServe } from "../../../test/crash.ts";
import { BOOT_TIMEOUT_MS, freePort, seed, uniqueTenantId, until } from "../../../test/harness.ts";
import type { SqlRunner } from "../../db/client.ts";
import { randomBase62 } from "../../ids.ts";

/**
 * A study run survives kill -9: of the embedded server mid-run (a new server on the same data directory
 * recovers it), and on PostgreSQL of a `person-run worker` process mid-run (another worker takes over once
 * the dead one's heartbeat is stale). Either way every task is answered exactly once: one result per
 * question, one `succeeded` event per task, never two `task_complete`s, and the run's tallies count each task once.
 */

// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON
type Call = (port: number, method: string, p: string, body?: unknown) => Promise<{ status: number; body: any }>;

const QUESTIONS = [1, 2, 3].map((n) => ({
  id: `q${n}`,
  text: `Question ${n}: how fair is the price?`,
  outputFormat: { type: "likert", scale: 5 },
}));

/** Personas, a population of them, a skill and a study; then a run with 2 in flight. */
async function startStudy(call: Call, port: number, members: number) {
  const ids: string[] = [];
  for (let i = 0; i < members; i++) {
    const res = await call(port, "POST", "/personas", { seed: seed({ firstName: `C${i}` }) });
    expect(res.status).toBe(201);
    ids.push(res.body.persona.id);
  }
  const cohort = await call(port, "POST", "/cohorts", { name: "All", include: ids });
  expect(cohort.status).toBe(201);
  const population = await call(port, "POST", "/populations", {
    name: "Panel",
    cohorts: [{ cohortId: cohort.body.cohort.id, weight: 1 }],
    sampling: { rule: "all" },
  });
  expect(population.status).toBe(201);
  const skill = await call(port, "POST", "/skills", {
    name: "Fairness",
    instructions: "You are looking at a pricing page.",
    questions: QUESTIONS,
  });
  expect(skill.status).toBe(201);
  const study = await call(port, "POST", "/studies", {
    name: "Fairness",
    populationId: population.body.population.id,
    skillId: skill.body.skill.id,
  });
  expect(study.status).toBe(201);
  const run = await call(port, "POST", `/studies/${study.body.study.id}/runs`, { maxConcurrency: 2 });
  expect(run.status).toBe(202);
  return { studyId: study.body.study.id as string, runId: run.body.run.id as string };
}

/** Waits until some tasks have succeeded and others have not (the kill lands mid-run). */
async function midRun(call: Call, port: number, studyId: string, runId: string) {
  await until(
    async () => {
      const r = await call(port, "GET", `/studies/${studyId}/runs/${runId}`);
      return r.body.run.counts.succeeded >= 2 ? true : null;
    },
    { what: "two tasks answered", timeoutMs: BOOT_TIMEOUT_MS },
  );
}

async function finished(call: Call, port: number, studyId: string, runId: string) {
  return until(
    async () => {
      const r = await call(port, "GET", `/studies/${studyId}/runs/${runId}`);
      return ["succeeded", "failed", "cancelled"].includes(r.body.run.status) ? r.body.run : null;
    },
    { what: "the run to finish after the kill", timeoutMs: 3 * BOOT_TIMEOUT_MS },
  );
}

/** Every task answered exactly once, read from the database. */
async function checkExactlyOnce(db: SqlRunner, runId: string, members: number) {
  const tasks = await db.query<{ id: string; attempt: number; results: number }>(
    `select t.id, t.attempt, (select count(*)::int from task_results r where r.task_id = t.id) as results
     from tasks t where t.parent_run_id = $1`,
    [runId],
  );
  expect(tasks).toHaveLength(members);
  for (const t of tasks) expect(t.results, `results of task ${t.id}`).toBe(QUESTIONS.length);
  const succeeded = await db.query<{ run_id: string; n: number }>(
    `select e.run_id, count(*)::int as n from run_events e join runs r on r.id = e.run_id
     where r.parent_id = $1 and e.type = 'state' and e.data->>'state' = 'succeeded' group by e.run_id`,
    [runId],
  );
  expect(succeeded).toHaveLength(members);
  for (const e of succeeded) expect(e.n, `succeeded events of ${e.run_id}`).toBe(1);
  const [row] = await db.query<{ completed: number; tallies: Record<string, Record<string, number>> }>(
    "select completed, tallies from study_runs where id = $1",
    [runId],
  );
  expect(row?.completed).toBe(members);
  for (const q of QUESTIONS) {
    const n = Object.values(row?.tallies[q.id] ?? {}).reduce((a, b) => a + b, 0);
    expect(n, `answers tallied for ${q.id}`).toBe(members);
  }
  return tasks;
}

describe("a study run across kill -9", () => {
  const serve = crashableServe("study-restart", "pr_live_studyRestartKeyForTests000001");
  afterAll(() => serve.cleanup());

  it("finishes with every task answered exactly once after the embedded server is killed", {
    timeout: 6 * BOOT_TIMEOUT_MS,
  }, async () => {
    const call = serve.call as Call;
    const members = 8;
    const port = await serve.start({ SIMULATOR_DELAY_MS: "40" });
    const { studyId, runId } = await startStudy(call, port, members);
    await midRun(call, port, studyId, runId);
    await serve.kill();

    const second = await serve.restart();
    const run = await finished(call, second.port, studyId, runId);
    expect(run).toMatchObject({ status: "succeeded", counts: { total: members, succeeded: members, failed: 0 } });
    const db = second.ctx.database;
    const tasks = await checkExactlyOnce(db, runId, members);
    await second.ctx.usage.flush();
    const completes = await db.query<{ task: string; n: number }>(
      `select payload->>'taskId' as task, count(*)::int as n from usage_events where event = 'task_complete'
       and payload->>'taskId' = any($1::text[]) group by 1`,
      [tasks.map((t) => t.id)],
    );
    // Never twice. (Usage events are buffered in memory: those of tasks the killed server finished may be lost.)
    expect(completes.length).toBeGreaterThan(0);
    for (const c of completes) expect(c.n, `task_complete of ${c.task}`).toBe(1);
  });
});

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../bin/person-run.mjs");

describe.runIf(process.env.DATABASE_URL)("a study run across a killed worker (PostgreSQL)", () => {
  const procs: ChildProcess[] = [];
  afterAll(() => {
    for (const p of procs) if (p.exitCode === null) p.kill("SIGKILL");
  });

  it("another worker takes over: every task answered exactly once", { timeout: 6 * BOOT_TIMEOUT_MS }, async () => {
    const env = (extra: Record<string, string>) => ({
      ...(process.env as Record<string, string>),
      LOG_LEVEL: "silent",
      JOB_POLL_INTERVAL_SECONDS: "0.5",
      JOB_QUEUE_SCHEMA: `pgboss_${randomBase62(10).toLowerCase()}`,
      RUN_STALE_SECONDS: "3",
      SIMULATOR_DELAY_MS: "40",
      ...extra,
    });
    const shared = env({});
    const start = (args: string[], extra: Record<string, string>) => {
      const child = spawn(process.execPath, [CLI, ...args], { env: { ...shared, ...extra }, stdio: "ignore" });
      procs.push(child);
      return child;
    };
    const port = await freePort();
    let key = "";
    const call: Call = async (p, method, route, body) => {
      const res = await fetch(`http://127.0.0.1:${p}${route}`, {
        method,
        headers: { "x-api-key": key, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: await res.json() };
    };
    // An API node that runs nothing, and one worker; a tenant of its own (the shared database was
    // bootstrapped long ago), made with the CLI.
    start(["serve"], { PORT: String(port), HOST: "127.0.0.1", WORKERS: "false" });
    await until(
      () =>
        call(port, "GET", "/health").then(
          (r) => r.status === 200,
          () => false,
        ),
      { what: "the API node to listen", timeoutMs: BOOT_TIMEOUT_MS, intervalMs: 200 },
    );
    const made = spawnSync(process.execPath, [CLI, "tenants", "create", uniqueTenantId("crash")], {
      env: shared,
      encoding: "utf8",
    });
    key = /"secret": "(pr_live_[A-Za-z0-9]+)"/.exec(made.stdout)?.[1] ?? "";
    if (!key) throw new Error(`could not create a tenant: ${made.stdout} ${made.stderr}`);
    const first = start(["worker"], {});
    const members = 8;
    const { studyId, runId } = await startStudy(call, port, members);
    await midRun(call, port, studyId, runId);
    const exited = new Promise((resolve) => first.once("exit", resolve));
    first.kill("SIGKILL");
    await exited;
    start(["worker"], {});
    const run = await finished(call, port, studyId, runId);
    expect(run).toMatchObject({ status: "succeeded", counts: { total: members, succeeded: members, failed: 0 } });
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const db: SqlRunner = {
        query: async (text: string, params?: unknown[]) => (await client.query(text, params)).rows,
      } as unknown as SqlRunner;
      await checkExactlyOnce(db, runId, members);
    } finally {
      await client.end();
    }
  });
});
