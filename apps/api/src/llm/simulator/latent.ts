import type { PersonaView } from "./persona.ts";
import { clamp, normalFromHash } from "./rng.ts";

/**
 * The latent attitude behind every structured answer. For a (persona, question) pair it is a weighted
 * sum of the trait and demographic signals that bear on the question's domain (novelty → openness and
 * youth, price → income, risk → neuroticism and conscientiousness, social → extraversion and
 * agreeableness…), plus a stable per-persona random effect hashed from the persona id and the question,
 * plus a little noise from the call seed. Cohorts then differ in believable directions, and the same
 * persona answers the same question almost the same way every time.
 */

type Signal =
  | "openness"
  | "conscientiousness"
  | "extraversion"
  | "agreeableness"
  | "neuroticism"
  | "youth"
  | "affluence"
  | "priceSensitivity";

type Weights = Partial<Record<Signal, number>>;

/** Higher latent = more of what the question asks about (more interested, more worried, more willing to pay). */
const DOMAINS: ReadonlyArray<{ name: string; pattern: RegExp; weights: Weights }> = [
  {
    name: "novelty",
    pattern:
      /\b(new|try|trying|app|apps|ai|technology|tech|innovative|innovation|gadgets?|beta|smart|digital|online|virtual|crypto|electric|latest|early adopter|chatbot|vr|startup)\b/,
    weights: { openness: 0.55, youth: 0.45, extraversion: 0.1 },
  },
  {
    name: "price",
    pattern: /\b(pay|paying|price|subscribe|subscription|spend|spending|premium|purchase|buy|splurge|worth)\b/,
    weights: { affluence: 0.6, priceSensitivity: -0.3, openness: 0.1 },
  },
  {
    name: "priceConcern",
    pattern: /\b(expensive|afford|affordable|cost of living|too much|overpriced|inflation|cheap|budget|bills)\b/,
    weights: { priceSensitivity: 0.7, neuroticism: 0.2 },
  },
  {
    name: "risk",
    pattern:
      /\b(worried|worry|concerned|concern|risk|risky|safe|safety|privacy|private|security|secure|danger|dangerous|anxious|afraid|scared|fraud|scam|data)\b/,
    weights: { neuroticism: 0.5, conscientiousness: 0.3, youth: -0.2 },
  },
  {
    name: "social",
    pattern:
      /\b(friends|people|social|community|party|parties|events?|meet|meeting new|team|group|share|sharing|together|neighbors)\b/,
    weights: { extraversion: 0.55, agreeableness: 0.35 },
  },
  {
    name: "satisfaction",
    pattern: /\b(satisfied|satisfaction|happy|happiness|enjoy|content|fulfilled|life going|stressed|optimistic)\b/,
    weights: { neuroticism: -0.45, extraversion: 0.3, agreeableness: 0.2 },
  },
  {
    name: "health",
    pattern: /\b(exercise|health|healthy|diet|fitness|gym|sleep|workout|walk|vegetables|doctor)\b/,
    weights: { conscientiousness: 0.5, youth: 0.2, neuroticism: -0.1 },
  },
  {
    name: "environment",
    pattern: /\b(environment|environmental|climate|sustainab\w*|recycl\w*|green|carbon|planet|eco)\b/,
    weights: { openness: 0.4, agreeableness: 0.3, youth: 0.3 },
  },
  {
    name: "work",
    pattern: /\b(career|job|work|promotion|ambitious|ambition|productivity|productive|hard work|overtime)\b/,
    weights: { conscientiousness: 0.5, extraversion: 0.3 },
  },
  {
    name: "planning",
    pattern: /\b(plan|planning|organized|organised|schedule|routine|prepared|checklist)\b/,
    weights: { conscientiousness: 0.6, neuroticism: 0.1 },
  },
  {
    name: "trust",
    pattern: /\b(trust|trustworthy|rely|reliable|honest|confidence in|believe)\b/,
    weights: { agreeableness: 0.45, neuroticism: -0.3, youth: -0.1 },
  },
  {
    name: "tradition",
    pattern: /\b(tradition|traditional|religion|religious|faith|old-fashioned|classic|conventional)\b/,
    weights: { openness: -0.5, youth: -0.4, conscientiousness: 0.1 },
  },
];

/** No domain matched: a mild acquiescence and curiosity bias. */
const GENERIC: Weights = { agreeableness: 0.4, openness: 0.35, extraversion: 0.25 };

export interface Latent {
  /** 0 (lowest) to 1 (highest) position on whatever scale the question uses. */
  position: number;
  /** The domains that drove it, for choosing a fitting reason. */
  domain: string;
}

/** Spread of the per-persona random effect and of the per-call noise, in latent units. */
const PERSONA_EFFECT_SD = 0.35;
const CALL_NOISE_SD = 0.08;
/** Slope of the logistic map from latent score to scale position. */
const SLOPE = 2.2;

export function latentAttitude(view: PersonaView, question: string, seed: number, noiseScale = 1): Latent {
  const text = question.toLowerCase();
  const matched = DOMAINS.filter((d) => d.pattern.test(text));
  const weights = matched.length > 0 ? mergeWeights(matched.map((d) => d.weights)) : GENERIC;
  const signals = signalsOf(view);
  let score = 0;
  for (const [signal, weight] of Object.entries(weights) as Array<[Signal, number]>) {
    score += weight * signals[signal];
  }
  const key = normalizeQuestion(question);
  score += PERSONA_EFFECT_SD * normalFromHash("persona-effect", view.persona.id, key);
  score += CALL_NOISE_SD * noiseScale * normalFromHash("call-noise", view.persona.id, key, seed);
  return {
    position: 1 / (1 + Math.exp(-SLOPE * score)),
    domain: matched[0]?.name ?? "generic",
  };
}

/** Averages several domains' weights and rescales them so their absolute values sum to 1. */
function mergeWeights(all: readonly Weights[]): Weights {
  const merged: Weights = {};
  for (const weights of all) {
    for (const [signal, weight] of Object.entries(weights) as Array<[Signal, number]>) {
      merged[signal] = (merged[signal] ?? 0) + weight;
    }
  }
  const total = Object.values(merged).reduce((sum, w) => sum + Math.abs(w), 0) || 1;
  for (const signal of Object.keys(merged) as Signal[]) merged[signal] = merged[signal]! / total;
  return merged;
}

/** Each signal centred on 0 and scaled to about [-1, 1]. */
function signalsOf(view: PersonaView): Record<Signal, number> {
  const centred = (x: number) => clamp((x - 0.5) * 2, -1, 1);
  const t = view.traits;
  return {
    openness: centred(t.openness),
    conscientiousness: centred(t.conscientiousness),
    extraversion: centred(t.extraversion),
    agreeableness: centred(t.agreeableness),
    neuroticism: centred(t.neuroticism),
    youth: view.stance.youth,
    affluence: centred(view.stance.affluence),
    priceSensitivity: centred(view.stance.priceSensitivity),
  };
}

/** Case, punctuation and spacing do not make a different question. */
export function normalizeQuestion(question: string): string {
  return question
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}
