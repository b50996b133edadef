import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirError, type DataDirLock, DataDirLockedError, lockDataDir } from "./lock.ts";

/** The embedded database's directory lock, and the sentences the CLI prints when it cannot be taken. */

const held: DataDirLock[] = [];
afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
});
const scratch = () => mkdtempSync(path.join(tmpdir(), "person-run-lock-"));

describe("lockDataDir", () => {
  it("treats two paths to one directory (a symlink) as one lock", () => {
    const root = scratch();
    const real = path.join(root, "data");
    mkdirSync(real);
    symlinkSync(real, path.join(root, "alias"));
    held.push(lockDataDir(real));
    expect(() => lockDataDir(path.join(root, "alias"))).toThrow(DataDirLockedError);
    expect(() => lockDataDir(path.join(root, "alias", "..", "data"))).toThrow(DataDirLockedError);
  });

  it("creates the directory and takes over a stale lock", () => {
    const dir = path.join(scratch(), "new", "data");
    mkdirSync(path.dirname(dir), { recursive: true });
    writeFileSync(`${dir}.lock`, "999999999");
    const lock = lockDataDir(dir);
    held.push(lock);
    expect(readFileSync(lock.path, "utf8")).toBe(String(process.pid));
  });

  it("explains a file in place of the directory and a directory holding something else", () => {
    const root = scratch();
    writeFileSync(path.join(root, "file"), "x");
    expect(() => lockDataDir(path.join(root, "file"))).toThrow(/is a file, not a directory/);
    mkdirSync(path.join(root, "other"));
    writeFileSync(path.join(root, "other", "notes.txt"), "x");
    expect(() => lockDataDir(path.join(root, "other"))).toThrow(DataDirError);
    expect(() => lockDataDir(path.join(root, "other"))).toThrow(/holds no person-run database/);
  });
});

describe("the CLI", () => {
  const bin = fileURLToPath(new URL("../../bin/person-run.mjs", import.meta.url));
  const run = (dataDir: string) =>
    promisify(execFile)(process.execPath, [bin, "migrate"], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "warn" },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );

  it("prints one sentence for each refusal, never [object Object] or a stack trace", async () => {
    const root = scratch();
    writeFileSync(path.join(root, "file"), "x");
    mkdirSync(path.join(root, "other"));
    writeFileSync(path.join(root, "other", "notes.txt"), "x");
    mkdirSync(path.join(root, "busy"));
    writeFileSync(path.join(root, "busy.lock"), String(process.pid));
    const cases: [string, RegExp][] = [
      ["file", /is a file, not a directory/],
      ["other", /holds no person-run database/],
      ["busy", new RegExp(`in use by another person-run process \\(pid ${process.pid}\\)`)],
    ];
    for (const [name, message] of cases) {
      const { code, stderr } = await run(path.join(root, name));
      expect(code, name).toBe(1);
      expect(stderr, name).toMatch(message);
      expect(stderr, name).toMatch(/^person-run: /);
      expect(stderr, name).not.toContain("[object Object]");
      expect(stderr, name).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});
