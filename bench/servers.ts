/**
 * Child servers for the benchmarks: start `person-run serve` (today's tree or an extracted baseline
 * commit) on a fresh embedded database, wait for it, stop it. Shared by `bench/run.ts` and the
 * benches that compare the current code with the code before a change, measured in the same run.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const BENCH_HOST = "127.0.0.1";
/** Today's code before issue 10 (persona voice): the baseline the voice and caching benches compare with. */
export const BASELINE_COMMIT = "1af7a2a";
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const READY_TIMEOUT_MS = 90_000;
const BENCH_TENANT = "bench";
const BENCH_KEY = "pr_live_benchmarkKey0000000000000000";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Child {
  name: string;
  proc: ChildProcess;
  port: number;
  /** Last output of the child, shown when it fails. */
  output: () => string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, BENCH_HOST, () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

export function startChild(
  name: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  cwd: string = ROOT,
): Child {
  const proc = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let buf = "";
  const keep = (d: Buffer) => {
    buf = (buf + d.toString()).slice(-8000);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  proc.once("exit", (code, signal) => {
    buf = `${buf}\n[${name} exited: code ${code}, signal ${signal}]\n`.slice(-8000);
  });
  return { name, proc, port, output: () => buf };
}

/** Polls `urlPath` until it answers 200; fails on timeout or when the child exits. */
export async function waitReady(child: Child, urlPath: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) {
      throw new Error(`${child.name} exited (${child.proc.exitCode ?? child.proc.signalCode}):\n${child.output()}`);
    }
    try {
      const res = await fetch(`http://${BENCH_HOST}:${child.port}${urlPath}`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${child.name} not ready after ${READY_TIMEOUT_MS / 1000} s:\n${child.output()}`);
}

export async function stopChild(child: Child): Promise<void> {
  const { proc } = child;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  proc.kill("SIGTERM");
  const graceful = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!graceful) {
    proc.kill("SIGKILL");
    await Promise.race([exited, sleep(5_000)]);
  }
}

/** Peak resident set size in MB (VmHWM), or undefined if /proc is not readable. */
export function peakRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Clears a process's peak RSS (VmHWM) so a later `peakRssMb` covers only what follows; false if not possible. */
export function resetPeakRss(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

let clockTicks: number | undefined;
/** CPU time (user + system) a process has used so far, in seconds, from /proc/<pid>/stat; undefined off Linux. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The fields after the command name, which is in parentheses and may contain spaces: state is the first,
    // utime (14th of the whole line) the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system, seconds) used so far by every process of this machine named `comm` (e.g.
 * "postgres": the PostgreSQL server's backends, whichever database they serve), from /proc; undefined off Linux.
 * A process that exits between two readings takes its time with it: compare readings over short spans.
 */
export function commCpuSeconds(comm: string): number | undefined {
  try {
    let ticks = 0;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue; // exited meanwhile
      }
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) !== comm) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
    return ticks / clockTicks;
  } catch {
    return undefined;
  }
}

/** CPU time of the whole machine so far (/proc/stat, all CPUs, in clock ticks): busy and total; undefined off Linux. */
export function machineCpu(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

export interface ApiServer {
  name: string;
  url: string;
  apiKey: string;
  tenant: string;
  pid: number | undefined;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The node flags `npm start` gives the server (read from the root package.json's start script), so that a
 * bench measures the server as it is started.
 */
export const SERVER_NODE_FLAGS: string[] = (() => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? "").split(/\s+/);
  return words
    .slice(
      1,
      words.findIndex((w) => w.endsWith("person-run.mjs")),
    )
    .filter((w) => w.startsWith("--"));
})();

/**
 * Starts `node <root>/apps/api/bin/person-run.mjs serve` on a fresh temporary DATA_DIR, with a
 * bootstrap tenant and key, and resolves when `/health` answers. `root` defaults to this checkout.
 */
export async function startApiServer(
  options: { root?: string; env?: Record<string, string>; name?: string } = {},
): Promise<ApiServer> {
  const root = options.root ?? ROOT;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "person-run-bench-"));
  const port = await freePort();
  const child = startChild(
    options.name ?? "person-run serve",
    [
      ...SERVER_NODE_FLAGS,
      // BENCH_SERVER_NODE_ARGS: extra node flags for the server only (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []),
      path.join(root, "apps/api/bin/person-run.mjs"),
      "serve",
    ],
    {
      HOST: BENCH_HOST,
      DATA_DIR: path.join(dataDir, "data"),
      LOG_LEVEL: "warn",
      PERSON_RUN_BOOTSTRAP_TENANT: BENCH_TENANT,
      PERSON_RUN_BOOTSTRAP_KEY: BENCH_KEY,
      RATE_LIMIT_PER_MINUTE: "10000000",
      ...options.env,
    },
    port,
    root,
  );
  const stop = async () => {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(child, "/health");
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    name: child.name,
    url: `http://${BENCH_HOST}:${port}`,
    apiKey: BENCH_KEY,
    tenant: BENCH_TENANT,
    pid: child.proc.pid,
    output: child.output,
    stop,
  };
}

/**
 * Extracts `apps/api` at `commit` under `bench/.baseline/<commit>/` (gitignored) and returns that
 * root. Node resolves its packages from this checkout's node_modules (the directory is inside it),
 * so the baseline runs on today's dependencies: only the code differs.
 */
export function extractBaseline(commit: string = BASELINE_COMMIT): string {
  const root = path.join(ROOT, "bench/.baseline", commit);
  if (existsSync(path.join(root, "apps/api/bin/person-run.mjs"))) return root;
  mkdirSync(root, { recursive: true });
  const archive = execFileSync("git", ["archive", "--format=tar", commit, "apps/api"], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync("tar", ["-x", "-C", root], { input: archive });
  return root;
}

/** A fresh database on the PostgreSQL server, or null when none answers. */
export async function freshPostgres(prefix: string): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query(`create database ${name}`);
  } catch {
    await client.end().catch(() => undefined);
    return null;
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await client.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** One JSON call to a bench server with its key; the tenant goes into the body of a write. Throws on non-2xx. */
export async function call<T>(server: ApiServer, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { "x-api-key": server.apiKey, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify({ tenantId: server.tenant, ...body }) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Runs `n` jobs, `width` at a time. */
export async function pool(n: number, width: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await job(next++);
    }),
  );
}

/**
 * `measure` on a fresh embedded server, then on a fresh PostgreSQL database when one answers (DATABASE_URL or
 * 127.0.0.1:5432); each server is stopped (and its database dropped) whatever happens. `env` is added to
 * both servers' environment; `postgresFirst` measures PostgreSQL before the embedded database.
 */
export async function onBothDrivers<T>(
  name: string,
  measure: (server: ApiServer, driver: "embedded" | "postgres") => Promise<T>,
  options: { env?: Record<string, string>; postgresFirst?: boolean } = {},
): Promise<T[]> {
  const out: T[] = [];
  const onEmbedded = async () => {
    const embedded = await startApiServer({ name: `person-run serve (${name}, embedded)`, env: options.env });
    try {
      out.push(await measure(embedded, "embedded"));
    } finally {
      await embedded.stop();
    }
  };
  const onPostgres = async () => {
    const pgDb = await freshPostgres(`bench_${name}`);
    if (!pgDb) return;
    const server = await startApiServer({
      name: `person-run serve (${name}, postgres)`,
      env: { ...options.env, DATABASE_URL: pgDb.url },
    });
    try {
      out.push(await measure(server, "postgres"));
    } finally {
      await server.stop();
      await pgDb.drop();
    }
  };
  // BENCH_DRIVERS=postgres (or embedded) measures on one driver only (profiling one path).
  const only = process.env.BENCH_DRIVERS?.split(",").map((d) => d.trim());
  const drivers = options.postgresFirst ? [onPostgres, onEmbedded] : [onEmbedded, onPostgres];
  for (const driver of drivers) {
    if (only && !only.includes(driver === onPostgres ? "postgres" : "embedded")) continue;
    await driver();
  }
  return out;
}
