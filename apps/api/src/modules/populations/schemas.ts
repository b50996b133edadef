import { pageQuery, TenantIdSchema, TenantQuery, UuidSchema, z } from "../../shared/schemas.ts";
import { PersonaSchema } from "../personas/index.ts";
import type { DiversityReport } from "./diversity.ts";

/** Request and response schemas of the population routes; tests parse responses with these. */

/** The largest population one request may compose or generate. */
export const MAX_POPULATION_SIZE = 10_000;
export const MAX_COHORTS = 50;

const name = z.string().trim().min(1).max(200).openapi({ example: "US adults, census-balanced" });
const description = z.string().trim().max(2000).openapi({ example: "Panel for the pricing study" });
const size = z
  .number()
  .int("must be an integer")
  .min(1, `must be 1-${MAX_POPULATION_SIZE}`)
  .max(MAX_POPULATION_SIZE, `must be 1-${MAX_POPULATION_SIZE}`);
const seed = z
  .number()
  .int("must be an integer")
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .openapi({ description: "Seed of the draw (same seed, same result); a random one when omitted", example: 42 });

const CohortWeight = z
  .strictObject({
    cohortId: UuidSchema,
    weight: z
      .number()
      .positive("must be > 0")
      .max(1_000_000)
      .openapi({ description: "Relative weight (> 0); the weights are normalised to sum to 1", example: 0.5 }),
  })
  .openapi("PopulationCohort");
const cohorts = z
  .array(CohortWeight)
  .min(1, `a population has 1-${MAX_COHORTS} cohorts`)
  .max(MAX_COHORTS, `a population has 1-${MAX_COHORTS} cohorts`);

export const SamplingSchema = z
  .strictObject({
    rule: z.enum(["all", "quota"]).openapi({
      description:
        "`all`: every member of every cohort, weighted so each cohort's weighted share is its weight. `quota`: `size` members drawn so each cohort's share is its weight (seeded)",
    }),
    seed: seed.optional(),
  })
  .openapi("PopulationSampling");

interface CompositionParts {
  cohorts?: { cohortId: string }[] | undefined;
}

function uniqueCohorts(body: CompositionParts, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  body.cohorts?.forEach((c, i) => {
    if (seen.has(c.cohortId))
      ctx.addIssue({ code: "custom", path: ["cohorts", i, "cohortId"], message: "cohort listed twice" });
    seen.add(c.cohortId);
  });
}

export const CreatePopulationBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    name,
    description: description.optional(),
    cohorts,
    size: size.optional().openapi({ description: "Members to draw (quota sampling: required; `all`: not allowed)" }),
    sampling: SamplingSchema,
  })
  .superRefine((b, ctx) => {
    uniqueCohorts(b, ctx);
    if (b.sampling.rule === "quota" && b.size === undefined)
      ctx.addIssue({ code: "custom", path: ["size"], message: "quota sampling needs a size" });
    if (b.sampling.rule === "all" && b.size !== undefined)
      ctx.addIssue({ code: "custom", path: ["size"], message: "`all` sampling takes every member: omit size" });
  })
  .openapi("CreatePopulationBody");
export type CreatePopulationInput = z.infer<typeof CreatePopulationBody>;

export const UpdatePopulationBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    name: name.optional(),
    description: description.nullable().optional(),
    cohorts: cohorts.optional(),
    size: size.nullable().optional(),
    sampling: SamplingSchema.optional(),
  })
  .superRefine(uniqueCohorts)
  .refine((b) => Object.keys(b).some((k) => k !== "tenantId"), { message: "Give at least one field to update" })
  .openapi("UpdatePopulationBody", {
    description:
      "Name and description change in place. A change of cohorts, weights, size or sampling makes version n+1 (composed populations only).",
  });
export type UpdatePopulationInput = z.infer<typeof UpdatePopulationBody>;

export const GeneratePopulationBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    name,
    description: description.optional(),
    size: size.openapi({ description: `Personas to generate (1-${MAX_POPULATION_SIZE})`, example: 1000 }),
    targets: z.union([z.string().max(64), z.record(z.string().max(200), z.unknown())]).openapi({
      description:
        "The preset `\"us-adults\"`, or custom marginals `{ variable: { category: share } }` for some of its variables (sex, age_band, education, household_income, census_region, urban_rural, employment_status); each variable's shares sum to 1 ± 0.001; the variables not named keep the preset's",
      example: "us-adults",
    }),
    seed: seed.optional(),
    model: z.string().min(3).max(200).optional().openapi({
      description: "Model that writes the profiles (`provider/model`); the simulator by default",
      example: "person-run/simulator",
    }),
  })
  .openapi("GeneratePopulationBody");
export type GeneratePopulationInput = z.infer<typeof GeneratePopulationBody>;

const FitRowSchema = z
  .object({
    variable: z.string(),
    category: z.string(),
    target: z.number(),
    achieved: z.number().openapi({ description: "Unweighted share of the members" }),
    deviation: z.number().openapi({ description: "achieved − target (0.01 = 1 percentage point)" }),
    weightedAchieved: z.number().openapi({ description: "Share with the raked weights" }),
    weightedDeviation: z.number(),
  })
  .openapi("PopulationFitRow");
export const FitSchema = z
  .object({
    rows: z.array(FitRowSchema),
    maxDeviation: z.number().openapi({ description: "Largest |deviation| of the unweighted sample" }),
    weightedMaxDeviation: z.number().openapi({ description: "Largest |deviation| with the raked weights" }),
    effectiveSampleSize: z.number().openapi({ description: "Kish: (Σw)² / Σw²" }),
    efficiency: z.number().openapi({ description: "effectiveSampleSize / size" }),
  })
  .openapi("PopulationFit");
export type Fit = z.infer<typeof FitSchema>;

const WarningSchema = z.record(z.string(), z.unknown()).openapi("PopulationWarning", {
  example: {
    type: "shortfall",
    cohortId: "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e",
    quota: 50,
    available: 12,
    shortfall: 38,
  },
});
const iso = z.string().openapi({ example: "2026-02-20T12:00:00.000Z" });

const TRAIT_STATS = z.object({ mean: z.number(), sd: z.number(), min: z.number(), max: z.number() });
export const DiversitySchema = z
  .object({
    members: z.number().int(),
    effectiveSampleSize: z.number().openapi({ description: "Kish effective sample size of the members' weights" }),
    unknown: z.record(z.string(), z.number().int()).openapi({ description: "Per variable: members without a value" }),
    outsideTargets: z
      .record(z.string(), z.number().int())
      .openapi({ description: "Per variable: members whose value is not a target category" }),
    marginal: z.object({
      cells: z.number().int(),
      covered: z.number().int(),
      coverage: z.number(),
      missing: z.array(z.object({ variable: z.string(), category: z.string(), target: z.number() })),
    }),
    pairwise: z.object({
      cells: z.number().int(),
      covered: z.number().int(),
      coverage: z.number(),
      coverageOfExpected: z.number().openapi({
        description: "Of the two-variable cells expected to hold at least one member, the share that does",
      }),
      thinnest: z.array(
        z.object({
          variables: z.tuple([z.string(), z.string()]),
          categories: z.tuple([z.string(), z.string()]),
          expected: z.number(),
          count: z.number().int(),
        }),
      ),
    }),
    traits: z.object({
      withTraits: z.number().int(),
      perTrait: z.object({
        openness: TRAIT_STATS,
        conscientiousness: TRAIT_STATS,
        extraversion: TRAIT_STATS,
        agreeableness: TRAIT_STATS,
        neuroticism: TRAIT_STATS,
      }),
      meanDistance: z.number(),
      uniformMeanDistance: z.number(),
      sampledPairs: z.number().int().nullable(),
    }),
    duplicates: z.object({
      groups: z.array(
        z.object({
          firstName: z.string(),
          lastName: z.string(),
          age: z.number().int(),
          location: z.string(),
          personaIds: z.array(UuidSchema),
        }),
      ),
      count: z.number().int(),
    }),
    warnings: z.array(z.string()),
  })
  .openapi("PopulationDiversity", {
    description:
      "Coverage of the target cells (each variable, and each pair of variables), spread of the Big Five traits, " +
      "duplicate personas and plain-word warnings: a thin panel shows before it is used (docs/cohorts-and-populations.md)",
  });
// The report diversity.ts computes is the one documented here.
const _diversityMatches: z.infer<typeof DiversitySchema> = {} as DiversityReport;

export const PopulationSchema = z
  .object({
    id: UuidSchema,
    tenantId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    kind: z.enum(["composed", "generated"]),
    status: z.enum(["generating", "ready", "failed"]),
    version: z.number().int().openapi({ description: "Current version (0 until a generation has written one)" }),
    size: z.number().int(),
    generated: z.number().int().openapi({ description: "Personas a generation has created so far" }),
    cohorts: z.array(z.object({ cohortId: UuidSchema, weight: z.number() })).nullable(),
    sampling: z.object({ rule: z.enum(["all", "quota"]), seed: z.number().nullable() }).nullable(),
    targets: z.union([z.string(), z.record(z.string(), z.record(z.string(), z.number()))]).nullable(),
    seed: z.number().nullable(),
    model: z.string().nullable(),
    runId: UuidSchema.nullable().openapi({ description: "The generation run (`GET /runs/{runId}`)" }),
    error: z.object({ error: z.string(), code: z.string() }).nullable(),
    fit: FitSchema.nullable().openapi({ description: "The current version's fit (generated populations)" }),
    diversity: DiversitySchema.nullable(),
    warnings: z.array(WarningSchema),
    createdAt: iso,
    updatedAt: iso,
  })
  .openapi("Population");
export type Population = z.infer<typeof PopulationSchema>;

export const PopulationEnvelope = z.object({ population: PopulationSchema }).openapi("PopulationEnvelope");
export const PopulationListEnvelope = z
  .object({ populations: z.array(PopulationSchema), nextCursor: z.string().nullable() })
  .openapi("PopulationList");
export const EstimateSchema = z
  .object({
    personas: z.number().int(),
    tokensIn: z.number().int(),
    tokensOut: z.number().int(),
    costUsd: z.number(),
    credits: z.number(),
    model: z.string(),
  })
  .openapi("PopulationEstimate", { description: "What writing the profiles may cost at most, before work starts" });
export const GeneratedPopulationEnvelope = z
  .object({ population: PopulationSchema, estimate: EstimateSchema })
  .openapi("GeneratedPopulation");
export const DeletedPopulationEnvelope = z.object({ deleted: z.literal(true) }).openapi("DeletedPopulation");

export const VersionSummarySchema = z
  .object({ version: z.number().int(), createdAt: iso, size: z.number().int() })
  .openapi("PopulationVersionSummary");
export const VersionsEnvelope = z.object({ versions: z.array(VersionSummarySchema) }).openapi("PopulationVersions");
export const VersionSchema = z
  .object({
    populationId: UuidSchema,
    version: z.number().int(),
    createdAt: iso,
    size: z.number().int(),
    fit: FitSchema.nullable(),
    diversity: DiversitySchema.nullable(),
    composition: z.record(z.string(), z.unknown()),
    warnings: z.array(WarningSchema),
  })
  .openapi("PopulationVersion");
export type PopulationVersion = z.infer<typeof VersionSchema>;
export const VersionEnvelope = z
  .object({ version: VersionSchema, created: z.boolean().optional() })
  .openapi("PopulationVersionEnvelope");

export const SnapshotSchema = z
  .object({
    firstName: z.string(),
    lastName: z.string(),
    age: z.number().int(),
    location: z.string(),
    baseOccupation: z.string(),
  })
  .openapi("PopulationMemberSnapshot", { description: "Who the persona was when the version was made" });
export const MemberSchema = z
  .object({
    personaId: UuidSchema,
    weight: z.number(),
    cohortId: UuidSchema.nullable(),
    persona: PersonaSchema.nullable().openapi({ description: "The persona as it is now; null once deleted" }),
    deleted: z.boolean(),
    snapshot: SnapshotSchema,
  })
  .openapi("PopulationMember");
export type Member = z.infer<typeof MemberSchema>;
export const MembersEnvelope = z
  .object({ members: z.array(MemberSchema), nextCursor: z.string().nullable() })
  .openapi("PopulationMembers");

export const PopulationIdParams = z.object({
  populationId: UuidSchema.openapi({ param: { name: "populationId", in: "path" } }),
});
export const VersionParams = PopulationIdParams.extend({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .max(2_147_483_647)
    .openapi({ param: { name: "version", in: "path" }, example: 1 }),
});
export const ListPopulationsQuery = z.strictObject({
  ...pageQuery,
  kind: z.enum(["composed", "generated"]).optional(),
});
export const MembersQuery = z.strictObject({ ...pageQuery });
export { TenantQuery };
export const SnapshotBody = z.strictObject({ tenantId: TenantIdSchema.optional() }).openapi("SnapshotPopulationBody");
