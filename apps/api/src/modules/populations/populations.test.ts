import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer } from "../../../test/harness.ts";
import { MODULES } from "../registry.ts";
import { MembersEnvelope, PopulationEnvelope, VersionEnvelope, VersionsEnvelope } from "./schemas.ts";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { WORKERS: "false" }, modules: MODULES });
});
afterAll(() => s.close());

type Tenant = { tenantId: string; key: string };

/** Cohorts as explicit lists (the criteria are the cohorts module's tests). */
const cohorts = {
  async add(t: Tenant, memberIds: string[], name = "Test cohort"): Promise<string> {
    const res = await s.request("POST", "/cohorts", { key: t.key, body: { name, include: memberIds } });
    expect(res.status, res.text).toBe(201);
    return res.body.cohort.id;
  },
  async setMembers(t: Tenant, cohortId: string, memberIds: string[]): Promise<void> {
    const res = await s.request("PATCH", `/cohorts/${cohortId}`, { key: t.key, body: { include: memberIds } });
    expect(res.status, res.text).toBe(200);
  },
};

async function personas(t: Tenant, n: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await s.request("POST", "/personas", {
      key: t.key,
      body: { seed: seed({ firstName: `${prefix}${i}`, age: 20 + i }) },
    });
    expect(res.status, res.text).toBe(201);
    ids.push(res.body.persona.id);
  }
  return ids;
}

async function compose(t: Tenant, body: Record<string, unknown>) {
  const res = await s.request("POST", "/populations", { key: t.key, body: { name: "Panel", ...body } });
  expect(res.status, res.text).toBe(201);
  return PopulationEnvelope.parse(res.body).population;
}

async function allMembers(t: Tenant, populationId: string, version: number) {
  const out = [];
  let cursor: string | undefined;
  do {
    const res = await s.request("GET", `/populations/${populationId}/versions/${version}/members`, {
      key: t.key,
      query: { limit: 7, cursor },
    });
    expect(res.status, res.text).toBe(200);
    const page = MembersEnvelope.parse(res.body);
    out.push(...page.members);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

const weightShare = (members: { cohortId: string | null; weight: number }[], cohortId: string) =>
  members.filter((m) => m.cohortId === cohortId).reduce((t, m) => t + m.weight, 0) /
  members.reduce((t, m) => t + m.weight, 0);

describe("composed populations", () => {
  it("quota sampling: each cohort's share is its weight, reproducible from the seed", async () => {
    const t = await s.newTenant();
    const a = await cohorts.add(t, await personas(t, 12, "A"));
    const b = await cohorts.add(t, await personas(t, 8, "B"));
    const body = {
      cohorts: [
        { cohortId: a, weight: 3 },
        { cohortId: b, weight: 2 },
      ],
      size: 10,
      sampling: { rule: "quota", seed: 11 },
    };
    const p = await compose(t, body);
    expect(p).toMatchObject({ kind: "composed", status: "ready", version: 1, size: 10, warnings: [] });
    expect(p.cohorts).toEqual([
      { cohortId: a, weight: 0.6 },
      { cohortId: b, weight: 0.4 },
    ]);
    expect(p.sampling).toEqual({ rule: "quota", seed: 11 });
    const members = await allMembers(t, p.id, 1);
    expect(members).toHaveLength(10);
    expect(members.filter((m) => m.cohortId === a)).toHaveLength(6);
    expect(members.filter((m) => m.cohortId === b)).toHaveLength(4);
    expect(weightShare(members, a)).toBeCloseTo(0.6, 9);
    expect(members.every((m) => m.persona !== null && !m.deleted)).toBe(true);
    // The same seed and the same members: the same sample; another seed: (almost surely) another one.
    const again = await allMembers(t, (await compose(t, body)).id, 1);
    expect(again.map((m) => m.personaId)).toEqual(members.map((m) => m.personaId));
    const other = await compose(t, { ...body, sampling: { rule: "quota", seed: 12 } });
    const otherIds = (await allMembers(t, other.id, 1)).map((m) => m.personaId);
    expect(otherIds).not.toEqual(members.map((m) => m.personaId));
    // Without a seed: a random one, returned.
    const unseeded = await compose(t, { ...body, sampling: { rule: "quota" } });
    expect(typeof unseeded.sampling?.seed).toBe("number");
  });

  it("all sampling: every member, weighted to the cohort weights; a short quota is reported", async () => {
    const t = await s.newTenant();
    const a = await cohorts.add(t, await personas(t, 6, "A"));
    const b = await cohorts.add(t, await personas(t, 2, "B"));
    const p = await compose(t, {
      cohorts: [
        { cohortId: a, weight: 1 },
        { cohortId: b, weight: 1 },
      ],
      sampling: { rule: "all" },
    });
    expect(p.size).toBe(8);
    const members = await allMembers(t, p.id, 1);
    expect(members).toHaveLength(8);
    expect(weightShare(members, b)).toBeCloseTo(0.5, 9);
    expect(members.reduce((x, m) => x + m.weight, 0) / 8).toBeCloseTo(1, 9);

    const short = await compose(t, {
      cohorts: [
        { cohortId: a, weight: 1 },
        { cohortId: b, weight: 1 },
      ],
      size: 8,
      sampling: { rule: "quota", seed: 1 },
    });
    expect(short.warnings).toEqual([{ type: "shortfall", cohortId: b, quota: 4, available: 2, shortfall: 2 }]);
    const version = VersionEnvelope.parse(
      (await s.request("GET", `/populations/${short.id}/versions/1`, { key: t.key })).body,
    ).version;
    expect(version).toMatchObject({ size: 6, fit: null });
    expect(version.composition).toMatchObject({ size: 8, members: 6 });
    expect(version.diversity).not.toBeNull();
  });

  it("versions are immutable: a change makes a new one, a deleted persona is marked in the old", async () => {
    const t = await s.newTenant();
    const aIds = await personas(t, 4, "A");
    const bIds = await personas(t, 3, "B");
    const a = await cohorts.add(t, aIds);
    const b = await cohorts.add(t, bIds);
    const p = await compose(t, {
      cohorts: [
        { cohortId: a, weight: 1 },
        { cohortId: b, weight: 1 },
      ],
      sampling: { rule: "all" },
    });
    const v1 = await allMembers(t, p.id, 1);

    const renamed = await s.request("PATCH", `/populations/${p.id}`, { key: t.key, body: { name: "Renamed" } });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.population).toMatchObject({ name: "Renamed", version: 1 });

    const reweighted = await s.request("PATCH", `/populations/${p.id}`, {
      key: t.key,
      body: {
        cohorts: [
          { cohortId: a, weight: 3 },
          { cohortId: b, weight: 1 },
        ],
      },
    });
    expect(reweighted.status, reweighted.text).toBe(200);
    expect(reweighted.body.population).toMatchObject({ version: 2, name: "Renamed" });
    const unchanged = await s.request("PATCH", `/populations/${p.id}`, {
      key: t.key,
      body: {
        cohorts: [
          { cohortId: a, weight: 3 },
          { cohortId: b, weight: 1 },
        ],
        sampling: { rule: "all" },
      },
    });
    expect(unchanged.body.population).toMatchObject({ version: 2 });
    expect(weightShare(await allMembers(t, p.id, 2), a)).toBeCloseTo(0.75, 9);
    expect(await allMembers(t, p.id, 1)).toEqual(v1);

    // A persona deleted: the old versions keep it, marked, with who it was.
    const gone = aIds[0] as string;
    expect((await s.request("DELETE", `/personas/${gone}`, { key: t.key })).status).toBe(200);
    const old = (await allMembers(t, p.id, 1)).find((m) => m.personaId === gone);
    expect(old).toMatchObject({ deleted: true, persona: null, snapshot: { firstName: "A0", age: 20 } });

    // Re-snapshot: the member list changed → version 3 without it; again → nothing new.
    const snap = await s.request("POST", `/populations/${p.id}/versions`, { key: t.key, body: {} });
    expect(snap.status, snap.text).toBe(201);
    expect(VersionEnvelope.parse(snap.body)).toMatchObject({ created: true, version: { version: 3, size: 6 } });
    const same = await s.request("POST", `/populations/${p.id}/versions`, { key: t.key, body: {} });
    expect(same.status, same.text).toBe(200);
    expect(same.body).toMatchObject({ created: false, version: { version: 3 } });
    // A member joins a cohort: a new version again.
    await cohorts.setMembers(t, b, [...bIds, ...(await personas(t, 1, "C"))]);
    const joined = await s.request("POST", `/populations/${p.id}/versions`, { key: t.key, body: {} });
    expect(joined.status).toBe(201);
    expect(joined.body.version).toMatchObject({ version: 4, size: 7 });

    const versions = VersionsEnvelope.parse(
      (await s.request("GET", `/populations/${p.id}/versions`, { key: t.key })).body,
    ).versions;
    expect(versions.map((v) => [v.version, v.size])).toEqual([
      [1, 7],
      [2, 7],
      [3, 6],
      [4, 7],
    ]);
    expect((await s.request("GET", `/populations/${p.id}/versions/9`, { key: t.key })).status).toBe(404);
  });

  it("refuses invalid compositions with the field's path, and unknown cohorts with 404", async () => {
    const t = await s.newTenant();
    const a = await cohorts.add(t, await personas(t, 1, "A"));
    const invalid = async (body: Record<string, unknown>) => {
      const res = await s.request("POST", "/populations", { key: t.key, body: { name: "x", ...body } });
      expect(res.status, res.text).toBe(400);
      return (res.body.details as { path: string }[]).map((d) => d.path);
    };
    expect(await invalid({ cohorts: [{ cohortId: a, weight: 0 }], sampling: { rule: "all" } })).toContain(
      "cohorts.0.weight",
    );
    expect(await invalid({ cohorts: [{ cohortId: a, weight: 1 }], sampling: { rule: "quota" } })).toContain("size");
    expect(await invalid({ cohorts: [{ cohortId: a, weight: 1 }], size: 3, sampling: { rule: "all" } })).toContain(
      "size",
    );
    expect(
      await invalid({
        cohorts: [
          { cohortId: a, weight: 1 },
          { cohortId: a, weight: 1 },
        ],
        sampling: { rule: "all" },
      }),
    ).toContain("cohorts.1.cohortId");
    expect(await invalid({ cohorts: [], sampling: { rule: "all" } })).toContain("cohorts");
    const unknown = await s.request("POST", "/populations", {
      key: t.key,
      body: {
        name: "x",
        cohorts: [{ cohortId: "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e", weight: 1 }],
        sampling: { rule: "all" },
      },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("not_found");
    // Another tenant's cohort is unknown too.
    const other = await s.newTenant();
    const foreign = await s.request("POST", "/populations", {
      key: other.key,
      body: { name: "x", cohorts: [{ cohortId: a, weight: 1 }], sampling: { rule: "all" } },
    });
    expect(foreign.status).toBe(404);
  });

  it("concurrent composition changes each make their own version", async () => {
    const t = await s.newTenant();
    const a = await cohorts.add(t, await personas(t, 3, "A"));
    const b = await cohorts.add(t, await personas(t, 3, "B"));
    const p = await compose(t, {
      cohorts: [
        { cohortId: a, weight: 1 },
        { cohortId: b, weight: 1 },
      ],
      sampling: { rule: "all" },
    });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        s.request("PATCH", `/populations/${p.id}`, {
          key: t.key,
          body: {
            name: `Change ${i}`,
            cohorts: [
              { cohortId: a, weight: i + 2 },
              { cohortId: b, weight: 1 },
            ],
          },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    const versions = (await s.request("GET", `/populations/${p.id}/versions`, { key: t.key })).body.versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const now = (await s.request("GET", `/populations/${p.id}`, { key: t.key })).body.population;
    expect(now.version).toBe(9);
  });

  it("lists, reads and deletes, with usage events", async () => {
    const t = await s.newTenant();
    const a = await cohorts.add(t, await personas(t, 2, "A"));
    const p = await compose(t, { cohorts: [{ cohortId: a, weight: 1 }], sampling: { rule: "all" } });
    const list = await s.request("GET", "/populations", { key: t.key });
    expect(list.status).toBe(200);
    expect(list.body.populations.map((x: { id: string }) => x.id)).toEqual([p.id]);
    // The cohort is in use while the population names it: its delete is refused, then allowed.
    const refused = await s.request("DELETE", `/cohorts/${a}`, { key: t.key });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.code).toBe("cohort_in_use");
    expect((await s.request("DELETE", `/populations/${p.id}`, { key: t.key })).status).toBe(200);
    expect((await s.request("GET", `/populations/${p.id}`, { key: t.key })).status).toBe(404);
    expect((await s.request("DELETE", `/cohorts/${a}`, { key: t.key })).status).toBe(200);
    await s.ctx.usage.flush();
    const events = await s.ctx.database.query<{ event: string }>(
      "select event from usage_events where tenant_id = $1 and event like 'population_%' order by created_at",
      [t.tenantId],
    );
    expect(events.map((e) => e.event)).toEqual(["population_create", "population_delete"]);
  });

  it("a cohort deleted while a population is composed from it: one of the two wins, never both", async () => {
    const t = await s.newTenant();
    const ids = await personas(t, 3, "R");
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const cohortId = await cohorts.add(t, ids, `race ${i}`);
      const [deleted, composed] = await Promise.all([
        s.request("DELETE", `/cohorts/${cohortId}`, { key: t.key }),
        s.request("POST", "/populations", {
          key: t.key,
          body: { name: `race ${i}`, cohorts: [{ cohortId, weight: 1 }], sampling: { rule: "all" } },
        }),
      ]);
      outcomes.push(`${deleted.status}/${composed.status}`);
      // Either the delete won (the population is refused: 404 cohort) or the population did (409 in use).
      expect(["200/404", "409/201"], JSON.stringify([deleted.body, composed.body])).toContain(
        `${deleted.status}/${composed.status}`,
      );
    }
    // Every population that exists names a cohort that exists.
    const list = await s.request("GET", "/populations", { key: t.key });
    for (const p of list.body.populations as { cohorts: { cohortId: string }[] }[]) {
      for (const c of p.cohorts)
        expect((await s.request("GET", `/cohorts/${c.cohortId}`, { key: t.key })).status).toBe(200);
    }
    expect(outcomes).toHaveLength(6);
  });
});
