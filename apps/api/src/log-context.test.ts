import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../test/fake-openai.ts";
import { captureLogs, seed, startTestServer, type TestServer, until } from "../test/harness.ts";
import { logContext, setLogContext, startLogContext, withLogContext, withoutLogContext } from "./log-context.ts";
import { createLogger } from "./logger.ts";

describe("the log context", () => {
  it("inherits into a child, which leaves its parent unchanged", () => {
    startLogContext({ requestId: "req_1" }, () => {
      withLogContext({ runId: "run_1" }, () => {
        expect(logContext()).toEqual({ requestId: "req_1", runId: "run_1" });
        setLogContext({ tenantId: "t1" });
      });
      expect(logContext()).toEqual({ requestId: "req_1" });
    });
  });

  it("starts empty in a new context and outside one; setting outside any context does nothing", () => {
    startLogContext({ requestId: "req_1" }, () => {
      startLogContext({ job: "prompt.run", jobId: "j1" }, () => {
        expect(logContext()).toEqual({ job: "prompt.run", jobId: "j1" });
      });
      withoutLogContext(() => {
        setLogContext({ tenantId: "t1" });
        expect(logContext()).toBeUndefined();
      });
    });
  });

  it("keeps the context across awaits and timers started inside it", async () => {
    const seen = await startLogContext({ requestId: "req_2" }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      setLogContext({ tenantId: "t2" });
      return new Promise((resolve) => setImmediate(() => resolve({ ...logContext() })));
    });
    expect(seen).toEqual({ requestId: "req_2", tenantId: "t2" });
  });

  it("is on every line of the logger and its children; a field the line names itself wins", () => {
    const out: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        out.push(String(chunk));
        cb();
      },
    });
    const logger = createLogger({ logLevel: "info", logFormat: "json" }, sink);
    logger.info("outside");
    startLogContext({ requestId: "req_3", tenantId: "t3" }, () => {
      logger.child({ component: "x" }).info({ n: 1 }, "child");
      logger.info({ tenantId: "named" }, "own field");
      logger.debug("disabled level");
    });
    const lines = out.map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).not.toHaveProperty("requestId");
    expect(lines[1]).toMatchObject({ requestId: "req_3", tenantId: "t3", component: "x", n: 1, msg: "child" });
    expect(lines[2]).toMatchObject({ requestId: "req_3", tenantId: "named" });
    // One key each, never a duplicate (a child binding and the context naming the same field).
    expect(out[1]?.match(/"requestId"/g)).toHaveLength(1);
  });
});

/** Through HTTP: the provider path (fake OpenAI) and a moderation endpoint that fails give lines to read. */
describe("request and job ids on the lines of services, the model client and workers", () => {
  let fake: FakeOpenAI;
  let s: TestServer;
  const logs = captureLogs("debug");
  const MODEL = "compatible/fake-llama-3";

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    s = await startTestServer({
      logger: logs.logger,
      env: {
        OPENAI_COMPATIBLE_BASE_URL: fake.url,
        DEFAULT_MODEL: "person-run/simulator",
        // The fake answers /moderations with 404: every check logs "moderation endpoint failed" (a service line).
        MODERATION_BASE_URL: fake.url,
        LLM_MAX_RETRIES: "1",
      },
    });
  });
  afterAll(async () => {
    await s.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const newPersona = async (key: string) =>
    (await s.request("POST", "/personas", { key, body: { seed: seed() } })).body.persona.id as string;
  const linesWith = (msg: string) => logs.lines().filter((l) => l.msg.startsWith(msg));

  it("puts the response's request id, the tenant and the key on a prompt's service and model lines", async () => {
    const t = await s.newTenant();
    const personaId = await newPersona(t.key);
    fake.enqueue({ kind: "status", status: 500 }, { kind: "text", text: "Fine, thanks." });
    const res = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId, userPrompt: "How are you?", model: MODEL },
    });
    expect(res.status, res.text).toBe(200);
    const requestId = res.headers.get("x-request-id");
    const mine = logs.lines().filter((l) => l.requestId === requestId);
    const failed = mine.find((l) => l.msg === "model call failed");
    expect(failed).toMatchObject({ tenantId: t.tenantId, apiKeyId: expect.any(String), status: 500 });
    expect(mine.find((l) => l.msg.startsWith("moderation endpoint failed"))).toMatchObject({ tenantId: t.tenantId });
    expect(mine.find((l) => l.msg === "request")).toMatchObject({ tenantId: t.tenantId, status: 200 });
  });

  it("keeps the request's ids inside a streamed answer, across its awaits", async () => {
    const t = await s.newTenant();
    const personaId = await newPersona(t.key);
    fake.enqueue({ kind: "status", status: 503 }, { kind: "text", text: "One two three." });
    const res = await fetch(`${s.url}/personas/prompt/stream`, {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ personaId, userPrompt: "Count.", model: MODEL }),
    });
    expect(await res.text()).toContain("event: done");
    const requestId = res.headers.get("x-request-id");
    const failed = linesWith("model call failed").filter((l) => l.status === 503);
    expect(failed).toEqual([expect.objectContaining({ requestId, tenantId: t.tenantId })]);
  });

  it("puts an async prompt's job id and tenant on its worker's lines, and no request id", async () => {
    const t = await s.newTenant();
    const personaId = await newPersona(t.key);
    fake.enqueue({ kind: "status", status: 502 }, { kind: "text", text: "Later, then." });
    const accepted = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId, userPrompt: "Tell me later.", model: MODEL, mode: "async" },
    });
    expect(accepted.status, accepted.text).toBe(202);
    const { jobId } = accepted.body;
    const done = await until(() => linesWith("job done").find((l) => l.jobId === jobId), {
      what: "the job's last line",
    });
    // An async prompt is a run: its lines name the run engine's queue and carry the run id (= the job id).
    expect(done).toMatchObject({ job: "runs.execute", runId: jobId, tenantId: t.tenantId });
    const failed = linesWith("model call failed").filter((l) => l.status === 502);
    expect(failed).toEqual([
      expect.objectContaining({ job: "runs.execute", jobId, runId: jobId, tenantId: t.tenantId }),
    ]);
    for (const line of logs.lines().filter((l) => l.jobId === jobId)) expect(line).not.toHaveProperty("requestId");
  });

  it("does not mix the ids of concurrent requests", async () => {
    const tenants = [await s.newTenant(), await s.newTenant()];
    const personas = await Promise.all(tenants.map((t) => newPersona(t.key)));
    // A slow model answer between the two moderation checks of each prompt interleaves the requests.
    fake.fallback = { kind: "text", text: "Sure.", latencyMs: 20 };
    const sent = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const t = tenants[i % 2] as (typeof tenants)[number];
        const res = await s.request("POST", "/personas/prompt", {
          key: t.key,
          body: { personaId: personas[i % 2], userPrompt: `Question ${i}?`, model: MODEL },
        });
        expect(res.status, res.text).toBe(200);
        return { requestId: res.headers.get("x-request-id") as string, tenantId: t.tenantId };
      }),
    );
    const lines = linesWith("moderation endpoint failed");
    for (const { requestId, tenantId } of sent) {
      const mine = lines.filter((l) => l.requestId === requestId);
      // The prompt's check before generation and the answer's check after it.
      expect(mine).toHaveLength(2);
      for (const line of mine) expect(line.tenantId).toBe(tenantId);
    }
  });
});
