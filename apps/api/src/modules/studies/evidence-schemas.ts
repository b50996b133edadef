import { z } from "../../shared/schemas.ts";

/**
 * The shape of a run's evidence (`GET /studies/{id}/runs/{runId}/results`, issue 13), computed by
 * `computeEvidence` (evidence.ts). Every figure a statistic leaves undefined is `null`, never NaN; fields
 * that only exist for some question types are optional. Tests parse `computeEvidence`'s output with
 * `StudyEvidenceSchema` (strict objects), so the types and the schemas cannot drift apart.
 */

const num = (description?: string) => (description ? z.number().openapi({ description }) : z.number());
const nullableNum = (description: string) => z.number().nullable().openapi({ description });

export const IntervalSchema = z.strictObject({ lower: z.number(), upper: z.number() }).openapi("EvidenceInterval");

export const TASK_STATES = ["succeeded", "failed", "cancelled", "queued", "running", "paused"] as const;

export const EvidenceTasksSchema = z
  .strictObject({
    total: z.number().int(),
    byState: z.strictObject(
      Object.fromEntries(TASK_STATES.map((s) => [s, z.number().int()])) as Record<
        (typeof TASK_STATES)[number],
        z.ZodNumber
      >,
    ),
    answered: z.number().int().openapi({ description: "Tasks with at least one valid answer" }),
    failed: z.number().int(),
    errors: z
      .array(z.strictObject({ code: z.string(), count: z.number().int() }))
      .openapi({ description: "Error codes of failed tasks, most frequent first" }),
    costUsd: num("Sum of the tasks' cost"),
    credits: num("Sum of the tasks' credits"),
    tokensIn: z
      .number()
      .int()
      .openapi({ description: "Model input tokens of the tasks that succeeded (their turns, repairs and follow-ups)" }),
    tokensOut: z.number().int().openapi({ description: "Model output tokens of the tasks that succeeded" }),
    scored: z.number().int().openapi({ description: "Tasks with a rubric score" }),
    passed: z.number().int().openapi({ description: "Scored tasks that passed the rubric" }),
    meanScore: nullableNum("Mean rubric total of the scored tasks; null when none"),
  })
  .openapi("EvidenceTasks");

export const CategorySchema = z
  .strictObject({
    value: z.string().openapi({ description: 'The option label, the likert point ("1".."scale") or "other"' }),
    index: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "0-based option index (likert: point − 1); null for free 'other' answers" }),
    label: z.string().nullable().openapi({ description: "The likert point's label when the format has one" }),
    count: z.number().int(),
    proportion: num("count ÷ n"),
    weightedProportion: num("Σ weights of the category ÷ Σ weights (weighted runs only)").optional(),
  })
  .openapi("EvidenceCategory");

export const OptionShareSchema = z
  .strictObject({
    value: z.string(),
    index: z.number().int().nullable(),
    count: z.number().int().openapi({ description: "Respondents who picked the option" }),
    share: num("count ÷ respondents"),
    weightedShare: num("Σ weights of those who picked it ÷ Σ weights (weighted runs only)").optional(),
  })
  .openapi("EvidenceOptionShare");

export const RankPositionSchema = z
  .strictObject({
    value: z.string(),
    index: z.number().int().nullable(),
    meanPosition: num("Mean 1-based position (1 = most preferred)"),
    weightedMeanPosition: num("Weighted mean position (weighted runs only)").optional(),
    n: z.number().int().openapi({ description: "Rankings that placed the option" }),
  })
  .openapi("EvidenceRankPosition");

export const NumericStatsSchema = z
  .strictObject({
    n: z.number().int(),
    mean: z.number(),
    meanCI: IntervalSchema.nullable().openapi({ description: "95% t interval (R: t.test); null when n < 2" }),
    sd: nullableNum("Sample sd (n − 1); null when n < 2"),
    median: z.number(),
    medianCI: z
      .strictObject({
        B: z.number().int().openapi({ description: "Bootstrap resamples" }),
        seed: z.number().int().openapi({ description: "Seed of the resamples (from the run seed, question, group)" }),
        percentile: IntervalSchema,
        bca: IntervalSchema.nullable().openapi({ description: "BCa; null when every resample falls on one side" }),
      })
      .nullable()
      .openapi({ description: "95% bootstrap intervals of the median; null when n < 2" }),
    min: z.number(),
    max: z.number(),
    weightedMean: nullableNum("Σwx ÷ Σw (weighted runs only; null when the group's weights sum to 0)").optional(),
    weightedSd: nullableNum("Reliability-weights sd (weighted runs only)").optional(),
  })
  .openapi("EvidenceNumericStats");

export const EvidencePersonaRefSchema = z.strictObject({
  taskId: z.string(),
  personaId: z.string(),
  name: z.string().openapi({ description: "First and last name (as of the run when the persona was deleted since)" }),
  age: z.number(),
  location: z.string(),
});

export const QuoteSchema = EvidencePersonaRefSchema.extend({
  kind: z.enum(["typical", "extreme"]).openapi({
    description: "typical: most similar to the group's TF-IDF centroid; extreme: least similar",
  }),
  similarity: num("Cosine similarity of the answer's TF-IDF vector to the group's centroid"),
  text: z.string().openapi({ description: "The answer (text) or the raw reply (other types), trimmed to ~400 chars" }),
}).openapi("EvidenceQuote");

export const OutlierSchema = EvidencePersonaRefSchema.extend({
  value: z.number(),
  robustZ: num("|x − median| ÷ (1.4826·MAD); listed when > 3.5"),
}).openapi("EvidenceOutlier");

export const ThemeSchema = z
  .strictObject({
    label: z.string().openapi({ description: "The top 3 terms" }),
    terms: z.array(z.strictObject({ term: z.string(), weight: z.number() })),
    size: z.number().int(),
    share: num("size ÷ the answers clustered"),
    example: QuoteSchema.omit({ kind: true, similarity: true }).openapi({
      description: "The answer closest to the theme's centroid",
    }),
    summary: z.strictObject({ text: z.string(), model: z.string() }).nullable().optional().openapi({
      description:
        "With `summaries=true` and a real model: the model's one- or two-sentence summary of the theme's answers (null when the run's model is the simulator)",
    }),
  })
  .openapi("EvidenceTheme");

export const GroupSummarySchema = z
  .strictObject({
    dimension: z
      .string()
      .openapi({ description: '"overall", or the groupBy key the group belongs to', example: "cohort" }),
    key: z.string().openapi({ description: 'The group value ("all" overall; "(none)" when unset)' }),
    label: z.string(),
    n: z.number().int().openapi({ description: "Valid answers in the group" }),
    weight: num("Σ weights of those answers"),
    mean: nullableNum("likert and numeric: the mean (stats.mean); null for other types or no answers"),
    ci: z
      .strictObject({ lower: z.number(), upper: z.number(), level: z.number() })
      .nullable()
      .openapi({ description: "The mean's 95% t interval (stats.meanCI); null when n < 2 or not numeric" }),
    distribution: z
      .array(CategorySchema)
      .optional()
      .openapi({ description: "single_choice and likert: every option or point, with zero counts" }),
    options: z
      .array(OptionShareSchema)
      .optional()
      .openapi({ description: "multi_choice: share of respondents picking each option" }),
    ranking: z
      .strictObject({ positions: z.array(RankPositionSchema), firstChoice: z.array(CategorySchema) })
      .optional()
      .openapi({ description: "ranking: mean position per option (best first) and the first choices" }),
    stats: NumericStatsSchema.nullable()
      .optional()
      .openapi({ description: "likert and numeric; null when the group has no valid answer" }),
    outliers: z
      .strictObject({ count: z.number().int(), items: z.array(OutlierSchema) })
      .optional()
      .openapi({ description: "likert and numeric: answers with robust z > 3.5 (the 20 largest listed)" }),
    quotes: z.array(QuoteSchema),
    themes: z
      .array(ThemeSchema)
      .optional()
      .openapi({ description: "text questions, overall only: TF-IDF terms clustered with seeded k-means" }),
  })
  .openapi("EvidenceGroup");

export const TEST_KINDS = ["chi_square", "welch_t", "mann_whitney", "kruskal_wallis"] as const;

export const GroupTestSchema = z
  .strictObject({
    dimension: z.string().openapi({ description: "The groupBy key whose groups are compared", example: "cohort" }),
    test: z.enum(TEST_KINDS),
    on: z.enum(["answer", "first_choice", "points"]).openapi({
      description: "What is compared: the answer (categories or values), a ranking's first choice, likert points",
    }),
    groups: z.array(z.string()).openapi({ description: "The keys of the groups compared" }),
    statistic: nullableNum("X², t, U or H; null when skipped"),
    df: nullableNum("Degrees of freedom (null for Mann–Whitney or when skipped)"),
    p: nullableNum("Unadjusted p-value"),
    pAdjusted: nullableNum("Holm-adjusted across every test of the result"),
    significant: z.boolean().openapi({ description: "pAdjusted < 0.05" }),
    effect: z
      .strictObject({ measure: z.enum(["cramers_v", "hedges_g", "rank_biserial"]), value: z.number().nullable() })
      .nullable(),
    difference: z
      .strictObject({ estimate: z.number(), ci: IntervalSchema })
      .optional()
      .openapi({ description: "Welch: mean of the first group − mean of the second, with its 95% CI" }),
    skipped: z.string().nullable().openapi({ description: "Why the test was not run" }),
  })
  .openapi("EvidenceTest");

export const QuestionEvidenceSchema = z
  .strictObject({
    questionId: z.string(),
    text: z.string(),
    type: z.enum(["text", "likert", "single_choice", "multi_choice", "ranking", "numeric", "json"]),
    answered: z.number().int().openapi({ description: "Valid answers" }),
    invalid: z.number().int().openapi({ description: "Answers that failed to parse" }),
    missing: z.number().int().openapi({ description: "Tasks without an answer to this question" }),
    overall: GroupSummarySchema,
    groups: z
      .array(GroupSummarySchema)
      .openapi({ description: "Per groupBy dimension, its groups with at least one answer, by key" }),
    tests: z
      .array(GroupTestSchema)
      .openapi({ description: "Between-group tests of each dimension (Holm-adjusted across the whole result)" }),
  })
  .openapi("QuestionEvidence");

export const StudyEvidenceSchema = z
  .strictObject({
    seed: z.number().int(),
    bootstrapResamples: z.number().int(),
    weighted: z.boolean(),
    groupBy: z.array(z.string()),
    tasks: EvidenceTasksSchema,
    questions: z.array(QuestionEvidenceSchema),
    testCount: z.number().int().openapi({ description: "Tests run (the Holm family size)" }),
    ignoredAnswers: z
      .number()
      .int()
      .openapi({ description: "Answers whose task or persona was not given (0 in a consistent run)" }),
  })
  .openapi("StudyEvidence");

export type StudyEvidence = z.infer<typeof StudyEvidenceSchema>;
export type QuestionEvidence = z.infer<typeof QuestionEvidenceSchema>;
export type GroupSummary = z.infer<typeof GroupSummarySchema>;
export type GroupTest = z.infer<typeof GroupTestSchema>;
export type NumericStats = z.infer<typeof NumericStatsSchema>;
export type Category = z.infer<typeof CategorySchema>;
export type Quote = z.infer<typeof QuoteSchema>;
export type Outlier = z.infer<typeof OutlierSchema>;
export type EvidenceTheme = z.infer<typeof ThemeSchema>;
export type EvidenceTasksSummary = z.infer<typeof EvidenceTasksSchema>;
