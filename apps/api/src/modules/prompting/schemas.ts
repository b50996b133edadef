import { ErrorSchema, TenantIdSchema, UuidSchema, withinFreeJsonBytes, z } from "../../shared/schemas.ts";

const iso = z.string().openapi({ example: "2026-02-20T12:00:00.000Z" });

const promptFields = {
  tenantId: TenantIdSchema.optional(),
  personaId: UuidSchema.openapi({ description: "The persona to prompt" }),
  userPrompt: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(20_000, "must be at most 20000 characters")
    .openapi({ example: "How do you approach design challenges?" }),
  sessionId: UuidSchema.optional().openapi({ description: "Continue this conversation; a new session when omitted" }),
  model: z.string().min(3).max(200).optional().openapi({
    description: "Model slug (`provider/model`); the server default when omitted",
    example: "person-run/simulator",
  }),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z
    .number()
    .int()
    .min(1)
    .max(32_000)
    .optional()
    .openapi({ description: "Upper bound of the answer's length, in tokens" }),
  skillId: UuidSchema.optional().openapi({
    description:
      "One of the tenant's skills this prompt belongs to (recorded with the turn; an unknown skill is a 404)",
  }),
  metadata: z
    .record(z.string().min(1).max(128), z.unknown())
    .refine((m) => Object.keys(m).length <= 50, "at most 50 metadata keys")
    .refine(...withinFreeJsonBytes)
    .optional()
    .openapi({ description: "Free key/values stored with the turn (at most 50 keys, 16 KB as JSON)" }),
};

export const PromptBody = z
  .strictObject({
    ...promptFields,
    mode: z
      .enum(["sync", "async"])
      .default("sync")
      .openapi({ description: "`sync` answers now; `async` queues a job" }),
  })
  .openapi("PromptRequest");

export const StreamPromptBody = z
  .strictObject({
    ...promptFields,
    mode: z.literal("stream").optional().openapi({
      description: "Accepted and ignored (clients that send the prompt body with `mode: stream` to this endpoint)",
    }),
  })
  .openapi("StreamPromptRequest");

const PromptInputSchema = z.strictObject(promptFields);
export type PromptInput = z.infer<typeof PromptInputSchema>;

export const MemoryUsedSchema = z
  .object({
    id: UuidSchema,
    eventLabel: z
      .string()
      .optional()
      .openapi({ description: "Omitted when the answer was refused: a refusal names no memory" }),
    memoryType: z.string(),
    reason: z.string().openapi({ description: "Why retrieval picked it" }),
    score: z.number(),
  })
  .openapi("MemoryUsed");

export const GuardrailSchema = z
  .object({
    checked: z.boolean(),
    blocked: z.boolean(),
    escalated: z.boolean(),
    reasons: z.array(z.string()),
  })
  .openapi("GuardrailOutcome");

export const PromptResultSchema = z
  .object({
    prompt: z.string(),
    response: z.string(),
    sessionId: UuidSchema,
    modelName: z.string().openapi({ example: "person-run-simulator" }),
    tokensIn: z.number().int().openapi({ description: "Input tokens, cached ones included" }),
    cachedTokensIn: z.number().int().openapi({
      description:
        "Of `tokensIn`, those the provider read from its prompt cache (billed at the cached price; see docs/models.md, Prompt caching). 0 for providers that report none and for the simulator",
    }),
    tokensOut: z.number().int(),
    latencyMs: z.number().int(),
    turnId: UuidSchema,
    model: z.string().openapi({ description: "Model slug", example: "person-run/simulator" }),
    costUsd: z.number(),
    credits: z.number(),
    memoriesUsed: z.array(MemoryUsedSchema),
    guardrail: GuardrailSchema,
  })
  .openapi("PromptResult");

/**
 * The events of `POST /personas/prompt/stream` (docs/streaming.md), by their `event:` name: the route's
 * OpenAPI response is built from them and the stream tests parse the wire with them.
 */
export const PromptStreamEvents = {
  ready: z
    .object({ startedAt: iso.openapi({ description: "When generation started" }) })
    .openapi("PromptStreamReadyEvent", { description: "First event: the request was accepted and generation starts" }),
  token: z
    .object({ delta: z.string().openapi({ description: "The next piece of the answer", example: "I usually " }) })
    .openapi("PromptStreamTokenEvent", { description: "A piece of the answer; the deltas joined are `done.response`" }),
  done: PromptResultSchema.openapi("PromptStreamDoneEvent", {
    description: "Last event of a finished answer: the recorded turn, as `POST /personas/prompt` answers it",
  }),
  error: ErrorSchema.openapi("PromptStreamErrorEvent", {
    description: "Generation failed after it started (or an answer was blocked); the stream closes after it",
  }),
};

export const AsyncAcceptedSchema = z
  .object({ jobId: UuidSchema, status: z.literal("queued"), sessionId: UuidSchema })
  .openapi("PromptJobAccepted");

export const JOB_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;

export const PromptJobSchema = z
  .object({
    id: UuidSchema,
    status: z.enum(JOB_STATUSES),
    personaId: UuidSchema,
    sessionId: UuidSchema,
    result: PromptResultSchema.optional(),
    error: z.object({ error: z.string(), code: z.string() }).optional(),
    attempts: z.number().int(),
    createdAt: iso,
    startedAt: iso.nullable(),
    finishedAt: iso.nullable(),
  })
  .openapi("PromptJob");

export const PromptJobEnvelope = z.object({ job: PromptJobSchema }).openapi("PromptJobResponse");

export const TurnSchema = z
  .object({
    id: UuidSchema,
    seq: z.number().int(),
    prompt: z.string(),
    response: z.string(),
    status: z
      .enum(["completed", "partial"])
      .openapi({ description: "`partial`: the stream was stopped before the end" }),
    mode: z.enum(["sync", "async", "stream"]),
    model: z.string(),
    modelName: z.string(),
    tokensIn: z.number().int(),
    cachedTokensIn: z
      .number()
      .int()
      .openapi({ description: "Of `tokensIn`, those read from the provider's prompt cache" }),
    tokensOut: z.number().int(),
    costUsd: z.number(),
    credits: z.number(),
    latencyMs: z.number().int(),
    memoriesUsed: z.array(MemoryUsedSchema),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    createdAt: iso,
  })
  .openapi("PromptTurn");

export const SessionSchema = z
  .object({
    id: UuidSchema,
    personaId: UuidSchema,
    status: z.enum(["active", "escalated"]),
    turnCount: z.number().int(),
    createdAt: iso,
    lastActivityAt: iso,
    lastPrompt: z.string().nullable(),
  })
  .openapi("PromptSession");

export const SessionListEnvelope = z
  .object({ sessions: z.array(SessionSchema), nextCursor: z.string().nullable() })
  .openapi("PromptSessionList");
export const SessionEnvelope = z
  .object({ session: SessionSchema, turns: z.array(TurnSchema) })
  .openapi("PromptSessionDetail");

export const SessionListQuery = z.strictObject({
  tenantId: TenantIdSchema.optional(),
  personaId: UuidSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export type PromptResult = z.infer<typeof PromptResultSchema>;
export type PromptJob = z.infer<typeof PromptJobSchema>;
export type Session = z.infer<typeof SessionSchema>;
export type Turn = z.infer<typeof TurnSchema>;
