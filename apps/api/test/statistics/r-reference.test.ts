import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  bootstrapMedianCI,
  chiSquare,
  describe as describeSample,
  holm,
  kruskalWallis,
  mannWhitney,
  meanCI,
  proportions,
  resampleIndices,
  welchT,
} from "../../src/modules/studies/statistics.ts";

/**
 * statistics.ts against R (issue 13, "statistics equal R's"): reference.R computes the same figures on the
 * same fixtures with base R and stats; this test runs it now (never a pasted output), builds an object of
 * the same shape from statistics.ts and compares EVERY number: |ours − R| ≤ 1e-9 · max(1, |R|), i.e.
 * absolute for figures up to 1 in size (p-values, proportions, effect sizes) and relative above. The key sets
 * must be equal too, so a figure one side has and the other lacks fails. Without Rscript the test fails and
 * says how to install it.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(here, "fixtures.json");
const SCRIPT = path.join(here, "reference.R");
const TOLERANCE = 1e-9;
const R_TIMEOUT_MS = 120_000; // a bound on a hang, not a speed expectation

type Num = number[];
type Fixtures = {
  samples: Array<{ name: string; x: Num; w?: Num }>;
  proportions: Array<{ name: string; values: string[]; weights?: Num }>;
  bootstrap: Array<{ name: string; x: Num; B: number; seed: number; level: number; indices: number[][] }>;
  tables: Array<{ name: string; table: number[][] }>;
  pairs: Array<{ name: string; x: Num; y: Num }>;
  groups: Array<{ name: string; groups: number[][] }>;
  pValues: Array<{ name: string; p: Num }>;
};
const fixtures = JSON.parse(readFileSync(FIXTURES, "utf8")) as Fixtures;

const byName = <T extends { name: string }>(items: T[], f: (item: T) => unknown) =>
  Object.fromEntries(items.map((i) => [i.name, f(i)]));

/** statistics.ts's figures, in the shape reference.R writes. */
function ours(): Record<string, unknown> {
  return {
    samples: byName(fixtures.samples, (s) => {
      const d = describeSample(s.x, s.w);
      const ci = (level: number) => {
        const c = meanCI(s.x, level);
        return c && { lower: c.lower, upper: c.upper };
      };
      return { ...d, ci95: ci(0.95), ci90: ci(0.9) };
    }),
    proportions: byName(fixtures.proportions, (p) => proportions(p.values, p.weights)),
    bootstrap: byName(fixtures.bootstrap, (b) => bootstrapMedianCI(b.x, b.indices, b.level)),
    tables: byName(fixtures.tables, (t) => chiSquare(t.table)),
    pairs: byName(fixtures.pairs, (p) => {
      const mw = mannWhitney(p.x, p.y);
      // z is not exposed by wilcox.test; p is compared instead (z is a function of it).
      return { welch: welchT(p.x, p.y), mannWhitney: mw && { u: mw.u, p: mw.p, rankBiserial: mw.rankBiserial } };
    }),
    groups: byName(fixtures.groups, (g) => kruskalWallis(g.groups)),
    holm: byName(fixtures.pValues, (p) => holm(p.p)),
  };
}

/** Every difference between ours and R's, as "path: ours vs R"; counts the numbers compared. */
function compare(a: unknown, b: unknown, at: string, out: { diffs: string[]; compared: number }): void {
  if (typeof b === "number" && typeof a === "number") {
    out.compared++;
    if (!(Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(b)))) out.diffs.push(`${at}: ${a} vs R ${b}`);
    return;
  }
  if (Array.isArray(b) && Array.isArray(a)) {
    if (a.length !== b.length) out.diffs.push(`${at}: length ${a.length} vs R ${b.length}`);
    else
      a.forEach((v, i) => {
        compare(v, b[i], `${at}[${i}]`, out);
      });
    return;
  }
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) out.diffs.push(`${at}: keys ${ka.join(",")} vs R ${kb.join(",")}`);
    for (const k of kb)
      if (k in a) compare((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`, out);
    return;
  }
  if (a !== b) out.diffs.push(`${at}: ${JSON.stringify(a)} vs R ${JSON.stringify(b)}`);
}

async function runR(): Promise<Record<string, unknown>> {
  try {
    const { stdout } = await promisify(execFile)("Rscript", [SCRIPT, FIXTURES], {
      timeout: R_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === "ENOENT")
      throw new Error(
        "Rscript is not installed: the statistics are checked against R. Install it with " +
          "`apt-get install -y --no-install-recommends r-base-core r-cran-jsonlite` (Debian/Ubuntu), then rerun.",
      );
    throw new Error(
      `reference.R failed (is r-cran-jsonlite installed? apt-get install -y r-cran-jsonlite): ${e.message}\n${e.stderr ?? ""}`,
    );
  }
}

describe("statistics equal R's", () => {
  it("the bootstrap indices in the fixtures are resampleIndices(n, B, seed)", () => {
    for (const b of fixtures.bootstrap) expect(b.indices).toEqual(resampleIndices(b.x.length, b.B, b.seed));
  });

  it(
    "every figure to 1e-9 (absolute up to 1, relative above)",
    async () => {
      const r = await runR();
      const { r: version, ...reference } = r;
      const out = { diffs: [] as string[], compared: 0 };
      compare(ours(), reference, "", out);
      expect(out.diffs, `against ${String(version)}`).toEqual([]);
      // A floor on the figures compared, so a shape that silently drops a section fails.
      expect(out.compared).toBeGreaterThanOrEqual(160);
    },
    R_TIMEOUT_MS + 10_000,
  );
});
