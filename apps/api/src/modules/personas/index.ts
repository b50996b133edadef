/** The personas module's public entry: what other modules may use (docs/modules.md). */

export {
  type AttributeValue,
  type MembershipCriteria,
  type MembershipSpec,
  TRAITS,
  type Trait,
} from "./membership.ts";
export { PROFILE_MAX_OUTPUT_TOKENS, PROFILE_PROMPT_CHARS } from "./profile.ts";
export type { Persona, PersonaExport, Profile, Seed } from "./schemas.ts";
export { PersonaSchema } from "./schemas.ts";
export {
  type CohortSpecs,
  type CreatedPersona,
  type ExportSources,
  type MemberPageQuery,
  type PersonaService,
  personaExistsSql,
  summaryOf,
} from "./service.ts";
