import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test/harness.ts";
import { usageEvents } from "../analytics/schema.ts";
import { ModelEnvelope, ModelListEnvelope, PricingEnvelope } from "./schemas.ts";
import { PRICING_COLUMNS } from "./service.ts";

/** The catalog through HTTP: filters, slugs with slashes, the pricing matrix as JSON and CSV, usage events. */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    env: {
      WORKERS: "false",
      OPENAI_API_KEY: "sk-test-not-used",
      DEFAULT_MODEL: "person-run/simulator",
      MODEL_PRICES: JSON.stringify({
        "compatible/team-llama": { inputPerMTok: 0.2, outputPerMTok: 0.6 },
        "openai/gpt-4o-mini": { inputPerMTok: 0.3, outputPerMTok: 1.2, cachedInputPerMTok: 0.15 },
      }),
    },
  });
});
afterAll(() => s.close());

async function events(tenantId: string, event: string) {
  await s.ctx.usage.flush();
  return s.ctx.database.db
    .select()
    .from(usageEvents)
    .where(and(eq(usageEvents.tenantId, tenantId), eq(usageEvents.event, event)));
}

describe("GET /models", () => {
  it("lists the snapshot with prices, capabilities, whether each provider is configured, and its source", async () => {
    const t = await s.newTenant();
    const res = await s.request("GET", "/models", { key: t.key });
    expect(res.status, res.text).toBe(200);
    const { models } = ModelListEnvelope.parse(res.body);
    const slugs = models.map((m) => m.slug);
    expect(slugs).toEqual([...slugs].sort());
    const mini = models.find((m) => m.slug === "openai/gpt-4.1-mini");
    expect(mini).toEqual({
      slug: "openai/gpt-4.1-mini",
      name: "gpt-4.1-mini",
      provider: "openai",
      contextWindow: 1_047_576,
      price: { inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1 },
      priceKnown: true,
      capabilities: ["text", "streaming", "structured-output", "image-input"],
      configured: true,
      source: "snapshot",
      lastSyncedAt: null,
    });
    expect(models.find((m) => m.slug === "person-run/simulator")?.configured).toBe(true);
    expect(models.find((m) => m.slug === "anthropic/claude-haiku-4-5")?.configured).toBe(false);
    expect(models.find((m) => m.slug === "gateway/openai/gpt-4.1-mini")?.price.inputPerMTok).toBe(0.4);
    expect((await events(t.tenantId, "model_list")).map((e) => e.payload)).toEqual([
      { count: models.length, filters: {} },
    ]);
  });

  it("filters by provider, capability and configured, and refuses unknown values with 400", async () => {
    const t = await s.newTenant();
    const list = async (query: Record<string, string>) => {
      const res = await s.request("GET", "/models", { key: t.key, query });
      expect(res.status, res.text).toBe(200);
      return ModelListEnvelope.parse(res.body).models;
    };
    const anthropic = await list({ provider: "anthropic" });
    expect(anthropic.map((m) => m.slug)).toEqual(["anthropic/claude-haiku-4-5", "anthropic/claude-sonnet-4-5"]);
    expect((await list({ capability: "offline" })).map((m) => m.slug)).toEqual(["person-run/simulator"]);
    const configured = await list({ configured: "true" });
    expect(new Set(configured.map((m) => m.provider))).toEqual(new Set(["openai", "person-run"]));
    const notConfigured = await list({ configured: "false" });
    expect(notConfigured.every((m) => !m.configured)).toBe(true);
    expect(configured.length + notConfigured.length).toBe((await list({})).length);
    expect((await list({ provider: "openai", capability: "image-input", configured: "true" })).length).toBe(5);

    for (const query of [{ provider: "acme" }, { capability: "telepathy" }, { configured: "yes" }]) {
      const res = await s.request("GET", "/models", { key: t.key, query });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.code).toBe("validation_error");
      expect(typeof res.body.requestId).toBe("string");
    }
  });

  it("lists MODEL_PRICES: a team's own model appears priced, and an override replaces the snapshot's price", async () => {
    const t = await s.newTenant();
    const { models } = ModelListEnvelope.parse((await s.request("GET", "/models", { key: t.key })).body);
    expect(models.find((m) => m.slug === "compatible/team-llama")).toMatchObject({
      provider: "compatible",
      name: "team-llama",
      price: { inputPerMTok: 0.2, outputPerMTok: 0.6, cachedInputPerMTok: 0.2 },
      source: "config",
      priceKnown: true,
      configured: false,
    });
    expect(models.find((m) => m.slug === "openai/gpt-4o-mini")).toMatchObject({
      price: { inputPerMTok: 0.3, outputPerMTok: 1.2, cachedInputPerMTok: 0.15 },
      source: "config",
      contextWindow: 128_000,
    });
  });
});

describe("GET /models/{slug}", () => {
  it("answers slugs with slashes, plain or %2F-encoded, and counts model_get", async () => {
    const t = await s.newTenant();
    for (const path of ["/models/openai/gpt-4.1-mini", "/models/openai%2Fgpt-4.1-mini"]) {
      const res = await s.request("GET", path, { key: t.key });
      expect(res.status, `${path}: ${res.text}`).toBe(200);
      expect(ModelEnvelope.parse(res.body).model.slug).toBe("openai/gpt-4.1-mini");
    }
    const deep = await s.request("GET", "/models/gateway/anthropic/claude-haiku-4-5", { key: t.key });
    expect(deep.status, deep.text).toBe(200);
    expect(ModelEnvelope.parse(deep.body).model).toMatchObject({ provider: "gateway", name: "claude-haiku-4-5" });
    const counted = await events(t.tenantId, "model_get");
    expect(counted.length).toBeGreaterThanOrEqual(1);
  });

  it("answers 404 in the error shape for an unknown slug", async () => {
    const t = await s.newTenant();
    for (const path of ["/models/openai/gpt-9", "/models/nothing", "/models/openai/gpt-4.1-mini/extra"]) {
      const res = await s.request("GET", path, { key: t.key });
      expect(res.status, path).toBe(404);
      expect(res.body).toMatchObject({ error: "Model not found", code: "not_found" });
      expect(typeof res.body.requestId).toBe("string");
    }
  });

  it("is in the OpenAPI document as /models/{slug}, with /models/pricing beside it", async () => {
    const spec = (await s.request("GET", "/openapi.json")).body;
    expect(Object.keys(spec.paths).filter((p: string) => p.startsWith("/models"))).toEqual([
      "/models",
      "/models/pricing",
      "/models/{slug}",
    ]);
  });
});

describe("GET /models/pricing", () => {
  it("gives each model's prices and the reference prompt's cost and credits under the settlement rule", async () => {
    const t = await s.newTenant();
    const res = await s.request("GET", "/models/pricing", { key: t.key });
    expect(res.status, res.text).toBe(200);
    const matrix = PricingEnvelope.parse(res.body);
    expect(matrix.rule).toEqual({ creditsPerUsd: 1000, promptBaseCredits: 1 });
    expect(matrix.reference).toEqual({ tokensIn: 1000, tokensOut: 300 });
    // 1,000 × $0.40/M + 300 × $1.60/M = $0.00088 → 1 + 0.88 credits.
    expect(matrix.models.find((m) => m.slug === "openai/gpt-4.1-mini")).toEqual({
      slug: "openai/gpt-4.1-mini",
      name: "gpt-4.1-mini",
      provider: "openai",
      source: "snapshot",
      configured: true,
      priceKnown: true,
      inputPerMTok: 0.4,
      outputPerMTok: 1.6,
      cachedInputPerMTok: 0.1,
      cacheWriteInputPerMTok: 0.4,
      imagePerUnit: null,
      toolCallFee: 0,
      promptCredits: 1,
      referenceCostUsd: 0.00088,
      referenceCredits: 1.88,
    });
    // Claude Sonnet: 1,000 × $3/M + 300 × $15/M = $0.0075 → 8.5 credits; cache writes at $3.75/M.
    expect(matrix.models.find((m) => m.slug === "anthropic/claude-sonnet-4-5")).toMatchObject({
      cacheWriteInputPerMTok: 3.75,
      referenceCostUsd: 0.0075,
      referenceCredits: 8.5,
    });
    expect(matrix.models.find((m) => m.slug === "person-run/simulator")).toMatchObject({
      referenceCostUsd: 0,
      referenceCredits: 1,
    });
    expect((await events(t.tenantId, "model_pricing")).map((e) => e.payload)).toEqual([
      { count: matrix.models.length, format: "json", filters: {} },
    ]);
  });

  it("gives the same table as CSV (format=csv or Accept: text/csv) that parses back to the JSON", async () => {
    const t = await s.newTenant();
    const json = PricingEnvelope.parse((await s.request("GET", "/models/pricing", { key: t.key })).body);
    for (const how of [{ query: { format: "csv" } }, { headers: { accept: "text/csv" } }]) {
      const res = await s.request("GET", "/models/pricing", { key: t.key, ...how });
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
      const rows = parse(res.text, { columns: true, record_delimiter: "\r\n" }) as Record<string, string>[];
      expect(Object.keys(rows[0] ?? {})).toEqual([...PRICING_COLUMNS]);
      const back = rows.map((r) =>
        Object.fromEntries(
          PRICING_COLUMNS.map((k) => {
            const v = r[k] as string;
            const sample = json.models[0]?.[k];
            if (k === "imagePerUnit") return [k, v === "" ? null : Number(v)];
            if (typeof sample === "number") return [k, Number(v)];
            if (typeof sample === "boolean") return [k, v === "true"];
            return [k, v];
          }),
        ),
      );
      expect(back).toEqual(json.models);
    }
    // The filters apply to the CSV too; a format other than json or csv is a 400.
    const openai = await s.request("GET", "/models/pricing", {
      key: t.key,
      query: { format: "csv", provider: "openai" },
    });
    expect(openai.text.trim().split("\r\n").length).toBe(1 + json.models.filter((m) => m.provider === "openai").length);
    const bad = await s.request("GET", "/models/pricing", { key: t.key, query: { format: "xlsx" } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("validation_error");
  });
});
