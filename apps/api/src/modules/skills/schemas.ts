import {
  EvaluationSchema,
  type Evaluation as EvaluationShape,
  type Question,
  QuestionSchema,
} from "../../shared/output-formats.ts";
import { pageQuery, TenantIdSchema, TenantQuery, UuidSchema, z } from "../../shared/schemas.ts";
import { jsonSchemaProblem } from "./json-schema.ts";
import { ruleProblems } from "./rule-values.ts";

/** Request and response schemas of the skill routes; tests parse responses with these. */

const EXAMPLE_QUESTIONS: Question[] = [
  {
    id: "appeal",
    text: "Here is the pricing page: {{pageSummary}}. How appealing is it to you?",
    outputFormat: { type: "likert", scale: 7, labels: ["Not at all appealing", "Extremely appealing"] },
  },
  {
    id: "plan",
    text: "Which plan would you buy?",
    outputFormat: { type: "single_choice", options: ["Free", "Pro ($12/month)", "Team ($40/month)"], allowOther: true },
  },
  {
    id: "why",
    text: "Why that plan, {{firstName}}?",
    outputFormat: { type: "text", minWords: 10, maxWords: 120 },
    followUps: ["What would make you pay more?"],
  },
];
const EXAMPLE_EVALUATION: EvaluationShape = {
  criteria: [
    { name: "Answers readable", weight: 2, rule: { type: "format_valid" } },
    { name: "Mentions price", weight: 1, rule: { type: "must_mention", questionId: "why", value: ["price", "cost"] } },
    { name: "Reasoning is specific", weight: 1, judge: "Does the answer cite a concrete feature or price?" },
  ],
  passThreshold: 0.7,
};

const name = z.string().trim().min(1).max(200).openapi({ example: "Pricing page reaction" });
const description = z
  .string()
  .trim()
  .max(2000)
  .openapi({ example: "First impression of the new pricing page and the plan chosen" });
const instructions = z.string().trim().min(1).max(20_000).openapi({
  description: "What the persona is told before the questions; `{{variables}}` are filled per task",
  example: "You are looking at a new pricing page for a note-taking app, as {{baseOccupation}} in {{location}}.",
});
const questions = z
  .array(QuestionSchema)
  .min(1, "a skill has 1-50 questions")
  .max(50, "a skill has 1-50 questions")
  .openapi({ example: EXAMPLE_QUESTIONS });
const evaluation = EvaluationSchema.openapi({ example: EXAMPLE_EVALUATION });
const model = z.string().min(3).max(200).openapi({
  description: "Model slug (`provider/model`) tasks use unless they name one; the server default when null",
  example: "person-run/simulator",
});
const temperature = z.number().min(0).max(2).openapi({ example: 0.7 });

interface DefinitionParts {
  questions?: Question[];
  evaluation?: EvaluationShape | null;
}

/**
 * What zod's shape cannot say: question ids unique, JSON schemas that compile, rule values of the right
 * shape for their type and naming an existing question.
 */
function checkDefinition(def: DefinitionParts, ctx: z.RefinementCtx) {
  const qs = def.questions ?? [];
  const seen = new Set<string>();
  qs.forEach((q, i) => {
    if (seen.has(q.id))
      ctx.addIssue({ code: "custom", path: ["questions", i, "id"], message: `duplicate id "${q.id}"` });
    seen.add(q.id);
    if (q.outputFormat.type === "json") {
      const problem = jsonSchemaProblem(q.outputFormat.schema);
      if (problem) ctx.addIssue({ code: "custom", path: ["questions", i, "outputFormat", "schema"], message: problem });
    }
  });
  def.evaluation?.criteria.forEach((c, i) => {
    if (!c.rule) return;
    for (const p of ruleProblems(c.rule, qs)) {
      ctx.addIssue({ code: "custom", path: ["evaluation", "criteria", i, "rule", p.path], message: p.message });
    }
  });
}

const definitionFields = {
  name,
  description: description.optional(),
  instructions,
  questions,
  evaluation: evaluation.optional(),
  model: model.optional(),
  temperature: temperature.optional(),
};

/** A skill's whole definition, as created (and as stored in each version). */
export const SkillDefinitionSchema = z.strictObject(definitionFields).superRefine(checkDefinition);
export type SkillDefinition = z.infer<typeof SkillDefinitionSchema>;

export const CreateSkillBody = z
  .strictObject({ tenantId: TenantIdSchema.optional(), ...definitionFields })
  .superRefine(checkDefinition)
  .openapi("CreateSkillBody");

export const UpdateSkillBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    name: name.optional(),
    description: description.nullable().optional(),
    instructions: instructions.optional(),
    questions: questions.optional(),
    evaluation: evaluation.nullable().optional(),
    model: model.nullable().optional(),
    temperature: temperature.nullable().optional(),
  })
  .openapi("UpdateSkillBody", {
    description:
      "Fields to change (others stay; null clears an optional one). The merged definition is validated as a whole and saved as the next version; an update that changes nothing makes no version.",
  });
export type UpdateSkillInput = z.infer<typeof UpdateSkillBody>;

export const SkillSchema = z
  .object({
    id: UuidSchema,
    tenantId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    instructions: z.string(),
    questions: z.array(QuestionSchema),
    evaluation: EvaluationSchema.nullable(),
    model: z.string().nullable(),
    temperature: z.number().nullable(),
    version: z
      .number()
      .int()
      .openapi({ description: "The version shown (the latest unless `?version=N`)", example: 1 }),
    createdAt: z.string().openapi({ description: "When the skill was created", example: "2026-02-20T12:00:00.000Z" }),
    updatedAt: z
      .string()
      .openapi({ description: "When its latest version was made", example: "2026-02-20T12:00:00.000Z" }),
    archivedAt: z
      .string()
      .nullable()
      .openapi({ description: "Set when deleted while in use: hidden from lists, readable by id", example: null }),
  })
  .openapi("Skill");
export type Skill = z.infer<typeof SkillSchema>;
export type Evaluation = EvaluationShape;

export const SkillEnvelope = z.object({ skill: SkillSchema }).openapi("SkillEnvelope");
export const SkillListEnvelope = z
  .object({ skills: z.array(SkillSchema), nextCursor: z.string().nullable() })
  .openapi("SkillList");
export const SkillVersionSchema = z
  .object({ version: z.number().int(), createdAt: z.string(), name: z.string() })
  .openapi("SkillVersion", {
    example: { version: 2, createdAt: "2026-02-21T09:30:00.000Z", name: "Pricing page reaction" },
  });
export const SkillVersionsEnvelope = z.object({ versions: z.array(SkillVersionSchema) }).openapi("SkillVersions");
export const DeletedSkillEnvelope = z
  .object({
    deleted: z.literal(true),
    archived: z
      .boolean()
      .openapi({ description: "True when a task or study uses the skill: it was archived, not removed" }),
  })
  .openapi("DeletedSkill");

export const SkillIdParams = z.object({ skillId: UuidSchema.openapi({ param: { name: "skillId", in: "path" } }) });
export const GetSkillQuery = TenantQuery.extend({
  version: z.coerce.number().int().min(1).optional().openapi({ description: "A past version (default: the latest)" }),
});
export const ListSkillsQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().min(1).max(200).optional().openapi({ description: "Part of the name (case-insensitive)" }),
  includeArchived: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .openapi({ description: "Also list archived skills" }),
});
export type ListSkillsFilters = z.infer<typeof ListSkillsQuery>;
