import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogs, seed, startTestServer, type TestServer } from "../../test/harness.ts";

let s: TestServer;
const logs = captureLogs("info");
beforeAll(async () => {
  s = await startTestServer({ logger: logs.logger });
  s.app.get("/__test/boom", () => {
    throw new Error("db password is hunter2 at /srv/secret.ts:42");
  });
});
afterAll(() => s.close());

describe("the HTTP edge", () => {
  it("puts a request id on every response, success or error", async () => {
    const ok = await s.request("GET", "/health");
    const err = await s.request("GET", "/personas");
    expect(ok.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{20}$/);
    expect(err.headers.get("x-request-id")).toBe(err.body.requestId);
    expect(ok.headers.get("x-request-id")).not.toBe(err.headers.get("x-request-id"));
  });

  it("answers malformed JSON with 400 invalid_json", async () => {
    const t = await s.newTenant();
    const res = await s.request("POST", "/personas", {
      key: t.key,
      rawBody: '{"seed": {"firstName": ',
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "invalid_json", error: "Malformed JSON in request body" });
  });

  it("answers a non-JSON body with 415", async () => {
    const t = await s.newTenant();
    const res = await s.request("POST", "/personas", {
      key: t.key,
      rawBody: "firstName=Aria",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe("unsupported_media_type");
  });

  it("answers a body over the limit with 413 and stores nothing", async () => {
    const t = await s.newTenant();
    const res = await s.request("POST", "/personas", {
      key: t.key,
      body: { seed: seed({ household: "x".repeat(1024 * 1024 + 10) }) },
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe("payload_too_large");
    expect((await s.request("GET", "/personas", { key: t.key })).body.personas).toHaveLength(0);
  });

  it("refuses NUL characters in bodies and query strings with 400 (PostgreSQL cannot store them)", async () => {
    const t = await s.newTenant();
    const body = await s.request("POST", "/personas", { key: t.key, body: { seed: seed({ lastName: "Ch\u0000en" }) } });
    expect(body.status).toBe(400);
    expect(body.body.details).toEqual([{ path: "seed.lastName", message: "must not contain NUL characters" }]);
    const attr = await s.request("POST", "/personas", {
      key: t.key,
      body: { seed: seed({ attributes: { "a\u0000": 1 } }) },
    });
    expect(attr.status).toBe(400);
    const query = await s.request("GET", "/personas", { key: t.key, query: { q: "a\u0000b" } });
    expect(query.status).toBe(400);
    expect(query.body.details[0].path).toBe("q");
  });

  it("answers a chunked body over the limit with 413", async () => {
    const t = await s.newTenant();
    const big = JSON.stringify({ seed: seed({ household: "x".repeat(1024 * 1024 + 10) }) });
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < big.length; i += 64 * 1024)
          controller.enqueue(new TextEncoder().encode(big.slice(i, i + 64 * 1024)));
        controller.close();
      },
    });
    const res = await fetch(`${s.url}/personas`, {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe("payload_too_large");
  });

  it("says a non-numeric number is not a number", async () => {
    const t = await s.newTenant();
    const res = await s.request("GET", "/personas", { key: t.key, query: { limit: "abc" } });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: "limit", message: "must be a finite number" }]);
  });

  it("answers an unknown route with a JSON 404, with or without a key", async () => {
    const res = await s.request("GET", "/no/such/route");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.body).toMatchObject({ code: "not_found", error: "No route for GET /no/such/route" });
  });

  it("turns an unexpected exception into a 500 JSON without internals, logged with the request id", async () => {
    const res = await s.request("GET", "/__test/boom");
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: "Internal server error", code: "internal_error", requestId: expect.any(String) });
    expect(res.text).not.toContain("hunter2");
    const logged = logs.lines().find((l) => l.msg === "unhandled error");
    expect(logged).toMatchObject({
      requestId: res.body.requestId,
      err: { message: expect.stringContaining("hunter2") },
    });
  });

  it("never logs API keys", async () => {
    const t = await s.newTenant();
    await s.request("GET", "/personas", { key: t.key });
    expect(logs.text()).not.toContain(t.key);
  });
});

describe("Idempotency-Key", () => {
  it("replays the first response and does the work once", async () => {
    const t = await s.newTenant();
    const opts = { key: t.key, body: { seed: seed() }, headers: { "idempotency-key": "create-aria-1" } };
    const first = await s.request("POST", "/personas", opts);
    const second = await s.request("POST", "/personas", opts);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect((await s.request("GET", "/personas", { key: t.key })).body.personas).toHaveLength(1);
  });

  it("409s when the key is reused with a different body", async () => {
    const t = await s.newTenant();
    const headers = { "idempotency-key": "k-2" };
    expect((await s.request("POST", "/personas", { key: t.key, body: { seed: seed() }, headers })).status).toBe(201);
    const res = await s.request("POST", "/personas", { key: t.key, body: { seed: seed({ age: 50 }) }, headers });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("idempotency_conflict");
    expect((await s.request("GET", "/personas", { key: t.key })).body.personas).toHaveLength(1);
  });

  it("creates once when the same request races itself", async () => {
    const t = await s.newTenant();
    const opts = { key: t.key, body: { seed: seed() }, headers: { "idempotency-key": "race" } };
    const results = await Promise.all([1, 2, 3, 4].map(() => s.request("POST", "/personas", opts)));
    for (const r of results) expect([201, 409]).toContain(r.status);
    expect(results.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    expect((await s.request("GET", "/personas", { key: t.key })).body.personas).toHaveLength(1);
  });

  it("does not keep a rejected request, so a corrected retry may reuse the key", async () => {
    const t = await s.newTenant();
    const headers = { "idempotency-key": "fix-me" };
    const bad = await s.request("POST", "/personas", { key: t.key, body: { seed: seed({ age: -5 }) }, headers });
    expect(bad.status).toBe(400);
    const good = await s.request("POST", "/personas", { key: t.key, body: { seed: seed() }, headers });
    expect(good.status).toBe(201);
  });

  it("is scoped to the API key", async () => {
    const a = await s.newTenant();
    const b = await s.newTenant();
    const headers = { "idempotency-key": "shared-name" };
    const ra = await s.request("POST", "/personas", { key: a.key, body: { seed: seed() }, headers });
    const rb = await s.request("POST", "/personas", { key: b.key, body: { seed: seed() }, headers });
    expect(rb.status).toBe(201);
    expect(rb.body.persona.id).not.toBe(ra.body.persona.id);
    expect(rb.body.persona.tenantId).toBe(b.tenantId);
  });

  it("rejects a malformed key", async () => {
    const t = await s.newTenant();
    const res = await s.request("POST", "/personas", {
      key: t.key,
      body: { seed: seed() },
      headers: { "idempotency-key": "x".repeat(300) },
    });
    expect(res.status).toBe(400);
  });
});
