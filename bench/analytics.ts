/**
 * Analytics over a million usage events (part of `npm run bench`; alone: `npx tsx bench/analytics.ts`), on the
 * embedded database and then on PostgreSQL (when one answers), each on a fresh `person-run serve`:
 *
 *  - `BENCH_ANALYTICS_EVENTS` (default 1,000,000) usage events of one tenant spread over one month (70 %
 *    `persona_prompt` over 20 personas × 3 models, 30 % `persona_list`), inserted directly in SQL
 *    (generate_series) with their rollups built by the same SQL as the server's flush
 *    (apps/api/src/modules/analytics/rollup-sql.ts). On the embedded database the server is stopped for the
 *    insert (PGlite is single-process) and started again on the same data directory.
 *  - **usage**: `GET /analytics/usage` for that month, per day in Europe/Berlin, ungrouped and grouped by
 *    model, and per day in Asia/Kolkata (a half-hour zone), `REQUESTS` sequential requests each: p50 and p95
 *    latency, beside the same server's `GET /personas/:id` measured the same way in the same run (the
 *    baseline). Target: < 200 ms.
 *  - **export**: `GET /analytics/export?format=ndjson` of the whole month, read as fast as the client can:
 *    events/s, and the server's RSS growth above its idle RSS (VmRSS sampled every 50 ms, and VmHWM reset
 *    before the export). Target: < 100 MB.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { rollupUpsertSql } from "../apps/api/src/modules/analytics/rollup-sql.ts";
import {
  BENCH_HOST,
  type Child,
  freePort,
  freshPostgres,
  peakRssMb,
  ROOT,
  resetPeakRss,
  SERVER_NODE_FLAGS,
  startChild,
  stopChild,
  waitReady,
} from "./servers.ts";

const EVENTS = Number(process.env.BENCH_ANALYTICS_EVENTS ?? 1_000_000);
const REQUESTS = 30;
const TENANT = "bench";
const KEY = "pr_live_benchmarkKey0000000000000000";
const MONTH = { from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" };
const USAGE_TARGET_MS = 200;
const RSS_TARGET_MB = 100;
const API_BIN = path.join(ROOT, "apps/api/bin/person-run.mjs");

export interface AnalyticsBench {
  driver: "embedded" | "postgres";
  events: number;
  insertSeconds: number;
  usage: { name: string; p50Ms: number; p95Ms: number }[];
  personaGet: { p50Ms: number; p95Ms: number };
  export: {
    events: number;
    seconds: number;
    eventsPerSec: number;
    idleRssMb?: number;
    rssGrowthMb?: number;
    peakGrowthMb?: number;
  };
}

/** The million events and their rollups, in SQL: one statement each. */
function insertSql(personaIds: string[]): string[] {
  const personas = `array[${personaIds.map((p) => `'${p}'`).join(",")}]`;
  const stepMs = (Date.parse(MONTH.to) - Date.parse(MONTH.from)) / EVENTS;
  return [
    `insert into usage_events (id, tenant_id, api_key_id, event, request_id, payload, created_at)
     select gen_random_uuid(), '${TENANT}', null,
       case when i % 10 < 7 then 'persona_prompt' else 'persona_list' end, null,
       case when i % 10 < 7 then jsonb_build_object(
           'personaId', (${personas})[1 + i % ${personaIds.length}],
           'model', (array['openai/gpt-4.1-mini','anthropic/claude-haiku-4.5','person-run/simulator'])[1 + i % 3],
           'tokensIn', 800 + i % 500, 'tokensOut', 200 + i % 100, 'cachedTokens', i % 300,
           'costUsd', 0.0008, 'credits', 0.8)
         else jsonb_build_object('count', 20, 'limit', 50) end,
       timestamptz '${MONTH.from}' + (i::float8 * ${stepMs}) * interval '1 millisecond'
     from generate_series(0, ${EVENTS - 1}) i`,
    rollupUpsertSql("usage_events"),
    "analyze usage_events",
    "analyze usage_rollups",
  ];
}

interface Server {
  child: Child;
  url: string;
}

async function start(name: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = startChild(
    name,
    // The flags `npm start` gives the server, then BENCH_SERVER_NODE_ARGS, as in bench/servers.ts.
    [
      ...SERVER_NODE_FLAGS,
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []),
      API_BIN,
      "serve",
    ],
    {
      HOST: BENCH_HOST,
      LOG_LEVEL: "warn",
      WORKERS: "false",
      PERSON_RUN_BOOTSTRAP_TENANT: TENANT,
      PERSON_RUN_BOOTSTRAP_KEY: KEY,
      RATE_LIMIT_PER_MINUTE: "10000000",
      ...env,
    },
    port,
  );
  try {
    await waitReady(child, "/health");
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { child, url: `http://${BENCH_HOST}:${port}` };
}

async function get(server: Server, p: string): Promise<Response> {
  return fetch(`${server.url}${p}`, { headers: { "x-api-key": KEY } });
}

async function timed(server: Server, p: string): Promise<{ p50Ms: number; p95Ms: number }> {
  const ms: number[] = [];
  for (let i = 0; i < REQUESTS + 3; i++) {
    const t0 = performance.now();
    const res = await get(server, p);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${p} → ${res.status}`);
    if (i >= 3) ms.push(performance.now() - t0); // three warm-up requests
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? Number.NaN;
  return { p50Ms: at(0.5), p95Ms: at(0.95) };
}

function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function createPersonas(server: Server, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${server.url}/personas`, {
      method: "POST",
      headers: { "x-api-key": KEY, "content-type": "application/json" },
      body: JSON.stringify({
        tenantId: TENANT,
        seed: { firstName: `Ana${i}`, lastName: "Bench", age: 30 + i, location: "Lisbon", baseOccupation: "Analyst" },
      }),
    });
    const body = (await res.json()) as { persona: { id: string } };
    if (res.status !== 201) throw new Error(`POST /personas → ${res.status}`);
    ids.push(body.persona.id);
  }
  return ids;
}

async function measureOn(
  server: Server,
  personaId: string,
): Promise<Omit<AnalyticsBench, "driver" | "events" | "insertSeconds">> {
  const q = (extra: string) => `/analytics/usage?from=${MONTH.from}&to=${MONTH.to}&granularity=day${extra}`;
  const usage = [
    { name: "day, Europe/Berlin", ...(await timed(server, q("&timezone=Europe/Berlin"))) },
    { name: "day, Europe/Berlin, by model", ...(await timed(server, q("&timezone=Europe/Berlin&groupBy=model"))) },
    { name: "day, Asia/Kolkata, by persona", ...(await timed(server, q("&timezone=Asia/Kolkata&groupBy=persona"))) },
  ];
  const personaGet = await timed(server, `/personas/${personaId}`);

  // Export: idle RSS first (after a GC-friendly pause), then stream the month and sample.
  await new Promise((r) => setTimeout(r, 1000));
  const pid = server.child.proc.pid;
  const idleRssMb = rssMb(pid);
  const hwmReset = resetPeakRss(pid);
  let maxRss = idleRssMb ?? 0;
  const sampler = setInterval(() => {
    maxRss = Math.max(maxRss, rssMb(pid) ?? 0);
  }, 50);
  const t0 = performance.now();
  const res = await get(server, `/analytics/export?format=ndjson&from=${MONTH.from}&to=${MONTH.to}`);
  let lines = 0;
  const reader = res.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    for (const b of chunk.value) if (b === 10) lines++;
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const peak = hwmReset ? peakRssMb(pid) : undefined;
  return {
    usage,
    personaGet,
    export: {
      events: lines,
      seconds,
      eventsPerSec: lines / seconds,
      ...(idleRssMb !== undefined ? { idleRssMb, rssGrowthMb: maxRss - idleRssMb } : {}),
      ...(peak !== undefined && idleRssMb !== undefined ? { peakGrowthMb: peak - idleRssMb } : {}),
    },
  };
}

async function onEmbedded(): Promise<AnalyticsBench> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "person-run-bench-analytics-"));
  const dataDir = path.join(dir, "data");
  try {
    let server = await start("person-run serve (analytics, embedded)", { DATA_DIR: dataDir });
    const personaIds = await createPersonas(server, 20).finally(() => stopChild(server.child));
    // PGlite is single-process: the insert runs here while no server holds the directory.
    const t0 = performance.now();
    const db = new PGlite(dataDir);
    for (const statement of insertSql(personaIds)) await db.exec(statement);
    await db.close();
    const insertSeconds = (performance.now() - t0) / 1000;
    server = await start("person-run serve (analytics, embedded)", { DATA_DIR: dataDir });
    try {
      return {
        driver: "embedded",
        events: EVENTS,
        insertSeconds,
        ...(await measureOn(server, personaIds[0] as string)),
      };
    } finally {
      await stopChild(server.child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(): Promise<AnalyticsBench | null> {
  const database = await freshPostgres("bench_analytics");
  if (!database) return null;
  try {
    const server = await start("person-run serve (analytics, postgres)", { DATABASE_URL: database.url });
    try {
      const personaIds = await createPersonas(server, 20);
      const t0 = performance.now();
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      for (const statement of insertSql(personaIds)) await client.query(statement);
      await client.end();
      const insertSeconds = (performance.now() - t0) / 1000;
      return {
        driver: "postgres",
        events: EVENTS,
        insertSeconds,
        ...(await measureOn(server, personaIds[0] as string)),
      };
    } finally {
      await stopChild(server.child);
    }
  } finally {
    await database.drop();
  }
}

export async function measureAnalytics(): Promise<AnalyticsBench[]> {
  // BENCH_DRIVERS=postgres (or embedded) measures on one driver only, as in the other benchmarks.
  const only = process.env.BENCH_DRIVERS?.split(",").map((d) => d.trim());
  const out: AnalyticsBench[] = [];
  if (!only || only.includes("embedded")) out.push(await onEmbedded());
  const onPg = !only || only.includes("postgres") ? await onPostgres() : null;
  if (onPg) out.push(onPg);
  return out;
}

const fmt = (v: number | undefined, digits = 1) => (v === undefined || Number.isNaN(v) ? "n/a" : v.toFixed(digits));

export function analyticsLines(results: AnalyticsBench[]): string[] {
  return [
    `analytics (${EVENTS.toLocaleString("en-US")} usage events in one month; ${REQUESTS} sequential requests per figure; targets: usage < ${USAGE_TARGET_MS} ms, export RSS growth < ${RSS_TARGET_MB} MB):`,
    ...results.flatMap((r) => [
      `  ${r.driver.padEnd(9)} inserted in ${fmt(r.insertSeconds)} s (SQL, with rollups); baseline GET /personas/:id p50 ${fmt(r.personaGet.p50Ms)} ms, p95 ${fmt(r.personaGet.p95Ms)} ms`,
      ...r.usage.map(
        (u) => `            GET /analytics/usage (${u.name}): p50 ${fmt(u.p50Ms)} ms, p95 ${fmt(u.p95Ms)} ms`,
      ),
      `            export (NDJSON): ${r.export.events.toLocaleString("en-US")} events in ${fmt(r.export.seconds)} s = ${fmt(r.export.eventsPerSec, 0)} events/s; RSS idle ${fmt(r.export.idleRssMb, 0)} MB, growth ${fmt(r.export.rssGrowthMb, 0)} MB (sampled), ${fmt(r.export.peakGrowthMb, 0)} MB (VmHWM)`,
    ]),
  ];
}

export function analyticsWarnings(results: AnalyticsBench[]): string[] {
  const w: string[] = [];
  for (const r of results) {
    for (const u of r.usage) {
      if (u.p50Ms >= USAGE_TARGET_MS)
        w.push(`WARNING: ${r.driver} GET /analytics/usage (${u.name}) p50 ${fmt(u.p50Ms)} ms`);
    }
    if ((r.export.rssGrowthMb ?? 0) >= RSS_TARGET_MB) {
      w.push(`WARNING: ${r.driver} export grew RSS by ${fmt(r.export.rssGrowthMb, 0)} MB`);
    }
    if (r.export.events !== r.events)
      w.push(`WARNING: ${r.driver} export wrote ${r.export.events} of ${r.events} events`);
  }
  return w;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results = await measureAnalytics();
  console.log(analyticsLines(results).join("\n"));
  for (const w of analyticsWarnings(results)) console.log(w);
  console.log(`BENCH_JSON ${JSON.stringify({ analytics: results })}`);
}
