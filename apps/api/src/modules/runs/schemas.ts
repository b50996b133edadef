import { pageQuery, TenantIdSchema, UuidSchema, z } from "../../shared/schemas.ts";
import { RUN_STATES } from "./kinds.ts";

export const RunStateSchema = z.enum(RUN_STATES).openapi({
  description:
    "`queued → running → (paused) → succeeded | failed | cancelled`. A run that failed on its own after its last attempt is dead-lettered (`deadLetter: true`) and can be retried.",
});

const RunErrorSchema = z.object({ error: z.string(), code: z.string() }).openapi("RunError");

const ProgressSchema = z
  .object({ done: z.number(), total: z.number(), message: z.string().optional() })
  .openapi("RunProgress");

export const RunSchema = z
  .object({
    id: UuidSchema,
    kind: z.string().openapi({ description: "What the run does, e.g. `prompt.async`", example: "prompt.async" }),
    parentId: UuidSchema.nullable(),
    state: RunStateSchema,
    phase: z.enum(["execute", "wait", "finalize"]).openapi({
      description: "`wait`: a parent waiting for its children; `finalize`: its children finished, it concludes",
    }),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    deadLetter: z.boolean(),
    nextAttemptAt: z.string().nullable().openapi({ description: "A queued retry waits until then (backoff)" }),
    result: z.unknown().openapi({ description: "What the run produced (its kind's shape)" }),
    error: RunErrorSchema.nullable(),
    progress: ProgressSchema.nullable(),
    children: z
      .object({
        total: z.number().int(),
        succeeded: z.number().int(),
        failed: z.number().int(),
        cancelled: z.number().int(),
        maxConcurrency: z.number().int().nullable(),
      })
      .openapi({ description: "Child runs, counted as they finish" }),
    costUsd: z.number().openapi({ description: "Its own cost and its finished children's" }),
    credits: z.number(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi("Run");

export const RunEnvelope = z.object({ run: RunSchema }).openapi("RunEnvelope");
export const RunListEnvelope = z
  .object({ runs: z.array(RunSchema), nextCursor: z.string().nullable() })
  .openapi("RunList");

export const RunListQuery = z.strictObject({
  ...pageQuery,
  kind: z
    .string()
    .max(100)
    .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, "must be a run kind such as prompt.async")
    .optional()
    .openapi({ description: "Only runs of this kind (`<module>.<what>`)", example: "prompt.async" }),
  state: RunStateSchema.optional(),
  parentId: UuidSchema.optional().openapi({ description: "Only this run's children" }),
  deadLetter: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .openapi({ description: "`true`: the dead-letter list (failed on their own, retryable)" }),
});

export const RunParams = z.object({ runId: UuidSchema.openapi({ param: { name: "runId", in: "path" } }) });
export const RunActionBody = z.strictObject({ tenantId: TenantIdSchema.optional() });
export const RunEventsQuery = z.strictObject({
  tenantId: TenantIdSchema.optional(),
  after: z.coerce.number().int().min(0).optional().openapi({
    description: "Only events after this id (the `id:` of an event); the `Last-Event-ID` header does the same",
  }),
});

/** The data of each event a run's stream sends (`event:` names the type; `id:` is the event id). */
export const RunStateEventSchema = z
  .object({
    state: RunStateSchema,
    attempt: z.number().int().optional(),
    phase: z.literal("finalize").optional(),
    retryInMs: z.number().optional().openapi({ description: "A failed attempt goes back to the queue after this" }),
    deadLetter: z.boolean().optional(),
    retried: z.boolean().optional(),
    error: RunErrorSchema.optional(),
  })
  .openapi("RunStateEvent", { description: "The run changed state (`attempt` is the attempt it concerns)" });
export const RunProgressEventSchema = ProgressSchema;
export const RunChildrenEventSchema = z
  .object({
    total: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
  })
  .openapi("RunChildrenEvent", { description: "The run's children, counted as they finish" });
export const RunEndEventSchema = z.object({ run: RunSchema }).openapi("RunEndEvent", {
  description: "Last event: the run has finished; the stream closes after it",
});

/** The events of `GET /runs/{runId}/events`, by name. */
export const RunStreamEvents = {
  state: RunStateEventSchema,
  progress: RunProgressEventSchema,
  children: RunChildrenEventSchema,
  end: RunEndEventSchema,
};
