import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../../test/fake-openai.ts";
import { startTestServer, type TestServer } from "../../../test/harness.ts";
import { usageEvents } from "../analytics/schema.ts";

/**
 * `TurnEngine.judge`: a rubric's judge criterion scored by a model, metered like a prompt and recorded as a
 * `judge_call` event; on the simulator (its documented word-coverage rule) and on the real provider path
 * against the local fake OpenAI-compatible server.
 */

let fake: FakeOpenAI;
let s: TestServer;
const MODEL = "compatible/fake-judge";

beforeAll(async () => {
  fake = await startFakeOpenAI();
  s = await startTestServer({ env: { OPENAI_COMPATIBLE_BASE_URL: fake.url, LLM_MAX_RETRIES: "0" } });
});
afterAll(async () => {
  await s.close();
  await fake.close();
});
beforeEach(() => fake.reset());

type Tenant = { tenantId: string; key: string };
const caller = (t: Tenant) => ({ tenantId: t.tenantId, apiKeyId: null, requestId: null });

const TRANSCRIPT = [
  { question: "Which plan would you buy?", answer: "B) Pro — It has the export I need, and the price is fair." },
  { question: "Why?", answer: "Because I export reports every week for my team." },
];

async function balance(t: Tenant): Promise<number> {
  return (await s.request("GET", "/billing", { key: t.key })).body.billing.creditBalance;
}

async function judgeEvents(t: Tenant) {
  await s.ctx.usage.flush();
  return s.ctx.database.db
    .select()
    .from(usageEvents)
    .where(and(eq(usageEvents.tenantId, t.tenantId), eq(usageEvents.event, "judge_call")));
}

describe("the judge on the simulator", () => {
  it("scores by the criterion's words found in the answers, settles its credits and records judge_call", async () => {
    const t = await s.newTenant();
    expect((await s.request("PUT", "/billing", { key: t.key, body: { creditBalance: 10 } })).status).toBe(200);
    const verdict = await s.ctx.turns.judge(caller(t), {
      instruction: "Does the answer mention the price or a feature such as export?",
      transcript: TRANSCRIPT,
      personaId: "00000000-0000-4000-8000-000000000001",
      skillId: "skill-1",
    });
    expect(verdict.model).toBe("person-run/simulator");
    // Two of the criterion's three words ("price", "export"; not "feature"): 0.2 + 0.8 × 2/3.
    expect(verdict.score).toBe(0.73);
    expect(verdict.reason).toBe('The answers mention "price" and "export". They do not mention "feature".');
    expect(verdict.tokensIn).toBeGreaterThan(0);
    expect(verdict.tokensOut).toBeGreaterThan(0);
    expect(verdict.credits).toBeGreaterThan(0);
    // Settled: the balance went down by exactly the verdict's credits (the reservation's rest came back).
    expect(await balance(t)).toBeCloseTo(10 - verdict.credits, 6);
    const [event, ...more] = await judgeEvents(t);
    expect(more).toHaveLength(0);
    expect(event?.payload).toMatchObject({
      model: "person-run/simulator",
      personaId: "00000000-0000-4000-8000-000000000001",
      skillId: "skill-1",
      tokensIn: verdict.tokensIn,
      tokensOut: verdict.tokensOut,
      credits: verdict.credits,
      costUsd: verdict.costUsd,
      score: verdict.score,
    });

    const refused = await s.ctx.turns.judge(caller(t), {
      instruction: "Does the answer name a concrete reason to buy?",
      transcript: [{ question: "Which plan would you buy?", answer: "I don't know." }],
    });
    expect(refused.score).toBe(0);
    expect(refused.reason).toContain("1 of 1 answers are empty or refusals");
  });

  it("is refused with 402 when the tenant cannot afford it, and nothing is recorded", async () => {
    const t = await s.newTenant();
    expect((await s.request("PUT", "/billing", { key: t.key, body: { creditBalance: 0 } })).status).toBe(200);
    await expect(
      s.ctx.turns.judge(caller(t), { instruction: "Does the answer name a price?", transcript: TRANSCRIPT }),
    ).rejects.toMatchObject({ code: "insufficient_credits", status: 402 });
    expect(await balance(t)).toBe(0);
    expect(await judgeEvents(t)).toHaveLength(0);
  });
});

describe("the judge on a real provider", () => {
  it("asks for a structured { score, reason } at temperature 0 with the criterion and the quoted answers", async () => {
    const t = await s.newTenant();
    expect((await s.request("PUT", "/billing", { key: t.key, body: { creditBalance: 10 } })).status).toBe(200);
    fake.enqueue({
      kind: "text",
      text: JSON.stringify({ score: 0.75, reason: "Names the export feature; the price is only called fair." }),
      usage: { prompt_tokens: 240, completion_tokens: 20 },
    });
    const verdict = await s.ctx.turns.judge(caller(t), {
      model: MODEL,
      instruction: "Does the answer name a concrete reason to buy?",
      transcript: TRANSCRIPT,
    });
    expect(verdict).toMatchObject({
      score: 0.75,
      reason: "Names the export feature; the price is only called fair.",
      model: MODEL,
      tokensIn: 240,
      tokensOut: 20,
    });
    const [call, ...more] = fake.chats;
    expect(more).toHaveLength(0);
    expect(call?.body.temperature).toBe(0);
    expect(call?.body.response_format?.type).toBe("json_schema");
    const [system, user] = (call?.body.messages ?? []) as { role: string; content: string }[];
    expect(system?.role).toBe("system");
    expect(system?.content).toContain("strict");
    expect(user?.content).toContain("Criterion: Does the answer name a concrete reason to buy?");
    // Answers are quoted, so an answer cannot pass for part of the instructions.
    expect(user?.content).toContain(JSON.stringify(TRANSCRIPT[1]?.answer));
    expect(await balance(t)).toBeCloseTo(10 - verdict.credits, 6);
    expect((await judgeEvents(t))[0]?.payload).toMatchObject({ model: MODEL, tokensIn: 240, tokensOut: 20 });
  });

  it("gives the reservation back when the provider fails", async () => {
    const t = await s.newTenant();
    expect((await s.request("PUT", "/billing", { key: t.key, body: { creditBalance: 10 } })).status).toBe(200);
    fake.enqueue({ kind: "status", status: 400, message: "bad request" });
    await expect(
      s.ctx.turns.judge(caller(t), { model: MODEL, instruction: "Does it name a price?", transcript: TRANSCRIPT }),
    ).rejects.toMatchObject({ status: expect.any(Number) });
    expect(await balance(t)).toBe(10);
    expect(await judgeEvents(t)).toHaveLength(0);
  });
});
