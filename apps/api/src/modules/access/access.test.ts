import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer, testClock, until } from "../../../test/harness.ts";
import {
  CreatedKeyEnvelope,
  CreatedTenantEnvelope,
  KeyEnvelope,
  KeyListEnvelope,
  TenantListEnvelope,
} from "./routes.ts";

let s: TestServer;
// Expiry is tested by moving this clock past expiresAt, not by sleeping until it.
const clock = testClock();
beforeAll(async () => {
  s = await startTestServer({ clock });
});
afterAll(() => s.close());

const createKey = async (t: { tenantId: string; key: string }, body: Record<string, unknown>) => {
  const res = await s.request("POST", "/keys", { key: t.key, body: { tenantId: t.tenantId, name: "k", ...body } });
  expect(res.status, res.text).toBe(201);
  return CreatedKeyEnvelope.parse(res.body);
};

describe("authentication (401)", () => {
  it("refuses a missing key", async () => {
    const res = await s.request("GET", "/personas");
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: "unauthorized", error: expect.stringContaining("x-api-key") });
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("refuses a wrong key", async () => {
    const res = await s.request("GET", "/personas", { key: "pr_live_notARealKey000000000000000000" });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: "unauthorized", error: "Invalid API key" });
  });

  it("refuses a revoked key at once", async () => {
    const t = await s.newTenant();
    const { key, secret } = await createKey(t, { profile: "editor" });
    expect((await s.request("GET", "/personas", { key: secret })).status).toBe(200);
    const revoke = await s.request("DELETE", `/keys/${key.id}`, { key: t.key, query: { tenantId: t.tenantId } });
    expect(revoke.status).toBe(200);
    expect(KeyEnvelope.parse(revoke.body).key.revokedAt).not.toBeNull();
    const res = await s.request("GET", "/personas", { key: secret });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe("This API key has been revoked");
  });

  it("refuses an expired key", async () => {
    const t = await s.newTenant();
    const { secret } = await createKey(t, {
      profile: "read-only",
      expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    });
    expect((await s.request("GET", "/personas", { key: secret })).status).toBe(200);
    // 30 s before expiry (a margin wide enough for any delay between this line and the check)...
    clock.advance(9.5 * 60_000);
    expect((await s.request("GET", "/personas", { key: secret })).status).toBe(200);
    // ...and 30 s after it.
    clock.advance(60_000);
    try {
      const res = await s.request("GET", "/personas", { key: secret });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe("This API key has expired");
    } finally {
      clock.reset();
    }
  });

  it("accepts Authorization: Bearer", async () => {
    const t = await s.newTenant();
    const res = await s.request("GET", "/personas", { headers: { authorization: `Bearer ${t.key}` } });
    expect(res.status).toBe(200);
  });
});

describe("tenant scope (403)", () => {
  it("refuses a tenantId the key does not belong to, on reads and writes, without touching it", async () => {
    const a = await s.newTenant();
    const b = await s.newTenant();
    const write = await s.request("POST", "/personas", { key: a.key, body: { tenantId: b.tenantId, seed: seed() } });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe("forbidden");
    const read = await s.request("GET", "/personas", { key: a.key, query: { tenantId: b.tenantId } });
    expect(read.status).toBe(403);
    const unknownTenant = await s.request("GET", "/personas", { key: a.key, query: { tenantId: "does-not-exist" } });
    expect(unknownTenant.status).toBe(403);
    expect((await s.request("GET", "/personas", { key: b.key })).body.personas).toHaveLength(0);
  });

  it("accepts the docs' example tenant id format", async () => {
    const res = await s.request("POST", "/tenants", {
      key: s.adminKey,
      body: { id: `11111111-1111-1111-1111-${Date.now().toString().slice(-12)}` },
    });
    expect(res.status).toBe(201);
  });
});

describe("key profiles (least privilege)", () => {
  const cases: [string, string, string, number][] = [
    ["read-only", "GET", "/personas", 200],
    ["read-only", "POST", "/personas", 403],
    ["read-only", "GET", "/keys", 403],
    ["prompt-only", "GET", "/personas", 403],
    ["prompt-only", "POST", "/personas", 403],
    ["editor", "POST", "/personas", 201],
    ["editor", "GET", "/keys", 403],
    ["editor", "POST", "/keys", 403],
    ["editor", "POST", "/tenants", 403],
    ["full", "GET", "/keys", 200],
    ["full", "POST", "/tenants", 403],
    ["full", "GET", "/tenants", 403],
  ];
  it.each(cases)("a %s key: %s %s → %i", async (profile, method, path, status) => {
    const t = await s.newTenant();
    const { secret } = await createKey(t, { profile });
    const body =
      method === "POST"
        ? path === "/personas"
          ? { seed: seed() }
          : path === "/tenants"
            ? { id: `x-${Date.now()}` }
            : { name: "n" }
        : undefined;
    const res = await s.request(method, path, { key: secret, body });
    expect(res.status, res.text).toBe(status);
    if (status === 403) expect(res.body.error).toContain(profile);
  });
});

describe("/keys", () => {
  it("creates keys shown once, lists them without secrets, and gets one", async () => {
    const t = await s.newTenant();
    const created = await createKey(t, { name: "CI", profile: "editor" });
    expect(created.secret).toMatch(/^pr_live_[0-9A-Za-z]{32}$/);
    expect(created.key).toMatchObject({ name: "CI", profile: "editor", tenantId: t.tenantId, revokedAt: null });
    expect(created.secret?.startsWith(created.key.prefix)).toBe(true);
    const list = await s.request("GET", "/keys", { key: t.key, query: { tenantId: t.tenantId } });
    const page = KeyListEnvelope.parse(list.body);
    expect(page.keys.map((k) => k.name)).toEqual(["CI", "Owner key"]);
    expect(list.text).not.toContain(created.secret);
    const one = await s.request("GET", `/keys/${created.key.id}`, { key: t.key });
    expect(KeyEnvelope.parse(one.body).key.id).toBe(created.key.id);
    const rows = await s.ctx.database.query<{ hash: string }>("select hash from api_keys where id = $1", [
      created.key.id,
    ]);
    expect(rows[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(created.secret);
  });

  it("records lastUsedAt", async () => {
    const t = await s.newTenant();
    const { key, secret } = await createKey(t, { profile: "read-only" });
    expect(key.lastUsedAt).toBeNull();
    await s.request("GET", "/personas", { key: secret });
    // Written off the request path: wait for it rather than for a guessed time.
    const after = await until(
      async () => (await s.request("GET", `/keys/${key.id}`, { key: t.key })).body.key.lastUsedAt as string | null,
      { what: "lastUsedAt to be written" },
    );
    expect(Date.parse(after)).toBeGreaterThanOrEqual(Date.parse(key.createdAt));
  });

  it("validates input", async () => {
    const t = await s.newTenant();
    for (const body of [
      { name: "" },
      { name: "x", profile: "god" },
      { name: "x", expiresAt: "tomorrow" },
      { name: "x", expiresAt: "2001-01-01T00:00:00Z" },
      { name: "x", extra: true },
    ]) {
      const res = await s.request("POST", "/keys", { key: t.key, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe("validation_error");
    }
  });

  it("does not reveal or revoke another tenant's key", async () => {
    const a = await s.newTenant();
    const b = await s.newTenant();
    const { key, secret } = await createKey(b, { profile: "read-only" });
    expect((await s.request("GET", `/keys/${key.id}`, { key: a.key })).status).toBe(404);
    expect((await s.request("DELETE", `/keys/${key.id}`, { key: a.key })).status).toBe(404);
    expect((await s.request("GET", "/personas", { key: secret })).status).toBe(200);
  });
});

describe("/tenants (instance admin)", () => {
  it("creates a tenant with an owner key, lists tenants, and refuses duplicates", async () => {
    const id = `acme-${Date.now()}`;
    const res = await s.request("POST", "/tenants", { key: s.adminKey, body: { id, name: "Acme Research" } });
    expect(res.status).toBe(201);
    const created = CreatedTenantEnvelope.parse(res.body);
    expect(created.tenant).toMatchObject({ id, name: "Acme Research" });
    expect(created.key).toMatchObject({ profile: "full", instanceAdmin: false, tenantId: id });
    const persona = await s.request("POST", "/personas", { key: created.secret, body: { seed: seed() } });
    expect(persona.status).toBe(201);
    const dup = await s.request("POST", "/tenants", { key: s.adminKey, body: { id } });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe("conflict");
    const list = await s.request("GET", "/tenants", { key: s.adminKey, query: { limit: 200 } });
    expect(TenantListEnvelope.parse(list.body).tenants.map((t) => t.id)).toContain(id);
    const bad = await s.request("POST", "/tenants", { key: s.adminKey, body: { id: "bad id!" } });
    expect(bad.status).toBe(400);
  });
});
