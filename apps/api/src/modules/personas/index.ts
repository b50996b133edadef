/** The personas module's public entry: what other modules may use (docs/modules.md). */
export { PROFILE_MAX_OUTPUT_TOKENS, PROFILE_PROMPT_CHARS } from "./profile.ts";
export type { Persona, PersonaExport, Profile, Seed } from "./schemas.ts";
export { PersonaSchema } from "./schemas.ts";
export {
  type CreatedPersona,
  type ExportSources,
  type PersonaService,
  personaExistsSql,
  summaryOf,
} from "./service.ts";
