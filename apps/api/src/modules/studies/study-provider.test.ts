import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeCall, type FakeOpenAI, startFakeOpenAI } from "../../../test/fake-openai.ts";
import { seed, startTestServer, type TestServer, until } from "../../../test/harness.ts";
import { MODULES } from "../registry.ts";
import { StudyEnvelope, StudyResultsEnvelope, StudyRunEnvelope, type StudyRunView } from "./schemas.ts";

/**
 * Study runs on a real provider's code path (the local fake OpenAI-compatible server): the model's limit
 * and the run's `maxConcurrency` as the provider sees them, a 429's Retry-After, and evidence on a crafted
 * population whose answers are known — Austin answers Yes and rates the price high, Boston answers No and
 * rates it low.
 */

const LIMITED = "compatible/fake-limited";
const FREE = "compatible/fake-free";
let fake: FakeOpenAI;
let s: TestServer;

/** The persona's city decides the answer; the question decides its form. */
function answer(call: FakeCall): string {
  const messages = (call.body?.messages ?? []) as { role: string; content: unknown }[];
  const all = messages.map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content))).join("\n");
  const last = String(messages.at(-1)?.content ?? "");
  const austin = all.includes("Austin");
  const odd = /P\d*[13579]\b/.test(all);
  if (last.startsWith("Task: Say what these")) return "Respondents agree on one thing, in their own words.";
  if (last.includes("Why would you"))
    return austin ? "Planning meals takes me hours every week." : "Too expensive for what it does.";
  if (last.includes("Would you pay")) return austin ? "A) Yes — it would save me hours." : "B) No — too pricey.";
  if (last.includes("How fair")) return austin ? `${odd ? 5 : 4} — fair enough.` : `${odd ? 1 : 2} — not fair.`;
  return "I have nothing to add.";
}

beforeAll(async () => {
  fake = await startFakeOpenAI({ textFor: answer, fallback: { kind: "text", text: "", latencyMs: 60 } });
  s = await startTestServer({
    modules: MODULES,
    env: {
      OPENAI_COMPATIBLE_BASE_URL: fake.url,
      LLM_MAX_RETRIES: "0",
      MODEL_CONCURRENCY: `${LIMITED}=2`,
      RUN_CONCURRENCY: "8",
    },
  });
});
afterAll(async () => {
  await s.close();
  await fake.close();
});
beforeEach(() => fake.reset());

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
    { id: "fair", text: "How fair is the price?", outputFormat: { type: "likert", scale: 5 } },
  ],
};

async function cohort(t: Tenant, name: string, location: string, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await s.request("POST", "/personas", {
      key: t.key,
      body: { seed: seed({ firstName: `P${i}`, location }) },
    });
    expect(res.status, res.text).toBe(201);
    ids.push(res.body.persona.id);
  }
  const res = await s.request("POST", "/cohorts", { key: t.key, body: { name, include: ids } });
  expect(res.status, res.text).toBe(201);
  return res.body.cohort.id as string;
}

async function study(t: Tenant, model: string, perCohort: number) {
  const austin = await cohort(t, "Austin", "Austin, TX", perCohort);
  const boston = await cohort(t, "Boston", "Boston, MA", perCohort);
  const population = await s.request("POST", "/populations", {
    key: t.key,
    body: {
      name: "Two cities",
      cohorts: [
        { cohortId: austin, weight: 0.75 },
        { cohortId: boston, weight: 0.25 },
      ],
      sampling: { rule: "all" },
    },
  });
  expect(population.status, population.text).toBe(201);
  const skill = await s.request("POST", "/skills", { key: t.key, body: SKILL });
  expect(skill.status, skill.text).toBe(201);
  const created = await s.request("POST", "/studies", {
    key: t.key,
    body: { name: "WTP", populationId: population.body.population.id, skillId: skill.body.skill.id, model },
  });
  expect(created.status, created.text).toBe(201);
  return { study: StudyEnvelope.parse(created.body).study, austin, boston };
}

async function run(t: Tenant, studyId: string, body: Record<string, unknown>): Promise<StudyRunView> {
  const res = await s.request("POST", `/studies/${studyId}/runs`, { key: t.key, body });
  expect(res.status, res.text).toBe(202);
  const { id } = StudyRunEnvelope.parse(res.body).run;
  return until(
    async () => {
      const r = StudyRunEnvelope.parse(
        (await s.request("GET", `/studies/${studyId}/runs/${id}`, { key: t.key })).body,
      ).run;
      return ["succeeded", "failed", "cancelled"].includes(r.status) ? r : null;
    },
    { what: "the study run to finish", timeoutMs: 120_000 },
  );
}

describe("a study run on a provider", () => {
  it("never has more than maxConcurrency requests in flight", async () => {
    const t = await s.newTenant();
    const { study: a } = await study(t, FREE, 6);
    fake.reset();
    const done = await run(t, a.id, { maxConcurrency: 3 });
    expect(done).toMatchObject({ status: "succeeded", counts: { total: 12, succeeded: 12 } });
    expect(fake.maxInFlight).toBeGreaterThan(0);
    expect(fake.maxInFlight).toBeLessThanOrEqual(3);
  });

  it("keeps to the model's limit (MODEL_CONCURRENCY) under a larger maxConcurrency", async () => {
    const t = await s.newTenant();
    const { study: a } = await study(t, LIMITED, 5);
    fake.reset();
    const done = await run(t, a.id, { maxConcurrency: 8 });
    expect(done).toMatchObject({ status: "succeeded", counts: { total: 10, succeeded: 10 } });
    expect(fake.maxInFlight).toBeLessThanOrEqual(2);
  });

  it("retries a rate-limited task after the provider's Retry-After", async () => {
    const t = await s.newTenant();
    const { study: a } = await study(t, FREE, 1);
    fake.reset();
    fake.enqueue({ kind: "status", status: 429, retryAfter: "4" });
    const done = await run(t, a.id, { maxConcurrency: 1 });
    expect(done).toMatchObject({ status: "succeeded", counts: { total: 2, succeeded: 2, failed: 0 } });
    const children = (await s.request("GET", "/runs", { key: t.key, query: { parentId: done.id } })).body.runs as {
      id: string;
      attempts: number;
    }[];
    const retried = children.find((c) => c.attempts === 2);
    expect(retried).toBeDefined();
    const events = await fetch(`${s.url}/runs/${retried?.id}/events`, { headers: { "x-api-key": t.key } });
    const requeued = [...(await events.text()).matchAll(/"retryInMs":(\d+)/g)].map((m) => Number(m[1]));
    expect(requeued).toHaveLength(1);
    expect(requeued[0]).toBeGreaterThanOrEqual(4000);
  });

  it("finds the known difference between cohorts", async () => {
    const t = await s.newTenant();
    const { study: a, austin, boston } = await study(t, FREE, 10);
    const done = await run(t, a.id, { maxConcurrency: 4, seed: 3 });
    expect(done).toMatchObject({ status: "succeeded", counts: { total: 20, succeeded: 20 } });
    const res = await s.request("GET", `/studies/${a.id}/runs/${done.id}/results`, {
      key: t.key,
      query: { groupBy: "cohort" },
    });
    expect(res.status, res.text).toBe(200);
    const { results } = StudyResultsEnvelope.parse(res.body);
    expect(results.tasks).toMatchObject({ total: 20, failed: 0 });
    // Tokens: the sum over the tasks' own turns (as GET /tasks/{id}/turns reports them).
    const ndjson = await fetch(`${s.url}/studies/${a.id}/runs/${done.id}/results.ndjson`, {
      headers: { "x-api-key": t.key },
    });
    const taskIds = new Set(
      (await ndjson.text())
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { task_id: string }).task_id),
    );
    expect(taskIds.size).toBe(20);
    let tokensIn = 0;
    let tokensOut = 0;
    for (const id of taskIds) {
      const turns = (await s.request("GET", `/tasks/${id}/turns`, { key: t.key })).body.turns as {
        tokensIn: number;
        tokensOut: number;
      }[];
      for (const turn of turns) {
        tokensIn += turn.tokensIn;
        tokensOut += turn.tokensOut;
      }
    }
    expect(tokensIn).toBeGreaterThan(0);
    expect(results.tasks).toMatchObject({ tokensIn, tokensOut });
    const pay = results.questions.find((q) => q.questionId === "pay");
    const fair = results.questions.find((q) => q.questionId === "fair");
    const byKey = (groups: typeof pay extends undefined ? never : NonNullable<typeof pay>["groups"], key: string) =>
      groups.find((g) => g.key === key);
    const share = (g: ReturnType<typeof byKey>, value: string) => g?.distribution?.find((c) => c.value === value);
    expect(pay?.overall.n).toBe(20);
    expect(share(byKey(pay?.groups ?? [], austin), "Yes")).toMatchObject({ count: 10, proportion: 1 });
    expect(share(byKey(pay?.groups ?? [], boston), "No")).toMatchObject({ count: 10, proportion: 1 });
    expect(byKey(pay?.groups ?? [], austin)?.label).toBe("Austin");
    // Weighted 75/25 (the population's weights): three quarters say Yes; unweighted, half do.
    expect(share(pay?.overall, "Yes")).toMatchObject({ count: 10, proportion: 0.5 });
    expect(share(pay?.overall, "Yes")?.weightedProportion).toBeCloseTo(0.75, 9);
    const chi = pay?.tests.find((x) => x.test === "chi_square");
    expect(chi?.significant).toBe(true);
    expect(chi?.effect).toMatchObject({ measure: "cramers_v" });
    expect(chi?.effect?.value).toBeCloseTo(1, 9);

    expect(byKey(fair?.groups ?? [], austin)?.mean).toBeCloseTo(4.5, 9);
    expect(byKey(fair?.groups ?? [], boston)?.mean).toBeCloseTo(1.5, 9);
    const welch = fair?.tests.find((x) => x.test === "welch_t");
    const mw = fair?.tests.find((x) => x.test === "mann_whitney");
    expect(welch?.significant).toBe(true);
    expect(Math.abs(welch?.effect?.value ?? 0)).toBeGreaterThan(2);
    expect(mw?.significant).toBe(true);
    expect(Math.abs(mw?.effect?.value ?? 0)).toBeCloseTo(1, 9);
    const quotes = byKey(pay?.groups ?? [], austin)?.quotes ?? [];
    expect(quotes.length).toBeGreaterThan(0);
    expect(quotes[0]?.text).toContain("Yes");
  });
});

describe("a scheduled study", () => {
  it("starts a run with the study's defaults on each fire, skips a fire while one is going, and trends", async () => {
    const t = await s.newTenant();
    const { study: created } = await study(t, FREE, 2);
    const patched = await s.request("PATCH", `/studies/${created.id}`, {
      key: t.key,
      body: { maxConcurrency: 2, budget: { maxCredits: 500 } },
    });
    expect(patched.status, patched.text).toBe(200);
    const schedule = await s.request("POST", "/schedules", {
      key: t.key,
      body: { target: { type: "study", id: created.id }, cron: "0 9 * * 1" },
    });
    expect(schedule.status, schedule.text).toBe(201);
    const scheduleId = schedule.body.schedule.id as string;
    const trigger = async () => {
      const res = await s.request("POST", `/schedules/${scheduleId}/trigger-now`, { key: t.key, body: {} });
      expect(res.status, res.text).toBe(202);
      return res.body.execution as { status: string; runId: string | null; reason?: string; detail: unknown };
    };
    const getRun = async (runId: string) =>
      StudyRunEnvelope.parse((await s.request("GET", `/studies/${created.id}/runs/${runId}`, { key: t.key })).body).run;
    const settle = (runId: string) =>
      until(
        async () => {
          const r = await getRun(runId);
          return ["succeeded", "failed", "cancelled"].includes(r.status) ? r : null;
        },
        { what: "the scheduled run to finish", timeoutMs: 120_000 },
      );

    // The model never answers the first request: the first run stays going until it is cancelled.
    fake.enqueue({ kind: "hang" });
    const first = await trigger();
    expect(first).toMatchObject({ status: "started", detail: { studyId: created.id } });
    // The run is under way once the model has the (hanging) request.
    await until(() => fake.inFlight > 0 || null, { what: "the first run's request at the model" });
    const run1 = await getRun(first.runId as string);
    expect(run1).toMatchObject({ scheduleId, maxConcurrency: 2, budget: { maxCredits: 500 } });
    const skipped = await trigger();
    expect(skipped).toMatchObject({ status: "skipped", runId: null });
    expect(skipped.reason).toMatch(/still going/);
    const cancel = await s.request("POST", `/studies/${created.id}/runs/${run1.id}/control`, {
      key: t.key,
      body: { action: "cancel" },
    });
    expect(cancel.status, cancel.text).toBe(200);
    await settle(run1.id);

    const a = await settle((await trigger()).runId as string);
    const b = await settle((await trigger()).runId as string);
    for (const r of [a, b]) expect(r).toMatchObject({ status: "succeeded", populationVersion: 1, skillVersion: 1 });

    const trend = await s.request("GET", `/studies/${created.id}/trend`, { key: t.key });
    expect(trend.status, trend.text).toBe(200);
    expect(trend.body.trend.runs).toBe(2);
    const fair = trend.body.trend.questions.find((q: { questionId: string }) => q.questionId === "fair");
    expect(fair.points.map((p: { runId: string }) => p.runId)).toEqual([a.id, b.id]);
    // Two Austin (4 and 5) and two Boston (1 and 2) members: the mean is 3 in both runs.
    for (const p of fair.points) {
      expect(p).toMatchObject({ n: 4, mean: 3, scheduleId });
      expect(p.ci.lower).toBeLessThan(3);
      expect(p.ci.upper).toBeGreaterThan(3);
    }
    const pay = trend.body.trend.questions.find((q: { questionId: string }) => q.questionId === "pay");
    expect(pay.points[0].shares).toEqual({ Yes: 0.5, No: 0.5 });
  });
});

describe("free-text themes summarised by the run's model", () => {
  it("asks the model once per theme (summaries=true), keeps the summary, and meters the call", async () => {
    const t = await s.newTenant();
    const { study: base } = await study(t, FREE, 4);
    const skill = await s.request("POST", "/skills", {
      key: t.key,
      body: {
        name: "Why",
        instructions: "You are looking at a meal-planning add-on for $12/month.",
        questions: [{ id: "why", text: "Why would you pay for it, or not?", outputFormat: { type: "text" } }],
      },
    });
    expect(skill.status, skill.text).toBe(201);
    const created = await s.request("POST", "/studies", {
      key: t.key,
      body: { name: "Why", populationId: base.populationId, skillId: skill.body.skill.id, model: FREE },
    });
    const studyId = created.body.study.id as string;
    const done = await run(t, studyId, { maxConcurrency: 4 });
    expect(done.status).toBe("succeeded");
    const url = `/studies/${studyId}/runs/${done.id}/results`;
    const plain = await s.request("GET", url, { key: t.key });
    const plainThemes = plain.body.results.questions[0].overall.themes as { summary?: unknown }[];
    expect(plainThemes.length).toBeGreaterThan(0);
    expect(plainThemes.every((th) => th.summary === undefined)).toBe(true);

    fake.reset();
    const asked = await s.request("GET", url, { key: t.key, query: { summaries: "true" } });
    expect(asked.status, asked.text).toBe(200);
    const themes = asked.body.results.questions[0].overall.themes as { summary: { text: string; model: string } }[];
    for (const th of themes) {
      expect(th.summary).toEqual({ text: "Respondents agree on one thing, in their own words.", model: FREE });
    }
    const summaryCalls = () =>
      fake.calls.filter((c) => String(c.body?.messages?.at(-1)?.content ?? "").startsWith("Task: Say what these"));
    expect(summaryCalls()).toHaveLength(themes.length);
    // The answers are quoted in the request, never as instructions.
    expect(String(summaryCalls()[0]?.body.messages.at(-1).content)).toMatch(/Answer 1: "/);
    const again = await s.request("GET", url, { key: t.key, query: { summaries: "true" } });
    expect(again.body.results.questions[0].overall.themes).toEqual(themes);
    expect(summaryCalls()).toHaveLength(themes.length);
  });
});
