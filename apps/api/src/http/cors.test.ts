import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/harness.ts";

const APP = "https://app.example.com";
const DEV = "http://localhost:5173";
const EVIL = "https://evil.example.net";

let off: TestServer;
let listed: TestServer;
let any: TestServer;
beforeAll(async () => {
  off = await startTestServer();
  // A tiny budget of failed authentications: preflights must not spend it.
  listed = await startTestServer({
    env: { CORS_ORIGINS: `${APP}, ${DEV}`, RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: "3" },
  });
  any = await startTestServer({ env: { CORS_ORIGINS: "*" } });
});
afterAll(async () => {
  await off.close();
  await listed.close();
  await any.close();
});

const preflight = (s: TestServer, origin: string, path = "/personas", method = "POST") =>
  s.request("OPTIONS", path, {
    headers: {
      origin,
      "access-control-request-method": method,
      "access-control-request-headers": "content-type,x-api-key,idempotency-key",
    },
  });

function corsHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers].filter(([name]) => name.startsWith("access-control-")));
}

const list = (value: string | null) => (value ?? "").split(",").map((v) => v.trim().toLowerCase());

describe("CORS", () => {
  it("is off by default: no CORS headers, and OPTIONS is no route", async () => {
    const t = await off.newTenant();
    const res = await off.request("GET", "/personas", { key: t.key, headers: { origin: APP } });
    expect(res.status).toBe(200);
    expect(corsHeaders(res.headers)).toEqual({});
    const pre = await preflight(off, APP);
    expect(pre.status).toBe(404);
    expect(corsHeaders(pre.headers)).toEqual({});
  });

  it("answers a preflight of an allowed origin with 204, without a key and without spending the auth budget", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await preflight(listed, DEV, "/personas/prompt/stream");
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(DEV);
      expect(list(res.headers.get("vary"))).toContain("origin");
      expect(list(res.headers.get("access-control-allow-methods"))).toEqual(
        expect.arrayContaining(["get", "post", "put", "patch", "delete"]),
      );
      expect(list(res.headers.get("access-control-allow-headers"))).toEqual(
        expect.arrayContaining(["content-type", "x-api-key", "authorization", "idempotency-key", "last-event-id"]),
      );
      expect(Number(res.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    }
    // Five preflights past a budget of three failed authentications: a keyless call is still a 401, not a 429.
    const noKey = await listed.request("GET", "/personas", { headers: { origin: DEV } });
    expect(noKey.status).toBe(401);
  });

  it("lets an allowed origin read responses and the headers an SDK needs", async () => {
    const t = await listed.newTenant();
    const res = await listed.request("GET", "/personas", { key: t.key, headers: { origin: APP } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(list(res.headers.get("vary"))).toContain("origin");
    expect(res.headers.get("x-ratelimit-remaining")).not.toBeNull();
    expect(list(res.headers.get("access-control-expose-headers"))).toEqual(
      expect.arrayContaining([
        "x-request-id",
        "idempotent-replayed",
        "retry-after",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
      ]),
    );
  });

  it("puts CORS headers on errors too, so the page can read them", async () => {
    const t = await listed.newTenant();
    const cases = [
      await listed.request("GET", "/personas", { headers: { origin: APP } }),
      await listed.request("GET", "/no-such-route", { key: t.key, headers: { origin: APP } }),
      await listed.request("GET", "/personas/01a22480-a4a4-75f0-ae3f-d8d6b9828fae", {
        key: t.key,
        headers: { origin: APP },
      }),
      await listed.request("POST", "/personas", { key: t.key, body: { seed: {} }, headers: { origin: APP } }),
    ];
    expect(cases.map((r) => r.status)).toEqual([401, 404, 404, 400]);
    for (const res of cases) {
      expect(res.headers.get("access-control-allow-origin"), res.text).toBe(APP);
      expect(list(res.headers.get("access-control-expose-headers"))).toContain("x-request-id");
      expect(res.body.requestId).toBe(res.headers.get("x-request-id"));
    }
  });

  it("gives another origin no CORS headers at all", async () => {
    const t = await listed.newTenant();
    const res = await listed.request("GET", "/personas", { key: t.key, headers: { origin: EVIL } });
    expect(res.status).toBe(200);
    expect(corsHeaders(res.headers)).toEqual({});
    expect(list(res.headers.get("vary"))).toContain("origin");
    const pre = await preflight(listed, EVIL);
    expect(corsHeaders(pre.headers)).toEqual({});
    // A prefix or a path of an allowed origin is another origin.
    const near = await listed.request("GET", "/health", { headers: { origin: `${APP}.evil.net` } });
    expect(corsHeaders(near.headers)).toEqual({});
  });

  it("with `*`, lets any origin in", async () => {
    const pre = await preflight(any, EVIL, "/personas/{id}", "PATCH");
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    const t = await any.newTenant();
    const res = await any.request("GET", "/personas", { key: t.key, headers: { origin: EVIL } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(list(res.headers.get("access-control-expose-headers"))).toContain("x-request-id");
    const denied = await any.request("GET", "/personas", { headers: { origin: DEV } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get("access-control-allow-origin")).toBe("*");
  });
});
