import { CATALOG, type CatalogEntry, type ModelPrice } from "./catalog.ts";

/** Where an entry (and its price) comes from. */
export type ModelSource = "snapshot" | "gateway" | "local" | "config";

export interface CatalogModel extends CatalogEntry {
  /**
   * `snapshot`: shipped with this version; `gateway`: the AI Gateway's model list; `local`: an
   * OpenAI-compatible server's own `/v1/models`; `config`: priced by MODEL_PRICES (which wins over the rest).
   */
  source: ModelSource;
  /** When its source was last read (null for the snapshot and for configuration). */
  lastSyncedAt: string | null;
  /** False when nothing prices it (a listed local model without MODEL_PRICES): its token cost counts as 0. */
  priceKnown: boolean;
}

/** A model listed by a sync (the AI Gateway, a local server), before overrides. */
export interface SyncedModel extends CatalogEntry {
  source: "gateway" | "local";
  /** Absent: the source gave no price (a local server): 0, unless MODEL_PRICES has one. */
  priced: boolean;
}

const ZERO: ModelPrice = { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 };
const PROVIDERS = new Set<string>(["person-run", "openai", "anthropic", "gateway", "compatible"]);

/**
 * The model catalog this process prices with: the shipped snapshot, merged with what the last syncs
 * listed (same slug: the synced entry replaces the snapshot's), then the operator's MODEL_PRICES on top
 * (any slug, listed or not). Billing, `GET /models` and the pricing matrix all read it, so a price is
 * the same everywhere. The models module fills in the synced part (from its table, which every process
 * reads); the rest is fixed at boot.
 */
export class ModelCatalog {
  private synced: SyncedModel[] = [];
  /** When each source was last read successfully. */
  private syncedAt: Partial<Record<SyncedModel["source"], string>> = {};
  private merged: Map<string, CatalogModel>;

  constructor(private readonly overrides: Readonly<Record<string, ModelPrice>> = {}) {
    this.merged = this.merge();
  }

  /** Replaces the synced part (every source at once) with what the table holds. */
  setSynced(models: SyncedModel[], syncedAt: Partial<Record<SyncedModel["source"], string>>): void {
    this.synced = models;
    this.syncedAt = syncedAt;
    this.merged = this.merge();
  }

  /** Every model, sorted by slug. */
  list(): CatalogModel[] {
    return [...this.merged.values()];
  }

  entry(slug: string): CatalogModel | undefined {
    return this.merged.get(slug);
  }

  private merge(): Map<string, CatalogModel> {
    const out = new Map<string, CatalogModel>();
    for (const e of CATALOG) out.set(e.slug, { ...e, source: "snapshot", lastSyncedAt: null, priceKnown: true });
    for (const m of this.synced) {
      const { source, priced, ...entry } = m;
      // A list says less than the snapshot about what a model can do: keep what the snapshot knew.
      const capabilities = [...new Set([...(out.get(m.slug)?.capabilities ?? []), ...entry.capabilities])];
      out.set(m.slug, {
        ...entry,
        capabilities,
        source,
        lastSyncedAt: this.syncedAt[source] ?? null,
        priceKnown: priced,
      });
    }
    for (const [slug, price] of Object.entries(this.overrides)) {
      const known = out.get(slug);
      if (known) {
        out.set(slug, { ...known, price, source: "config", priceKnown: true });
        continue;
      }
      const cut = slug.indexOf("/");
      const provider = slug.slice(0, cut);
      out.set(slug, {
        slug,
        provider: (PROVIDERS.has(provider) ? provider : "compatible") as CatalogEntry["provider"],
        name:
          slug
            .slice(cut + 1)
            .split("/")
            .pop() ?? slug,
        contextWindow: null,
        price,
        capabilities: ["text", "streaming"],
        source: "config",
        lastSyncedAt: null,
        priceKnown: true,
      });
    }
    return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** A model's price: the catalog's, else 0 (the token cost of an unpriced model counts as 0). */
  price(slug: string): { price: ModelPrice; priceKnown: boolean } {
    const e = this.merged.get(slug);
    return e ? { price: e.price, priceKnown: e.priceKnown } : { price: ZERO, priceKnown: false };
  }
}
