/** The analytics module's public entry: what other modules may use (docs/modules.md). */
export type { UsageEventName } from "../../shared/usage-events.ts";
export type { UsageEventInput, UsageRecorder } from "./usage.ts";
