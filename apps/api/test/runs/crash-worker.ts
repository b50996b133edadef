/**
 * A person-run process for the run engine's kill -9 test (modules/runs/crash.test.ts): the real runtime
 * with the test-only run kinds, on DATA_DIR (embedded) or DATABASE_URL. It prints one JSON line per thing
 * the test waits for. CREATE=<tenant> creates the tenant and a parent run with children; WATCH=<tenant>:<run>
 * waits for that run to finish and prints a summary of what was committed, then exits.
 */
import pino from "pino";
import { loadConfig } from "../../src/config.ts";
import { buildRuntime } from "../../src/server.ts";
import { ensureEffectsTable, MODULES_WITH_TEST_RUNS, observed } from "./test-kinds.ts";

const out = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", PORT: "0" });
const runtime = await buildRuntime(config, { modules: MODULES_WITH_TEST_RUNS, logger: pino({ level: "silent" }) });
const { ctx } = runtime;
await ensureEffectsTable(ctx.database);
observed.onStart = (label, runId) => out({ type: "start", label, runId });
observed.onDone = (label, runId) => out({ type: "done", label, runId });
observed.onCommitted = (label, runId) => out({ type: "committed", label, runId });
out({ type: "ready", pid: process.pid });

if (process.env.CREATE) {
  const tenantId = process.env.CREATE;
  await ctx.access.createTenant({ id: tenantId }, null);
  const root = await ctx.runs.create(tenantId, {
    kind: "test.fanout",
    payload: { children: Number(process.env.CHILDREN ?? 12), maxConcurrency: 3, child: { ms: 1500, steps: 15 } },
  });
  out({ type: "root", id: root.id });
}

if (process.env.WATCH) {
  const [tenantId, rootId] = process.env.WATCH.split(":") as [string, string];
  for (;;) {
    const root = await ctx.runs.get(tenantId, rootId);
    if (["succeeded", "failed", "cancelled"].includes(root.state)) {
      const children = (await ctx.runs.list(tenantId, { parentId: rootId, limit: 200 })).items;
      const effects = await ctx.database.query<{ run_id: string; n: number; pid: number }>(
        `select run_id, count(*)::int as n, min(pid) as pid from test_run_effects where run_id = any($1::uuid[])
           and label <> 'heard' group by run_id`,
        [children.map((c) => c.id)],
      );
      const succeededEvents = await ctx.database.query<{ run_id: string; n: number }>(
        `select run_id, count(*)::int as n from run_events
         where run_id = any($1::uuid[]) and type = 'state' and data->>'state' = 'succeeded' group by run_id`,
        [children.map((c) => c.id)],
      );
      out({
        type: "summary",
        root,
        children: children.map((c) => ({ id: c.id, state: c.state, attempts: c.attempts })),
        effects: Object.fromEntries(effects.map((e) => [e.run_id, e.n])),
        committedBy: Object.fromEntries(effects.map((e) => [e.run_id, e.pid])),
        succeededEvents: Object.fromEntries(succeededEvents.map((e) => [e.run_id, e.n])),
      });
      await runtime.close();
      process.exit(0);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
