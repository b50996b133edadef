import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test/harness.ts";
import { TaskListEnvelope } from "./schemas.ts";
import { everyFormat, taskApi } from "./tasks-fixture.ts";

/**
 * Tasks through HTTP on the offline simulator: every output format parsed, repaired or left invalid,
 * variables, version pinning, evaluation, re-execution after a 402, filters. Control, deleted personas and
 * restarts are in the other tasks-*.test.ts files.
 */

let s: TestServer;
let api: ReturnType<typeof taskApi>;
beforeAll(async () => {
  s = await startTestServer({ env: { JOB_POLL_INTERVAL_SECONDS: "0.5" } });
  api = taskApi(s);
});
afterAll(() => s.close());

async function runOnce(marker: string) {
  const t = await s.newTenant();
  const p = await api.persona(t);
  const skill = await api.skill(t, { questions: everyFormat(marker) });
  const task = await api.createTask(t, { skillId: skill.id, personaId: p.id, execute: true });
  // Accepted, not done: this process's worker may already have taken it when the response is read.
  expect(["queued", "running"]).toContain(task.status);
  const finished = await api.settled(t, task.id);
  expect(finished.status, JSON.stringify(finished)).toBe("succeeded");
  return { t, task: finished, ...(await api.results(t, task.id)) };
}

describe("every output format", () => {
  it("parses a valid answer of each format into its typed value, asked once", async () => {
    const { t, task, attempt, results } = await runOnce("");
    expect(attempt).toBe(1);
    expect(results.map((r) => r.questionId)).toEqual(everyFormat().map((q) => q.id));
    for (const r of results) {
      expect(r, r.questionId).toMatchObject({ valid: true, asks: 1 });
      expect(r.error).toBeUndefined();
    }
    const by = Object.fromEntries(results.map((r) => [r.questionId, r.parsed]));
    const clarity = by.clarity as number;
    const price = by.price as number;
    expect(typeof by.opinion).toBe("string");
    expect(Number.isInteger(clarity) && clarity >= 1 && clarity <= 7).toBe(true);
    expect(["Free", "Pro", "Team"]).toContain((by.plan as { label: string }).label);
    expect((by.features as { labels: string[] }).labels.length).toBeGreaterThanOrEqual(1);
    expect([...(by.order as { labels: string[] }).labels].sort()).toEqual(["Free", "Pro", "Team"]);
    expect(Number.isInteger(price) && price >= 0 && price <= 500).toBe(true);
    expect(by.profile).toMatchObject({ teamSize: expect.any(Number), role: expect.any(String) });
    // One session: the turns are its transcript, tagged with attempt, question and ask.
    const turns = await api.turns(t, task.id);
    expect(task.sessionId).not.toBeNull();
    expect(turns).toHaveLength(7);
    expect(turns.map((x) => [x.attempt, x.questionId, x.ask])).toEqual(everyFormat().map((q) => [1, q.id, 0]));
    expect(turns[0]?.prompt.startsWith("You are looking at a pricing page.")).toBe(true);
    expect(turns[1]?.prompt.startsWith("You are looking at a pricing page.")).toBe(false);
    const session = await s.request("GET", `/personas/prompt/sessions/${task.sessionId}`, { key: t.key });
    expect(session.body.turns).toHaveLength(7);
    expect(await api.events(t, "task_complete")).toHaveLength(1);
  });

  it("repairs an invalid first answer of each format with a second ask", async () => {
    const { t, task, results } = await runOnce("[simulate:invalid-once]");
    for (const r of results) expect(r, r.questionId).toMatchObject({ valid: true, asks: 2 });
    const turns = await api.turns(t, task.id);
    expect(turns).toHaveLength(14);
    const repair = turns.find((x) => x.questionId === "price" && x.ask === 1);
    expect(repair?.prompt).toMatch(/^Your answer could not be read: .+ Please answer again\./);
  });

  it("stores an answer still invalid after two repairs as invalid with its parse error, never a value", async () => {
    const { t, task, results } = await runOnce("[simulate:invalid]");
    for (const r of results) {
      expect(r, r.questionId).toMatchObject({ valid: false, asks: 3, parsed: null });
      expect(r.error, r.questionId).toEqual(expect.any(String));
      expect(r.raw.length, r.questionId).toBeGreaterThan(0);
    }
    expect((await api.turns(t, task.id)).map((x) => x.ask)).toEqual(everyFormat().flatMap(() => [0, 1, 2]));
  });
});

describe("the safety policy", () => {
  it("stores a blocked question as invalid and goes on with the next one", async () => {
    const t = await s.newTenant();
    const put = await s.request("PUT", "/personas/safety-policy", { key: t.key, body: { blockedTerms: ["zorblax"] } });
    expect(put.status, put.text).toBe(200);
    const p = await api.persona(t);
    const skill = await api.skill(t, {
      questions: [
        { id: "blocked", text: "Would you buy zorblax?", outputFormat: { type: "likert", scale: 5 } },
        { id: "fine", text: "Would you buy the Pro plan?", outputFormat: { type: "likert", scale: 5 } },
      ],
    });
    const task = await api.createTask(t, { skillId: skill.id, personaId: p.id, execute: true });
    expect((await api.settled(t, task.id)).status).toBe("succeeded");
    const { results } = await api.results(t, task.id);
    expect(results[0]).toMatchObject({ valid: false, error: "blocked by the safety policy", parsed: null, asks: 1 });
    expect(results[1]).toMatchObject({ valid: true });
    const turns = await api.turns(t, task.id);
    expect(turns.map((x) => x.questionId)).toEqual(["fine"]);
  });
});

describe("POST /tasks", () => {
  it("names every variable the skill uses that is neither supplied nor a persona field (400)", async () => {
    const t = await s.newTenant();
    const p = await api.persona(t, { firstName: "Maya" });
    const skill = await api.skill(t, {
      instructions: "{{firstName}}, you are evaluating {{product}} for {{ company }}.",
      questions: [{ id: "q1", text: "Would you buy {{product}}?", outputFormat: { type: "likert", scale: 5 } }],
    });
    const res = await s.request("POST", "/tasks", { key: t.key, body: { skillId: skill.id, personaId: p.id } });
    expect(res.status, res.text).toBe(400);
    expect(res.body.code).toBe("validation_error");
    expect(res.body.error).toContain("product");
    expect(res.body.error).toContain("company");
    expect(res.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "variables.company",
      "variables.product",
    ]);

    const task = await api.createTask(t, {
      skillId: skill.id,
      personaId: p.id,
      variables: { product: "Acme Analytics", company: "Initech" },
      execute: true,
    });
    expect((await api.settled(t, task.id)).status).toBe("succeeded");
    const [first] = await api.turns(t, task.id);
    expect(first?.prompt).toContain("Maya, you are evaluating Acme Analytics for Initech.");
    expect(first?.prompt).toContain("Would you buy Acme Analytics?");
  });

  it("refuses an unknown model (400), an unknown persona or skill (404) and an archived skill (409)", async () => {
    const t = await s.newTenant();
    const p = await api.persona(t);
    const skill = await api.skill(t, { questions: everyFormat().slice(1, 2) });
    const bad = await s.request("POST", "/tasks", {
      key: t.key,
      body: { skillId: skill.id, personaId: p.id, model: "nobody/nothing" },
    });
    expect(bad.status, bad.text).toBe(400);
    const missing = "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e";
    expect(
      (await s.request("POST", "/tasks", { key: t.key, body: { skillId: skill.id, personaId: missing } })).status,
    ).toBe(404);
    expect(
      (await s.request("POST", "/tasks", { key: t.key, body: { skillId: missing, personaId: p.id } })).status,
    ).toBe(404);
    // A skill with a task is archived on delete, not lost; no new task may use it.
    await api.createTask(t, { skillId: skill.id, personaId: p.id });
    expect((await s.request("DELETE", `/skills/${skill.id}`, { key: t.key })).status).toBe(200);
    const archived = await s.request("POST", "/tasks", { key: t.key, body: { skillId: skill.id, personaId: p.id } });
    expect(archived.status, archived.text).toBe(409);
  });

  it("pins the skill's version: an update of the skill does not change the task", async () => {
    const t = await s.newTenant();
    const p = await api.persona(t);
    const skill = await api.skill(t, {
      questions: [{ id: "q1", text: "Version one question?", outputFormat: { type: "likert", scale: 5 } }],
    });
    const task = await api.createTask(t, { skillId: skill.id, personaId: p.id });
    expect(task).toMatchObject({ skillVersion: 1, status: "pending", attempt: 0, runId: null, sessionId: null });
    const patched = await s.request("PATCH", `/skills/${skill.id}`, {
      key: t.key,
      body: { questions: [{ id: "q1", text: "Version two question?", outputFormat: { type: "likert", scale: 5 } }] },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.skill.version).toBe(2);
    expect((await api.execute(t, task.id)).status).toBe(202);
    const done = await api.settled(t, task.id);
    expect(done).toMatchObject({ status: "succeeded", skillVersion: 1, attempt: 1 });
    expect((await api.turns(t, task.id))[0]?.prompt).toContain("Version one question?");
    // A new task pins the new version; an explicit older one may still be chosen.
    expect((await api.createTask(t, { skillId: skill.id, personaId: p.id })).skillVersion).toBe(2);
    expect((await api.createTask(t, { skillId: skill.id, personaId: p.id, skillVersion: 1 })).skillVersion).toBe(1);
  });
});

describe("evaluation", () => {
  it("scores rule and judge criteria once, with the judge's reason; null without a rubric", async () => {
    const t = await s.newTenant();
    const p = await api.persona(t);
    const skill = await api.skill(t, {
      questions: [everyFormat()[0], { ...everyFormat()[1], followUps: ["Why that number?"] }, everyFormat()[5]],
      evaluation: {
        criteria: [
          { name: "Readable", weight: 2, rule: { type: "format_valid" } },
          {
            name: "Pricing in range",
            weight: 1,
            rule: { type: "range", questionId: "price", value: { min: 0, max: 500 } },
          },
          { name: "Gives a reason", weight: 1, judge: "Does the answer give a concrete reason about the pricing?" },
        ],
        passThreshold: 0.5,
      },
    });
    const task = await api.createTask(t, { skillId: skill.id, personaId: p.id, execute: true });
    expect((await api.settled(t, task.id)).status).toBe("succeeded");
    const { attempt, scores } = await api.scores(t, task.id);
    expect(attempt).toBe(1);
    expect(scores?.criteria.map((c) => c.name)).toEqual(["Readable", "Pricing in range", "Gives a reason"]);
    expect(scores?.criteria[0]).toMatchObject({ score: 1, passed: true });
    expect(scores?.criteria[1]).toMatchObject({ score: 1, passed: true });
    expect(scores?.criteria[2]?.reason).toEqual(expect.any(String));
    const judged = scores?.criteria[2]?.score as number;
    expect(scores?.total).toBeCloseTo((2 + 1 + judged) / 4, 3);
    expect(scores?.passed).toBe((scores?.total as number) >= 0.5);
    // The follow-up was asked after the answer and kept with the result.
    const { results } = await api.results(t, task.id);
    expect(results[1]?.followUps).toEqual([{ question: "Why that number?", answer: expect.any(String) }]);
    expect((await api.turns(t, task.id)).map((x) => x.ask)).toEqual([0, 0, "follow_up", 0]);

    const plain = await api.skill(t, { questions: everyFormat().slice(1, 2) });
    const other = await api.createTask(t, { skillId: plain.id, personaId: p.id, execute: true });
    expect((await api.settled(t, other.id)).status).toBe("succeeded");
    expect((await api.scores(t, other.id)).scores).toBeNull();
  });
});

describe("attempts", () => {
  it("fails an attempt the tenant cannot pay for (402, not retried) and runs a new one after a top-up", async () => {
    const t = await s.newTenant();
    const p = await api.persona(t);
    const skill = await api.skill(t, { questions: everyFormat().slice(1, 3) });
    const task = await api.createTask(t, { skillId: skill.id, personaId: p.id, execute: true });
    expect((await api.settled(t, task.id)).status).toBe("succeeded");

    expect((await s.request("PUT", "/billing", { key: t.key, body: { creditBalance: 0 } })).status).toBe(200);
    expect((await api.execute(t, task.id)).status).toBe(202);
    const failed = await api.settled(t, task.id);
    expect(failed).toMatchObject({ status: "failed", attempt: 2, errorCode: "insufficient_credits" });
    const run = await s.request("GET", `/runs/${failed.runId}`, { key: t.key });
    expect(run.body.run).toMatchObject({ state: "failed", attempts: 1, kind: "tasks.execute" });

    expect((await s.request("PUT", "/billing", { key: t.key, body: { creditBalance: null } })).status).toBe(200);
    const again = await api.execute(t, task.id);
    expect(again.status, again.text).toBe(202);
    expect(again.body.task).toMatchObject({ status: "queued", attempt: 3 });
    expect(again.body.task.runId).not.toBe(failed.runId);
    const done = await api.settled(t, task.id);
    expect(done).toMatchObject({ status: "succeeded", attempt: 3, error: null });
    // Every attempt's turns stay in the one session; each attempt has its own results.
    const turns = await api.turns(t, task.id);
    expect(turns.map((x) => x.attempt)).toEqual([1, 1, 3, 3]);
    expect(new Set(turns.map(() => done.sessionId)).size).toBe(1);
    expect((await api.results(t, task.id, 1)).results).toHaveLength(2);
    expect((await api.results(t, task.id, 2)).results).toHaveLength(0);
    expect((await api.results(t, task.id)).attempt).toBe(3);
    expect((await s.request("GET", `/tasks/${task.id}/results`, { key: t.key, query: { attempt: 4 } })).status).toBe(
      404,
    );
    expect((await api.events(t, "task_execute")).map((e) => e.payload.attempt)).toEqual([1, 2, 3]);
  });
});

describe("GET /tasks", () => {
  it("filters by status, skill, persona and schedule, newest first, with a cursor", async () => {
    const t = await s.newTenant();
    const p1 = await api.persona(t);
    const p2 = await api.persona(t, { firstName: "Ben" });
    const a = await api.skill(t, { questions: everyFormat().slice(1, 2) });
    const b = await api.skill(t, { questions: everyFormat().slice(2, 3) });
    const pending = await api.createTask(t, { skillId: a.id, personaId: p1.id });
    const ran = await api.createTask(t, { skillId: b.id, personaId: p1.id, execute: true });
    const other = await api.createTask(t, { skillId: a.id, personaId: p2.id });
    await api.settled(t, ran.id);
    const scheduleId = "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d00";
    const started = await s.ctx.jobs.atomically((tx, send) =>
      s.ctx.tasks.executeIn(tx, send, t.tenantId, other.id, { scheduleId }),
    );
    expect(started.attempt).toBe(1);
    await api.settled(t, other.id);

    const list = async (query: Record<string, string | number>) => {
      const res = await s.request("GET", "/tasks", { key: t.key, query });
      expect(res.status, res.text).toBe(200);
      return TaskListEnvelope.parse(res.body);
    };
    const ids = async (query: Record<string, string | number>) => (await list(query)).tasks.map((x) => x.id);
    expect(await ids({})).toEqual([other.id, ran.id, pending.id]);
    expect(await ids({ status: "pending" })).toEqual([pending.id]);
    expect(await ids({ status: "succeeded" })).toEqual([other.id, ran.id]);
    expect(await ids({ status: "running" })).toEqual([]);
    expect(await ids({ skillId: a.id })).toEqual([other.id, pending.id]);
    expect(await ids({ personaId: p2.id })).toEqual([other.id]);
    expect(await ids({ scheduleId })).toEqual([other.id]);
    const page1 = await list({ limit: 2 });
    expect(page1.tasks).toHaveLength(2);
    const page2 = await list({ limit: 2, cursor: page1.nextCursor as string });
    expect(page2).toMatchObject({ nextCursor: null });
    expect(page2.tasks.map((x) => x.id)).toEqual([pending.id]);
    expect((await s.request("GET", "/tasks", { key: t.key, query: { status: "done" } })).status).toBe(400);
  });
});
