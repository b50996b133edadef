import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer } from "./harness.ts";
import { sseEvents } from "./sse.ts";

/**
 * Publishable keys and the widget endpoints, through HTTP (docs/widget.md): the key's origins, personas and
 * rate limit; CORS only for those origins and only on the widget routes; a secret key in a page refused.
 */

let s: TestServer;
const ORIGIN = "https://shop.example.com";
const OTHER = "https://evil.example.net";

interface Fixture {
  tenantId: string;
  owner: string;
  personaId: string;
  otherPersonaId: string;
  pk: string;
  pkId: string;
}

async function fixture(opts: { rate?: number } = {}): Promise<Fixture> {
  const t = await s.newTenant();
  const p1 = await s.request("POST", "/personas", { key: t.key, body: { seed: seed({ firstName: "Maya" }) } });
  const p2 = await s.request("POST", "/personas", { key: t.key, body: { seed: seed({ firstName: "Omar" }) } });
  expect(p1.status).toBe(201);
  expect(p2.status).toBe(201);
  const personaId = p1.body.persona.id as string;
  const created = await s.request("POST", "/keys", {
    key: t.key,
    body: {
      name: "site widget",
      type: "publishable",
      personaIds: [personaId],
      allowedOrigins: [ORIGIN, "http://localhost:5173"],
      ...(opts.rate ? { rateLimitPerMinute: opts.rate } : {}),
    },
  });
  expect(created.status, created.text).toBe(201);
  return {
    tenantId: t.tenantId,
    owner: t.key,
    personaId,
    otherPersonaId: p2.body.persona.id as string,
    pk: created.body.secret as string,
    pkId: created.body.key.id as string,
  };
}

const prompt = (key: string, body: unknown, origin: string | null = ORIGIN) =>
  s.request("POST", "/widget/v1/prompt", { key, body, headers: origin ? { origin } : {} });
const config = (key: string, personaId: string, origin: string | null = ORIGIN) =>
  s.request("GET", "/widget/v1/config", { key, query: { personaId }, headers: origin ? { origin } : {} });

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

describe("creating publishable keys", () => {
  it("makes a pk_live_ key limited to its personas, origins and rate, listed and revocable like others", async () => {
    const f = await fixture();
    expect(f.pk).toMatch(/^pk_live_[A-Za-z0-9]{32}$/);
    const got = await s.request("GET", `/keys/${f.pkId}`, { key: f.owner });
    expect(got.body.key).toMatchObject({
      type: "publishable",
      profile: "prompt-only",
      personaIds: [f.personaId],
      allowedOrigins: [ORIGIN, "http://localhost:5173"],
      rateLimitPerMinute: 30,
      prefix: f.pk.slice(0, 12),
    });
    expect(got.text).not.toContain(f.pk);
    const list = await s.request("GET", "/keys", { key: f.owner });
    expect(list.body.keys.map((k: { id: string }) => k.id)).toContain(f.pkId);
    const secretKey = list.body.keys.find((k: { type: string }) => k.type === "secret");
    expect(secretKey).toMatchObject({ personaIds: null, allowedOrigins: null, rateLimitPerMinute: null });

    expect((await s.request("DELETE", `/keys/${f.pkId}`, { key: f.owner })).status).toBe(200);
    const after = await config(f.pk, f.personaId);
    expect(after.status).toBe(401);
    expect(after.body.error).toBe("This API key has been revoked");
  });

  it("refuses missing or bad fields with 400", async () => {
    const f = await fixture();
    const make = (body: Record<string, unknown>) =>
      s.request("POST", "/keys", { key: f.owner, body: { name: "w", type: "publishable", ...body } });
    const ok = { personaIds: [f.personaId], allowedOrigins: [ORIGIN] };
    for (const [body, path] of [
      [{ allowedOrigins: [ORIGIN] }, "personaIds"],
      [{ personaIds: [f.personaId] }, "allowedOrigins"],
      [{ ...ok, personaIds: [] }, "personaIds"],
      [{ ...ok, allowedOrigins: [] }, "allowedOrigins"],
      [{ ...ok, allowedOrigins: ["https://shop.example.com/"] }, "allowedOrigins.0"],
      [{ ...ok, allowedOrigins: ["https://shop.example.com/page"] }, "allowedOrigins.0"],
      [{ ...ok, allowedOrigins: ["https://*.example.com"] }, "allowedOrigins.0"],
      [{ ...ok, allowedOrigins: ["ftp://example.com"] }, "allowedOrigins.0"],
      [{ ...ok, rateLimitPerMinute: 0 }, "rateLimitPerMinute"],
    ] as const) {
      const res = await make(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    // A persona that does not exist, or is another tenant's.
    const foreign = await fixture();
    for (const id of ["00000000-0000-4000-8000-000000000000", foreign.personaId]) {
      const res = await make({ ...ok, personaIds: [f.personaId, id] });
      expect(res.status).toBe(400);
      expect(res.body.error).toContain(id);
    }
    // A secret key takes none of the publishable fields.
    const secret = await s.request("POST", "/keys", { key: f.owner, body: { name: "s", allowedOrigins: [ORIGIN] } });
    expect(secret.status).toBe(400);
    expect(secret.body.details[0].path).toBe("allowedOrigins");
  });
});

describe("the widget endpoints", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture();
  });

  it("answers the config of a listed persona from an allowed origin, with CORS for that origin", async () => {
    const res = await config(f.pk, f.personaId);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      persona: { id: f.personaId, displayName: "Maya" },
      theme: { color: expect.any(String), position: "right", title: "Chat with Maya", greeting: expect.any(String) },
    });
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(res.headers.get("vary")).toMatch(/origin/i);
  });

  it("refuses an origin the key does not list (403, no CORS headers)", async () => {
    for (const res of [
      await config(f.pk, f.personaId, OTHER),
      await prompt(f.pk, { personaId: f.personaId, message: "hi" }, OTHER),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toContain("allowedOrigins");
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }
  });

  it("refuses a request without an Origin header: a publishable key is for browsers", async () => {
    const res = await config(f.pk, f.personaId, null);
    expect(res.status).toBe(403);
    expect(res.body.error).toContain("no Origin header");
    expect((await prompt(f.pk, { personaId: f.personaId, message: "hi" }, null)).status).toBe(403);
  });

  it("refuses a persona the key does not list, and another tenant's persona (403)", async () => {
    const foreign = await fixture();
    for (const personaId of [f.otherPersonaId, foreign.personaId]) {
      const c = await config(f.pk, personaId);
      expect(c.status).toBe(403);
      expect(c.body.error).toContain("not in its personaIds");
      const p = await prompt(f.pk, { personaId, message: "hi" });
      expect(p.status).toBe(403);
      // CORS headers still go to the allowed origin, so the widget can show why.
      expect(p.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    }
  });

  it("refuses a secret key sent from a page with a message saying to use a publishable key", async () => {
    for (const res of [
      await config(f.owner, f.personaId),
      await prompt(f.owner, { personaId: f.personaId, message: "hi" }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toContain("never put a secret key in a page");
      expect(res.body.error).toContain("publishable key");
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }
    // Anything else that is not a publishable key is not a widget key either.
    expect((await config("sk_something_else", f.personaId)).body.error).toContain("only a publishable key");
    // From any origin, listed or not; and without an origin it is still not a widget key.
    expect((await config(f.owner, f.personaId, OTHER)).body.error).toContain("never put a secret key in a page");
    const server = await config(f.owner, f.personaId, null);
    expect(server.status).toBe(403);
    expect(server.body.error).toContain("only a publishable key");
  });

  it("streams an answer whose joined tokens equal the done event, recorded and charged as a prompt", async () => {
    const res = await prompt(f.pk, { personaId: f.personaId, message: "What do you do on weekends?" });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const events = sseEvents(res.text);
    expect(events[0]?.event).toBe("ready");
    const done = events.at(-1);
    expect(done?.event).toBe("done");
    const data = done?.data as { sessionId: string; response: string };
    const joined = events
      .filter((e) => e.event === "token")
      .map((e) => (e.data as { delta: string }).delta)
      .join("");
    expect(joined.length).toBeGreaterThan(0);
    expect(joined).toBe(data.response);
    expect(Object.keys(data).sort()).toEqual(["response", "sessionId"]);

    // The session continues, and the turn is the tenant's (read with its owner key).
    const next = await prompt(f.pk, { personaId: f.personaId, message: "And on Mondays?", sessionId: data.sessionId });
    expect(sseEvents(next.text).at(-1)?.event).toBe("done");
    const session = await s.request("GET", `/personas/prompt/sessions/${data.sessionId}`, { key: f.owner });
    expect(session.status).toBe(200);
    expect(session.body.turns).toHaveLength(2);
    await s.ctx.usage.flush(); // usage events are written in batches: flush before reading them back
    const usage = await s.request("GET", "/analytics/events", { key: f.owner, query: { event: "persona_prompt" } });
    expect(usage.status).toBe(200);
    expect(JSON.stringify(usage.body)).toContain(f.pkId);
  });

  it("charges the tenant's credits like a prompt, and refuses with 402 when they are spent", async () => {
    const g = await fixture();
    const put = (creditBalance: number) =>
      s
        .request("PUT", "/billing", { key: g.owner, body: { creditBalance } })
        .then((r) => expect(r.status, r.text).toBe(200));
    const balance = async () =>
      (await s.request("GET", "/billing", { key: g.owner })).body.billing.creditBalance as number;
    await put(5);
    const res = await prompt(g.pk, { personaId: g.personaId, message: "Hello there" });
    expect(sseEvents(res.text).at(-1)?.event).toBe("done");
    expect(await balance()).toBeLessThan(5);
    await put(0);
    const refused = await prompt(g.pk, { personaId: g.personaId, message: "Hello again" });
    expect(refused.status).toBe(402);
    expect(refused.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("validates the widget's input with 400 (for the key's own origin, with CORS)", async () => {
    for (const body of [
      { personaId: f.personaId },
      { personaId: f.personaId, message: "" },
      { personaId: "x", message: "hi" },
      { personaId: f.personaId, message: "hi", extra: 1 },
      { personaId: f.personaId, message: "x".repeat(2001) },
    ]) {
      const res = await prompt(f.pk, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    }
    expect((await config(f.pk, "not-a-uuid")).status).toBe(400);
  });

  it("refuses to continue a session another key started", async () => {
    const turn = await s.request("POST", "/personas/prompt", {
      key: f.owner,
      body: { personaId: f.personaId, userPrompt: "hello" },
    });
    const res = await prompt(f.pk, { personaId: f.personaId, message: "hi", sessionId: turn.body.sessionId });
    expect(res.status).toBe(403);
  });

  it("applies the tenant's guardrails: a blocked prompt comes back as a blocked event", async () => {
    const g = await fixture();
    const put = await s.request("PUT", "/personas/safety-policy", {
      key: g.owner,
      body: { blockedTerms: ["zorblax"], refusalMessage: "I can't talk about that here." },
    });
    expect(put.status, put.text).toBe(200);
    const res = await prompt(g.pk, { personaId: g.personaId, message: "Tell me about zorblax" });
    expect(res.status).toBe(200);
    const events = sseEvents(res.text);
    expect(events.map((e) => e.event)).toEqual(["ready", "blocked"]);
    expect(events[1]?.data).toEqual({ message: expect.stringContaining("blocked by the tenant's safety policy") });
  });

  it("limits the key to its rate: 429 with Retry-After, with CORS so the page can read it", async () => {
    const g = await fixture({ rate: 3 });
    for (let i = 0; i < 3; i++) expect((await config(g.pk, g.personaId)).status).toBe(200);
    const res = await config(g.pk, g.personaId);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    // Another publishable key has its own budget.
    expect((await config(f.pk, f.personaId)).status).toBe(200);
  });

  it("answers a preflight with CORS only for an origin a publishable key lists", async () => {
    const preflight = (origin: string, path = "/widget/v1/prompt") =>
      s.request("OPTIONS", path, {
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type,x-api-key",
        },
      });
    const ok = await preflight(ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(ok.headers.get("access-control-allow-methods")).toContain("POST");
    expect(ok.headers.get("access-control-allow-headers")).toContain("x-api-key");
    const cfg = await preflight(ORIGIN, "/widget/v1/config");
    expect(cfg.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const refused = await preflight(OTHER);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    // Not on other routes: the server's CORS (CORS_ORIGINS) is off here.
    const other = await preflight(ORIGIN, "/personas/prompt/stream");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    // Once no live key lists the origin, its preflights get no CORS headers.
    const g = await fixture();
    const only = "https://only-one.example.org";
    const made = await s.request("POST", "/keys", {
      key: g.owner,
      body: { name: "one", type: "publishable", personaIds: [g.personaId], allowedOrigins: [only] },
    });
    expect((await preflight(only)).headers.get("access-control-allow-origin")).toBe(only);
    await s.request("DELETE", `/keys/${made.body.key.id}`, { key: g.owner });
    expect((await preflight(only)).headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("a publishable key anywhere else", () => {
  it("is refused on every other route with 403 and a clear message, and gets no CORS headers", async () => {
    const f = await fixture();
    const spec = (await s.request("GET", "/openapi.json")).body as { paths: Record<string, Record<string, unknown>> };
    let walked = 0;
    for (const [path, ops] of Object.entries(spec.paths)) {
      if (path.startsWith("/widget/") || path === "/health") continue;
      for (const method of Object.keys(ops)) {
        const concrete = path.replace(/\{[^}]+\}/g, f.personaId);
        const res = await s.request(method.toUpperCase(), concrete, {
          key: f.pk,
          headers: { origin: ORIGIN },
          ...(method === "get" || method === "delete" ? {} : { body: { personaId: f.personaId, userPrompt: "hi" } }),
        });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.body.error, `${method} ${path}`).toContain("publishable key");
        expect(res.headers.get("access-control-allow-origin")).toBeNull();
        walked++;
      }
    }
    expect(walked).toBeGreaterThan(100);
  });
});

describe("GET /widget.js", () => {
  it("serves the script with long cache headers and an ETag, and 304 on revalidation", async () => {
    const res = await s.request("GET", "/widget.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/javascript");
    expect(res.headers.get("cache-control")).toContain("max-age=86400");
    expect(res.headers.get("cross-origin-resource-policy")).toBeNull();
    const etag = res.headers.get("etag") as string;
    expect(etag).toMatch(/^".+"$/);
    expect(res.text).toContain("PersonRunWidget");
    const again = await s.request("GET", "/widget.js", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });
});
