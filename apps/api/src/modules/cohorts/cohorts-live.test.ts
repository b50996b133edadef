import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer } from "../../../test/harness.ts";
import { PersonaListEnvelope } from "../personas/schemas.ts";
import { CohortEnvelope, CohortMembersEnvelope } from "./schemas.ts";

/** Membership is live: persona changes move members in and out; lists page without gaps; updates race cleanly. */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { WORKERS: "false" } });
});
afterAll(() => s.close());

type Tenant = { tenantId: string; key: string };

async function persona(t: Tenant, over: Record<string, unknown>): Promise<string> {
  const res = await s.request("POST", "/personas", { key: t.key, body: { seed: seed(over) } });
  expect(res.status, res.text).toBe(201);
  return res.body.persona.id;
}

async function cohort(t: Tenant, body: Record<string, unknown>) {
  const res = await s.request("POST", "/cohorts", { key: t.key, body: { name: "Segment", ...body } });
  expect(res.status, res.text).toBe(201);
  return CohortEnvelope.parse(res.body).cohort;
}

async function members(t: Tenant, cohortId: string) {
  const res = await s.request("GET", `/cohorts/${cohortId}/members`, { key: t.key, query: { limit: 200 } });
  expect(res.status, res.text).toBe(200);
  const page = CohortMembersEnvelope.parse(res.body);
  return { ids: page.members.map((m) => m.id).sort(), count: page.count };
}

const patchPersona = async (t: Tenant, id: string, body: Record<string, unknown>) => {
  const res = await s.request("PATCH", `/personas/${id}`, { key: t.key, body });
  expect(res.status, res.text).toBe(200);
};

describe("live membership", () => {
  it("follows persona updates, creations and deletions", async () => {
    const t = await s.newTenant();
    const midwest = { census_region: "Midwest" };
    const a = await persona(t, { age: 45, baseOccupation: "Nurse", attributes: midwest });
    const b = await persona(t, { age: 35, baseOccupation: "Nurse", attributes: midwest });
    const c = await persona(t, { age: 50, baseOccupation: "Nurse", attributes: { census_region: "West" } });
    const made = await cohort(t, { criteria: { occupations: ["nurse"], minAge: 41, attributes: midwest } });
    expect(made.memberCount).toBe(1);
    expect(await members(t, made.id)).toEqual({ ids: [a], count: 1 });

    await patchPersona(t, b, { age: 41 }); // ages into it
    await patchPersona(t, c, { attributes: midwest }); // moves into the region
    await patchPersona(t, a, { baseOccupation: "Teacher" }); // changes job: leaves
    expect(await members(t, made.id)).toEqual({ ids: [b, c].sort(), count: 2 });

    const d = await persona(t, { age: 60, baseOccupation: "ICU nurse", attributes: { ...midwest, x: 1 } });
    expect(await members(t, made.id)).toEqual({ ids: [b, c, d].sort(), count: 3 });
    expect((await s.request("DELETE", `/personas/${c}`, { key: t.key })).status).toBe(200);
    const got = await s.request("GET", `/cohorts/${made.id}`, { key: t.key });
    expect(got.body.cohort.memberCount).toBe(2);
    expect(await members(t, made.id)).toEqual({ ids: [b, d].sort(), count: 2 });
  });

  it("follows seed field updates: gender, languages and a personality override", async () => {
    const t = await s.newTenant();
    const a = await persona(t, { gender: "male", languages: ["English"], personality: { openness: 0.3 } });
    const byGender = await cohort(t, { criteria: { genders: ["female"] } });
    const byLanguage = await cohort(t, { criteria: { languages: ["german"] } });
    const byTrait = await cohort(t, { criteria: { traits: { openness: { min: 0.9 } } } });
    for (const x of [byGender, byLanguage, byTrait]) expect((await members(t, x.id)).count).toBe(0);
    await patchPersona(t, a, { gender: "Female", languages: ["English", "German"], personality: { openness: 0.95 } });
    for (const x of [byGender, byLanguage, byTrait]) expect(await members(t, x.id)).toEqual({ ids: [a], count: 1 });
    await patchPersona(t, a, { gender: null, languages: [] });
    expect((await members(t, byGender.id)).count).toBe(0);
    expect((await members(t, byLanguage.id)).count).toBe(0);
  });
});

describe("paging a cohort", () => {
  it("pages GET /personas?cohortId= with another filter, and /members, without duplicates or gaps", async () => {
    const t = await s.newTenant();
    const ids: { id: string; i: number }[] = [];
    // Created in small concurrent batches: several share a created_at millisecond, so the id breaks ties.
    for (let i = 0; i < 120; i += 6) {
      const batch = await Promise.all(
        [0, 1, 2, 3, 4, 5].map(async (j) => ({
          i: i + j,
          id: await persona(t, {
            firstName: `P${i + j}`,
            location: (i + j) % 3 === 0 ? "Springfield" : "Shelbyville",
            attributes: { group: (i + j) % 2 === 0 ? "even" : "odd" },
          }),
        })),
      );
      ids.push(...batch);
    }
    const even = await cohort(t, { criteria: { attributes: { group: "even" } } });
    expect(even.memberCount).toBe(60);

    const expected = ids.filter((x) => x.i % 2 === 0 && x.i % 3 === 0).map((x) => x.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await s.request("GET", "/personas", {
        key: t.key,
        query: { cohortId: even.id, location: "springfield", limit: 7, ...(cursor ? { cursor } : {}) },
      });
      expect(res.status, res.text).toBe(200);
      const page = PersonaListEnvelope.parse(res.body);
      seen.push(...page.personas.map((p) => p.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toHaveLength(expected.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...expected].sort());
    expect(pages).toBe(Math.ceil(expected.length / 7));

    const all: string[] = [];
    cursor = null;
    do {
      const res = await s.request("GET", `/cohorts/${even.id}/members`, {
        key: t.key,
        query: { limit: 50, ...(cursor ? { cursor } : {}) },
      });
      const page = CohortMembersEnvelope.parse(res.body);
      expect(page.count).toBe(60);
      all.push(...page.members.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(60);
    expect(new Set(all).size).toBe(60);
    expect([...all].sort()).toEqual(
      ids
        .filter((x) => x.i % 2 === 0)
        .map((x) => x.id)
        .sort(),
    );
    // Same order as GET /personas: newest first.
    const plain = await s.request("GET", "/personas", { key: t.key, query: { cohortId: even.id, limit: 60 } });
    expect(plain.body.personas.map((p: { id: string }) => p.id)).toEqual(all);

    // The populations door: every member id, ordered by id.
    expect(await s.ctx.cohorts.memberIds(t.tenantId, even.id)).toEqual([...all].sort());
  });
});

describe("concurrent updates", () => {
  it("applies concurrent PATCHes one after another; a stale version is a clean 409", async () => {
    const t = await s.newTenant();
    const a = await persona(t, {});
    const made = await cohort(t, { include: [a] });
    const renames = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        s.request("PATCH", `/cohorts/${made.id}`, { key: t.key, body: { name: `Name ${i}`, criteria: { minAge: i } } }),
      ),
    );
    expect(renames.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(renames.map((r) => r.body.cohort.version).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    const versioned = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        s.request("PATCH", `/cohorts/${made.id}`, { key: t.key, body: { version: 9, name: `Versioned ${i}` } }),
      ),
    );
    const statuses = versioned.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of versioned.filter((x) => x.status === 409)) expect(r.body.code).toBe("version_conflict");
    const final = await s.request("GET", `/cohorts/${made.id}`, { key: t.key });
    expect(final.body.cohort.version).toBe(10);
  });
});
