import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, until } from "../../../test/harness.ts";
import { ensureEffectsTable, MODULES_WITH_TEST_RUNS, observed } from "../../../test/runs/test-kinds.ts";
import { parseSse } from "../../../test/sse.ts";
import { sseEventSchema } from "../../http/sse-schemas.ts";
import { RunEnvelope, RunListEnvelope, RunStreamEvents } from "./schemas.ts";

/** The run engine through HTTP, driven by the test-only kinds (test/runs/test-kinds.ts). */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ modules: MODULES_WITH_TEST_RUNS, env: { MODEL_CONCURRENCY: "test-model=2" } });
  await ensureEffectsTable(s.ctx.database);
});
afterAll(() => s.close());
beforeEach(() => observed.reset());

const getRun = async (key: string, id: string) => {
  const res = await s.request("GET", `/runs/${id}`, { key });
  expect(res.status, res.text).toBe(200);
  return RunEnvelope.parse(res.body).run;
};
const settled = (key: string, id: string, state = "succeeded") =>
  until(
    async () => {
      const run = await getRun(key, id);
      return ["succeeded", "failed", "cancelled"].includes(run.state) ? run : null;
    },
    { what: `run ${id} to finish (expected ${state})` },
  );
const effects = async (runId: string) =>
  (
    await s.ctx.database.query<{ n: number }>(
      "select count(*)::int as n from test_run_effects where run_id = $1 and label <> 'heard'",
      [runId],
    )
  )[0]?.n;

const RunStreamEvent = sseEventSchema(RunStreamEvents);

/** The SSE stream of a run, read to its end; every event parsed with the schema the spec documents. */
async function followToEnd(key: string, id: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}/runs/${id}/events`, { headers: { "x-api-key": key, ...headers } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  return parseSse(await res.text())
    .filter((e) => e.comment === undefined)
    .map((e) => {
      const parsed = RunStreamEvent.parse({ event: e.event, data: JSON.parse(e.data ?? "null") });
      return { ...parsed, id: e.id } as {
        event: string;
        data: Record<string, unknown> & { run?: { state: string } };
        id?: string;
      };
    });
}

describe("a run", () => {
  it("runs once, reports progress, and its event stream replays from any event id", async () => {
    const { tenantId, key } = await s.newTenant();
    const created = await s.ctx.runs.create(tenantId, { kind: "test.sleep", payload: { label: "one", steps: 3 } });
    expect(created.state).toBe("queued");
    const run = await settled(key, created.id);
    expect(run).toMatchObject({
      state: "succeeded",
      attempts: 1,
      deadLetter: false,
      result: { label: "one", attempt: 1 },
      progress: { done: 3, total: 3 },
      costUsd: 0.001,
    });
    expect(await effects(run.id)).toBe(1);

    const events = await followToEnd(key, run.id);
    expect(events.map((e) => e.event)).toEqual(["state", "state", "progress", "progress", "progress", "state", "end"]);
    expect(events.filter((e) => e.event === "state").map((e) => e.data.state)).toEqual([
      "queued",
      "running",
      "succeeded",
    ]);
    expect(events.at(-1)?.data.run?.state).toBe("succeeded");
    // Reconnecting with the id of the second event resends only what came after it.
    const again = await followToEnd(key, run.id, { "last-event-id": events[1]?.id as string });
    expect(again.map((e) => e.event)).toEqual(["progress", "progress", "progress", "state", "end"]);
  });

  it("retries a retryable failure with backoff, then dead-letters it; retry gives it new attempts", async () => {
    const { tenantId, key } = await s.newTenant();
    const created = await s.ctx.runs.create(tenantId, {
      kind: "test.sleep",
      payload: { label: "flaky", failUntil: 4 },
    });
    const dead = await settled(key, created.id, "failed");
    expect(dead).toMatchObject({ state: "failed", attempts: 3, maxAttempts: 3, deadLetter: true });
    expect(dead.error).toEqual({ error: "attempt 3 failed on purpose", code: "upstream_unavailable" });
    const events = await s.ctx.runs.events(tenantId, created.id, 0);
    const retries = events.filter((e) => e.type === "state" && e.data.state === "queued" && e.data.retryInMs);
    expect(retries).toHaveLength(2);
    for (const r of retries) expect(r.data.retryInMs).toBeGreaterThan(0);
    expect(await effects(created.id)).toBe(0);

    const list = RunListEnvelope.parse((await s.request("GET", "/runs", { key, query: { deadLetter: "true" } })).body);
    expect(list.runs.map((r) => r.id)).toEqual([created.id]);

    const retried = await s.request("POST", `/runs/${created.id}/retry`, { key, body: {} });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body.run).toMatchObject({ state: "queued", deadLetter: false, maxAttempts: 6 });
    const ok = await settled(key, created.id);
    expect(ok).toMatchObject({ state: "succeeded", attempts: 5, result: { attempt: 5 } });
    expect(await effects(created.id)).toBe(1);
    // Only a dead-lettered run can be retried.
    const again = await s.request("POST", `/runs/${created.id}/retry`, { key, body: {} });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("conflict");
  });

  it("does not retry a failure that another attempt cannot fix, and hides a crash's internals", async () => {
    const { tenantId, key } = await s.newTenant();
    const domain = await s.ctx.runs.create(tenantId, {
      kind: "test.sleep",
      payload: { failUntil: 9, failWith: "domain" },
    });
    const crash = await s.ctx.runs.create(tenantId, {
      kind: "test.sleep",
      payload: { failUntil: 9, failWith: "crash" },
    });
    expect(await settled(key, domain.id, "failed")).toMatchObject({
      attempts: 1,
      deadLetter: true,
      error: { error: "The payload says this fails", code: "validation_error" },
    });
    const crashed = await settled(key, crash.id, "failed");
    expect(crashed).toMatchObject({ attempts: 1, error: { code: "internal_error" } });
    expect(JSON.stringify(crashed)).not.toContain("secret internals");
  });

  it("completes once when its message is delivered twice at the same time", async () => {
    const { tenantId, key } = await s.newTenant();
    // The queue delivers it once; the test delivers it three more times, all at once.
    const created = await s.ctx.runs.create(tenantId, { kind: "test.sleep", payload: { ms: 50 } });
    await Promise.all([
      s.ctx.runs.execute(created.id, tenantId),
      s.ctx.runs.execute(created.id, tenantId),
      s.ctx.runs.execute(created.id, tenantId),
    ]);
    const run = await settled(key, created.id);
    expect(run.attempts).toBe(1);
    expect(await effects(created.id)).toBe(1);
    const succeeded = (await s.ctx.runs.events(tenantId, created.id, 0)).filter((e) => e.data.state === "succeeded");
    expect(succeeded).toHaveLength(1);
  });

  it("is recovered by the sweep when its worker stopped heartbeating", async () => {
    const { tenantId, key } = await s.newTenant();
    const created = await s.ctx.runs.create(tenantId, { kind: "test.sleep", payload: { label: "orphan" } });
    await settled(key, created.id);
    // As if a worker had taken it and died: running, under a lease nobody holds, heartbeat long ago.
    await s.ctx.database.query(
      `update runs set state = 'running', lease_token = 'dead-worker', heartbeat_at = now() - interval '1 hour',
         result = null, finished_at = null where id = $1`,
      [created.id],
    );
    await s.ctx.database.query("delete from test_run_effects where run_id = $1", [created.id]);
    const swept = await s.ctx.runs.sweep(false);
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    const run = await until(
      async () => {
        const r = await getRun(key, created.id);
        return r.state === "succeeded" ? r : null;
      },
      { what: "the recovered run to succeed" },
    );
    expect(run.attempts).toBe(2);
    expect(await effects(created.id)).toBe(1);
  });
});

describe("deployments sharing a database", () => {
  it("sweeps only the runs of its own queue", async () => {
    const { tenantId, key } = await s.newTenant();
    const created = await s.ctx.runs.create(tenantId, { kind: "test.sleep", payload: {} });
    await settled(key, created.id);
    // A run of another deployment (another JOB_QUEUE_SCHEMA) whose worker looks dead.
    await s.ctx.database.query(
      `update runs set state = 'running', lease_token = 'theirs', heartbeat_at = now() - interval '1 hour',
         queue = 'another_deployment', finished_at = null where id = $1`,
      [created.id],
    );
    await s.ctx.runs.sweep(false);
    const run = await getRun(key, created.id);
    expect(run.state).toBe("running");
    expect(run.attempts).toBe(1);
  });
});

describe("parent and child runs", () => {
  it("runs children within the parent's concurrency limit and rolls their counts and cost up", async () => {
    const { tenantId, key } = await s.newTenant();
    const parent = await s.ctx.runs.create(tenantId, {
      kind: "test.fanout",
      payload: { children: 7, maxConcurrency: 2, child: { ms: 30, steps: 2 } },
    });
    const run = await settled(key, parent.id);
    expect(run).toMatchObject({
      state: "succeeded",
      children: { total: 7, succeeded: 7, failed: 0, cancelled: 0, maxConcurrency: 2 },
      result: { children: { total: 7, succeeded: 7, failed: 0, cancelled: 0 } },
    });
    expect(run.costUsd).toBeCloseTo(0.007, 6);
    expect(observed.maxRunning).toBeLessThanOrEqual(2);
    const children = RunListEnvelope.parse(
      (await s.request("GET", "/runs", { key, query: { parentId: parent.id, limit: 50 } })).body,
    ).runs;
    expect(children).toHaveLength(7);
    for (const c of children) {
      expect(c).toMatchObject({ state: "succeeded", parentId: parent.id, attempts: 1 });
      expect(await effects(c.id)).toBe(1);
    }
    const counts = (await s.ctx.runs.events(tenantId, parent.id, 0)).filter((e) => e.type === "children");
    expect(counts.at(-1)?.data).toEqual({ total: 7, succeeded: 7, failed: 0, cancelled: 0 });
  });

  it("commits children that end at the same moment together, each once, and the parent hears each once", async () => {
    const { tenantId, key } = await s.newTenant();
    const open = observed.closeGate();
    const parent = await s.ctx.runs.create(tenantId, {
      kind: "test.fanout",
      payload: { children: 8, child: { gated: true } },
    });
    // Every child waits at the gate; released together, their completions queue behind the first one's.
    for (let i = 0; i < 400 && observed.started < 8; i++) await new Promise((r) => setTimeout(r, 25));
    expect(observed.started).toBe(8);
    open();
    const run = await settled(key, parent.id);
    expect(run).toMatchObject({ state: "succeeded", children: { total: 8, succeeded: 8, failed: 0, cancelled: 0 } });
    expect(run.costUsd).toBeCloseTo(0.008, 6);
    const heard = await s.ctx.database.query<{ run_id: string; attempt: number }>(
      `select e.run_id, e.attempt from test_run_effects e join runs r on r.id = e.run_id
       where r.parent_id = $1 and e.label = 'heard'`,
      [parent.id],
    );
    const children = RunListEnvelope.parse(
      (await s.request("GET", "/runs", { key, query: { parentId: parent.id, limit: 50 } })).body,
    ).runs;
    expect(heard.map((h) => h.run_id).sort()).toEqual(children.map((c) => c.id).sort());
    for (const c of children) expect(await effects(c.id)).toBe(1);
    // At least one call heard several children: they were committed as one batch.
    expect(Math.max(...heard.map((h) => h.attempt))).toBeGreaterThan(1);
    const counts = (await s.ctx.runs.events(tenantId, parent.id, 0)).filter((e) => e.type === "children");
    expect(counts.at(-1)?.data).toEqual({ total: 8, succeeded: 8, failed: 0, cancelled: 0 });
  });

  it("fails the parent when a child fails, naming the counts", async () => {
    const { tenantId, key } = await s.newTenant();
    const parent = await s.ctx.runs.create(tenantId, {
      kind: "test.fanout",
      payload: { children: 3, failing: [1] },
    });
    const run = await settled(key, parent.id, "failed");
    expect(run).toMatchObject({
      state: "failed",
      deadLetter: false,
      children: { total: 3, succeeded: 2, failed: 1 },
      error: { code: "children_failed" },
    });
  });

  it("cancels a parent and its running children at once; nothing of theirs is committed", async () => {
    const { tenantId, key } = await s.newTenant();
    const parent = await s.ctx.runs.create(tenantId, {
      kind: "test.fanout",
      payload: { children: 4, maxConcurrency: 2, child: { ms: 60_000, steps: 600 } },
    });
    await until(() => observed.running === 2, { what: "two children running" });
    const res = await s.request("POST", `/runs/${parent.id}/cancel`, { key, body: {} });
    expect(res.status, res.text).toBe(200);
    expect(res.body.run).toMatchObject({ state: "cancelled", children: { total: 4, cancelled: 4 } });
    await until(() => observed.running === 0, { what: "the running children to stop" });
    const children = RunListEnvelope.parse(
      (await s.request("GET", "/runs", { key, query: { parentId: parent.id } })).body,
    ).runs;
    expect(children.map((c) => c.state)).toEqual(["cancelled", "cancelled", "cancelled", "cancelled"]);
    for (const c of children) expect(await effects(c.id)).toBe(0);
    const again = await s.request("POST", `/runs/${parent.id}/cancel`, { key, body: {} });
    expect(again.status).toBe(409);
  });

  it("pauses a tree (interrupted attempts do not count) and resumes it to the end", async () => {
    const { tenantId, key } = await s.newTenant();
    const parent = await s.ctx.runs.create(tenantId, {
      kind: "test.fanout",
      payload: { children: 4, maxConcurrency: 2, child: { ms: 60_000, steps: 600 } },
    });
    await until(() => observed.running === 2, { what: "two children running" });
    const paused = await s.request("POST", `/runs/${parent.id}/pause`, { key, body: {} });
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body.run.state).toBe("paused");
    await until(() => observed.running === 0, { what: "the running children to stop" });
    const children = RunListEnvelope.parse(
      (await s.request("GET", "/runs", { key, query: { parentId: parent.id } })).body,
    ).runs;
    expect(children.map((c) => c.state)).toEqual(["paused", "paused", "paused", "paused"]);
    expect(children.map((c) => c.attempts)).toEqual([0, 0, 0, 0]);
    expect((await s.request("POST", `/runs/${parent.id}/pause`, { key, body: {} })).status).toBe(409);

    // Shorter work from here: the same children, resumed, finish quickly.
    await s.ctx.database.query(
      `update runs set payload = jsonb_set(jsonb_set(payload, '{ms}', '20'), '{steps}', '1') where parent_id = $1`,
      [parent.id],
    );
    const resumed = await s.request("POST", `/runs/${parent.id}/resume`, { key, body: {} });
    expect(resumed.status, resumed.text).toBe(200);
    const run = await settled(key, parent.id);
    expect(run).toMatchObject({ state: "succeeded", children: { succeeded: 4 } });
    expect(observed.maxRunning).toBeLessThanOrEqual(2);
    for (const c of children) expect((await getRun(key, c.id)).attempts).toBe(1);
  });
});

describe("limits per model", () => {
  it("never runs more of one model's runs at once than MODEL_CONCURRENCY allows", async () => {
    const { tenantId, key } = await s.newTenant();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(
        (
          await s.ctx.runs.create(tenantId, {
            kind: "test.sleep",
            payload: { label: `m${i}`, model: "test-model", ms: 300, steps: 3 },
          })
        ).id,
      );
    }
    for (const id of ids) expect((await settled(key, id)).state).toBe("succeeded");
    expect(observed.byKey.get("test-model")?.max).toBeLessThanOrEqual(2);
    expect(observed.byKey.get("test-model")?.max).toBeGreaterThanOrEqual(1);
  });
});

describe("access", () => {
  it("keeps runs to their tenant and their permissions", async () => {
    const a = await s.newTenant();
    const b = await s.newTenant();
    const run = await s.ctx.runs.create(a.tenantId, { kind: "test.sleep", payload: {} });
    await settled(a.key, run.id);
    for (const [method, path] of [
      ["GET", `/runs/${run.id}`],
      ["GET", `/runs/${run.id}/events`],
      ["POST", `/runs/${run.id}/cancel`],
      ["POST", `/runs/${run.id}/retry`],
    ] as const) {
      const res = await s.request(method, path, { key: b.key, body: method === "POST" ? {} : undefined });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.code).toBe("not_found");
    }
    expect(RunListEnvelope.parse((await s.request("GET", "/runs", { key: b.key })).body).runs).toEqual([]);
    const readOnly = await s.request("POST", "/keys", {
      key: a.key,
      body: { name: "reader", profile: "read-only" },
    });
    const reader = readOnly.body.secret as string;
    expect((await s.request("GET", `/runs/${run.id}`, { key: reader })).status).toBe(200);
    expect((await s.request("POST", `/runs/${run.id}/cancel`, { key: reader, body: {} })).status).toBe(403);
    const promptOnly = await s.request("POST", "/keys", {
      key: a.key,
      body: { name: "widget", profile: "prompt-only" },
    });
    expect((await s.request("GET", "/runs", { key: promptOnly.body.secret })).status).toBe(403);
    expect((await s.request("GET", "/runs/not-a-uuid", { key: a.key })).status).toBe(400);
  });
});
