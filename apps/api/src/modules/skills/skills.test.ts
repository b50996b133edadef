import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test/harness.ts";
import { usageEvents } from "../analytics/schema.ts";
import { DeletedSkillEnvelope, SkillEnvelope, SkillListEnvelope, SkillVersionsEnvelope } from "./schemas.ts";

let s: TestServer;
/** Skills the test's usage port reports as in use (as tasks and studies will). */
const inUse = new Set<string>();
beforeAll(async () => {
  s = await startTestServer({ env: { WORKERS: "false" } });
  s.ctx.skills.setUsage({ inUse: async (_tenantId, skillId) => inUse.has(skillId) });
});
afterAll(() => s.close());

type Tenant = { tenantId: string; key: string };

const PRICING = {
  name: "Pricing page reaction",
  description: "First impression of the pricing page",
  instructions: "You are {{firstName}}, looking at a new pricing page: {{pageSummary}}.",
  questions: [
    {
      id: "appeal",
      text: "How appealing is the page?",
      outputFormat: { type: "likert", scale: 7, labels: ["Not at all", "Extremely"] },
    },
    {
      id: "plan",
      text: "Which plan would you buy?",
      outputFormat: { type: "single_choice", options: ["Free", "Pro", "Team"], allowOther: true },
    },
    {
      id: "why",
      text: "Why?",
      outputFormat: { type: "text", maxWords: 120 },
      followUps: ["What would change your mind?"],
    },
  ],
  evaluation: {
    criteria: [
      { name: "Readable", weight: 2, rule: { type: "format_valid" } },
      { name: "Price", weight: 1, rule: { type: "must_mention", questionId: "why", value: ["price"] } },
      { name: "Specific", weight: 1, judge: "Does the answer cite a concrete feature?" },
    ],
    passThreshold: 0.7,
  },
  temperature: 0.5,
};

async function create(t: Tenant, over: Record<string, unknown> = {}) {
  const res = await s.request("POST", "/skills", { key: t.key, body: { tenantId: t.tenantId, ...PRICING, ...over } });
  expect(res.status, res.text).toBe(201);
  return SkillEnvelope.parse(res.body).skill;
}

async function events(tenantId: string, event: string) {
  await s.ctx.usage.flush();
  return s.ctx.database.db
    .select()
    .from(usageEvents)
    .where(and(eq(usageEvents.tenantId, tenantId), eq(usageEvents.event, event)));
}

const invalid = async (t: Tenant, body: Record<string, unknown>) => {
  const res = await s.request("POST", "/skills", { key: t.key, body: { ...PRICING, ...body } });
  expect(res.status, res.text).toBe(400);
  expect(res.body.code).toBe("validation_error");
  return (res.body.details as { path: string; message: string }[]).map((d) => d.path);
};

describe("skills CRUD", () => {
  it("creates version 1 and reads it back, with nulls for what was not given", async () => {
    const t = await s.newTenant();
    const skill = await create(t);
    expect(skill).toMatchObject({
      tenantId: t.tenantId,
      name: "Pricing page reaction",
      version: 1,
      model: null,
      temperature: 0.5,
      archivedAt: null,
    });
    expect(skill.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const got = await s.request("GET", `/skills/${skill.id}`, { key: t.key });
    expect(got.status).toBe(200);
    expect(SkillEnvelope.parse(got.body).skill).toEqual(skill);
    const bare = await create(t, { description: undefined, evaluation: undefined, temperature: undefined });
    expect(bare).toMatchObject({ description: null, evaluation: null, temperature: null, model: null });
    expect((await events(t.tenantId, "skill_create")).map((e) => e.payload)).toContainEqual({
      skillId: skill.id,
      questions: 3,
    });
  });

  it("lists newest first with paging, a name search, and archived skills only when asked", async () => {
    const t = await s.newTenant();
    const a = await create(t, { name: "Onboarding survey" });
    const b = await create(t, { name: "Pricing 100% test_ok" });
    const c = await create(t, { name: "Checkout pricing" });
    const page1 = SkillListEnvelope.parse(
      (await s.request("GET", "/skills", { key: t.key, query: { limit: 2 } })).body,
    );
    expect(page1.skills.map((x) => x.id)).toEqual([c.id, b.id]);
    const page2 = SkillListEnvelope.parse(
      (await s.request("GET", "/skills", { key: t.key, query: { limit: 2, cursor: page1.nextCursor ?? "" } })).body,
    );
    expect(page2).toEqual({ skills: [expect.objectContaining({ id: a.id })], nextCursor: null });
    const search = await s.request("GET", "/skills", { key: t.key, query: { q: "PRICING" } });
    expect(search.body.skills.map((x: { id: string }) => x.id)).toEqual([c.id, b.id]);
    // The search is literal: % and _ are not wildcards.
    const literal = await s.request("GET", "/skills", { key: t.key, query: { q: "100% test_" } });
    expect(literal.body.skills.map((x: { id: string }) => x.id)).toEqual([b.id]);

    inUse.add(b.id);
    expect((await s.request("DELETE", `/skills/${b.id}`, { key: t.key })).body).toEqual({
      deleted: true,
      archived: true,
    });
    const visible = await s.request("GET", "/skills", { key: t.key });
    expect(visible.body.skills.map((x: { id: string }) => x.id)).toEqual([c.id, a.id]);
    const all = await s.request("GET", "/skills", { key: t.key, query: { includeArchived: "true" } });
    expect(all.body.skills.map((x: { id: string }) => x.id)).toEqual([c.id, b.id, a.id]);
  });
});

describe("versions", () => {
  it("makes version n+1 on update, keeps earlier versions readable, and lists them", async () => {
    const t = await s.newTenant();
    const v1 = await create(t);
    const res = await s.request("PATCH", `/skills/${v1.id}`, {
      key: t.key,
      body: {
        name: "Pricing page reaction (v2)",
        temperature: null,
        questions: [PRICING.questions[0], PRICING.questions[2]],
      },
    });
    expect(res.status, res.text).toBe(200);
    const v2 = SkillEnvelope.parse(res.body).skill;
    expect(v2).toMatchObject({
      version: 2,
      name: "Pricing page reaction (v2)",
      temperature: null,
      createdAt: v1.createdAt,
    });
    expect(v2.questions).toHaveLength(2);
    expect(v2.description).toBe(v1.description);

    const pinned = await s.request("GET", `/skills/${v1.id}`, { key: t.key, query: { version: 1 } });
    expect(SkillEnvelope.parse(pinned.body).skill).toMatchObject({
      version: 1,
      name: v1.name,
      questions: v1.questions,
    });
    const latest = await s.request("GET", `/skills/${v1.id}`, { key: t.key });
    expect(latest.body.skill.version).toBe(2);
    const missing = await s.request("GET", `/skills/${v1.id}`, { key: t.key, query: { version: 3 } });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("not_found");

    const versions = SkillVersionsEnvelope.parse(
      (await s.request("GET", `/skills/${v1.id}/versions`, { key: t.key })).body,
    ).versions;
    expect(versions.map((v) => [v.version, v.name])).toEqual([
      [1, "Pricing page reaction"],
      [2, "Pricing page reaction (v2)"],
    ]);
    expect((await events(t.tenantId, "skill_update"))[0]?.payload).toMatchObject({ skillId: v1.id, version: 2 });
  });

  it("gives concurrent updates one version each, in some order, none lost", async () => {
    const t = await s.newTenant();
    const v1 = await create(t);
    const names = Array.from({ length: 8 }, (_, i) => `Pricing page, take ${i + 2}`);
    const answers = await Promise.all(
      names.map((name) => s.request("PATCH", `/skills/${v1.id}`, { key: t.key, body: { name } })),
    );
    for (const res of answers) expect(res.status, res.text).toBe(200);
    expect(answers.map((r) => r.body.skill.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    const { versions } = (await s.request("GET", `/skills/${v1.id}/versions`, { key: t.key })).body;
    expect(
      versions
        .map((v: { name: string }) => v.name)
        .slice(1)
        .sort(),
    ).toEqual([...names].sort());
  });

  it("makes no version when the update changes nothing", async () => {
    const t = await s.newTenant();
    const v1 = await create(t);
    const res = await s.request("PATCH", `/skills/${v1.id}`, {
      key: t.key,
      body: { name: v1.name, questions: PRICING.questions },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.skill.version).toBe(1);
    expect((await s.request("GET", `/skills/${v1.id}/versions`, { key: t.key })).body.versions).toHaveLength(1);
  });

  it("validates the merged definition as a whole", async () => {
    const t = await s.newTenant();
    const skill = await create(t);
    // The rubric names the question "why": dropping that question breaks the merged skill.
    const res = await s.request("PATCH", `/skills/${skill.id}`, {
      key: t.key,
      body: { questions: PRICING.questions.slice(0, 2), evaluation: PRICING.evaluation },
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body.details).toEqual([
      { path: "evaluation.criteria.1.rule.questionId", message: 'no question has the id "why"' },
    ]);
    expect((await s.request("GET", `/skills/${skill.id}`, { key: t.key })).body.skill.version).toBe(1);
  });
});

describe("delete and archive", () => {
  it("deletes a skill nothing uses: it is gone", async () => {
    const t = await s.newTenant();
    const skill = await create(t);
    const res = await s.request("DELETE", `/skills/${skill.id}`, { key: t.key });
    expect(DeletedSkillEnvelope.parse(res.body)).toEqual({ deleted: true, archived: false });
    expect((await s.request("GET", `/skills/${skill.id}`, { key: t.key })).status).toBe(404);
    expect((await s.request("GET", `/skills/${skill.id}/versions`, { key: t.key })).status).toBe(404);
    expect((await s.request("DELETE", `/skills/${skill.id}`, { key: t.key })).status).toBe(404);
    expect(await events(t.tenantId, "skill_delete")).toHaveLength(1);
  });

  it("archives a skill in use: readable by id and version, frozen, hidden from lists", async () => {
    const t = await s.newTenant();
    const skill = await create(t);
    inUse.add(skill.id);
    const res = await s.request("DELETE", `/skills/${skill.id}`, { key: t.key });
    expect(res.body).toEqual({ deleted: true, archived: true });
    const got = SkillEnvelope.parse(
      (await s.request("GET", `/skills/${skill.id}`, { key: t.key, query: { version: 1 } })).body,
    );
    expect(got.skill.archivedAt).toMatch(/Z$/);
    const patch = await s.request("PATCH", `/skills/${skill.id}`, { key: t.key, body: { name: "Revived" } });
    expect(patch.status).toBe(409);
    expect((await s.request("GET", "/skills", { key: t.key })).body.skills).toEqual([]);
    expect(await events(t.tenantId, "skill_archive")).toHaveLength(1);
  });
});

describe("validation", () => {
  it("names the field of each invalid definition", async () => {
    const t = await s.newTenant();
    const q = (outputFormat: unknown, id = "q1") => ({ id, text: "Question?", outputFormat });
    expect(await invalid(t, { questions: [q({ type: "likert", scale: 12 })], evaluation: undefined })).toEqual([
      "questions.0.outputFormat.scale",
    ]);
    expect(await invalid(t, { questions: [], evaluation: undefined })).toEqual(["questions"]);
    expect(await invalid(t, { questions: Array.from({ length: 51 }, (_, i) => q({ type: "text" }, `q${i}`)) })).toEqual(
      ["questions"],
    );
    expect(await invalid(t, { questions: [q({ type: "text" }), q({ type: "text" })], evaluation: undefined })).toEqual([
      "questions.1.id",
    ]);
    expect(
      await invalid(t, {
        questions: [q({ type: "json", schema: { type: "object", properties: { a: { type: "strnig" } } } })],
        evaluation: undefined,
      }),
    ).toEqual(["questions.0.outputFormat.schema"]);
    // A pattern RE2 cannot run in linear time (lookahead) is refused, not run.
    expect(
      await invalid(t, {
        questions: [q({ type: "json", schema: { type: "object", properties: { a: { pattern: "(?=a)a" } } } })],
        evaluation: undefined,
      }),
    ).toEqual(["questions.0.outputFormat.schema"]);
    const rubric = (rule: unknown) => ({ criteria: [{ name: "r", weight: 1, rule }], passThreshold: 0.5 });
    expect(await invalid(t, { evaluation: rubric({ type: "must_mention", value: 3 }) })).toEqual([
      "evaluation.criteria.0.rule.value",
    ]);
    expect(await invalid(t, { evaluation: rubric({ type: "length", value: { minWords: 10, maxWords: 2 } }) })).toEqual([
      "evaluation.criteria.0.rule.value",
    ]);
    expect(await invalid(t, { evaluation: rubric({ type: "range", questionId: "why", value: { min: 1 } }) })).toEqual([
      "evaluation.criteria.0.rule.questionId",
    ]);
    expect(await invalid(t, { evaluation: rubric({ type: "format_valid", questionId: "nope" }) })).toEqual([
      "evaluation.criteria.0.rule.questionId",
    ]);
  });

  it("answers 404 for an unknown skill and 400 for a bad id or version", async () => {
    const t = await s.newTenant();
    const unknown = "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e";
    expect((await s.request("GET", `/skills/${unknown}`, { key: t.key })).status).toBe(404);
    expect((await s.request("PATCH", `/skills/${unknown}`, { key: t.key, body: { name: "x" } })).status).toBe(404);
    expect((await s.request("GET", "/skills/not-a-uuid", { key: t.key })).status).toBe(400);
    const skill = await create(t);
    expect((await s.request("GET", `/skills/${skill.id}`, { key: t.key, query: { version: 0 } })).status).toBe(400);
  });
});

describe("tenants", () => {
  it("hides another tenant's skills (404) and refuses its tenantId (403)", async () => {
    const owner = await s.newTenant();
    const other = await s.newTenant();
    const skill = await create(owner);
    for (const [method, path] of [
      ["GET", `/skills/${skill.id}`],
      ["GET", `/skills/${skill.id}/versions`],
      ["DELETE", `/skills/${skill.id}`],
    ] as const) {
      expect((await s.request(method, path, { key: other.key })).status, `${method} ${path}`).toBe(404);
    }
    const patch = await s.request("PATCH", `/skills/${skill.id}`, { key: other.key, body: { name: "Mine now" } });
    expect(patch.status).toBe(404);
    const forbidden = await s.request("GET", "/skills", { key: other.key, query: { tenantId: owner.tenantId } });
    expect(forbidden.status).toBe(403);
    expect((await s.request("GET", "/skills", { key: other.key })).body.skills).toEqual([]);
    expect((await s.request("GET", `/skills/${skill.id}`, { key: owner.key })).body.skill.name).toBe(PRICING.name);
  });
});
