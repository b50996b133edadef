import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BOOT_TIMEOUT_MS,
  openTestDatabase,
  startTestServer,
  type TestServer,
  testConfig,
  until,
} from "../../test/harness.ts";
import { newId } from "../ids.ts";
import { idempotencyKeys } from "../modules/idempotency/schema.ts";
import { buildRuntime } from "../server.ts";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

function waitForState(name: "maintenance.sweep", id: string, state: string, runtime = s.ctx) {
  return until(
    async () => {
      const job = await runtime.jobs.getJob(name, id);
      return job?.state === state ? job : undefined;
    },
    { what: `job ${id} to reach ${state}` },
  );
}

describe("job queue", () => {
  it("reports itself in /health", async () => {
    const res = await s.request("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
    expect(res.body.checks.queue).toMatchObject({
      status: "ok",
      workers: true,
      queues: { "maintenance.sweep": expect.any(Number) },
    });
  });

  it("runs the maintenance sweep, which drops idempotency records past 24 h", async () => {
    const apiKeyId = newId();
    const old = new Date(Date.now() - 25 * 3600_000);
    await s.ctx.database.db.insert(idempotencyKeys).values([
      { apiKeyId, key: "old", method: "POST", path: "/personas", requestHash: "h", statusCode: 201, createdAt: old },
      {
        apiKeyId,
        key: "fresh",
        method: "POST",
        path: "/personas",
        requestHash: "h",
        statusCode: 201,
        createdAt: new Date(),
      },
    ]);
    const id = await s.ctx.jobs.send("maintenance.sweep", {});
    const job = await waitForState("maintenance.sweep", id, "completed");
    expect((job.output as { idempotencyKeys: number }).idempotencyKeys).toBeGreaterThanOrEqual(1);
    const left = await s.ctx.database.query<{ key: string }>("select key from idempotency_keys where api_key_id = $1", [
      apiKeyId,
    ]);
    expect(left.map((r) => r.key)).toEqual(["fresh"]);
  });

  it("refuses a payload that does not match the catalog", async () => {
    await expect(s.ctx.jobs.send("maintenance.sweep", { surprise: 1 } as never)).rejects.toThrow();
  });

  it(
    "keeps a job queued while no worker runs, and a worker started later completes it",
    async () => {
      const database = await openTestDatabase();
      const logger = pino({ level: "silent" });
      const env = { JOB_QUEUE_SCHEMA: `pgboss_${newId().slice(0, 8)}`, JOB_POLL_INTERVAL_SECONDS: "0.5" };
      const apiOnly = await buildRuntime(testConfig({ ...env, WORKERS: "false" }), { database, logger });
      expect((await apiOnly.ctx.jobs.health()).workers).toBe(false);
      const id = await apiOnly.ctx.jobs.send("maintenance.sweep", {});
      // No worker polls in this runtime (asserted above), so there is nothing to wait for before looking.
      // On a shared PostgreSQL the workers of other test files may take it; on PGlite nothing else can.
      if (database.driver === "pglite")
        expect((await apiOnly.ctx.jobs.getJob("maintenance.sweep", id))?.state).toBe("created");
      await apiOnly.close();
      const worker = await buildRuntime(testConfig(env), {
        database,
        logger,
        workers: true,
      });
      await waitForState("maintenance.sweep", id, "completed", worker.ctx);
      await worker.close();
      await database.close();
    },
    BOOT_TIMEOUT_MS,
  );
});
