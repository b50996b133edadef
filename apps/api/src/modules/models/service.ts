import { sql } from "drizzle-orm";
import type { Config } from "../../config.ts";
import type { Database } from "../../db/client.ts";
import { notFound } from "../../errors.ts";
import type { CatalogModel, ModelCatalog, ProviderName, SyncedModel } from "../../llm/index.ts";
import type { Logger } from "../../logger.ts";
import type { BillingService } from "../billing/index.ts";
import { modelSources } from "./schema.ts";
import { parseGatewayModels, parseLocalModels } from "./sources.ts";

/** A model as the API shows it. */
export interface ModelView {
  slug: string;
  name: string;
  provider: ProviderName;
  contextWindow: number | null;
  price: CatalogModel["price"];
  priceKnown: boolean;
  capabilities: string[];
  configured: boolean;
  source: CatalogModel["source"];
  lastSyncedAt: string | null;
}

export interface ModelFilters {
  provider?: ProviderName;
  capability?: string;
  configured?: boolean;
}

/** The reference prompt of the pricing matrix: 1,000 tokens in, 300 out, nothing cached. */
export const REFERENCE_PROMPT = { inputTokens: 1000, outputTokens: 300, cachedTokens: 0 } as const;

/** One row of the pricing matrix: flat, so that its CSV is the same table. */
export interface PricingRow {
  slug: string;
  name: string;
  provider: ProviderName;
  source: CatalogModel["source"];
  configured: boolean;
  priceKnown: boolean;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok: number;
  /** The price of input written to the prompt cache (the input price where the provider charges none extra). */
  cacheWriteInputPerMTok: number;
  /** USD per input image where the model takes images and its provider bills them by the unit; else null. */
  imagePerUnit: number | null;
  /** USD per tool invocation (0: none billed). */
  toolCallFee: number;
  /** Flat credits per prompt (PROMPT_BASE_CREDITS), whatever the model. */
  promptCredits: number;
  /** The reference prompt (1,000 tokens in, 300 out) under the settlement rule. */
  referenceCostUsd: number;
  referenceCredits: number;
}

/** The columns of the pricing CSV, in order (the keys of PricingRow). */
export const PRICING_COLUMNS = [
  "slug",
  "name",
  "provider",
  "source",
  "configured",
  "priceKnown",
  "inputPerMTok",
  "outputPerMTok",
  "cachedInputPerMTok",
  "cacheWriteInputPerMTok",
  "imagePerUnit",
  "toolCallFee",
  "promptCredits",
  "referenceCostUsd",
  "referenceCredits",
] as const satisfies readonly (keyof PricingRow)[];

export interface SyncReport {
  source: SyncedModel["source"];
  ok: boolean;
  models: number;
  /** Entries of the answer that could not be read (left out). */
  skipped: number;
  error?: string;
}

/** How long a process trusts its copy of the synced lists before reading the table again. */
const REFRESH_MS = 60_000;
const FETCH_TIMEOUT_MS = 15_000;

interface Deps {
  database: Database;
  catalog: ModelCatalog;
  isConfigured: (provider: string) => boolean;
  llm: Config["llm"];
  billing: BillingService;
  logger: Logger;
  now: () => Date;
  fetch?: typeof fetch;
}

/**
 * The model catalog as a product surface (docs/models.md): list, one model, the pricing matrix, and the
 * sync of the AI Gateway's and a local server's model lists into the `model_sources` table, which every
 * process reads into the llm layer's catalog (so billing prices with what was synced, wherever it runs).
 */
export class ModelService {
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(private readonly deps: Deps) {}

  /** The sources this server syncs from: the gateway with a key, a local server with a base URL. */
  sources(): SyncedModel["source"][] {
    return [
      ...(this.deps.llm.gatewayApiKey ? (["gateway"] as const) : []),
      ...(this.deps.llm.compatibleBaseUrl ? (["local"] as const) : []),
    ];
  }

  /** Whether a configured source has never been read successfully (its first sync is due now). */
  async neverSynced(): Promise<boolean> {
    const wanted = this.sources();
    if (wanted.length === 0) return false;
    const rows = await this.deps.database.db.select().from(modelSources);
    return wanted.some((source) => !rows.find((r) => r.source === source)?.syncedAt);
  }

  /** Reads the synced lists into the catalog when this process's copy is older than a minute. */
  async refresh(force = false): Promise<void> {
    if (!force && this.deps.now().getTime() - this.loadedAt < REFRESH_MS) return;
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    await this.loading;
  }

  private async load(): Promise<void> {
    const wanted = new Set<string>(this.sources());
    // Nothing to sync from: the snapshot and MODEL_PRICES are the catalog (no read at all).
    const rows = wanted.size > 0 ? await this.deps.database.db.select().from(modelSources) : [];
    const models: SyncedModel[] = [];
    const at: Partial<Record<SyncedModel["source"], string>> = {};
    for (const row of rows) {
      // A source no longer configured here (the key was removed) lists nothing.
      if (!wanted.has(row.source) || !row.syncedAt) continue;
      models.push(...(row.models as SyncedModel[]));
      at[row.source as SyncedModel["source"]] = row.syncedAt.toISOString();
    }
    this.deps.catalog.setSynced(models, at);
    this.loadedAt = this.deps.now().getTime();
  }

  private view(m: CatalogModel): ModelView {
    return {
      slug: m.slug,
      name: m.name,
      provider: m.provider,
      contextWindow: m.contextWindow,
      // In a fixed order (a price read back from jsonb has its keys in the database's order).
      price: {
        inputPerMTok: m.price.inputPerMTok,
        outputPerMTok: m.price.outputPerMTok,
        cachedInputPerMTok: m.price.cachedInputPerMTok,
        ...(m.price.cacheWriteInputPerMTok !== undefined
          ? { cacheWriteInputPerMTok: m.price.cacheWriteInputPerMTok }
          : {}),
        ...(m.price.imagePerUnit !== undefined ? { imagePerUnit: m.price.imagePerUnit } : {}),
        ...(m.price.toolCallFee !== undefined ? { toolCallFee: m.price.toolCallFee } : {}),
      },
      priceKnown: m.priceKnown,
      capabilities: m.capabilities,
      configured: this.deps.isConfigured(m.provider),
      source: m.source,
      lastSyncedAt: m.lastSyncedAt,
    };
  }

  async list(filters: ModelFilters = {}): Promise<ModelView[]> {
    await this.refresh();
    return this.deps.catalog
      .list()
      .map((m) => this.view(m))
      .filter(
        (m) =>
          (filters.provider === undefined || m.provider === filters.provider) &&
          (filters.capability === undefined || m.capabilities.includes(filters.capability)) &&
          (filters.configured === undefined || m.configured === filters.configured),
      );
  }

  async get(slug: string): Promise<ModelView> {
    await this.refresh();
    const m = this.deps.catalog.entry(slug);
    if (!m) throw notFound("Model");
    return this.view(m);
  }

  async pricing(filters: ModelFilters = {}): Promise<PricingRow[]> {
    const { promptBaseCredits } = this.deps.billing.rule;
    return (await this.list(filters)).map((m) => {
      const reference = this.deps.billing.credits(m.price, REFERENCE_PROMPT);
      return {
        slug: m.slug,
        name: m.name,
        provider: m.provider,
        source: m.source,
        configured: m.configured,
        priceKnown: m.priceKnown,
        inputPerMTok: m.price.inputPerMTok,
        outputPerMTok: m.price.outputPerMTok,
        cachedInputPerMTok: m.price.cachedInputPerMTok,
        cacheWriteInputPerMTok: m.price.cacheWriteInputPerMTok ?? m.price.inputPerMTok,
        imagePerUnit: m.capabilities.includes("image-input") ? (m.price.imagePerUnit ?? null) : null,
        toolCallFee: m.price.toolCallFee ?? 0,
        promptCredits: promptBaseCredits,
        referenceCostUsd: reference.costUsd,
        referenceCredits: reference.credits,
      };
    });
  }

  /**
   * Reads every configured source's model list and stores it; a source that fails keeps its last list
   * (and says why, in the report and the log). Then this process reloads the catalog; the others do
   * within a minute.
   */
  async sync(): Promise<SyncReport[]> {
    const reports: SyncReport[] = [];
    for (const source of this.sources()) reports.push(await this.syncOne(source));
    await this.refresh(true);
    return reports;
  }

  private async syncOne(source: SyncedModel["source"]): Promise<SyncReport> {
    const { llm } = this.deps;
    const base = (source === "gateway" ? llm.gatewayBaseUrl : (llm.compatibleBaseUrl as string)).replace(/\/+$/, "");
    const key = source === "gateway" ? llm.gatewayApiKey : llm.compatibleApiKey;
    const now = this.deps.now();
    try {
      const res = await (this.deps.fetch ?? fetch)(`${base}/models`, {
        headers: { accept: "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      }).catch((err: Error) => {
        // fetch says only "fetch failed"; the reason (ECONNREFUSED, a timeout) is its cause.
        const cause = (err.cause as { code?: string; message?: string } | undefined) ?? {};
        throw new Error(`GET ${base}/models failed: ${cause.code ?? cause.message ?? err.message}`);
      });
      if (!res.ok) throw new Error(`GET ${base}/models answered ${res.status}`);
      const json: unknown = await res.json().catch(() => {
        throw new Error(`GET ${base}/models answered something that is not JSON`);
      });
      const parsed = source === "gateway" ? parseGatewayModels(json) : parseLocalModels(json);
      if (parsed.models.length === 0) throw new Error(`GET ${base}/models listed no usable model`);
      const row = { models: parsed.models, syncedAt: now, attemptedAt: now, lastError: null };
      await this.deps.database.db
        .insert(modelSources)
        .values({ source, ...row })
        .onConflictDoUpdate({ target: modelSources.source, set: row });
      this.deps.logger.info({ source, models: parsed.models.length, skipped: parsed.skipped }, "model catalog synced");
      return { source, ok: true, models: parsed.models.length, skipped: parsed.skipped };
    } catch (err) {
      const error = (err as Error).message;
      // The last good list stays: only the attempt and its error are written.
      await this.deps.database.db
        .insert(modelSources)
        .values({ source, models: sql`'[]'::jsonb`, attemptedAt: now, lastError: error })
        .onConflictDoUpdate({ target: modelSources.source, set: { attemptedAt: now, lastError: error } });
      this.deps.logger.warn({ source, err: error }, "model catalog sync failed; keeping the last list");
      return { source, ok: false, models: 0, skipped: 0, error };
    }
  }
}
