import type PgBoss from "pg-boss";
import { describe, expect, it } from "vitest";
import { QueuePoller } from "./queue.ts";

type Job = PgBoss.JobWithMetadata<unknown>;

/** A queue of `n` jobs behind a poller of `concurrency` slots whose jobs end when the test says so. */
function harness(concurrency: number, n: number) {
  const waiting: Job[] = Array.from({ length: n }, (_, i) => ({ id: `job-${i}` }) as Job);
  const fetches: number[] = [];
  const running = new Map<string, () => void>();
  let maxRunning = 0;
  const poller = new QueuePoller({
    concurrency,
    intervalMs: 3_600_000, // never reached in these tests: every look here is caused by a wake or a slot
    fetch: async (k) => {
      fetches.push(k);
      return waiting.splice(0, k);
    },
    run: (job) =>
      new Promise<void>((resolve) => {
        running.set(job.id, resolve);
        maxRunning = Math.max(maxRunning, running.size);
      }),
    onError: (err) => {
      throw err;
    },
  });
  const settle = () => new Promise((r) => setImmediate(r));
  const finish = async (id: string) => {
    running.get(id)?.();
    running.delete(id);
    await settle();
    await settle();
  };
  return { poller, waiting, fetches, running, finish, settle, maxRunning: () => maxRunning };
}

describe("QueuePoller (one poller per queue)", () => {
  it("takes as many jobs as it has free slots, in one fetch, and never runs more than its slots", async () => {
    const h = harness(3, 5);
    h.poller.start();
    await h.settle();
    expect(h.fetches[0]).toBe(3);
    expect([...h.running.keys()]).toEqual(["job-0", "job-1", "job-2"]);
    await h.finish("job-1");
    expect([...h.running.keys()]).toEqual(["job-0", "job-2", "job-3"]);
    expect(h.maxRunning()).toBe(3);
    for (const id of ["job-0", "job-2", "job-3"]) await h.finish(id);
    expect([...h.running.keys()]).toEqual(["job-4"]);
    await h.finish("job-4");
    await h.poller.stop(1000);
    expect(h.maxRunning()).toBe(3);
  });

  it("does not spin while full: a wake re-checks once, the next fetch waits for a free slot", async () => {
    const h = harness(2, 10);
    h.poller.start();
    await h.settle();
    const before = h.fetches.length;
    for (let i = 0; i < 1000; i++) h.poller.wake();
    await h.settle();
    await h.settle();
    expect(h.fetches.length).toBe(before);
    await h.finish("job-0");
    expect(h.fetches.length).toBe(before + 1);
    expect(h.running.size).toBe(2);
    await h.poller.stop(0);
  });

  it("an idle poller looks again when woken (a job was sent) and stops without waiting for its interval", async () => {
    const h = harness(4, 0);
    h.poller.start();
    await h.settle();
    expect(h.fetches).toEqual([4]);
    h.waiting.push({ id: "late" } as Job);
    h.poller.wake();
    await h.settle();
    await h.settle();
    expect([...h.running.keys()]).toEqual(["late"]);
    await h.finish("late");
    await h.poller.stop(1000);
  });
});
