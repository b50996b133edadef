import type { OpenAPIHono } from "@hono/zod-openapi";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/http/app.ts";
import type { AppEnv } from "../src/http/types.ts";
import { buildRuntime, type Runtime } from "../src/server.ts";
import { BOOT_TIMEOUT_MS, seed, startTestServer, type TestServer, testClock, testConfig } from "./harness.ts";

/**
 * What the caches hold (key lookups, persona rows, safety policies, balances) is invisible to clients:
 * with nothing cached, or with expiring entries, every change is seen by the next request.
 */
describe.each(["off", "shared"] as const)("CACHE_MODE=%s", (mode) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ env: { CACHE_MODE: mode } });
  });
  afterAll(() => s.close());

  it("runs the server in that mode", () => {
    expect(s.ctx.cache.mode).toBe(mode);
  });

  it("serves a persona's changes and its deletion at once", async () => {
    const t = await s.newTenant();
    const id = (await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } })).body.persona.id;
    expect((await s.request("GET", `/personas/${id}`, { key: t.key })).body.persona.lastName).toBe("Chen");
    expect((await s.request("PATCH", `/personas/${id}`, { key: t.key, body: { lastName: "Novak" } })).status).toBe(200);
    expect((await s.request("GET", `/personas/${id}`, { key: t.key })).body.persona.lastName).toBe("Novak");
    const ask = await s.request("POST", "/personas/prompt", { key: t.key, body: { personaId: id, userPrompt: "Hi!" } });
    expect(ask.status, ask.text).toBe(200);
    expect((await s.request("DELETE", `/personas/${id}`, { key: t.key })).status).toBe(200);
    expect((await s.request("GET", `/personas/${id}`, { key: t.key })).status).toBe(404);
  });

  it("applies a new safety policy, and its removal, to the next prompt", async () => {
    const t = await s.newTenant();
    const personaId = (await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } })).body.persona.id;
    const ask = () =>
      s.request("POST", "/personas/prompt", { key: t.key, body: { personaId, userPrompt: "How was your weekend?" } });
    expect((await ask()).status).toBe(200);
    const put = await s.request("PUT", "/personas/safety-policy", { key: t.key, body: { blockedTerms: ["weekend"] } });
    expect(put.status, put.text).toBe(200);
    expect((await ask()).status).toBe(422);
    expect((await s.request("DELETE", `/personas/safety-policy/${t.tenantId}`, { key: t.key })).status).toBe(200);
    expect((await ask()).status).toBe(200);
  });

  it("checks prompts against the balance as it is set and topped up", async () => {
    const t = await s.newTenant();
    const personaId = (await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } })).body.persona.id;
    const ask = () => s.request("POST", "/personas/prompt", { key: t.key, body: { personaId, userPrompt: "Hello." } });
    expect((await ask()).status).toBe(200);
    const set = await s.request("PUT", "/billing", { key: t.key, body: { creditBalance: 0, limits: {} } });
    expect(set.status, set.text).toBe(200);
    expect((await ask()).status).toBe(402);
    expect((await s.request("POST", "/billing/topup", { key: t.key, body: { credits: 100 } })).status).toBe(200);
    expect((await ask()).status).toBe(200);
  });

  it("refuses a revoked key on its next request", async () => {
    const t = await s.newTenant();
    const made = await s.request("POST", "/keys", { key: t.key, body: { name: "ci", profile: "read-only" } });
    expect(made.status, made.text).toBe(201);
    expect((await s.request("GET", "/personas", { key: made.body.secret })).status).toBe(200);
    expect((await s.request("DELETE", `/keys/${made.body.key.id}`, { key: t.key })).status).toBe(200);
    const refused = await s.request("GET", "/personas", { key: made.body.secret });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe("This API key has been revoked");
  });
});

/**
 * Two servers on one database, as several servers on one PostgreSQL are: what one changes reaches the
 * other within the documented bounds (keys 10 s, safety policies 5 s; persona rows and balances at once).
 */
describe("CACHE_MODE=shared on two servers", () => {
  const clock = testClock();
  let a: TestServer;
  let b: Runtime;
  let bApp: OpenAPIHono<AppEnv>;
  beforeAll(async () => {
    a = await startTestServer({ env: { CACHE_MODE: "shared" }, clock });
    b = await buildRuntime(testConfig({ ...a.env, CACHE_MODE: "shared" }), {
      database: a.ctx.database,
      logger: pino({ level: "silent" }),
      workers: false,
      now: clock.now,
    });
    bApp = createApp(b.ctx);
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** A request to server B (its app, without a socket). */
  const onB = async (method: string, path: string, key: string, body?: unknown) => {
    const res = await bApp.request(path, {
      method,
      headers: { "x-api-key": key, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as { error?: string; persona?: { lastName: string } } };
  };

  it("refuses a key revoked on the other server within 10 s", async () => {
    const t = await a.newTenant();
    const made = await a.request("POST", "/keys", { key: t.key, body: { name: "ci", profile: "read-only" } });
    expect((await onB("GET", "/personas", made.body.secret)).status).toBe(200);
    expect((await a.request("DELETE", `/keys/${made.body.key.id}`, { key: t.key })).status).toBe(200);
    clock.advance(10_001);
    const refused = await onB("GET", "/personas", made.body.secret);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe("This API key has been revoked");
  });

  it("applies a policy changed on the other server within 5 s, and persona changes at once", async () => {
    const t = await a.newTenant();
    const personaId = (await a.request("POST", "/personas", { key: t.key, body: { seed: seed() } })).body.persona.id;
    const ask = () => onB("POST", "/personas/prompt", t.key, { personaId, userPrompt: "How was your weekend?" });
    expect((await ask()).status).toBe(200);
    await a.request("PUT", "/personas/safety-policy", { key: t.key, body: { blockedTerms: ["weekend"] } });
    clock.advance(5_001);
    expect((await ask()).status).toBe(422);
    await a.request("PATCH", `/personas/${personaId}`, { key: t.key, body: { lastName: "Novak" } });
    expect((await onB("GET", `/personas/${personaId}`, t.key)).body.persona?.lastName).toBe("Novak");
  });
});
