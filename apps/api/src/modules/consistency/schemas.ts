import { TenantIdSchema, UuidSchema, z } from "../../shared/schemas.ts";

/** Request and response schemas of the consistency and reconcile routes. */

const iso = z.string().openapi({ example: "2026-02-20T12:00:00.000Z" });

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
