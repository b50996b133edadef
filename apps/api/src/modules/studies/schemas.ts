import { pageQuery, TenantIdSchema, UuidSchema, z } from "../../shared/schemas.ts";

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
      "Also delete the study's finished runs' data. Accepted now; studies have no runs yet, so it changes nothing today",
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
      description: "Must be `true` for now: the plan without running (study runs are not available yet)",
      example: true,
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
