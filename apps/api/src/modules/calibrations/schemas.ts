import { pageQuery, TenantIdSchema, UuidSchema, z } from "../../shared/schemas.ts";

/** Request and response schemas of the calibration routes (docs/calibration.md); tests parse responses with these. */

export const DEFAULT_SIZE = 2000;
export const MIN_SIZE = 20;
export const MAX_SIZE = 5000;
/** The population's seed when none is given: calibrations of the same size then share one population. */
export const DEFAULT_SEED = 2024;
export const DEFAULT_MAX_CONCURRENCY = 16;
export const MAX_CONCURRENCY = 200;

const iso = z.string().openapi({ example: "2026-02-20T12:00:00.000Z" });

export const CreateCalibrationBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    model: z.string().min(3).max(200).openapi({
      description: "The model to calibrate (`provider/model`, one this server can call)",
      example: "openai/gpt-4.1-mini",
    }),
    items: z
      .union([z.literal("gss-2024"), z.array(z.string().min(1).max(50)).min(1).max(30)])
      .optional()
      .openapi({
        description:
          'The GSS 2024 items to ask: `"gss-2024"` (all 30, the default) or a list of item ids (`["HAPPY", "TRUST"]`, case-insensitive)',
        example: "gss-2024",
      }),
    size: z
      .number()
      .int()
      .min(MIN_SIZE)
      .max(MAX_SIZE)
      .optional()
      .openapi({
        description: `Members of the US-adults population asked (${MIN_SIZE}-${MAX_SIZE}, default ${DEFAULT_SIZE}); small sizes cannot show subgroup skill (docs/calibration.md, "Sampling floor")`,
        example: DEFAULT_SIZE,
      }),
    seed: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .openapi({
        description: `The population's generation seed (default ${DEFAULT_SEED}): a ready population an earlier calibration generated with the same size and seed is reused`,
        example: DEFAULT_SEED,
      }),
    maxConcurrency: z
      .number()
      .int()
      .min(1)
      .max(MAX_CONCURRENCY)
      .optional()
      .openapi({
        description: `Tasks in flight at most (1-${MAX_CONCURRENCY}, default ${DEFAULT_MAX_CONCURRENCY}); the model's MODEL_CONCURRENCY limit applies too`,
        example: DEFAULT_MAX_CONCURRENCY,
      }),
  })
  .openapi("CreateCalibrationRequest");
export type CreateCalibrationInput = z.infer<typeof CreateCalibrationBody>;

export const ListCalibrationsQuery = z.strictObject({
  ...pageQuery,
  model: z
    .string()
    .max(200)
    .regex(/^[a-z0-9-]+\/[A-Za-z0-9._:/@-]{1,200}$/, "a model slug, `provider/model`")
    .optional()
    .openapi({ description: "Only calibrations of this model (`provider/model`)", example: "person-run/simulator" }),
});
export type ListCalibrationsQuery = z.infer<typeof ListCalibrationsQuery>;

const distances = z
  .object({ tvd: z.number().nullable(), jsd: z.number().nullable() })
  .openapi("CalibrationDistances", { description: "Total variation distance and Jensen–Shannon divergence (base 2)" });
const level = z.object({ overall: distances, subgroup: distances });
const skillPair = z
  .object({ jsd: z.number().nullable(), tvd: z.number().nullable() })
  .openapi({ description: "1 − model / baseline on the mean distance; null when the baseline's distance is 0" });

export const CalibrationSkillSchema = z
  .object({
    vsUniform: z.object({ overall: skillPair, subgroup: skillPair }),
    vsMarginal: z.object({ overall: skillPair, subgroup: skillPair }),
    subgroupVsMarginal: skillPair.openapi({
      description: "The headline: the differences between age groups and sexes, beyond the all-respondents answer",
    }),
  })
  .openapi("CalibrationSkill");

const distribution = z.record(z.string(), z.number());
const cell = {
  n: z.number().int().openapi({ description: "Valid model answers in the cell" }),
  lowN: z.boolean().openapi({ description: "Fewer than `cells.minAnswers` answers: shown, left out of every mean" }),
  tvd: z.number().nullable(),
  jsd: z.number().nullable(),
  distribution: distribution.nullable(),
  samplingFloor: distances.nullable(),
};

export const CalibrationItemScoreSchema = z
  .object({
    id: z.string().openapi({ example: "HAPPY" }),
    ...cell,
    invalid: z.number().int().openapi({ description: "Answers that named none of the item's categories" }),
    subgroups: z.array(
      z.object({
        dimension: z.enum(["age_group", "sex"]),
        group: z.string().openapi({ example: "18-29" }),
        ...cell,
        baselines: z.object({ uniform: distances, marginal: distances }),
      }),
    ),
    subgroupMean: distances,
    baselines: z.object({ uniform: level, marginal: level }),
  })
  .openapi("CalibrationItemScore");

const baseline = z.object({ description: z.string(), overall: distances, subgroup: distances });

export const CalibrationReportSchema = z
  .object({
    note: z.string().openapi({
      description: "How to read this report; for the simulator, plainly that it is not a real model",
    }),
    model: z.string(),
    simulator: z
      .boolean()
      .openapi({ description: "The model is person.run's offline simulator, not a language model" }),
    source: z.object({ survey: z.string(), url: z.string(), year: z.number().int(), citation: z.string() }),
    population: z.object({
      id: UuidSchema,
      version: z.number().int(),
      size: z.number().int(),
      seed: z.number().int(),
      reused: z.boolean(),
    }),
    tasks: z
      .object({ total: z.number().int(), answered: z.number().int(), failed: z.number().int() })
      .openapi({ description: "Members asked, those whose task produced answers, and those whose task failed" }),
    skill: CalibrationSkillSchema,
    means: z.object({ model: level, uniform: level, marginal: level, samplingFloor: level }),
    baselines: z.object({ uniform: baseline, marginal: baseline }),
    cells: z.object({ overall: z.number().int(), subgroup: z.number().int(), minAnswers: z.number().int() }),
    items: z.array(CalibrationItemScoreSchema),
  })
  .openapi("CalibrationReport");
export type CalibrationReportView = z.infer<typeof CalibrationReportSchema>;

export const CALIBRATION_STAGES = ["population", "ask", "score", "done"] as const;

export const CalibrationSchema = z
  .object({
    id: UuidSchema,
    tenantId: z.string(),
    model: z.string().openapi({ example: "person-run/simulator" }),
    items: z.array(z.string()).openapi({ description: "The item ids asked", example: ["HAPPY", "TRUST"] }),
    itemSet: z
      .string()
      .nullable()
      .openapi({ description: '`"gss-2024"` when every item was asked, else null', example: "gss-2024" }),
    size: z.number().int(),
    seed: z.number().int(),
    maxConcurrency: z.number().int(),
    skillId: UuidSchema.openapi({ description: "The skill the calibration created (one question per item)" }),
    populationId: UuidSchema.nullable().openapi({ description: "The population asked (null until the run picks it)" }),
    populationVersion: z.number().int().nullable(),
    populationReused: z.boolean().openapi({ description: "An earlier calibration's population was reused" }),
    runId: UuidSchema.openapi({
      description: "The `calibrations.run` run (GET /runs/{runId} for progress and events)",
    }),
    status: z
      .enum(["queued", "running", "paused", "succeeded", "failed", "cancelled"])
      .openapi({ description: "The run's state" }),
    stage: z.enum(CALIBRATION_STAGES).openapi({
      description: "population (generating it), ask (the tasks), score, done",
    }),
    error: z.object({ error: z.string(), code: z.string() }).nullable(),
    skill: CalibrationSkillSchema.nullable().openapi({ description: "The headline skill scores, once done" }),
    samplingFloor: level.nullable().openapi({
      description: "Mean sampling floor of the cells in the means (what a perfect model would show at these n)",
    }),
    simulator: z.boolean(),
    createdAt: iso,
    finishedAt: iso.nullable(),
  })
  .openapi("Calibration");
export type Calibration = z.infer<typeof CalibrationSchema>;

export const CalibrationDetailSchema = CalibrationSchema.extend({
  report: CalibrationReportSchema.nullable().openapi({ description: "The full report, once done" }),
}).openapi("CalibrationDetail");
export type CalibrationDetail = z.infer<typeof CalibrationDetailSchema>;

export const CalibrationEnvelope = z.object({ calibration: CalibrationDetailSchema }).openapi("CalibrationResponse");

export const CreatedCalibrationEnvelope = z
  .object({
    calibration: CalibrationSchema,
    run: z
      .object({ id: UuidSchema, kind: z.string(), state: z.string() })
      .openapi({ description: "The run; follow it at GET /runs/{id} and /runs/{id}/events" }),
  })
  .openapi("CreatedCalibrationResponse");

export const CalibrationListEnvelope = z
  .object({ calibrations: z.array(CalibrationSchema), nextCursor: z.string().nullable() })
  .openapi("CalibrationListResponse");

export const CalibrationParams = z.object({
  calibrationId: UuidSchema.openapi({ param: { name: "calibrationId", in: "path" } }),
});
