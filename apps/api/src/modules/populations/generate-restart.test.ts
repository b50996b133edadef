import { afterAll, describe, expect, it } from "vitest";
import { crashableServe } from "../../../test/crash.ts";
import { BOOT_TIMEOUT_MS, until } from "../../../test/harness.ts";

/**
 * A generation survives a crash of the embedded server: `person-run serve` is killed (-9) once some
 * batches of personas exist, a new server starts on the same data directory, recovers the orphaned run,
 * and the population ends with exactly `size` members and the tenant with exactly `size` personas. Always
 * on PGlite (the embedded mode), whatever DATABASE_URL says.
 */

const serve = crashableServe("population-restart", "pr_live_populationRestartKeyForTests01");
const call = serve.call;
const SIZE = 6000;
afterAll(() => serve.cleanup());

describe("a generation across a crash of the embedded server", () => {
  it("ends with exactly `size` members and personas after `serve` is killed mid-run", {
    timeout: 4 * BOOT_TIMEOUT_MS,
  }, async () => {
    const port = await serve.start();
    const started = await call(port, "POST", "/populations/generate", {
      name: "Crash test",
      size: SIZE,
      targets: "us-adults",
      seed: 99,
    });
    expect(started.status).toBe(202);
    const id = started.body.population.id as string;
    const before = await until(
      async () => {
        // A busy server may drop a kept-alive connection: that poll counts as "not yet".
        const p = await call(port, "GET", `/populations/${id}`).then(
          (r) => r.body.population,
          () => null,
        );
        return p && p.generated >= 200 ? p : null;
      },
      { what: "some batches to be created", timeoutMs: BOOT_TIMEOUT_MS, intervalMs: 20 },
    );
    await serve.kill();
    expect(before.status).toBe("generating");
    expect(before.generated).toBeLessThan(SIZE);

    const second = await serve.restart();
    const p2 = second.port;
    const population = await until(
      async () => {
        const p = await call(p2, "GET", `/populations/${id}`).then(
          (r) => r.body.population,
          () => null,
        );
        return p && p.status !== "generating" ? p : null;
      },
      { what: "the generation to finish on the new server", timeoutMs: 2 * BOOT_TIMEOUT_MS, intervalMs: 200 },
    );
    expect(population).toMatchObject({ status: "ready", version: 1, size: SIZE, generated: SIZE });
    const db = second.ctx.database;
    const [personas] = await db.query<{ n: number }>(
      "select count(*)::int as n from personas where tenant_id = 'restart-co'",
    );
    expect(personas?.n).toBe(SIZE);
    const [memories] = await db.query<{ n: number }>(
      "select count(*)::int as n from timeline_entries where tenant_id = 'restart-co'",
    );
    expect(memories?.n).toBe(SIZE);
    const [members] = await db.query<{ n: number }>(
      "select count(*)::int as n from population_members where population_id = $1",
      [id],
    );
    expect(members?.n).toBe(SIZE);
    const run = (await call(p2, "GET", `/runs/${population.runId}`)).body.run;
    expect(run).toMatchObject({ state: "succeeded" });
    expect(run.attempts).toBeGreaterThanOrEqual(2);
    expect(population.fit.maxDeviation).toBeLessThanOrEqual(0.01);
  });
});
