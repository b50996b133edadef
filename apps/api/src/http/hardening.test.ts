import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer } from "../../test/harness.ts";
import { LOG_REDACT, loggablePath } from "../logger.ts";
import { idempotencyKeys } from "../modules/idempotency/schema.ts";
import { jsonProblem, MAX_JSON_DEPTH } from "./body-checks.ts";
import { idempotency } from "./idempotency.ts";
import { authorize } from "./middleware.ts";

/** Bad input at the HTTP edge that used to reach the database or the call stack and answer 500. */

let s: TestServer;
beforeAll(async () => {
  // Slow streamed words, so a test can repeat a stream's request while it is still running.
  s = await startTestServer({ env: { WORKERS: "false", SIMULATOR_DELAY_MS: "25" } });
  s.app.post("/__test/secret", authorize("keys:write"), idempotency, (c) => {
    c.set("replayBody", JSON.stringify({ secret: "[redacted]" }));
    return c.json({ secret: `pr_live_${c.get("requestId")}` }, 201);
  });
});
afterAll(() => s.close());

const nested = (depth: number, leaf = "1") => `${"[".repeat(depth)}${leaf}${"]".repeat(depth)}`;
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const UUID = "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e";

async function persona(key: string) {
  const res = await s.request("POST", "/personas", { key, body: { seed: seed() } });
  expect(res.status).toBe(201);
  return res.body.persona.id as string;
}

describe("deeply nested JSON", () => {
  const deep = `{"tenantId": ${nested(5000)}}`;
  const json = { "content-type": "application/json" };

  it("is a 401 without a key: the body is not read before authentication", async () => {
    for (const path of ["/personas", "/personas/prompt", "/keys"]) {
      const res = await s.request("POST", path, { rawBody: deep, headers: json });
      expect(res.status, path).toBe(401);
      expect(res.body.code).toBe("unauthorized");
    }
    const bad = await s.request("PATCH", `/personas/${UUID}`, { key: "pr_live_nope", rawBody: deep, headers: json });
    expect(bad.status).toBe(401);
  });

  it("is a 400 naming the depth limit with a valid key, on POST, PUT and PATCH", async () => {
    const t = await s.newTenant();
    const id = await persona(t.key);
    for (const [method, path] of [
      ["POST", "/personas"],
      ["PUT", "/billing"],
      ["PATCH", `/personas/${id}`],
      ["POST", `/personas/${id}/timeline`],
    ] as const) {
      const res = await s.request(method, path, { key: t.key, rawBody: deep, headers: json });
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(400);
      expect(res.body.code).toBe("validation_error");
      expect(res.body.error).toContain(`limit is ${MAX_JSON_DEPTH}`);
    }
  });

  it("accepts nesting up to the limit (the route's schema then decides)", async () => {
    const t = await s.newTenant();
    const body = JSON.stringify({ seed: seed({ attributes: { x: "HOLE" } }) });
    const atLimit = body.replace('"HOLE"', nested(MAX_JSON_DEPTH - 3));
    const res = await s.request("POST", "/personas", { key: t.key, rawBody: atLimit, headers: json });
    expect(res.status).toBe(400);
    expect(res.body.error).not.toContain("nested");
    expect(res.body.details[0].path).toMatch(/^seed\.attributes\.x/);
  });

  it("walks without recursion, however deep the value", () => {
    let value: unknown = "x";
    for (let i = 0; i < 200_000; i++) value = [value];
    expect(jsonProblem(value)).toEqual({ path: expect.any(String), message: "is nested deeper than 64 levels" });
    expect(jsonProblem({ a: [{ b: "ok" }] })).toBeNull();
    expect(jsonProblem({ a: [{ b: "n\u0000" }] })).toEqual({
      path: "a.0.b",
      message: "must not contain NUL characters",
    });
  });
});

describe("crafted cursors", () => {
  const crafted = [
    cursorOf(["2026-01-01T00:00:00.000Z", "not-a-uuid"]),
    cursorOf(["2026-01-01T00:00:00.000Z", "'; drop table personas; --"]),
    cursorOf(["+275760-09-13T00:00:00.000Z", UUID]),
    cursorOf(["0000-01-01T00:00:00.000Z", UUID]),
    cursorOf(["-000001-01-01T00:00:00.000Z", UUID]),
    cursorOf({ t: "2026-01-01T00:00:00.000Z", id: UUID }),
    cursorOf(["2026-01-01T00:00:00.000Z", UUID, "extra"]),
  ];

  it("are a 400 invalid_cursor on every list endpoint", async () => {
    const t = await s.newTenant();
    const id = await persona(t.key);
    const lists: [string, string][] = [
      ["/personas", t.key],
      ["/keys", t.key],
      ["/personas/prompt/sessions", t.key],
      [`/personas/${id}/timeline`, t.key],
      [`/personas/${id}/consistency`, t.key],
      ["/tenants", s.adminKey],
    ];
    for (const [path, key] of lists) {
      // Tenant ids are text (so "not-a-uuid" is a fine tenant id), every other list's ids UUIDs.
      const cases = path === "/tenants" ? crafted.slice(1) : crafted;
      for (const cursor of [...cases, cursorOf(["2026-01-01T00:00:00.000Z", "a".repeat(200)])]) {
        const res = await s.request("GET", path, { key, query: { cursor } });
        expect(res.status, `${path} ${Buffer.from(cursor, "base64url")}: ${res.text}`).toBe(400);
        expect(res.body.code).toBe("invalid_cursor");
      }
    }
  });

  it("still page through tenants, whose ids are not UUIDs", async () => {
    await s.newTenant();
    await s.newTenant();
    const first = await s.request("GET", "/tenants", { key: s.adminKey, query: { limit: 1 } });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await s.request("GET", "/tenants", {
      key: s.adminKey,
      query: { limit: 1, cursor: first.body.nextCursor },
    });
    expect(second.status).toBe(200);
    expect(second.body.tenants[0].id).not.toBe(first.body.tenants[0].id);
  });
});

describe("unpaired surrogates and out-of-range dates", () => {
  it("refuses a lone surrogate in any body string or key with 400", async () => {
    const t = await s.newTenant();
    const id = await persona(t.key);
    const cases: [string, string, string][] = [
      [
        "POST",
        "/personas",
        '{"seed": {"firstName": "A\\ud800", "lastName": "B", "age": 30, "location": "X", "baseOccupation": "Y"}}',
      ],
      ["PATCH", `/personas/${id}`, '{"location": "\\udc00 Paris"}'],
      ["POST", "/personas/prompt", `{"personaId": "${id}", "userPrompt": "hi \\ud83d"}`],
      ["PUT", "/personas/safety-policy", '{"blockedTerms": ["\\udfff"]}'],
      ["PATCH", `/personas/${id}`, '{"attributes": {"k\\ud800": 1}}'],
    ];
    for (const [method, path, rawBody] of cases) {
      const res = await s.request(method, path, {
        key: t.key,
        rawBody,
        headers: { "content-type": "application/json" },
      });
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(400);
      expect(res.body.code).toBe("validation_error");
      expect(res.body.details[0].message).toContain("surrogate");
    }
    // A proper pair (an emoji) is fine.
    const ok = await s.request("PATCH", `/personas/${id}`, { key: t.key, body: { location: "Paris \ud83d\ude00" } });
    expect(ok.status).toBe(200);
  });

  it("refuses dates outside years 1-9999 in every date field, body and query", async () => {
    const t = await s.newTenant();
    const id = await persona(t.key);
    const entry = (eventAt: string) => ({
      eventAt,
      eventLabel: "Moved",
      facts: "Moved house.",
      feelings: "-",
      interpretation: "-",
    });
    for (const bad of ["0000-01-01T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "0001-01-01T00:30:00+01:00"]) {
      const timeline = await s.request("POST", `/personas/${id}/timeline`, { key: t.key, body: entry(bad) });
      expect(timeline.status, `${bad}: ${timeline.text}`).toBe(400);
      expect(timeline.body.details[0]).toMatchObject({ path: "eventAt" });
      const key = await s.request("POST", "/keys", {
        key: t.key,
        body: { name: "k", profile: "read-only", expiresAt: bad },
      });
      expect(key.status, `${bad}: ${key.text}`).toBe(400);
      const list = await s.request("GET", `/personas/${id}/timeline`, { key: t.key, query: { from: bad } });
      expect(list.status, `${bad}: ${list.text}`).toBe(400);
      expect(list.body.details[0].path).toBe("from");
    }
    const ok = await s.request("POST", `/personas/${id}/timeline`, {
      key: t.key,
      body: entry("0001-01-01T00:00:00.000Z"),
    });
    expect(ok.status, ok.text).toBe(201);
  });
});

describe("tenantId in the query string of a write", () => {
  it("is a 400 when it disagrees with the body's tenant", async () => {
    const t = await s.newTenant();
    const other = await s.newTenant();
    const res = await s.request("POST", `/personas?tenantId=${other.tenantId}`, {
      key: t.key,
      body: { tenantId: t.tenantId, seed: seed() },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "validation_error", details: [{ path: "tenantId" }] });
    const implicit = await s.request("POST", `/personas?tenantId=${other.tenantId}`, {
      key: t.key,
      body: { seed: seed() },
    });
    expect(implicit.status).toBe(400);
    expect((await s.request("GET", "/personas", { key: t.key })).body.personas).toHaveLength(0);
  });

  it("is accepted when it agrees", async () => {
    const t = await s.newTenant();
    const res = await s.request("POST", `/personas?tenantId=${t.tenantId}`, { key: t.key, body: { seed: seed() } });
    expect(res.status).toBe(201);
  });
});

describe("Idempotency-Key with secrets and streams", () => {
  it("stores and replays the handler's redacted replayBody, never the secret", async () => {
    const t = await s.newTenant();
    const opts = { key: t.key, body: {}, headers: { "idempotency-key": "secret-1" } };
    const first = await s.request("POST", "/__test/secret", opts);
    expect(first.status).toBe(201);
    expect(first.body.secret).toMatch(/^pr_live_req_/);
    const again = await s.request("POST", "/__test/secret", opts);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual({ secret: "[redacted]" });
    const rows = await s.ctx.database.db.select().from(idempotencyKeys);
    expect(JSON.stringify(rows)).not.toContain(first.body.secret);
  });

  it("records a finished event stream and replays it as text/event-stream, doing the work once", async () => {
    const t = await s.newTenant();
    const personaId = await persona(t.key);
    const opts = { key: t.key, body: { personaId, userPrompt: "Tell me about your work" } };
    const headers = { "idempotency-key": "stream-1" };
    const first = await s.request("POST", "/personas/prompt/stream", { ...opts, headers });
    expect(first.status).toBe(200);
    expect(first.text).toContain("event: done");
    let again = await s.request("POST", "/personas/prompt/stream", { ...opts, headers });
    // The record is written as the stream ends: a repeat in that instant is a 409 to retry.
    for (let i = 0; i < 1000 && again.status === 409; i++) {
      await new Promise((r) => setTimeout(r, 20));
      again = await s.request("POST", "/personas/prompt/stream", { ...opts, headers });
    }
    expect(again.status).toBe(200);
    expect(again.headers.get("content-type")).toContain("text/event-stream");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.text).toBe(first.text.replace(/^:[^\n]*\n\n/gm, ""));
    const sessions = await s.request("GET", "/personas/prompt/sessions", { key: t.key });
    expect(sessions.body.sessions.map((x: { turnCount: number }) => x.turnCount)).toEqual([1]);
  });

  it("answers 409 with Retry-After to a repeat while the stream is still running", async () => {
    const t = await s.newTenant();
    const personaId = await persona(t.key);
    const init = {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json", "idempotency-key": "stream-2" },
      body: JSON.stringify({ personaId, userPrompt: "Tell me a long story about your childhood" }),
    };
    const running = await fetch(`${s.url}/personas/prompt/stream`, init);
    const reader = (running.body as ReadableStream<Uint8Array>).getReader();
    let seen = "";
    while (!seen.includes("event: token")) seen += new TextDecoder().decode((await reader.read()).value);
    const repeat = await fetch(`${s.url}/personas/prompt/stream`, init);
    expect(repeat.status).toBe(409);
    expect(repeat.headers.get("retry-after")).toBe("1");
    expect(((await repeat.json()) as { code: string }).code).toBe("idempotency_conflict");
    for (let r = await reader.read(); !r.done; r = await reader.read());
  });
});

describe("security headers", () => {
  const expectApiHeaders = (h: Headers, what: string) => {
    expect(h.get("x-content-type-options"), what).toBe("nosniff");
    expect(h.get("content-security-policy"), what).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(h.get("referrer-policy"), what).toBe("no-referrer");
    expect(h.get("x-frame-options"), what).toBe("DENY");
  };

  it("are on every API response: success, errors, streams, replays", async () => {
    const t = await s.newTenant();
    const personaId = await persona(t.key);
    expectApiHeaders((await s.request("GET", "/health")).headers, "health");
    expectApiHeaders((await s.request("GET", "/personas")).headers, "401");
    expectApiHeaders((await s.request("GET", "/nope")).headers, "404");
    expectApiHeaders((await s.request("GET", "/openapi.json")).headers, "spec");
    expectApiHeaders((await s.request("GET", "/personas", { key: t.key })).headers, "list");
    const stream = await s.request("POST", "/personas/prompt/stream", {
      key: t.key,
      body: { personaId, userPrompt: "Hi" },
    });
    expectApiHeaders(stream.headers, "stream");
    const opts = { key: t.key, body: { seed: seed() }, headers: { "idempotency-key": "hdr-1" } };
    await s.request("POST", "/personas", opts);
    expectApiHeaders((await s.request("POST", "/personas", opts)).headers, "replay");
  });

  it("give /docs a policy that lets exactly its own scripts run", async () => {
    const page = await s.request("GET", "/docs");
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    const directives = new Map(
      csp.split(";").map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
    const scriptSrc = directives.get("script-src") ?? [];
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, inline] of scripts) {
      const src = attrs?.match(/src="([^"]+)"/)?.[1];
      if (src) {
        // A same-origin path is allowed by 'self', and it must load.
        expect(src.startsWith("/") && !src.startsWith("//")).toBe(true);
        expect(scriptSrc).toContain("'self'");
        const js = await fetch(`${s.url}${src}`);
        expect(js.status).toBe(200);
        expect(js.headers.get("content-type")).toContain("javascript");
      } else {
        const hash = `'sha256-${createHash("sha256")
          .update(inline ?? "")
          .digest("base64")}'`;
        expect(scriptSrc).toContain(hash);
      }
    }
    expect(scriptSrc).not.toContain("'unsafe-inline'");
  });
});

describe("logs", () => {
  it("redact secret-looking query parameters in logged paths", () => {
    expect(loggablePath("http://h:8080/personas?api_key=pr_live_X&limit=5&Token=t&apiKey=k&signature=s&q=key")).toBe(
      "/personas?api_key=[redacted]&limit=5&Token=[redacted]&apiKey=[redacted]&signature=[redacted]&q=key",
    );
    expect(loggablePath("http://h/personas/1")).toBe("/personas/1");
    expect(loggablePath("http://h/x?password=p%20w&secret")).toBe("/x?password=[redacted]&secret");
  });

  it("redact key headers of any request object logged", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = pino({ redact: { paths: LOG_REDACT, censor: "[redacted]" } }, sink);
    const headers = { authorization: "Bearer pr_live_A", "x-api-key": "pr_live_B", cookie: "sid=pr_live_C" };
    log.info({ headers, req: { headers }, ctx: { req: { headers } } }, "request");
    expect(lines.join("")).not.toMatch(/pr_live_/);
  });
});

describe("free-form objects", () => {
  it("are bounded at 16 KB of JSON: prompt metadata, timeline metadata, persona attributes", async () => {
    const t = await s.newTenant();
    const personaId = await persona(t.key);
    const big = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, "x".repeat(1000)]));
    const attributes = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`a${i}`, "y".repeat(450)]));
    const cases: [string, string, unknown, string][] = [
      ["POST", "/personas/prompt", { personaId, userPrompt: "Hi", metadata: big }, "metadata"],
      [
        "POST",
        `/personas/${personaId}/timeline`,
        {
          eventAt: "2010-01-01T00:00:00.000Z",
          eventLabel: "Moved",
          facts: "Moved.",
          feelings: "-",
          interpretation: "-",
          metadata: big,
        },
        "metadata",
      ],
      ["POST", "/personas", { seed: seed({ attributes }) }, "seed.attributes"],
      ["PATCH", `/personas/${personaId}`, { attributes }, "attributes"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await s.request(method, path, { key: t.key, body });
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(400);
      expect(res.body.details[0]).toEqual({ path: field, message: "must be at most 16384 bytes as JSON" });
    }
    const small = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId, userPrompt: "Hi", metadata: { campaign: "spring" } },
    });
    expect(small.status).toBe(200);
  });
});
