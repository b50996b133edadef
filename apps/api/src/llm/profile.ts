import { z } from "zod";
import { MEMORY_TYPES } from "../shared/vocabulary.ts";

/**
 * The generated persona profile (SPEC §4 "ours"): what any model — a real one through structured
 * output, or the offline simulator — must produce at persona creation. Validated with this schema;
 * invalid output is retried.
 */
const unit = z.number().min(0).max(1);

export const BigFiveSchema = z.object({
  openness: unit,
  conscientiousness: unit,
  extraversion: unit,
  agreeableness: unit,
  neuroticism: unit,
});

export const CommunicationStyleSchema = z.object({
  /** A few words: "warm and wry", "brisk, matter-of-fact". */
  tone: z.string().min(1).max(200),
  /** 0 = very casual, 1 = very formal. */
  formality: unit,
  /** 0 = terse, 1 = expansive. */
  verbosity: unit,
  /** Habits of speech: "says 'honestly' a lot", "answers with a question". At most 8. */
  quirks: z.array(z.string().min(1).max(200)).max(8),
  /** Words and phrases this persona tends to use. At most 20. */
  vocabulary: z.array(z.string().min(1).max(60)).max(20),
});

export const InitialMemorySchema = z.object({
  eventAt: z.iso.datetime({ offset: true }),
  eventLabel: z.string().min(1).max(500),
  facts: z.string().min(1).max(5000),
  feelings: z.string().min(1).max(5000),
  interpretation: z.string().min(1).max(5000),
  emotionTags: z.array(z.string().min(1).max(100)).max(50),
  memoryType: z.enum(MEMORY_TYPES),
  memoryStrength: z.number().int().min(0).max(100),
});

export const PersonaProfileSchema = z.object({
  personality: BigFiveSchema,
  /** Core values, most important first (3-8). */
  values: z.array(z.string().min(1).max(100)).min(1).max(8),
  interests: z.array(z.string().min(1).max(100)).max(15),
  communicationStyle: CommunicationStyleSchema,
  /** A paragraph or two, first-person-free, coherent with age, place and occupation. */
  backstory: z.string().min(1).max(5000),
  goals: z.array(z.string().min(1).max(300)).min(1).max(8),
  frustrations: z.array(z.string().min(1).max(300)).min(1).max(8),
  /** What this persona knows well, from work and life (3-10 items). */
  domainKnowledge: z.array(z.string().min(1).max(200)).min(1).max(10),
  /** One plausible formative memory, consistent with the backstory and the seed's age. */
  initialMemory: InitialMemorySchema,
});

export type BigFive = z.infer<typeof BigFiveSchema>;
export type CommunicationStyle = z.infer<typeof CommunicationStyleSchema>;
export type PersonaProfile = z.infer<typeof PersonaProfileSchema>;
