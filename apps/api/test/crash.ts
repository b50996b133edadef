import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config.ts";
import { type RunningServer, startServer } from "../src/server.ts";
import { BOOT_TIMEOUT_MS, freePort, until } from "./harness.ts";

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/person-run.mjs");

/**
 * Plumbing of the crash tests: `person-run serve` as a child process on an embedded data directory (always
 * PGlite, whatever DATABASE_URL says), killed with SIGKILL, then a second server started in-process on the
 * same directory to recover. One per test file; `cleanup()` in its afterAll.
 */
export function crashableServe(name: string, key: string) {
  const root = mkdtempSync(path.join(tmpdir(), `person-run-${name}-`));
  const dataDir = path.join(root, "data");
  let child: ChildProcess | undefined;
  let second: RunningServer | undefined;

  const env = (port: number, extra: Record<string, string> = {}): Record<string, string> => {
    const { DATABASE_URL: _ignored, ...inherited } = process.env as Record<string, string>;
    return {
      ...inherited,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      JOB_POLL_INTERVAL_SECONDS: "0.5",
      PERSON_RUN_BOOTSTRAP_TENANT: "restart-co",
      PERSON_RUN_BOOTSTRAP_KEY: key,
      ...extra,
    };
  };

  /** One JSON call with the bootstrap key. */
  const call = async (port: number, method: string, p: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${p}`, {
      method,
      headers: { "x-api-key": key, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON
    return { status: res.status, body: (await res.json()) as any };
  };

  return {
    call,
    /** Starts `serve` as a child and resolves with its port once /health answers. */
    async start(extra: Record<string, string> = {}): Promise<number> {
      const port = await freePort();
      child = spawn(process.execPath, [CLI, "serve"], { env: env(port, extra), stdio: "ignore" });
      await until(
        () =>
          call(port, "GET", "/health").then(
            (r) => r.status === 200,
            () => false,
          ),
        { what: "the first server to listen", timeoutMs: BOOT_TIMEOUT_MS, intervalMs: 200 },
      );
      return port;
    },
    /** SIGKILL, and wait for the process to be gone. */
    async kill(): Promise<void> {
      const c = child;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((resolve) => c.once("exit", resolve));
      c.kill("SIGKILL");
      await exited;
    },
    /** The recovering server, in-process (its `ctx` reads the database directly). */
    async restart(extra: Record<string, string> = {}): Promise<RunningServer> {
      second = await startServer(loadConfig(env(await freePort(), extra)), { out: () => {} });
      return second;
    },
    async cleanup(): Promise<void> {
      if (child && child.exitCode === null) child.kill("SIGKILL");
      await second?.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
