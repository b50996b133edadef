/**
 * The llm layer's public entry: what domain modules may use (docs/modules.md). Modules never import
 * the simulator's internals; the structured context they hand it is typed here.
 */
export { costUsd, type ModelPrice, SIMULATOR_SLUG } from "./catalog.ts";
export type { LlmClient, LlmResult, LlmUsage } from "./client.ts";
export { LlmError, llmErrorToApi } from "./errors.ts";
export { CURRENCY_MARKERS, formatMoney, type Locale, localeOf } from "./locale.ts";
export { type PersonaProfile, PersonaProfileSchema } from "./profile.ts";
export type { ResolvedModel } from "./registry.ts";
export type { SimAnswerContext, SimMemory, SimPersona, SimProfileContext } from "./simulator/types.ts";
