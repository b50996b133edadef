import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, testConfig } from "../../test/harness.ts";
import { ConfigError } from "../config.ts";
import { createApp } from "./app.ts";
import { WindowCounter } from "./rate-limit.ts";

/** Per-key and per-address rate limits: low limits configured here, a moved clock instead of sleeping. */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    env: {
      WORKERS: "false",
      RATE_LIMIT_PER_MINUTE: "5",
      // Owner and admin keys (profile full) make the tenants and keys of the tests.
      RATE_LIMIT_PER_MINUTE_FULL: "1000",
      RATE_LIMIT_PER_MINUTE_READ_ONLY: "2",
      RATE_LIMIT_PER_MINUTE_PROMPT_ONLY: "0",
      RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: "3",
    },
  });
});
afterAll(() => s.close());

describe("WindowCounter", () => {
  it("allows `limit` hits a window, then refuses until the window resets", () => {
    let now = 1_000_000;
    const counter = new WindowCounter(() => now);
    expect(counter.hit("k", 2)).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 60 });
    now += 30_500;
    expect(counter.hit("k", 2)).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 30 });
    expect(counter.hit("k", 2)).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 30 });
    expect(counter.hit("other", 2).allowed).toBe(true);
    now += 29_500;
    expect(counter.hit("k", 2)).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 60 });
  });

  it("forgets ids whose window has passed", () => {
    let now = 0;
    const counter = new WindowCounter(() => now);
    for (let i = 0; i < 100; i++) counter.hit(`id-${i}`, 10);
    expect(counter.size).toBe(100);
    now += 61_000;
    counter.hit("fresh", 10);
    expect(counter.size).toBe(1);
  });
});

describe("per-key limits", () => {
  it("answer 429 rate_limited with Retry-After past the limit, and limit headers on every response", async () => {
    const t = await s.newTenant();
    const bot = await s.request("POST", "/keys", { key: t.key, body: { name: "bot", profile: "editor" } });
    const key = bot.body.secret as string;
    for (let i = 0; i < 5; i++) {
      const res = await s.request("GET", "/personas", { key });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-ratelimit-limit")).toBe("5");
      expect(res.headers.get("x-ratelimit-remaining")).toBe(String(4 - i));
      expect(Number(res.headers.get("x-ratelimit-reset"))).toBeGreaterThan(0);
    }
    const res = await s.request("GET", "/personas", { key });
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ code: "rate_limited", requestId: expect.any(String) });
    expect(res.body.error).toContain("5 requests a minute");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    // Another key of the same tenant has its own budget.
    const owner = await s.request("GET", "/personas", { key: t.key });
    expect(owner.status).toBe(200);
    expect(owner.headers.get("x-ratelimit-limit")).toBe("1000");
  });

  it("take the key profile's own limit, and 0 means unlimited", async () => {
    const t = await s.newTenant();
    const readOnly = await s.request("POST", "/keys", { key: t.key, body: { name: "ro", profile: "read-only" } });
    const bot = await s.request("POST", "/keys", { key: t.key, body: { name: "bot", profile: "prompt-only" } });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await s.request("GET", "/personas", { key: readOnly.body.secret })).status);
    expect(statuses).toEqual([200, 200, 429]);
    // prompt-only may not list personas (403), but is never limited: the limit comes before that check.
    for (let i = 0; i < 8; i++) {
      const res = await s.request("GET", "/personas", { key: bot.body.secret });
      expect(res.status).toBe(403);
      expect(res.headers.get("x-ratelimit-limit")).toBeNull();
    }
  });

  it("reset when the window passes (moved clock)", async () => {
    let now = Date.parse("2026-03-01T00:00:00.000Z");
    const app = createApp(s.ctx, { now: () => now });
    const t = await s.newTenant();
    const bot = await s.request("POST", "/keys", { key: t.key, body: { name: "bot", profile: "editor" } });
    const get = () => app.request("/personas", { headers: { "x-api-key": bot.body.secret } });
    for (let i = 0; i < 5; i++) expect((await get()).status).toBe(200);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    now += 45_000;
    expect((await get()).headers.get("retry-after")).toBe("15");
    now += 15_000;
    const again = await get();
    expect(again.status).toBe(200);
    expect(again.headers.get("x-ratelimit-remaining")).toBe("4");
  });
});

describe("unauthenticated requests", () => {
  it("are limited per client address, before any key lookup", async () => {
    let now = Date.parse("2026-03-01T00:00:00.000Z");
    const app = createApp(s.ctx, { now: () => now });
    const t = await s.newTenant();
    const get = (key?: string) => app.request("/personas", { headers: key ? { "x-api-key": key } : {} });
    const other = await s.newTenant(); // a valid key this process has never seen
    expect((await get(t.key)).status).toBe(200);
    expect((await get()).status).toBe(401);
    expect((await get("pr_live_wrong1")).status).toBe(401);
    expect((await get("pr_live_wrong2")).status).toBe(401);
    const flooded = await get("pr_live_wrong3");
    expect(flooded.status).toBe(429);
    expect(((await flooded.json()) as { code: string }).code).toBe("rate_limited");
    // Successful requests are not counted as failures. An address that floods is refused before any
    // lookup of a new key, but a key already used here still works (others behind the same proxy).
    expect((await get("pr_live_wrong4")).status).toBe(429);
    expect((await get(other.key)).status).toBe(429);
    expect((await get(t.key)).status).toBe(200);
    now += 60_000;
    expect((await get(other.key)).status).toBe(200);
  });

  it("count per socket address over a real connection", async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await s.request("GET", "/billing", { key: `pr_live_bad${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describe("configuration", () => {
  it("reads the default, per-profile overrides and refuses bad values", () => {
    expect(testConfig().rateLimit).toEqual({ perKey: 1000, perProfile: {}, unauthenticated: 60 });
    expect(testConfig({ RATE_LIMIT_PER_MINUTE: "0", RATE_LIMIT_PER_MINUTE_PROMPT_ONLY: "30" }).rateLimit).toMatchObject(
      { perKey: 0, perProfile: { "prompt-only": 30 } },
    );
    expect(() => testConfig({ RATE_LIMIT_PER_MINUTE_FULL: "lots" })).toThrow(ConfigError);
    expect(() => testConfig({ RATE_LIMIT_PER_MINUTE: "-1" })).toThrow(/RATE_LIMIT_PER_MINUTE/);
  });
});
