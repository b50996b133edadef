import { type OutputFormat, optionLetter, type SimFormat } from "../../shared/output-formats.ts";
import { simulateAnswer } from "./answer.ts";
import { readIntent } from "./intents.ts";
import { jsonForSchema } from "./json-schema.ts";
import { type Latent, latentAttitude } from "./latent.ts";
import { type PersonaView, viewPersona } from "./persona.ts";
import { createRng, type Rng } from "./rng.ts";
import { invalidAnswer } from "./skill-invalid.ts";
import { numberValue, rankOptions, reasonFor, reasonsFor, type StructuredCall, scalePoint } from "./structured.ts";
import { type NumericQuestion, namedCurrency, numericQuestion } from "./structured-detect.ts";
import { firstWords, joinList, sentences, softLower, stripEndPunctuation } from "./text.ts";
import type { SimAnswerContext } from "./types.ts";
import { normalizeForCompare, voiceOf } from "./voice.ts";

/**
 * Answers to skill questions (tasks, studies): the turn carries the question's output format
 * (`SimAnswerContext.format`), and the answer follows the convention `formatInstruction` asks every model
 * for — the value first, then a short reason in the persona's voice (docs/simulator.md, "Answering skills").
 * Values come from the same latent attitude as the simulator's other structured answers, keyed by the
 * question's own text (not the prompt around it), so a persona answers a question the same way on every
 * ask, repair and retest, and cohorts differ believably.
 */

/** Test markers in a question's text (honoured by the simulator only; a real model reads them as text). */
export const SIMULATE_INVALID = "[simulate:invalid]";
export const SIMULATE_INVALID_ONCE = "[simulate:invalid-once]";
export const SIMULATE_OTHER = "[simulate:other]";
const MARKER_RE = /\s*\[simulate:[a-z-]+\]\s*/gi;

export type SkillContext = SimAnswerContext & { format: SimFormat };

export function answerSkill(ctx: SkillContext, options: { noiseScale?: number } = {}): string {
  const { format } = ctx;
  const question = format.question.replace(MARKER_RE, " ").trim();
  const view = viewPersona(ctx.persona);
  const call: StructuredCall = {
    view,
    question,
    seed: ctx.seed,
    register: voiceOf(view.profile.communicationStyle, view.traits.extraversion).register,
    noiseScale: options.noiseScale ?? 1,
  };
  const latent = latentAttitude(view, question, ctx.seed, call.noiseScale);
  const rng = createRng("skill", ctx.persona.id, question, ctx.seed, String(format.ask));
  const answer: Answering = { ctx, spec: format.spec, call, latent, rng };
  if (format.ask === "follow_up") return followUp(answer);
  const invalid =
    format.question.includes(SIMULATE_INVALID) || (format.question.includes(SIMULATE_INVALID_ONCE) && format.ask === 0);
  if (invalid) return invalidAnswer(format.spec, format.ask, valid(answer), reason(answer));
  return valid(answer);
}

interface Answering {
  ctx: SkillContext;
  spec: OutputFormat;
  call: StructuredCall;
  latent: Latent;
  rng: Rng;
}

function reason(a: Answering): string {
  return reasonFor(a.latent.domain, a.latent.position, a.call, a.rng);
}

function valid(a: Answering): string {
  const { spec, latent, call } = a;
  const other = a.ctx.format.question.includes(SIMULATE_OTHER);
  switch (spec.type) {
    case "likert": {
      const point = scalePoint(latent.position, 1, spec.scale);
      const label = likertLabel(spec.labels, spec.scale, point);
      return `${label ? `${point} (${label})` : point} — ${reason(a)}`;
    }
    case "single_choice": {
      if (other && spec.allowOther) return `Other: ${otherAnswer(call.view)} — ${reason(a)}`;
      const pick = rankOptions(spec.options, latent.position, call)[0]!;
      return `${optionLetter(spec.options.indexOf(pick))}) ${pick} — ${reason(a)}`;
    }
    case "multi_choice": {
      const n = spec.options.length;
      const hi = Math.min(spec.maxPicks ?? n, n);
      const lo = Math.min(Math.max(1, spec.minPicks ?? 1), hi);
      // A persona keener on what the question is about picks more.
      const count = lo + Math.round(latent.position * (hi - lo));
      const withOther = other && spec.allowOther;
      const picks = rankOptions(spec.options, latent.position, call)
        .slice(0, withOther && count === (spec.maxPicks ?? n + 1) ? count - 1 : count)
        .map((o) => spec.options.indexOf(o))
        .sort((x, y) => x - y)
        .map(optionLetter);
      if (withOther) picks.push(`Other: ${otherAnswer(call.view)}`);
      return `${picks.join(", ")} — ${reason(a)}`;
    }
    case "ranking": {
      const order = rankOptions(spec.options, latent.position, call).map((o) => optionLetter(spec.options.indexOf(o)));
      return `${order.join(" > ")} — ${reason(a)}`;
    }
    case "numeric":
      return `${numberIn(spec, latent.position, call.question)} — ${reason(a)}`;
    case "text":
      return textAnswer(a, spec.minWords, spec.maxWords);
    case "json":
      return JSON.stringify(jsonForSchema(spec.schema, call));
  }
}

/** The label of a point: one per point, or the two ends' labels at the ends only. */
function likertLabel(labels: readonly string[] | undefined, scale: number, point: number): string | undefined {
  if (!labels) return undefined;
  if (labels.length === scale) return labels[point - 1];
  return point === 1 ? labels[0] : point === scale ? labels[1] : undefined;
}

/** An "Other" answer (asked for with [simulate:other]): something of the persona's own. */
function otherAnswer(view: PersonaView): string {
  const own = view.profile.interests[0];
  return own ? `something that fits around ${softLower(own)}` : "what I already use";
}

/**
 * A number within the format's bounds: what the question asks about read as a price, a percentage or a
 * count (the unit helps: "USD per month", "hours per week"), placed by the latent; a number of nothing
 * known, or one the bounds do not admit, falls on the bounds' range by the latent instead.
 */
function numberIn(spec: Extract<OutputFormat, { type: "numeric" }>, position: number, question: string): number {
  const kind = numericKind(question, spec.unit);
  const { min, max } = spec;
  let value = kind ? numberValue(kind, position, question) : Math.round(1 + position * 9);
  const outside = (min !== undefined && value < min) || (max !== undefined && value > max);
  if (min !== undefined && max !== undefined && (!kind || outside)) value = min + position * (max - min);
  if (min !== undefined) value = Math.max(min, value);
  if (max !== undefined) value = Math.min(max, value);
  if (spec.integer) {
    value = Math.round(value);
    // Rounding must not leave fractional bounds: 2.5..3.5 admits only 3.
    if (min !== undefined && value < min) value = Math.ceil(min);
    if (max !== undefined && value > max) value = Math.floor(max);
    return value;
  }
  return Math.round(value * 100) / 100;
}

const COUNT_UNIT_RE =
  /^(hours?|minutes?|days?|times?|apps?|applications?|friends?|people|contacts?|books?|cups?|coffees?|drinks?|subscriptions?|services?|years?)\b/i;

function numericKind(question: string, unit: string | undefined): NumericQuestion | null {
  const asked = numericQuestion(`${question} ${unit ?? ""}`);
  if (asked?.kind === "numeric") return asked.numeric;
  if (!unit) return null;
  if (/%|percent/i.test(unit)) return { type: "percent" };
  const period = /\b(?:per|a|each|every)\s+(day|week|month|year)\b/i.exec(unit)?.[1]?.toLowerCase();
  if (namedCurrency(unit)) return { type: "price", currency: "", period: period ? `a ${period}` : null };
  const count = COUNT_UNIT_RE.exec(unit)?.[1]?.toLowerCase();
  return count ? { type: "count", unit: count, period: period ? `a ${period}` : null } : null;
}

/** Free text is scanned for words: a dash between them would count as one. */
const DASH_RE = /\s+—\s+/g;
const wordCount = (text: string) => text.match(/\S+/g)?.length ?? 0;

/**
 * The persona's ordinary answer to the question, fitted to the word limits by whole sentences: too long,
 * sentences that do not fit are left out (a first sentence longer than the limit is cut at a word); too
 * short, more reasons and more of what the persona would say are added, none twice.
 */
function textAnswer(a: Answering, minWords: number | undefined, maxWords: number | undefined): string {
  const { ctx } = a;
  const plain = (seed: number) =>
    simulateAnswer(
      { ...ctx, format: undefined, userPrompt: a.call.question, seed },
      { noiseScale: a.call.noiseScale },
    ).replace(DASH_RE, ", ");
  const fits = (text: string, more: string) => maxWords === undefined || wordCount(`${text} ${more}`) <= maxWords;
  const seen = new Set<string>();
  let text = "";
  const add = (sentence: string) => {
    const key = normalizeForCompare(sentence);
    if (seen.has(key) || !fits(text, sentence)) return;
    seen.add(key);
    text = text ? `${text} ${sentence}` : sentence;
  };
  for (const sentence of sentences(plain(ctx.seed))) add(sentence);
  if (!text) {
    // Even the first sentence is longer than the limit: its first words, as a sentence.
    const first = sentences(plain(ctx.seed))[0] ?? reason(a);
    text = `${stripEndPunctuation(firstWords(first, Math.max(1, maxWords ?? 1)))}.`;
  }
  const short = () => minWords !== undefined && wordCount(text) < minWords;
  if (short()) {
    for (const more of reasonsFor(a.latent.domain, a.latent.position, a.call, a.rng, 6)) {
      add(more);
      if (!short()) break;
    }
  }
  // Still short: more of what the persona says about it, worded afresh (other seeds), sentence by sentence.
  for (let k = 1; short() && k <= MORE_TRIES; k++) {
    for (const sentence of sentences(plain(ctx.seed + k))) {
      add(sentence);
      if (!short()) break;
    }
  }
  return text;
}

/** Fresh wordings tried for a long minimum; after them a text answer may stay short (docs/simulator.md, limits). */
const MORE_TRIES = 12;

/**
 * A probe after the answer ("Why?", "What would change your mind?"): free text that starts from the
 * persona's previous answer — the value it gave, with a reason it had not given yet. "Why?" and "Tell me
 * more" then get one more such reason; any other probe gets what the persona says to it.
 */
function followUp(a: Answering): string {
  const { ctx } = a;
  const previous = previousAnswer(ctx, a.spec);
  const value = previous ? valueWords(a.spec, previous) : null;
  const reply = () =>
    simulateAnswer({ ...ctx, format: undefined }, { noiseScale: a.call.noiseScale }).replace(DASH_RE, ", ");
  if (!previous || !value) return reply();
  const said = normalizeForCompare(previous);
  const fresh = reasonsFor(a.latent.domain, a.latent.position, a.call, a.rng, 5).filter(
    (r) => !said.includes(normalizeForCompare(r)),
  );
  const lead = `${value} because ${softLower(fresh[0] ?? reason(a))}.`;
  const intent = readIntent(ctx.userPrompt, true);
  if (intent?.kind === "followUp" && (intent.ask === "why" || intent.ask === "more")) {
    return fresh[1] ? `${lead} ${fresh[1]}` : lead;
  }
  const rest = sentences(reply())
    .filter((s) => !said.includes(normalizeForCompare(s)))
    .slice(0, 2)
    .join(" ");
  return rest ? `${lead} ${rest}` : lead;
}

/** The persona's last answer in the session that reads as this format's value first ("B) Pro — …"). */
function previousAnswer(ctx: SimAnswerContext, spec: OutputFormat): string | null {
  if (spec.type === "text" || spec.type === "json") return null;
  const answers = ctx.history.filter((t) => t.role === "assistant").map((t) => t.content);
  return answers.reverse().find((text) => text.includes(" — ")) ?? null;
}

/** "I gave it a 6", "I went with Pro", "I picked Export and Sharing", "I put Price first", "I said 12". */
function valueWords(spec: OutputFormat, previous: string): string | null {
  const value = previous.split(" — ")[0]!.trim();
  const option = (letter: string) =>
    "options" in spec ? spec.options.find((_, i) => optionLetter(i) === letter.trim().toUpperCase()) : undefined;
  switch (spec.type) {
    case "likert":
    case "numeric": {
      const n = /^-?\d+(?:\.\d+)?/.exec(value)?.[0];
      if (!n) return null;
      return spec.type === "likert" ? `I gave it ${n === "8" || n === "11" ? "an" : "a"} ${n}` : `I said ${n}`;
    }
    case "single_choice": {
      const other = /^Other:\s*(.+)$/i.exec(value)?.[1];
      const picked = other ?? option(/^([A-Z]{1,2})\)/.exec(value)?.[1] ?? "");
      return picked ? `I went with ${other ? softLower(picked) : picked}` : null;
    }
    case "multi_choice": {
      const picked = value
        .split(",")
        .map((p) => (/^\s*Other:\s*(.+)$/i.exec(p)?.[1] ?? option(p))?.trim())
        .filter((p): p is string => Boolean(p));
      return picked.length > 0 ? `I picked ${joinList(picked)}` : null;
    }
    case "ranking": {
      const first = option(value.split(">")[0] ?? "");
      return first ? `I put ${first} first` : null;
    }
    default:
      return null;
  }
}
