import type { SimFormat } from "../../shared/output-formats.ts";
import type { SimAnswerContext, SimContext, SimJudgeContext, SimPersona, SimProfileContext } from "./types.ts";

/**
 * `providerOptions.simulator` arrives as untyped JSON. This accepts anything shaped like a `SimContext`
 * and fills in optional parts (no memories, no history, seed 0), so a partial context still answers.
 */
export function readContext(value: unknown): SimContext | null {
  if (!isObject(value)) return null;
  if (value.task === "profile" && isObject(value.seed)) {
    return {
      task: "profile",
      seed: value.seed as SimProfileContext["seed"],
      // A missing or unreadable `now` makes the profile fall back to a fixed date, keeping it deterministic.
      now: typeof value.now === "string" ? value.now : "",
      seedNumber: typeof value.seedNumber === "number" ? value.seedNumber : 0,
    };
  }
  if (value.task === "answer" && isObject(value.persona) && typeof value.persona.id === "string") {
    const persona = value.persona as unknown as SimPersona;
    return {
      task: "answer",
      persona: {
        ...persona,
        interests: persona.interests ?? [],
        languages: persona.languages ?? [],
        attributes: persona.attributes ?? {},
        profile: persona.profile ?? null,
      },
      memories: Array.isArray(value.memories) ? (value.memories as SimAnswerContext["memories"]) : [],
      history: Array.isArray(value.history) ? (value.history as SimAnswerContext["history"]) : [],
      userPrompt: typeof value.userPrompt === "string" ? value.userPrompt : "",
      seed: typeof value.seed === "number" ? value.seed : 0,
      pressure: typeof value.pressure === "number" ? value.pressure : 0,
      ...(isFormat(value.format) ? { format: value.format } : {}),
    };
  }
  if (value.task === "judge" && typeof value.instruction === "string") {
    return {
      task: "judge",
      instruction: value.instruction,
      transcript: Array.isArray(value.transcript)
        ? (value.transcript as unknown[]).filter(isExchange).map((t) => ({ question: t.question, answer: t.answer }))
        : [],
      seed: typeof value.seed === "number" ? value.seed : 0,
    };
  }
  return null;
}

/** A skill question's format as the turn engine sends it: a spec with a type, the question, the ask. */
function isFormat(value: unknown): value is SimFormat {
  if (!isObject(value) || !isObject(value.spec) || typeof value.spec.type !== "string") return false;
  return typeof value.question === "string" && (typeof value.ask === "number" || value.ask === "follow_up");
}

function isExchange(value: unknown): value is SimJudgeContext["transcript"][number] {
  return isObject(value) && typeof value.question === "string" && typeof value.answer === "string";
}

function isObject(value: unknown): value is Record<string, unknown> & { persona?: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
