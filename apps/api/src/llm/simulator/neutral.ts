import type { PersonaProfile } from "../profile.ts";
import { jsonForSchema } from "./json-schema.ts";
import { normalizeQuestion } from "./latent.ts";
import { type PersonaView, viewPersona } from "./persona.ts";
import { createRng } from "./rng.ts";
import { answerStructured, type StructuredCall } from "./structured.ts";
import { detectStructured } from "./structured-detect.ts";
import { pickTemplate } from "./templates.ts";
import { isGreeting, isInjection, readPrompt } from "./topics.ts";

/**
 * Calls without a simulator context (plain `generateText({ model, prompt })`): a short, neutral
 * first-person reply to the last user message, deterministic from its text. It claims no identity;
 * structured questions get the middle-of-the-road answer of a perfectly average respondent.
 */

const AVERAGE_PROFILE: PersonaProfile = {
  personality: { openness: 0.5, conscientiousness: 0.5, extraversion: 0.5, agreeableness: 0.5, neuroticism: 0.5 },
  values: ["common sense"],
  interests: ["reading", "walking"],
  communicationStyle: {
    tone: "friendly and matter-of-fact",
    formality: 0.5,
    verbosity: 0.3,
    quirks: [],
    vocabulary: [],
  },
  backstory: "An average respondent with no particular story.",
  goals: ["keeping things simple"],
  frustrations: ["wasted time"],
  domainKnowledge: ["everyday life"],
  initialMemory: {
    eventAt: "2000-01-01T00:00:00.000Z",
    eventLabel: "An ordinary day",
    facts: "Nothing out of the ordinary happened.",
    feelings: "Calm",
    interpretation: "Ordinary days add up.",
    emotionTags: [],
    memoryType: "normal",
    memoryStrength: 50,
  },
};

const AVERAGE_VIEW: PersonaView = viewPersona({
  id: "average-respondent",
  firstName: "",
  lastName: "",
  age: 45,
  location: "",
  baseOccupation: "person",
  gender: null,
  education: null,
  incomeBracket: "middle",
  household: null,
  languages: [],
  interests: [],
  attributes: {},
  profile: AVERAGE_PROFILE,
});

const WITH_SUBJECT = [
  "My honest take on {subject} is that it depends on the details.",
  "I have mixed feelings about {subject}, but I am open to it.",
  "I would want to look at {subject} more closely before deciding.",
];
const WITHOUT_SUBJECT = [
  "I would say it depends, but I am open to it.",
  "Good question; I do not have a strong opinion either way.",
  "I think it depends on the situation.",
];
const FOLLOW_UPS = [
  "I try to keep an open mind about these things.",
  "I would want to hear more before making up my mind.",
  "",
];

function call(prompt: string, seed: number): StructuredCall {
  return { view: AVERAGE_VIEW, question: prompt, seed, register: "neutral", noiseScale: 1 };
}

export function neutralReply(prompt: string, seed: number): string {
  if (!prompt.trim()) return "Could you say a bit more about what you mean?";
  if (isInjection(prompt)) return "I am not sure what you mean by that, but I am happy to answer a question.";
  if (isGreeting(prompt)) return "Hi! What would you like to talk about?";
  const structured = detectStructured(prompt);
  if (structured) return answerStructured(structured, call(prompt, seed));
  const rng = createRng("neutral", normalizeQuestion(prompt), seed);
  const subject = readPrompt(prompt).subject;
  const vars = subject ? { subject } : {};
  const first = pickTemplate(rng, subject ? WITH_SUBJECT : WITHOUT_SUBJECT, vars) ?? WITHOUT_SUBJECT[0]!;
  return [first, rng.pick(FOLLOW_UPS)].filter(Boolean).join(" ");
}

export function neutralJson(prompt: string, schema: unknown, seed: number): unknown {
  return jsonForSchema(schema, call(prompt, seed));
}
