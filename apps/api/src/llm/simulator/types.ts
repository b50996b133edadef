import type { SimFormat } from "../../shared/output-formats.ts";
import type { MemoryType } from "../../shared/vocabulary.ts";
import type { PersonaProfile } from "../profile.ts";

/**
 * The contract between the prompt pipeline and the offline simulator model. The pipeline sends the
 * same messages to every model; the simulator additionally receives this structured context through
 * `providerOptions.simulator` (real providers ignore it), so it can ground its answer in the persona
 * without parsing prose.
 */

export type { MemoryType };

export interface SimPersona {
  id: string;
  firstName: string;
  lastName: string;
  age: number;
  location: string;
  baseOccupation: string;
  gender: string | null;
  education: string | null;
  incomeBracket: string | null;
  household: string | null;
  languages: string[];
  interests: string[];
  attributes: Record<string, unknown>;
  /** null only while the profile is being generated. */
  profile: PersonaProfile | null;
}

export interface SimMemory {
  id: string;
  eventAt: string;
  eventLabel: string;
  facts: string;
  feelings: string;
  interpretation: string;
  emotionTags: string[];
  memoryType: MemoryType;
  /** 0-100 after decay and reinforcement; below ~30 the memory is hazy. */
  effectiveStrength: number;
  /** Why retrieval picked it (e.g. "relevant", "pride: volunteered"). */
  reason: string;
  /** Relevance of the memory to the prompt, 0-1. */
  relevance: number;
}

export interface SimTurn {
  role: "user" | "assistant";
  content: string;
}

/** Ask the simulator to answer as the persona. */
export interface SimAnswerContext {
  task: "answer";
  persona: SimPersona;
  /** Retrieved memories, most relevant first. */
  memories: SimMemory[];
  /** Earlier turns of this session, oldest first (the current prompt is not included). */
  history: SimTurn[];
  userPrompt: string;
  /** Determinism: the same (persona, prompt, seed) gives the same answer. */
  seed: number;
  /**
   * How hard the user has pushed on one subject over recent turns (0 = first ask, grows with
   * repeated, insistent questions). Repressed memories surface only under sustained pressure.
   */
  pressure: number;
  /**
   * The answer is a skill question's (tasks, studies): its output format, the question's text and which
   * ask this is. Absent for chat prompts.
   */
  format?: SimFormat;
}

/** Ask the simulator to write a persona's profile from its seed. */
export interface SimProfileContext {
  task: "profile";
  seed: {
    firstName: string;
    lastName: string;
    age: number;
    location: string;
    baseOccupation: string;
    gender?: string;
    education?: string;
    incomeBracket?: string;
    household?: string;
    languages?: string[];
    interests?: string[];
    personality?: Partial<PersonaProfile["personality"]>;
  };
  /** ISO time of creation: the initial memory must not be later. */
  now: string;
  seedNumber: number;
}

/**
 * Ask the simulator to judge answers against a rubric's judge criterion (`TurnEngine.judge`): it answers
 * `{ score, reason }` by a deterministic rule (docs/simulator.md, "How the simulator judges").
 */
export interface SimJudgeContext {
  task: "judge";
  /** The criterion, e.g. "Does the answer name a concrete reason to buy?". */
  instruction: string;
  transcript: { question: string; answer: string }[];
  /** Carried for symmetry with the other tasks; the judgement does not depend on it. */
  seed: number;
}

export type SimContext = SimAnswerContext | SimProfileContext | SimJudgeContext;
