import { z } from "@hono/zod-openapi";
import { formatInstruction, optionLetter } from "./format-instruction.ts";

/**
 * The shared vocabulary of skills (SPEC §8.1): output formats, questions, evaluation rubrics, and the
 * typed values a parsed answer takes. Written once here and imported by the skills and tasks modules, the
 * simulator (which answers every format) and, later, studies and calibrations.
 *
 * How a format is asked: `formatInstruction(format)` is the sentence appended to a question (every model
 * sees the same words). The convention is "the value first, then why", so a parser can read the value from
 * the start of the answer and the rest stays a quote.
 */

const OptionSchema = z.string().trim().min(1).max(200);
const Options = z
  .array(OptionSchema)
  .min(2)
  .max(50)
  .refine((o) => new Set(o.map((x) => x.toLowerCase())).size === o.length, "options must be different");

export const TextFormatSchema = z
  .object({
    type: z.literal("text"),
    minWords: z.number().int().min(0).max(5000).optional(),
    maxWords: z.number().int().min(1).max(5000).optional(),
  })
  .strict()
  .refine((f) => f.minWords === undefined || f.maxWords === undefined || f.minWords <= f.maxWords, {
    message: "minWords must not exceed maxWords",
    path: ["minWords"],
  });

export const LikertFormatSchema = z
  .object({
    type: z.literal("likert"),
    scale: z.number().int().min(2).max(11).openapi({ description: "Points on the scale, 2-11 (answers are 1..scale)" }),
    labels: z
      .array(z.string().trim().min(1).max(100))
      .optional()
      .openapi({ description: "Two labels (lowest, highest point) or one per point" }),
    reverse: z
      .boolean()
      .optional()
      .openapi({ description: "Reverse-keyed item: the scored value is scale + 1 - the point chosen" }),
  })
  .strict()
  .refine((f) => f.labels === undefined || f.labels.length === 2 || f.labels.length === f.scale, {
    message: "labels must be two (lowest, highest) or one per point",
    path: ["labels"],
  });

export const SingleChoiceFormatSchema = z
  .object({ type: z.literal("single_choice"), options: Options, allowOther: z.boolean().optional() })
  .strict();

export const MultiChoiceFormatSchema = z
  .object({
    type: z.literal("multi_choice"),
    options: Options,
    minPicks: z.number().int().min(0).max(50).optional(),
    maxPicks: z.number().int().min(1).max(50).optional(),
    allowOther: z.boolean().optional(),
  })
  .strict()
  .refine((f) => f.minPicks === undefined || f.maxPicks === undefined || f.minPicks <= f.maxPicks, {
    message: "minPicks must not exceed maxPicks",
    path: ["minPicks"],
  })
  .refine((f) => f.maxPicks === undefined || f.maxPicks <= f.options.length + (f.allowOther ? 1 : 0), {
    message: "maxPicks exceeds the number of options",
    path: ["maxPicks"],
  });

export const RankingFormatSchema = z.object({ type: z.literal("ranking"), options: Options }).strict();

export const NumericFormatSchema = z
  .object({
    type: z.literal("numeric"),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    unit: z.string().trim().min(1).max(40).optional().openapi({ example: "USD per month" }),
    integer: z.boolean().optional(),
  })
  .strict()
  .refine((f) => f.min === undefined || f.max === undefined || f.min <= f.max, {
    message: "min must not exceed max",
    path: ["min"],
  });

/** A JSON Schema (draft 2020-12 or 07) the answer must validate against; bounded in size. */
export const MAX_JSON_SCHEMA_BYTES = 16 * 1024;
export const JsonFormatSchema = z
  .object({
    type: z.literal("json"),
    schema: z
      .record(z.string(), z.unknown())
      .refine((s) => Buffer.byteLength(JSON.stringify(s)) <= MAX_JSON_SCHEMA_BYTES, {
        message: `must be at most ${MAX_JSON_SCHEMA_BYTES} bytes as JSON`,
      })
      .openapi({ description: "JSON Schema of the answer", example: { type: "object" } }),
  })
  .strict();

export const OutputFormatSchema = z
  .union([
    TextFormatSchema,
    LikertFormatSchema,
    SingleChoiceFormatSchema,
    MultiChoiceFormatSchema,
    RankingFormatSchema,
    NumericFormatSchema,
    JsonFormatSchema,
  ])
  .openapi("OutputFormat", {
    description:
      "How the answer is given and parsed: text, likert, single_choice, multi_choice, ranking, numeric or json",
  });

export type OutputFormat = z.infer<typeof OutputFormatSchema>;
export type OutputFormatType = OutputFormat["type"];
export const OUTPUT_FORMAT_TYPES = [
  "text",
  "likert",
  "single_choice",
  "multi_choice",
  "ranking",
  "numeric",
  "json",
] as const satisfies readonly OutputFormatType[];

export const QUESTION_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export const QuestionSchema = z
  .object({
    id: z.string().regex(QUESTION_ID_RE, "must be 1-64 characters of A-Z a-z 0-9 _ -").openapi({ example: "rating" }),
    text: z.string().trim().min(1).max(4000).openapi({ example: "How likely are you to buy the Pro plan?" }),
    outputFormat: OutputFormatSchema,
    followUps: z
      .array(z.string().trim().min(1).max(2000))
      .max(5)
      .optional()
      .openapi({ description: "Probes asked after the answer (free text), e.g. 'Why?'" }),
  })
  .strict()
  .openapi("Question");
export type Question = z.infer<typeof QuestionSchema>;

export const RULE_TYPES = ["format_valid", "must_mention", "must_not_mention", "length", "range"] as const;
export type RuleType = (typeof RULE_TYPES)[number];

export const RuleSchema = z
  .object({
    type: z.enum(RULE_TYPES),
    questionId: z.string().regex(QUESTION_ID_RE).optional().openapi({ description: "Default: every question" }),
    value: z.unknown().optional().openapi({
      description:
        "must_mention / must_not_mention: a string or list of strings; length: { minWords?, maxWords? }; range: { min?, max? }",
    }),
  })
  .strict()
  .openapi("EvaluationRule");
export type Rule = z.infer<typeof RuleSchema>;

export const CriterionSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    weight: z.number().positive().max(1000),
    rule: RuleSchema.optional(),
    judge: z.string().trim().min(1).max(4000).optional().openapi({ description: "An instruction for a judge model" }),
  })
  .strict()
  .refine((c) => (c.rule === undefined) !== (c.judge === undefined), {
    message: "a criterion has either a rule or a judge instruction",
    path: ["rule"],
  })
  .openapi("Criterion");
export type Criterion = z.infer<typeof CriterionSchema>;

export const EvaluationSchema = z
  .object({
    criteria: z.array(CriterionSchema).min(1).max(50),
    passThreshold: z.number().min(0).max(1).openapi({ description: "Weighted total (0-1) needed to pass" }),
  })
  .strict()
  .openapi("Evaluation");
export type Evaluation = z.infer<typeof EvaluationSchema>;

/** A choice answer: the option's label and its 0-based index (null for an "other" answer). */
export interface ChoiceValue {
  label: string;
  index: number | null;
  other?: true;
}

/** What each format parses into (`parsed` of a task result). */
export type ParsedValue =
  | string // text
  | number // likert (1..scale), numeric
  | ChoiceValue // single_choice
  | { labels: string[]; indexes: (number | null)[] } // multi_choice, ranking (a full permutation, first = most preferred)
  | Record<string, unknown>; // json

export type ParseOutcome = { valid: true; parsed: ParsedValue } | { valid: false; error: string };

/** Letters for listed options: A-Z, then AA, AB… (50 options at most). */

/** The message that asks again after an answer could not be read (at most twice per question). */
export function repairInstruction(format: OutputFormat, error: string): string {
  return `Your answer could not be read: ${error}. Please answer again. ${formatInstruction(format)}`;
}

/**
 * The format as the simulator receives it with a turn (`SimAnswerContext.format`): the question's text
 * (markers such as `[simulate:invalid]` live there, see docs/simulator.md) and which ask this is (0: the
 * question itself, 1-2: repairs, 'follow_up': a probe after the answer, answered in free text).
 */
export interface SimFormat {
  spec: OutputFormat;
  question: string;
  ask: number | "follow_up";
}

export { formatInstruction, optionLetter };
