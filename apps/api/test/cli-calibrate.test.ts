import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { CalibrationReportSchema } from "../src/modules/calibrations/schemas.ts";
import { BOOT_TIMEOUT_MS } from "./harness.ts";

/**
 * `person-run calibrate` as a child process on a temporary embedded data directory (docs/calibration.md):
 * it runs the calibration in-process with workers, says what it does on stderr and prints the report JSON on
 * stdout. Small: 20 members, 2 items, the simulator. Always on PGlite, whatever DATABASE_URL says.
 */

const run = promisify(execFile);
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/person-run.mjs");
const root = mkdtempSync(path.join(os.tmpdir(), "person-run-calibrate-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Outcome = { code: number; stdout: string; stderr: string };
const cli = (args: string[], dataDir: string): Promise<Outcome> =>
  run(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", DATA_DIR: dataDir, LOG_LEVEL: "silent" },
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: Outcome) => err,
  );

describe("person-run calibrate", { timeout: 4 * BOOT_TIMEOUT_MS }, () => {
  it("runs a calibration to the end and prints its report; refuses bad input with the reason", async () => {
    const dataDir = path.join(root, "data");
    const tenant = await cli(["tenants", "create", "lab", "--create"], dataDir);
    expect(tenant.code, tenant.stderr).toBe(0);

    const res = await cli(
      ["calibrate", "--model", "person-run/simulator", "--items", "trust,HAPPY", "--size", "20", "--tenant", "lab"],
      dataDir,
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain(`using the embedded database in ${dataDir}`);
    expect(res.stderr).toMatch(/calibration [0-9a-f-]{36} of person-run\/simulator: 2 items, 20 members/);
    expect(res.stderr).toMatch(/calibration [0-9a-f-]{36} done/);
    const report = CalibrationReportSchema.parse(JSON.parse(res.stdout));
    expect(report.simulator).toBe(true);
    expect(report.note).toMatch(/not a language model/);
    expect(report.items.map((i) => i.id)).toEqual(["HAPPY", "TRUST"]);
    expect(report.tasks).toEqual({ total: 20, answered: 20, failed: 0 });
    expect(Object.keys(report.items[0]?.distribution ?? {})).toEqual(["Very happy", "Pretty happy", "Not too happy"]);
    // 20 answers per item: every cell is under 30, shown but in no mean; the marginal still matches itself.
    expect(report.cells).toEqual({ overall: 0, subgroup: 0, minAnswers: 30 });
    expect(report.items[0]?.baselines.marginal.overall).toEqual({ tvd: 0, jsd: 0 });

    const model = await cli(["calibrate", "--model", "nope/model", "--tenant", "lab"], dataDir);
    expect(model.code).toBe(1);
    expect(model.stderr).toContain("Model 'nope/model' is not available");
    const items = await cli(
      ["calibrate", "--model", "person-run/simulator", "--items", "HAPPY,NOPE", "--tenant", "lab"],
      dataDir,
    );
    expect(items.code).toBe(1);
    expect(items.stderr).toContain("Unknown GSS 2024 item id(s): NOPE");
    const size = await cli(
      ["calibrate", "--model", "person-run/simulator", "--size", "10", "--tenant", "lab"],
      dataDir,
    );
    expect(size.code).toBe(2);
    expect(size.stderr).toContain("--size");
    const missing = await cli(["calibrate", "--tenant", "lab"], dataDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--model");
  });
});
