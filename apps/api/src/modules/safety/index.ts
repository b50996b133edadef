/** The safety module's public entry: what other modules may use (docs/modules.md). */
export type { PolicyPack } from "./schemas.ts";
export {
  type ActivePolicy,
  DEFAULT_REFUSAL,
  type FilteredAnswer,
  type Guardrail,
  publicReasons,
  type SafetyService,
} from "./service.ts";
export { StreamGuard } from "./stream-window.ts";
