import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../../test/fake-openai.ts";
import { seed, startTestServer, type TestServer, until } from "../../../test/harness.ts";
import { newId } from "../../ids.ts";
import { usageEvents } from "../analytics/schema.ts";
import { promptSessions, promptTurns } from "../prompting/schema.ts";
import { TimelineListEnvelope } from "../timeline/schemas.ts";
import { ReconcileEnvelope, ReportEnvelope, ReportListEnvelope } from "./schemas.ts";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { JOB_POLL_INTERVAL_SECONDS: "0.5" } });
});
afterAll(() => s.close());

type Tenant = { tenantId: string; key: string };
const m = (eventAt: string, eventLabel: string, facts: string, over: Record<string, unknown> = {}) => ({
  eventAt,
  eventLabel,
  facts,
  feelings: "Mixed.",
  interpretation: "It mattered.",
  ...over,
});

async function personaWith(memories: Record<string, unknown>[], over: Record<string, unknown> = {}) {
  const t = await s.newTenant();
  const res = await s.request("POST", "/personas", {
    key: t.key,
    body: { seed: seed({ age: 40, location: "Austin", baseOccupation: "Teacher", ...over }) },
  });
  const personaId = res.body.persona.id as string;
  const ids: string[] = [];
  for (const body of memories) {
    const r = await s.request("POST", `/personas/${personaId}/timeline`, { key: t.key, body });
    expect(r.status, r.text).toBe(201);
    ids.push(r.body.entry.id);
  }
  return { t, personaId, ids };
}

async function check(t: Tenant, personaId: string) {
  const res = await s.request("POST", `/personas/${personaId}/consistency`, { key: t.key, body: {} });
  expect(res.status, res.text).toBe(200);
  return ReportEnvelope.parse(res.body).report;
}

const future = new Date(Date.now() + 400 * 86400_000).toISOString();
const lastYear = new Date(Date.now() - 200 * 86400_000).toISOString();

describe("POST /personas/:personaId/consistency", () => {
  it("finds each kind of problem in a crafted timeline, stores the report and records the event", async () => {
    const { t, personaId, ids } = await personaWith([
      m(future, "Trip to Japan", "Flew to Tokyo for two weeks."),
      m("1950-01-01T00:00:00.000Z", "Grandparents' wedding", "I danced at my grandparents' wedding."),
      m("1996-05-01T00:00:00.000Z", "Graduated from college", "Graduated from college with a degree in history."),
      m(lastYear, "New job", "I work as a nurse at St. David's hospital now."),
      m("2012-06-01T00:00:00.000Z", "Family", "I have two children, both boys."),
      m("2013-06-01T00:00:00.000Z", "Family photo", "I have three kids and we took a photo at the lake."),
      m(
        "2018-04-10T00:00:00.000Z",
        "Beach holiday in Corpus Christi",
        "We spent a week at the beach in Corpus Christi with the family.",
      ),
      m(
        "2018-04-11T00:00:00.000Z",
        "Beach holiday in Corpus Christi",
        "We spent a week at the beach in Corpus Christi with the family.",
      ),
    ]);
    const report = await check(t, personaId);
    const types = new Set(report.issues.map((i) => i.type));
    for (const type of ["timeline_order", "age_conflict", "profile_conflict", "fact_conflict", "duplicate"])
      expect(types, type).toContain(type);
    const byType = (type: string) => report.issues.filter((i) => i.type === type);
    expect(byType("timeline_order")[0]?.entryIds).toEqual([ids[0]]);
    expect(byType("age_conflict").flatMap((i) => i.entryIds)).toEqual(expect.arrayContaining([ids[1], ids[2]]));
    expect(byType("profile_conflict")[0]?.entryIds).toEqual([ids[3]]);
    expect(byType("fact_conflict")[0]?.entryIds.sort()).toEqual([ids[4], ids[5]].sort());
    expect(byType("duplicate")[0]?.entryIds.sort()).toEqual([ids[6], ids[7]].sort());
    expect(report.score).toBeLessThan(50);
    expect(report.issueCount).toBe(report.issues.length);
    expect(report.method).toBe("rules");
    for (const issue of report.issues) {
      expect(issue.message.length).toBeGreaterThan(10);
      expect(issue.suggestion.length).toBeGreaterThan(5);
      expect(issue.source).toBe("rules");
    }
    const list = ReportListEnvelope.parse(
      (await s.request("GET", `/personas/${personaId}/consistency`, { key: t.key })).body,
    );
    expect(list.reports.map((r) => r.id)).toEqual([report.id]);
    await s.ctx.usage.flush();
    const [event] = await s.ctx.database.db
      .select()
      .from(usageEvents)
      .where(and(eq(usageEvents.tenantId, t.tenantId), eq(usageEvents.event, "persona_consistency_check")));
    expect(event?.payload).toMatchObject({ personaId, reportId: report.id, issueCount: report.issueCount });
    expect((event?.payload as { issueTypes: string[] } | undefined)?.issueTypes).toEqual(
      expect.arrayContaining(["duplicate", "fact_conflict"]),
    );
    const exported = await s.request("GET", `/personas/${personaId}/export`, { key: t.key });
    expect(exported.body.consistencyReports.map((r: { id: string }) => r.id)).toEqual([report.id]);
  });

  it("gives a clean timeline a perfect score", async () => {
    const { t, personaId } = await personaWith([
      m("2005-09-01T00:00:00.000Z", "Started teaching", "Started teaching fifth grade at a school in Austin."),
      m("2015-03-01T00:00:00.000Z", "Marathon", "Ran my first marathon in Austin."),
    ]);
    const report = await check(t, personaId);
    expect(report.issues).toEqual([]);
    expect(report.score).toBe(100);
  });

  it("flags a revision still contradicted by an active entry, and an answer that contradicts a memory", async () => {
    const { t, personaId, ids } = await personaWith([
      m("2010-01-01T00:00:00.000Z", "Kids", "I have two children."),
      m("2011-01-01T00:00:00.000Z", "Kids again", "I have two children and a dog."),
    ]);
    const sup = await s.request("POST", `/personas/${personaId}/timeline/${ids[0]}/supersede`, {
      key: t.key,
      body: { reason: "Miscounted", replacement: { facts: "I have three children." } },
    });
    expect(sup.status).toBe(200);
    // A recorded answer that contradicts the memories (setup: written as a turn would be).
    const sessionId = newId();
    const now = new Date();
    await s.ctx.database.db
      .insert(promptSessions)
      .values({ id: sessionId, tenantId: t.tenantId, personaId, createdAt: now, lastActivityAt: now });
    await s.ctx.database.db.insert(promptTurns).values({
      id: newId(),
      tenantId: t.tenantId,
      sessionId,
      personaId,
      seq: 1,
      prompt: "Do you have kids?",
      response: "No, I don't have any children, it's just me and my cat.",
      status: "completed",
      mode: "sync",
      modelId: "person-run/simulator",
      modelName: "person-run-simulator",
      latencyMs: 1,
      createdAt: now,
    });
    const report = await check(t, personaId);
    const types = report.issues.map((i) => i.type);
    expect(types).toContain("revision_conflict");
    expect(types).toContain("response_contradiction");
    expect(report.issues.find((i) => i.type === "response_contradiction")?.turnIds?.length).toBe(1);
  });
});

describe("reconcile", () => {
  it("applies the safe fixes asynchronously, deletes nothing and leaves an audit trail", async () => {
    const { t, personaId, ids } = await personaWith([
      m("2012-06-01T00:00:00.000Z", "Family", "I have two children, both boys.", { memoryStrength: 80 }),
      m("2013-06-01T00:00:00.000Z", "Family photo", "I have three kids and we took a photo at the lake.", {
        memoryStrength: 40,
      }),
      m(
        "2018-04-10T00:00:00.000Z",
        "Beach holiday in Corpus Christi",
        "We spent a week at the beach in Corpus Christi with the family.",
        { memoryStrength: 70 },
      ),
      m(
        "2018-04-11T00:00:00.000Z",
        "Beach holiday in Corpus Christi",
        "We spent a week at the beach in Corpus Christi with the family.",
        { memoryStrength: 50 },
      ),
      m(future, "Trip to Japan", "Flew to Tokyo for two weeks."),
    ]);
    const before = TimelineListEnvelope.parse(
      (await s.request("GET", `/personas/${personaId}/timeline`, { key: t.key, query: { includeSuperseded: "true" } }))
        .body,
    ).timeline;
    const res = await s.request("POST", `/personas/${personaId}/timeline/reconcile`, { key: t.key, body: {} });
    expect(res.status).toBe(202);
    const queued = ReconcileEnvelope.parse(res.body).job;
    // Accepted, not done: the worker of this process may already have taken it when the response is read.
    expect(["queued", "running"]).toContain(queued.status);
    const job = await until(
      async () => {
        const res = await s.request("GET", `/personas/${personaId}/timeline/reconcile/${queued.id}`, { key: t.key });
        const { job } = ReconcileEnvelope.parse(res.body);
        return job.status === "queued" || job.status === "running" ? undefined : job;
      },
      { what: "the reconcile job to finish" },
    );
    expect(job.status).toBe("succeeded");
    expect(job.reportId).not.toBeNull();
    expect(job.applied).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: "merge_duplicates", supersededIds: [ids[3]], keptId: ids[2] }),
        expect.objectContaining({
          action: "supersede",
          issueType: "fact_conflict",
          supersededIds: [ids[1]],
          keptId: ids[0],
        }),
      ]),
    );
    const after = TimelineListEnvelope.parse(
      (await s.request("GET", `/personas/${personaId}/timeline`, { key: t.key, query: { includeSuperseded: "true" } }))
        .body,
    ).timeline;
    expect(after.length).toBe(before.length);
    const byId = new Map(after.map((e) => [e.id, e]));
    expect(byId.get(ids[3] as string)).toMatchObject({
      status: "superseded",
      supersededBy: ids[2],
      supersedeReason: expect.stringContaining("Duplicate"),
    });
    expect(byId.get(ids[1] as string)).toMatchObject({ status: "superseded", supersededBy: ids[0] });
    expect(byId.get(ids[4] as string)?.status).toBe("active"); // not safe to fix alone: a human re-dates it
    const recheck = await check(t, personaId);
    expect(recheck.issues.map((i) => i.type)).toEqual(["timeline_order"]);
    await s.ctx.usage.flush();
    const events = await s.ctx.database.db
      .select()
      .from(usageEvents)
      .where(and(eq(usageEvents.tenantId, t.tenantId), eq(usageEvents.event, "timeline_reconcile_job")));
    expect(events.map((e) => (e.payload as { status: string }).status).sort()).toEqual(["queued", "succeeded"]);
  });

  it("refuses a report of another persona and a reconcile for another tenant's persona", async () => {
    const a = await personaWith([]);
    const b = await personaWith([]);
    const report = await check(b.t, b.personaId);
    const res = await s.request("POST", `/personas/${a.personaId}/timeline/reconcile`, {
      key: a.t.key,
      body: { reportId: report.id },
    });
    expect(res.status).toBe(404);
    const foreign = await s.request("POST", `/personas/${b.personaId}/timeline/reconcile`, { key: a.t.key, body: {} });
    expect(foreign.status).toBe(404);
  });
});

describe("model as judge", () => {
  let fake: FakeOpenAI;
  let judged: TestServer;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    judged = await startTestServer({
      env: { OPENAI_COMPATIBLE_BASE_URL: fake.url, DEFAULT_MODEL: "compatible/judge" },
    });
  });
  afterAll(async () => {
    await judged.close();
    await fake.close();
  });

  it("adds the model's findings (method rules+llm) when a real model is the default", async () => {
    const t = await judged.newTenant();
    const created = await judged.request("POST", "/personas", {
      key: t.key,
      body: { seed: seed(), model: "person-run/simulator" },
    });
    const personaId = created.body.persona.id;
    const entry = await judged.request("POST", `/personas/${personaId}/timeline`, {
      key: t.key,
      body: m("2016-01-01T00:00:00.000Z", "Vegan since 2016", "Went vegan in 2016 and never looked back."),
    });
    fake.enqueue({
      kind: "text",
      text: JSON.stringify({
        issues: [
          {
            type: "profile_conflict",
            severity: "medium",
            entryIds: [entry.body.entry.id, "not-an-id"],
            message: "The backstory mentions a love of barbecue.",
            suggestion: "Revise one of them.",
          },
        ],
      }),
    });
    const res = await judged.request("POST", `/personas/${personaId}/consistency`, { key: t.key, body: {} });
    expect(res.status, res.text).toBe(200);
    const report = ReportEnvelope.parse(res.body).report;
    expect(report.method).toBe("rules+llm");
    expect(report.issues).toEqual([
      expect.objectContaining({ source: "llm", type: "profile_conflict", entryIds: [entry.body.entry.id] }),
    ]);
    expect(report.score).toBe(90);
  });

  it("falls back to the rules when the judge fails", async () => {
    const t = await judged.newTenant();
    const created = await judged.request("POST", "/personas", {
      key: t.key,
      body: { seed: seed(), model: "person-run/simulator" },
    });
    fake.enqueue({ kind: "status", status: 400 });
    const res = await judged.request("POST", `/personas/${created.body.persona.id}/consistency`, {
      key: t.key,
      body: {},
    });
    expect(res.status).toBe(200);
    expect(res.body.report.method).toBe("rules");
  });
});
