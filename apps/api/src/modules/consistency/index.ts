/** The consistency module's public entry: what other modules may use (docs/modules.md). */
export type { ReconcileJob, Report } from "./schemas.ts";
export type { ConsistencyService } from "./service.ts";
