import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { parseAnswer } from "../../src/modules/skills/index.ts";
import { type OutputFormat, OutputFormatSchema } from "../../src/shared/output-formats.ts";

/**
 * Realistic raw answers with the value each must parse to. `tuned.json` holds the cases the parsers were
 * tuned on: all must pass. `held-out.json` (written by someone else, never tuned on) measures how the
 * parsers do on answers they were not fitted to; its accuracy is printed, and misses do not fail the build.
 */

interface Case {
  format: OutputFormat;
  raw: string;
  expected: { valid: boolean; parsed?: unknown };
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const load = (name: string): Case[] | null => {
  const file = path.join(HERE, name);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Case[]) : null;
};

/** The cases whose outcome differs from the expected one, with what came out. */
function misses(cases: Case[]) {
  return cases.flatMap((c) => {
    const got = parseAnswer(c.format, c.raw);
    const same = got.valid === c.expected.valid && (!got.valid || isDeepStrictEqual(got.parsed, c.expected.parsed));
    return same ? [] : [{ type: c.format.type, raw: c.raw, expected: c.expected, got }];
  });
}

describe("answer parsers on realistic answers", () => {
  const tuned = load("tuned.json") ?? [];

  it("has at least 15 tuned cases of every format, each with a valid format", () => {
    for (const c of tuned) expect(OutputFormatSchema.safeParse(c.format).success, JSON.stringify(c.format)).toBe(true);
    const counts = new Map<string, number>();
    for (const c of tuned) counts.set(c.format.type, (counts.get(c.format.type) ?? 0) + 1);
    for (const type of ["text", "likert", "single_choice", "multi_choice", "ranking", "numeric", "json"]) {
      expect(counts.get(type) ?? 0, type).toBeGreaterThanOrEqual(15);
    }
  });

  it("parses every tuned case as expected", () => {
    expect(misses(tuned)).toEqual([]);
  });

  const heldOut = load("held-out.json");
  // Measured 96.1% (196/204) the first time the parsers met it, with two silently wrong values (a second
  // ranking offered after the first, a second JSON object); those two classes are refused since (97.1%,
  // no longer a clean figure). The floor catches a regression without inviting tuning on these cases.
  it("reports the accuracy on held-out cases (at least 90%)", () => {
    const cases = heldOut ?? [];
    const missed = misses(cases);
    const accuracy = cases.length === 0 ? 1 : 1 - missed.length / cases.length;
    console.log(
      `held-out parser accuracy: ${(accuracy * 100).toFixed(1)}% (${cases.length - missed.length}/${cases.length})`,
    );
    for (const m of missed) console.log(`  missed ${m.type}: ${JSON.stringify(m.raw)} → ${JSON.stringify(m.got)}`);
    expect(cases.length).toBeGreaterThan(200);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
