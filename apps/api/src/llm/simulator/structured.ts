import { latentAttitude } from "./latent.ts";
import type { PersonaView } from "./persona.ts";
import { REASONS } from "./phrases-structured.ts";
import { createRng, hashOf, type Rng } from "./rng.ts";
import type { NumericQuestion, StructuredQuestion } from "./structured-detect.ts";
import { pickTemplates } from "./templates.ts";
import { contentWords, words } from "./text.ts";
import { personaVars } from "./vars.ts";
import { applyRegister, type Register } from "./voice.ts";

/**
 * Structured answers: the value first (a scale point, an option as written, a number), then one short
 * reason in the persona's voice. Values come from the latent attitude, so they differ between cohorts
 * and stay stable for one persona across seeds.
 */

export interface StructuredCall {
  view: PersonaView;
  question: string;
  seed: number;
  register: Register;
  /** Scales the per-call noise: 0 gives the persona's most likely answer every time. */
  noiseScale: number;
}

export function answerStructured(request: StructuredQuestion, call: StructuredCall): string {
  const latent = latentAttitude(call.view, call.question, call.seed, call.noiseScale);
  const rng = createRng("structured", call.view.persona.id, call.question, call.seed);
  const value = leadingValue(request, latent.position, call);
  const reason = reasonFor(latent.domain, latent.position, call, rng);
  return `${value} — ${reason}`;
}

function leadingValue(request: StructuredQuestion, position: number, call: StructuredCall): string {
  switch (request.kind) {
    case "likert": {
      const point = scalePoint(position, request.min, request.max);
      const label = request.labels?.[point - request.min];
      return label ? `${point} (${label})` : String(point);
    }
    case "choice":
      return chooseOption(request.options, position, call);
    case "numeric":
      return numberFor(request.numeric, position, call);
  }
}

/** The point of a min..max scale that a latent position falls on. */
export function scalePoint(position: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(min + position * (max - min))));
}

/** A reason sentence for where the answer fell on the scale, in the persona's register. */
export function reasonFor(domain: string, position: number, call: StructuredCall, rng: Rng): string {
  return reasonsFor(domain, position, call, rng, 1)[0]!;
}

/** Up to `count` different reasons (for a list of them), the fitting ones first. */
export function reasonsFor(domain: string, position: number, call: StructuredCall, rng: Rng, count: number): string[] {
  const bank = REASONS[domain] ?? REASONS.generic!;
  const band = position > 0.62 ? "high" : position < 0.38 ? "low" : "middle";
  const vars = personaVars(call.view, rng);
  const lines = [
    ...pickTemplates(rng, bank[band], vars, "", count),
    ...pickTemplates(rng, REASONS.generic![band], vars, "", count),
    ...pickTemplates(rng, REASONS.generic!.middle, vars, "", count),
  ];
  return [...new Set(lines)].slice(0, count).map((line) => applyRegister(line, call.register));
}

/**
 * Ordinal options ("Very likely … Not at all likely", "Yes/No") are picked by latent position; others
 * by affinity with the persona's traits and interests, plus a stable per-persona preference.
 */
export function chooseOption(options: readonly string[], position: number, call: StructuredCall): string {
  return rankOptions(options, position, call)[0]!;
}

/**
 * Every option, the best fitting first: ordinal options by their distance from the latent position (ties:
 * the lower one first), others by affinity (ties: the first listed first).
 */
export function rankOptions(options: readonly string[], position: number, call: StructuredCall): string[] {
  const polarity = options.map(polarityOf);
  if (isMonotonic(polarity)) {
    const ranked = options.map((option, i) => ({ option, score: polarity[i]! })).sort((a, b) => a.score - b.score);
    const target = scalePoint(position, 0, ranked.length - 1);
    return ranked
      .map((r, i) => ({ option: r.option, distance: Math.abs(i - target), i }))
      .sort((a, b) => a.distance - b.distance || a.i - b.i)
      .map((r) => r.option);
  }
  return options
    .map((option) => ({ option, score: affinity(option, call) }))
    .sort((a, b) => b.score - a.score)
    .map((r) => r.option);
}

const POSITIVE = new Set(
  "agree likely satisfied yes always often frequently love like interested excellent good great high daily definitely important more most easy better best positive useful".split(
    " ",
  ),
);
const NEGATIVE = new Set(
  "disagree unlikely dissatisfied unsatisfied no never rarely seldom hate dislike uninterested poor bad low none less least hard difficult unimportant worse worst negative useless".split(
    " ",
  ),
);
const NEUTRAL = new Set("neutral neither sometimes maybe unsure occasionally moderate average okay mixed".split(" "));
const INTENSIFIERS = new Set("very extremely strongly completely highly totally really".split(" "));
const SOFTENERS = new Set("somewhat slightly fairly little moderately kind sort".split(" "));

/** Where an option sits from negative to positive, or NaN when it carries no polarity at all. */
function polarityOf(option: string): number {
  const tokens = words(option);
  let base = 0;
  let found = false;
  for (const t of tokens) {
    if (POSITIVE.has(t)) base += 1;
    else if (NEGATIVE.has(t)) base -= 1;
    else if (!NEUTRAL.has(t)) continue;
    found = true;
  }
  if (!found) return Number.NaN;
  const intensified = tokens.some((t) => INTENSIFIERS.has(t));
  const softened = tokens.some((t) => SOFTENERS.has(t)) ? 0.5 : 1;
  if (tokens.includes("not")) {
    // "not at all likely" is the far end; "not very likely" only mildly negative.
    const negated = base > 0 ? -base : base - 0.5;
    return negated * (tokens.join(" ").includes("at all") ? 2 : intensified ? 0.5 : 1) * softened;
  }
  return base * (intensified ? 2 : 1) * softened;
}

function isMonotonic(values: readonly number[]): boolean {
  if (values.length < 2 || values.some(Number.isNaN)) return false;
  const steps = values.slice(1).map((v, i) => v - values[i]!);
  return steps.every((s) => s > 0) || steps.every((s) => s < 0);
}

const AFFINITY_WORDS: ReadonlyArray<readonly [RegExp, (v: PersonaView) => number]> = [
  [
    /\b(new|latest|ai|app|online|digital|innovative|modern|smart|try|experimental)\b/i,
    (v) => v.stance.receptivity - 0.5,
  ],
  [/\b(cheap|cheapest|budget|free|discount|affordable|basic|value|save)\b/i, (v) => v.stance.priceSensitivity - 0.5],
  [/\b(premium|luxury|high-end|deluxe|pro|best quality|top)\b/i, (v) => v.stance.affluence - 0.5],
  [/\b(friends|people|group|party|team|together|social|community|out)\b/i, (v) => v.traits.extraversion - 0.5],
  [/\b(alone|quiet|home|reading|solo|nap|relax|calm)\b/i, (v) => 0.5 - v.traits.extraversion],
  [
    /\b(safe|secure|reliable|familiar|traditional|classic|usual|same|proven|in person|cash)\b/i,
    (v) => v.stance.caution - v.stance.receptivity,
  ],
  [/\b(plan|organized|schedule|research|compare|read)\b/i, (v) => v.traits.conscientiousness - 0.5],
];

function affinity(option: string, call: StructuredCall): number {
  const { view } = call;
  let score = ((hashOf("option", view.persona.id, call.question, option) % 1000) / 1000) * 0.5;
  for (const [re, weight] of AFFINITY_WORDS) if (re.test(option)) score += weight(view) * 1.2;
  const own = new Set(
    contentWords(
      [...view.profile.interests, ...view.profile.values, view.occupationNoun, ...view.profile.domainKnowledge].join(
        " ",
      ),
    ),
  );
  if (contentWords(option).some((w) => own.has(w))) score += 0.6;
  score +=
    ((hashOf("option-noise", view.persona.id, call.question, option, call.seed) % 1000) / 1000) * 0.1 * call.noiseScale;
  return score;
}

/** Base prices in dollars for common things; a price question about anything else starts from $50. */
const BASE_PRICES: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(app|subscription|streaming|software|membership|plan)\b/i, 10],
  [/\b(coffee|latte|espresso)\b/i, 5],
  [/\b(lunch|sandwich|pizza|burger|meal kit|meal)\b/i, 15],
  [/\b(dinner|restaurant)\b/i, 40],
  [/\b(book|ebook|magazine)\b/i, 18],
  [/\b(ticket|concert|show|movie)\b/i, 40],
  [/\b(haircut)\b/i, 35],
  [/\b(gym)\b/i, 40],
  [/\b(shoes|sneakers|jacket|jeans)\b/i, 90],
  [/\b(headphones|earbuds|speaker)\b/i, 150],
  [/\b(phone|smartphone|tablet)\b/i, 700],
  [/\b(laptop|computer)\b/i, 1100],
  [/\b(tv|television)\b/i, 600],
  [/\b(bike|bicycle)\b/i, 500],
  [/\b(sofa|couch|mattress|furniture)\b/i, 900],
  [/\b(flight|plane ticket)\b/i, 350],
  [/\b(hotel|night)\b/i, 160],
  [/\b(vacation|holiday|trip)\b/i, 2000],
  [/\b(car|vehicle)\b/i, 28000],
  [/\b(house|home|condo|apartment)\b/i, 400000],
  [/\b(rent)\b/i, 1800],
];

/** A plausible price for what the question is about: higher latent = willing to pay more. */
export function priceFor(question: string, position: number): number {
  const base = BASE_PRICES.find(([re]) => re.test(question))?.[1] ?? 50;
  return roundNicely(base * Math.exp((position - 0.5) * 1.6));
}

interface CountUnit {
  typical: number;
  min: number;
  max: number;
  /** The period the figures are for; other periods scale them. */
  per?: Period;
  /** A bounded scale (days in a week) rather than a skewed amount. */
  linear?: boolean;
}
type Period = "day" | "week" | "month" | "year";
const DAYS_IN: Record<Period, number> = { day: 1, week: 7, month: 30, year: 365 };

const COUNT_UNITS: ReadonlyArray<readonly [RegExp, CountUnit]> = [
  [/^hours?$/, { typical: 3, min: 0, max: 16, per: "day" }],
  [/^minutes?$/, { typical: 30, min: 5, max: 240, per: "day" }],
  [/^days?$/, { typical: 3, min: 0, max: 7, per: "week", linear: true }],
  [/^times?$/, { typical: 3, min: 0, max: 21, per: "week" }],
  [/^(apps?|applications?)$/, { typical: 30, min: 5, max: 120 }],
  [/^(friends?|people|contacts?)$/, { typical: 6, min: 1, max: 50 }],
  [/^books?$/, { typical: 8, min: 0, max: 60, per: "year" }],
  [/^(cups?|coffees?|drinks?)$/, { typical: 2, min: 0, max: 8, per: "day" }],
  [/^(subscriptions?|services?|streaming)$/, { typical: 3, min: 0, max: 10 }],
  [/^years?$/, { typical: 5, min: 1, max: 40 }],
];

function numberFor(numeric: NumericQuestion, position: number, call: StructuredCall): string {
  const value = numberValue(numeric, position, call.question);
  if (numeric.type === "percent") return `${value} percent`;
  if (numeric.type === "price") return [String(value), numeric.currency, numeric.period].filter(Boolean).join(" ");
  if (!COUNT_UNITS.some(([re]) => re.test(numeric.unit ?? ""))) return String(value);
  const noun = value === 1 ? numeric.unit!.replace(/s$/, "") : numeric.unit!;
  return [String(value), noun, numeric.period].filter(Boolean).join(" ");
}

/**
 * The number a numeric question gets at this latent position: a percentage, a price for what the question
 * is about, a count in its unit and period, or 1-10 for a number of nothing known.
 */
export function numberValue(numeric: NumericQuestion, position: number, question: string): number {
  if (numeric.type === "percent") return Math.round(5 + position * 90);
  if (numeric.type === "price") return priceFor(question, position);
  const unit = COUNT_UNITS.find(([re]) => re.test(numeric.unit ?? ""))?.[1];
  if (!unit) return Math.round(1 + position * 9);
  const asked = numeric.period?.replace(/^a /, "") as Period | undefined;
  const scale = unit.per && asked && asked in DAYS_IN ? DAYS_IN[asked] / DAYS_IN[unit.per] : 1;
  const [min, max, typical] = [unit.min * scale, unit.max * scale, unit.typical * scale];
  const raw = unit.linear ? min + position * (max - min) : typical * Math.exp((position - 0.5) * 2 * Math.log(3));
  return Math.min(Math.round(max), Math.max(Math.round(min), roundNicely(raw)));
}

function roundNicely(value: number): number {
  const step = value < 20 ? 1 : value < 100 ? 5 : value < 1000 ? 10 : value < 10_000 ? 50 : 500;
  return Math.round(value / step) * step;
}
