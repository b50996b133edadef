import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeCall, type FakeOpenAI, startFakeOpenAI } from "../../../test/fake-openai.ts";
import { BOOT_TIMEOUT_MS, seed, startTestServer, type TestServer, until } from "../../../test/harness.ts";
import { CreatedPersonaEnvelope, PersonaEnvelope, PersonaExportSchema, PersonaListEnvelope } from "./schemas.ts";

/**
 * A persona created while its model provider is down (docs/personas.md): created anyway with its profile
 * `pending`, written by a `personas.profile` run once the provider answers; `failed` after the run's last
 * attempt, and retried with POST /runs/{id}/retry. Through HTTP, against the fake OpenAI-compatible server.
 */

/** A valid generated profile, as a real model would answer the profile request. */
const PROFILE = {
  personality: { openness: 0.7, conscientiousness: 0.6, extraversion: 0.4, agreeableness: 0.8, neuroticism: 0.3 },
  values: ["craft", "family"],
  interests: ["ceramics"],
  communicationStyle: { tone: "warm", formality: 0.4, verbosity: 0.5, quirks: [], vocabulary: [] },
  backstory: "Aria designs products in San Francisco.",
  goals: ["ship a product people love"],
  frustrations: ["vague briefs"],
  domainKnowledge: ["interaction design"],
  initialMemory: {
    eventAt: "2015-06-01T00:00:00.000Z",
    eventLabel: "First design job",
    facts: "Joined a small studio.",
    feelings: "Nervous and proud.",
    interpretation: "Design can be a career.",
    emotionTags: ["pride"],
    memoryType: "normal",
    memoryStrength: 70,
  },
};

const UP = { kind: "text", text: "" } as const;
const DOWN = { kind: "status", status: 503 } as const;
/** Structured requests (the profile) get the profile; chat turns a plain answer. */
const answer = (call: FakeCall) => (call.body?.response_format ? JSON.stringify(PROFILE) : "I like clear briefs.");

let fake: FakeOpenAI;
let s: TestServer;
let t: { tenantId: string; key: string };

beforeAll(async () => {
  fake = await startFakeOpenAI({ textFor: answer });
  s = await startTestServer({
    env: {
      OPENAI_COMPATIBLE_BASE_URL: fake.url,
      DEFAULT_MODEL: "compatible/fake-llama",
      LLM_MAX_RETRIES: "0",
      PERSONA_PROFILE_ATTEMPTS: "4",
      PERSONA_PROFILE_RETRY_MS: "500",
    },
  });
  t = await s.newTenant();
}, BOOT_TIMEOUT_MS);
afterAll(async () => {
  await s.close();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.fallback = UP;
});

async function createWhileDown() {
  fake.fallback = DOWN;
  const res = await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } });
  expect(res.status, res.text).toBe(201);
  const created = CreatedPersonaEnvelope.parse(res.body);
  expect(created.persona).toMatchObject({ profileStatus: "pending", profile: null, profileError: null });
  expect(created.persona.profileRunId).toMatch(/^[0-9a-f-]{36}$/);
  expect(created.timeline).toEqual([]);
  return created.persona;
}

const getPersona = async (id: string) => {
  const res = await s.request("GET", `/personas/${id}`, { key: t.key });
  expect(res.status, res.text).toBe(200);
  return PersonaEnvelope.parse(res.body).persona;
};

const prompt = (personaId: string) =>
  s.request("POST", "/personas/prompt", { key: t.key, body: { personaId, userPrompt: "What frustrates you?" } });

describe("provider down at persona creation", () => {
  it("creates the persona pending, answers prompts 409, and writes the profile when the provider is back", async () => {
    const persona = await createWhileDown();
    // Held still, so the checks below see it pending whatever the machine's speed.
    const paused = await s.request("POST", `/runs/${persona.profileRunId}/pause`, { key: t.key, body: {} });
    expect(paused.status, paused.text).toBe(200);

    const early = await prompt(persona.id);
    expect(early.status, early.text).toBe(409);
    expect(early.body).toMatchObject({
      code: "persona_not_ready",
      details: { profileStatus: "pending", profileRunId: persona.profileRunId },
    });
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThan(0);
    const stream = await s.request("POST", "/personas/prompt/stream", {
      key: t.key,
      body: { personaId: persona.id, userPrompt: "Hi" },
    });
    expect(stream.status).toBe(409);

    // Every other endpoint works on a pending persona.
    const list = PersonaListEnvelope.parse((await s.request("GET", "/personas", { key: t.key })).body);
    expect(list.personas.find((p) => p.id === persona.id)?.profileStatus).toBe("pending");
    const exported = await s.request("GET", `/personas/${persona.id}/export`, { key: t.key });
    expect(exported.status).toBe(200);
    expect(PersonaExportSchema.parse(exported.body).persona.profileStatus).toBe("pending");

    fake.fallback = UP;
    expect((await s.request("POST", `/runs/${persona.profileRunId}/resume`, { key: t.key, body: {} })).status).toBe(
      200,
    );
    const ready = await until(
      async () => {
        const p = await getPersona(persona.id);
        return p.profileStatus === "ready" ? p : undefined;
      },
      { what: "the profile to be written", timeoutMs: 60_000 },
    );
    expect(ready.profile?.values).toEqual(["craft", "family"]);
    expect(ready.profileModel).toBe("compatible/fake-llama");
    const timeline = await s.request("GET", `/personas/${persona.id}/timeline`, { key: t.key });
    expect(timeline.body.timeline.map((e: { eventLabel: string }) => e.eventLabel)).toEqual(["First design job"]);
    const run = await s.request("GET", `/runs/${persona.profileRunId}`, { key: t.key });
    expect(run.body.run).toMatchObject({ kind: "personas.profile", state: "succeeded" });

    const answered = await prompt(persona.id);
    expect(answered.status, answered.text).toBe(200);
    expect(answered.body.response).toBe("I like clear briefs.");
  });

  it("fails after the run's last attempt, says why, and a retry of the run makes it ready", async () => {
    const persona = await createWhileDown();
    const failed = await until(
      async () => {
        const p = await getPersona(persona.id);
        return p.profileStatus === "failed" ? p : undefined;
      },
      { what: "the profile run to give up", timeoutMs: 60_000 },
    );
    expect(failed.profileError).toMatchObject({ code: "upstream_unavailable" });
    const run = await s.request("GET", `/runs/${persona.profileRunId}`, { key: t.key });
    expect(run.body.run).toMatchObject({ state: "failed", deadLetter: true, attempts: 4 });

    const refused = await prompt(persona.id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: "persona_not_ready", details: { profileStatus: "failed" } });
    expect(refused.body.error).toContain(`/runs/${persona.profileRunId}/retry`);
    expect(refused.headers.get("retry-after")).toBeNull();

    fake.fallback = UP;
    const retried = await s.request("POST", `/runs/${persona.profileRunId}/retry`, { key: t.key, body: {} });
    expect(retried.status, retried.text).toBe(200);
    await until(async () => (await getPersona(persona.id)).profileStatus === "ready", {
      what: "the retried run to write the profile",
      timeoutMs: 60_000,
    });
    expect((await prompt(persona.id)).status).toBe(200);
  });

  it("deleting a pending persona cancels its profile run", async () => {
    const persona = await createWhileDown();
    const deleted = await s.request("DELETE", `/personas/${persona.id}`, { key: t.key });
    expect(deleted.status, deleted.text).toBe(200);
    expect((await s.request("GET", `/personas/${persona.id}`, { key: t.key })).status).toBe(404);
    const run = await s.request("GET", `/runs/${persona.profileRunId}`, { key: t.key });
    expect(run.body.run.state).toBe("cancelled");
  });

  it("a provider that refuses the request (a bad key) fails the creation at once and creates nothing", async () => {
    const before = PersonaListEnvelope.parse((await s.request("GET", "/personas", { key: t.key })).body).personas;
    fake.fallback = { kind: "status", status: 401 };
    const res = await s.request("POST", "/personas", { key: t.key, body: { seed: seed({ firstName: "Nope" }) } });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe("upstream_error");
    const after = PersonaListEnvelope.parse((await s.request("GET", "/personas", { key: t.key })).body).personas;
    expect(after.length).toBe(before.length);
  });

  it("a normal creation is unchanged: 201, ready, profile and initial memory in the response", async () => {
    const res = await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } });
    expect(res.status).toBe(201);
    const created = CreatedPersonaEnvelope.parse(res.body);
    expect(created.persona).toMatchObject({ profileStatus: "ready", profileRunId: null, profileError: null });
    expect(created.timeline).toHaveLength(1);
  });
});
