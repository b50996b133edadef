import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer } from "../../../test/harness.ts";
import { usageEvents } from "../analytics/schema.ts";
import {
  CreatedPersonaEnvelope,
  DeletedPersonaEnvelope,
  PersonaEnvelope,
  PersonaExportSchema,
  PersonaListEnvelope,
} from "./schemas.ts";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

async function create(t: { tenantId: string; key: string }, over: Record<string, unknown> = {}) {
  const res = await s.request("POST", "/personas", { key: t.key, body: { tenantId: t.tenantId, seed: seed(over) } });
  expect(res.status, res.text).toBe(201);
  return CreatedPersonaEnvelope.parse(res.body);
}

async function events(tenantId: string, event: string) {
  await s.ctx.usage.flush();
  return s.ctx.database.db
    .select()
    .from(usageEvents)
    .where(and(eq(usageEvents.tenantId, tenantId), eq(usageEvents.event, event)));
}

describe("POST /personas", () => {
  it("creates a persona from the five-field seed exactly as the original (quickstart body)", async () => {
    const t = await s.newTenant();
    const res = await s.request("POST", "/personas", {
      key: t.key,
      body: {
        tenantId: t.tenantId,
        seed: {
          firstName: "Aria",
          lastName: "Chen",
          age: 32,
          location: "San Francisco",
          baseOccupation: "Product designer",
        },
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    const { persona, timeline } = CreatedPersonaEnvelope.parse(res.body);
    expect(persona).toMatchObject({
      tenantId: t.tenantId,
      firstName: "Aria",
      lastName: "Chen",
      age: 32,
      location: "San Francisco",
      baseOccupation: "Product designer",
      summary: "Aria Chen, 32, based in San Francisco, works as Product designer.",
      version: 1,
    });
    expect(persona.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(persona.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(persona.updatedAt).toBe(persona.createdAt);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ personaId: persona.id, status: "active", metadata: { source: "profile" } });
    const memoryAt = new Date(timeline[0]?.eventAt ?? "").getTime();
    expect(memoryAt).toBeLessThanOrEqual(new Date(persona.createdAt).getTime());
    expect(memoryAt).toBeGreaterThan(new Date(persona.createdAt).getTime() - 32 * 365.25 * 86400_000);
    expect((await events(t.tenantId, "persona_create"))[0]?.payload).toMatchObject({
      personaId: persona.id,
      model: "person-run/simulator",
      costUsd: 0,
    });
  });

  it("keeps optional seed fields and attributes, and trims strings", async () => {
    const t = await s.newTenant();
    const { persona } = await create(t, {
      firstName: "  Bo ",
      gender: "male",
      education: "PhD",
      incomeBracket: "$150k+",
      household: "Lives alone",
      languages: ["English", "Korean"],
      interests: ["chess"],
      personality: { openness: 0.9, neuroticism: 0.1 },
      attributes: { segment: "power-user", seats: 12, beta: true },
    });
    expect(persona).toMatchObject({
      firstName: "Bo",
      gender: "male",
      education: "PhD",
      incomeBracket: "$150k+",
      household: "Lives alone",
      languages: ["English", "Korean"],
      interests: ["chess"],
      personality: { openness: 0.9, neuroticism: 0.1 },
      attributes: { segment: "power-user", seats: 12, beta: true },
    });
  });

  it("uses the key's only tenant when tenantId is omitted", async () => {
    const t = await s.newTenant();
    const res = await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } });
    expect(res.status).toBe(201);
    expect(res.body.persona.tenantId).toBe(t.tenantId);
  });

  const invalid: [string, unknown, string][] = [
    ["missing seed", {}, "seed"],
    ["missing firstName", { seed: seed({ firstName: undefined }) }, "seed.firstName"],
    ["missing lastName", { seed: seed({ lastName: undefined }) }, "seed.lastName"],
    ["missing age", { seed: seed({ age: undefined }) }, "seed.age"],
    ["missing location", { seed: seed({ location: undefined }) }, "seed.location"],
    ["missing baseOccupation", { seed: seed({ baseOccupation: undefined }) }, "seed.baseOccupation"],
    ["blank firstName", { seed: seed({ firstName: "   " }) }, "seed.firstName"],
    ["age not an integer", { seed: seed({ age: 32.5 }) }, "seed.age"],
    ["age a string", { seed: seed({ age: "32" }) }, "seed.age"],
    ["age below 0", { seed: seed({ age: -1 }) }, "seed.age"],
    ["age above 120", { seed: seed({ age: 121 }) }, "seed.age"],
    ["firstName too long", { seed: seed({ firstName: "x".repeat(101) }) }, "seed.firstName"],
    ["location too long", { seed: seed({ location: "x".repeat(201) }) }, "seed.location"],
    ["unknown seed field", { seed: seed({ nickname: "Ari" }) }, "seed"],
    ["unknown top-level field", { seed: seed(), extra: 1 }, "json"],
    ["personality out of range", { seed: seed({ personality: { openness: 1.5 } }) }, "seed.personality.openness"],
    ["unknown trait", { seed: seed({ personality: { charisma: 0.5 } }) }, "seed.personality"],
    ["too many languages", { seed: seed({ languages: Array(21).fill("x") }) }, "seed.languages"],
    ["bad tenantId", { tenantId: "no spaces allowed", seed: seed() }, "tenantId"],
    ["seed not an object", { seed: "Aria Chen" }, "seed"],
  ];
  it.each(invalid)("rejects %s with 400 and the field path", async (_name, body, path) => {
    const t = await s.newTenant();
    const res = await s.request("POST", "/personas", { key: t.key, body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "validation_error", requestId: expect.stringMatching(/^req_/) });
    expect(typeof res.body.error).toBe("string");
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    const list = await s.request("GET", "/personas", { key: t.key });
    expect(list.body.personas).toHaveLength(0);
  });

  it("names unknown fields in the message", async () => {
    const t = await s.newTenant();
    const res = await s.request("POST", "/personas", { key: t.key, body: { seed: seed({ nickname: "Ari" }) } });
    expect(res.body.error).toContain("nickname");
  });
});

describe("GET /personas/:personaId", () => {
  it("returns the persona wrapped in `persona`, and records persona_get", async () => {
    const t = await s.newTenant();
    const { persona } = await create(t);
    const res = await s.request("GET", `/personas/${persona.id}`, { key: t.key, query: { tenantId: t.tenantId } });
    expect(res.status).toBe(200);
    expect(PersonaEnvelope.parse(res.body).persona).toEqual(persona);
    await s.request("GET", `/personas/${persona.id}`, { key: t.key });
    const gets = await events(t.tenantId, "persona_get");
    expect(gets.reduce((n, e) => n + (e.payload as { count: number }).count, 0)).toBe(2);
    expect(gets[0]?.payload).toMatchObject({ personaId: persona.id });
  });

  it("404s for an unknown id and 400s for a malformed one", async () => {
    const t = await s.newTenant();
    const missing = await s.request("GET", "/personas/01a22480-a4a4-75f0-ae3f-d8d6b9828fae", { key: t.key });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: "not_found", error: "Persona not found" });
    const bad = await s.request("GET", "/personas/not-a-uuid", { key: t.key });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe("personaId");
  });
});

describe("GET /personas", () => {
  it("pages through every persona exactly once, newest first", async () => {
    const t = await s.newTenant();
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) ids.push((await create(t, { firstName: `P${i}` })).persona.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await s.request("GET", "/personas", {
        key: t.key,
        query: { tenantId: t.tenantId, limit: 5, cursor },
      });
      expect(res.status).toBe(200);
      const page = PersonaListEnvelope.parse(res.body);
      expect(page.personas.length).toBeLessThanOrEqual(5);
      seen.push(...page.personas.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual([...ids].reverse());
    expect((await events(t.tenantId, "persona_list")).length).toBe(5);
  });

  it("does not skip or repeat when personas are created between pages", async () => {
    const t = await s.newTenant();
    for (let i = 0; i < 6; i++) await create(t, { firstName: `Old${i}` });
    const first = await s.request("GET", "/personas", { key: t.key, query: { limit: 3 } });
    await create(t, { firstName: "Newcomer" });
    const second = await s.request("GET", "/personas", {
      key: t.key,
      query: { limit: 3, cursor: first.body.nextCursor },
    });
    const names = [...first.body.personas, ...second.body.personas].map((p: { firstName: string }) => p.firstName);
    expect(names).toEqual(["Old5", "Old4", "Old3", "Old2", "Old1", "Old0"]);
  });

  it("filters by q, location, occupation and age range", async () => {
    const t = await s.newTenant();
    await create(t, { firstName: "Ana", age: 19, location: "Lisbon", baseOccupation: "Student" });
    await create(t, { firstName: "Ben", age: 45, location: "Berlin", baseOccupation: "Nurse" });
    await create(t, { firstName: "Cho", age: 67, location: "Lisbon", baseOccupation: "Retired nurse" });
    const names = async (query: Record<string, string | number>) => {
      const res = await s.request("GET", "/personas", { key: t.key, query });
      expect(res.status, res.text).toBe(200);
      return res.body.personas.map((p: { firstName: string }) => p.firstName).sort();
    };
    expect(await names({ location: "lisbon" })).toEqual(["Ana", "Cho"]);
    expect(await names({ occupation: "NURSE" })).toEqual(["Ben", "Cho"]);
    expect(await names({ minAge: 40 })).toEqual(["Ben", "Cho"]);
    expect(await names({ maxAge: 45 })).toEqual(["Ana", "Ben"]);
    expect(await names({ minAge: 20, maxAge: 50 })).toEqual(["Ben"]);
    expect(await names({ q: "ben" })).toEqual(["Ben"]);
    expect(await names({ q: "retired" })).toEqual(["Cho"]);
    expect(await names({ q: "100%_" })).toEqual([]);
  });

  it.each([
    [{ limit: 0 }, "limit"],
    [{ limit: 201 }, "limit"],
    [{ minAge: -1 }, "minAge"],
    [{ minAge: 50, maxAge: 40 }, "minAge"],
    [{ cursor: "garbage" }, "cursor"],
    [{ colour: "red" }, "query"],
  ])("rejects the query %j with 400", async (query, path) => {
    const t = await s.newTenant();
    const res = await s.request("GET", "/personas", { key: t.key, query });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
  });
});

describe("PATCH /personas/:personaId", () => {
  it("updates fields, recomputes the summary and bumps the version", async () => {
    const t = await s.newTenant();
    const { persona } = await create(t, { gender: "female" });
    const res = await s.request("PATCH", `/personas/${persona.id}`, {
      key: t.key,
      body: {
        tenantId: t.tenantId,
        age: 33,
        location: "Oakland",
        gender: null,
        interests: ["film"],
        attributes: { tier: "b" },
      },
    });
    expect(res.status, res.text).toBe(200);
    const updated = PersonaEnvelope.parse(res.body).persona;
    expect(updated).toMatchObject({
      age: 33,
      location: "Oakland",
      gender: null,
      interests: ["film"],
      attributes: { tier: "b" },
      version: 2,
      firstName: "Aria",
      summary: "Aria Chen, 33, based in Oakland, works as Product designer.",
    });
    expect(updated.updatedAt >= persona.updatedAt).toBe(true);
    const again = await s.request("GET", `/personas/${persona.id}`, { key: t.key });
    expect(again.body.persona).toEqual(updated);
    const [event] = await events(t.tenantId, "persona_update");
    expect(event?.payload).toMatchObject({ personaId: persona.id, version: 2 });
  });

  it("checks an expected version (409 when stale) and rejects empty or invalid updates", async () => {
    const t = await s.newTenant();
    const { persona } = await create(t);
    const ok = await s.request("PATCH", `/personas/${persona.id}`, { key: t.key, body: { version: 1, age: 40 } });
    expect(ok.status).toBe(200);
    const stale = await s.request("PATCH", `/personas/${persona.id}`, { key: t.key, body: { version: 1, age: 41 } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: "version_conflict", details: { currentVersion: 2 } });
    const empty = await s.request("PATCH", `/personas/${persona.id}`, { key: t.key, body: { tenantId: t.tenantId } });
    expect(empty.status).toBe(400);
    const bad = await s.request("PATCH", `/personas/${persona.id}`, { key: t.key, body: { age: 500 } });
    expect(bad.status).toBe(400);
    const unknown = await s.request("PATCH", `/personas/${persona.id}`, { key: t.key, body: { summary: "x" } });
    expect(unknown.status).toBe(400);
    const after = await s.request("GET", `/personas/${persona.id}`, { key: t.key });
    expect(after.body.persona).toMatchObject({ age: 40, version: 2 });
  });
});

describe("DELETE /personas/:personaId", () => {
  it("deletes the persona and its timeline", async () => {
    const t = await s.newTenant();
    const { persona } = await create(t);
    const res = await s.request("DELETE", `/personas/${persona.id}`, { key: t.key, query: { tenantId: t.tenantId } });
    expect(res.status).toBe(200);
    expect(DeletedPersonaEnvelope.parse(res.body)).toEqual({ deleted: true, id: persona.id });
    expect((await s.request("GET", `/personas/${persona.id}`, { key: t.key })).status).toBe(404);
    expect((await s.request("GET", `/personas/${persona.id}/export`, { key: t.key })).status).toBe(404);
    const rows = await s.ctx.database.query("select count(*)::int as n from timeline_entries where persona_id = $1", [
      persona.id,
    ]);
    expect(rows[0]).toEqual({ n: 0 });
    expect((await s.request("DELETE", `/personas/${persona.id}`, { key: t.key })).status).toBe(404);
    expect(await events(t.tenantId, "persona_delete")).toHaveLength(1);
  });
});

describe("export and import", () => {
  it("exports one versioned document and imports it back as a new persona", async () => {
    const t = await s.newTenant();
    const { persona, timeline } = await create(t, { interests: ["kayaking"], attributes: { cohort: "west" } });
    const res = await s.request("GET", `/personas/${persona.id}/export`, { key: t.key });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`persona-${persona.id}.json`);
    const doc = PersonaExportSchema.parse(res.body);
    expect(doc).toMatchObject({
      format: "person.run/persona-export",
      formatVersion: 2,
      persona,
      sessions: [],
      consistencyReports: [],
    });
    expect(doc.timeline.map((e) => e.id)).toEqual(timeline.map((e) => e.id));

    const other = await s.newTenant();
    const imported = await s.request("POST", "/personas/import", { key: other.key, body: { document: doc } });
    expect(imported.status, imported.text).toBe(201);
    const copy = CreatedPersonaEnvelope.parse(imported.body);
    expect(copy.persona.id).not.toBe(persona.id);
    expect(copy.persona).toMatchObject({
      tenantId: other.tenantId,
      summary: persona.summary,
      interests: ["kayaking"],
      attributes: { cohort: "west" },
      version: 1,
    });
    expect(copy.timeline.map((e) => e.facts)).toEqual(timeline.map((e) => e.facts));
    expect(copy.timeline[0]?.id).not.toBe(timeline[0]?.id);
  });

  it("rejects a document that breaks the seed or memory rules", async () => {
    const t = await s.newTenant();
    const { persona } = await create(t);
    const doc = (await s.request("GET", `/personas/${persona.id}/export`, { key: t.key })).body;
    const badAge = structuredClone(doc);
    badAge.persona.age = 300;
    const res = await s.request("POST", "/personas/import", { key: t.key, body: { document: badAge } });
    expect(res.status).toBe(400);
    expect(res.body.details[0].path).toBe("document.persona.age");
    const badEntry = structuredClone(doc);
    badEntry.timeline[0].memoryStrength = 101;
    const res2 = await s.request("POST", "/personas/import", { key: t.key, body: { document: badEntry } });
    expect(res2.status).toBe(400);
    expect(res2.body.details[0].path).toBe("document.timeline.0.memoryStrength");
    const list = await s.request("GET", "/personas", { key: t.key });
    expect(list.body.personas).toHaveLength(1);
  });
});
