import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, until } from "../../../test/harness.ts";
import type { Persona } from "../personas/index.ts";
import { PRESET_VARIABLES, type PresetVariable } from "./preset.ts";
import { US_ADULTS } from "./presets/us-adults.ts";
import { GeneratedPopulationEnvelope, MembersEnvelope, PopulationEnvelope, VersionEnvelope } from "./schemas.ts";
import { valuesOf } from "./values.ts";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { JOB_POLL_INTERVAL_SECONDS: "0.5" } });
});
afterAll(() => s.close());

type Tenant = { tenantId: string; key: string };

async function generate(t: Tenant, body: Record<string, unknown>) {
  const res = await s.request("POST", "/populations/generate", { key: t.key, body: { name: "Census", ...body } });
  expect(res.status, res.text).toBe(202);
  return GeneratedPopulationEnvelope.parse(res.body);
}

async function ready(t: Tenant, id: string) {
  const population = await until(
    async () => {
      const p = PopulationEnvelope.parse(
        (await s.request("GET", `/populations/${id}`, { key: t.key })).body,
      ).population;
      return p.status === "generating" ? null : p;
    },
    { what: "the generation to finish", timeoutMs: 300_000, intervalMs: 200 },
  );
  expect(population.status, JSON.stringify(population.error)).toBe("ready");
  return population;
}

async function members(t: Tenant, id: string) {
  const out = [];
  let cursor: string | undefined;
  do {
    const res = await s.request("GET", `/populations/${id}/versions/1/members`, {
      key: t.key,
      query: { limit: 200, cursor },
    });
    expect(res.status, res.text).toBe(200);
    const page = MembersEnvelope.parse(res.body);
    out.push(...page.members);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

async function personaCount(t: Tenant) {
  let n = 0;
  let cursor: string | undefined;
  do {
    const res = await s.request("GET", "/personas", { key: t.key, query: { limit: 200, cursor } });
    n += res.body.personas.length;
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  return n;
}

describe("generated populations", () => {
  it("1,000 US adults within 1 pp of every marginal (0.1 pp weighted), recomputed from the personas", async () => {
    const t = await s.newTenant();
    const { population, estimate } = await generate(t, { size: 1000, targets: "us-adults", seed: 2024 });
    expect(population).toMatchObject({
      status: "generating",
      version: 0,
      size: 1000,
      seed: 2024,
      targets: "us-adults",
    });
    expect(estimate).toMatchObject({ personas: 1000, model: "person-run/simulator", costUsd: 0 });
    const done = await ready(t, population.id);
    expect(done).toMatchObject({ version: 1, generated: 1000 });
    const fit = done.fit!;
    expect(fit.maxDeviation).toBeLessThanOrEqual(0.01);
    expect(fit.weightedMaxDeviation).toBeLessThanOrEqual(0.001);
    expect(fit.effectiveSampleSize).toBeGreaterThan(900);
    expect(fit.rows).toHaveLength(Object.values(PRESET_VARIABLES).reduce((n, c) => n + c.length, 0));

    // Independently: every member's persona, mapped to the preset's categories, against the preset's shares.
    const list = await members(t, population.id);
    expect(list).toHaveLength(1000);
    expect(await personaCount(t)).toBe(1000);
    const totalWeight = list.reduce((x, m) => x + m.weight, 0);
    for (const variable of Object.keys(PRESET_VARIABLES) as PresetVariable[]) {
      const shares = US_ADULTS.marginals[variable].shares as Record<string, number>;
      const sum = Object.values(shares).reduce((a, b) => a + b, 0);
      for (const category of PRESET_VARIABLES[variable]) {
        const target = shares[category]! / sum;
        const of = list.filter((m) => valuesOf(m.persona as Persona)[variable] === category);
        const achieved = of.length / list.length;
        const weighted = of.reduce((x, m) => x + m.weight, 0) / totalWeight;
        expect(Math.abs(achieved - target), `${variable}=${category}`).toBeLessThanOrEqual(0.01);
        expect(Math.abs(weighted - target), `${variable}=${category} weighted`).toBeLessThanOrEqual(0.001);
      }
    }
    const first = list[0]!.persona as Persona;
    expect(first.profileStatus).toBe("ready");
    expect(first.attributes).toMatchObject({
      census_region: expect.any(String),
      employment_status: expect.any(String),
    });
    expect(first.location).toMatch(/^.+, [A-Z]{2}$/);
    const version = VersionEnvelope.parse(
      (await s.request("GET", `/populations/${population.id}/versions/1`, { key: t.key })).body,
    ).version;
    expect(version).toMatchObject({ size: 1000, composition: { targets: "us-adults", seed: 2024, size: 1000 } });
  });

  it("the same seed gives the same personas; no seed gives a random one, returned", async () => {
    const t = await s.newTenant();
    const one = await generate(t, { size: 30, targets: "us-adults", seed: 77 });
    const two = await generate(t, { size: 30, targets: "us-adults", seed: 77 });
    await ready(t, one.population.id);
    await ready(t, two.population.id);
    const who = (list: Awaited<ReturnType<typeof members>>) =>
      list
        .map((m) => {
          const p = m.persona as Persona;
          return JSON.stringify([p.firstName, p.lastName, p.age, p.location, p.gender, p.education, p.attributes]);
        })
        .sort();
    const a = await members(t, one.population.id);
    const b = await members(t, two.population.id);
    expect(who(a)).toEqual(who(b));
    // Different populations: different persona ids.
    expect(new Set([...a, ...b].map((m) => m.personaId)).size).toBe(60);
    const random = await generate(t, { size: 1, targets: "us-adults" });
    expect(Number.isSafeInteger(random.population.seed)).toBe(true);
  });

  it("custom marginals replace the preset's for the variables they name", async () => {
    const t = await s.newTenant();
    const { population } = await generate(t, {
      size: 200,
      targets: { sex: { male: 0.3, female: 0.7 }, census_region: { Midwest: 0.6, South: 0.4 } },
      seed: 5,
    });
    const done = await ready(t, population.id);
    const row = (variable: string, category: string) =>
      done.fit!.rows.find((r) => r.variable === variable && r.category === category)!;
    expect(row("sex", "female")).toMatchObject({ target: 0.7, achieved: 0.7 });
    expect(row("census_region", "Midwest")).toMatchObject({ target: 0.6, achieved: 0.6 });
    expect(row("census_region", "West")).toMatchObject({ target: 0, achieved: 0 });
    expect(done.fit!.maxDeviation).toBeLessThanOrEqual(0.02);
  });

  it("refuses invalid targets, sizes and models with the field's path", async () => {
    const t = await s.newTenant();
    const invalid = async (body: Record<string, unknown>) => {
      const res = await s.request("POST", "/populations/generate", {
        key: t.key,
        body: { name: "x", size: 10, targets: "us-adults", ...body },
      });
      expect(res.status, res.text).toBe(400);
      expect(res.body.code).toBe("validation_error");
      return (res.body.details as { path: string }[]).map((d) => d.path);
    };
    expect(await invalid({ targets: "mars-adults" })).toEqual(["targets"]);
    expect(await invalid({ targets: { shoe_size: { small: 0.5, large: 0.5 } } })).toContain("targets.shoe_size");
    expect(await invalid({ targets: { sex: { male: 0.5, other: 0.5 } } })).toContain("targets.sex.other");
    expect(await invalid({ targets: { sex: { male: 0.5, female: 0.6 } } })).toContain("targets.sex");
    expect(await invalid({ targets: { sex: { male: -0.5, female: 1.5 } } })).toContain("targets.sex.male");
    expect(await invalid({ size: 0 })).toContain("size");
    expect(await invalid({ size: 10_001 })).toContain("size");
    expect(await invalid({ size: 2.5 })).toContain("size");
    expect(await invalid({ model: "nowhere/model" })).toContain("model");
    const list = await s.request("GET", "/populations", { key: t.key });
    expect(list.body.populations).toEqual([]);
  });

  it("refuses with 402 when the credits cannot cover the estimate", async () => {
    const t = await s.newTenant();
    const billing = await s.request("PUT", "/billing", { key: t.key, body: { creditBalance: 0.001, limits: {} } });
    expect(billing.status, billing.text).toBe(200);
    const res = await s.request("POST", "/populations/generate", {
      key: t.key,
      body: { name: "x", size: 1000, targets: "us-adults" },
    });
    expect(res.status, res.text).toBe(402);
    expect(res.body).toMatchObject({ error: "Insufficient credits", availableCredits: 0.001 });
    expect((await s.request("GET", "/populations", { key: t.key })).body.populations).toEqual([]);
  });
});
