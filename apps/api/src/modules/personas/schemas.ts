import { PersonaProfileSchema } from "../../llm/index.ts";
import { TenantIdSchema, UuidSchema, withinFreeJsonBytes, z } from "../../shared/schemas.ts";
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from "../../shared/vocabulary.ts";
import { TimelineEntrySchema } from "../timeline/index.ts";

/** Request and response schemas of the persona routes; tests parse responses with these. */

const text = (max: number, example?: string) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .openapi(example ? { example } : {});

const unit = z.number().min(0).max(1);

export const PersonalitySchema = z
  .strictObject({
    openness: unit.optional(),
    conscientiousness: unit.optional(),
    extraversion: unit.optional(),
    agreeableness: unit.optional(),
    neuroticism: unit.optional(),
  })
  .openapi("PersonalityOverrides", { description: "Big Five overrides, each 0-1; generated values fill the rest." });

export const AttributesSchema = z
  .record(z.string().min(1).max(64), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
  .refine((r) => Object.keys(r).length <= 50, "at most 50 attributes")
  .refine(...withinFreeJsonBytes)
  .openapi({
    description: "Free key/values for segmentation (at most 50, 16 KB as JSON)",
    example: { segment: "prosumer" },
  });

/** The optional seed fields (ours); all nullable on update so they can be cleared. */
const optionalSeed = {
  gender: text(50, "female").optional(),
  education: text(100, "Bachelor's degree").optional(),
  incomeBracket: text(100, "$100k-$150k").optional(),
  household: text(200, "Lives with partner").optional(),
  languages: z
    .array(text(50))
    .max(20)
    .optional()
    .openapi({ example: ["English", "Mandarin"] }),
  interests: z
    .array(text(100))
    .max(50)
    .optional()
    .openapi({ example: ["ceramics", "bouldering"] }),
  personality: PersonalitySchema.optional(),
  attributes: AttributesSchema.optional(),
};

const requiredSeed = {
  firstName: text(100, "Aria"),
  lastName: text(100, "Chen"),
  age: z.number().int("must be an integer").min(0).max(120).openapi({ example: 32 }),
  location: text(200, "San Francisco"),
  baseOccupation: text(200, "Product designer"),
};

export const SeedSchema = z.strictObject({ ...requiredSeed, ...optionalSeed }).openapi("PersonaSeed", {
  description: "Fixed identity of the persona. The five first fields are required.",
});

export const CreatePersonaBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    seed: SeedSchema,
    model: z.string().min(3).max(200).optional().openapi({
      description: "Model that writes the profile (`provider/model`); the server default when omitted.",
      example: "person-run/simulator",
    }),
  })
  .openapi("CreatePersonaRequest");

export const UpdatePersonaBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    version: z.number().int().min(1).optional().openapi({
      description: "When given, the update applies only if the persona is still at this version (else 409).",
    }),
    ...Object.fromEntries(Object.entries(requiredSeed).map(([k, v]) => [k, v.optional()])),
    gender: optionalSeed.gender.unwrap().nullable().optional(),
    education: optionalSeed.education.unwrap().nullable().optional(),
    incomeBracket: optionalSeed.incomeBracket.unwrap().nullable().optional(),
    household: optionalSeed.household.unwrap().nullable().optional(),
    languages: optionalSeed.languages,
    interests: optionalSeed.interests,
    personality: PersonalitySchema.nullable().optional(),
    attributes: AttributesSchema.optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== "tenantId" && k !== "version"), {
    message: "Give at least one field to update",
  })
  .openapi("UpdatePersonaRequest") as unknown as z.ZodType<UpdatePersonaInput>;

export interface UpdatePersonaInput {
  tenantId?: string;
  version?: number;
  firstName?: string;
  lastName?: string;
  age?: number;
  location?: string;
  baseOccupation?: string;
  gender?: string | null;
  education?: string | null;
  incomeBracket?: string | null;
  household?: string | null;
  languages?: string[];
  interests?: string[];
  personality?: z.infer<typeof PersonalitySchema> | null;
  attributes?: z.infer<typeof AttributesSchema>;
}

const iso = z.string().openapi({ example: "2026-02-20T12:00:00.000Z" });

export const ProfileSchema = PersonaProfileSchema.omit({ initialMemory: true }).openapi("PersonaProfile", {
  description:
    "Generated at creation: Big Five personality (0-1), values, interests, communication style, backstory, goals, frustrations, domain knowledge.",
});

export const PROFILE_STATUSES = ["ready", "pending", "failed"] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];

const ProfileStatusSchema = z.enum(PROFILE_STATUSES).openapi({
  description:
    "`ready`: the profile is written (or the persona was imported as it was). `pending`: the model provider was unavailable at creation and the profile is being written in the background (see `profileRunId`); prompts answer 409 `persona_not_ready` until it is. `failed`: the background run gave up (`profileError`); retry it with `POST /runs/{profileRunId}/retry`.",
  example: "ready",
});

export const PersonaSchema = z
  .object({
    id: UuidSchema,
    tenantId: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    age: z.number().int(),
    location: z.string(),
    baseOccupation: z.string(),
    summary: z.string().openapi({ example: "Aria Chen, 32, based in San Francisco, works as Product designer." }),
    gender: z.string().nullable(),
    education: z.string().nullable(),
    incomeBracket: z.string().nullable(),
    household: z.string().nullable(),
    languages: z.array(z.string()),
    interests: z.array(z.string()),
    personality: PersonalitySchema.nullable().openapi({ description: "The seed's Big Five overrides, if any" }),
    attributes: z.record(z.string(), z.unknown()),
    profile: ProfileSchema.nullable(),
    profileModel: z
      .string()
      .nullable()
      .openapi({ description: "The model that wrote the profile", example: "person-run/simulator" }),
    profileStatus: ProfileStatusSchema,
    profileRunId: UuidSchema.nullable().openapi({
      description:
        "The `personas.profile` run writing the profile in the background (`GET /runs/{runId}`); null when it was written at creation",
    }),
    profileError: z
      .object({ error: z.string(), code: z.string() })
      .nullable()
      .openapi({ description: "Why the background generation failed (while `profileStatus` is `failed`)" }),
    version: z.number().int().openapi({ description: "Incremented by every update" }),
    createdAt: iso,
    updatedAt: iso,
  })
  .openapi("Persona");

export const PersonaEnvelope = z.object({ persona: PersonaSchema }).openapi("PersonaResponse");
export const CreatedPersonaEnvelope = z
  .object({ persona: PersonaSchema, timeline: z.array(TimelineEntrySchema) })
  .openapi("CreatePersonaResponse");
export const PersonaListEnvelope = z
  .object({ personas: z.array(PersonaSchema), nextCursor: z.string().nullable() })
  .openapi("PersonaList");
export const DeletedPersonaEnvelope = z.object({ deleted: z.literal(true), id: UuidSchema }).openapi("DeletedPersona");

export const PersonaExportSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    formatVersion: z.union([z.literal(1), z.literal(EXPORT_FORMAT_VERSION)]),
    exportedAt: iso,
    // Documents written before the profile status existed are still read.
    persona: PersonaSchema.extend({
      profileStatus: ProfileStatusSchema.optional(),
      profileRunId: UuidSchema.nullable().optional(),
      profileError: PersonaSchema.shape.profileError.optional(),
    }),
    timeline: z
      .array(TimelineEntrySchema.extend({ effectiveStrength: z.number().optional() }))
      .openapi({ description: "Every entry, superseded ones included (with their links and reasons), by eventAt" }),
    sessions: z
      .array(z.record(z.string(), z.unknown()))
      .optional()
      .openapi({ description: "Prompt sessions with their turns (not re-imported)" }),
    consistencyReports: z
      .array(z.record(z.string(), z.unknown()))
      .optional()
      .openapi({ description: "Stored consistency reports (not re-imported)" }),
  })
  .openapi("PersonaExport");

export const ListPersonasQuery = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: "Text in name, location, occupation or summary" }),
    location: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: "Location contains (case-insensitive)" }),
    occupation: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: "Occupation contains (case-insensitive)" }),
    minAge: z.coerce.number().int().min(0).max(120).optional(),
    maxAge: z.coerce.number().int().min(0).max(120).optional(),
    cohortId: UuidSchema.optional().openapi({
      description:
        "Only the members of this cohort (`GET /cohorts/{cohortId}`), combined with the other filters; an unknown cohort is a 404",
    }),
    limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: "Page size (1-200)" }),
    cursor: z.string().max(500).optional().openapi({ description: "nextCursor of the previous page" }),
  })
  .refine((q) => q.minAge === undefined || q.maxAge === undefined || q.minAge <= q.maxAge, {
    message: "minAge must not exceed maxAge",
    path: ["minAge"],
  });

export const PersonaIdParams = z.object({
  personaId: UuidSchema.openapi({ param: { name: "personaId", in: "path" } }),
});

export const ImportPersonaBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    document: PersonaExportSchema.openapi({ description: "A document from GET /personas/{personaId}/export" }),
  })
  .openapi("ImportPersonaRequest");

export type Seed = z.infer<typeof SeedSchema>;
export type Profile = z.infer<typeof ProfileSchema>;
export type Persona = z.infer<typeof PersonaSchema>;
export type PersonaExport = z.infer<typeof PersonaExportSchema>;
export type ListPersonasFilters = z.infer<typeof ListPersonasQuery>;
