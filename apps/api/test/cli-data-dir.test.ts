import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { BOOT_TIMEOUT_MS } from "./harness.ts";

/**
 * The CLI never creates a new empty embedded database silently (a mistyped DATA_DIR): `tenants`, `keys` and
 * `worker` refuse a directory that holds none unless given --create, and every command says which database
 * it opened. Always on PGlite, whatever DATABASE_URL says.
 */

const run = promisify(execFile);
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/person-run.mjs");
const root = mkdtempSync(path.join(os.tmpdir(), "person-run-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const env = (dataDir: string) => ({
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "/tmp",
  DATA_DIR: dataDir,
  LOG_LEVEL: "silent",
});

type Outcome = { code: number; stdout: string; stderr: string };
const cli = (args: string[], dataDir: string): Promise<Outcome> =>
  run(process.execPath, [CLI, ...args], { env: env(dataDir) }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: Outcome) => err,
  );

describe("CLI on a data directory the server never used", { timeout: BOOT_TIMEOUT_MS }, () => {
  it("refuses tenants, keys and worker on a missing directory, creates nothing, and names the directory", async () => {
    const missing = path.join(root, "typo", "data");
    for (const args of [["tenants", "list"], ["keys", "list", "--tenant", "default"], ["worker"]]) {
      const res = await cli(args, missing);
      expect(res.code, args.join(" ")).toBe(1);
      expect(res.stderr).toContain(`no person.run database at ${missing}`);
      expect(res.stderr).toContain(`start the server once with DATA_DIR=${missing}`);
      expect(res.stderr).toContain("--create");
    }
    expect(existsSync(missing)).toBe(false);
  });

  it("creates one with --create, then opens it without, saying which directory it opened", async () => {
    const dataDir = path.join(root, "fresh");
    const created = await cli(["tenants", "create", "team-a", "--create"], dataDir);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain(`person-run: using the embedded database in ${dataDir}`);
    expect(JSON.parse(created.stdout).tenant).toMatchObject({ id: "team-a" });

    const listed = await cli(["tenants", "list"], dataDir);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).toContain(`using the embedded database in ${dataDir}`);
    expect(JSON.parse(listed.stdout).map((t: { id: string }) => t.id)).toContain("team-a");
  });
});
