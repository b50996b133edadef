/** The skills module's public entry: what other modules may use (docs/modules.md). */

export { parseAnswer } from "./parse.ts";
export type { AnswerResult, TaskScores } from "./rules.ts";
export { combineScores, scoreRule } from "./rules.ts";
export type { Evaluation, Skill, SkillDefinition } from "./schemas.ts";
export { SkillDefinitionSchema } from "./schemas.ts";
export type { SkillCaller, SkillService, SkillUsage } from "./service.ts";
export { type PersonaVariables, renderTemplate, resolveVariables, templateVariables } from "./variables.ts";
