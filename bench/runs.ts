/**
 * The run engine's cost (part of `npm run bench`; alone: `npx tsx bench/runs.ts`): in-process, on a fresh
 * embedded database, how many no-op units of work finish per second as
 *  - baseline: raw pg-boss jobs (a queue with a no-op handler, the same worker concurrency),
 *  - root runs of a no-op kind (claim under a lease, completion transaction, events),
 *  - children of one parent, limited to 8 at a time (dispatch, rollup, finalize),
 * so the engine's bookkeeping per unit shows beside the queue it runs on, measured in the same run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pino from "pino";
import { z } from "zod";
import { loadConfig } from "../apps/api/src/config.ts";
import { defineJob, defineModule } from "../apps/api/src/modules/manifest.ts";
import { MODULES } from "../apps/api/src/modules/registry.ts";
import { defineRunKind, done } from "../apps/api/src/modules/runs/index.ts";
import { buildRuntime } from "../apps/api/src/server.ts";

const N = 300;

export interface RunsBench {
  units: number;
  pgBossJobsPerSec: number;
  rootRunsPerSec: number;
  childRunsPerSec: number;
}

let jobsDone = 0;
const NoopPayload = z.object({}).strict();

declare module "../apps/api/src/jobs/catalog.ts" {
  interface JobPayloads {
    "bench.noop": z.infer<typeof NoopPayload>;
  }
}

const benchModule = defineModule({
  name: "bench",
  runKinds: () => [
    defineRunKind({
      name: "bench.noop",
      description: "Does nothing",
      payload: z.object({}).passthrough(),
      execute: async () => done({ ok: true }),
    }),
    defineRunKind({
      name: "bench.fanout",
      description: "N no-op children, 8 at a time",
      payload: z.object({ n: z.number() }),
      execute: async (ctx) => ({
        type: "spawn",
        maxConcurrency: 8,
        children: Array.from({ length: ctx.payload.n }, () => ({ kind: "bench.noop", payload: {} })),
      }),
    }),
  ],
  jobs: {
    "bench.noop": defineJob({
      payload: NoopPayload,
      description: "Does nothing (the baseline)",
      retryLimit: 0,
      retryDelay: 1,
      retryBackoff: false,
      expireInSeconds: 60,
      concurrency: 8,
      run: async () => {
        jobsDone++;
      },
    }),
  },
});

async function until(probe: () => Promise<boolean> | boolean) {
  for (;;) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function measureRuns(): Promise<RunsBench> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "person-run-bench-runs-"));
  const config = loadConfig({ LOG_LEVEL: "silent", PORT: "0", DATA_DIR: dataDir, JOB_POLL_INTERVAL_SECONDS: "0.5" });
  const runtime = await buildRuntime(config, { logger: pino({ level: "silent" }), modules: [...MODULES, benchModule] });
  const { ctx } = runtime;
  try {
    const tenantId = "bench-runs";
    await ctx.access.createTenant({ id: tenantId }, null);

    let start = performance.now();
    for (let i = 0; i < N; i++) await ctx.jobs.send("bench.noop", {});
    await until(() => jobsDone >= N);
    const pgBoss = N / ((performance.now() - start) / 1000);

    start = performance.now();
    for (let i = 0; i < N; i++) await ctx.runs.create(tenantId, { kind: "bench.noop", payload: {} });
    await until(async () => {
      const [row] = await ctx.database.query<{ n: number }>(
        "select count(*)::int as n from runs where tenant_id = $1 and kind = 'bench.noop' and state = 'succeeded'",
        [tenantId],
      );
      return (row?.n ?? 0) >= N;
    });
    const roots = N / ((performance.now() - start) / 1000);

    start = performance.now();
    const parent = await ctx.runs.create(tenantId, { kind: "bench.fanout", payload: { n: N } });
    await until(async () => (await ctx.runs.get(tenantId, parent.id)).state === "succeeded");
    const children = N / ((performance.now() - start) / 1000);

    const r = (n: number) => Number(n.toFixed(1));
    return { units: N, pgBossJobsPerSec: r(pgBoss), rootRunsPerSec: r(roots), childRunsPerSec: r(children) };
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function runsLines(b: RunsBench): string[] {
  const ratio = (n: number) => `${(n / b.pgBossJobsPerSec).toFixed(2)}× the baseline`;
  return [
    `run engine (in-process, embedded database, ${b.units} no-op units each, 8 workers):`,
    `  baseline: raw pg-boss jobs ${b.pgBossJobsPerSec} /s`,
    `  root runs (lease, completion transaction, events) ${b.rootRunsPerSec} /s (${ratio(b.rootRunsPerSec)})`,
    `  children of one parent, 8 at a time (dispatch, rollup, finalize) ${b.childRunsPerSec} /s (${ratio(b.childRunsPerSec)})`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const b = await measureRuns();
  console.log(runsLines(b).join("\n"));
  process.exit(0);
}
