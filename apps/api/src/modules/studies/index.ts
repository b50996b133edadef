/** The studies module's public entry: what other modules may use (docs/modules.md). */
export type { Study, StudyPlan } from "./schemas.ts";
export type { StudyService } from "./service.ts";
export { taskTurns } from "./service.ts";
