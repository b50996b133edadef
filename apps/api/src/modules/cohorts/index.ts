/** The cohorts module's public entry: what other modules may use (docs/modules.md). */
export type { Cohort, CohortCriteria } from "./schemas.ts";
export { CohortCriteriaSchema } from "./schemas.ts";
export type { CohortMembers, CohortService, CohortUsage } from "./service.ts";
