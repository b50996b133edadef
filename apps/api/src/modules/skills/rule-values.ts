import type { Question, Rule } from "../../shared/output-formats.ts";

/**
 * The `value` each rule type takes, checked when a skill is saved (the shared RuleSchema leaves `value`
 * open because its shape depends on `type`). Problems come back with a path relative to the rule.
 */

export type MentionTerms = string | string[];
export interface LengthValue {
  minWords?: number;
  maxWords?: number;
}
export interface RangeValue {
  min?: number;
  max?: number;
}

export interface RuleProblem {
  path: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isTerm = (v: unknown) => typeof v === "string" && v.trim().length > 0 && v.length <= 200;

function boundsProblem(value: unknown, lo: string, hi: string, check: (n: unknown) => boolean, what: string) {
  if (!isObject(value)) return `must be an object { ${lo}?, ${hi}? }`;
  const extra = Object.keys(value).filter((k) => k !== lo && k !== hi);
  if (extra.length > 0) return `unknown field(s): ${extra.join(", ")}`;
  if (value[lo] === undefined && value[hi] === undefined) return `needs ${lo} or ${hi}`;
  for (const k of [lo, hi]) if (value[k] !== undefined && !check(value[k])) return `${k} must be ${what}`;
  if (value[lo] !== undefined && value[hi] !== undefined && (value[lo] as number) > (value[hi] as number)) {
    return `${lo} must not exceed ${hi}`;
  }
  return null;
}

const NUMERIC_TYPES = new Set(["numeric", "likert"]);

/** Problems of one rule within its skill's questions: its value's shape and the question it targets. */
export function ruleProblems(rule: Rule, questions: readonly Question[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const target = rule.questionId === undefined ? undefined : questions.find((q) => q.id === rule.questionId);
  if (rule.questionId !== undefined && !target) {
    problems.push({ path: "questionId", message: `no question has the id "${rule.questionId}"` });
  }
  let problem: string | null = null;
  switch (rule.type) {
    case "format_valid":
      if (rule.value !== undefined) problem = "takes no value";
      break;
    case "must_mention":
    case "must_not_mention": {
      const v = rule.value;
      const ok = isTerm(v) || (Array.isArray(v) && v.length >= 1 && v.length <= 50 && v.every(isTerm));
      if (!ok) problem = "must be a word or phrase, or a list of 1-50 of them (each 1-200 characters)";
      break;
    }
    case "length":
      problem = boundsProblem(
        rule.value,
        "minWords",
        "maxWords",
        (n) => Number.isInteger(n) && (n as number) >= 0,
        "a whole number ≥ 0",
      );
      break;
    case "range": {
      problem = boundsProblem(rule.value, "min", "max", (n) => typeof n === "number" && Number.isFinite(n), "a number");
      const targets = target ? [target] : questions;
      if (!targets.some((q) => NUMERIC_TYPES.has(q.outputFormat.type))) {
        problems.push({
          path: rule.questionId === undefined ? "type" : "questionId",
          message: "range applies to numeric or likert questions, and none is targeted",
        });
      }
      break;
    }
  }
  if (problem) problems.push({ path: "value", message: problem });
  return problems;
}
