import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer, until } from "../../../test/harness.ts";
import { MODULES } from "../registry.ts";

/**
 * The embedded server stays responsive while a study run executes on the simulator at full speed (no
 * SIMULATOR_DELAY_MS): the simulator answers without I/O and the embedded database's queries resolve
 * without I/O, so without yielding, a run of many tasks would keep every request waiting until it ended —
 * a pause would only ever find it finished.
 */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ modules: MODULES });
});
afterAll(() => s.close());

describe("a study run at full speed", () => {
  it("leaves room for requests: a pause lands while the run goes", async () => {
    const t = await s.newTenant();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await s.request("POST", "/personas", { key: t.key, body: { seed: seed({ firstName: `F${i}` }) } });
      ids.push(res.body.persona.id);
    }
    const cohort = await s.request("POST", "/cohorts", { key: t.key, body: { name: "All", include: ids } });
    const population = await s.request("POST", "/populations", {
      key: t.key,
      body: { name: "Panel", cohorts: [{ cohortId: cohort.body.cohort.id, weight: 1 }], sampling: { rule: "all" } },
    });
    const skill = await s.request("POST", "/skills", {
      key: t.key,
      body: {
        name: "Quick",
        instructions: "A quick check.",
        questions: [{ id: "q", text: "How fair is the price?", outputFormat: { type: "likert", scale: 5 } }],
      },
    });
    const study = await s.request("POST", "/studies", {
      key: t.key,
      body: {
        name: "Quick",
        populationId: population.body.population.id,
        skillId: skill.body.skill.id,
        replicates: 20,
      },
    });
    const studyId = study.body.study.id as string;
    const started = await s.request("POST", `/studies/${studyId}/runs`, { key: t.key, body: { maxConcurrency: 8 } });
    expect(started.status, started.text).toBe(202);
    const runId = started.body.run.id as string;
    // Wait for the run to be under way (tasks created), then ask for a pause while it goes.
    await until(
      async () => {
        const r = await s.request("GET", `/studies/${studyId}/runs/${runId}`, { key: t.key });
        return r.body.run.status === "running" && r.body.run.counts.succeeded > 0 ? true : null;
      },
      { what: "the run under way" },
    );
    const paused = await s.request("POST", `/studies/${studyId}/runs/${runId}/control`, {
      key: t.key,
      body: { action: "pause" },
    });
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body.run.status).toBe("paused");
    expect(paused.body.run.finishedAt).toBeNull();
    const cancelled = await s.request("POST", `/studies/${studyId}/runs/${runId}/control`, {
      key: t.key,
      body: { action: "cancel" },
    });
    expect(cancelled.status, cancelled.text).toBe(200);
  });
});
