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
  s = await startTestServer({ modules: MODULES, env: { CREDITS_PER_USD: "1000", PROMPT_BASE_CREDITS: "1" } });
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
