/** The prompting module's public entry: what other modules may use (docs/modules.md). */
export type { PromptInput, PromptResult } from "./schemas.ts";
export type { Caller, PreparedPrompt, PromptMode, PromptService } from "./service.ts";
export type { RecentTurn, SessionService } from "./sessions.ts";
