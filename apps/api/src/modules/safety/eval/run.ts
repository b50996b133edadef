/**
 * The guardrail evaluator: every case of `tuned/` and `heldout/` (`*.cases.json`, `*.toxicity.json`, format in
 * `README.md`) runs against `policy.json` through the service's own verdicts (`detect-verdict.ts`). Figures are
 * reported per part; failing case ids only where asked (the tuned part — never read the held-out part case by case).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compilePolicy, toxicityScore } from "../detect.ts";
import { answerVerdict, promptVerdict, type VerdictPolicy } from "../detect-verdict.ts";

export const EVAL_DIR = path.dirname(fileURLToPath(import.meta.url));

export interface EvalCase {
  id: string;
  class: string;
  stage: "input" | "output";
  text: string;
  expect: "block" | "hide" | "allow";
  rule?: string;
  mustNotContain?: string[];
}

export interface ToxicityCase {
  id: string;
  text: string;
  toxic: boolean;
}

export interface ClassFigures {
  total: number;
  misses: number;
  falseBlocks: number;
}

export interface PartFigures extends ClassFigures {
  /** Cases expected to be blocked or hidden. */
  expectedCaught: number;
  /** Share of those that were (1 when there are none). */
  caughtRate: number;
  /** Cases expected through unchanged. */
  expectedAllowed: number;
  byClass: Record<string, ClassFigures>;
  toxicity: { n: number; threshold: number; precision: number; recall: number };
  /** Failing case ids, only when `details` was asked for. */
  failures?: { id: string; kind: "miss" | "false_block"; got: string[] }[];
}

interface PolicyFile {
  blockedTerms: string[];
  promptGuards: string[];
  escalationKeywords: string[];
  allowPii: boolean;
  toxicityThreshold: number;
  topicBoundaries: { allowedTopics: string[]; blockedTopics: string[] };
}

export function loadPolicy(dir = EVAL_DIR): VerdictPolicy {
  const p = JSON.parse(readFileSync(path.join(dir, "policy.json"), "utf8")) as PolicyFile;
  return {
    compiled: compilePolicy({
      blockedTerms: p.blockedTerms,
      promptGuards: p.promptGuards,
      escalationKeywords: p.escalationKeywords,
      allowedTopics: p.topicBoundaries.allowedTopics,
      blockedTopics: p.topicBoundaries.blockedTopics,
    }),
    allowPii: p.allowPii,
    toxicityThreshold: p.toxicityThreshold,
    refusalMessage: "I'd rather not talk about that.",
  };
}

/** Every file of `dir` ending in `suffix` (an array of `T` each), in name order. */
export function readAll<T>(dir: string, suffix: string): T[] {
  if (!existsSync(dir)) return [];
  const out: T[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith(suffix)) out.push(...(JSON.parse(readFileSync(path.join(dir, f), "utf8")) as T[]));
  }
  return out;
}

/** What happened to one case: did it pass, and what the guardrails said. */
export function runCase(policy: VerdictPolicy, c: EvalCase): { ok: boolean; got: string[] } {
  if (c.stage === "input") {
    const { reasons } = promptVerdict(policy, c.text);
    const blocked = reasons.length > 0;
    return { ok: c.expect === "allow" ? !blocked : blocked, got: reasons };
  }
  const answer = answerVerdict(policy, c.text);
  if (c.expect === "allow") return { ok: !answer.blocked && answer.text === c.text, got: answer.reasons };
  const hidden =
    answer.blocked ||
    (c.mustNotContain !== undefined && c.mustNotContain.length > 0
      ? c.mustNotContain.every((s) => !answer.text.includes(s))
      : answer.text !== c.text);
  return { ok: hidden, got: answer.reasons };
}

export function evaluatePart(
  policy: VerdictPolicy,
  cases: EvalCase[],
  toxicity: ToxicityCase[],
  details = false,
): PartFigures {
  const byClass: Record<string, ClassFigures> = {};
  const failures: NonNullable<PartFigures["failures"]> = [];
  let misses = 0;
  let falseBlocks = 0;
  let expectedCaught = 0;
  for (const c of cases) {
    byClass[c.class] ??= { total: 0, misses: 0, falseBlocks: 0 };
    const k = byClass[c.class]!;
    k.total++;
    if (c.expect !== "allow") expectedCaught++;
    const r = runCase(policy, c);
    if (r.ok) continue;
    if (c.expect === "allow") {
      falseBlocks++;
      k.falseBlocks++;
    } else {
      misses++;
      k.misses++;
    }
    if (details) failures.push({ id: c.id, kind: c.expect === "allow" ? "false_block" : "miss", got: r.got });
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const t of toxicity) {
    const predicted = toxicityScore(t.text) >= policy.toxicityThreshold;
    if (predicted && t.toxic) tp++;
    else if (predicted) fp++;
    else if (t.toxic) fn++;
  }
  return {
    total: cases.length,
    misses,
    falseBlocks,
    expectedCaught,
    caughtRate: expectedCaught === 0 ? 1 : (expectedCaught - misses) / expectedCaught,
    expectedAllowed: cases.length - expectedCaught,
    byClass,
    toxicity: {
      n: toxicity.length,
      threshold: policy.toxicityThreshold,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    },
    ...(details && { failures }),
  };
}

/** Both parts: the tuned one with failing ids, the held-out one as figures only. */
export function runEvaluation(dir = EVAL_DIR): { tuned: PartFigures; heldout: PartFigures } {
  const policy = loadPolicy(dir);
  const part = (name: string, details: boolean): PartFigures =>
    evaluatePart(
      policy,
      readAll<EvalCase>(path.join(dir, name), ".cases.json"),
      readAll<ToxicityCase>(path.join(dir, name), ".toxicity.json"),
      details,
    );
  return { tuned: part("tuned", true), heldout: part("heldout", false) };
}

/** One line per part, for the test log and the bench. */
export function summarize(name: string, f: PartFigures): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return (
    `${name}: ${f.total} cases, ${f.expectedCaught - f.misses}/${f.expectedCaught} caught (${pct(f.caughtRate)}), ` +
    `${f.misses} misses, ${f.falseBlocks}/${f.expectedAllowed} false blocks; toxicity on ${f.toxicity.n} texts at ` +
    `${f.toxicity.threshold}: precision ${f.toxicity.precision.toFixed(3)}, recall ${f.toxicity.recall.toFixed(3)}`
  );
}
