import { pageQuery, TenantIdSchema, UuidSchema, z } from "../../shared/schemas.ts";
import { type MembershipCriteria, PersonaSchema, TRAITS } from "../personas/index.ts";

/** Request and response schemas of the cohort routes; tests parse responses with these. */

/** Most ids a cohort's `include` or `exclude` may list. */
export const MAX_LISTED_PERSONAS = 1000;

const textList = (what: string, example: string[]) =>
  z
    .array(z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters"))
    .min(1, "give at least one value (or leave the criterion out)")
    .max(100, "at most 100 values")
    .openapi({ description: what, example });

const age = z.number().int("must be an integer").min(0).max(120);
const unit = z.number().min(0).max(1);

const TraitRangeSchema = z
  .strictObject({ min: unit.optional(), max: unit.optional() })
  .refine((r) => r.min !== undefined || r.max !== undefined, "give min, max or both")
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
    message: "min must not exceed max",
    path: ["min"],
  })
  .openapi("TraitRange", { description: "Inclusive bounds on a Big Five trait (0-1)", example: { min: 0.6 } });

const attributeValue = z.union([z.string().max(500), z.number(), z.boolean()]);

export const CohortCriteriaSchema = z
  .strictObject({
    minAge: age.optional().openapi({ description: "Age at least (inclusive)", example: 41 }),
    maxAge: age.optional().openapi({ description: "Age at most (inclusive)", example: 64 }),
    locations: textList("Location contains any of these (case-insensitive)", ["Chicago", "Ohio"]).optional(),
    occupations: textList("Occupation contains any of these (case-insensitive)", ["nurse"]).optional(),
    genders: textList("Gender equals any of these (case-insensitive)", ["female"]).optional(),
    educations: textList("Education equals any of these (case-insensitive)", ["bachelors", "masters"]).optional(),
    incomeBrackets: textList("Income bracket equals any of these (case-insensitive)", ["50-75k"]).optional(),
    languages: textList("Speaks any of these languages (case-insensitive)", ["Spanish"]).optional(),
    attributes: z
      .record(z.string().min(1).max(64), z.union([attributeValue, z.array(attributeValue).min(1).max(100)]))
      .refine((r) => Object.keys(r).length >= 1, "give at least one attribute (or leave the criterion out)")
      .refine((r) => Object.keys(r).length <= 50, "at most 50 attributes")
      .optional()
      .openapi({
        description:
          'Each key\'s attribute equals the value, or any value of a list (same JSON type: the string `"1"` is not the number `1`)',
        example: { census_region: "Midwest", employment_status: ["employed", "self-employed"] },
      }),
    traits: z
      .strictObject(Object.fromEntries(TRAITS.map((t) => [t, TraitRangeSchema.optional()])))
      .refine((r) => Object.values(r).some((v) => v !== undefined), "give at least one trait")
      .optional()
      .openapi({
        description:
          "Effective Big Five traits (the profile's, with the seed's overrides) within bounds; a persona whose profile is not written yet never matches",
        example: { openness: { min: 0.6 }, neuroticism: { max: 0.4 } },
      }),
  })
  .refine((c) => c.minAge === undefined || c.maxAge === undefined || c.minAge <= c.maxAge, {
    message: "minAge must not exceed maxAge",
    path: ["minAge"],
  })
  .openapi("CohortCriteria", {
    description:
      "Every given criterion must hold (AND); a list matches any of its values. `{}` (or none) makes the cohort an explicit list of `include`.",
    example: { occupations: ["nurse"], minAge: 41, attributes: { census_region: "Midwest" } },
  }) as unknown as z.ZodType<CohortCriteria>;
export type CohortCriteria = MembershipCriteria;

const personaIds = (what: string) =>
  z
    .array(UuidSchema.transform((id) => id.toLowerCase()))
    .max(MAX_LISTED_PERSONAS, `at most ${MAX_LISTED_PERSONAS} personas`)
    .openapi({ description: what, example: ["0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e"] });
const include = personaIds("Personas that are members whatever the criteria (the tenant's own)");
const exclude = personaIds("Personas that are never members: wins over the criteria and `include`");
const name = z.string().trim().min(1, "must not be empty").max(200).openapi({ example: "Midwest nurses over 40" });
const description = z.string().trim().max(2000).openapi({ example: "Registered nurses aged 41+ in the Midwest" });

const NEEDS_A_MEMBER_RULE = "a cohort needs at least one criterion or one `include` id";
const hasCriterion = (c: CohortCriteria | undefined) => c !== undefined && Object.keys(c).length > 0;

export const CreateCohortBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    name,
    description: description.optional(),
    criteria: CohortCriteriaSchema.optional(),
    include: include.optional(),
    exclude: exclude.optional(),
  })
  .refine((b) => hasCriterion(b.criteria) || (b.include?.length ?? 0) > 0, {
    message: NEEDS_A_MEMBER_RULE,
    path: ["criteria"],
  })
  .openapi("CreateCohortRequest");
export type CreateCohortInput = z.infer<typeof CreateCohortBody>;

export const UpdateCohortBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    version: z.number().int().min(1).optional().openapi({
      description: "When given, the update applies only if the cohort is still at this version (else 409)",
    }),
    name: name.optional(),
    description: description.nullable().optional(),
    criteria: CohortCriteriaSchema.optional().openapi({ description: "Replaces the criteria (`{}` removes them all)" }),
    include: include.optional(),
    exclude: exclude.optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== "tenantId" && k !== "version"), {
    message: "Give at least one field to update",
  })
  .openapi("UpdateCohortRequest");
export type UpdateCohortInput = z.infer<typeof UpdateCohortBody>;

const iso = z.string().openapi({ example: "2026-02-20T12:00:00.000Z" });

export const CohortSchema = z
  .object({
    id: UuidSchema,
    tenantId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    criteria: CohortCriteriaSchema,
    include: z.array(UuidSchema),
    exclude: z.array(UuidSchema),
    memberCount: z.number().int().openapi({ description: "Members now (membership is evaluated live)", example: 37 }),
    version: z.number().int().openapi({ description: "Incremented by every update" }),
    createdAt: iso,
    updatedAt: iso,
  })
  .openapi("Cohort");
export type Cohort = z.infer<typeof CohortSchema>;

export const CohortEnvelope = z.object({ cohort: CohortSchema }).openapi("CohortEnvelope");
export const CohortListEnvelope = z
  .object({ cohorts: z.array(CohortSchema), nextCursor: z.string().nullable() })
  .openapi("CohortList");
export const CohortMembersEnvelope = z
  .object({
    members: z.array(PersonaSchema).openapi({ description: "Member personas, newest first" }),
    count: z.number().int().openapi({ description: "Members in all (every page)", example: 37 }),
    nextCursor: z.string().nullable(),
  })
  .openapi("CohortMembers");
export const DeletedCohortEnvelope = z.object({ deleted: z.literal(true), id: UuidSchema }).openapi("DeletedCohort");

export const CohortIdParams = z.object({
  cohortId: UuidSchema.openapi({ param: { name: "cohortId", in: "path" } }),
});
export const ListCohortsQuery = z.strictObject(pageQuery);
export type PageInput = z.infer<typeof ListCohortsQuery>;
