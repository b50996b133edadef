import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  BOOT_TIMEOUT_MS,
  freePort,
  openTestDatabase,
  seed,
  startTestServer,
  testClock,
  until,
} from "../../../test/harness.ts";
import { studyTarget, withTestStudyTarget } from "../../../test/schedules/study-target.ts";
import type { Database } from "../../db/client.ts";
import { randomBase62 } from "../../ids.ts";
import { ExecutionListEnvelope, ScheduleEnvelope } from "./schemas.ts";

/**
 * Schedules across server lifetimes: fires missed while no server ran (a restart on the same database after
 * the clock moved hours ahead), and several servers on one PostgreSQL firing each occurrence exactly once.
 */

const HOUR = 3600_000;
const target = studyTarget();
const modules = withTestStudyTarget(target);
// One deployment: on PostgreSQL every server of a test shares the queue schema (and so the schedules).
const env = () => ({
  SCHEDULER_TICK_MS: "50",
  ...(process.env.DATABASE_URL ? { JOB_QUEUE_SCHEMA: `pgboss_${randomBase62(10).toLowerCase()}` } : {}),
});

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../../bin/person-run.mjs");

const databases: Database[] = [];
afterAll(async () => {
  for (const d of databases) await d.close();
});

describe("missed runs after downtime", () => {
  it("skip records one summary; run_once fires once for the latest missed occurrence", {
    timeout: 3 * BOOT_TIMEOUT_MS,
  }, async () => {
    const database = await openTestDatabase();
    databases.push(database);
    const clock = testClock();
    const config = env();
    const first = await startTestServer({ database, clock, modules, env: config });
    const t = await first.newTenant();
    const studyId = target.addStudy(t.tenantId);
    const create = async (missedRunPolicy: string) => {
      const res = await first.request("POST", "/schedules", {
        key: t.key,
        body: { target: { type: "study", id: studyId }, cron: "0 * * * *", missedRunPolicy },
      });
      expect(res.status, res.text).toBe(201);
      return ScheduleEnvelope.parse(res.body).schedule;
    };
    const skip = await create("skip");
    const runOnce = await create("run_once");
    const due = Date.parse(skip.nextRunAt as string);
    await first.close();

    // Down for five occurrences; back half an hour after the last of them (well past the grace period).
    clock.advance(due + 4 * HOUR + HOUR / 2 - clock.now().getTime());
    const second = await startTestServer({ database, clock, modules, env: config });
    try {
      const executionsOf = (id: string, n: number) =>
        until(
          async () => {
            const res = await second.request("GET", `/schedules/${id}/executions`, { key: t.key });
            const list = ExecutionListEnvelope.parse(res.body).executions;
            return list.length >= n ? list : undefined;
          },
          { what: `${n} execution(s) of ${id}` },
        );
      const iso = (ms: number) => new Date(ms).toISOString();

      const [summary] = await executionsOf(skip.id, 1);
      expect(summary).toMatchObject({ status: "skipped", missed: 5, scheduledFor: iso(due), runId: null });
      expect(summary?.reason).toContain("missed: the server was not running at");
      expect(summary?.reason).toContain("5 occurrences skipped");

      const fired = await executionsOf(runOnce.id, 2);
      const started = fired.filter((e) => e.status === "started");
      expect(started).toHaveLength(1);
      expect(started[0]).toMatchObject({ scheduledFor: iso(due + 4 * HOUR), manual: false });
      expect(started[0]?.reason).toContain("run_once");
      expect(fired.find((e) => e.status === "skipped")).toMatchObject({ missed: 4, scheduledFor: iso(due) });

      // Both move on to the next occurrence after now; no burst follows.
      for (const [id, runCount] of [
        [skip.id, 0],
        [runOnce.id, 1],
      ] as const) {
        const res = await second.request("GET", `/schedules/${id}`, { key: t.key });
        expect(ScheduleEnvelope.parse(res.body).schedule).toMatchObject({ nextRunAt: iso(due + 5 * HOUR), runCount });
      }
      await second.ctx.schedules.tick();
      const runs = await second.request("GET", "/runs", { key: t.key });
      expect(runs.body.runs).toHaveLength(1);
      expect(runs.body.runs[0].id).toBe(started[0]?.runId);
    } finally {
      await second.close();
    }
  });
});

describe("several servers on one PostgreSQL", () => {
  it.skipIf(!process.env.DATABASE_URL)(
    "fire each due schedule exactly once",
    { timeout: 3 * BOOT_TIMEOUT_MS },
    async () => {
      const clock = testClock();
      const config = env();
      const a = await startTestServer({ clock, modules, env: config });
      const b = await startTestServer({ clock, modules, env: config });
      try {
        const t = await a.newTenant();
        const studyId = target.addStudy(t.tenantId);
        const runAt = new Date(clock.now().getTime() + HOUR).toISOString();
        const ids: string[] = [];
        for (let i = 0; i < 120; i++) {
          const res = await (i % 2 ? a : b).request("POST", "/schedules", {
            key: t.key,
            body: { target: { type: "study", id: studyId }, runAt },
          });
          expect(res.status, res.text).toBe(201);
          ids.push(res.body.schedule.id);
        }
        clock.advance(HOUR + 1000);
        // Both schedulers tick every 50 ms; drive a few more passes on both at once as well.
        await Promise.all([a.ctx.schedules.tick(), b.ctx.schedules.tick(), a.ctx.schedules.tick()]);
        const count = async () =>
          (
            await a.ctx.database.query<{ n: number }>(
              "select count(*)::int as n from schedule_executions where tenant_id = $1",
              [t.tenantId],
            )
          )[0]?.n ?? 0;
        await until(async () => (await count()) >= ids.length, { what: "every schedule to fire" });
        await Promise.all([a.ctx.schedules.tick(), b.ctx.schedules.tick()]);

        const rows = await a.ctx.database.query<{ schedule_id: string; status: string; run_id: string }>(
          "select schedule_id, status, run_id from schedule_executions where tenant_id = $1",
          [t.tenantId],
        );
        expect(rows).toHaveLength(ids.length);
        expect(new Set(rows.map((r) => r.schedule_id))).toEqual(new Set(ids));
        expect(rows.every((r) => r.status === "started")).toBe(true);
        const runs = await a.ctx.database.query<{ n: number }>(
          "select count(*)::int as n from runs where tenant_id = $1",
          [t.tenantId],
        );
        expect(runs[0]?.n).toBe(ids.length);
        expect(new Set(rows.map((r) => r.run_id)).size).toBe(ids.length);
      } finally {
        await a.close();
        await b.close();
      }
    },
  );
});

describe("two server processes on one PostgreSQL", () => {
  it.skipIf(!process.env.DATABASE_URL)(
    "fire each due task schedule exactly once: one execution, one attempt, one run per schedule",
    { timeout: 4 * BOOT_TIMEOUT_MS },
    async () => {
      // Real clocks in both processes; this process serves the API, both tick every 50 ms.
      const config = env();
      const a = await startTestServer({ env: config });
      const port = await freePort();
      const child = spawn(process.execPath, [BIN, "serve"], {
        env: { ...process.env, ...config, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn" },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr?.on("data", (c: Buffer) => {
        stderr = (stderr + c.toString("utf8")).slice(-4000);
      });
      try {
        await until(
          async () => {
            if (child.exitCode !== null) throw new Error(`child exited (${child.exitCode}): ${stderr}`);
            const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
            return res?.status === 200;
          },
          { what: "the second server process", timeoutMs: BOOT_TIMEOUT_MS },
        );
        const t = await a.newTenant();
        const persona = await a.request("POST", "/personas", { key: t.key, body: { seed: seed() } });
        const skill = await a.request("POST", "/skills", {
          key: t.key,
          body: {
            name: "Weekly pulse",
            instructions: "A quick check-in.",
            questions: [{ id: "mood", text: "How is work going?", outputFormat: { type: "likert", scale: 5 } }],
          },
        });
        const tasks: string[] = [];
        for (let i = 0; i < 24; i++) {
          const res = await a.request("POST", "/tasks", {
            key: t.key,
            body: { skillId: skill.body.skill.id, personaId: persona.body.persona.id },
          });
          expect(res.status, res.text).toBe(201);
          tasks.push(res.body.task.id);
        }
        const runAt = new Date(Date.now() + HOUR).toISOString();
        const schedules: string[] = [];
        for (const id of tasks) {
          const res = await a.request("POST", "/schedules", {
            key: t.key,
            body: { target: { type: "task", id }, runAt },
          });
          expect(res.status, res.text).toBe(201);
          schedules.push(res.body.schedule.id);
        }
        // Due now for both processes at once (a child process cannot share a test clock to move).
        await a.ctx.database.query("update schedules set run_at = now(), next_run_at = now() where tenant_id = $1", [
          t.tenantId,
        ]);
        const settled = () =>
          a.ctx.database.query<{ id: string; attempt: number; state: string | null }>(
            `select t.id, t.attempt, r.state from tasks t left join runs r on r.id = t.run_id
             where t.tenant_id = $1`,
            [t.tenantId],
          );
        await until(
          async () => {
            const rows = await settled();
            return rows.length === tasks.length && rows.every((r) => r.state === "succeeded");
          },
          { what: "every scheduled task to succeed", timeoutMs: 3 * BOOT_TIMEOUT_MS },
        );
        // Both schedulers had every chance to fire twice; now count.
        await Promise.all([a.ctx.schedules.tick(), a.ctx.schedules.tick()]);
        const executions = await a.ctx.database.query<{ schedule_id: string; status: string }>(
          "select schedule_id, status from schedule_executions where tenant_id = $1",
          [t.tenantId],
        );
        expect(executions).toHaveLength(schedules.length);
        expect(new Set(executions.map((e) => e.schedule_id))).toEqual(new Set(schedules));
        expect(executions.every((e) => e.status === "started")).toBe(true);
        expect((await settled()).every((r) => r.attempt === 1)).toBe(true);
        const [runs] = await a.ctx.database.query<{ n: number }>(
          "select count(*)::int as n from runs where tenant_id = $1 and kind = 'tasks.execute'",
          [t.tenantId],
        );
        expect(runs?.n).toBe(tasks.length);
      } finally {
        child.kill("SIGTERM");
        await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
        await a.close();
      }
    },
  );
});
