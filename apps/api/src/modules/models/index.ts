/** The models module's public entry: what other modules may use (docs/modules.md). */
export type { ModelService, ModelView, PricingRow, SyncReport } from "./service.ts";
