import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer } from "../../../test/harness.ts";
import { usageEvents } from "../analytics/schema.ts";
import { CohortEnvelope, CohortListEnvelope, CohortMembersEnvelope, DeletedCohortEnvelope } from "./schemas.ts";

let s: TestServer;
/** Cohorts the test's usage port reports as in use (as populations will). */
const inUse = new Set<string>();
beforeAll(async () => {
  s = await startTestServer({ env: { WORKERS: "false" } });
  s.ctx.cohorts.setUsage({ inUse: async (_tx, _tenantId, cohortId) => inUse.has(cohortId) });
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

/** Every member id of a cohort (all pages of /members), sorted. */
async function memberIds(t: Tenant, cohortId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await s.request("GET", `/cohorts/${cohortId}/members`, {
      key: t.key,
      query: { limit: 2, ...(cursor ? { cursor } : {}) },
    });
    expect(res.status, res.text).toBe(200);
    const page = CohortMembersEnvelope.parse(res.body);
    ids.push(...page.members.map((m) => m.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids.sort();
}

/** Four personas that differ on every criterion. */
async function panel(t: Tenant) {
  const a = await persona(t, {
    firstName: "Ann",
    age: 45,
    location: "Chicago, IL",
    baseOccupation: "Registered Nurse",
    gender: "Female",
    education: "Bachelors",
    incomeBracket: "50-75k",
    languages: ["English", "Spanish"],
    attributes: { census_region: "Midwest", urban_rural: "urban", employed: true, kids: 2 },
    personality: { openness: 0.8, neuroticism: 0.3 },
  });
  const b = await persona(t, {
    firstName: "Bo",
    age: 30,
    location: "Austin, TX",
    baseOccupation: "Software engineer",
    gender: "male",
    education: "masters",
    incomeBracket: "100-150k",
    languages: ["English"],
    attributes: { census_region: "South", employed: true, kids: 0 },
    personality: { openness: 0.2, neuroticism: 0.9 },
  });
  const c = await persona(t, {
    firstName: "Cy",
    age: 62,
    location: "Columbus, Ohio",
    baseOccupation: "Nurse practitioner",
    gender: "FEMALE",
    education: "doctorate",
    languages: ["spanish"],
    attributes: { census_region: "Midwest", employed: false, kids: "2" },
    personality: { openness: 0.5 },
  });
  const d = await persona(t, {
    firstName: "Di",
    age: 41,
    location: "Paris",
    baseOccupation: "Teacher 100%_x",
    personality: { openness: 0.1 },
  });
  return { a, b, c, d };
}

const sorted = (...ids: string[]) => [...ids].sort();

describe("cohort criteria", () => {
  it("matches each criterion alone, and combined (AND), with memberCount and members' count", async () => {
    const t = await s.newTenant();
    const { a, b, c, d } = await panel(t);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ minAge: 41 }, [a, c, d]],
      [{ maxAge: 41 }, [b, d]],
      [{ minAge: 41, maxAge: 45 }, [a, d]],
      [{ locations: ["chicago", "OHIO"] }, [a, c]],
      [{ occupations: ["nurse"] }, [a, c]],
      // LIKE wildcards are literal.
      [{ occupations: ["100%_"] }, [d]],
      [{ occupations: ["1_0"] }, []],
      [{ genders: ["female"] }, [a, c]],
      [{ genders: ["MALE"] }, [b]],
      [{ educations: ["BACHELORS", "doctorate"] }, [a, c]],
      [{ incomeBrackets: ["50-75k", "100-150k"] }, [a, b]],
      [{ languages: ["SPANISH"] }, [a, c]],
      [{ languages: ["english", "french"] }, [a, b]],
      [{ attributes: { census_region: "Midwest" } }, [a, c]],
      [{ attributes: { census_region: ["South", "Midwest"] } }, [a, b, c]],
      [{ attributes: { employed: true } }, [a, b]],
      // Same JSON type only: the string "2" is not the number 2.
      [{ attributes: { kids: 2 } }, [a]],
      [{ attributes: { census_region: "Midwest", urban_rural: "urban" } }, [a]],
      [{ traits: { openness: { min: 0.5 } } }, [a, c]],
      // Bounds are inclusive on the stored (real) value.
      [{ traits: { openness: { max: 0.2 } } }, [b, d]],
      [{ traits: { openness: { min: 0.2, max: 0.5 } } }, [b, c]],
      [{ traits: { neuroticism: { min: 0.85 } } }, [b]],
      // "Nurses over 40 in the Midwest".
      [{ occupations: ["nurse"], minAge: 41, attributes: { census_region: "Midwest" } }, [a, c]],
      [{ occupations: ["nurse"], maxAge: 50, languages: ["english"] }, [a]],
      [{ genders: ["female"], traits: { openness: { max: 0.6 } }, locations: ["columbus"] }, [c]],
    ];
    for (const [criteria, expected] of cases) {
      const made = await cohort(t, { criteria });
      const what = JSON.stringify(criteria);
      expect(made.memberCount, what).toBe(expected.length);
      expect(made.criteria, what).toEqual(criteria);
      expect(await memberIds(t, made.id), what).toEqual(sorted(...expected));
      const first = await s.request("GET", `/cohorts/${made.id}/members`, { key: t.key, query: { limit: 1 } });
      expect(CohortMembersEnvelope.parse(first.body).count, what).toBe(expected.length);
    }
  });

  it("does not match a trait criterion for a persona without a profile", async () => {
    const t = await s.newTenant();
    const { a } = await panel(t);
    const made = await cohort(t, { criteria: { traits: { openness: { min: 0.7 } } } });
    expect(await memberIds(t, made.id)).toEqual([a]);
    // As a persona whose profile is still being written: the seed's override alone does not count.
    await s.ctx.database.query("update personas set profile = null, profile_status = 'pending' where id = $1", [a]);
    s.ctx.personas.forget(t.tenantId, a);
    expect(await memberIds(t, made.id)).toEqual([]);
  });

  it("includes and excludes: include whatever the criteria, exclude over everything", async () => {
    const t = await s.newTenant();
    const { a, b, c, d } = await panel(t);
    const mixed = await cohort(t, { criteria: { occupations: ["nurse"] }, include: [b], exclude: [c] });
    expect(mixed).toMatchObject({ include: [b], exclude: [c], memberCount: 2 });
    expect(await memberIds(t, mixed.id)).toEqual(sorted(a, b));
    const excludedIncluded = await cohort(t, { criteria: { occupations: ["nurse"] }, include: [b, d], exclude: [b] });
    expect(await memberIds(t, excludedIncluded.id)).toEqual(sorted(a, c, d));
    const list = await cohort(t, { include: [d, b, d] });
    expect(list).toMatchObject({ criteria: {}, include: [d, b], exclude: [], memberCount: 2 });
    expect(await memberIds(t, list.id)).toEqual(sorted(b, d));
    // Ids are stored lower-cased, so an upper-case id matches its persona.
    const upper = await cohort(t, { include: [a.toUpperCase()] });
    expect(upper.include).toEqual([a]);
    expect(await memberIds(t, upper.id)).toEqual([a]);
  });
});

describe("cohort CRUD", () => {
  it("creates, reads, lists, updates and deletes, recording usage events", async () => {
    const t = await s.newTenant();
    const { a, b } = await panel(t);
    const first = await cohort(t, { name: "Nurses", description: "All nurses", criteria: { occupations: ["nurse"] } });
    expect(first).toMatchObject({
      tenantId: t.tenantId,
      name: "Nurses",
      description: "All nurses",
      version: 1,
      include: [],
      exclude: [],
    });
    const second = await cohort(t, { name: "List", include: [b] });
    expect(second.description).toBeNull();
    const got = await s.request("GET", `/cohorts/${first.id}`, { key: t.key });
    expect(CohortEnvelope.parse(got.body).cohort).toEqual(first);

    const page1 = CohortListEnvelope.parse(
      (await s.request("GET", "/cohorts", { key: t.key, query: { limit: 1 } })).body,
    );
    expect(page1.cohorts.map((x) => x.id)).toEqual([second.id]);
    const page2 = CohortListEnvelope.parse(
      (await s.request("GET", "/cohorts", { key: t.key, query: { limit: 1, cursor: page1.nextCursor ?? "" } })).body,
    );
    expect(page2).toEqual({ cohorts: [first], nextCursor: null });

    const patched = await s.request("PATCH", `/cohorts/${first.id}`, {
      key: t.key,
      body: {
        name: "Midwest nurses",
        description: null,
        criteria: { attributes: { census_region: "Midwest" } },
        exclude: [a],
      },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(CohortEnvelope.parse(patched.body).cohort).toMatchObject({
      name: "Midwest nurses",
      description: null,
      criteria: { attributes: { census_region: "Midwest" } },
      exclude: [a],
      version: 2,
      memberCount: 1,
    });
    const stale = await s.request("PATCH", `/cohorts/${first.id}`, { key: t.key, body: { version: 1, name: "Old" } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: "version_conflict", details: { currentVersion: 2 } });

    inUse.add(second.id);
    const refused = await s.request("DELETE", `/cohorts/${second.id}`, { key: t.key });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("cohort_in_use");
    inUse.delete(second.id);
    const deleted = await s.request("DELETE", `/cohorts/${second.id}`, { key: t.key });
    expect(DeletedCohortEnvelope.parse(deleted.body)).toEqual({ deleted: true, id: second.id });
    expect((await s.request("GET", `/cohorts/${second.id}`, { key: t.key })).status).toBe(404);
    // Its personas are untouched.
    expect((await s.request("GET", `/personas/${b}`, { key: t.key })).status).toBe(200);

    await s.ctx.usage.flush();
    const events = await s.ctx.database.db
      .select()
      .from(usageEvents)
      .where(and(eq(usageEvents.tenantId, t.tenantId)));
    const names = events.map((e) => e.event);
    for (const name of ["cohort_create", "cohort_update", "cohort_delete", "cohort_get", "cohort_list"]) {
      expect(names, name).toContain(name);
    }
    expect(events.find((e) => e.event === "cohort_update")?.payload).toEqual({
      cohortId: first.id,
      fields: ["name", "description", "criteria", "exclude"],
      version: 2,
    });
  });

  it("answers 404 for another tenant's cohort on every route, and for an unknown one", async () => {
    const victim = await s.newTenant();
    const { a } = await panel(victim);
    const theirs = await cohort(victim, { criteria: { minAge: 18 } });
    const intruder = await s.newTenant();
    await persona(intruder, {});
    const unknown = "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e";
    for (const id of [theirs.id, unknown]) {
      const routes: [string, string, unknown?][] = [
        ["GET", `/cohorts/${id}`],
        ["PATCH", `/cohorts/${id}`, { name: "Mine now" }],
        ["DELETE", `/cohorts/${id}`],
        ["GET", `/cohorts/${id}/members`],
      ];
      for (const [method, path, body] of routes) {
        const res = await s.request(method, path, { key: intruder.key, ...(body ? { body } : {}) });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body.code).toBe("not_found");
        expect(res.text).not.toContain(a);
      }
      const list = await s.request("GET", "/personas", { key: intruder.key, query: { cohortId: id } });
      expect(list.status).toBe(404);
      expect(list.body.code).toBe("not_found");
    }
    const untouched = await s.request("GET", `/cohorts/${theirs.id}`, { key: victim.key });
    expect(CohortEnvelope.parse(untouched.body).cohort).toEqual(theirs);
  });
});

describe("cohort validation", () => {
  const invalid = async (t: Tenant, body: Record<string, unknown>, method = "POST", path = "/cohorts") => {
    const res = await s.request(method, path, { key: t.key, body });
    expect(res.status, res.text).toBe(400);
    expect(res.body.code).toBe("validation_error");
    return (res.body.details as { path: string; message: string }[]).map((d) => d.path);
  };

  it("answers 400 with each invalid field's path", async () => {
    const t = await s.newTenant();
    const { a } = await panel(t);
    const ok = { name: "Valid", criteria: { minAge: 20 } };
    expect(await invalid(t, { ...ok, criteria: { minAge: 20, shoeSize: 42 } })).toEqual(["criteria"]);
    expect(await invalid(t, { ...ok, criteria: { minAge: 50, maxAge: 40 } })).toEqual(["criteria.minAge"]);
    expect(await invalid(t, { ...ok, criteria: { minAge: -1 } })).toEqual(["criteria.minAge"]);
    expect(await invalid(t, { ...ok, criteria: { traits: { openness: { min: 0.8, max: 0.2 } } } })).toEqual([
      "criteria.traits.openness.min",
    ]);
    expect(await invalid(t, { ...ok, criteria: { traits: { openness: { min: 2 } } } })).toEqual([
      "criteria.traits.openness.min",
    ]);
    expect(await invalid(t, { ...ok, criteria: { traits: { charm: { min: 0.2 } } } })).toContain("criteria.traits");
    expect(await invalid(t, { ...ok, criteria: { traits: { openness: {} } } })).toEqual(["criteria.traits.openness"]);
    expect(await invalid(t, { ...ok, criteria: { attributes: { region: null } } })).toContain(
      "criteria.attributes.region",
    );
    expect(await invalid(t, { ...ok, criteria: { attributes: {} } })).toEqual(["criteria.attributes"]);
    expect(await invalid(t, { ...ok, criteria: { genders: [] } })).toEqual(["criteria.genders"]);
    expect(await invalid(t, { ...ok, criteria: { locations: ["ok", " "] } })).toEqual(["criteria.locations.1"]);
    expect(await invalid(t, { ...ok, name: "" })).toEqual(["name"]);
    expect(await invalid(t, { ...ok, name: "x".repeat(201) })).toEqual(["name"]);
    expect(await invalid(t, { name: "Nothing", criteria: {} })).toEqual(["criteria"]);
    expect(await invalid(t, { name: "Nothing" })).toEqual(["criteria"]);
    expect(await invalid(t, { ...ok, include: ["not-a-uuid"] })).toEqual(["include.0"]);
    const many = Array.from({ length: 1001 }, (_, i) => `0195f0c4-6c1e-7a51-9d3e-${String(i).padStart(12, "0")}`);
    expect(await invalid(t, { ...ok, exclude: many })).toEqual(["exclude"]);

    // Another tenant's persona reads as unknown: a 400 naming the position, nothing of the other tenant.
    const other = await s.newTenant();
    const foreign = await persona(other, { firstName: "Foreigner" });
    const res = await s.request("POST", "/cohorts", { key: t.key, body: { name: "X", include: [a, foreign] } });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: "include.1", message: `${foreign} is not a persona of this tenant` }]);
    expect(res.text).not.toContain("Foreigner");
    expect(await invalid(t, { ...ok, exclude: [foreign] })).toEqual(["exclude.0"]);

    // An update that leaves nothing to match on, or names a foreign persona.
    const list = await cohort(t, { include: [a] });
    expect(await invalid(t, { include: [] }, "PATCH", `/cohorts/${list.id}`)).toEqual(["include"]);
    expect(await invalid(t, { exclude: [a, foreign] }, "PATCH", `/cohorts/${list.id}`)).toEqual(["exclude.1"]);
    expect(await invalid(t, {}, "PATCH", `/cohorts/${list.id}`)).toEqual(["json"]);
    const unchanged = await s.request("GET", `/cohorts/${list.id}`, { key: t.key });
    expect(unchanged.body.cohort).toMatchObject({ version: 1, include: [a], exclude: [] });
  });

  it("keeps an included persona that was deleted since, and saves the cohort again", async () => {
    const t = await s.newTenant();
    const { a, b } = await panel(t);
    const made = await cohort(t, { include: [a, b] });
    expect((await s.request("DELETE", `/personas/${a}`, { key: t.key })).status).toBe(200);
    expect(await memberIds(t, made.id)).toEqual([b]);
    const res = await s.request("PATCH", `/cohorts/${made.id}`, {
      key: t.key,
      body: { include: [a, b], name: "Again" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.cohort).toMatchObject({ include: [a, b], memberCount: 1 });
  });
});
