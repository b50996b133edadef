import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, testClock, until } from "../../../test/harness.ts";
import { studyTarget, TEST_STUDY_RUN, withTestStudyTarget } from "../../../test/schedules/study-target.ts";
import { usageEvents } from "../analytics/schema.ts";
import {
  ExecutionListEnvelope,
  PreviewEnvelope,
  ScheduleEnvelope,
  ScheduleListEnvelope,
  TriggerEnvelope,
} from "./schemas.ts";

/**
 * Schedules through HTTP, with a test clock: a test moves the clock past a fire time and polls the
 * executions (the scheduler ticks every 50 ms of real time and reads the moved clock). Targets are the
 * test-only study target (test/schedules/study-target.ts); a fire is also visible as that target's run.
 */

const clock = testClock();
const target = studyTarget();
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ clock, modules: withTestStudyTarget(target), env: { SCHEDULER_TICK_MS: "50" } });
});
afterAll(() => s.close());

type Tenant = { tenantId: string; key: string; studyId: string };
async function tenant(): Promise<Tenant> {
  const t = await s.newTenant();
  return { ...t, studyId: target.addStudy(t.tenantId) };
}

const HOUR = 3600_000;
const inMs = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
/** Moves the clock to just past an instant (never back). */
const advancePast = (iso: string) => clock.advance(Math.max(0, Date.parse(iso) - clock.now().getTime() + 1000));

async function create(t: Tenant, body: Record<string, unknown>) {
  const res = await s.request("POST", "/schedules", {
    key: t.key,
    body: { target: { type: "study", id: t.studyId }, ...body },
  });
  expect(res.status, res.text).toBe(201);
  return ScheduleEnvelope.parse(res.body).schedule;
}

async function executions(t: Tenant, scheduleId: string) {
  const res = await s.request("GET", `/schedules/${scheduleId}/executions`, { key: t.key });
  expect(res.status, res.text).toBe(200);
  return ExecutionListEnvelope.parse(res.body).executions;
}

const waitForExecutions = (t: Tenant, scheduleId: string, n: number) =>
  until(
    async () => {
      const list = await executions(t, scheduleId);
      return list.length >= n ? list : undefined;
    },
    { what: `${n} execution(s) of schedule ${scheduleId}` },
  );

async function getSchedule(t: Tenant, id: string) {
  const res = await s.request("GET", `/schedules/${id}`, { key: t.key });
  expect(res.status, res.text).toBe(200);
  return ScheduleEnvelope.parse(res.body).schedule;
}

describe("a one-time schedule", () => {
  it("fires at runAt: one execution, the target's run, then nothing left", async () => {
    const t = await tenant();
    const runAt = inMs(HOUR);
    const schedule = await create(t, { name: "launch", runAt });
    expect(schedule).toMatchObject({ runAt, nextRunAt: runAt, enabled: true, runCount: 0, missedRunPolicy: "skip" });
    expect(await executions(t, schedule.id)).toEqual([]);

    advancePast(runAt);
    const [execution] = await waitForExecutions(t, schedule.id, 1);
    expect(execution).toMatchObject({
      scheduleId: schedule.id,
      scheduledFor: runAt,
      status: "started",
      manual: false,
      target: { type: "study", id: t.studyId },
      reason: null,
    });
    const run = await until(
      async () => {
        const res = await s.request("GET", `/runs/${execution?.runId}`, { key: t.key });
        return res.body.run?.state === "succeeded" ? res.body.run : undefined;
      },
      { what: "the fire's run to succeed" },
    );
    expect(run.kind).toBe(TEST_STUDY_RUN);
    expect(await getSchedule(t, schedule.id)).toMatchObject({ nextRunAt: null, runCount: 1, enabled: true });

    // Once is once: more time and more ticks fire nothing else.
    clock.advance(HOUR);
    await s.ctx.schedules.tick();
    expect(await executions(t, schedule.id)).toHaveLength(1);

    await s.ctx.usage.flush();
    const fires = await s.ctx.database.db
      .select()
      .from(usageEvents)
      .where(and(eq(usageEvents.tenantId, t.tenantId), eq(usageEvents.event, "schedule_fire")));
    expect(fires.map((f) => f.payload)).toEqual([
      expect.objectContaining({ scheduleId: schedule.id, status: "started", runId: execution?.runId, late: false }),
    ]);
  });
});

describe("trigger-now", () => {
  it("fires at once as a manual execution, without moving nextRunAt or counting toward maxRuns", async () => {
    const t = await tenant();
    const schedule = await create(t, { cron: "0 9 * * 1", timezone: "Europe/Berlin", maxRuns: 1 });
    const res = await s.request("POST", `/schedules/${schedule.id}/trigger-now`, { key: t.key, body: {} });
    expect(res.status, res.text).toBe(202);
    const fired = TriggerEnvelope.parse(res.body);
    expect(fired.execution).toMatchObject({ status: "started", manual: true, scheduleId: schedule.id });
    expect(fired.execution.runId).toBeTruthy();
    expect(fired.schedule).toMatchObject({ nextRunAt: schedule.nextRunAt, runCount: 0 });
    expect(fired.schedule.lastRunAt).not.toBeNull();
    const run = await s.request("GET", `/runs/${fired.execution.runId}`, { key: t.key });
    expect(run.body.run.kind).toBe(TEST_STUDY_RUN);
    expect((await executions(t, schedule.id)).map((e) => e.id)).toEqual([fired.execution.id]);
    await s.request("DELETE", `/schedules/${schedule.id}`, { key: t.key });
  });

  it("records a skipped execution with the reason when the target cannot start now", async () => {
    const t = await tenant();
    const schedule = await create(t, { runAt: inMs(24 * HOUR), enabled: false });
    target.setBusy(t.tenantId, t.studyId, true);
    const res = await s.request("POST", `/schedules/${schedule.id}/trigger-now`, { key: t.key, body: {} });
    target.setBusy(t.tenantId, t.studyId, false);
    expect(res.status, res.text).toBe(202);
    expect(TriggerEnvelope.parse(res.body).execution).toMatchObject({
      status: "skipped",
      reason: "The study is still running",
      runId: null,
    });
    const runs = await s.request("GET", "/runs", { key: t.key });
    expect(runs.body.runs).toEqual([]);
  });
});

describe("a fire that breaks", () => {
  it("records nothing and stays due, then fires once the target works again", async () => {
    const t = await tenant();
    const runAt = inMs(HOUR);
    const schedule = await create(t, { runAt });
    target.setBroken(t.tenantId, t.studyId, true);
    advancePast(runAt);
    await s.ctx.schedules.tick();
    expect(await executions(t, schedule.id)).toEqual([]);
    expect(await getSchedule(t, schedule.id)).toMatchObject({ nextRunAt: runAt, runCount: 0 });
    target.setBroken(t.tenantId, t.studyId, false);
    const [e] = await waitForExecutions(t, schedule.id, 1);
    expect(e).toMatchObject({ status: "started", scheduledFor: runAt });
  });
});

describe("recurring schedules", () => {
  it("previews fire times through HTTP across both DST changes", async () => {
    const t = await tenant();
    const berlin = await create(t, {
      cron: "30 2 * * *",
      timezone: "Europe/Berlin",
      startAt: "2030-03-30T00:00:00.000Z",
      enabled: false,
    });
    expect(berlin.nextRunAt).toBeNull(); // disabled
    const res = await s.request("GET", `/schedules/${berlin.id}/preview`, { key: t.key, query: { count: 3 } });
    expect(res.status, res.text).toBe(200);
    // 31 March 2030: 02:30 does not exist in Berlin and fires once, at 03:00 CEST.
    expect(PreviewEnvelope.parse(res.body).runs).toEqual([
      "2030-03-30T01:30:00.000Z",
      "2030-03-31T01:00:00.000Z",
      "2030-04-01T00:30:00.000Z",
    ]);
    const ny = await create(t, {
      cron: "30 1 * * *",
      timezone: "America/New_York",
      startAt: "2030-11-02T12:00:00.000Z",
      enabled: false,
    });
    // 3 November 2030: 01:30 happens twice in New York and fires once.
    const nyRuns = await s.request("GET", `/schedules/${ny.id}/preview`, { key: t.key, query: { count: 2 } });
    expect(nyRuns.body.runs).toEqual(["2030-11-03T05:30:00.000Z", "2030-11-04T06:30:00.000Z"]);
    const many = await s.request("GET", `/schedules/${ny.id}/preview`, { key: t.key });
    expect(many.body.runs).toHaveLength(10);
    for (const count of [0, 101]) {
      const bad = await s.request("GET", `/schedules/${ny.id}/preview`, { key: t.key, query: { count } });
      expect(bad.status).toBe(400);
    }
  });

  it("stops after maxRuns", async () => {
    const t = await tenant();
    const schedule = await create(t, { cron: "0 * * * *", maxRuns: 2 });
    for (let n = 1; n <= 2; n++) {
      advancePast((await getSchedule(t, schedule.id)).nextRunAt as string);
      await waitForExecutions(t, schedule.id, n);
    }
    const after = await getSchedule(t, schedule.id);
    expect(after).toMatchObject({ runCount: 2, nextRunAt: null, enabled: true });
    clock.advance(2 * HOUR);
    await s.ctx.schedules.tick();
    const list = await executions(t, schedule.id);
    expect(list.map((e) => e.status)).toEqual(["started", "started"]);
    expect(new Set(list.map((e) => e.runId)).size).toBe(2);
  });

  it("never fires while disabled, and enabling does not count the disabled time as missed", async () => {
    const t = await tenant();
    const schedule = await create(t, { cron: "0 * * * *", missedRunPolicy: "run_once" });
    const off = await s.request("PATCH", `/schedules/${schedule.id}`, { key: t.key, body: { enabled: false } });
    expect(ScheduleEnvelope.parse(off.body).schedule).toMatchObject({ enabled: false, nextRunAt: null });
    clock.advance(5 * HOUR);
    await s.ctx.schedules.tick();
    expect(await executions(t, schedule.id)).toEqual([]);

    const on = await s.request("PATCH", `/schedules/${schedule.id}`, { key: t.key, body: { enabled: true } });
    const enabled = ScheduleEnvelope.parse(on.body).schedule;
    expect(Date.parse(enabled.nextRunAt as string)).toBeGreaterThan(clock.now().getTime());
    await s.ctx.schedules.tick();
    expect(await executions(t, schedule.id)).toEqual([]);
    advancePast(enabled.nextRunAt as string);
    const [e] = await waitForExecutions(t, schedule.id, 1);
    expect(e).toMatchObject({ status: "started", scheduledFor: enabled.nextRunAt });
    await s.request("DELETE", `/schedules/${schedule.id}`, { key: t.key });
  });

  it("lists, filters, updates and deletes", async () => {
    const t = await tenant();
    const other = target.addStudy(t.tenantId);
    const a = await create(t, { cron: "0 9 * * *", enabled: false });
    const b = await create(t, { runAt: inMs(48 * HOUR), target: { type: "study", id: other } });
    const list = async (query: Record<string, string>) =>
      ScheduleListEnvelope.parse((await s.request("GET", "/schedules", { key: t.key, query })).body).schedules.map(
        (x) => x.id,
      );
    expect(await list({})).toEqual([b.id, a.id]);
    expect(await list({ enabled: "false" })).toEqual([a.id]);
    expect(await list({ targetId: other })).toEqual([b.id]);
    expect(await list({ targetType: "task" })).toEqual([]);
    expect(await list({ limit: "1" })).toEqual([b.id]);

    const patched = await s.request("PATCH", `/schedules/${a.id}`, {
      key: t.key,
      body: { cron: "15 10 * * 1-5", timezone: "Asia/Kolkata", name: "weekdays" },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(ScheduleEnvelope.parse(patched.body).schedule).toMatchObject({
      cron: "15 10 * * 1-5",
      timezone: "Asia/Kolkata",
      name: "weekdays",
      nextRunAt: null,
    });
    const oneTime = await s.request("PATCH", `/schedules/${a.id}`, { key: t.key, body: { runAt: inMs(HOUR) } });
    expect(ScheduleEnvelope.parse(oneTime.body).schedule).toMatchObject({ cron: null, timezone: null });

    const del = await s.request("DELETE", `/schedules/${a.id}`, { key: t.key });
    expect(del.body).toEqual({ deleted: true, id: a.id });
    expect((await s.request("GET", `/schedules/${a.id}`, { key: t.key })).status).toBe(404);
    expect((await s.request("DELETE", `/schedules/${a.id}`, { key: t.key })).status).toBe(404);
    await s.request("DELETE", `/schedules/${b.id}`, { key: t.key });
  });
});

describe("validation", () => {
  it("answers 400 naming the field", async () => {
    const t = await tenant();
    const study = { type: "study", id: t.studyId };
    const cases: [Record<string, unknown>, string][] = [
      [{ target: study, cron: "0 9 * * 1", runAt: inMs(HOUR) }, "cron"],
      [{ target: study }, "cron"],
      [{ target: study, cron: "0 9 * * 1 2026" }, "cron"],
      [{ target: study, cron: "0 25 * * *" }, "cron"],
      [{ target: study, cron: "0 9 * * 1", timezone: "Mars/Olympus_Mons" }, "timezone"],
      [{ target: study, runAt: inMs(-HOUR) }, "runAt"],
      [{ target: study, runAt: inMs(HOUR), timezone: "UTC" }, "timezone"],
      [{ target: study, cron: "0 9 * * 1", startAt: inMs(2 * HOUR), endAt: inMs(HOUR) }, "endAt"],
      [{ target: study, cron: "0 9 * * 1", endAt: inMs(-HOUR) }, "endAt"],
      [{ target: study, cron: "0 0 30 2 *" }, "cron"],
      [{ target: { type: "survey", id: t.studyId }, cron: "0 9 * * 1" }, "target.type"],
    ];
    for (const [body, field] of cases) {
      const res = await s.request("POST", "/schedules", { key: t.key, body });
      expect(res.status, `${JSON.stringify(body)}: ${res.text}`).toBe(400);
      expect(
        res.body.details.map((d: { path: string }) => d.path),
        res.text,
      ).toContain(field);
      expect(res.body.error, res.text).toContain(field);
    }
    // Tasks are a registered target: a study's id is no task of this tenant.
    const task = await s.request("POST", "/schedules", {
      key: t.key,
      body: { target: { type: "task", id: t.studyId }, cron: "0 9 * * 1" },
    });
    expect(task.status, task.text).toBe(404);
    const unknown = await s.request("POST", "/schedules", {
      key: t.key,
      body: { target: { type: "study", id: "0195f0c4-6c1e-7a51-9d3e-000000000000" }, cron: "0 9 * * 1" },
    });
    expect(unknown.status).toBe(404);
    const schedule = await create(t, { cron: "0 9 * * 1", enabled: false });
    const bad = await s.request("PATCH", `/schedules/${schedule.id}`, {
      key: t.key,
      body: { timezone: "Nowhere/Land" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe("timezone");
  });

  it("hides another tenant's schedules and targets (404)", async () => {
    const victim = await tenant();
    const intruder = await tenant();
    const schedule = await create(victim, { cron: "0 9 * * 1", enabled: false });
    for (const [method, path] of [
      ["GET", `/schedules/${schedule.id}`],
      ["GET", `/schedules/${schedule.id}/executions`],
      ["GET", `/schedules/${schedule.id}/preview`],
      ["DELETE", `/schedules/${schedule.id}`],
    ] as const) {
      expect((await s.request(method, path, { key: intruder.key })).status, `${method} ${path}`).toBe(404);
    }
    const trigger = await s.request("POST", `/schedules/${schedule.id}/trigger-now`, { key: intruder.key, body: {} });
    expect(trigger.status).toBe(404);
    const theirs = await s.request("POST", "/schedules", {
      key: intruder.key,
      body: { target: { type: "study", id: victim.studyId }, cron: "0 9 * * 1" },
    });
    expect(theirs.status).toBe(404);
    const list = await s.request("GET", "/schedules", { key: intruder.key });
    expect(list.body.schedules).toEqual([]);
    expect(await executions(victim, schedule.id)).toEqual([]);
  });
});
