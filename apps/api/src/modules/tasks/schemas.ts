import { pageQuery, TenantIdSchema, UuidSchema, withinFreeJsonBytes, z } from "../../shared/schemas.ts";

/** Request and response schemas of the task routes (SPEC §8.1, docs/tasks.md). */

const iso = z.string().openapi({ example: "2026-02-20T12:00:00.000Z" });

export const TASK_STATUSES = ["pending", "queued", "running", "paused", "succeeded", "failed", "cancelled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

const VariableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]{0,63}$/, "must be a template variable name");
const VariablesSchema = z
  .record(VariableName, z.union([z.string().max(4000), z.number().finite(), z.boolean()]))
  .refine((v) => Object.keys(v).length <= 100, "at most 100 variables")
  .refine(...withinFreeJsonBytes)
  .openapi({
    description: "Values of the skill's `{{variables}}` that are not persona fields",
    example: { product: "Acme Analytics", price: 49 },
  });
export type TaskVariables = z.infer<typeof VariablesSchema>;

export const CreateTaskBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    skillId: UuidSchema.openapi({ description: "The skill to execute" }),
    skillVersion: z
      .number()
      .int()
      .min(1)
      .optional()
      .openapi({ description: "The skill version to pin; its current version when omitted", example: 1 }),
    personaId: UuidSchema.openapi({ description: "The persona who answers" }),
    variables: VariablesSchema.optional(),
    model: z.string().min(3).max(200).optional().openapi({
      description: "Model slug; the skill's model, else the server default, when omitted (pinned at creation)",
      example: "person-run/simulator",
    }),
    execute: z
      .boolean()
      .optional()
      .openapi({ description: "Queue its first attempt at once (default false: the task stays `pending`)" }),
  })
  .openapi("CreateTaskRequest");
export type CreateTaskInput = z.infer<typeof CreateTaskBody>;

export const TaskSchema = z
  .object({
    id: UuidSchema,
    tenantId: z.string(),
    skillId: UuidSchema,
    skillVersion: z.number().int().openapi({ example: 1 }),
    personaId: UuidSchema,
    variables: z.record(z.string(), z.unknown()),
    model: z.string().openapi({ example: "person-run/simulator" }),
    status: z.enum(TASK_STATUSES).openapi({
      description: "`pending` until executed, then the state of its current attempt's run",
      example: "succeeded",
    }),
    attempt: z.number().int().openapi({ description: "Executions so far (0 while pending)", example: 1 }),
    runId: UuidSchema.nullable().openapi({ description: "The current attempt's run (GET /runs/{runId})" }),
    sessionId: UuidSchema.nullable().openapi({ description: "The prompt session holding every attempt's turns" }),
    scheduleId: UuidSchema.nullable().openapi({ description: "The schedule that executed it last" }),
    createdAt: iso,
    startedAt: iso.nullable().openapi({ description: "When the current attempt's run first started" }),
    finishedAt: iso.nullable(),
    error: z.string().nullable().openapi({ example: "The task's persona was deleted" }),
    errorCode: z.string().nullable().openapi({ example: "persona_deleted" }),
  })
  .openapi("Task");
export type Task = z.infer<typeof TaskSchema>;

export const TaskEnvelope = z.object({ task: TaskSchema }).openapi("TaskResponse");
export const TaskListEnvelope = z
  .object({ tasks: z.array(TaskSchema), nextCursor: z.string().nullable() })
  .openapi("TaskList");

export const ListTasksQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(TASK_STATUSES).optional(),
  skillId: UuidSchema.optional(),
  personaId: UuidSchema.optional(),
  scheduleId: UuidSchema.optional(),
});
export type ListTasksQuery = z.infer<typeof ListTasksQuery>;

export const ControlBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    action: z.enum(["pause", "resume", "cancel"]).openapi({ example: "pause" }),
  })
  .openapi("TaskControlRequest");

export const ExecuteBody = z.strictObject({ tenantId: TenantIdSchema.optional() }).openapi("TaskExecuteRequest");

export const DeletedTaskEnvelope = z.object({ deleted: z.literal(true), id: UuidSchema }).openapi("DeletedTask");

export const ResultsQuery = z.strictObject({
  tenantId: TenantIdSchema.optional(),
  attempt: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .openapi({ description: "Which attempt (default: the latest)", example: 1 }),
});

const FollowUpSchema = z.object({
  question: z.string().openapi({ example: "Why?" }),
  answer: z.string().openapi({ example: "Because the Pro plan has the exports I need." }),
});

export const TaskResultSchema = z
  .object({
    questionId: z.string().openapi({ example: "rating" }),
    raw: z.string().openapi({ description: "The last answer given", example: "6 — the pricing is clear." }),
    parsed: z.unknown().openapi({ description: "The typed value (null when invalid)", example: 6 }),
    valid: z.boolean(),
    error: z.string().optional().openapi({ description: "Why the answer could not be read (when invalid)" }),
    asks: z.number().int().openapi({ description: "Times asked: 1 + repairs (at most 3)", example: 1 }),
    followUps: z.array(FollowUpSchema),
  })
  .openapi("TaskResult");
export type TaskResult = z.infer<typeof TaskResultSchema>;

export const ResultsEnvelope = z
  .object({ attempt: z.number().int(), results: z.array(TaskResultSchema) })
  .openapi("TaskResults");

export const TaskTurnSchema = z
  .object({
    id: UuidSchema,
    seq: z.number().int(),
    attempt: z.number().int().nullable(),
    questionId: z.string().nullable(),
    ask: z
      .union([z.number().int(), z.literal("follow_up")])
      .nullable()
      .openapi({ description: "0: the question, 1-2: repairs, follow_up: a probe" }),
    prompt: z.string(),
    response: z.string(),
    model: z.string(),
    tokensIn: z.number().int(),
    tokensOut: z.number().int(),
    costUsd: z.number(),
    credits: z.number(),
    createdAt: iso,
  })
  .openapi("TaskTurn");

export const TurnsEnvelope = z.object({ turns: z.array(TaskTurnSchema) }).openapi("TaskTurns");

export const TaskScoresSchema = z
  .object({
    criteria: z.array(
      z.object({
        name: z.string(),
        score: z.number().min(0).max(1),
        passed: z.boolean(),
        reason: z.string().optional().openapi({ description: "The judge's reason (judge criteria)" }),
      }),
    ),
    total: z.number().min(0).max(1).openapi({ example: 0.83 }),
    passed: z.boolean(),
  })
  .openapi("TaskScores");
export type TaskScoresView = z.infer<typeof TaskScoresSchema>;

export const ScoresEnvelope = z
  .object({
    attempt: z.number().int(),
    scores: TaskScoresSchema.nullable().openapi({
      description: "null before the attempt's evaluation, or when the skill has no rubric",
    }),
  })
  .openapi("TaskScoresResponse");
