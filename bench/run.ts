/**
 * `npm run bench`: throughput and latency of our API beside a bare hono route, and peak memory.
 *
 * Two child processes, both `node` itself (so /proc/<pid>/status is the server's own):
 *  - bare: this file re-run with `--bare-server` (a minimal `new Hono()` app on @hono/node-server);
 *  - api:  `node apps/api/bin/person-run.mjs serve` on the embedded defaults (PGlite in a fresh temp dir).
 * Each case gets a warm-up run (discarded) and a measured run with autocannon, from this process.
 * Prints a table, ratios against the baseline, peak RSS (VmHWM), and one `BENCH_JSON {...}` line.
 *
 * To add a case, append to `CASES` below (and name its baseline, if any, to get a ratio).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type AnalyticsBench, analyticsLines, analyticsWarnings, measureAnalytics } from "./analytics.ts";
import { measureGuardrails } from "./guardrails.ts";
import { measureMemoryScaling } from "./memory.ts";
import { measurePopulations, populationsLines } from "./populations.ts";
import { measurePromptCache, promptCacheLines } from "./prompt-cache.ts";
import { measureRuns, runsLines } from "./runs.ts";
import {
  BENCH_HOST,
  type Child,
  freePort,
  peakRssMb,
  SERVER_NODE_FLAGS,
  startChild,
  stopChild,
  waitReady,
} from "./servers.ts";
import { measureStreamGuard, streamGuardLines } from "./stream-guard.ts";
import { measureStudies, studiesLines, studiesWarnings } from "./studies.ts";
import { measureTasks, tasksLines } from "./tasks.ts";
import { measureTiming, timingLines } from "./timing.ts";
import { measureVoice, voiceJson, voiceLines } from "./voice.ts";

const HOST = BENCH_HOST;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WARMUP_SECONDS = 2;
const DURATION_SECONDS = 8;
const CONNECTIONS = 10;
const TENANT = "bench";
const API_KEY = "pr_live_benchmarkKey0000000000000000";
const PERSONA_BODY = JSON.stringify({
  tenantId: TENANT,
  seed: { firstName: "Aria", lastName: "Chen", age: 32, location: "San Francisco", baseOccupation: "Product designer" },
});

const THIS_FILE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(THIS_FILE), "..");
const API_BIN = path.join(ROOT, "apps/api/bin/person-run.mjs");

// ---------------------------------------------------------------------------------------------------------
// Child mode: the bare hono baseline server.

async function runBareServer() {
  const { Hono } = await import("hono");
  const { serve } = await import("@hono/node-server");
  const app = new Hono();
  app.get("/bare/:id", (c) => c.json({ id: c.req.param("id"), ok: true }));
  app.post("/bare", async (c) => c.json(await c.req.json(), 201));
  const server = serve({ fetch: app.fetch, hostname: HOST, port: Number(process.env.PORT) });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// ---------------------------------------------------------------------------------------------------------
// autocannon (it ships no types; this is the part of its API used here).

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
/** The run is a promise of the result and an emitter of per-response events (latency in ms, fractional). */
type AutocannonRun = PromiseLike<AutocannonResult> & {
  on(event: "response", fn: (client: unknown, statusCode: number, bytes: number, ms: number) => void): unknown;
};
const autocannon = createRequire(import.meta.url)("autocannon") as (o: AutocannonOptions) => AutocannonRun;

// ---------------------------------------------------------------------------------------------------------
// Cases.

type ServerName = "bare" | "api";

interface CaseOptions {
  server: ServerName;
  method: "GET" | "POST";
  /** Path on the server; a function when it depends on setup (the persona id). */
  path: string | ((s: Setup) => string);
  headers?: Record<string, string>;
  body?: string | ((s: Setup) => string);
  /** Concurrent connections (default CONNECTIONS): 1 measures a lone request's latency. */
  connections?: number;
  /** Name of the case this one is compared with (req/s ratio), and the ratio it should reach. */
  baseline?: string;
  target?: number;
}

interface BenchCase extends CaseOptions {
  name: string;
}

interface Setup {
  personaId: string;
}

const JSON_HEADERS = { "content-type": "application/json" };
const API_HEADERS = { "x-api-key": API_KEY };

const CASES: BenchCase[] = [
  { name: "bare hono GET /bare/:id", server: "bare", method: "GET", path: "/bare/per_123" },
  {
    name: "GET /personas/:id",
    server: "api",
    method: "GET",
    path: (s) => `/personas/${encodeURIComponent(s.personaId)}`,
    headers: API_HEADERS,
    baseline: "bare hono GET /bare/:id",
    target: 0.4,
  },
  {
    name: "bare hono POST /bare",
    server: "bare",
    method: "POST",
    path: "/bare",
    headers: JSON_HEADERS,
    body: PERSONA_BODY,
  },
  {
    name: "POST /personas",
    server: "api",
    method: "POST",
    path: "/personas",
    headers: { ...API_HEADERS, ...JSON_HEADERS },
    body: PERSONA_BODY,
    baseline: "bare hono POST /bare",
  },
  {
    name: "POST /personas/prompt (sync)",
    server: "api",
    method: "POST",
    path: "/personas/prompt",
    headers: { ...API_HEADERS, ...JSON_HEADERS },
    body: (s) =>
      JSON.stringify({ personaId: s.personaId, userPrompt: "How do you approach design challenges at work?" }),
    baseline: "bare hono POST /bare",
  },
  {
    name: "bare hono POST /bare (1 conn)",
    server: "bare",
    method: "POST",
    path: "/bare",
    headers: JSON_HEADERS,
    body: PERSONA_BODY,
    connections: 1,
  },
  {
    name: "POST /personas/prompt (sync, 1 conn)",
    server: "api",
    method: "POST",
    path: "/personas/prompt",
    headers: { ...API_HEADERS, ...JSON_HEADERS },
    body: (s) =>
      JSON.stringify({ personaId: s.personaId, userPrompt: "How do you approach design challenges at work?" }),
    connections: 1,
    baseline: "bare hono POST /bare (1 conn)",
  },
];

interface Measurement {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  avgMs: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  ok: boolean;
}

/** Latencies of successful responses, in ms. autocannon's own histogram keeps whole milliseconds only. */
class Latencies {
  private values = new Float64Array(1 << 16);
  private n = 0;
  add(ms: number) {
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = ms;
  }
  summary() {
    const sorted = this.values.subarray(0, this.n).sort();
    const at = (p: number) => (this.n === 0 ? Number.NaN : sorted[Math.max(0, Math.ceil(p * this.n) - 1)]!);
    let sum = 0;
    for (const v of sorted) sum += v;
    return { p50: at(0.5), p99: at(0.99), avg: this.n === 0 ? Number.NaN : sum / this.n };
  }
}

/** One discarded warm-up run, then the measured run. */
async function measure(name: string, opts: AutocannonOptions): Promise<Measurement> {
  await autocannon({ ...opts, duration: WARMUP_SECONDS });
  const latencies = new Latencies();
  const run = autocannon(opts);
  run.on("response", (_client, statusCode, _bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) latencies.add(ms);
  });
  const r = await run;
  const { p50, p99, avg } = latencies.summary();
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
  return {
    name,
    rps: r.requests.average,
    p50,
    p99,
    avgMs: avg,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    ok: r.non2xx === 0 && r.errors === 0 && r.timeouts === 0 && r.requests.total > 0,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Child processes.

const children: Child[] = [];
let tempDir: string | undefined;

function startTracked(name: string, args: string[], env: Record<string, string>, port: number): Child {
  const child = startChild(name, args, env, port);
  children.push(child);
  return child;
}

let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all(children.map(stopChild));
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  })();
  return cleaning;
}

// ---------------------------------------------------------------------------------------------------------
// Output.

const fmt = (n: number | undefined, digits: number) => (n === undefined || Number.isNaN(n) ? "-" : n.toFixed(digits));
const row = (cells: string[]) =>
  `${cells[0]!.padEnd(36)}${cells
    .slice(1)
    .map((c) => c.padStart(10))
    .join("")}`;

function gitCommit(): string | undefined {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Main.

/** Time from sending a stream request to its `ready` event and to its first `token` event. */
async function measureStreamFirstToken(apiUrl: string, setup: Setup, n = 200) {
  const ready = new Latencies();
  const firstToken = new Latencies();
  const body = JSON.stringify({ personaId: setup.personaId, userPrompt: "What do you think about remote work?" });
  for (let i = 0; i < n + 20; i++) {
    const t0 = performance.now();
    const res = await fetch(`${apiUrl}/personas/prompt/stream`, {
      method: "POST",
      headers: { ...API_HEADERS, ...JSON_HEADERS },
      body,
    });
    if (res.status !== 200 || !res.body) throw new Error(`stream request failed: ${res.status} ${await res.text()}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    let sawReady = false;
    let sawToken = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      const now = performance.now() - t0;
      if (!sawReady && text.includes("event: ready")) {
        sawReady = true;
        if (i >= 20) ready.add(now);
      }
      if (!sawToken && text.includes("event: token")) {
        sawToken = true;
        if (i >= 20) firstToken.add(now); // the first 20 are warm-up
      }
    }
    if (!sawToken || !text.includes("event: done"))
      throw new Error(`stream ended without tokens or done: ${text.slice(0, 300)}`);
  }
  return { n, ready: ready.summary(), firstToken: firstToken.summary() };
}

/** Submit `n` async prompts (CONNECTIONS at a time), then wait until every job has finished. */
async function measureAsyncJobs(apiUrl: string, setup: Setup, n = 200) {
  const body = JSON.stringify({ personaId: setup.personaId, userPrompt: "Tell me about your weekend.", mode: "async" });
  const ids: string[] = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < n) {
        next++;
        const res = await fetch(`${apiUrl}/personas/prompt`, {
          method: "POST",
          headers: { ...API_HEADERS, ...JSON_HEADERS },
          body,
        });
        const json = (await res.json()) as { jobId?: string };
        if (res.status !== 202 || !json.jobId)
          throw new Error(`async submit failed: ${res.status} ${JSON.stringify(json)}`);
        ids.push(json.jobId);
      }
    }),
  );
  const pending = new Set(ids);
  let failed = 0;
  const deadline = Date.now() + 120_000;
  while (pending.size > 0 && Date.now() < deadline) {
    for (const id of [...pending]) {
      const res = await fetch(`${apiUrl}/personas/prompt/jobs/${id}`, { headers: API_HEADERS });
      const { job } = (await res.json()) as { job: { status: string } };
      if (job.status === "succeeded" || job.status === "failed" || job.status === "cancelled") {
        pending.delete(id);
        if (job.status !== "succeeded") failed++;
      }
    }
    if (pending.size > 0) await sleep(50);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { n, seconds, perSecond: n / seconds, failed: failed + pending.size };
}

async function main() {
  tempDir = mkdtempSync(path.join(os.tmpdir(), "person-run-bench-"));
  const [barePort, apiPort] = await Promise.all([freePort(), freePort()]);
  const servers: Record<ServerName, Child> = {
    bare: startTracked("bare hono", ["--import", "tsx", THIS_FILE, "--bare-server"], {}, barePort),
    api: startTracked(
      "person-run serve",
      [...SERVER_NODE_FLAGS, API_BIN, "serve"],
      {
        HOST,
        DATA_DIR: path.join(tempDir, "data"),
        LOG_LEVEL: "warn",
        PERSON_RUN_BOOTSTRAP_TENANT: TENANT,
        PERSON_RUN_BOOTSTRAP_KEY: API_KEY,
        // The load cases send far more than the default 1,000 a minute; the check itself stays on the path.
        RATE_LIMIT_PER_MINUTE: "10000000",
      },
      apiPort,
    ),
  };
  const started = Date.now();
  await Promise.all([waitReady(servers.bare, "/bare/ready"), waitReady(servers.api, "/health")]);
  console.log(`servers ready in ${((Date.now() - started) / 1000).toFixed(1)} s (bare :${barePort}, api :${apiPort})`);

  // Setup: one persona to read.
  const created = await fetch(`http://${HOST}:${apiPort}/personas`, {
    method: "POST",
    headers: { ...API_HEADERS, ...JSON_HEADERS },
    body: PERSONA_BODY,
    signal: AbortSignal.timeout(30_000),
  });
  const createdBody = (await created.json()) as { persona?: { id?: string } };
  const personaId = createdBody.persona?.id;
  if (created.status !== 201 || !personaId) {
    throw new Error(
      `POST /personas setup failed: ${created.status} ${JSON.stringify(createdBody)}\nserver output:\n${servers.api.output()}`,
    );
  }
  const setup: Setup = { personaId };

  console.log(
    `autocannon: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up (discarded) + ${DURATION_SECONDS} s per case\n`,
  );
  const results = new Map<string, Measurement>();
  for (const c of CASES) {
    const urlPath = typeof c.path === "function" ? c.path(setup) : c.path;
    const m = await measure(c.name, {
      url: `http://${HOST}:${servers[c.server].port}${urlPath}`,
      connections: c.connections ?? CONNECTIONS,
      duration: DURATION_SECONDS,
      method: c.method,
      headers: c.headers,
      body: typeof c.body === "function" ? c.body(setup) : c.body,
    });
    results.set(c.name, m);
    process.stderr.write(`  measured ${c.name}\n`);
  }

  const apiUrl = `http://${HOST}:${apiPort}`;
  const stream = await measureStreamFirstToken(apiUrl, setup);
  process.stderr.write("  measured streaming time to first token\n");
  const asyncJobs = await measureAsyncJobs(apiUrl, setup);
  process.stderr.write("  measured async jobs\n");

  const rss = { api: peakRssMb(servers.api.proc.pid), bare: peakRssMb(servers.bare.proc.pid) };
  const memory = await measureMemoryScaling();
  const guardrails = await measureGuardrails();
  process.stderr.write("  measured guardrails\n");
  const streamGuard = measureStreamGuard();
  process.stderr.write("  measured stream guardrails\n");
  const timing = await measureTiming();
  process.stderr.write("  measured timing (figures that used to be test assertions)\n");
  const runs = await measureRuns();
  process.stderr.write("  measured the run engine\n");
  const tasks = await measureTasks();
  process.stderr.write("  measured tasks per second (embedded and PostgreSQL)\n");
  const populations = await measurePopulations();
  process.stderr.write("  measured population generation and cohort pages (embedded and PostgreSQL)\n");
  const studies = await measureStudies();
  process.stderr.write("  measured study runs (PostgreSQL and embedded)\n");
  const promptCache = await measurePromptCache();
  process.stderr.write("  measured prompt caching (baseline and current)\n");
  const voice = await measureVoice();
  process.stderr.write("  measured the voice checker (baseline and this checkout)\n");
  const analytics: AnalyticsBench[] = await measureAnalytics();
  process.stderr.write("  measured analytics over a million events (embedded and PostgreSQL)\n");

  // Table.
  const lines: string[] = [row(["case", "req/s", "p50 ms", "p99 ms", "non2xx", "errors"])];
  const ratios: Record<string, { ratio: number; baseline: string; target?: number; valid: boolean }> = {};
  const warnings: string[] = [];
  for (const c of CASES) {
    const m = results.get(c.name)!;
    lines.push(
      row([c.name, fmt(m.rps, 1), fmt(m.p50, 2), fmt(m.p99, 2), String(m.non2xx), String(m.errors + m.timeouts)]),
    );
    if (!m.ok) {
      warnings.push(
        `WARNING: ${c.name} had failures (non2xx ${m.non2xx}, errors ${m.errors}, timeouts ${m.timeouts}, ` +
          `requests ${m.total}, status codes ${JSON.stringify(m.statusCodes)}): its figures are not valid`,
      );
    }
    const base = c.baseline ? results.get(c.baseline) : undefined;
    if (c.baseline && base) {
      const ratio = m.rps / base.rps;
      ratios[c.name] = {
        ratio,
        baseline: c.baseline,
        ...(c.target !== undefined && { target: c.target }),
        valid: m.ok && base.ok,
      };
      const target =
        c.target !== undefined ? ` (target >= ${c.target.toFixed(2)}${ratio < c.target ? ", MISSED" : ""})` : "";
      const invalid = m.ok && base.ok ? "" : " INVALID: failed requests, see warning";
      lines.push(`${`ratio ${c.name} vs bare`.padEnd(36)}${fmt(ratio, 2).padStart(10)}${target}${invalid}`);
    }
  }
  const bareGet = results.get("bare hono GET /bare/:id");
  lines.push(
    "",
    `streaming (${stream.n} sequential requests): time to first token p50 ${fmt(stream.firstToken.p50, 2)} ms, p99 ${fmt(stream.firstToken.p99, 2)} ms; ` +
      `to 'ready' p50 ${fmt(stream.ready.p50, 2)} ms; bare GET p50 ${fmt(bareGet?.p50, 2)} ms (target: first token p50 < 20 ms)`,
    `async prompts: ${asyncJobs.n} jobs (${CONNECTIONS} submitting at once) completed in ${fmt(asyncJobs.seconds, 2)} s = ` +
      `${fmt(asyncJobs.perSecond, 1)} jobs/s; ${asyncJobs.failed} not succeeded`,
  );
  lines.push("", "memory scaling (in-process, embedded): memories   retrieval p50/p99 ms   sync prompt p50/p99 ms");
  for (const m of memory) {
    lines.push(
      `${String(m.size).padStart(52)}   ${fmt(m.retrievalP50Ms, 2).padStart(8)} / ${fmt(m.retrievalP99Ms, 2).padEnd(8)}   ${fmt(m.promptP50Ms, 2).padStart(8)} / ${fmt(m.promptP99Ms, 2)}`,
    );
  }
  const small = memory[0];
  const large = memory[memory.length - 1];
  if (small && large) {
    const growth = large.promptP50Ms / small.promptP50Ms;
    lines.push(
      `prompt p50 at ${large.size} memories = ${fmt(growth, 2)}× that at ${small.size} (target <= 3×${growth > 3 ? ", MISSED" : ""})`,
    );
  }
  lines.push(
    "",
    `guardrails (in-process): sync prompt p50 ${fmt(guardrails.promptNoPolicyP50Ms, 2)} ms with no policy, ` +
      `${fmt(guardrails.promptWithPolicyP50Ms, 2)} ms with 1,000 blocked terms + 100 guards: overhead ${fmt(guardrails.overheadP50Ms, 2)} ms ` +
      `(target < 1 ms); the detectors alone p50 ${fmt(guardrails.detectorsP50Ms, 3)} ms, p99 ${fmt(guardrails.detectorsP99Ms, 3)} ms per prompt + answer`,
    ...guardrails.toxicity.map(
      (t) =>
        `toxicity scorer at ${t.threshold}: precision ${fmt(t.precision, 3)}, recall ${fmt(t.recall, 3)}, F1 ${fmt(t.f1, 3)} on ${t.n} labelled texts`,
    ),
  );
  lines.push("", ...streamGuardLines(streamGuard));
  lines.push("", ...timingLines(timing));
  lines.push("", ...runsLines(runs));
  lines.push("", ...tasksLines(tasks));
  lines.push("", ...populationsLines(populations));
  lines.push("", ...studiesLines(studies));
  lines.push("", ...promptCacheLines(promptCache));
  lines.push("", ...voiceLines(voice));
  lines.push("", ...analyticsLines(analytics));
  warnings.push(...analyticsWarnings(analytics));
  for (const t of tasks) if (t.failed > 0) warnings.push(`WARNING: ${t.failed} ${t.driver} tasks did not succeed`);
  warnings.push(...studiesWarnings(studies));
  if (asyncJobs.failed > 0) warnings.push(`WARNING: ${asyncJobs.failed} async jobs did not succeed`);
  lines.push("", `peak RSS (VmHWM): person-run serve ${fmt(rss.api, 0)} MB, bare hono ${fmt(rss.bare, 0)} MB`);
  console.log(lines.join("\n"));
  for (const w of warnings) console.log(w);

  const json = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    settings: { connections: CONNECTIONS, warmupSeconds: WARMUP_SECONDS, durationSeconds: DURATION_SECONDS },
    cases: Object.fromEntries(
      [...results.values()].map((m) => [
        m.name,
        {
          rps: Number(m.rps.toFixed(1)),
          p50Ms: Number(m.p50.toFixed(3)),
          p99Ms: Number(m.p99.toFixed(3)),
          avgMs: Number(m.avgMs.toFixed(3)),
          requests: m.total,
          non2xx: m.non2xx,
          errors: m.errors,
          timeouts: m.timeouts,
          ok: m.ok,
        },
      ]),
    ),
    ratios: Object.fromEntries(
      Object.entries(ratios).map(([name, r]) => [name, { ...r, ratio: Number(r.ratio.toFixed(3)) }]),
    ),
    streaming: {
      requests: stream.n,
      firstTokenP50Ms: Number(stream.firstToken.p50.toFixed(3)),
      firstTokenP99Ms: Number(stream.firstToken.p99.toFixed(3)),
      readyP50Ms: Number(stream.ready.p50.toFixed(3)),
    },
    guardrails,
    timing,
    runs,
    tasks,
    populations,
    studies,
    promptCache,
    voice: voiceJson(voice),
    analytics,
    memoryScaling: memory.map((m) => ({
      size: m.size,
      retrievalP50Ms: Number(m.retrievalP50Ms.toFixed(3)),
      retrievalP99Ms: Number(m.retrievalP99Ms.toFixed(3)),
      promptP50Ms: Number(m.promptP50Ms.toFixed(3)),
      promptP99Ms: Number(m.promptP99Ms.toFixed(3)),
    })),
    asyncJobs: {
      jobs: asyncJobs.n,
      seconds: Number(asyncJobs.seconds.toFixed(3)),
      perSecond: Number(asyncJobs.perSecond.toFixed(1)),
      failed: asyncJobs.failed,
    },
    peakRssMb: {
      api: rss.api === undefined ? null : Math.round(rss.api),
      bare: rss.bare === undefined ? null : Math.round(rss.bare),
    },
  };
  console.log(`BENCH_JSON ${JSON.stringify(json)}`);
  if (warnings.length > 0) process.exitCode = 1;
}

if (process.argv.includes("--bare-server")) {
  await runBareServer();
} else {
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping servers\n`);
    cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await main();
  } catch (err) {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
}
