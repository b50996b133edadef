import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer } from "../../../test/harness.ts";
import { formatInstruction, type Question } from "../../shared/output-formats.ts";
import { MODULES } from "../registry.ts";
import { StudyEnvelope, StudyListEnvelope, StudyPlanEnvelope } from "./schemas.ts";
import { ANSWER_TOKENS, PERSONA_PROMPT_CHARS, SECONDS_PER_TURN, taskTurns } from "./service.ts";

let s: TestServer;
beforeAll(async () => {
  // A priced model to plan with (never called: plans run nothing). WORKERS off: a generation stays `generating`.
  s = await startTestServer({
    env: {
      WORKERS: "false",
      OPENAI_API_KEY: "sk-test-never-called",
      CREDITS_PER_USD: "1000",
      PROMPT_BASE_CREDITS: "1",
    },
    modules: MODULES,
  });
});
afterAll(() => s.close());

type Tenant = { tenantId: string; key: string };

const SKILL = {
  name: "Meal planning",
  instructions: "You are looking at a meal-planning add-on for $12/month.",
  questions: [
    {
      id: "pay",
      text: "Would you pay $12/month for it?",
      outputFormat: { type: "single_choice", options: ["Yes", "No"] },
    },
    {
      id: "why",
      text: "Why?",
      outputFormat: { type: "text" },
      followUps: ["What would change your mind?", "What do you use today?"],
    },
  ],
};

async function skill(t: Tenant, body: Record<string, unknown> = SKILL): Promise<string> {
  const res = await s.request("POST", "/skills", { key: t.key, body });
  expect(res.status, res.text).toBe(201);
  return res.body.skill.id;
}

/** A composed population of exactly `n` members (one explicit cohort, `all` sampling). */
async function population(t: Tenant, n: number): Promise<string> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await s.request("POST", "/personas", { key: t.key, body: { seed: seed({ firstName: `P${i}` }) } });
    expect(res.status, res.text).toBe(201);
    ids.push(res.body.persona.id);
  }
  const cohort = await s.request("POST", "/cohorts", { key: t.key, body: { name: "All", include: ids } });
  expect(cohort.status, cohort.text).toBe(201);
  const res = await s.request("POST", "/populations", {
    key: t.key,
    body: { name: "Panel", cohorts: [{ cohortId: cohort.body.cohort.id, weight: 1 }], sampling: { rule: "all" } },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.population.id;
}

async function study(t: Tenant, body: Record<string, unknown>) {
  const res = await s.request("POST", "/studies", { key: t.key, body: { name: "WTP", ...body } });
  expect(res.status, res.text).toBe(201);
  return StudyEnvelope.parse(res.body).study;
}

const paths = (body: { details?: { path: string }[] }) => (body.details ?? []).map((d) => d.path);

describe("a task's turns, as the plan models them", () => {
  it("reads the persona prompt and the session so far, and writes an answer sized by its format", () => {
    const q1 = { id: "pay", text: "Pay?", outputFormat: { type: "single_choice", options: ["Yes", "No"] } } as Question;
    const q2 = {
      id: "why",
      text: "Why?",
      outputFormat: { type: "text", maxWords: 30 },
      followUps: ["More?"],
    } as Question;
    const turns = taskTurns({ instructions: "Hi.", questions: [q1, q2] });
    const t1 = "Hi.".length + 2 + "Pay?".length + 2 + formatInstruction(q1.outputFormat).length;
    const t2 = "Why?".length + 2 + formatInstruction(q2.outputFormat).length;
    const out1 = ANSWER_TOKENS.single_choice;
    expect(turns).toEqual([
      { tokensIn: Math.ceil((PERSONA_PROMPT_CHARS + t1) / 4), tokensOut: out1 },
      { tokensIn: Math.ceil((PERSONA_PROMPT_CHARS + t1 + t2) / 4) + out1, tokensOut: 30 },
      { tokensIn: Math.ceil((PERSONA_PROMPT_CHARS + t1 + t2 + 5) / 4) + out1 + 30, tokensOut: ANSWER_TOKENS.follow_up },
    ]);
  });
});

describe("studies", () => {
  it("creates, reads, lists with filters, updates and deletes a study", async () => {
    const t = await s.newTenant();
    const [populationId, skillId, otherSkill] = [await population(t, 2), await skill(t), await skill(t)];
    const created = await s.request("POST", "/studies", {
      key: t.key,
      body: {
        tenantId: t.tenantId,
        populationId,
        skillId,
        name: "Would US adults pay $12/month for meal planning?",
        decision: "Launch the $12 plan",
        replicates: 3,
        populationVersion: 1,
        skillVersion: 1,
        model: "person-run/simulator",
      },
    });
    expect(created.status, created.text).toBe(201);
    const a = StudyEnvelope.parse(created.body).study;
    expect(a).toMatchObject({
      tenantId: t.tenantId,
      populationId,
      skillId,
      replicates: 3,
      populationVersion: 1,
      skillVersion: 1,
      model: "person-run/simulator",
      description: null,
      decision: "Launch the $12 plan",
      version: 1,
    });
    const b = await study(t, { populationId, skillId: otherSkill });
    expect(b).toMatchObject({ replicates: 1, populationVersion: null, skillVersion: null, model: null });

    const got = await s.request("GET", `/studies/${a.id}`, { key: t.key });
    expect(StudyEnvelope.parse(got.body).study).toEqual(a);

    const all = StudyListEnvelope.parse((await s.request("GET", "/studies", { key: t.key })).body);
    expect(all.studies.map((x) => x.id)).toEqual([b.id, a.id]);
    const bySkill = StudyListEnvelope.parse(
      (await s.request("GET", "/studies", { key: t.key, query: { skillId } })).body,
    );
    expect(bySkill.studies.map((x) => x.id)).toEqual([a.id]);
    const byPopulation = await s.request("GET", "/studies", { key: t.key, query: { populationId, limit: 1 } });
    expect(byPopulation.body.studies.map((x: { id: string }) => x.id)).toEqual([b.id]);
    const next = await s.request("GET", "/studies", {
      key: t.key,
      query: { populationId, limit: 1, cursor: byPopulation.body.nextCursor },
    });
    expect(next.body.studies.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect(next.body.nextCursor).toBeNull();

    const patched = await s.request("PATCH", `/studies/${a.id}`, {
      key: t.key,
      body: { name: "Renamed", description: "d", populationVersion: null, model: null, replicates: 2, version: 1 },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(StudyEnvelope.parse(patched.body).study).toMatchObject({
      name: "Renamed",
      description: "d",
      populationVersion: null,
      model: null,
      replicates: 2,
      version: 2,
    });
    const stale = await s.request("PATCH", `/studies/${a.id}`, { key: t.key, body: { name: "x", version: 1 } });
    expect(stale.status, stale.text).toBe(409);
    expect(stale.body.code).toBe("version_conflict");

    const deleted = await s.request("DELETE", `/studies/${a.id}`, { key: t.key, query: { purge: "true" } });
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.body).toEqual({ deleted: true, id: a.id });
    expect((await s.request("GET", `/studies/${a.id}`, { key: t.key })).status).toBe(404);
    expect((await s.request("DELETE", `/studies/${a.id}`, { key: t.key })).status).toBe(404);
  });

  it("validates the body with each field's path", async () => {
    const t = await s.newTenant();
    const [populationId, skillId] = [await population(t, 1), await skill(t)];
    const bad = await s.request("POST", "/studies", {
      key: t.key,
      body: { populationId: "nope", skillId, name: "", replicates: 21, extra: 1 },
    });
    expect(bad.status, bad.text).toBe(400);
    expect(paths(bad.body)).toEqual(expect.arrayContaining(["populationId", "name", "replicates"]));

    const missing = await s.request("POST", "/studies", { key: t.key, body: { populationId, skillId } });
    expect(missing.status).toBe(400);
    expect(paths(missing.body)).toContain("name");

    const popVersion = await s.request("POST", "/studies", {
      key: t.key,
      body: { populationId, skillId, name: "x", populationVersion: 2 },
    });
    expect(popVersion.status, popVersion.text).toBe(400);
    expect(paths(popVersion.body)).toEqual(["populationVersion"]);

    const skillVersion = await s.request("POST", "/studies", {
      key: t.key,
      body: { populationId, skillId, name: "x", skillVersion: 2 },
    });
    expect(skillVersion.status, skillVersion.text).toBe(400);
    expect(paths(skillVersion.body)).toEqual(["skillVersion"]);

    const model = await s.request("POST", "/studies", {
      key: t.key,
      body: { populationId, skillId, name: "x", model: "nowhere/none" },
    });
    expect(model.status, model.text).toBe(400);
    expect(paths(model.body)).toContain("model");

    const unknown = "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e";
    for (const body of [
      { populationId: unknown, skillId },
      { populationId, skillId: unknown },
    ]) {
      const res = await s.request("POST", "/studies", { key: t.key, body: { ...body, name: "x" } });
      expect(res.status, res.text).toBe(404);
    }

    const a = await study(t, { populationId, skillId });
    const patch = await s.request("PATCH", `/studies/${a.id}`, {
      key: t.key,
      body: { skillVersion: 3, replicates: 0 },
    });
    expect(patch.status).toBe(400);
    expect(paths(patch.body)).toContain("replicates");
    const patchVersion = await s.request("PATCH", `/studies/${a.id}`, { key: t.key, body: { skillVersion: 3 } });
    expect(patchVersion.status, patchVersion.text).toBe(400);
    expect(paths(patchVersion.body)).toEqual(["skillVersion"]);
    const patchPopulation = await s.request("PATCH", `/studies/${a.id}`, { key: t.key, body: { populationId } });
    expect(patchPopulation.status).toBe(400);
  });

  it("refuses a population still generating (409)", async () => {
    const t = await s.newTenant();
    const skillId = await skill(t);
    const generated = await s.request("POST", "/populations/generate", {
      key: t.key,
      body: { name: "Census", size: 3, targets: "us-adults" },
    });
    expect(generated.status, generated.text).toBe(202);
    expect(generated.body.population.status).toBe("generating");
    const res = await s.request("POST", "/studies", {
      key: t.key,
      body: { populationId: generated.body.population.id, skillId, name: "x" },
    });
    expect(res.status, res.text).toBe(409);
  });

  it("archives a skill a study uses instead of deleting it, and refuses an archived skill (409)", async () => {
    const t = await s.newTenant();
    const [populationId, skillId] = [await population(t, 1), await skill(t)];
    const a = await study(t, { populationId, skillId });
    const del = await s.request("DELETE", `/skills/${skillId}`, { key: t.key });
    expect(del.status, del.text).toBe(200);
    expect(del.body.archived).toBe(true);
    expect((await s.request("GET", `/skills/${skillId}`, { key: t.key })).status).toBe(200);
    const again = await s.request("POST", "/studies", { key: t.key, body: { populationId, skillId, name: "x" } });
    expect(again.status, again.text).toBe(409);
    const plan = await s.request("POST", `/studies/${a.id}/runs`, {
      key: t.key,
      body: { maxConcurrency: 1, dryRun: true },
    });
    expect(plan.status, plan.text).toBe(409);

    // A skill no study (nor task) uses is deleted for good.
    const free = await skill(t);
    const b = await study(t, { populationId, skillId: free });
    expect((await s.request("DELETE", `/studies/${b.id}`, { key: t.key })).status).toBe(200);
    const gone = await s.request("DELETE", `/skills/${free}`, { key: t.key });
    expect(gone.body.archived).toBe(false);
  });

  it("refuses to delete a population a study uses (409 population_in_use)", async () => {
    const t = await s.newTenant();
    const [populationId, skillId] = [await population(t, 1), await skill(t)];
    const a = await study(t, { populationId, skillId });
    const refused = await s.request("DELETE", `/populations/${populationId}`, { key: t.key });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.code).toBe("population_in_use");
    expect((await s.request("GET", `/populations/${populationId}`, { key: t.key })).status).toBe(200);
    expect((await s.request("DELETE", `/studies/${a.id}`, { key: t.key })).status).toBe(200);
    expect((await s.request("DELETE", `/populations/${populationId}`, { key: t.key })).status).toBe(200);
  });
});

describe("the dry-run plan", () => {
  it("counts members × replicates tasks and estimates tokens, cost and credits per turn", async () => {
    const t = await s.newTenant();
    const [populationId, skillId] = [await population(t, 3), await skill(t)];
    const a = await study(t, { populationId, skillId, replicates: 2, model: "openai/gpt-4.1" });
    const res = await s.request("POST", `/studies/${a.id}/runs`, {
      key: t.key,
      body: { tenantId: t.tenantId, maxConcurrency: 4, dryRun: true },
    });
    expect(res.status, res.text).toBe(200);
    const { plan } = StudyPlanEnvelope.parse(res.body);

    // 3 members × 2 replicates; 2 questions + 2 follow-ups = 4 turns per task, each billed on its own.
    const tasks = 6;
    const perTask = taskTurns({ instructions: SKILL.instructions, questions: SKILL.questions as Question[] });
    const turns = perTask.length;
    // openai/gpt-4.1: $2 per million input tokens, $8 per million output tokens; credits per turn are
    // PROMPT_BASE_CREDITS (1) + usd × CREDITS_PER_USD (1000), rounded up to 4 decimals.
    const usd = perTask.map((t) => (t.tokensIn * 2 + t.tokensOut * 8) / 1e6);
    const credits = usd.map((u) => Math.ceil((1 + u * 1000) * 1e4 - 1e-9) / 1e4);
    const sum = (x: number[]) => x.reduce((a, b) => a + b, 0);
    expect(plan).toMatchObject({
      populationVersion: 1,
      skillVersion: 1,
      members: 3,
      replicates: 2,
      tasks,
      turnsPerTask: turns,
      model: "openai/gpt-4.1",
    });
    expect(plan.estimate.tokensIn).toBe(tasks * sum(perTask.map((t) => t.tokensIn)));
    expect(plan.estimate.tokensOut).toBe(tasks * sum(perTask.map((t) => t.tokensOut)));
    expect(plan.estimate.costUsd).toBeCloseTo(tasks * sum(usd), 4);
    expect(plan.estimate.credits).toBeCloseTo(tasks * sum(credits), 4);
    // 6 tasks at 4 in flight: 2 waves of 4 turns.
    expect(plan.durationSeconds.estimate).toBe(2 * turns * SECONDS_PER_TURN);
    expect(plan.durationSeconds.basis).toContain("4 in flight");
  });

  it("takes sample and replicates from the request, and the pinned or latest versions", async () => {
    const t = await s.newTenant();
    const [populationId, skillId] = [await population(t, 4), await skill(t)];
    const updated = await s.request("PATCH", `/skills/${skillId}`, {
      key: t.key,
      body: { questions: [SKILL.questions[0]] },
    });
    expect(updated.status, updated.text).toBe(200);
    // With OPENAI_API_KEY set the server default is an OpenAI model: name the simulator.
    const latest = await study(t, { populationId, skillId, model: "person-run/simulator" });
    const pinned = await study(t, { populationId, skillId, skillVersion: 1 });
    const plan = async (id: string, body: Record<string, unknown>) => {
      const res = await s.request("POST", `/studies/${id}/runs`, {
        key: t.key,
        body: { maxConcurrency: 50, dryRun: true, ...body },
      });
      expect(res.status, res.text).toBe(200);
      return StudyPlanEnvelope.parse(res.body).plan;
    };
    expect(await plan(latest.id, {})).toMatchObject({
      skillVersion: 2,
      turnsPerTask: 1,
      members: 4,
      tasks: 4,
      model: "person-run/simulator",
    });
    expect(await plan(pinned.id, { sample: 2, replicates: 5 })).toMatchObject({
      skillVersion: 1,
      turnsPerTask: 4,
      members: 2,
      replicates: 5,
      tasks: 10,
    });
    // A sample larger than the population asks every member.
    expect(await plan(latest.id, { sample: 99 })).toMatchObject({ members: 4, tasks: 4 });
    // The simulator is free: each turn costs PROMPT_BASE_CREDITS only.
    const free = await plan(latest.id, {});
    expect(free.estimate).toMatchObject({ costUsd: 0, credits: 4 });
  });

  it("refuses bad run options with each field's path", async () => {
    const t = await s.newTenant();
    const a = await study(t, { populationId: await population(t, 1), skillId: await skill(t) });
    const invalid = await s.request("POST", `/studies/${a.id}/runs`, {
      key: t.key,
      body: {
        maxConcurrency: 0,
        dryRun: true,
        sample: 0,
        seed: -1,
        budget: {},
        stopWhen: { converged: { epsilon: 0, window: 2 } },
      },
    });
    expect(invalid.status).toBe(400);
    expect(paths(invalid.body)).toEqual(
      expect.arrayContaining([
        "maxConcurrency",
        "sample",
        "seed",
        "budget",
        "stopWhen.converged.epsilon",
        "stopWhen.converged.window",
      ]),
    );
    for (const body of [{}, { maxConcurrency: 5, budget: { maxCredits: -1 } }, { maxConcurrency: 5, extra: 1 }]) {
      const res = await s.request("POST", `/studies/${a.id}/runs`, { key: t.key, body });
      expect(res.status, res.text).toBe(400);
    }
  });
});
