import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer, until } from "../../../test/harness.ts";
import { MODULES } from "../registry.ts";
import {
  StudyEnvelope,
  StudyPlanEnvelope,
  StudyRunEnvelope,
  StudyRunListEnvelope,
  type StudyRunView,
} from "./schemas.ts";

/** Study runs through HTTP on the simulator: tasks, counts, cost, pilot, budget, convergence, control. */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    modules: MODULES,
    env: { CREDITS_PER_USD: "1000", PROMPT_BASE_CREDITS: "1", SIMULATOR_DELAY_MS: "15" },
  });
});
afterAll(() => s.close());

type Tenant = { tenantId: string; key: string };

export const WTP_SKILL = {
  name: "Meal planning",
  instructions: "You are looking at a meal-planning add-on for $12/month.",
  questions: [
    {
      id: "pay",
      text: "Would you pay $12/month for it?",
      outputFormat: { type: "single_choice", options: ["Yes", "No"] },
    },
    { id: "fair", text: "How fair is the price?", outputFormat: { type: "likert", scale: 5 } },
  ],
};

async function setup(t: Tenant, n: number, body: Record<string, unknown> = {}) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await s.request("POST", "/personas", {
      key: t.key,
      body: { seed: seed({ firstName: `P${i}`, age: 20 + i }) },
    });
    expect(res.status, res.text).toBe(201);
    ids.push(res.body.persona.id);
  }
  const cohort = await s.request("POST", "/cohorts", { key: t.key, body: { name: "All", include: ids } });
  expect(cohort.status, cohort.text).toBe(201);
  const population = await s.request("POST", "/populations", {
    key: t.key,
    body: { name: "Panel", cohorts: [{ cohortId: cohort.body.cohort.id, weight: 1 }], sampling: { rule: "all" } },
  });
  expect(population.status, population.text).toBe(201);
  const skill = await s.request("POST", "/skills", { key: t.key, body: WTP_SKILL });
  expect(skill.status, skill.text).toBe(201);
  const study = await s.request("POST", "/studies", {
    key: t.key,
    body: {
      name: "WTP",
      populationId: population.body.population.id,
      skillId: skill.body.skill.id,
      ...body,
    },
  });
  expect(study.status, study.text).toBe(201);
  return { study: StudyEnvelope.parse(study.body).study, personaIds: ids };
}

async function start(t: Tenant, studyId: string, body: Record<string, unknown>): Promise<StudyRunView> {
  const res = await s.request("POST", `/studies/${studyId}/runs`, { key: t.key, body });
  expect(res.status, res.text).toBe(202);
  return StudyRunEnvelope.parse(res.body).run;
}

async function getRun(t: Tenant, studyId: string, runId: string): Promise<StudyRunView> {
  const res = await s.request("GET", `/studies/${studyId}/runs/${runId}`, { key: t.key });
  expect(res.status, res.text).toBe(200);
  return StudyRunEnvelope.parse(res.body).run;
}

/** Polls until the run has finished (a bound on a hang, not a timing expectation). */
function finished(t: Tenant, studyId: string, runId: string) {
  return until(
    async () => {
      const run = await getRun(t, studyId, runId);
      return ["succeeded", "failed", "cancelled"].includes(run.status) ? run : null;
    },
    { what: `study run ${runId} to finish`, timeoutMs: 120_000 },
  );
}

describe("study runs", () => {
  it("runs one task per member × replicate to the end, as the dry run planned", async () => {
    const t = await s.newTenant();
    const { study } = await setup(t, 5, { replicates: 2 });
    const planned = await s.request("POST", `/studies/${study.id}/runs`, {
      key: t.key,
      body: { maxConcurrency: 3, dryRun: true },
    });
    expect(planned.status, planned.text).toBe(200);
    const plan = StudyPlanEnvelope.parse(planned.body).plan;
    expect(plan).toMatchObject({ members: 5, replicates: 2, tasks: 10, turnsPerTask: 2 });

    const run = await start(t, study.id, { maxConcurrency: 3, seed: 7 });
    expect(run).toMatchObject({
      studyId: study.id,
      populationVersion: 1,
      skillVersion: 1,
      maxConcurrency: 3,
      seed: 7,
      stoppedEarly: false,
    });
    expect(run.counts.total).toBe(10);
    const done = await finished(t, study.id, run.id);
    expect(done).toMatchObject({
      status: "succeeded",
      counts: { total: 10, succeeded: 10, failed: 0, cancelled: 0, queued: 0, running: 0 },
      eta: null,
    });
    // The simulator is free: every turn costs PROMPT_BASE_CREDITS (1), as planned.
    expect(done.credits).toBe(plan.estimate.credits);
    expect(done.finishedAt).not.toBeNull();

    const tasks = await s.request("GET", "/tasks", { key: t.key, query: { limit: 50 } });
    expect(tasks.body.tasks).toHaveLength(10);
    const list = StudyRunListEnvelope.parse((await s.request("GET", `/studies/${study.id}/runs`, { key: t.key })).body);
    expect(list.runs.map((r) => r.id)).toEqual([run.id]);
  });
});

async function control(t: Tenant, studyId: string, runId: string, action: string) {
  return s.request("POST", `/studies/${studyId}/runs/${runId}/control`, { key: t.key, body: { action } });
}

describe("stopping a study run", () => {
  it("stops before exceeding its budget and says why", async () => {
    const t = await s.newTenant();
    const { study } = await setup(t, 12);
    // 2 turns per task at 1 credit each: 11 credits pay for 5 tasks, not 6.
    const run = await start(t, study.id, { maxConcurrency: 2, budget: { maxCredits: 11 } });
    const done = await finished(t, study.id, run.id);
    expect(done).toMatchObject({ status: "succeeded", stoppedEarly: true, stopCode: "budget" });
    expect(done.stopReason).toContain("budget of 11 credits");
    expect(done.credits).toBeLessThanOrEqual(11);
    expect(done.counts.succeeded).toBeGreaterThan(0);
    expect(done.counts.succeeded).toBeLessThan(12);
    expect(done.counts.succeeded + done.counts.failed + done.counts.cancelled).toBe(12);
    expect(done.counts.cancelled).toBe(12 - done.counts.succeeded - done.counts.failed);
  });

  it("refuses a budget that cannot pay for one task (400 naming it)", async () => {
    const t = await s.newTenant();
    const { study } = await setup(t, 2);
    const res = await s.request("POST", `/studies/${study.id}/runs`, {
      key: t.key,
      body: { maxConcurrency: 2, budget: { maxCredits: 1 } },
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path)).toEqual(["budget.maxCredits"]);
  });

  it("stops early once the answers have converged", async () => {
    const t = await s.newTenant();
    const { study } = await setup(t, 30);
    // epsilon 1 is the largest possible divergence: the second look (after 10 tasks) always passes it.
    const run = await start(t, study.id, {
      maxConcurrency: 1,
      stopWhen: { converged: { epsilon: 1, window: 5 } },
    });
    const done = await finished(t, study.id, run.id);
    expect(done).toMatchObject({ status: "succeeded", stoppedEarly: true, stopCode: "converged" });
    expect(done.stopReason).toContain("Jensen–Shannon");
    expect(done.counts.succeeded).toBeGreaterThanOrEqual(10);
    expect(done.counts.succeeded).toBeLessThan(30);
    expect(done.counts.cancelled).toBe(30 - done.counts.succeeded - done.counts.failed);
  });

  it("pauses (nothing new starts), resumes to the end, and cancels", async () => {
    const t = await s.newTenant();
    const { study } = await setup(t, 8);
    const run = await start(t, study.id, { maxConcurrency: 1 });
    const paused = await control(t, study.id, run.id, "pause");
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body.run.status).toBe("paused");
    const still = await until(
      async () => {
        const r = await getRun(t, study.id, run.id);
        return r.counts.running === 0 ? r : null;
      },
      { what: "no task running while paused" },
    );
    expect(still.status).toBe("paused");
    expect((await control(t, study.id, run.id, "pause")).status).toBe(409);
    expect((await control(t, study.id, run.id, "resume")).status).toBe(200);
    const done = await finished(t, study.id, run.id);
    expect(done).toMatchObject({ status: "succeeded", counts: { total: 8, succeeded: 8, cancelled: 0 } });
    const csv = await s.request("GET", `/studies/${study.id}/runs/${run.id}/results.csv`, { key: t.key });
    expect(csv.text.trim().split("\r\n")).toHaveLength(1 + 8 * 2);

    const other = await start(t, study.id, { maxConcurrency: 1 });
    const cancelled = await control(t, study.id, other.id, "cancel");
    expect(cancelled.status, cancelled.text).toBe(200);
    const end = await finished(t, study.id, other.id);
    expect(end.status).toBe("cancelled");
    expect(end.counts.succeeded + end.counts.failed + end.counts.cancelled).toBe(end.counts.total);
    expect((await control(t, study.id, other.id, "resume")).status).toBe(409);
    expect((await control(t, study.id, other.id, "explode")).status).toBe(400);
  });
});

describe("a study run's evidence, exports and events", () => {
  it("answers results, CSV, NDJSON and SSE for a finished run; a pilot asks a seeded sample", async () => {
    const t = await s.newTenant();
    const { study, personaIds } = await setup(t, 6);
    const events = await fetch(
      `${s.url}/studies/${study.id}/runs/${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}/events`,
      {
        headers: { "x-api-key": t.key },
      },
    );
    expect(events.status).toBe(404);

    const pilot = await start(t, study.id, { maxConcurrency: 2, sample: 4, seed: 42 });
    const stream = await fetch(`${s.url}/studies/${study.id}/runs/${pilot.id}/events`, {
      headers: { "x-api-key": t.key },
    });
    expect(stream.status).toBe(200);
    const text = await stream.text();
    const names = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(names).toContain("tasks");
    expect(names).toContain("aggregate");
    expect(names.at(-1)).toBe("end");
    const end = JSON.parse(
      text
        .trim()
        .split("\n")
        .at(-1)
        ?.replace(/^data: /, "") ?? "{}",
    );
    expect(end.run).toMatchObject({ id: pilot.id, status: "succeeded", sample: 4, counts: { succeeded: 4 } });

    // The same seed picks the same members.
    const again = await finished(
      t,
      study.id,
      (await start(t, study.id, { maxConcurrency: 2, sample: 4, seed: 42 })).id,
    );
    const personasOf = async (runId: string) => {
      const res = await s.request("GET", `/studies/${study.id}/runs/${runId}/results.ndjson`, { key: t.key });
      expect(res.status, res.text).toBe(200);
      const rows = res.text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      return [...new Set(rows.map((r) => r.persona_id as string))].sort();
    };
    const members = await personasOf(pilot.id);
    expect(members).toHaveLength(4);
    expect(members.every((id) => personaIds.includes(id))).toBe(true);
    expect(await personasOf(again.id)).toEqual(members);

    const results = await s.request("GET", `/studies/${study.id}/runs/${pilot.id}/results`, {
      key: t.key,
      query: { groupBy: "cohort,ageBand" },
    });
    expect(results.status, results.text).toBe(200);
    const pay = results.body.results.questions.find((q: { questionId: string }) => q.questionId === "pay");
    expect(pay.overall.n).toBe(4);
    const total = pay.overall.distribution.reduce((n: number, c: { count: number }) => n + c.count, 0);
    expect(total).toBe(4);
    expect(pay.groups.map((g: { dimension: string }) => g.dimension)).toContain("cohort");
    const fair = results.body.results.questions.find((q: { questionId: string }) => q.questionId === "fair");
    expect(fair.overall.mean).toBeGreaterThanOrEqual(1);
    expect(fair.overall.ci).toMatchObject({ level: 0.95 });
    const bad = await s.request("GET", `/studies/${study.id}/runs/${pilot.id}/results`, {
      key: t.key,
      query: { groupBy: "shoeSize" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe("groupBy");

    const csv = await s.request("GET", `/studies/${study.id}/runs/${pilot.id}/results.csv`, { key: t.key });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]?.startsWith("task_id,persona_id,question_id,parsed,valid,score,")).toBe(true);
    expect(lines).toHaveLength(1 + 4 * 2);
  });

  it("keeps a deleted study's finished runs readable until purged; other tenants see nothing", async () => {
    const t = await s.newTenant();
    const other = await s.newTenant();
    const { study } = await setup(t, 2);
    const run = await finished(t, study.id, (await start(t, study.id, { maxConcurrency: 2 })).id);
    for (const [method, path, body] of [
      ["GET", `/studies/${study.id}/runs`, undefined],
      ["GET", `/studies/${study.id}/runs/${run.id}`, undefined],
      ["GET", `/studies/${study.id}/runs/${run.id}/results`, undefined],
      ["GET", `/studies/${study.id}/runs/${run.id}/results.csv`, undefined],
      ["GET", `/studies/${study.id}/runs/${run.id}/results.ndjson`, undefined],
      ["GET", `/studies/${study.id}/runs/${run.id}/events`, undefined],
      ["POST", `/studies/${study.id}/runs/${run.id}/control`, { action: "cancel" }],
      ["POST", `/studies/${study.id}/runs`, { maxConcurrency: 1 }],
    ] as const) {
      const res = await s.request(method, path, { key: other.key, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const population = (await s.request("GET", "/populations", { key: t.key })).body.populations[0].id;
    expect((await s.request("DELETE", `/studies/${study.id}`, { key: t.key })).status).toBe(200);
    expect((await s.request("GET", `/studies/${study.id}/runs/${run.id}`, { key: t.key })).status).toBe(200);
    const listed = await s.request("GET", `/studies/${study.id}/runs`, { key: t.key });
    expect(listed.body.runs.map((r: { id: string }) => r.id)).toEqual([run.id]);
    // The kept run's population is still in use, until the deleted study is deleted again with purge.
    const held = await s.request("DELETE", `/populations/${population}`, { key: t.key });
    expect(held.status).toBe(409);
    expect(held.body.error).toContain("purge=true");
    expect((await s.request("DELETE", `/studies/${study.id}`, { key: t.key })).status).toBe(404);
    const purgeKept = await s.request("DELETE", `/studies/${study.id}`, { key: t.key, query: { purge: "true" } });
    expect(purgeKept.status, purgeKept.text).toBe(200);
    expect((await s.request("GET", `/studies/${study.id}/runs/${run.id}`, { key: t.key })).status).toBe(404);
    expect((await s.request("DELETE", `/studies/${study.id}`, { key: t.key, query: { purge: "true" } })).status).toBe(
      404,
    );
    expect((await s.request("DELETE", `/populations/${population}`, { key: t.key })).status).toBe(200);

    const second = await setup(t, 1);
    const run2 = await finished(t, second.study.id, (await start(t, second.study.id, { maxConcurrency: 1 })).id);
    const purged = await s.request("DELETE", `/studies/${second.study.id}`, { key: t.key, query: { purge: "true" } });
    expect(purged.status).toBe(200);
    expect((await s.request("GET", `/studies/${second.study.id}/runs/${run2.id}`, { key: t.key })).status).toBe(404);
    expect((await s.request("GET", `/runs/${run2.id}`, { key: t.key })).status).toBe(404);
  });
});

describe("the dry run against the real run", () => {
  it("plans the real run's task count and its tokens within 20%", async () => {
    const t = await s.newTenant();
    const { study: base } = await setup(t, 4, { replicates: 2 });
    // A richer skill than the others: free text and a follow-up too.
    const skill = await s.request("POST", "/skills", {
      key: t.key,
      body: {
        name: "Onboarding",
        instructions: "You just tried the onboarding of a budgeting app for the first time.",
        questions: [
          { id: "ease", text: "How easy was it?", outputFormat: { type: "likert", scale: 7 } },
          {
            id: "stuck",
            text: "Where did you get stuck, if anywhere?",
            outputFormat: { type: "text", maxWords: 60 },
            followUps: ["What would have helped you there?"],
          },
          {
            id: "plan",
            text: "Which plan would you pick?",
            outputFormat: { type: "single_choice", options: ["Free", "Plus", "Family"] },
          },
        ],
      },
    });
    expect(skill.status, skill.text).toBe(201);
    const created = await s.request("POST", "/studies", {
      key: t.key,
      body: { name: "Onboarding", populationId: base.populationId, skillId: skill.body.skill.id, replicates: 2 },
    });
    const study = StudyEnvelope.parse(created.body).study;
    const plan = StudyPlanEnvelope.parse(
      (await s.request("POST", `/studies/${study.id}/runs`, { key: t.key, body: { maxConcurrency: 4, dryRun: true } }))
        .body,
    ).plan;
    const run = await finished(t, study.id, (await start(t, study.id, { maxConcurrency: 4 })).id);
    expect(run.counts.total).toBe(plan.tasks);
    const tasks = (await s.request("GET", "/tasks", { key: t.key, query: { limit: 50 } })).body.tasks as {
      id: string;
    }[];
    expect(tasks).toHaveLength(plan.tasks);
    let tokensIn = 0;
    let tokensOut = 0;
    for (const task of tasks) {
      const turns = (await s.request("GET", `/tasks/${task.id}/turns`, { key: t.key })).body.turns as {
        tokensIn: number;
        tokensOut: number;
      }[];
      for (const turn of turns) {
        tokensIn += turn.tokensIn;
        tokensOut += turn.tokensOut;
      }
    }
    const planned = plan.estimate.tokensIn + plan.estimate.tokensOut;
    const actual = tokensIn + tokensOut;
    expect(Math.abs(planned - actual) / actual).toBeLessThanOrEqual(0.2);
  });
});
