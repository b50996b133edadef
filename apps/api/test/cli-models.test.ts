import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGateway, gatewayModel, startFakeGateway } from "./fake-gateway.ts";
import { BOOT_TIMEOUT_MS } from "./harness.ts";

/**
 * `person-run models sync` as a child process on a temporary embedded data directory (docs/models.md): it
 * reads the AI Gateway's model list (a local fake here), prints one report per source and exits 1 when a
 * source failed, keeping the last good list. Always on PGlite, whatever DATABASE_URL says.
 */

const run = promisify(execFile);
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/person-run.mjs");
const root = mkdtempSync(path.join(os.tmpdir(), "person-run-models-"));
let gateway: FakeGateway;
beforeAll(async () => {
  gateway = await startFakeGateway();
});
afterAll(async () => {
  await gateway.close();
  rmSync(root, { recursive: true, force: true });
});

type Outcome = { code: number; stdout: string; stderr: string };
const cli = (args: string[], dataDir: string, env: Record<string, string> = {}): Promise<Outcome> =>
  run(process.execPath, [CLI, ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      ...env,
    },
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: Outcome) => err,
  );

describe("person-run models sync", { timeout: 4 * BOOT_TIMEOUT_MS }, () => {
  it("syncs the gateway's list, reports each source, and keeps the last list when the gateway fails", async () => {
    const dataDir = path.join(root, "data");

    const missing = await cli(["models", "sync"], dataDir);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("no person.run database");
    const nothing = await cli(["models", "sync", "--create"], dataDir);
    expect(nothing.code, nothing.stderr).toBe(0);
    expect(nothing.stderr).toContain("nothing to sync");

    const env = { AI_GATEWAY_API_KEY: "gw-test-key", AI_GATEWAY_BASE_URL: gateway.url };
    gateway.answer = {
      kind: "list",
      data: [
        gatewayModel("openai/gpt-4.1-mini", { input: "0.0000005", output: "0.000002" }),
        gatewayModel("xai/grok-4", { input: "0.000003", output: "0.000015" }),
        gatewayModel("acme/unpriced", {}),
      ],
    };
    const ok = await cli(["models", "sync"], dataDir, env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual([{ source: "gateway", ok: true, models: 2, skipped: 1 }]);
    expect(gateway.auth).toContain("Bearer gw-test-key");

    gateway.answer = { kind: "status", status: 503 };
    const failed = await cli(["models", "sync"], dataDir, env);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toEqual([
      { source: "gateway", ok: false, models: 0, skipped: 0, error: expect.stringContaining("answered 503") },
    ]);

    const unknown = await cli(["models", "list"], dataDir);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("unknown command: models list");

    // What the data directory holds: the good list (2 models) with the failed attempt's error beside it.
    const db = new PGlite(dataDir);
    try {
      const { rows } = await db.query<{ source: string; n: number; last_error: string | null }>(
        "select source, jsonb_array_length(models) as n, last_error from model_sources",
      );
      expect(rows).toEqual([{ source: "gateway", n: 2, last_error: expect.stringContaining("answered 503") }]);
    } finally {
      await db.close();
    }
  });
});
