import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, until } from "../../../test/harness.ts";
import { everyFormat, type Tenant, taskApi } from "./tasks-fixture.ts";

/**
 * Pause, resume, cancel and delete of running tasks, and tasks whose persona is deleted. The simulator
 * answers slowly here (SIMULATOR_DELAY_MS per word), so that a task is caught between its turns; every
 * wait polls for a state with a bound, none expects a duration.
 */

let s: TestServer;
let api: ReturnType<typeof taskApi>;
beforeAll(async () => {
  s = await startTestServer({ env: { JOB_POLL_INTERVAL_SECONDS: "0.5", SIMULATOR_DELAY_MS: "40" } });
  api = taskApi(s);
});
afterAll(() => s.close());

/** Six questions, each its own turn: time enough to catch the task between two of them. */
const SIX = [1, 2, 3, 4, 5, 6].map((n) => ({
  id: `q${n}`,
  text: `Question ${n}: how do you rate the pricing page?`,
  outputFormat: { type: "likert", scale: 7 },
}));

async function runningTask(t: Tenant, questions = SIX) {
  const p = await api.persona(t);
  const skill = await api.skill(t, { questions });
  const task = await api.createTask(t, { skillId: skill.id, personaId: p.id, execute: true });
  return { p, task };
}

/** Waits until at least `n` questions of the attempt have their result (the task is between turns then). */
const answered = (t: Tenant, taskId: string, n: number) =>
  until(async () => (await api.results(t, taskId)).results.length >= n, {
    what: `${n} answered questions of ${taskId}`,
    timeoutMs: 60_000,
  });

describe("POST /tasks/:taskId/control", () => {
  it("pauses a multi-question task between turns and resumes it where it stopped", async () => {
    const t = await s.newTenant();
    const { task } = await runningTask(t);
    await answered(t, task.id, 1);
    const paused = await api.control(t, task.id, "pause");
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body.task.status).toBe("paused");
    const kept = (await api.results(t, task.id)).results.length;
    expect(kept).toBeGreaterThanOrEqual(1);
    // Paused: a second pause and an execute do not apply.
    const again = await api.control(t, task.id, "pause");
    expect(again.status).toBe(409);
    expect(again.body.error).toBe("The task is paused: only a queued or running task can be paused");
    expect((await api.execute(t, task.id)).status).toBe(409);

    const resumed = await api.control(t, task.id, "resume");
    expect(resumed.status, resumed.text).toBe(200);
    expect(["queued", "running"]).toContain(resumed.body.task.status);
    const done = await api.settled(t, task.id);
    expect(done).toMatchObject({ status: "succeeded", attempt: 1 });
    // Each question answered once in the attempt; the answers given before the pause were kept.
    const { results } = await api.results(t, task.id);
    expect(results.map((r) => r.questionId)).toEqual(["q1", "q2", "q3", "q4", "q5", "q6"]);
    const turns = await api.turns(t, task.id);
    expect(new Set(turns.map((x) => x.questionId))).toEqual(new Set(["q1", "q2", "q3", "q4", "q5", "q6"]));
    expect(turns.filter((x) => x.questionId === "q1" && x.ask === 0)).toHaveLength(1);
    expect(await api.events(t, "task_complete")).toHaveLength(1);
    expect((await api.events(t, "task_control")).map((e) => e.payload.action)).toEqual(["pause", "resume"]);
    // Finished: nothing to pause, resume or cancel.
    for (const action of ["pause", "resume", "cancel"] as const) {
      const res = await api.control(t, task.id, action);
      expect(res.status, action).toBe(409);
      expect(res.body.error).toMatch(/^The task is succeeded: only /);
    }
  });

  it("cancels a running task, keeps what it answered, and executes it again as attempt 2", async () => {
    const t = await s.newTenant();
    const { task } = await runningTask(t);
    expect((await api.execute(t, task.id)).status).toBe(409);
    await answered(t, task.id, 1);
    const cancelled = await api.control(t, task.id, "cancel");
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body.task).toMatchObject({ status: "cancelled", errorCode: "cancelled" });
    const partial = (await api.results(t, task.id, 1)).results.length;
    expect(partial).toBeGreaterThanOrEqual(1);
    expect(partial).toBeLessThan(6);

    expect((await api.execute(t, task.id)).status).toBe(202);
    const done = await api.settled(t, task.id);
    expect(done).toMatchObject({ status: "succeeded", attempt: 2 });
    expect((await api.results(t, task.id)).results).toHaveLength(6);
    expect((await api.results(t, task.id, 1)).results).toHaveLength(partial);
    const turns = await api.turns(t, task.id);
    expect(turns.filter((x) => x.attempt === 2 && x.ask === 0)).toHaveLength(6);
    expect(turns.filter((x) => x.attempt === 1).length).toBeGreaterThanOrEqual(partial);
  });

  it("refuses actions on a pending task (409)", async () => {
    const t = await s.newTenant();
    const p = await api.persona(t);
    const skill = await api.skill(t, { questions: SIX.slice(0, 1) });
    const task = await api.createTask(t, { skillId: skill.id, personaId: p.id });
    const res = await api.control(t, task.id, "pause");
    expect(res.status).toBe(409);
    expect(res.body.error).toBe("The task is pending: only a queued or running task can be paused");
  });
});

describe("deleted personas and tasks", () => {
  it("fails a task whose persona was deleted, clearly and without retrying", async () => {
    const t = await s.newTenant();
    const p = await api.persona(t);
    const skill = await api.skill(t, { questions: everyFormat().slice(1, 2) });
    const task = await api.createTask(t, { skillId: skill.id, personaId: p.id });
    expect((await s.request("DELETE", `/personas/${p.id}`, { key: t.key })).status).toBe(200);
    expect((await api.get(t, task.id)).status).toBe("pending");
    expect((await api.execute(t, task.id)).status).toBe(202);
    const failed = await api.settled(t, task.id);
    expect(failed).toMatchObject({
      status: "failed",
      error: "The task's persona was deleted",
      errorCode: "persona_deleted",
    });
    const run = await s.request("GET", `/runs/${failed.runId}`, { key: t.key });
    expect(run.body.run.attempts).toBe(1);
  });

  it("fails a running task when its persona is deleted mid-run", async () => {
    const t = await s.newTenant();
    const { p, task } = await runningTask(t);
    await answered(t, task.id, 1);
    expect((await s.request("DELETE", `/personas/${p.id}`, { key: t.key })).status).toBe(200);
    const failed = await api.settled(t, task.id);
    expect(failed).toMatchObject({ status: "failed", errorCode: "persona_deleted" });
    // Its results stay; its transcript went with the persona's sessions.
    expect((await api.results(t, task.id)).results.length).toBeGreaterThanOrEqual(1);
    expect(await api.turns(t, task.id)).toEqual([]);
  });

  it("deletes a running task: its run is cancelled and its rows are gone", async () => {
    const t = await s.newTenant();
    const { task } = await runningTask(t);
    const del = await s.request("DELETE", `/tasks/${task.id}`, { key: t.key });
    expect(del.status, del.text).toBe(200);
    expect(del.body).toEqual({ deleted: true, id: task.id });
    expect((await s.request("GET", `/tasks/${task.id}`, { key: t.key })).status).toBe(404);
    expect((await s.request("GET", `/tasks/${task.id}/results`, { key: t.key })).status).toBe(404);
    const run = await s.request("GET", `/runs/${task.runId}`, { key: t.key });
    expect(run.body.run.state).toBe("cancelled");
    expect(await api.events(t, "task_delete")).toHaveLength(1);
  });
});
