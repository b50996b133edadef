/**
 * Regex guards: the old engine (V8's backtracking `RegExp`, as guards ran before) against RE2 (re2js, as
 * they run now) on patterns that backtrack catastrophically. Inputs for the old engine stay small so it
 * finishes; RE2 also gets 10–50 KB. Prints figures, asserts nothing.
 *
 *   npx tsx bench/regex-guard.ts
 */
import { compileRegexGuard, leetTolerantSource, parseRegexGuard } from "../apps/api/src/modules/safety/detect-regex.ts";

interface Case {
  guard: string;
  /** A text the pattern does not match (the slow case for a backtracking engine). */
  text: (n: number) => string;
  oldSizes: number[];
}

const CASES: Case[] = [
  { guard: "/\\w*\\w*\\w*!/", text: (n) => "a".repeat(n), oldSizes: [100, 200, 300] },
  { guard: "/(a+)+$/", text: (n) => `${"a".repeat(n)}b`, oldSizes: [18, 21, 24] },
  { guard: "/(x+x+)+y/", text: (n) => "x".repeat(n), oldSizes: [18, 22, 26] },
];
const RE2_SIZES = [10_000, 50_000];

/** Median of `runs` timings of `fn`, in milliseconds. */
function time(fn: () => boolean, runs: number): { ms: number; result: boolean } {
  const ms: number[] = [];
  let result = false;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { ms: ms[Math.floor(ms.length / 2)] as number, result };
}

const rows: Record<string, string | number | boolean>[] = [];
for (const c of CASES) {
  const { source } = parseRegexGuard(c.guard) as { source: string };
  // Exactly what the old compileRegexGuard built: the leet-tolerant source with `i`.
  const old = new RegExp(leetTolerantSource(source), "i");
  const re2 = compileRegexGuard(c.guard);
  if (re2 === null) throw new Error(`${c.guard} does not compile on RE2`);
  for (const n of c.oldSizes) {
    const text = c.text(n);
    const o = time(() => old.test(text), 1);
    const r = time(() => re2.test(text), 5);
    rows.push({
      guard: c.guard,
      chars: n,
      "RegExp ms": +o.ms.toFixed(1),
      "RE2 ms": +r.ms.toFixed(3),
      same: o.result === r.result,
    });
  }
  for (const n of RE2_SIZES) {
    const text = c.text(n);
    const r = time(() => re2.test(text), 5);
    rows.push({ guard: c.guard, chars: n, "RegExp ms": "(not run)", "RE2 ms": +r.ms.toFixed(3), same: "-" });
  }
}
console.table(rows);
console.log(`BENCH_JSON ${JSON.stringify({ bench: "regex-guard", node: process.version, rows })}`);
