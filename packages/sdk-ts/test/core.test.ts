/** The core request against a live server: retries, idempotency, timeouts, typed errors, pagination. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BlockedByPolicyError,
  ConflictError,
  InsufficientCreditsError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  PersonRun,
  RateLimitError,
  ValidationError,
} from "../src/index.ts";
import { type ApiServer, FaultProxy, newTenant, seed, startServer } from "./helpers.ts";

let api: ApiServer;
let proxy: FaultProxy;
beforeAll(async () => {
  api = await startServer();
  proxy = await new FaultProxy(api.url).start();
});
afterAll(async () => {
  await proxy?.close();
  await api?.stop();
});

const CREATE = /^POST \/personas$/;
const countPersonas = async (pr: PersonRun) => (await pr.personas.list().toArray()).length;

describe("retries", () => {
  it("retries a 429 after its Retry-After and a 503 with backoff, with one Idempotency-Key", async () => {
    const t = await newTenant(api, { baseURL: proxy.url });
    proxy.inject(
      CREATE,
      { kind: "status", status: 429, headers: { "retry-after": "0" } },
      { kind: "status", status: 503 },
    );
    const before = proxy.seen(CREATE).length;
    const { persona } = await t.pr.personas.create({ seed: seed() });
    expect(persona.firstName).toBe("Ada");
    const attempts = proxy.seen(CREATE).slice(before);
    expect(attempts.map((a) => a.status)).toEqual([429, 503, 201]);
    expect(new Set(attempts.map((a) => a.idempotencyKey)).size).toBe(1);
    expect(attempts[0]!.idempotencyKey).toMatch(/^sdk-/);
  });

  it("creates no duplicate persona when the server did the work but the client got a 503", async () => {
    const t = await newTenant(api, { baseURL: proxy.url });
    proxy.inject(CREATE, { kind: "503-after-server" });
    const before = proxy.seen(CREATE).length;
    const { persona } = await t.pr.personas.create({ seed: seed({ firstName: "Once" }) });
    const attempts = proxy.seen(CREATE).slice(before);
    expect(attempts.map((a) => a.status)).toEqual([503, 201]);
    expect(await countPersonas(t.pr)).toBe(1);
    expect((await t.pr.personas.retrieve(persona.id)).persona.firstName).toBe("Once");
  });

  it("creates no duplicate persona when the first response was lost on the wire", async () => {
    const t = await newTenant(api, { baseURL: proxy.url });
    proxy.inject(CREATE, { kind: "drop-after-server" });
    const before = proxy.seen(CREATE).length;
    await t.pr.personas.create({ seed: seed({ firstName: "Lost" }) });
    const attempts = proxy.seen(CREATE).slice(before);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.status).toBeUndefined();
    expect(attempts[0]!.idempotencyKey).toBe(attempts[1]!.idempotencyKey);
    expect(await countPersonas(t.pr)).toBe(1);
  });

  it("waits out a 409 for a request still in progress under the same key", async () => {
    const t = await newTenant(api, { baseURL: proxy.url });
    proxy.inject(CREATE, {
      kind: "status",
      status: 409,
      headers: { "retry-after": "0" },
      body: { error: "A request with this Idempotency-Key is still in progress", code: "idempotency_conflict" },
    });
    const before = proxy.seen(CREATE).length;
    await t.pr.personas.create({ seed: seed() });
    expect(
      proxy
        .seen(CREATE)
        .slice(before)
        .map((a) => a.status),
    ).toEqual([409, 201]);
    expect(await countPersonas(t.pr)).toBe(1);
  });

  it("retries a 408, and follows the server's x-should-retry hint", async () => {
    const t = await newTenant(api, { baseURL: proxy.url });
    const SKILLS = /^GET \/skills$/;
    proxy.inject(SKILLS, { kind: "status", status: 408, headers: { "retry-after": "0" } });
    const before = proxy.seen(SKILLS).length;
    expect((await t.pr.skills.list()).data).toEqual([]);
    expect(
      proxy
        .seen(SKILLS)
        .slice(before)
        .map((a) => a.status),
    ).toEqual([408, 200]);

    proxy.inject(SKILLS, { kind: "status", status: 503, headers: { "x-should-retry": "false" } });
    await expect(t.pr.skills.list()).rejects.toBeInstanceOf(InternalServerError);
    proxy.inject(SKILLS, { kind: "status", status: 400, headers: { "x-should-retry": "true", "retry-after": "0" } });
    expect((await t.pr.skills.list()).data).toEqual([]);
  });

  it("gives up after maxRetries with the typed error and its request id", async () => {
    const t = await newTenant(api, { baseURL: proxy.url });
    const rateLimited = { kind: "status", status: 429, headers: { "retry-after": "0" } } as const;
    proxy.inject(/^GET \/personas$/, rateLimited, rateLimited);
    const err = await t.pr.personas.list({}, { maxRetries: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).status).toBe(429);
    expect((err as RateLimitError).retryAfter).toBe(0);
    expect((err as RateLimitError).requestId).toBe("req_proxy");

    proxy.inject(/^GET \/billing$/, { kind: "status", status: 500, body: { error: "boom", code: "internal_error" } });
    await expect(t.pr.billing.retrieve({}, { maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
  });

  it("retries a timed-out attempt, then throws APITimeoutError", async () => {
    const t = await newTenant(api, { baseURL: proxy.url });
    proxy.inject(/^GET \/skills$/, { kind: "hang" });
    // The timeout is per attempt: generous, so that the retry (a real request) is answered in time on a
    // busy machine; the hung first attempt costs the test this long.
    const page = await t.pr.skills.list({}, { timeout: 3_000, maxRetries: 1 });
    expect(page.data).toEqual([]);
    proxy.inject(/^GET \/cohorts$/, { kind: "hang" });
    await expect(t.pr.cohorts.list({}, { timeout: 200, maxRetries: 0 })).rejects.toBeInstanceOf(APITimeoutError);
  });

  it("stops at the caller's AbortSignal and reports a refused connection", async () => {
    const t = await newTenant(api, { baseURL: proxy.url });
    proxy.inject(/^GET \/cohorts$/, { kind: "hang" });
    const controller = new AbortController();
    const pending = t.pr.cohorts.list({}, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);

    const closed = new PersonRun({ apiKey: "pr_live_x", baseURL: "http://127.0.0.1:1", maxRetries: 0 });
    const err = await closed.health.check().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(err).not.toBeInstanceOf(APITimeoutError);
  });
});

describe("typed errors", () => {
  it("401 AuthenticationError, 403 PermissionDeniedError, 404 NotFoundError, 400 ValidationError", async () => {
    const t = await newTenant(api);
    const bad = new PersonRun({ apiKey: "pr_live_notAKeyOfThisServer0000000000", baseURL: api.url });
    const auth = await bad.personas.list().then(null, (e: unknown) => e);
    expect(auth).toBeInstanceOf(AuthenticationError);
    expect((auth as AuthenticationError).requestId).toMatch(/^req_/);

    const other = await newTenant(api);
    const forbidden = await t.pr.personas.list({ tenantId: other.tenantId }).then(null, (e: unknown) => e);
    expect(forbidden).toBeInstanceOf(PermissionDeniedError);
    expect((forbidden as PermissionDeniedError).status).toBe(403);

    const missing = await t.pr.personas.retrieve("00000000-0000-4000-8000-000000000000").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).code).toBe("not_found");

    // biome-ignore lint/suspicious/noExplicitAny: an invalid seed on purpose
    const invalid = await t.pr.personas.create({ seed: { firstName: "A" } as any }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).status).toBe(400);
    expect(JSON.stringify((invalid as ValidationError).details)).toContain("seed.lastName");
  });

  it("413 PayloadTooLargeError for a body over the server's limit", async () => {
    const t = await newTenant(api);
    const err = await t.pr.personas
      .create({ seed: seed({ attributes: { notes: "x".repeat(1024 * 1024 + 1) } }) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect((err as PayloadTooLargeError).code).toBe("payload_too_large");
  });

  it("409 ConflictError: an Idempotency-Key reused for another request", async () => {
    const t = await newTenant(api);
    await t.pr.personas.create({ seed: seed() }, { idempotencyKey: "same-key" });
    const replay = await t.pr.personas.create({ seed: seed() }, { idempotencyKey: "same-key" });
    expect(await countPersonas(t.pr)).toBe(1);
    expect(replay.persona.firstName).toBe("Ada");
    const err = await t.pr.personas
      .create({ seed: seed({ firstName: "Other" }) }, { idempotencyKey: "same-key" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).code).toBe("idempotency_conflict");
  });

  it("402 InsufficientCreditsError with its fields", async () => {
    const t = await newTenant(api);
    const { persona } = await t.pr.personas.create({ seed: seed() });
    await t.pr.billing.update({ creditBalance: 0 });
    const err = await t.pr.prompts.create({ personaId: persona.id, userPrompt: "Hello?" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InsufficientCreditsError);
    const e = err as InsufficientCreditsError;
    expect(e.status).toBe(402);
    expect(e.message).toBe("Insufficient credits");
    expect(e.requiredCredits).toBeGreaterThan(0);
    expect(e.availableCredits).toBe(0);
    expect(e.action).toBe("upgrade_or_topup");
    expect(e.billingPath).toBe("/dashboard/billing");
    const { billing } = await t.pr.billing.topUp({ credits: 1000 });
    expect(billing.creditBalance).toBe(1000);
    expect((await t.pr.prompts.create({ personaId: persona.id, userPrompt: "Hello?" })).response).not.toBe("");
  });

  it("422 BlockedByPolicyError with the guardrail's reasons", async () => {
    const t = await newTenant(api);
    const { persona } = await t.pr.personas.create({ seed: seed() });
    const { policyPack } = await t.pr.safetyPolicy.set({ blockedTerms: ["pineapple"] });
    expect(policyPack.blockedTerms).toEqual(["pineapple"]);
    const err = await t.pr.prompts
      .create({ personaId: persona.id, userPrompt: "Do you like pineapple pizza?" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockedByPolicyError);
    const e = err as BlockedByPolicyError;
    expect(e.status).toBe(422);
    expect(e.stage).toBe("input");
    expect(e.reasons.length).toBeGreaterThan(0);
    expect(JSON.stringify(e.reasons)).toContain("blocked_term");
    await t.pr.safetyPolicy.delete();
    expect((await t.pr.safetyPolicy.retrieve()).policyPack.blockedTerms).toEqual([]);
  });
});

describe("streams", () => {
  it("an error event ends the stream with an APIError carrying its message", async () => {
    const t = await newTenant(api, { baseURL: proxy.url });
    proxy.inject(/^POST \/personas\/prompt\/stream$/, {
      kind: "raw",
      contentType: "text/event-stream",
      body: `event: ready\ndata: {"startedAt":"2026-01-01T00:00:00.000Z"}\n\n: ping\n\nevent: token\ndata: {"delta":"Hel"}\n\nevent: error\ndata: {"error":"The model provider failed"}\n\n`,
    });
    const stream = await t.pr.prompts.stream({ personaId: "00000000-0000-4000-8000-000000000000", userPrompt: "Hi" });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const e of stream) seen.push(e.event);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["ready", "token"]);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).message).toBe("The model provider failed");
    expect((err as APIError).requestId).toBe("req_proxy");
  });
});

describe("run progress streams", () => {
  it("resume after a dropped connection from the last event, without a gap or a repeat", async () => {
    const t = await newTenant(api, { baseURL: proxy.url });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++)
      ids.push((await t.pr.personas.create({ seed: seed({ firstName: `R${i}` }) })).persona.id);
    const { cohort } = await t.pr.cohorts.create({ name: "All", include: ids });
    const { population } = await t.pr.populations.create({
      name: "Panel",
      cohorts: [{ cohortId: cohort.id, weight: 1 }],
      sampling: { rule: "all" },
    });
    const { skill } = await t.pr.skills.create({
      name: "One question",
      instructions: "A new snack.",
      questions: [{ id: "like", text: "How much do you like it?", outputFormat: { type: "likert", scale: 5 } }],
    });
    const { study } = await t.pr.studies.create({ name: "Snack", populationId: population.id, skillId: skill.id });
    const { run } = await t.pr.studies.runs.create(study.id, { maxConcurrency: 2 });

    const EVENTS = /^GET \/studies\/[^/]+\/runs\/[^/]+\/events$/;
    proxy.inject(EVENTS, { kind: "cut-stream" });
    const before = proxy.seen(EVENTS).length;
    const seen: { event: string; id?: string }[] = [];
    const stream = await t.pr.studies.runs.events(study.id, run.id);
    for await (const e of stream) seen.push({ event: e.event, id: (e as { id?: string }).id });
    const connections = proxy.seen(EVENTS).slice(before);
    expect(connections).toHaveLength(2);
    // The first connection carried one event; the second asked for what follows it.
    expect(new URLSearchParams(connections[1]!.query).get("after")).toBe(seen.find((e) => e.id)?.id);
    expect(seen.at(-1)?.event).toBe("end");
    expect(seen.filter((e) => e.event === "end")).toHaveLength(1);
    // The same run's events read again in one piece (it has ended): the resumed read got exactly these
    // (`aggregate` events are live snapshots, not part of the replayable history).
    const kept = (list: { event: string; id?: string }[]) =>
      list.filter((e) => e.id !== undefined && e.event !== "aggregate");
    const whole: { event: string; id?: string }[] = [];
    for await (const e of await t.pr.studies.runs.events(study.id, run.id)) {
      whole.push({ event: e.event, id: (e as { id?: string }).id });
    }
    expect(kept(seen)).toEqual(kept(whole));
    expect(kept(seen).length).toBeGreaterThan(1);
  });
});

describe("pagination", () => {
  it("iterates every persona across pages without touching cursors", async () => {
    const t = await newTenant(api);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push((await t.pr.personas.create({ seed: seed({ firstName: `P${i}` }) })).persona.id);
    const seen: string[] = [];
    for await (const p of t.pr.personas.list({ limit: 2 })) seen.push(p.id);
    expect(seen.sort()).toEqual([...ids].sort());

    const first = await t.pr.personas.list({ limit: 3 });
    expect(first.data).toHaveLength(3);
    expect(first.hasNextPage()).toBe(true);
    const pages = [];
    for await (const page of first.iterPages()) pages.push(page.data.length);
    expect(pages).toEqual([3, 3, 1]);
  });
});
