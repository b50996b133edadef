import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOOT_TIMEOUT_MS, seed, startTestServer, type TestServer, testConfig, until } from "../../../test/harness.ts";
import type { SqlRunner } from "../../db/client.ts";
import { buildRuntime } from "../../server.ts";
import { CreatedPersonaEnvelope } from "../personas/schemas.ts";
import { AsyncAcceptedSchema, PromptJobEnvelope } from "./schemas.ts";

/**
 * Money and jobs under concurrency and failure: reservations never overspend a balance or pass a
 * limit, a cancelled or deleted target records nothing billable, a queued job always has its queue
 * message, and a job orphaned by a dead worker completes exactly once.
 */
let s: TestServer;
/** Slow words, so that a generation is still running when it is cancelled or its persona deleted. */
let slow: TestServer;
beforeAll(async () => {
  [s, slow] = await Promise.all([
    startTestServer({ env: { JOB_POLL_INTERVAL_SECONDS: "0.5" } }),
    startTestServer({ env: { JOB_POLL_INTERVAL_SECONDS: "0.5", SIMULATOR_DELAY_MS: "40" } }),
  ]);
}, BOOT_TIMEOUT_MS);
afterAll(async () => {
  await Promise.all([s?.close(), slow?.close()]);
});

type Tenant = { tenantId: string; key: string };

async function persona(server: TestServer, t: Tenant) {
  const res = await server.request("POST", "/personas", { key: t.key, body: { seed: seed() } });
  expect(res.status, res.text).toBe(201);
  return CreatedPersonaEnvelope.parse(res.body).persona;
}

async function billing(server: TestServer, t: Tenant) {
  const res = await server.request("GET", "/billing", { key: t.key });
  expect(res.status, res.text).toBe(200);
  return res.body.billing as { creditBalance: number | null; usage: { prompts: number } };
}

async function setBilling(server: TestServer, t: Tenant, body: Record<string, unknown>) {
  const res = await server.request("PUT", "/billing", { key: t.key, body });
  expect(res.status, res.text).toBe(200);
}

const LONG_PROMPT =
  "Tell me, in as much detail as you like, about the last time you tried a new app at work: how you found it, " +
  "what you expected, what happened in the first week, and what made you keep it or drop it.";

describe("credits and plan limits under concurrency", () => {
  it("never spends more than the balance: 1.5 credits and 10 concurrent prompts → exactly one answer", async () => {
    const t = await s.newTenant();
    const p = await persona(s, t);
    await setBilling(s, t, { creditBalance: 1.5, limits: { monthlyPrompts: 2 } });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        s.request("POST", "/personas/prompt", { key: t.key, body: { personaId: p.id, userPrompt: "Hello there." } }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 200)).toHaveLength(1);
    expect(statuses.filter((x) => x === 402)).toHaveLength(9);
    for (const r of results.filter((x) => x.status === 402)) {
      expect(r.body).toMatchObject({ error: "Insufficient credits", action: "upgrade_or_topup" });
    }
    const after = await billing(s, t);
    expect(after.creditBalance).toBe(0.5);
    expect(after.usage.prompts).toBe(1);
  });

  it("spends a balance exactly: 5 credits, 12 concurrent prompts → 5 answers and a balance of 0", async () => {
    const t = await s.newTenant();
    const p = await persona(s, t);
    await setBilling(s, t, { creditBalance: 5, limits: {} });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        s.request("POST", "/personas/prompt", { key: t.key, body: { personaId: p.id, userPrompt: `Question ${i}?` } }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(results.filter((r) => r.status === 402)).toHaveLength(7);
    expect((await billing(s, t)).creditBalance).toBe(0);
  });

  it("never passes the monthly prompt limit: limit 2, 10 concurrent prompts (sync and stream) → exactly 2", async () => {
    const t = await s.newTenant();
    const p = await persona(s, t);
    await setBilling(s, t, { creditBalance: null, limits: { monthlyPrompts: 2 } });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        s.request("POST", i % 2 ? "/personas/prompt/stream" : "/personas/prompt", {
          key: t.key,
          body: { personaId: p.id, userPrompt: "How is your week going?" },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    const refused = results.filter((r) => r.status === 403);
    expect(refused).toHaveLength(8);
    for (const r of refused) expect(r.body.error).toBe("Usage limit exceeded");
    expect((await billing(s, t)).usage.prompts).toBe(2);
  });

  it("refunds what a prompt did not use, and a failed prompt costs nothing", async () => {
    const t = await s.newTenant();
    const p = await persona(s, t);
    await setBilling(s, t, { creditBalance: 3, limits: {} });
    // The simulator is free: a prompt costs the flat 1 credit, whatever its reservation was.
    const ok = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId: p.id, userPrompt: "Hi!", maxTokens: 4000 },
    });
    expect(ok.status).toBe(200);
    expect((await billing(s, t)).creditBalance).toBe(2);
    const missing = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId: p.id, userPrompt: "Hi!", sessionId: "0195e0b4-0000-7000-8000-000000000000" },
    });
    expect(missing.status).toBe(404);
    expect((await billing(s, t)).creditBalance).toBe(2);
  });
});

describe("cancelling and deleting stop the model call and record nothing billable", () => {
  it("a cancelled running async job records no turn and gives its reservation back", async () => {
    const t = await slow.newTenant();
    const p = await persona(slow, t);
    await setBilling(slow, t, { creditBalance: 100, limits: {} });
    const accepted = AsyncAcceptedSchema.parse(
      (
        await slow.request("POST", "/personas/prompt", {
          key: t.key,
          body: { personaId: p.id, userPrompt: LONG_PROMPT, mode: "async" },
        })
      ).body,
    );
    const job = async () =>
      PromptJobEnvelope.parse(
        (await slow.request("GET", `/personas/prompt/jobs/${accepted.jobId}`, { key: t.key })).body,
      ).job;
    // Running, with its reservation taken.
    await until(async () => (await job()).status === "running" && (await billing(slow, t)).creditBalance! < 100, {
      what: "the job to run",
    });
    const cancel = await slow.request("POST", `/personas/prompt/jobs/${accepted.jobId}/cancel`, {
      key: t.key,
      body: {},
    });
    expect(cancel.status).toBe(200);
    // The worker stops and releases the reservation (on the old code it finished and charged the turn).
    await until(async () => (await billing(slow, t)).creditBalance === 100, { what: "the reservation to be released" });
    const after = await billing(slow, t);
    expect(after.usage.prompts).toBe(0);
    const session = await slow.request("GET", `/personas/prompt/sessions/${accepted.sessionId}`, { key: t.key });
    expect(session.status).toBe(200);
    expect(session.body.turns).toHaveLength(0);
    expect((await job()).status).toBe("cancelled");
    expect((await job()).result).toBeUndefined();
  });

  it("deleting a persona mid-answer stops its generation: the caller gets 404 and nothing is charged", async () => {
    const t = await slow.newTenant();
    const p = await persona(slow, t);
    await setBilling(slow, t, { creditBalance: 50, limits: {} });
    const pending = slow.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId: p.id, userPrompt: LONG_PROMPT },
    });
    await until(async () => (await billing(slow, t)).creditBalance! < 50, { what: "the prompt to start" });
    const del = await slow.request("DELETE", `/personas/${p.id}`, { key: t.key });
    expect(del.status).toBe(200);
    const res = await pending;
    expect(res.status, res.text).toBe(404);
    expect(res.body.code).toBe("not_found");
    await until(async () => (await billing(slow, t)).creditBalance === 50, { what: "the reservation to be released" });
  });

  it("deleting a persona stops its streamed answer without recording a turn or charging", async () => {
    const t = await slow.newTenant();
    const p = await persona(slow, t);
    await setBilling(slow, t, { creditBalance: 50, limits: {} });
    const res = await fetch(`${slow.url}/personas/prompt/stream`, {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ personaId: p.id, userPrompt: LONG_PROMPT }),
    });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read(); // `ready` has been sent: the generation runs
    expect(new TextDecoder().decode(first.value)).toContain("event: ready");
    expect((await slow.request("DELETE", `/personas/${p.id}`, { key: t.key })).status).toBe(200);
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain("event: error");
    expect(text).not.toContain("event: done");
    await until(async () => (await billing(slow, t)).creditBalance === 50, { what: "the reservation to be released" });
    expect((await billing(slow, t)).usage.prompts).toBe(0);
  });
});

describe("transactional enqueue and orphan recovery", () => {
  it("a failure between the job row and its queue message leaves neither (no job stuck queued)", async () => {
    const t = await s.newTenant();
    const p = await persona(s, t);
    const database = s.ctx.database;
    const original = database.transaction.bind(database);
    // Fail the queue's insert inside the transaction, after the job row was written.
    database.transaction = <T>(fn: (tx: SqlRunner) => Promise<T>) =>
      original((tx) =>
        fn({
          query: tx.query.bind(tx),
          execSql: async (text, values) => {
            if (/insert into/i.test(text) && /\.job\b|job\s*\(/i.test(text)) throw new Error("queue unavailable");
            return tx.execSql(text, values);
          },
        }),
      );
    let res: Awaited<ReturnType<TestServer["request"]>>;
    try {
      res = await s.request("POST", "/personas/prompt", {
        key: t.key,
        body: { personaId: p.id, userPrompt: "Hello?", mode: "async" },
      });
    } finally {
      database.transaction = original;
    }
    expect(res.status).toBe(500);
    expect(res.body.code).toBe("internal_error");
    const jobs = await database.query("select id from prompt_jobs where tenant_id = $1", [t.tenantId]);
    expect(jobs).toHaveLength(0);
    const sessions = await database.query("select id from prompt_sessions where tenant_id = $1", [t.tenantId]);
    expect(sessions).toHaveLength(0);
    // And the same request goes through once the queue is back.
    const ok = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId: p.id, userPrompt: "Hello?", mode: "async" },
    });
    expect(ok.status).toBe(202);
  });

  it(
    "a job left running by a dead worker is recovered and completes exactly once",
    async () => {
      // An API-only node queues the job; then the job looks like a worker took it and died (kill -9):
      // running, with a lease nobody renews.
      const api = await startTestServer({ env: { WORKERS: "false", JOB_POLL_INTERVAL_SECONDS: "0.5" } });
      try {
        const t = await api.newTenant();
        const p = await persona(api, t);
        const accepted = AsyncAcceptedSchema.parse(
          (
            await api.request("POST", "/personas/prompt", {
              key: t.key,
              body: { personaId: p.id, userPrompt: "What did you have for breakfast?", mode: "async" },
            })
          ).body,
        );
        await api.ctx.database.query(
          `update runs set state = 'running', lease_token = 'dead-worker', attempts = 1,
             heartbeat_at = now() - interval '1 hour', started_at = now() - interval '1 hour'
           where id = $1`,
          [accepted.jobId],
        );
        // A worker starts: it recovers the orphan at start, and the original queue message is delivered too.
        const worker = await buildRuntime(testConfig({ ...api.env, WORKERS: "true" }), {
          database: api.ctx.database,
          logger: pino({ level: "silent" }),
          workers: true,
        });
        try {
          const job = await until(
            async () => {
              const res = await api.request("GET", `/personas/prompt/jobs/${accepted.jobId}`, { key: t.key });
              const { job } = PromptJobEnvelope.parse(res.body);
              return ["succeeded", "failed"].includes(job.status) ? job : undefined;
            },
            { what: "the recovered job to finish" },
          );
          expect(job.status).toBe("succeeded");
          // Let any duplicate delivery of the job run to its end: a later job finishing means the
          // queue went past it.
          const later = AsyncAcceptedSchema.parse(
            (
              await api.request("POST", "/personas/prompt", {
                key: t.key,
                body: { personaId: p.id, userPrompt: "And lunch?", mode: "async", sessionId: accepted.sessionId },
              })
            ).body,
          );
          await until(
            async () => {
              const res = await api.request("GET", `/personas/prompt/jobs/${later.jobId}`, { key: t.key });
              return PromptJobEnvelope.parse(res.body).job.status === "succeeded";
            },
            { what: "a later job to finish" },
          );
          const turns = await api.ctx.database.query("select job_id from prompt_turns where session_id = $1", [
            accepted.sessionId,
          ]);
          expect(turns.filter((r) => r.job_id === accepted.jobId)).toHaveLength(1);
          expect(turns).toHaveLength(2);
        } finally {
          await worker.close();
        }
      } finally {
        await api.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );

  it("a reconcile job left running by a dead worker is recovered by the periodic sweep", async () => {
    const t = await s.newTenant();
    const p = await persona(s, t);
    const res = await s.request("POST", `/personas/${p.id}/timeline/reconcile`, { key: t.key, body: {} });
    expect(res.status, res.text).toBe(202);
    const jobId = res.body.job.id as string;
    const get = async () =>
      (await s.request("GET", `/personas/${p.id}/timeline/reconcile/${jobId}`, { key: t.key })).body.job;
    await until(async () => ["succeeded", "failed"].includes((await get()).status), { what: "the reconcile job" });
    // Pretend it had been taken by a worker that died before finishing.
    await s.ctx.database.query(
      `update runs set state = 'running', lease_token = 'dead', attempts = 1, finished_at = null,
         heartbeat_at = now() - interval '1 hour' where id = $1`,
      [jobId],
    );
    expect((await get()).status).toBe("running");
    const recovered = await s.ctx.runs.sweep(false);
    expect(recovered.requeued).toBeGreaterThanOrEqual(1);
    expect(recovered.failed).toBe(0);
    await until(async () => (await get()).status === "succeeded", { what: "the recovered reconcile job" });
  });
});
