/**
 * The llm layer's public entry: what domain modules may use (docs/modules.md). Modules never import
 * the simulator's internals; the structured context they hand it is typed here.
 */
export {
  type BilledUsage,
  CAPABILITIES,
  type Capability,
  costUsd,
  type ModelPrice,
  SIMULATOR_SLUG,
} from "./catalog.ts";
export type { LlmClient, LlmRequest, LlmResult, LlmUsage } from "./client.ts";
export { LlmError, llmErrorToApi } from "./errors.ts";
export { CURRENCY_MARKERS, formatMoney, type Locale, localeOf } from "./locale.ts";
export type { CatalogModel, ModelCatalog, ModelSource, SyncedModel } from "./model-catalog.ts";
export { type BigFive, type PersonaProfile, PersonaProfileSchema } from "./profile.ts";
export type { ProviderName, ResolvedModel } from "./registry.ts";
// The seed's occupation as the simulator reads it, reused by the prompt card (one helper, not two).
export { occupationInfo } from "./simulator/occupations.ts";
export { withArticle } from "./simulator/text.ts";
export type {
  SimAnswerContext,
  SimJudgeContext,
  SimMemory,
  SimPersona,
  SimProfileContext,
} from "./simulator/types.ts";
