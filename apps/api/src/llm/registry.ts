import { createAnthropic } from "@ai-sdk/anthropic";
import { createGateway } from "@ai-sdk/gateway";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { Config } from "../config.ts";
import { ApiError } from "../errors.ts";
import { type CatalogEntry, type ModelPrice, SIMULATOR_SLUG } from "./catalog.ts";
import { ModelCatalog } from "./model-catalog.ts";
import { createSimulatorModel } from "./simulator/index.ts";

export type ProviderName = CatalogEntry["provider"];

export interface ResolvedModel {
  slug: string;
  provider: ProviderName;
  /** Plain model name, reported as `modelName`. */
  name: string;
  price: ModelPrice;
  priceKnown: boolean;
  model: LanguageModelV3;
}

const SLUG_RE = /^[a-z0-9-]+\/[A-Za-z0-9._:/@-]{1,200}$/;

/** Each provider's model when DEFAULT_MODEL is unset and the provider is the only one configured. */
const PROVIDER_DEFAULTS: Partial<Record<ProviderName, string>> = {
  openai: "openai/gpt-4.1-mini",
  anthropic: "anthropic/claude-haiku-4-5",
  gateway: "gateway/openai/gpt-4.1-mini",
};

/**
 * Resolves model slugs (`provider/model`) to AI SDK models, from the providers configured by env:
 * `person-run/simulator` always; `openai/…` with OPENAI_API_KEY; `anthropic/…` with ANTHROPIC_API_KEY;
 * `gateway/<creator>/<model>` with AI_GATEWAY_API_KEY; `compatible/<model>` with
 * OPENAI_COMPATIBLE_BASE_URL (Ollama, vLLM, llama.cpp, LM Studio, OpenRouter).
 */
export class ModelRegistry {
  private readonly factories: Partial<Record<ProviderName, (name: string) => LanguageModelV3>> = {};
  private readonly cache = new Map<string, Omit<ResolvedModel, "price" | "priceKnown">>();
  readonly defaultSlug: string;
  readonly fallbackSlug: string | undefined;
  /** The prices every caller reads (snapshot, synced lists, MODEL_PRICES). */
  readonly catalog: ModelCatalog;

  constructor(llm: Config["llm"]) {
    this.catalog = new ModelCatalog(llm.modelPrices);
    const simulator = createSimulatorModel({ delayMsPerToken: llm.simulatorDelayMs });
    this.factories["person-run"] = () => simulator;
    if (llm.openaiApiKey) {
      const openai = createOpenAI({ apiKey: llm.openaiApiKey, baseURL: llm.openaiBaseUrl });
      this.factories.openai = (name) => openai(name);
    }
    if (llm.anthropicApiKey) {
      const anthropic = createAnthropic({ apiKey: llm.anthropicApiKey, baseURL: llm.anthropicBaseUrl });
      this.factories.anthropic = (name) => anthropic(name);
    }
    if (llm.gatewayApiKey) {
      const gateway = createGateway({ apiKey: llm.gatewayApiKey });
      this.factories.gateway = (name) => gateway(name) as LanguageModelV3;
    }
    if (llm.compatibleBaseUrl) {
      const compatible = createOpenAICompatible({
        name: "compatible",
        baseURL: llm.compatibleBaseUrl,
        apiKey: llm.compatibleApiKey ?? "not-needed",
        includeUsage: true,
        // Ollama, vLLM, llama.cpp, LM Studio and OpenRouter accept `response_format: json_schema`.
        supportsStructuredOutputs: true,
      });
      this.factories.compatible = (name) => compatible(name);
    }
    const firstConfigured = (["openai", "anthropic", "gateway"] as const).find((p) => this.factories[p]);
    this.defaultSlug =
      llm.defaultModel ?? (firstConfigured ? (PROVIDER_DEFAULTS[firstConfigured] as string) : SIMULATOR_SLUG);
    this.fallbackSlug = llm.fallbackModel;
    // Fail at boot, not at the first prompt, when the configured defaults cannot be resolved.
    this.resolve(this.defaultSlug);
    if (this.fallbackSlug) this.resolve(this.fallbackSlug);
  }

  configuredProviders(): ProviderName[] {
    return Object.keys(this.factories) as ProviderName[];
  }

  /** Whether this server can call a provider's models. */
  isConfigured(provider: string): boolean {
    return provider in this.factories;
  }

  /** The model and its current price (read from the catalog on every call: a sync may have changed it). */
  resolve(slug: string = this.defaultSlug): ResolvedModel {
    const model = this.cache.get(slug) ?? this.build(slug);
    const entry = this.catalog.entry(slug);
    return { ...model, ...this.catalog.price(slug), name: entry?.name ?? model.name };
  }

  private build(slug: string): Omit<ResolvedModel, "price" | "priceKnown"> {
    if (!SLUG_RE.test(slug)) throw unknownModel(slug, "a model is named `provider/model`, e.g. `openai/gpt-4.1-mini`");
    const cut = slug.indexOf("/");
    const provider = slug.slice(0, cut) as ProviderName;
    const name = slug.slice(cut + 1);
    const factory = this.factories[provider];
    if (!factory) {
      const known = ["person-run", "openai", "anthropic", "gateway", "compatible"].includes(provider);
      throw unknownModel(
        slug,
        known
          ? `the ${provider} provider is not configured on this server (configured: ${this.configuredProviders().join(", ")})`
          : `unknown provider '${provider}'`,
      );
    }
    if (provider === "person-run" && slug !== SIMULATOR_SLUG)
      throw unknownModel(slug, `the only person-run model is ${SIMULATOR_SLUG}`);
    const resolved = { slug, provider, name: name.split("/").pop() ?? name, model: factory(name) };
    this.cache.set(slug, resolved);
    return resolved;
  }
}

function unknownModel(slug: string, why: string) {
  return new ApiError("validation_error", `Model '${slug}' is not available: ${why}`, [
    { path: "model", message: why },
  ]);
}
