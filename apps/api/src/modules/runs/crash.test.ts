import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BOOT_TIMEOUT_MS, uniqueTenantId, until } from "../../../test/harness.ts";
import { randomBase62 } from "../../ids.ts";

/**
 * kill -9 while children run: a process running a parent's children is killed without warning, a new
 * process starts on the same database, and every child still completes exactly once — one committed
 * result and one `succeeded` event per child, the killed attempts recovered and counted. On the embedded
 * database the new process owns the data directory, so every running attempt is an orphan at start; on
 * PostgreSQL the recovery waits for the dead worker's heartbeat to go stale (RUN_STALE_SECONDS).
 */

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../../test/runs/crash-worker.ts");
const dataDir = mkdtempSync(path.join(tmpdir(), "person-run-crash-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

interface Line {
  type: string;
  [k: string]: unknown;
}

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER], {
    env: {
      ...process.env,
      ...(process.env.DATABASE_URL ? {} : { DATA_DIR: dataDir }),
      JOB_POLL_INTERVAL_SECONDS: "0.5",
      RUN_STALE_SECONDS: "3",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const lines: Line[] = [];
  let stderr = "";
  let buffer = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    let nl = buffer.indexOf("\n");
    while (nl >= 0) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        lines.push(JSON.parse(text) as Line);
      } catch {}
      nl = buffer.indexOf("\n");
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const wait = (what: string, probe: (ls: Line[]) => unknown) =>
    until(
      () => {
        if (child.exitCode !== null && !probe(lines)) throw new Error(`worker exited (${child.exitCode}): ${stderr}`);
        return probe(lines);
      },
      { what, timeoutMs: BOOT_TIMEOUT_MS, intervalMs: 20 },
    );
  return { child, lines, exited, wait };
}

describe("the run engine under kill -9", () => {
  it("completes every child exactly once after the process running them is killed", {
    timeout: 4 * BOOT_TIMEOUT_MS,
  }, async () => {
    const tenantId = uniqueTenantId("crash");
    const queue: Record<string, string> = process.env.DATABASE_URL
      ? { JOB_QUEUE_SCHEMA: `pgboss_${randomBase62(10).toLowerCase()}` }
      : {};

    const first = start({ ...queue, CREATE: tenantId, CHILDREN: "12" });
    const rootId = ((await first.wait("the parent run", (ls) => ls.find((l) => l.type === "root"))) as Line)
      .id as string;
    // Some children's completions committed, and at least one is in the middle of its work: kill now.
    const running = await first.wait("a child in the middle of its work after three committed", (ls) => {
      const committed = new Set(ls.filter((l) => l.type === "committed").map((l) => l.runId));
      if (committed.size < 3) return null;
      const done = new Set(ls.filter((l) => l.type === "done").map((l) => l.runId));
      // The child that started last: it has most of its work (1.5 s) still ahead of it.
      return ls.findLast((l) => l.type === "start" && !done.has(l.runId));
    });
    first.child.kill("SIGKILL");
    await first.exited;
    const doneBefore = new Set(first.lines.filter((l) => l.type === "done").map((l) => l.runId));
    const committedBefore = new Set(first.lines.filter((l) => l.type === "committed").map((l) => l.runId));

    const second = start({ ...queue, WATCH: `${tenantId}:${rootId}` });
    const summary = (await second.wait("the parent to finish", (ls) => ls.find((l) => l.type === "summary"))) as {
      root: { state: string; children: Record<string, number> };
      children: { id: string; state: string; attempts: number }[];
      effects: Record<string, number>;
      committedBy: Record<string, number>;
      succeededEvents: Record<string, number>;
    };
    await second.exited;

    expect(summary.root.state).toBe("succeeded");
    expect(summary.root.children).toMatchObject({ total: 12, succeeded: 12, failed: 0, cancelled: 0 });
    expect(summary.children).toHaveLength(12);
    for (const c of summary.children) {
      expect(c.state, c.id).toBe("succeeded");
      expect(summary.effects[c.id], `committed results of ${c.id}`).toBe(1);
      expect(summary.succeededEvents[c.id], `succeeded events of ${c.id}`).toBe(1);
    }
    // The child killed mid-work ran again: its first attempt counted, its result committed by the new process.
    const killed = summary.children.find((c) => c.id === (running as Line).runId);
    expect(killed?.attempts).toBeGreaterThanOrEqual(2);
    const doneAfter = second.lines.filter((l) => l.type === "done").map((l) => l.runId);
    expect(doneAfter).toContain((running as Line).runId);
    // What the killed process committed was not run again; the rest was committed by the new process.
    const firstPid = (first.lines.find((l) => l.type === "ready") as Line).pid;
    const committedFirst = summary.children.filter((c) => summary.committedBy[c.id] === firstPid).map((c) => c.id);
    expect(committedFirst.length).toBeGreaterThanOrEqual(3);
    for (const id of committedBefore) expect(committedFirst).toContain(id);
    for (const id of committedFirst) {
      expect(doneBefore.has(id)).toBe(true);
      expect(doneAfter).not.toContain(id);
    }
    expect(doneAfter.length).toBe(12 - committedFirst.length);
  });
});
