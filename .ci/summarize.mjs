// Sums vitest JSON reports and JUnit XML reports (the Python and R SDKs' suites), and the failed CI steps,
// into the closing line CI reads: "N passed, N failed".
// A test file that failed to load (no failed test inside) counts as one failure; a missing or
// unreadable report counts as one failure too, so a crash can never look green.
import { readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
/** A JUnit XML report's counts: the sum over its <testsuite> elements (pytest and testthat both write them). */
function junit(xml) {
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  let suites = 0;
  for (const m of xml.matchAll(/<testsuite\b([^>]*)>/g)) {
    const attr = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(m[1] ?? "")?.[1] ?? 0);
    suites += 1;
    tests += attr("tests");
    failures += attr("failures") + attr("errors");
    skipped += attr("skipped");
  }
  return { suites, passed: tests - failures - skipped, failed: failures, skipped };
}

for (const file of process.argv.slice(2)) {
  if (file.endsWith(".xml")) {
    let counts;
    try {
      counts = junit(readFileSync(file, "utf8"));
    } catch {
      counts = undefined;
    }
    if (!counts || counts.suites === 0) {
      console.log(`${file}: no readable report`);
      failed += 1;
      continue;
    }
    passed += counts.passed;
    failed += counts.failed;
    console.log(`${file}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    continue;
  }
  let report;
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    console.log(`${file}: no readable report`);
    failed += 1;
    continue;
  }
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  for (const suite of report.testResults ?? []) {
    const failures = (suite.assertionResults ?? []).filter((a) => a.status === "failed");
    const failedInside = failures.length > 0;
    // Name every failed test with its first message line: the end of the log is often all that is kept.
    for (const a of failures) {
      const message = (a.failureMessages?.[0] ?? "").split("\n")[0].slice(0, 300);
      console.log(`FAILED ${suite.name} > ${a.fullName ?? a.title}: ${message}`);
    }
    if (suite.status === "failed" && !failedInside) {
      console.log(`${suite.name}: failed to run: ${(suite.message ?? "").split("\n")[0]}`);
      failed += 1;
    }
  }
  console.log(
    `${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`,
  );
}
if (process.argv.length <= 2) failed += 1;
// Lint, typecheck or a database that would not start: each failed step counts as one failure.
const steps = Number(process.env.STEP_FAILURES ?? 0);
if (steps > 0) console.log(`${steps} CI step(s) failed (lint, typecheck or services)`);
failed += steps;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
