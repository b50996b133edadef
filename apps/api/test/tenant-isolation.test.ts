import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODULES } from "../src/modules/registry.ts";
import { seed, startTestServer, type TestServer } from "./harness.ts";

/**
 * Walks every route of the OpenAPI spec with another tenant's key: a foreign `tenantId` is a 403 and a
 * foreign resource id is a 404 (never revealing that it exists), and nothing of the other tenant
 * changes. A route missing from the table below fails the test, so new routes must join the walk.
 */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { WORKERS: "false" }, modules: MODULES });
});
afterAll(() => s.close());

interface Victim {
  tenantId: string;
  key: string;
  ids: Record<string, string>;
  persona: unknown;
  exportDoc: unknown;
}

type Body = (v: Victim) => Record<string, unknown>;
interface RouteCase {
  /** Body of a valid write (tenantId is added by the walk). */
  body?: Body;
  /** The body names another resource of the victim (so the intruder must get 404, not 403). */
  foreignBody?: boolean;
  /** The tenant is in the path: another tenant's is a 403, never a 404. */
  tenantInPath?: boolean;
  /** Routes outside tenant scope (public, or instance-admin). */
  skip?: string;
  /** Its path names a server-wide resource, not a tenant's (a model slug): no foreign id to walk for 404. */
  sharedResource?: string;
}

const ROUTES: Record<string, RouteCase> = {
  "GET /health": { skip: "public" },
  "GET /tenants": { skip: "instance admin only, no tenant scope" },
  "POST /tenants": { skip: "instance admin only, no tenant scope" },
  "GET /personas": {},
  "POST /personas": { body: () => ({ seed: seed() }) },
  "POST /personas/import": { body: (v) => ({ document: v.exportDoc }) },
  "GET /personas/{personaId}": {},
  "PATCH /personas/{personaId}": { body: () => ({ age: 99 }) },
  "DELETE /personas/{personaId}": {},
  "GET /personas/{personaId}/export": {},
  "GET /keys": {},
  "POST /keys": { body: () => ({ name: "intruder", profile: "full" }) },
  "GET /keys/{keyId}": {},
  "DELETE /keys/{keyId}": {},
  "POST /personas/prompt": { body: (v) => ({ personaId: v.ids.personaId, userPrompt: "hello" }), foreignBody: true },
  "POST /personas/prompt/stream": {
    body: (v) => ({ personaId: v.ids.personaId, userPrompt: "hello" }),
    foreignBody: true,
  },
  "GET /personas/prompt/jobs/{jobId}": {},
  "POST /personas/prompt/jobs/{jobId}/cancel": { body: () => ({}) },
  "GET /personas/prompt/sessions": {},
  "GET /personas/prompt/sessions/{sessionId}": {},
  "GET /personas/{personaId}/timeline": {},
  "POST /personas/{personaId}/timeline": {
    body: () => ({
      eventAt: "2010-01-01T00:00:00.000Z",
      eventLabel: "Intrusion",
      facts: "Written by another tenant.",
      feelings: "-",
      interpretation: "-",
    }),
  },
  "POST /personas/{personaId}/timeline/{timelineId}/supersede": {
    body: () => ({ reason: "intrusion", replacement: { facts: "x" } }),
  },
  "POST /personas/{personaId}/consistency": { body: () => ({}) },
  "GET /personas/{personaId}/consistency": {},
  "POST /personas/{personaId}/timeline/reconcile": { body: () => ({}) },
  "GET /personas/{personaId}/timeline/reconcile/{jobId}": {},
  "GET /personas/safety-policy": {},
  "PUT /personas/safety-policy": { body: () => ({ blockedTerms: ["intrusion"] }) },
  "DELETE /personas/safety-policy/{tenantId}": { tenantInPath: true },
  "GET /models": {},
  "GET /models/pricing": {},
  "GET /models/{slug}": { sharedResource: "the model catalog is the server's, the same for every tenant" },
  "GET /billing": {},
  "PUT /billing": { body: () => ({ creditBalance: 5, limits: {} }) },
  "POST /billing/topup": { body: () => ({ credits: 1 }) },
  "GET /analytics/events": {},
  "GET /analytics/usage": {},
  "GET /analytics/export": {},
  "GET /runs": {},
  "GET /runs/{runId}": {},
  "GET /runs/{runId}/events": {},
  "POST /runs/{runId}/pause": { body: () => ({}) },
  "POST /runs/{runId}/resume": { body: () => ({}) },
  "POST /runs/{runId}/cancel": { body: () => ({}) },
  "POST /runs/{runId}/retry": { body: () => ({}) },
  "GET /schedules": {},
  "POST /schedules": {
    body: (v) => ({ target: { type: "study", id: v.ids.studyId }, cron: "0 9 * * 1" }),
    foreignBody: true,
  },
  "GET /schedules/{scheduleId}": {},
  "PATCH /schedules/{scheduleId}": { body: () => ({ enabled: true, name: "intrusion" }) },
  "DELETE /schedules/{scheduleId}": {},
  "POST /schedules/{scheduleId}/trigger-now": { body: () => ({}) },
  "GET /schedules/{scheduleId}/executions": {},
  "GET /schedules/{scheduleId}/preview": {},
  "GET /skills": {},
  "POST /skills": { body: () => SKILL },
  "POST /skills/import": {
    body: () => ({
      format: "typeform",
      document: { title: "Intruder's survey", fields: [{ ref: "q", type: "short_text", title: "Why?" }] },
    }),
  },
  "GET /skills/{skillId}": {},
  "PATCH /skills/{skillId}": { body: () => ({ name: "Intruder's skill" }) },
  "DELETE /skills/{skillId}": {},
  "GET /skills/{skillId}/versions": {},
  "GET /cohorts": {},
  "POST /cohorts": { body: () => ({ name: "Intruder's cohort", criteria: { minAge: 18 } }) },
  "GET /cohorts/{cohortId}": {},
  "PATCH /cohorts/{cohortId}": { body: () => ({ name: "Intruder's cohort", criteria: { minAge: 99 } }) },
  "DELETE /cohorts/{cohortId}": {},
  "GET /cohorts/{cohortId}/members": {},
  "GET /tasks": {},
  "POST /tasks": { body: (v) => ({ skillId: v.ids.skillId, personaId: v.ids.personaId }), foreignBody: true },
  "GET /tasks/{taskId}": {},
  "DELETE /tasks/{taskId}": {},
  "POST /tasks/{taskId}/control": { body: () => ({ action: "cancel" }) },
  "POST /tasks/{taskId}/execute": { body: () => ({}) },
  "GET /tasks/{taskId}/results": {},
  "GET /tasks/{taskId}/turns": {},
  "GET /tasks/{taskId}/scores": {},
  "GET /populations": {},
  "POST /populations": {
    body: (v) => ({
      name: "Intruder's panel",
      cohorts: [{ cohortId: v.ids.cohortId, weight: 1 }],
      sampling: { rule: "all" },
    }),
    foreignBody: true,
  },
  "POST /populations/generate": { body: () => ({ name: "Intruder's census", size: 1, targets: "us-adults" }) },
  "GET /populations/{populationId}": {},
  "PATCH /populations/{populationId}": { body: () => ({ name: "Intruder's panel" }) },
  "DELETE /populations/{populationId}": {},
  "GET /populations/{populationId}/versions": {},
  "POST /populations/{populationId}/versions": { body: () => ({}) },
  "GET /populations/{populationId}/versions/{version}": {},
  "GET /populations/{populationId}/versions/{version}/members": {},
  "GET /studies": {},
  "POST /studies": {
    body: (v) => ({ populationId: v.ids.populationId, skillId: v.ids.skillId, name: "Intruder's study" }),
    foreignBody: true,
  },
  "GET /studies/{studyId}": {},
  "PATCH /studies/{studyId}": { body: () => ({ name: "Intruder's study" }) },
  "DELETE /studies/{studyId}": {},
  "POST /studies/{studyId}/runs": { body: () => ({ maxConcurrency: 5 }) },
  "GET /studies/{studyId}/runs": {},
  "GET /studies/{studyId}/trend": {},
  "GET /studies/{studyId}/runs/{runId}": {},
  "POST /studies/{studyId}/runs/{runId}/control": { body: () => ({ action: "cancel" }) },
  "GET /studies/{studyId}/runs/{runId}/events": {},
  "GET /studies/{studyId}/runs/{runId}/results": {},
  "GET /studies/{studyId}/runs/{runId}/results.csv": {},
  "GET /studies/{studyId}/runs/{runId}/results.ndjson": {},
  "GET /calibrations": {},
  "POST /calibrations": { body: () => ({ model: "person-run/simulator", items: ["HAPPY"], size: 20 }) },
  "GET /calibrations/{calibrationId}": {},
  "GET /widget/v1/config": { skip: "publishable keys only (widget.test.ts: another tenant's persona is refused)" },
  "POST /widget/v1/prompt": { skip: "publishable keys only (widget.test.ts: another tenant's persona is refused)" },
};

/**
 * Routes the server answers that are not in the spec, so not walked above: none is tenant-scoped, and each
 * says why. A route served outside the spec and missing here fails the test.
 */
const OFF_SPEC: Record<string, string> = {
  "GET /": "public: redirects to /docs",
  "GET /openapi.json": "public: the API's description",
  "GET /docs": "public: the API reference page",
  "GET /docs/scalar.js": "public: the reference page's script",
  "GET /widget.js": "public: the embed widget's script",
  "GET /dashboard": "public: the dashboard's page (it signs in with a key and calls the API like any client)",
  "GET /dashboard/*": "public: the dashboard's page, for each of its in-browser routes",
  "GET /dashboard/assets/{file}": "public: the dashboard's scripts and styles (no tenant data)",
  "OPTIONS /widget/v1/config": "CORS preflight of a widget endpoint: no key, no tenant data",
  "OPTIONS /widget/v1/prompt": "CORS preflight of a widget endpoint: no key, no tenant data",
  "GET /metrics": "operators (METRICS_TOKEN): the server's counters, whose labels name no tenant nor resource",
};

const SKILL = {
  name: "Victim's skill",
  instructions: "Look at the page.",
  questions: [{ id: "q1", text: "Rate it", outputFormat: { type: "likert", scale: 5 } }],
};

async function makeVictim(): Promise<Victim> {
  const t = await s.newTenant();
  const created = await s.request("POST", "/personas", { key: t.key, body: { seed: seed({ firstName: "Victim" }) } });
  const personaId = created.body.persona.id as string;
  const key = await s.request("POST", "/keys", { key: t.key, body: { name: "victim key", profile: "read-only" } });
  const exportDoc = (await s.request("GET", `/personas/${personaId}/export`, { key: t.key })).body;
  const turn = await s.request("POST", "/personas/prompt", { key: t.key, body: { personaId, userPrompt: "Hi there" } });
  const timelineId = created.body.timeline[0].id as string;
  const skill = await s.request("POST", "/skills", { key: t.key, body: SKILL });
  // Stays queued: this file's server runs no workers.
  const reconcile = await s.request("POST", `/personas/${personaId}/timeline/reconcile`, { key: t.key, body: {} });
  // A job that stays queued: this file's server runs no workers.
  const job = await s.request("POST", "/personas/prompt", {
    key: t.key,
    body: { personaId, userPrompt: "Later", mode: "async" },
  });
  // A pending task of the skill (this file's server runs no workers).
  const task = await s.request("POST", "/tasks", { key: t.key, body: { skillId: skill.body.skill.id, personaId } });
  const cohort = await s.request("POST", "/cohorts", {
    key: t.key,
    body: { name: "Victim's cohort", criteria: { minAge: 18 }, include: [personaId] },
  });
  const population = await s.request("POST", "/populations", {
    key: t.key,
    body: {
      name: "Victim panel",
      cohorts: [{ cohortId: cohort.body.cohort.id, weight: 1 }],
      sampling: { rule: "all" },
    },
  });
  const study = await s.request("POST", "/studies", {
    key: t.key,
    body: { name: "Victim study", populationId: population.body.population.id, skillId: skill.body.skill.id },
  });
  // Stays queued: this file's server runs no workers.
  const studyRun = await s.request("POST", `/studies/${study.body.study.id}/runs`, {
    key: t.key,
    body: { maxConcurrency: 1 },
  });
  const schedule = await s.request("POST", "/schedules", {
    key: t.key,
    body: {
      name: "Victim schedule",
      target: { type: "study", id: study.body.study.id },
      cron: "0 9 * * 1",
      enabled: false,
    },
  });
  // Stays queued: this file's server runs no workers (it made its skill).
  const calibration = await s.request("POST", "/calibrations", {
    key: t.key,
    body: { model: "person-run/simulator", items: ["HAPPY"], size: 20 },
  });
  return {
    ...t,
    ids: {
      calibrationId: calibration.body.calibration.id,
      cohortId: cohort.body.cohort.id,
      populationId: population.body.population.id,
      version: "1",
      taskId: task.body.task.id,
      tenantId: t.tenantId,
      personaId,
      keyId: key.body.key.id,
      sessionId: turn.body.sessionId,
      timelineId,
      // Two routes name their job `jobId`: the prompt job, and the reconcile job under the persona.
      jobId: job.body.jobId,
      // The async prompt is a run: its job id is its run id.
      runId: job.body.jobId,
      reconcileJobId: reconcile.body.job.id,
      studyId: study.body.study.id,
      studyRunId: studyRun.body.run.id,
      scheduleId: schedule.body.schedule.id,
      skillId: skill.body.skill.id,
    },
    persona: created.body.persona,
    exportDoc,
  };
}

function fill(template: string, victim: Victim): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === "jobId" && template.includes("/reconcile/")
      ? (victim.ids.reconcileJobId ?? "missing")
      : name === "runId" && template.startsWith("/studies/")
        ? (victim.ids.studyRunId ?? "missing")
        : (victim.ids[name] ?? "missing"),
  );
}

async function operations() {
  const spec = (await s.request("GET", "/openapi.json")).body as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
}

describe("tenant isolation across every route", () => {
  it("has a case for every route in the spec", async () => {
    expect((await operations()).sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it("refuses another tenant's tenantId with 403 on every tenant-scoped route", async () => {
    const victim = await makeVictim();
    const intruder = await s.newTenant();
    for (const op of await operations()) {
      const c = ROUTES[op];
      if (!c || c.skip) continue;
      const [method, template] = op.split(" ") as [string, string];
      const path = fill(template, victim);
      const writes = method === "POST" || method === "PATCH" || method === "PUT";
      const res = await s.request(method, path, {
        key: intruder.key,
        ...(writes
          ? { body: { ...c.body?.(victim), tenantId: victim.tenantId } }
          : { query: { tenantId: victim.tenantId } }),
      });
      expect(res.status, `${op}: ${res.text}`).toBe(403);
      expect(res.body.code, op).toBe("forbidden");
    }
    await expectUntouched(victim);
  });

  it("answers 404 for another tenant's resource ids on every route that takes one", async () => {
    const victim = await makeVictim();
    const intruder = await s.newTenant();
    let walked = 0;
    for (const op of await operations()) {
      const c = ROUTES[op];
      if (!c || c.skip || c.sharedResource || !(op.includes("{") || c.foreignBody)) continue;
      const [method, template] = op.split(" ") as [string, string];
      const path = fill(template, victim);
      const res = await s.request(method, path, { key: intruder.key, ...(c.body ? { body: c.body(victim) } : {}) });
      expect(res.status, `${op}: ${res.text}`).toBe(c.tenantInPath ? 403 : 404);
      expect(res.body.code, op).toBe(c.tenantInPath ? "forbidden" : "not_found");
      expect(res.text, op).not.toContain("Victim");
      walked++;
    }
    expect(walked).toBeGreaterThanOrEqual(17);
    await expectUntouched(victim);
  });
});

async function expectUntouched(victim: Victim) {
  const persona = await s.request("GET", `/personas/${victim.ids.personaId}`, { key: victim.key });
  expect(persona.status).toBe(200);
  expect(persona.body.persona).toEqual(victim.persona);
  const list = await s.request("GET", "/personas", { key: victim.key });
  expect(list.body.personas).toHaveLength(1);
  const timeline = await s.request("GET", `/personas/${victim.ids.personaId}/timeline`, {
    key: victim.key,
    query: { includeSuperseded: "true" },
  });
  expect(timeline.body.timeline.map((e: { id: string; status: string }) => [e.id, e.status])).toEqual([
    [victim.ids.timelineId, "active"],
  ]);
  const reports = await s.request("GET", `/personas/${victim.ids.personaId}/consistency`, { key: victim.key });
  expect(reports.body.reports).toHaveLength(0);
  const sessions = await s.request("GET", "/personas/prompt/sessions", { key: victim.key });
  expect(sessions.body.sessions.map((x: { turnCount: number }) => x.turnCount).sort()).toEqual([0, 1]);
  const job = await s.request("GET", `/personas/prompt/jobs/${victim.ids.jobId}`, { key: victim.key });
  expect(job.body.job.status).toBe("queued");
  const policy = await s.request("GET", "/personas/safety-policy", { key: victim.key });
  expect(policy.body.policyPack).toMatchObject({ isDefault: true, blockedTerms: [] });
  const billing = await s.request("GET", "/billing", { key: victim.key });
  expect(billing.body.billing).toMatchObject({ creditBalance: null, limits: {} });
  const schedules = await s.request("GET", "/schedules", { key: victim.key });
  expect(
    schedules.body.schedules.map((x: { id: string; name: string; enabled: boolean }) => [x.id, x.name, x.enabled]),
  ).toEqual([[victim.ids.scheduleId, "Victim schedule", false]]);
  const executions = await s.request("GET", `/schedules/${victim.ids.scheduleId}/executions`, { key: victim.key });
  expect(executions.body.executions).toEqual([]);
  const skills = await s.request("GET", "/skills", { key: victim.key });
  expect(skills.body.skills.map((x: { name: string; version: number }) => [x.name, x.version])).toEqual([
    ["GSS 2024 calibration (1 item)", 1],
    ["Victim's skill", 1],
  ]);
  const calibrations = await s.request("GET", "/calibrations", { key: victim.key });
  expect(
    calibrations.body.calibrations.map((x: { id: string; status: string; stage: string }) => [x.id, x.status, x.stage]),
  ).toEqual([[victim.ids.calibrationId, "queued", "population"]]);
  const task = await s.request("GET", `/tasks/${victim.ids.taskId}`, { key: victim.key });
  expect(task.body.task).toMatchObject({ status: "pending", attempt: 0 });
  const cohorts = await s.request("GET", "/cohorts", { key: victim.key });
  expect(
    cohorts.body.cohorts.map((x: { id: string; name: string; version: number; memberCount: number }) => [
      x.id,
      x.name,
      x.version,
      x.memberCount,
    ]),
  ).toEqual([[victim.ids.cohortId, "Victim's cohort", 1, 1]]);
  const populations = await s.request("GET", "/populations", { key: victim.key });
  expect(
    populations.body.populations.map((x: { id: string; name: string; version: number }) => [x.id, x.name, x.version]),
  ).toEqual([[victim.ids.populationId, "Victim panel", 1]]);
  const studyList = await s.request("GET", "/studies", { key: victim.key });
  expect(
    studyList.body.studies.map((x: { id: string; name: string; version: number }) => [x.id, x.name, x.version]),
  ).toEqual([[victim.ids.studyId, "Victim study", 1]]);
  const studyRuns = await s.request("GET", `/studies/${victim.ids.studyId}/runs`, { key: victim.key });
  expect(studyRuns.body.runs.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual([
    [victim.ids.studyRunId, "queued"],
  ]);
  const keys = await s.request("GET", "/keys", { key: victim.key });
  expect(keys.body.keys.map((k: { name: string; revokedAt: string | null }) => [k.name, k.revokedAt])).toEqual([
    ["victim key", null],
    ["Owner key", null],
  ]);
}

describe("routes outside the spec", () => {
  it("has a reason for every route the server answers outside the spec", async () => {
    const inSpec = new Set(await operations());
    const served = new Set(
      s.app.routes
        .filter((r) => r.method !== "ALL")
        // `:slug{.+}` (a parameter with its own pattern: slugs with slashes) is `{slug}` in the document.
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}")}`)
        .filter((op) => !inSpec.has(op)),
    );
    expect([...served].sort()).toEqual(Object.keys(OFF_SPEC).sort());
  });

  it("GET /metrics shows no tenant's ids or data, whoever asks", async () => {
    const victim = await makeVictim();
    const intruder = await s.newTenant();
    for (const key of [intruder.key, victim.key, null]) {
      const res = await s.request("GET", "/metrics", { key });
      expect(res.status).toBe(200);
      for (const id of Object.values(victim.ids)) if (id.length > 1) expect(res.text).not.toContain(id);
      expect(res.text).not.toContain(victim.tenantId);
      expect(res.text).not.toContain("Victim");
    }
  });
});
