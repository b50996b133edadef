import { TenantIdSchema, UuidSchema, withinFreeJsonBytes, z } from "../../shared/schemas.ts";
import { MEMORY_TYPES } from "../../shared/vocabulary.ts";

/** The timeline's model (an entry, as read and as written) and the request and response schemas of its routes. */

const iso = z.string().openapi({ example: "2026-02-20T12:00:00.000Z" });

export const TimelineEntrySchema = z
  .object({
    id: UuidSchema,
    personaId: UuidSchema,
    eventAt: iso,
    eventLabel: z.string(),
    facts: z.string(),
    feelings: z.string(),
    interpretation: z.string(),
    emotionTags: z.array(z.string()),
    memoryType: z.enum(MEMORY_TYPES),
    memoryStrength: z.number().int().min(0).max(100).openapi({ description: "How vivid it was when formed (0-100)" }),
    effectiveStrength: z
      .number()
      .min(0)
      .max(100)
      .openapi({ description: "Strength now: decayed with age by type, reinforced by recall (see docs/memory.md)" }),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    status: z.enum(["active", "superseded"]),
    supersedes: z.string().nullable(),
    supersededBy: z.string().nullable(),
    supersededAt: z.string().nullable(),
    supersedeReason: z.string().nullable(),
    recallCount: z.number().int(),
    lastRecalledAt: z.string().nullable(),
    createdAt: iso,
  })
  .openapi("TimelineEntry");

/** A memory as written by a client (SPEC §5 field rules). */
export const TimelineEntryInputSchema = z
  .strictObject({
    eventAt: z.iso.datetime({ offset: true }).openapi({ example: "2019-06-01T09:00:00.000Z" }),
    eventLabel: z.string().trim().min(1).max(500),
    facts: z.string().trim().min(1).max(5000),
    feelings: z.string().trim().min(1).max(5000),
    interpretation: z.string().trim().min(1).max(5000),
    emotionTags: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
    memoryType: z.enum(MEMORY_TYPES).default("normal"),
    memoryStrength: z.number().int().min(0).max(100).default(50),
    metadata: z
      .record(z.string().min(1).max(128), z.unknown())
      .refine((m) => Object.keys(m).length <= 50, "at most 50 metadata keys")
      .refine(...withinFreeJsonBytes)
      .optional(),
  })
  .openapi("TimelineEntryInput");
export type TimelineEntryInput = z.infer<typeof TimelineEntryInputSchema>;
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const ListTimelineQuery = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    memoryType: z.enum(MEMORY_TYPES).optional(),
    from: z.iso.datetime({ offset: true }).optional().openapi({ description: "Events at or after this time" }),
    to: z.iso.datetime({ offset: true }).optional().openapi({ description: "Events at or before this time" }),
    includeSuperseded: z
      .enum(["true", "false"])
      .default("false")
      .transform((v) => v === "true")
      .openapi({ description: "Also list superseded entries (the audit trail)" }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: "from must not be after to",
    path: ["from"],
  });

export const TimelineListEnvelope = z
  .object({ timeline: z.array(TimelineEntrySchema), nextCursor: z.string().nullable() })
  .openapi("TimelinePage");

export const AppendEntryBody = TimelineEntryInputSchema.extend({ tenantId: TenantIdSchema.optional() }).openapi(
  "AppendTimelineEntryRequest",
);

export const EntryEnvelope = z.object({ entry: TimelineEntrySchema }).openapi("TimelineEntryResponse");

const replacementFields = TimelineEntryInputSchema.shape;
export const ReplacementSchema = z
  .strictObject({
    eventAt: replacementFields.eventAt.optional(),
    eventLabel: replacementFields.eventLabel.optional(),
    facts: replacementFields.facts.optional(),
    feelings: replacementFields.feelings.optional(),
    interpretation: replacementFields.interpretation.optional(),
    emotionTags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    memoryType: z.enum(MEMORY_TYPES).optional().openapi({ description: "Defaults to `revised`" }),
    memoryStrength: z.number().int().min(0).max(100).optional(),
    metadata: replacementFields.metadata,
  })
  .refine((r) => Object.keys(r).length > 0, { message: "Give at least one field of the corrected memory" })
  .openapi("TimelineReplacement", {
    description: "The corrected memory; fields not given are copied from the original.",
  });

export const SupersedeBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    reason: z.string().trim().min(1).max(1000).openapi({ example: "She misremembered the year" }),
    replacement: ReplacementSchema,
  })
  .openapi("SupersedeTimelineEntryRequest");

export const SupersededEnvelope = z
  .object({
    superseded: TimelineEntrySchema.openapi({ description: "The original, now `superseded`" }),
    entry: TimelineEntrySchema.openapi({ description: "The replacement (linked both ways)" }),
  })
  .openapi("SupersedeResult");

export type Replacement = z.infer<typeof ReplacementSchema>;
