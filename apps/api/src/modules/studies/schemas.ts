import { pageQuery, TenantIdSchema, UuidSchema, z } from "../../shared/schemas.ts";
import { StudyEvidenceSchema } from "./evidence-schemas.ts";

/** Request and response schemas of the study routes (docs/studies.md); tests parse responses with these. */

const iso = z.string().openapi({ example: "2026-02-20T12:00:00.000Z" });

export const MAX_REPLICATES = 20;

const name = z.string().trim().min(1).max(200).openapi({ example: "Would US adults pay $12/month for meal planning?" });
const description = z.string().trim().max(2000).openapi({ example: "Willingness to pay for the meal-planning add-on" });
const decision = z
  .string()
  .trim()
  .max(2000)
  .openapi({ description: "The decision the study informs", example: "Launch the $12 plan or not" });
const replicates = z
  .number()
  .int()
  .min(1)
  .max(MAX_REPLICATES)
  .openapi({ description: `Answers per member (1-${MAX_REPLICATES}, default 1)`, example: 1 });
const model = z.string().min(3).max(200).openapi({
  description: "Model slug; the skill's model, else the server default, when null or omitted",
  example: "person-run/simulator",
});
const version = (what: string) =>
  z
    .number()
    .int()
    .min(1)
    .openapi({ description: `The ${what} version to pin; its latest version at run time when omitted or null` });

export const BudgetSchema = z
  .strictObject({
    maxCredits: z.number().positive().max(1e12).optional(),
    maxUsd: z.number().positive().max(1e9).optional(),
  })
  .refine((b) => b.maxCredits !== undefined || b.maxUsd !== undefined, { message: "give maxCredits or maxUsd" })
  .openapi("StudyBudget", {
    description:
      "The run stops before exceeding it: no new task starts once the spend so far plus the tasks in flight and one more (at the average cost so far) would pass it",
  });

const defaultConcurrency = z
  .number()
  .int()
  .min(1)
  .max(1000)
  .openapi({ description: "Tasks in flight of a scheduled run (1-1000, default 10)", example: 10 });

export const CreateStudyBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    populationId: UuidSchema.openapi({ description: "The population whose members answer" }),
    skillId: UuidSchema.openapi({ description: "The skill asked to every member" }),
    name,
    description: description.optional(),
    decision: decision.optional(),
    replicates: replicates.optional(),
    model: model.optional(),
    populationVersion: version("population").optional(),
    skillVersion: version("skill").optional(),
    maxConcurrency: defaultConcurrency.optional(),
    budget: BudgetSchema.optional().openapi({ description: "Budget of each scheduled run" }),
  })
  .openapi("CreateStudyRequest");
export type CreateStudyInput = z.infer<typeof CreateStudyBody>;

export const UpdateStudyBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    name: name.optional(),
    description: description.nullable().optional(),
    decision: decision.nullable().optional(),
    replicates: replicates.optional(),
    model: model.nullable().optional(),
    populationVersion: version("population").nullable().optional(),
    skillVersion: version("skill").nullable().optional(),
    maxConcurrency: defaultConcurrency.optional(),
    budget: BudgetSchema.nullable().optional().openapi({ description: "Budget of each scheduled run; null clears it" }),
    version: z
      .number()
      .int()
      .min(1)
      .optional()
      .openapi({ description: "The version you read: 409 `version_conflict` when the study has moved on" }),
  })
  .openapi("UpdateStudyRequest");
export type UpdateStudyInput = z.infer<typeof UpdateStudyBody>;

export const StudySchema = z
  .object({
    id: UuidSchema,
    tenantId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    decision: z.string().nullable(),
    populationId: UuidSchema,
    populationVersion: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Pinned version; null = latest at run time" }),
    skillId: UuidSchema,
    skillVersion: z.number().int().nullable().openapi({ description: "Pinned version; null = latest at run time" }),
    replicates: z.number().int(),
    model: z.string().nullable().openapi({ description: "null = the skill's model, else the server default" }),
    maxConcurrency: z.number().int().openapi({ description: "Tasks in flight of a scheduled run" }),
    budget: z
      .object({ maxCredits: z.number().optional(), maxUsd: z.number().optional() })
      .nullable()
      .openapi({ description: "Budget of each scheduled run" }),
    version: z.number().int().openapi({ description: "Incremented by every update" }),
    createdAt: iso,
    updatedAt: iso,
  })
  .openapi("Study");
export type Study = z.infer<typeof StudySchema>;

export const StudyEnvelope = z.object({ study: StudySchema }).openapi("StudyResponse");
export const StudyListEnvelope = z
  .object({ studies: z.array(StudySchema), nextCursor: z.string().nullable() })
  .openapi("StudyList");
export const DeletedStudyEnvelope = z.object({ deleted: z.literal(true), id: UuidSchema }).openapi("DeletedStudy");

export const ListStudiesQuery = z.strictObject({
  ...pageQuery,
  populationId: UuidSchema.optional().openapi({ description: "Only studies of this population" }),
  skillId: UuidSchema.optional().openapi({ description: "Only studies of this skill" }),
});
export type ListStudiesQuery = z.infer<typeof ListStudiesQuery>;

export const DeleteStudyQuery = z.strictObject({
  tenantId: TenantIdSchema.optional(),
  purge: z.enum(["true", "false"]).optional().openapi({
    description:
      "Also delete its runs' data (tasks, answers, events). Without it, finished runs stay readable at /studies/{id}/runs/…",
  }),
});

export const StudyRunBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    maxConcurrency: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .openapi({ description: "Tasks in flight at most (1-1000)", example: 50 }),
    dryRun: z.boolean().optional().openapi({
      description: "`true`: return the plan (tasks, tokens, cost, duration) without running anything (200 `{ plan }`)",
      example: false,
    }),
    budget: BudgetSchema.optional(),
    seed: z.number().int().min(0).max(2_147_483_647).optional().openapi({
      description: "Seeds the members' order (a pilot's sample) and the results' bootstrap; random when omitted",
    }),
    stopWhen: z
      .strictObject({
        converged: z.strictObject({
          epsilon: z.number().gt(0).max(1).openapi({ description: "Jensen–Shannon divergence (base 2), e.g. 0.005" }),
          window: z
            .number()
            .int()
            .min(5)
            .max(100_000)
            .openapi({ description: "Completed tasks between two looks at the distributions, e.g. 100" }),
        }),
      })
      .optional()
      .openapi({
        description:
          "Stop early when every question's answer distribution moved less than `epsilon` (Jensen–Shannon) over the last `window` completed tasks",
      }),
    sample: z
      .number()
      .int()
      .min(1)
      .optional()
      .openapi({ description: "A pilot on this many members (at most the population's size)", example: 20 }),
    replicates: replicates.optional().openapi({ description: "Overrides the study's replicates for this run" }),
  })
  .openapi("StudyRunRequest");
export type StudyRunInput = z.infer<typeof StudyRunBody>;

export const StudyPlanSchema = z
  .object({
    populationVersion: z.number().int().openapi({ description: "The population version the run would use" }),
    skillVersion: z.number().int().openapi({ description: "The skill version the run would use" }),
    members: z.number().int().openapi({ description: "Members asked (the version's size, or `sample`)" }),
    replicates: z.number().int(),
    tasks: z.number().int().openapi({ description: "members × replicates" }),
    turnsPerTask: z.number().int().openapi({
      description: "One turn per question plus one per follow-up (repairs of unreadable answers not counted)",
    }),
    model: z.string().openapi({ example: "person-run/simulator" }),
    estimate: z
      .object({
        tokensIn: z.number().int(),
        tokensOut: z.number().int(),
        costUsd: z.number(),
        credits: z.number(),
      })
      .openapi({ description: "tasks × turnsPerTask × the per-turn estimate (docs/studies.md)" }),
    durationSeconds: z.object({
      estimate: z.number(),
      basis: z.string().openapi({ description: "How the estimate was made" }),
    }),
  })
  .openapi("StudyPlan");
export type StudyPlan = z.infer<typeof StudyPlanSchema>;

export const StudyPlanEnvelope = z.object({ plan: StudyPlanSchema }).openapi("StudyPlanResponse");

const counts = z
  .object({
    total: z.number().int(),
    queued: z.number().int(),
    running: z.number().int(),
    paused: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
  })
  .openapi({ description: "Tasks by state (total = members × replicates)" });

export const StudyRunSchema = z
  .object({
    id: UuidSchema.openapi({ description: "Also the id of its run on the run engine (`GET /runs/{id}`)" }),
    studyId: UuidSchema,
    status: z.enum(["queued", "running", "paused", "succeeded", "failed", "cancelled"]),
    populationId: UuidSchema,
    populationVersion: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Pinned (null until a scheduled run starts)" }),
    skillId: UuidSchema,
    skillVersion: z.number().int().nullable(),
    model: z.string().nullable(),
    replicates: z.number().int(),
    maxConcurrency: z.number().int(),
    sample: z.number().int().nullable(),
    seed: z.number().int(),
    budget: z.object({ maxCredits: z.number().optional(), maxUsd: z.number().optional() }).nullable(),
    stopWhen: z.object({ converged: z.object({ epsilon: z.number(), window: z.number() }).optional() }).nullable(),
    plan: StudyPlanSchema.nullable(),
    counts,
    costUsd: z.number(),
    credits: z.number(),
    stoppedEarly: z.boolean(),
    stopReason: z.string().nullable(),
    stopCode: z.enum(["budget", "converged"]).nullable(),
    eta: z
      .object({ seconds: z.number(), at: iso, tasksPerSecond: z.number() })
      .nullable()
      .openapi({ description: "While running: remaining tasks at the rate so far" }),
    error: z.object({ error: z.string(), code: z.string() }).nullable(),
    scheduleId: UuidSchema.nullable(),
    createdAt: iso,
    startedAt: iso.nullable(),
    finishedAt: iso.nullable(),
  })
  .openapi("StudyRun");
export type StudyRunView = z.infer<typeof StudyRunSchema>;

export const StudyRunEnvelope = z.object({ run: StudyRunSchema }).openapi("StudyRunResponse");
export const StudyRunListEnvelope = z
  .object({ runs: z.array(StudyRunSchema), nextCursor: z.string().nullable() })
  .openapi("StudyRunList");
export const StudyRunControlBody = z
  .strictObject({ tenantId: TenantIdSchema.optional(), action: z.enum(["pause", "resume", "cancel"]) })
  .openapi("StudyRunControlRequest");

export const StudyRunParams = z.object({
  studyId: UuidSchema.openapi({ param: { name: "studyId", in: "path" } }),
  runId: UuidSchema.openapi({ param: { name: "runId", in: "path" } }),
});
export const StudyRunEventsQuery = z.strictObject({
  tenantId: TenantIdSchema.optional(),
  after: z.coerce.number().int().min(0).optional().openapi({
    description: "Only events after this id (the `id:` of an event); the `Last-Event-ID` header does the same",
  }),
});

/** The events of `GET /studies/{id}/runs/{runId}/events`, by name. */
export const StudyRunStreamEvents = {
  state: z
    .object({ state: z.string(), attempt: z.number().int().optional() })
    .passthrough()
    .openapi("StudyRunStateEvent", { description: "The run changed state" }),
  tasks: z
    .object({
      total: z.number().int(),
      succeeded: z.number().int(),
      failed: z.number().int(),
      cancelled: z.number().int(),
    })
    .openapi("StudyRunTasksEvent", { description: "A task ended: the running totals" }),
  aggregate: z
    .object({
      completed: z.number().int(),
      costUsd: z.number(),
      credits: z.number(),
      eta: z.object({ seconds: z.number(), at: iso, tasksPerSecond: z.number() }).nullable(),
      distributions: z.record(z.string(), z.record(z.string(), z.number())).openapi({
        description: "Valid answers so far per question and category (choices, likert points, first ranks)",
      }),
    })
    .openapi("StudyRunAggregateEvent", { description: "Partial aggregates, at most once a second while tasks end" }),
  end: z.object({ run: StudyRunSchema }).openapi("StudyRunEndEvent", {
    description: "Last event: the run has finished; the stream closes after it",
  }),
};

export const StudyResultsEnvelope = z.object({ results: StudyEvidenceSchema }).openapi("StudyResultsResponse");

export const StudyTrendSchema = z
  .object({
    studyId: UuidSchema,
    runs: z.number().int().openapi({ description: "Finished runs in the trend (the newest `limit`)" }),
    questions: z.array(
      z.object({
        questionId: z.string(),
        text: z.string().openapi({ description: "As asked by the newest run" }),
        type: z.string(),
        points: z.array(
          z.object({
            runId: UuidSchema,
            createdAt: iso,
            finishedAt: iso.nullable(),
            scheduleId: UuidSchema.nullable().openapi({ description: "The schedule whose fire started the run" }),
            stoppedEarly: z.boolean().openapi({
              description:
                "The run stopped early (budget, convergence): its point rests on fewer tasks than the others",
            }),
            tasks: z.number().int().openapi({ description: "Tasks the run created" }),
            n: z.number().int().openapi({ description: "Valid answers" }),
            mean: z.number().nullable().openapi({ description: "likert and numeric answers; null otherwise" }),
            ci: z
              .object({ lower: z.number(), upper: z.number(), level: z.number() })
              .nullable()
              .openapi({ description: "The mean's 95% t interval; null when n < 2 or not numeric" }),
            shares: z
              .record(z.string(), z.number())
              .nullable()
              .openapi({ description: "Share of each answer (choices, likert points, first ranks); null otherwise" }),
          }),
        ),
      }),
    ),
  })
  .openapi("StudyTrend");
export type StudyTrend = z.infer<typeof StudyTrendSchema>;
export const StudyTrendEnvelope = z.object({ trend: StudyTrendSchema }).openapi("StudyTrendResponse");
