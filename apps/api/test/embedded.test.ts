import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { DataDirLockedError } from "../src/db/lock.ts";
import { type RunningServer, startServer } from "../src/server.ts";
import { BOOT_TIMEOUT_MS, seed } from "./harness.ts";

/**
 * The embedded mode as a user runs it: a data directory on disk, bootstrap on first start, restarts,
 * the single-process lock, and the CLI. Always on PGlite, whatever DATABASE_URL says.
 */

const run = promisify(execFile);
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/person-run.mjs");
const dirs: string[] = [];
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const srv of servers) await srv.close().catch(() => {});
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const BOOT_KEY = "pr_live_bootstrapKeyForTests000000001";

function embeddedEnv(dataDir: string, extra: Record<string, string> = {}) {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    DATA_DIR: dataDir,
    PORT: "0",
    LOG_LEVEL: "silent",
    PERSON_RUN_BOOTSTRAP_TENANT: "acme-boot",
    PERSON_RUN_BOOTSTRAP_KEY: BOOT_KEY,
    ...extra,
  };
}

async function start(dataDir: string) {
  const srv = await startServer(loadConfig(embeddedEnv(dataDir)));
  servers.push(srv);
  return srv;
}

async function call(srv: RunningServer, method: string, p: string, key: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${srv.port}${p}`, {
    method,
    headers: { "x-api-key": key, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON
  return { status: res.status, body: (await res.json()) as any };
}

function tempDataDir() {
  const root = mkdtempSync(path.join(os.tmpdir(), "person-run-embedded-"));
  dirs.push(root);
  return path.join(root, "data");
}

// Every test boots an embedded database or a CLI process: the timeout bounds a hang, not the boot's speed.
describe("embedded mode", { timeout: BOOT_TIMEOUT_MS }, () => {
  const dataDir = tempDataDir();

  it("bootstraps the chosen tenant and key on first start; the key is the instance admin", async () => {
    const srv = await start(dataDir);
    const health = await call(srv, "GET", "/health", "");
    expect(health.body.checks.database).toMatchObject({ status: "ok", driver: "pglite" });
    const created = await call(srv, "POST", "/personas", BOOT_KEY, { tenantId: "acme-boot", seed: seed() });
    expect(created.status).toBe(201);
    expect((await call(srv, "GET", "/tenants", BOOT_KEY)).status).toBe(200);
    await srv.close();
  });

  it("keeps data across a restart and does not bootstrap again", async () => {
    const srv = await start(dataDir);
    const list = await call(srv, "GET", "/personas", BOOT_KEY);
    expect(list.body.personas.map((p: { firstName: string }) => p.firstName)).toEqual(["Aria"]);
    const keys = await call(srv, "GET", "/keys", BOOT_KEY);
    expect(keys.body.keys).toHaveLength(1);
    await srv.close();
  });

  it("refuses a second process on the same data directory with a clear message", async () => {
    const srv = await start(dataDir);
    await expect(startServer(loadConfig(embeddedEnv(dataDir)))).rejects.toBeInstanceOf(DataDirLockedError);
    const child = await run(process.execPath, [CLI, "serve"], { env: embeddedEnv(dataDir) }).then(
      () => ({ code: 0, stderr: "" }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(child.code).toBe(1);
    expect(child.stderr).toContain(
      `The data directory ${dataDir} is in use by another person-run process (pid ${process.pid})`,
    );
    expect((await call(srv, "GET", "/personas", BOOT_KEY)).status).toBe(200);
    await srv.close();
  });

  it("takes over a stale lock whose process is gone", async () => {
    writeFileSync(`${dataDir}.lock`, "999999999");
    const srv = await start(dataDir);
    expect((await call(srv, "GET", "/personas", BOOT_KEY)).status).toBe(200);
    await srv.close();
  });

  it("manages tenants and keys from the CLI while the server is stopped", async () => {
    const env = embeddedEnv(dataDir);
    const tenant = JSON.parse(
      (await run(process.execPath, [CLI, "tenants", "create", "cli-team", "--name", "CLI Team"], { env })).stdout,
    );
    expect(tenant.tenant).toMatchObject({ id: "cli-team", name: "CLI Team" });
    const key = JSON.parse(
      (await run(process.execPath, [CLI, "keys", "create", "--tenant", "cli-team", "--profile", "read-only"], { env }))
        .stdout,
    );
    expect(key.key.profile).toBe("read-only");
    const bad = await run(process.execPath, [CLI, "keys", "create", "--tenant", "cli-team", "--profile", "god"], {
      env,
    }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining("--profile must be one of") });

    const srv = await start(dataDir);
    expect((await call(srv, "GET", "/personas", key.secret)).status).toBe(200);
    expect((await call(srv, "POST", "/personas", key.secret, { seed: seed() })).status).toBe(403);
    expect((await call(srv, "POST", "/personas", tenant.secret, { seed: seed() })).status).toBe(201);
    await srv.close();
  });

  it("reports 503 from /health when the database is down", async () => {
    const srv = await start(dataDir);
    await srv.ctx.database.close();
    const res = await fetch(`http://127.0.0.1:${srv.port}/health`);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body).toMatchObject({ status: "down", checks: { database: { status: "down", driver: "pglite" } } });
    await srv.close();
  });

  it("stops on a bad configuration value, naming the variable", async () => {
    const res = await run(process.execPath, [CLI, "serve"], { env: embeddedEnv(dataDir, { PORT: "eighty" }) }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(res).toMatchObject({ code: 1, stderr: expect.stringContaining("PORT") });
  });
});
