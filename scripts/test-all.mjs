#!/usr/bin/env node
// `npm test`: every language's tests. First vitest (the API, the TypeScript SDK), with any arguments given
// passed to it; then the Python SDK's pytest suite and the R SDK's testthat suite, each against its own live
// server on a fresh embedded database.
//
//  - Arguments that name test files or patterns (`npm test -- personas`) run vitest alone: a filtered run.
//  - ONLY_SDK_TESTS=1 runs the Python and R suites alone.
//  - SKIP_SDK_TESTS=1 runs vitest alone (CI's second pass, on PostgreSQL: the SDK suites start embedded
//    servers whatever DATABASE_URL says, so a second run would repeat the first).
//  - TEST_REPORT_DIR=<dir> writes the Python and R suites' JUnit XML there (python.xml, r.xml), which CI sums
//    into its closing line beside vitest's JSON report.
//  - A language whose runtime is missing is reported as not run, with what to install (a newcomer without R
//    still runs the rest); CI installs them all, and counts a missing report as a failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const filtered = args.some((a) => !a.startsWith("-"));
const reportDir = process.env.TEST_REPORT_DIR ? path.resolve(root, process.env.TEST_REPORT_DIR) : undefined;
if (reportDir) mkdirSync(reportDir, { recursive: true });

const run = (command, commandArgs, options = {}) => {
  console.log(`\n==> ${[command, ...commandArgs].join(" ")}`);
  const res = spawnSync(command, commandArgs, { cwd: root, stdio: "inherit", ...options });
  if (res.error) return { status: null, error: res.error };
  return { status: res.status ?? 1 };
};
const has = (command, probe) => spawnSync(command, probe, { cwd: root, stdio: "ignore" }).status === 0;

const failures = [];
if (process.env.ONLY_SDK_TESTS !== "1") {
  const vitest = run(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", ...args]);
  if (vitest.status !== 0) failures.push("vitest");
}

if (!filtered && process.env.SKIP_SDK_TESTS !== "1") {
  const missing = (what, install) => console.log(`\n${what} not found: its SDK's tests NOT RUN (install ${install})`);

  if (!existsSync(path.join(root, "packages/sdk-python")))
    console.log("\nno packages/sdk-python: Python tests not run");
  else if (has("python3", ["-c", "import pytest"])) {
    const junit = reportDir ? [`--junitxml=${path.join(reportDir, "python.xml")}`] : [];
    const py = run("python3", ["-m", "pytest", "packages/sdk-python/tests", "-q", ...junit]);
    if (py.status !== 0) failures.push("python");
  } else missing("python3 with pytest", "python3 and pytest");

  if (!existsSync(path.join(root, "packages/sdk-r"))) console.log("\nno packages/sdk-r: R tests not run");
  else if (has("Rscript", ["-e", "library(testthat); library(httr2); library(jsonlite)"])) {
    // One JUnit <testsuite> counting testthat's tests (test_that blocks), as the other suites count tests;
    // testthat's own JunitReporter lists every expectation instead.
    const junit = reportDir ? JSON.stringify(path.join(reportDir, "r.xml")) : "NULL";
    const r = run("Rscript", [
      "-e",
      [
        'res <- testthat::test_local("packages/sdk-r", reporter = "summary", stop_on_failure = FALSE)',
        "df <- as.data.frame(res)",
        "bad <- df$failed > 0 | df$error",
        "skipped <- sum(df$skipped & !bad)",
        `out <- ${junit}`,
        'if (!is.null(out)) writeLines(sprintf(\'<testsuites><testsuite name="personrun" tests="%d" failures="%d" errors="0" skipped="%d"></testsuite></testsuites>\', nrow(df), sum(bad), skipped), out)',
        'cat(sprintf("R: %d tests, %d failed, %d skipped\\n", nrow(df), sum(bad), skipped))',
        "if (sum(bad) > 0 || nrow(df) == 0) quit(status = 1)",
      ].join("; "),
    ]);
    if (r.status !== 0) failures.push("r");
  } else missing("R with testthat, httr2 and jsonlite", "r-base-core r-cran-testthat r-cran-httr2 r-cran-jsonlite");
}

if (failures.length > 0) {
  console.log(`\ntests failed: ${failures.join(", ")}`);
  process.exit(1);
}
