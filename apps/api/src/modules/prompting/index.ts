/** The prompting module's public entry: what other modules may use (docs/modules.md). */

export type { Caller, PreparedPrompt, PromptMode, TurnEngine } from "./engine.ts";
export type { JudgeInput, Judgement } from "./judge.ts";
export type { PromptInput, PromptResult } from "./schemas.ts";
export type { PromptService } from "./service.ts";
export type { RecentTurn, SessionService } from "./sessions.ts";
export type { Summary, SummaryInput } from "./summary.ts";
