import { pageQuery, TenantIdSchema, UuidSchema, z } from "../../shared/schemas.ts";
import { timezoneError } from "../../shared/time-zone.ts";
import { GRANULARITIES, GROUP_BYS } from "./service.ts";

const Iso = z.iso.datetime({ offset: true });

const from = Iso.optional().openapi({
  description: "Start of the range, inclusive (ISO 8601)",
  example: "2026-02-01T00:00:00.000Z",
});
const to = Iso.optional().openapi({
  description: "End of the range, exclusive (ISO 8601)",
  example: "2026-03-01T00:00:00.000Z",
});
const EventName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, "must be an event name such as persona_prompt")
  .openapi({ description: "One event name (SPEC §10), e.g. `persona_prompt`", example: "persona_prompt" });

export const EventListQuery = z
  .strictObject({
    ...pageQuery,
    event: EventName.optional(),
    from,
    to,
    personaId: UuidSchema.optional().openapi({ description: "Only events whose payload names this persona" }),
    keyId: UuidSchema.optional().openapi({ description: "Only events recorded for this API key" }),
    model: z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9][\w.:@+-]*\/[\w.:/@+-]+$/, "must be a model slug such as openai/gpt-4.1-mini")
      .optional()
      .openapi({ description: "Only events whose payload names this model slug", example: "openai/gpt-4.1-mini" }),
  })
  .openapi("AnalyticsEventListQuery");

export const UsageEventSchema = z
  .object({
    id: UuidSchema,
    event: z.string().openapi({ example: "persona_prompt" }),
    keyId: UuidSchema.nullable().openapi({ description: "The API key that caused the event (null: none)" }),
    requestId: z.string().nullable().openapi({ example: "req_3f9a1c0b2d4e5f60718a" }),
    payload: z.record(z.string(), z.unknown()).openapi({
      description: "What the event records; `persona_prompt` carries personaId, model, tokens, costUsd, credits",
      example: {
        personaId: "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e",
        model: "openai/gpt-4.1-mini",
        tokensIn: 1200,
        tokensOut: 310,
        cachedTokens: 1024,
        costUsd: 0.00099,
        credits: 0.99,
      },
    }),
    createdAt: z.string().openapi({ example: "2026-02-20T12:00:00.000Z" }),
  })
  .openapi("UsageEvent");

export const EventListEnvelope = z
  .object({ events: z.array(UsageEventSchema), nextCursor: z.string().nullable() })
  .openapi("UsageEventList");

export const UsageQuerySchema = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    from: from.openapi({ description: "Start, inclusive (default: 30 days before `to`)" }),
    to: to.openapi({ description: "End, exclusive (default: now)" }),
    granularity: z
      .enum(GRANULARITIES)
      .default("day")
      .openapi({ description: "Length of a period, in `timezone` (weeks start on Monday)" }),
    timezone: z
      .string()
      .max(64)
      .default("UTC")
      .superRefine((v, ctx) => {
        const why = timezoneError(v);
        if (why) ctx.addIssue({ code: "custom", message: why });
      })
      .openapi({ description: "IANA time zone the periods are cut in (default UTC)", example: "Asia/Tokyo" }),
    groupBy: z
      .enum(GROUP_BYS)
      .optional()
      .openapi({ description: "One row per period and event, model, persona (`personaId`) or key (`keyId`)" }),
  })
  .openapi("AnalyticsUsageQuery");

const figures = {
  count: z.number().openapi({ description: "Events", example: 42 }),
  tokensIn: z.number().openapi({ description: "Input tokens (cached included)", example: 50400 }),
  tokensOut: z.number().openapi({ example: 13020 }),
  cachedTokensIn: z.number().openapi({ description: "Input tokens read from the provider's cache", example: 43008 }),
  costUsd: z.number().openapi({ example: 0.04158 }),
  credits: z.number().openapi({ example: 41.58 }),
};

export const UsageRowSchema = z
  .object({
    period: z.string().openapi({ description: "First local day of the period (YYYY-MM-DD)", example: "2026-02-21" }),
    periodStart: z
      .string()
      .openapi({ description: "The period's start as a UTC instant", example: "2026-02-20T15:00:00.000Z" }),
    event: z.string().optional().openapi({ description: "With groupBy=event" }),
    model: z.string().nullable().optional().openapi({ description: "With groupBy=model (null: events without one)" }),
    personaId: z.string().nullable().optional().openapi({ description: "With groupBy=persona" }),
    keyId: z.string().nullable().optional().openapi({ description: "With groupBy=key" }),
    ...figures,
  })
  .openapi("UsageRow");

export const UsageEnvelope = z
  .object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(GRANULARITIES),
    timezone: z.string(),
    groupBy: z.enum(GROUP_BYS).nullable(),
    usage: z.array(UsageRowSchema),
    totals: z.object(figures).openapi({ description: "The whole range: the sums of `usage`" }),
    dashboard: z
      .object({
        promptEvents: z.number().openapi({ description: "persona_prompt events in the range", example: 42 }),
        personaCount: z
          .number()
          .nullable()
          .openapi({ description: "The tenant's personas now (null: no personas module)", example: 12 }),
        timelineEntries: z
          .number()
          .nullable()
          .openapi({ description: "The tenant's active timeline entries now", example: 240 }),
        tokenUsage: z.object({ tokensIn: z.number(), tokensOut: z.number(), cachedTokensIn: z.number() }),
      })
      .openapi({ description: "The dashboard's metrics (SPEC §10)" }),
  })
  .openapi("UsageReport", {
    example: {
      from: "2026-02-01T00:00:00.000Z",
      to: "2026-03-01T00:00:00.000Z",
      granularity: "day",
      timezone: "Asia/Tokyo",
      groupBy: "model",
      usage: [
        {
          period: "2026-02-21",
          periodStart: "2026-02-20T15:00:00.000Z",
          model: "openai/gpt-4.1-mini",
          count: 2,
          tokensIn: 2400,
          tokensOut: 620,
          cachedTokensIn: 1024,
          costUsd: 0.00198,
          credits: 1.98,
        },
      ],
      totals: { count: 2, tokensIn: 2400, tokensOut: 620, cachedTokensIn: 1024, costUsd: 0.00198, credits: 1.98 },
      dashboard: {
        promptEvents: 2,
        personaCount: 1,
        timelineEntries: 12,
        tokenUsage: { tokensIn: 2400, tokensOut: 620, cachedTokensIn: 1024 },
      },
    },
  });

export const EXPORT_FORMATS = ["csv", "ndjson"] as const;
export const ExportQuery = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    format: z.enum(EXPORT_FORMATS).default("csv").openapi({ description: "`csv` (default) or `ndjson`" }),
    from: from.openapi({ description: "Start, inclusive (default: 30 days before `to`)" }),
    to: to.openapi({ description: "End, exclusive (default: now)" }),
    event: EventName.optional(),
  })
  .openapi("AnalyticsExportQuery");
