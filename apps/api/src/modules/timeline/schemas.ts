import { z } from "@hono/zod-openapi";
import { TenantIdSchema, UuidSchema } from "../../http/openapi.ts";
import { MEMORY_TYPES, TimelineEntryInputSchema, TimelineEntrySchema } from "../personas/schemas.ts";

/** Request and response schemas of the timeline, consistency and reconcile routes. */

const iso = z.string().openapi({ example: "2026-02-20T12:00:00.000Z" });

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

export const IssueSchema = z
  .object({
    type: z.enum([
      "timeline_order",
      "age_conflict",
      "fact_conflict",
      "profile_conflict",
      "duplicate",
      "revision_conflict",
      "response_contradiction",
    ]),
    severity: z.enum(["low", "medium", "high"]),
    entryIds: z.array(z.string()),
    turnIds: z.array(z.string()).optional(),
    message: z.string(),
    suggestion: z.string(),
    source: z.enum(["rules", "llm"]),
    fix: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "A fix safe to apply without a human: the reconcile job applies it" }),
  })
  .openapi("ConsistencyIssue");

export const ReportSchema = z
  .object({
    id: UuidSchema,
    personaId: UuidSchema,
    checkedAt: iso,
    score: z.number().int().min(0).max(100),
    issueCount: z.number().int(),
    issues: z.array(IssueSchema),
    method: z.enum(["rules", "rules+llm"]),
  })
  .openapi("ConsistencyReport");

export const ReportEnvelope = z.object({ report: ReportSchema }).openapi("ConsistencyReportResponse");
export const ReportListEnvelope = z
  .object({ reports: z.array(ReportSchema), nextCursor: z.string().nullable() })
  .openapi("ConsistencyReportList");

export const ReconcileBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    reportId: UuidSchema.optional().openapi({
      description: "Apply this report's fixes; a fresh check is run when omitted",
    }),
  })
  .openapi("ReconcileRequest");

export const ReconcileJobSchema = z
  .object({
    id: UuidSchema,
    personaId: UuidSchema,
    reportId: UuidSchema.nullable(),
    status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
    applied: z.array(
      z.object({
        action: z.enum(["merge_duplicates", "supersede"]),
        issueType: z.string(),
        supersededIds: z.array(z.string()),
        keptId: z.string().nullable(),
        reason: z.string(),
      }),
    ),
    error: z.string().nullable(),
    createdAt: iso,
    finishedAt: iso.nullable(),
  })
  .openapi("ReconcileJob");

export const ReconcileEnvelope = z.object({ job: ReconcileJobSchema }).openapi("ReconcileJobResponse");

export type Report = z.infer<typeof ReportSchema>;
export type ReconcileJob = z.infer<typeof ReconcileJobSchema>;
export type Replacement = z.infer<typeof ReplacementSchema>;
