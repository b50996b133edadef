import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BOOT_TIMEOUT_MS, freePort, until } from "../../../test/harness.ts";
import { loadConfig } from "../../config.ts";
import { type RunningServer, startServer } from "../../server.ts";

/**
 * A generation survives a crash of the embedded server: `person-run serve` is killed (-9) once some
 * batches of personas exist, a new server starts on the same data directory, recovers the orphaned run,
 * and the population ends with exactly `size` members and the tenant with exactly `size` personas. Always
 * on PGlite (the embedded mode), whatever DATABASE_URL says.
 */

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../bin/person-run.mjs");
const root = mkdtempSync(path.join(tmpdir(), "person-run-population-restart-"));
const dataDir = path.join(root, "data");
const KEY = "pr_live_populationRestartKeyForTests01";
const SIZE = 6000;
let child: ChildProcess | undefined;
let second: RunningServer | undefined;
afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await second?.close();
  rmSync(root, { recursive: true, force: true });
});

function env(port: number): Record<string, string> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env as Record<string, string>;
  return {
    ...inherited,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    JOB_POLL_INTERVAL_SECONDS: "0.5",
    PERSON_RUN_BOOTSTRAP_TENANT: "restart-co",
    PERSON_RUN_BOOTSTRAP_KEY: KEY,
  };
}

async function call(port: number, method: string, p: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}${p}`, {
    method,
    headers: { "x-api-key": KEY, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON
  return { status: res.status, body: (await res.json()) as any };
}

describe("a generation across a crash of the embedded server", () => {
  it("ends with exactly `size` members and personas after `serve` is killed mid-run", {
    timeout: 4 * BOOT_TIMEOUT_MS,
  }, async () => {
    const port = await freePort();
    child = spawn(process.execPath, [CLI, "serve"], { env: env(port), stdio: "ignore" });
    await until(
      () =>
        call(port, "GET", "/health").then(
          (r) => r.status === 200,
          () => false,
        ),
      { what: "the first server to listen", timeoutMs: BOOT_TIMEOUT_MS, intervalMs: 200 },
    );
    const started = await call(port, "POST", "/populations/generate", {
      name: "Crash test",
      size: SIZE,
      targets: "us-adults",
      seed: 99,
    });
    expect(started.status).toBe(202);
    const id = started.body.population.id as string;
    const before = await until(
      async () => {
        // A busy server may drop a kept-alive connection: that poll counts as "not yet".
        const p = await call(port, "GET", `/populations/${id}`).then(
          (r) => r.body.population,
          () => null,
        );
        return p && p.generated >= 200 ? p : null;
      },
      { what: "some batches to be created", timeoutMs: BOOT_TIMEOUT_MS, intervalMs: 20 },
    );
    child.kill("SIGKILL");
    await new Promise((resolve) => child?.once("exit", resolve));
    expect(before.status).toBe("generating");
    expect(before.generated).toBeLessThan(SIZE);

    second = await startServer(loadConfig(env(await freePort())), { out: () => {} });
    const p2 = second.port;
    const population = await until(
      async () => {
        const p = await call(p2, "GET", `/populations/${id}`).then(
          (r) => r.body.population,
          () => null,
        );
        return p && p.status !== "generating" ? p : null;
      },
      { what: "the generation to finish on the new server", timeoutMs: 2 * BOOT_TIMEOUT_MS, intervalMs: 200 },
    );
    expect(population).toMatchObject({ status: "ready", version: 1, size: SIZE, generated: SIZE });
    const db = second.ctx.database;
    const [personas] = await db.query<{ n: number }>(
      "select count(*)::int as n from personas where tenant_id = 'restart-co'",
    );
    expect(personas?.n).toBe(SIZE);
    const [memories] = await db.query<{ n: number }>(
      "select count(*)::int as n from timeline_entries where tenant_id = 'restart-co'",
    );
    expect(memories?.n).toBe(SIZE);
    const [members] = await db.query<{ n: number }>(
      "select count(*)::int as n from population_members where population_id = $1",
      [id],
    );
    expect(members?.n).toBe(SIZE);
    const run = (await call(p2, "GET", `/runs/${population.runId}`)).body.run;
    expect(run).toMatchObject({ state: "succeeded" });
    expect(run.attempts).toBeGreaterThanOrEqual(2);
    expect(population.fit.maxDeviation).toBeLessThanOrEqual(0.01);
  });
});
