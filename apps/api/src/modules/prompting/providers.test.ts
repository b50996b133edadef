import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../../test/fake-openai.ts";
import { BOOT_TIMEOUT_MS, seed, startTestServer, type TestServer, until } from "../../../test/harness.ts";
import { PromptResultSchema } from "./schemas.ts";

/** The real provider path (AI SDK, OpenAI-compatible) against a local fake server. */
let fake: FakeOpenAI;
let s: TestServer;
let t: { tenantId: string; key: string };
let personaId: string;
const MODEL = "compatible/fake-llama-3";

beforeAll(async () => {
  fake = await startFakeOpenAI();
  // The default per-call deadline (60 s): a short one here would turn a slow answer on a busy machine
  // into a timeout and change the count of attempts these tests assert. The timeout test has its own server.
  s = await startTestServer({ env: { OPENAI_COMPATIBLE_BASE_URL: fake.url, LLM_MAX_RETRIES: "2" } });
  t = await s.newTenant();
  personaId = (await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } })).body.persona.id;
});
afterAll(async () => {
  await s.close();
  await fake.close();
});
beforeEach(() => fake.reset());

/** Polls the async job until it has finished (succeeded or failed). */
const finishedJob = (jobId: string) =>
  until(
    async () => {
      const { job } = (await s.request("GET", `/personas/prompt/jobs/${jobId}`, { key: t.key })).body;
      return ["succeeded", "failed"].includes(job.status) ? job : undefined;
    },
    { what: `prompt job ${jobId} to finish` },
  );

const ask = (body: Record<string, unknown> = {}) =>
  s.request("POST", "/personas/prompt", {
    key: t.key,
    body: { personaId, userPrompt: "What do you think of remote work?", model: MODEL, ...body },
  });

describe("real provider path", () => {
  it("sends the persona card as a stable system prefix and reports usage, model and cost", async () => {
    fake.enqueue({ kind: "text", text: "Honestly, I love it.", usage: { prompt_tokens: 321, completion_tokens: 6 } });
    const res = await ask({ temperature: 0.3, maxTokens: 200 });
    expect(res.status, res.text).toBe(200);
    const r = PromptResultSchema.parse(res.body);
    expect(r).toMatchObject({
      response: "Honestly, I love it.",
      modelName: "fake-llama-3",
      model: MODEL,
      tokensIn: 321,
      tokensOut: 6,
    });
    const call = fake.chats[0];
    expect(call?.body.model).toBe("fake-llama-3");
    expect(call?.body.temperature).toBe(0.3);
    expect(call?.body.messages[0].role).toBe("system");
    expect(call?.body.messages[0].content).toContain("You are Aria Chen, 32, living in San Francisco");
    fake.enqueue({ kind: "text", text: "Still love it." });
    await ask({ userPrompt: "Something else entirely?" });
    expect(fake.chats[1]?.body.messages[0].content).toBe(call?.body.messages[0].content);
  });

  it("retries a 429 (honouring Retry-After) and a 500, then succeeds", async () => {
    fake.enqueue(
      { kind: "status", status: 429, retryAfter: "0" },
      { kind: "status", status: 500 },
      { kind: "text", text: "Third time lucky." },
    );
    const res = await ask();
    expect(res.status, res.text).toBe(200);
    expect(res.body.response).toBe("Third time lucky.");
    expect(fake.chats).toHaveLength(3);
  });

  it("gives a clear error when retries are exhausted", async () => {
    fake.enqueue({ kind: "status", status: 503 }, { kind: "status", status: 503 }, { kind: "status", status: 503 });
    const res = await ask();
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: "upstream_unavailable", error: expect.stringContaining("HTTP 503") });
    expect(fake.chats).toHaveLength(3);
  });

  it("does not retry a non-retryable error", async () => {
    fake.enqueue({ kind: "status", status: 400, message: "bad things" });
    const res = await ask();
    expect(res.status).toBe(502);
    expect(res.body.code).toBe("upstream_error");
    expect(fake.chats).toHaveLength(1);
  });

  it("answers 429 with Retry-After when the provider keeps rate limiting", async () => {
    fake.enqueue(...Array(3).fill({ kind: "status", status: 429, retryAfter: "0" }));
    const res = await ask();
    expect(res.status).toBe(429);
    expect(res.body.code).toBe("rate_limited");
    expect(res.headers.get("retry-after")).toBeTruthy();
  });

  it(
    "times out a hanging provider, retrying each timed-out attempt, and says so",
    async () => {
      const impatient = await startTestServer({
        env: { OPENAI_COMPATIBLE_BASE_URL: fake.url, LLM_MAX_RETRIES: "2", LLM_TIMEOUT_MS: "500" },
      });
      try {
        const owner = await impatient.newTenant();
        const pid = (await impatient.request("POST", "/personas", { key: owner.key, body: { seed: seed() } })).body
          .persona.id;
        fake.enqueue({ kind: "hang" }, { kind: "hang" }, { kind: "hang" });
        const res = await impatient.request("POST", "/personas/prompt", {
          key: owner.key,
          body: { personaId: pid, userPrompt: "Are you there?", model: MODEL },
        });
        expect(res.status).toBe(504);
        expect(res.body.code).toBe("upstream_timeout");
        // A hang never answers, so every attempt ends at the deadline: the count is exact however slow we are.
        expect(fake.chats).toHaveLength(3);
      } finally {
        await impatient.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );

  it("retries malformed output", async () => {
    fake.enqueue({ kind: "malformed" }, { kind: "text", text: "Fine now." });
    const res = await ask();
    expect(res.status).toBe(200);
    expect(res.body.response).toBe("Fine now.");
  });

  it("fails an async job with a clear error on a non-retryable provider error", async () => {
    fake.enqueue({ kind: "status", status: 401, message: "bad key" });
    const res = await ask({ mode: "async" });
    expect(res.status).toBe(202);
    const job = await finishedJob(res.body.jobId);
    expect(job.status).toBe("failed");
    expect(job.error).toEqual({
      code: "upstream_error",
      error: "The model provider refused this server's credentials",
    });
    expect(fake.chats).toHaveLength(1);
  });

  it("completes an async job after retryable provider errors", async () => {
    fake.enqueue(
      { kind: "status", status: 502 },
      { kind: "status", status: 429, retryAfter: "0" },
      { kind: "text", text: "Got there." },
    );
    const res = await ask({ mode: "async" });
    const job = await finishedJob(res.body.jobId);
    expect(job).toMatchObject({ status: "succeeded", result: { response: "Got there.", model: MODEL } });
  });

  it(
    "falls back to FALLBACK_MODEL when the chosen model keeps failing",
    async () => {
      const withFallback = await startTestServer({
        env: { OPENAI_COMPATIBLE_BASE_URL: fake.url, LLM_MAX_RETRIES: "1", FALLBACK_MODEL: "person-run/simulator" },
      });
      try {
        const owner = await withFallback.newTenant();
        const pid = (await withFallback.request("POST", "/personas", { key: owner.key, body: { seed: seed() } })).body
          .persona.id;
        fake.enqueue({ kind: "status", status: 500 }, { kind: "status", status: 500 });
        const res = await withFallback.request("POST", "/personas/prompt", {
          key: owner.key,
          body: { personaId: pid, userPrompt: "What do you do for work?", model: MODEL },
        });
        expect(res.status, res.text).toBe(200);
        expect(res.body).toMatchObject({ model: "person-run/simulator", modelName: "person-run-simulator" });
        expect(fake.chats).toHaveLength(2);
      } finally {
        await withFallback.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );

  it("streams from the provider", async () => {
    fake.enqueue({ kind: "text", text: "One two three four." });
    const res = await fetch(`${s.url}/personas/prompt/stream`, {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ personaId, userPrompt: "Count.", model: MODEL }),
    });
    const raw = await res.text();
    const deltas = [...raw.matchAll(/event: token\ndata: (.*)\n\n/g)].map((m) => JSON.parse(m[1] ?? "").delta);
    expect(deltas.join("")).toBe("One two three four.");
    expect(raw).toContain("event: done");
    expect(fake.chats[0]?.body.stream).toBe(true);
  });

  it("writes the profile with a real model through structured output, retrying invalid JSON", async () => {
    const profile = {
      personality: { openness: 0.7, conscientiousness: 0.6, extraversion: 0.4, agreeableness: 0.8, neuroticism: 0.3 },
      values: ["craft"],
      interests: ["ceramics"],
      communicationStyle: { tone: "warm", formality: 0.4, verbosity: 0.5, quirks: [], vocabulary: [] },
      backstory:
        "Aria grew up in Sacramento and moved to San Francisco for design school; she has worked as a product designer for nine years.",
      goals: ["lead a design team"],
      frustrations: ["vague briefs"],
      domainKnowledge: ["interaction design"],
      initialMemory: {
        eventAt: "2016-09-01T09:00:00.000Z",
        eventLabel: "First day at a design studio",
        facts: "Started her first design job in SoMa.",
        feelings: "Nervous and thrilled.",
        interpretation: "This is where I learned the craft.",
        emotionTags: ["excited"],
        memoryType: "pride",
        memoryStrength: 80,
      },
    };
    fake.enqueue({ kind: "text", text: '{"personality": 1' }, { kind: "text", text: JSON.stringify(profile) });
    const res = await s.request("POST", "/personas", { key: t.key, body: { seed: seed(), model: MODEL } });
    expect(res.status, res.text).toBe(201);
    expect(res.body.persona.profile.backstory).toBe(profile.backstory);
    expect(res.body.persona.profileModel).toBe(MODEL);
    expect(res.body.timeline[0]).toMatchObject({ eventLabel: "First day at a design studio", memoryType: "pride" });
    expect(fake.chats).toHaveLength(2);
  });
});
