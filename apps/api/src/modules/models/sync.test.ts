import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGateway, gatewayModel, startFakeGateway } from "../../../test/fake-gateway.ts";
import { type FakeOpenAI, startFakeOpenAI } from "../../../test/fake-openai.ts";
import { seed, startTestServer, type TestServer } from "../../../test/harness.ts";
import { settlement } from "../billing/index.ts";
import { CreatedPersonaEnvelope } from "../personas/schemas.ts";
import { PromptResultSchema } from "../prompting/schemas.ts";
import { ModelEnvelope, ModelListEnvelope } from "./schemas.ts";

/**
 * The catalog sync against a local fake AI Gateway and the fake OpenAI-compatible server: gateway prices
 * merged under `gateway/…` slugs, local models listed at price 0 unless MODEL_PRICES prices them, a failed
 * read keeps the last list, another process reads the same list from the table, and billing prices with it.
 */

const TEAM_PRICE = { inputPerMTok: 0.2, outputPerMTok: 0.6, cachedInputPerMTok: 0.2 };
let gateway: FakeGateway;
let local: FakeOpenAI;
let s: TestServer;
beforeAll(async () => {
  [gateway, local] = await Promise.all([startFakeGateway(), startFakeOpenAI()]);
  local.models = ["llama3.1:8b", "team-model"];
  s = await startTestServer({
    env: {
      WORKERS: "false",
      DEFAULT_MODEL: "person-run/simulator",
      AI_GATEWAY_API_KEY: "gw-test-key",
      AI_GATEWAY_BASE_URL: gateway.url,
      OPENAI_COMPATIBLE_BASE_URL: local.url,
      MODEL_PRICES: JSON.stringify({ "compatible/team-model": TEAM_PRICE }),
    },
  });
});
afterAll(async () => {
  await s?.close();
  await Promise.all([gateway?.close(), local?.close()]);
});

const getModel = async (key: string, slug: string) => {
  const res = await s.request("GET", `/models/${slug}`, { key });
  return res.status === 200 ? ModelEnvelope.parse(res.body).model : null;
};

const LIST = [
  // Repriced: $0.50 / $2.00 / $0.125 per million (per token on the wire).
  gatewayModel("openai/gpt-4.1-mini", { input: "0.0000005", output: "0.000002", input_cache_read: "0.000000125" }),
  // New to the snapshot, with image and per-call search prices.
  gatewayModel(
    "xai/grok-4",
    { input: "0.000003", output: "0.000015", image: "0.0004", web_search: "0.025" },
    { context_window: 256_000, tags: ["vision", "reasoning", "tool-use"] },
  ),
  // Left out: not a language model; a price that is not a number; no price at all.
  gatewayModel("openai/text-embedding-3-small", { input: "0.00000002" }, { type: "embedding" }),
  gatewayModel("acme/broken", { input: "cheap", output: "0.000001" }),
  gatewayModel("acme/unpriced", {}),
];

describe("models sync", () => {
  it("lists the snapshot until the first successful sync", async () => {
    const t = await s.newTenant();
    gateway.answer = { kind: "status", status: 500 };
    const [failed] = await s.ctx.models.sync();
    expect(failed).toMatchObject({ source: "gateway", ok: false, error: expect.stringContaining("500") });
    const mini = await getModel(t.key, "gateway/openai/gpt-4.1-mini");
    expect(mini).toMatchObject({ source: "snapshot", lastSyncedAt: null, configured: true });
    expect(await getModel(t.key, "gateway/xai/grok-4")).toBeNull();
  });

  it("merges the gateway's prices under stable slugs and lists the local server's models", async () => {
    const t = await s.newTenant();
    gateway.answer = { kind: "list", data: LIST };
    const reports = await s.ctx.models.sync();
    expect(reports).toEqual([
      { source: "gateway", ok: true, models: 2, skipped: 2 },
      { source: "local", ok: true, models: 2, skipped: 0 },
    ]);
    expect(gateway.auth.at(-1)).toBe("Bearer gw-test-key");

    const mini = await getModel(t.key, "gateway/openai/gpt-4.1-mini");
    expect(mini).toMatchObject({
      name: "gpt-4.1-mini",
      provider: "gateway",
      price: { inputPerMTok: 0.5, outputPerMTok: 2, cachedInputPerMTok: 0.125 },
      source: "gateway",
      configured: true,
    });
    // What the snapshot knew it could do is kept, what the gateway says is added.
    expect(mini?.capabilities).toEqual(["text", "streaming", "structured-output", "image-input", "tools"]);
    expect(Date.parse(mini?.lastSyncedAt ?? "")).not.toBeNaN();
    expect(await getModel(t.key, "gateway/xai/grok-4")).toMatchObject({
      name: "grok-4",
      contextWindow: 256_000,
      price: { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 3, imagePerUnit: 0.0004, toolCallFee: 0.025 },
      capabilities: ["text", "streaming", "image-input", "reasoning", "tools"],
    });
    expect(await getModel(t.key, "gateway/openai/text-embedding-3-small")).toBeNull();
    expect(await getModel(t.key, "gateway/acme/broken")).toBeNull();
    // The direct provider's snapshot entry is another model: untouched.
    expect((await getModel(t.key, "openai/gpt-4.1-mini"))?.price.inputPerMTok).toBe(0.4);
    // Billing reads the same catalog: the synced price is what a prompt through the gateway is charged at.
    expect(s.ctx.llm.registry.resolve("gateway/openai/gpt-4.1-mini").price.inputPerMTok).toBe(0.5);

    // Local models: price 0 and `priceKnown: false`, unless MODEL_PRICES prices the slug.
    expect(await getModel(t.key, "compatible/llama3.1:8b")).toMatchObject({
      provider: "compatible",
      source: "local",
      price: { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 },
      priceKnown: false,
      configured: true,
    });
    expect(await getModel(t.key, "compatible/team-model")).toMatchObject({
      source: "config",
      price: TEAM_PRICE,
      priceKnown: true,
    });
    const listed = await s.request("GET", "/models", { key: t.key, query: { provider: "compatible" } });
    expect(ModelListEnvelope.parse(listed.body).models.map((m) => m.slug)).toEqual([
      "compatible/llama3.1:8b",
      "compatible/team-model",
    ]);
  });

  it("charges a prompt to a local model at its MODEL_PRICES price", async () => {
    const t = await s.newTenant();
    const created = await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } });
    const personaId = CreatedPersonaEnvelope.parse(created.body).persona.id;
    const res = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId, userPrompt: "How do you pick a phone plan?", model: "compatible/team-model" },
    });
    expect(res.status, res.text).toBe(200);
    const turn = PromptResultSchema.parse(res.body);
    expect(turn.tokensIn).toBeGreaterThan(0);
    const usage = { inputTokens: turn.tokensIn, outputTokens: turn.tokensOut, cachedTokens: turn.cachedTokensIn };
    expect({ costUsd: turn.costUsd, credits: turn.credits }).toEqual(
      settlement(TEAM_PRICE, usage, { creditsPerUsd: 1000, promptBaseCredits: 1 }),
    );
    expect(turn.costUsd).toBeGreaterThan(0);
  });

  it("keeps the last list when the gateway fails (an error status, not JSON, nothing usable) and says why", async () => {
    const t = await s.newTenant();
    gateway.answer = { kind: "list", data: LIST };
    await s.ctx.models.sync();
    const before = await getModel(t.key, "gateway/xai/grok-4");
    expect(before).not.toBeNull();
    const answers: FakeGateway["answer"][] = [
      { kind: "status", status: 503 },
      { kind: "garbage" },
      { kind: "list", data: [gatewayModel("acme/broken", { input: "x" })] },
    ];
    for (const answer of answers) {
      gateway.answer = answer;
      const [report] = await s.ctx.models.sync();
      expect(report, JSON.stringify(answer)).toMatchObject({ source: "gateway", ok: false });
      expect(report?.error).toMatch(/models/);
      expect(await getModel(t.key, "gateway/xai/grok-4")).toEqual(before);
      expect(s.ctx.llm.registry.resolve("gateway/openai/gpt-4.1-mini").price.inputPerMTok).toBe(0.5);
    }
  });

  it("is read by every process from the table: a second server on the same database lists the synced models", async () => {
    gateway.answer = { kind: "list", data: LIST };
    await s.ctx.models.sync();
    const other = await startTestServer({ env: s.env, database: s.ctx.database });
    try {
      const t = await other.newTenant();
      const res = await other.request("GET", "/models/gateway/xai/grok-4", { key: t.key });
      expect(res.status, res.text).toBe(200);
      expect(ModelEnvelope.parse(res.body).model.source).toBe("gateway");
      expect(other.ctx.llm.registry.resolve("gateway/openai/gpt-4.1-mini").price.inputPerMTok).toBe(0.5);
    } finally {
      await other.close();
    }
  });
});
