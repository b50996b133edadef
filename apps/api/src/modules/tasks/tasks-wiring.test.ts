import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../../test/fake-openai.ts";
import { startTestServer, type TestServer, testClock, until } from "../../../test/harness.ts";
import { ExecutionListEnvelope, ScheduleEnvelope, TriggerEnvelope } from "../schedules/schemas.ts";
import { TaskListEnvelope } from "./schemas.ts";
import { type Tenant, taskApi } from "./tasks-fixture.ts";

/**
 * Tasks as the other parts of the product reach them: as a schedule's target (a fire starts the task's next
 * attempt), and on a real provider's code path (the local fake OpenAI-compatible server), where answers are
 * whatever the model writes: parsed, repaired with the repair instruction, judged by a model.
 */

const MODEL = "compatible/fake-llama-3";
const HOUR = 3600_000;
const clock = testClock();
let fake: FakeOpenAI;
let s: TestServer;
let api: ReturnType<typeof taskApi>;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  s = await startTestServer({
    clock,
    env: { SCHEDULER_TICK_MS: "50", OPENAI_COMPATIBLE_BASE_URL: fake.url, LLM_MAX_RETRIES: "0" },
  });
  api = taskApi(s);
});
afterAll(async () => {
  await s.close();
  await fake.close();
});
beforeEach(() => fake.reset());

const oneQuestion = {
  questions: [{ id: "q", text: "How fair is the price?", outputFormat: { type: "likert", scale: 7 } }],
};

async function executions(t: Tenant, scheduleId: string) {
  const res = await s.request("GET", `/schedules/${scheduleId}/executions`, { key: t.key });
  expect(res.status, res.text).toBe(200);
  return ExecutionListEnvelope.parse(res.body).executions;
}

describe("a schedule whose target is a task", () => {
  it("fires at runAt: the task's next attempt runs to the end, and the task lists under the schedule", async () => {
    const t = await s.newTenant();
    const persona = await api.persona(t);
    const skill = await api.skill(t, oneQuestion);
    const task = await api.createTask(t, { skillId: skill.id, personaId: persona.id });
    expect(task.status).toBe("pending");

    const runAt = new Date(clock.now().getTime() + HOUR).toISOString();
    const created = await s.request("POST", "/schedules", {
      key: t.key,
      body: { target: { type: "task", id: task.id }, runAt },
    });
    expect(created.status, created.text).toBe(201);
    const schedule = ScheduleEnvelope.parse(created.body).schedule;

    clock.advance(HOUR + 1000);
    const [execution] = await until(
      async () => {
        const list = await executions(t, schedule.id);
        return list.length > 0 ? list : undefined;
      },
      { what: "the schedule's fire" },
    );
    expect(execution).toMatchObject({ status: "started", detail: { taskId: task.id, attempt: 1 } });
    const done = await api.settled(t, task.id);
    expect(done).toMatchObject({ status: "succeeded", attempt: 1, scheduleId: schedule.id, runId: execution?.runId });
    const results = await api.results(t, task.id);
    expect(results.results).toMatchObject([{ questionId: "q", valid: true }]);

    const listed = await s.request("GET", "/tasks", { key: t.key, query: { scheduleId: schedule.id } });
    expect(TaskListEnvelope.parse(listed.body).tasks.map((x) => x.id)).toEqual([task.id]);
  });

  it("trigger-now starts the next attempt; a fire while the task is still running is skipped with the reason", async () => {
    const t = await s.newTenant();
    const persona = await api.persona(t);
    const skill = await api.skill(t, oneQuestion);
    const task = await api.createTask(t, { skillId: skill.id, personaId: persona.id, model: MODEL });
    const created = await s.request("POST", "/schedules", {
      key: t.key,
      body: { target: { type: "task", id: task.id }, cron: "0 9 * * 1", timezone: "Europe/Berlin" },
    });
    const schedule = ScheduleEnvelope.parse(created.body).schedule;
    const trigger = async () => {
      const res = await s.request("POST", `/schedules/${schedule.id}/trigger-now`, { key: t.key, body: {} });
      expect(res.status, res.text).toBe(202);
      return TriggerEnvelope.parse(res.body).execution;
    };

    // The model never answers: attempt 1 stays running until it is cancelled.
    fake.enqueue({ kind: "hang" });
    expect(await trigger()).toMatchObject({ status: "started", manual: true, detail: { taskId: task.id, attempt: 1 } });
    await api.settled(t, task.id, ["running"]);
    const skipped = await trigger();
    expect(skipped).toMatchObject({ status: "skipped", runId: null });
    expect(skipped.reason).toMatch(/running/i);
    expect((await api.control(t, task.id, "cancel")).status).toBe(200);
    expect((await api.settled(t, task.id)).status).toBe("cancelled");

    fake.enqueue({ kind: "text", text: "6 - fair for what it does." });
    expect(await trigger()).toMatchObject({ status: "started", detail: { taskId: task.id, attempt: 2 } });
    const done = await api.settled(t, task.id);
    expect(done).toMatchObject({ status: "succeeded", attempt: 2 });
    expect((await api.results(t, task.id)).results).toMatchObject([{ questionId: "q", valid: true, parsed: 6 }]);
  });

  it("concurrent executes of one task start one attempt: the others are 409", async () => {
    const t = await s.newTenant();
    const persona = await api.persona(t);
    const skill = await api.skill(t, oneQuestion);
    const task = await api.createTask(t, { skillId: skill.id, personaId: persona.id, model: MODEL });
    // The model never answers: the attempt that starts stays running while the others arrive.
    fake.enqueue({ kind: "hang" });
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.execute(t, task.id)));
    expect(answers.map((r) => r.status).sort()).toEqual([202, 409, 409, 409, 409, 409, 409, 409]);
    expect((await api.get(t, task.id)).attempt).toBe(1);
    expect((await api.control(t, task.id, "cancel")).status).toBe(200);
    const runs = await s.request("GET", "/runs", { key: t.key, query: { kind: "tasks.execute" } });
    expect(runs.body.runs).toHaveLength(1);
  });

  it("a schedule of another tenant's task is a 404, of an unknown one too", async () => {
    const owner = await s.newTenant();
    const persona = await api.persona(owner);
    const skill = await api.skill(owner, oneQuestion);
    const task = await api.createTask(owner, { skillId: skill.id, personaId: persona.id });
    const intruder = await s.newTenant();
    for (const id of [task.id, "00000000-0000-4000-8000-000000000000"]) {
      const res = await s.request("POST", "/schedules", {
        key: intruder.key,
        body: { target: { type: "task", id }, cron: "0 9 * * 1" },
      });
      expect(res.status, res.text).toBe(404);
    }
  });
});

describe("a task on a real provider's code path", () => {
  it("parses what the model wrote, repairs an unreadable answer, and scores with the model as judge", async () => {
    const t = await s.newTenant();
    const persona = await api.persona(t);
    const skill = await api.skill(t, {
      questions: [
        { id: "fair", text: "How fair is the price?", outputFormat: { type: "likert", scale: 7 } },
        {
          id: "plan",
          text: "Which plan would you buy?",
          outputFormat: { type: "single_choice", options: ["Basic", "Pro", "Team"] },
          followUps: ["Why that one?"],
        },
      ],
      evaluation: {
        criteria: [
          { name: "readable", weight: 1, rule: { type: "format_valid" } },
          { name: "reasoned", weight: 1, judge: "Does the persona give a concrete reason for the plan?" },
        ],
        passThreshold: 0.7,
      },
    });
    fake.enqueue(
      { kind: "text", text: "It depends on the team size, honestly." },
      { kind: "text", text: "5 — fair enough for what it does." },
      { kind: "text", text: "**B) Pro** — I need the exports." },
      { kind: "text", text: "Because exporting to CSV is most of my week." },
      { kind: "text", text: JSON.stringify({ score: 0.9, reason: "Names exports as the reason." }) },
    );
    const task = await api.createTask(t, { skillId: skill.id, personaId: persona.id, model: MODEL, execute: true });
    const done = await api.settled(t, task.id);
    expect(done.status, done.error ?? "").toBe("succeeded");

    const { results } = await api.results(t, task.id);
    expect(results).toMatchObject([
      { questionId: "fair", valid: true, parsed: 5, asks: 2 },
      { questionId: "plan", valid: true, parsed: { label: "Pro", index: 1 }, asks: 1 },
    ]);
    expect(JSON.stringify(results[1]?.followUps)).toContain("exporting to CSV");
    // The repair asked again with the reason and the format instruction.
    const repair = fake.calls.filter((c) => c.path.endsWith("/chat/completions"))[1];
    const lastUser = repair?.body.messages.at(-1).content;
    expect(JSON.stringify(lastUser)).toMatch(/could not be read/);
    expect(JSON.stringify(lastUser)).toMatch(/1 to 7/);

    const { scores } = await api.scores(t, task.id);
    expect(scores).toMatchObject({
      criteria: [
        { name: "readable", score: 1, passed: true },
        { name: "reasoned", score: 0.9, passed: true },
      ],
      total: 0.95,
      passed: true,
    });
  });
});
