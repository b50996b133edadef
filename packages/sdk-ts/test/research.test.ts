/**
 * Happy paths of the research resources: skills, tasks, schedules, cohorts, populations, studies (with run
 * progress as a stream), calibrations, runs and analytics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PersonRun } from "../src/index.ts";
import { type ApiServer, newTenant, seed, startServer, until } from "./helpers.ts";

let api: ApiServer;
beforeAll(async () => {
  api = await startServer();
});
afterAll(() => api?.stop());

const SKILL = {
  name: "Meal planning",
  instructions: "You are looking at a meal-planning add-on for $12/month.",
  questions: [
    {
      id: "pay",
      text: "Would you pay $12/month for it?",
      outputFormat: { type: "single_choice" as const, options: ["Yes", "No"] },
    },
    { id: "fair", text: "How fair is the price?", outputFormat: { type: "likert" as const, scale: 5 } },
  ],
};

async function personas(pr: PersonRun, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push((await pr.personas.create({ seed: seed({ firstName: `P${i}`, age: 25 + i }) })).persona.id);
  return ids;
}

describe("skills and tasks", () => {
  it("creates, versions, imports and archives skills; runs a task to its results, turns and scores", async () => {
    const { pr } = await newTenant(api);
    const { skill } = await pr.skills.create(SKILL);
    expect(skill.version).toBe(1);
    const { skill: v2 } = await pr.skills.update(skill.id, { description: "Pricing check" });
    expect(v2.version).toBe(2);
    expect((await pr.skills.versions(skill.id)).versions.map((v) => v.version).sort()).toEqual([1, 2]);
    expect((await pr.skills.retrieve(skill.id, { version: 1 })).skill.version).toBe(1);
    const imported = await pr.skills.import({
      format: "typeform",
      document: {
        title: "Satisfaction",
        fields: [
          { id: "f1", ref: "sat", title: "How satisfied are you?", type: "opinion_scale", properties: { steps: 5 } },
        ],
      },
    });
    expect(imported.skill.questions).toHaveLength(1);
    expect((await pr.skills.list().toArray()).map((s) => s.id).sort()).toEqual([skill.id, imported.skill.id].sort());
    expect((await pr.skills.delete(imported.skill.id)).deleted).toBe(true);

    const [personaId] = await personas(pr, 1);
    const { task } = await pr.tasks.create({ skillId: skill.id, personaId: personaId! });
    expect(task.status).toBe("pending");
    expect((await pr.tasks.execute(task.id)).task.id).toBe(task.id);
    const done = await until(async () => {
      const { task: t } = await pr.tasks.retrieve(task.id);
      return ["succeeded", "failed", "cancelled"].includes(t.status) ? t : null;
    }, "the task to finish");
    expect(done.status).toBe("succeeded");
    const { results } = await pr.tasks.results(task.id);
    expect(results.map((r) => r.questionId)).toEqual(["pay", "fair"]);
    expect((await pr.tasks.turns(task.id)).turns.length).toBeGreaterThanOrEqual(2);
    expect((await pr.tasks.scores(task.id)).scores).toBeDefined();
    expect((await pr.tasks.list({ skillId: skill.id }).toArray()).map((t) => t.id)).toEqual([task.id]);
    // A finished task cannot be paused: the control call answers a typed 409.
    await expect(pr.tasks.control(task.id, { action: "pause" })).rejects.toMatchObject({ status: 409 });
    expect((await pr.tasks.delete(task.id)).deleted).toBe(true);
  });
});

describe("cohorts, populations, studies", () => {
  it("runs a small study, following its progress stream to the end, and reads its results", async () => {
    const { pr } = await newTenant(api);
    const ids = await personas(pr, 3);
    const { cohort } = await pr.cohorts.create({ name: "All", include: ids });
    expect(cohort.memberCount).toBe(3);
    expect((await pr.cohorts.update(cohort.id, { description: "Everyone" })).cohort.description).toBe("Everyone");
    expect((await pr.cohorts.retrieve(cohort.id)).cohort.name).toBe("All");
    expect(await pr.cohorts.members(cohort.id).toArray()).toHaveLength(3);
    expect((await pr.cohorts.list().toArray()).map((c) => c.id)).toEqual([cohort.id]);

    const { population } = await pr.populations.create({
      name: "Panel",
      cohorts: [{ cohortId: cohort.id, weight: 1 }],
      sampling: { rule: "all" },
    });
    expect(population.status).toBe("ready");
    expect((await pr.populations.update(population.id, { name: "Panel A" })).population.name).toBe("Panel A");
    expect((await pr.populations.retrieve(population.id)).population.id).toBe(population.id);
    expect((await pr.populations.list().toArray()).map((p) => p.id)).toEqual([population.id]);
    const snap = await pr.populations.snapshot(population.id);
    expect(snap.created).toBe(false);
    expect((await pr.populations.versions(population.id)).versions.map((v) => v.version)).toEqual([1]);
    expect((await pr.populations.retrieveVersion(population.id, 1)).version.version).toBe(1);
    expect(await pr.populations.members(population.id, 1).toArray()).toHaveLength(3);

    const { skill } = await pr.skills.create(SKILL);
    const { study } = await pr.studies.create({ name: "WTP", populationId: population.id, skillId: skill.id });
    expect((await pr.studies.update(study.id, { decision: "Launch the add-on?" })).study.decision).toBe(
      "Launch the add-on?",
    );
    expect((await pr.studies.retrieve(study.id)).study.id).toBe(study.id);
    expect((await pr.studies.list().toArray()).map((s) => s.id)).toEqual([study.id]);
    const { plan } = await pr.studies.runs.plan(study.id, { maxConcurrency: 3 });
    expect(plan.tasks).toBe(3);

    const { run } = await pr.studies.runs.create(study.id, { maxConcurrency: 3 });
    const events: string[] = [];
    for await (const e of await pr.studies.runs.events(study.id, run.id)) {
      events.push(e.event);
      if (e.event === "end") expect(e.data.run.status).toBe("succeeded");
    }
    expect(events.at(-1)).toBe("end");
    const finished = await pr.studies.runs.wait(study.id, run.id);
    expect(finished.counts).toMatchObject({ total: 3, succeeded: 3 });
    expect((await pr.studies.runs.retrieve(study.id, run.id)).run.status).toBe("succeeded");
    expect((await pr.studies.runs.list(study.id).toArray()).map((r) => r.id)).toEqual([run.id]);

    const { results } = await pr.studies.runs.results(study.id, run.id);
    expect(results.questions.map((q) => q.questionId)).toEqual(["pay", "fair"]);
    const csv = await pr.studies.runs.resultsCsv(study.id, run.id);
    expect(csv.split("\n")[0]).toContain("task_id,persona_id,question_id");
    const ndjson = (await pr.studies.runs.resultsNdjson(study.id, run.id)).trim().split("\n");
    expect(ndjson).toHaveLength(6);
    expect((await pr.studies.trend(study.id)).trend).toBeDefined();
    await expect(pr.studies.runs.control(study.id, run.id, { action: "pause" })).rejects.toMatchObject({
      status: 409,
    });

    const runs = await pr.runs.list({ kind: "studies.run" }).toArray();
    expect(runs.map((r) => r.id)).toContain(run.id);
    expect((await pr.runs.retrieve(run.id)).run.state).toBe("succeeded");
    const runEvents: string[] = [];
    for await (const e of await pr.runs.events(run.id)) runEvents.push(e.event);
    expect(runEvents.at(-1)).toBe("end");

    expect((await pr.studies.delete(study.id, { purge: "true" })).deleted).toBe(true);
    expect((await pr.populations.delete(population.id)).deleted).toBe(true);
    expect((await pr.cohorts.delete(cohort.id)).deleted).toBe(true);
  });

  it("generates a population in the background and follows it", async () => {
    const { pr } = await newTenant(api);
    const { population } = await pr.populations.generate({ name: "Census", size: 2, targets: "us-adults" });
    expect(population.status).toBe("generating");
    const ready = await until(async () => {
      const { population: p } = await pr.populations.retrieve(population.id);
      return p.status === "generating" ? null : p;
    }, "the population to be generated");
    expect(ready.status).toBe("ready");
  });
});

describe("schedules, calibrations, runs, analytics", () => {
  it("creates, previews, triggers, updates and deletes a schedule", async () => {
    const { pr } = await newTenant(api);
    const { skill } = await pr.skills.create(SKILL);
    const [personaId] = await personas(pr, 1);
    const { task } = await pr.tasks.create({ skillId: skill.id, personaId: personaId! });
    const { schedule } = await pr.schedules.create({
      name: "Nightly",
      target: { type: "task", id: task.id },
      cron: "0 3 * * *",
      timezone: "Europe/Paris",
    });
    expect(schedule.enabled).toBe(true);
    expect((await pr.schedules.preview(schedule.id, { count: 3 })).runs).toHaveLength(3);
    const fired = await pr.schedules.trigger(schedule.id);
    expect(fired.execution).toBeDefined();
    expect((await pr.schedules.executions(schedule.id).toArray()).length).toBe(1);
    expect((await pr.schedules.update(schedule.id, { enabled: false })).schedule.enabled).toBe(false);
    expect((await pr.schedules.retrieve(schedule.id)).schedule.name).toBe("Nightly");
    expect((await pr.schedules.list().toArray()).map((s) => s.id)).toEqual([schedule.id]);
    expect((await pr.schedules.delete(schedule.id)).deleted).toBe(true);
  });

  it("starts a calibration, reads it, and controls its run", async () => {
    const { pr } = await newTenant(api);
    const created = await pr.calibrations.create({ model: "person-run/simulator", items: ["HAPPY"], size: 20 });
    const id = created.calibration.id;
    expect((await pr.calibrations.retrieve(id)).calibration.id).toBe(id);
    expect((await pr.calibrations.list().toArray()).map((c) => c.id)).toEqual([id]);
    const runId = created.run.id;
    const paused = await pr.runs.pause(runId).catch((e: { status?: number }) => e);
    // Pausing may race the run's own progress; either it paused or the state did not allow it (409).
    if ("run" in paused) {
      expect(paused.run.state).toBe("paused");
      expect((await pr.runs.resume(runId)).run.id).toBe(runId);
    } else {
      expect(paused.status).toBe(409);
    }
    const cancelled = await pr.runs.cancel(runId).catch((e: { status?: number }) => e);
    if ("run" in cancelled) {
      expect(["cancelled", "succeeded", "failed"]).toContain(cancelled.run.state);
    } else {
      expect(cancelled.status).toBe(409);
    }
    await expect(pr.runs.retry(runId)).rejects.toMatchObject({ status: 409 });
  });

  it("reads usage events, aggregates and exports", async () => {
    const { pr } = await newTenant(api);
    await personas(pr, 2);
    // Usage events are written in the background: wait for both (a bound, not a timing check).
    const events = await until(async () => {
      const all = await pr.analytics.events({ event: "persona_create" }).toArray();
      return all.length >= 2 ? all : null;
    }, "the usage events");
    expect(events.map((e) => e.event)).toEqual(["persona_create", "persona_create"]);
    const usage = await pr.analytics.usage({ groupBy: "event" });
    expect(usage.totals.count).toBeGreaterThanOrEqual(2);
    const csv = await pr.analytics.export({ format: "csv", event: "persona_create" });
    expect(csv.trim().split("\n")).toHaveLength(3);
    const ndjson = await pr.analytics.export({ format: "ndjson", event: "persona_create" });
    expect(
      ndjson
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).event),
    ).toEqual(["persona_create", "persona_create"]);
  });
});
