/** The populations module's public entry: what other modules may use (docs/modules.md). */

export type { PopulationGenerator } from "./generate.ts";
export type { Population, PopulationVersion } from "./schemas.ts";
export type { CohortSource, PopulationService, PopulationUsage, RosterMember } from "./service.ts";
export { type PersonaValues, valuesOf } from "./values.ts";
