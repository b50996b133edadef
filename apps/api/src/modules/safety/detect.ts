/**
 * Guardrail detectors: pure functions, no I/O. See `detect-types.ts` for the contract and
 * `detect-normalize.ts` for the evasion rules.
 */

import { GuardMatcher } from "./detect-guards.ts";
import { type Matcher, makeMatcher, makePattern, matchStream, type Pattern } from "./detect-match.ts";
import {
  buildStream,
  collapseRuns,
  joinedForm,
  type LetterStream,
  normalizeText,
  wordsForm,
} from "./detect-normalize.ts";
import { compileRegexGuard, isSafeRegex, parseRegexGuard, type RegexGuard } from "./detect-regex.ts";
import { hasTopicContext, topicInContext } from "./detect-topic-context.ts";
import { BUILTIN_TOPICS, builtinTopicKey, isSmallTalk, topicKeywords } from "./detect-topics.ts";
import { toxicityScore } from "./detect-toxicity.ts";
import type { CompiledPolicy, PolicyInput, TextVerdict } from "./detect-types.ts";
import toxicityEval from "./eval/tuned/lexicon.toxicity.json" with { type: "json" };

export { normalizeText } from "./detect-normalize.ts";
export { findPii, redactPii } from "./detect-pii.ts";
export { isSafeRegex } from "./detect-regex.ts";
export { toxicityScore } from "./detect-toxicity.ts";

/**
 * Upper bound (characters of raw text) of the stream hold-back window: the longest blocked/guard phrase after
 * normalisation, times 8 raw characters per letter (separators and invisibles `b.a.d`, stretched letters,
 * entities `&#122;` and escapes `\u007A` are up to 8), plus slack; `holdBack(policy)` is the per-policy value,
 * never above this. A match spread wider than that (a very long run of one letter, a long HTML comment inside
 * a word) is still refused when it completes, but its first characters may already have been sent.
 */
export const MAX_MATCH_WINDOW = 1024;
const RAW_PER_LETTER = 8;
const WINDOW_SLACK = 32;
/** Longest keyword + cue of a context-checked topic (`detect-topic-context.ts`), in letters. */
const TOPIC_CONTEXT_WINDOW = 40;

/** Topics that never count as an "other" topic for `off_topic` (too generic). */
const OFF_TOPIC_EXCLUDED = new Set(["competitors"]);

type TagKind = "term" | "guard" | "escalation" | "blockedTopic" | "allowedTopic" | "otherTopic";

interface Tag {
  kind: TagKind;
  label: string;
}

interface Compiled extends CompiledPolicy {
  readonly matcher: Matcher;
  readonly guards: GuardMatcher;
  /** Blocked built-in topics read in context (`detect-topic-context.ts`) instead of by the automaton. */
  readonly contextTopics: { key: string; label: string }[];
  readonly tags: Tag[];
  readonly regexGuards: { label: string; re: RegexGuard; safe: boolean }[];
  readonly hasAllowed: boolean;
  readonly window: number;
}

/** Precompiles a policy (one automaton for all phrases, regex guards compiled with `i`). */
export function compilePolicy(input: PolicyInput): CompiledPolicy {
  const tags: Tag[] = [];
  const patterns: Pattern[] = [];
  const add = (phrase: string, mode: "evasive" | "words", tag: Tag): number => {
    const p = makePattern(phrase, mode, tags.length);
    if (p === null) return 0;
    tags.push(tag);
    patterns.push(p);
    return p.folded.length;
  };
  let longest = 0;
  for (const term of input.blockedTerms)
    longest = Math.max(longest, add(term, "evasive", { kind: "term", label: term }));
  const regexGuards: { label: string; re: RegexGuard; safe: boolean }[] = [];
  const guards = new GuardMatcher();
  for (const guard of input.promptGuards) {
    if (parseRegexGuard(guard) !== null) {
      const re = compileRegexGuard(guard);
      if (re !== null) regexGuards.push({ label: guard, re, safe: isSafeRegex(parseRegexGuard(guard)!.source) });
      continue;
    }
    // Guards are input-only: they never widen the (output) stream window.
    add(guard, "evasive", { kind: "guard", label: guard });
    guards.add(guard, normalizeText(guard));
  }
  for (const kw of input.escalationKeywords)
    longest = Math.max(longest, add(kw, "evasive", { kind: "escalation", label: kw }));
  const contextTopics: { key: string; label: string }[] = [];
  for (const topic of input.blockedTopics) {
    const key = builtinTopicKey(topic, normalizeText);
    if (key !== null && hasTopicContext(key)) {
      contextTopics.push({ key, label: topic });
      longest = Math.max(longest, TOPIC_CONTEXT_WINDOW);
      continue;
    }
    for (const kw of topicKeywords(topic, normalizeText))
      longest = Math.max(longest, add(kw, "words", { kind: "blockedTopic", label: topic }));
  }
  const allowedKeys = new Set<string>();
  for (const topic of input.allowedTopics) {
    const key = builtinTopicKey(topic, normalizeText);
    if (key !== null) allowedKeys.add(key);
    for (const kw of topicKeywords(topic, normalizeText)) add(kw, "words", { kind: "allowedTopic", label: topic });
  }
  if (input.allowedTopics.length > 0) {
    for (const [key, def] of Object.entries(BUILTIN_TOPICS)) {
      if (allowedKeys.has(key) || OFF_TOPIC_EXCLUDED.has(key)) continue;
      for (const kw of def.keywords) add(kw, "words", { kind: "otherTopic", label: key });
    }
  }
  const window = Math.min(MAX_MATCH_WINDOW, longest * RAW_PER_LETTER + WINDOW_SLACK);
  const compiled: Compiled = {
    input,
    matcher: makeMatcher(patterns),
    guards,
    contextTopics,
    tags,
    regexGuards,
    hasAllowed: input.allowedTopics.length > 0,
    window,
  };
  return compiled;
}

/** Characters a streaming checker must hold back so that a phrase split across chunks is still caught. */
export function holdBack(policy: CompiledPolicy): number {
  return (policy as Compiled).window ?? MAX_MATCH_WINDOW;
}

/**
 * Word forms of a stream: words and joined (`b a d` → `bad`), with repeats collapsed too; `one` is what a
 * leet `1` (or capital I) reads as — `1` for the regex guards (which accept `[i1]`), `i` and `l` elsewhere.
 */
function wordForms(stream: LetterStream, ones: ("i" | "l" | "1")[], marks = false): string[] {
  const forms = new Set<string>();
  const streams = [stream, collapseRuns(stream, 1), collapseRuns(stream, 2)];
  // A form per reading of `1` only when the text has one (capital I counts).
  const readings = stream.exact.includes("1") ? ones : ones.slice(0, 1);
  for (const st of streams) {
    if (st === null) continue;
    for (const one of readings) {
      forms.add(wordsForm(st, one, marks));
      forms.add(joinedForm(st, one, marks));
    }
  }
  return [...forms];
}

/** `acme's secret project`: the possessive `s` is dropped (a second pass, only when the text has one). */
const POSSESSIVE = /(['\u2019\u02BC`])s\b/gi;

function check(policy: CompiledPolicy, text: string, isInput: boolean): TextVerdict {
  const p = policy as Compiled;
  const stream = buildStream(text);
  const hits = matchStream(p.matcher, stream);
  POSSESSIVE.lastIndex = 0;
  if (POSSESSIVE.test(text)) matchStream(p.matcher, buildStream(text.replace(POSSESSIVE, "$1")), hits);
  const blocked: string[] = [];
  const escalations: string[] = [];
  let allowedHit = false;
  let otherHit = false;
  const push = (list: string[], s: string): void => {
    if (!list.includes(s)) list.push(s);
  };
  for (const id of [...hits].sort((a, b) => a - b)) {
    const tag = p.tags[p.matcher.plain.patterns[id]!.tag]!;
    switch (tag.kind) {
      case "term":
        push(blocked, `blocked_term: "${tag.label}"`);
        break;
      case "guard":
        if (isInput) push(blocked, `prompt_guard: "${tag.label}"`);
        break;
      case "escalation":
        push(escalations, tag.label);
        break;
      case "blockedTopic":
        push(blocked, `blocked_topic: "${tag.label}"`);
        break;
      case "allowedTopic":
        allowedHit = true;
        break;
      case "otherTopic":
        otherHit = true;
        break;
    }
  }
  let plainForms: string[] | undefined;
  const forms = (): string[] => {
    plainForms ??= wordForms(stream, ["i", "l"], true);
    return plainForms;
  };
  if (isInput && p.guards.size > 0) {
    const found = new Set<string>();
    const cache = new Map<string, number[]>();
    for (const f of forms()) p.guards.find(f, found, cache);
    for (const label of found) push(blocked, `prompt_guard: "${label}"`);
  }
  for (const t of p.contextTopics) {
    if (forms().some((f) => topicInContext(t.key, f))) push(blocked, `blocked_topic: "${t.label}"`);
  }
  if (isInput && p.regexGuards.length > 0) {
    const forms = wordForms(stream, ["1"]);
    for (const g of p.regexGuards) {
      if (!g.safe) continue; // defensive: never run an unsafe pattern
      if (forms.some((f) => g.re.test(f))) push(blocked, `prompt_guard: "${g.label}"`);
    }
  }
  if (isInput && p.hasAllowed && !allowedHit && otherHit && !isSmallTalk(wordsForm(stream))) blocked.push("off_topic");
  return { blocked, escalations };
}

/** Prompt check: blocked terms, prompt guards, blocked topics, allowed topics (`off_topic`), escalations. */
export function checkInput(policy: CompiledPolicy, text: string): TextVerdict {
  return check(policy, text, true);
}

/** Answer check: blocked terms, blocked topics, escalations (no guards, no off-topic). */
export function checkOutput(policy: CompiledPolicy, text: string): TextVerdict {
  return check(policy, text, false);
}

export interface ToxicityEvalItem {
  text: string;
  toxic: boolean;
}

/** Precision/recall/F1 of `toxicityScore(text) >= threshold` on the labelled set (`eval/tuned/lexicon.toxicity.json` by default). */
export function evaluateToxicity(
  threshold: number,
  data: readonly ToxicityEvalItem[] = toxicityEval as ToxicityEvalItem[],
): { precision: number; recall: number; f1: number; n: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const item of data) {
    const predicted = toxicityScore(item.text) >= threshold;
    if (predicted && item.toxic) tp++;
    else if (predicted) fp++;
    else if (item.toxic) fn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, n: data.length };
}
