import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../src/llm/simulator/rng.ts";
import { MODULES } from "../src/modules/registry.ts";
import { seed, startTestServer, type TestServer, uniqueTenantId } from "./harness.ts";

/**
 * Fuzz walk of every route in the OpenAPI document: malformed JSON, wrong-typed fields, huge strings,
 * deep nesting, broken unicode, crafted cursors and ids (not UUIDs, another tenant's), bad limits, in
 * bodies, path parameters and queries, all with a valid key. Every answer must be a 4xx (or, for the
 * few mutations that may still be valid input, a success) and every error the SPEC's JSON shape: never
 * a 5xx, never a body that is not JSON. Seeded, so a failure replays; a route missing from `CASES`
 * fails the test.
 */

let s: TestServer;
beforeAll(async () => {
  // Rate limits off: this file sends more than a minute's worth from one key.
  s = await startTestServer({
    env: { WORKERS: "false", RATE_LIMIT_PER_MINUTE: "0", RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: "0" },
    modules: MODULES,
  });
});
afterAll(() => s.close());

interface Fixture {
  tenantId: string;
  key: string;
  ids: Record<string, string>;
  exportDoc: unknown;
}

type Body = (f: Fixture) => Record<string, unknown>;
/** A valid body for each write (the walk mutates one thing at a time), and the admin key where needed. */
const CASES: Record<string, { body?: Body; admin?: boolean }> = {
  "GET /health": {},
  "GET /tenants": { admin: true },
  "POST /tenants": { admin: true, body: () => ({ id: uniqueTenantId("fz"), name: "Fuzz" }) },
  "GET /personas": {},
  "POST /personas": { body: (f) => ({ tenantId: f.tenantId, seed: seed() }) },
  "POST /personas/import": { body: (f) => ({ tenantId: f.tenantId, document: f.exportDoc }) },
  "GET /personas/{personaId}": {},
  "PATCH /personas/{personaId}": { body: (f) => ({ tenantId: f.tenantId, age: 40, location: "Lyon" }) },
  "DELETE /personas/{personaId}": {},
  "GET /personas/{personaId}/export": {},
  "GET /keys": {},
  "POST /keys": { body: (f) => ({ tenantId: f.tenantId, name: "fuzz", profile: "read-only" }) },
  "GET /keys/{keyId}": {},
  "DELETE /keys/{keyId}": {},
  "POST /personas/prompt": { body: (f) => ({ tenantId: f.tenantId, personaId: f.ids.personaId, userPrompt: "Hi" }) },
  "POST /personas/prompt/stream": {
    body: (f) => ({ tenantId: f.tenantId, personaId: f.ids.personaId, userPrompt: "Hi" }),
  },
  "GET /personas/prompt/jobs/{jobId}": {},
  "POST /personas/prompt/jobs/{jobId}/cancel": { body: (f) => ({ tenantId: f.tenantId }) },
  "GET /personas/prompt/sessions": {},
  "GET /personas/prompt/sessions/{sessionId}": {},
  "GET /personas/{personaId}/timeline": {},
  "POST /personas/{personaId}/timeline": {
    body: (f) => ({
      tenantId: f.tenantId,
      eventAt: "2010-01-01T00:00:00.000Z",
      eventLabel: "Moved",
      facts: "Moved to Lyon.",
      feelings: "Excited",
      interpretation: "A new start",
    }),
  },
  "POST /personas/{personaId}/timeline/{timelineId}/supersede": {
    body: (f) => ({ tenantId: f.tenantId, reason: "wrong year", replacement: { facts: "Moved to Paris." } }),
  },
  "POST /personas/{personaId}/consistency": { body: (f) => ({ tenantId: f.tenantId }) },
  "GET /personas/{personaId}/consistency": {},
  "POST /personas/{personaId}/timeline/reconcile": { body: (f) => ({ tenantId: f.tenantId }) },
  "GET /personas/{personaId}/timeline/reconcile/{jobId}": {},
  "GET /personas/safety-policy": {},
  "PUT /personas/safety-policy": { body: (f) => ({ tenantId: f.tenantId, blockedTerms: ["fuzz"] }) },
  "DELETE /personas/safety-policy/{tenantId}": {},
  "GET /models": {},
  "GET /models/pricing": {},
  "GET /models/{slug}": {},
  "GET /billing": {},
  "PUT /billing": { body: (f) => ({ tenantId: f.tenantId, creditBalance: 1000, limits: {} }) },
  "POST /billing/topup": { body: (f) => ({ tenantId: f.tenantId, credits: 5 }) },
  "GET /analytics/events": {},
  "GET /analytics/usage": {},
  "GET /analytics/export": {},
  "GET /runs": {},
  "GET /runs/{runId}": {},
  "GET /runs/{runId}/events": {},
  "POST /runs/{runId}/pause": { body: (f) => ({ tenantId: f.tenantId }) },
  "POST /runs/{runId}/resume": { body: (f) => ({ tenantId: f.tenantId }) },
  "POST /runs/{runId}/cancel": { body: (f) => ({ tenantId: f.tenantId }) },
  "POST /runs/{runId}/retry": { body: (f) => ({ tenantId: f.tenantId }) },
  "GET /schedules": {},
  "POST /schedules": {
    body: (f) => ({ tenantId: f.tenantId, target: { type: "study", id: f.ids.studyId }, cron: "0 9 * * 1" }),
  },
  "GET /schedules/{scheduleId}": {},
  "PATCH /schedules/{scheduleId}": { body: (f) => ({ tenantId: f.tenantId, name: "fuzzed", maxRuns: 3 }) },
  "DELETE /schedules/{scheduleId}": {},
  "POST /schedules/{scheduleId}/trigger-now": { body: (f) => ({ tenantId: f.tenantId }) },
  "GET /schedules/{scheduleId}/executions": {},
  "GET /schedules/{scheduleId}/preview": {},
  "GET /skills": {},
  "POST /skills": { body: (f) => ({ tenantId: f.tenantId, ...SKILL }) },
  "POST /skills/import": {
    body: (f) => ({
      tenantId: f.tenantId,
      format: "typeform",
      document: {
        title: "Fuzz survey",
        fields: [{ ref: "q", type: "opinion_scale", title: "Rate it", properties: { steps: 5 } }],
      },
    }),
  },
  "GET /skills/{skillId}": {},
  "PATCH /skills/{skillId}": { body: (f) => ({ tenantId: f.tenantId, name: "Renamed", temperature: null }) },
  "DELETE /skills/{skillId}": {},
  "GET /skills/{skillId}/versions": {},
  "GET /cohorts": {},
  "POST /cohorts": {
    body: (f) => ({
      tenantId: f.tenantId,
      name: "Fuzz cohort",
      criteria: {
        minAge: 20,
        occupations: ["nurse"],
        attributes: { region: "Midwest" },
        traits: { openness: { min: 0.2 } },
      },
      include: [f.ids.personaId],
    }),
  },
  "GET /cohorts/{cohortId}": {},
  "PATCH /cohorts/{cohortId}": {
    body: (f) => ({ tenantId: f.tenantId, name: "Fuzzed", criteria: { maxAge: 80 }, exclude: [f.ids.personaId] }),
  },
  "DELETE /cohorts/{cohortId}": {},
  "GET /cohorts/{cohortId}/members": {},
  "GET /tasks": {},
  "POST /tasks": { body: (f) => ({ tenantId: f.tenantId, skillId: f.ids.skillPathId, personaId: f.ids.personaId }) },
  "GET /tasks/{taskId}": {},
  "DELETE /tasks/{taskId}": {},
  "POST /tasks/{taskId}/control": { body: (f) => ({ tenantId: f.tenantId, action: "pause" }) },
  "POST /tasks/{taskId}/execute": { body: (f) => ({ tenantId: f.tenantId }) },
  "GET /tasks/{taskId}/results": {},
  "GET /tasks/{taskId}/turns": {},
  "GET /tasks/{taskId}/scores": {},
  "GET /populations": {},
  "POST /populations": {
    body: (f) => ({
      tenantId: f.tenantId,
      name: "Fuzz panel",
      cohorts: [{ cohortId: f.ids.cohortId, weight: 1 }],
      size: 1,
      sampling: { rule: "quota", seed: 3 },
    }),
  },
  "POST /populations/generate": {
    body: (f) => ({ tenantId: f.tenantId, name: "Fuzz census", size: 2, targets: { sex: { male: 0.5, female: 0.5 } } }),
  },
  "GET /populations/{populationId}": {},
  "PATCH /populations/{populationId}": {
    body: (f) => ({ tenantId: f.tenantId, name: "Renamed", sampling: { rule: "quota" }, size: 1 }),
  },
  "DELETE /populations/{populationId}": {},
  "GET /populations/{populationId}/versions": {},
  "POST /populations/{populationId}/versions": { body: (f) => ({ tenantId: f.tenantId }) },
  "GET /populations/{populationId}/versions/{version}": {},
  "GET /populations/{populationId}/versions/{version}/members": {},
  "GET /studies": {},
  "POST /studies": {
    body: (f) => ({ tenantId: f.tenantId, populationId: f.ids.populationId, skillId: f.ids.skillId, name: "Fuzz" }),
  },
  "GET /studies/{studyId}": {},
  "PATCH /studies/{studyId}": { body: (f) => ({ tenantId: f.tenantId, name: "Fuzz", replicates: 2 }) },
  "DELETE /studies/{studyId}": {},
  "POST /studies/{studyId}/runs": {
    body: (f) => ({
      tenantId: f.tenantId,
      maxConcurrency: 5,
      dryRun: true,
      sample: 1,
      replicates: 1,
      seed: 3,
      budget: { maxCredits: 100 },
      stopWhen: { converged: { epsilon: 0.01, window: 10 } },
    }),
  },
  "GET /studies/{studyId}/runs": {},
  "GET /studies/{studyId}/trend": {},
  "GET /studies/{studyId}/runs/{runId}": {},
  "POST /studies/{studyId}/runs/{runId}/control": { body: (f) => ({ tenantId: f.tenantId, action: "pause" }) },
  "GET /studies/{studyId}/runs/{runId}/events": {},
  "GET /studies/{studyId}/runs/{runId}/results": {},
  "GET /studies/{studyId}/runs/{runId}/results.csv": {},
  "GET /studies/{studyId}/runs/{runId}/results.ndjson": {},
  "GET /calibrations": {},
  "POST /calibrations": {
    body: (f) => ({
      tenantId: f.tenantId,
      model: "person-run/simulator",
      items: ["HAPPY", "TRUST"],
      size: 20,
      seed: 1,
    }),
  },
  "GET /calibrations/{calibrationId}": {},
  // Publishable keys only: the walk's secret key is refused before any input is read (widget.test.ts
  // checks their input with a publishable key).
  "GET /widget/v1/config": {},
  "POST /widget/v1/prompt": { body: (f) => ({ personaId: f.ids.personaId, message: "Hi" }) },
};

const SKILL = {
  name: "Fuzz skill",
  instructions: "Hello {{firstName}}.",
  questions: [
    { id: "rate", text: "Rate it", outputFormat: { type: "likert", scale: 5, labels: ["Low", "High"] } },
    {
      id: "detail",
      text: "Details?",
      outputFormat: { type: "json", schema: { type: "object", properties: { a: { type: "string", pattern: "^x" } } } },
    },
  ],
  evaluation: {
    criteria: [{ name: "range", weight: 1, rule: { type: "range", questionId: "rate", value: { min: 2 } } }],
    passThreshold: 0.5,
  },
};

async function makeFixture(): Promise<Fixture> {
  const t = await s.newTenant();
  const created = await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } });
  const personaId = created.body.persona.id as string;
  const key = await s.request("POST", "/keys", { key: t.key, body: { name: "other", profile: "read-only" } });
  const turn = await s.request("POST", "/personas/prompt", { key: t.key, body: { personaId, userPrompt: "Hello" } });
  const job = await s.request("POST", "/personas/prompt", {
    key: t.key,
    body: { personaId, userPrompt: "Later", mode: "async" },
  });
  const reconcile = await s.request("POST", `/personas/${personaId}/timeline/reconcile`, { key: t.key, body: {} });
  // No worker runs here: the async prompt's run is cancelled, so that its event stream ends (it has finished)
  // and the walk's pause/resume/cancel/retry requests answer without changing anything.
  const cancelled = await s.request("POST", `/runs/${job.body.jobId}/cancel`, { key: t.key, body: {} });
  if (cancelled.status !== 200) throw new Error(`could not cancel the fixture's run: ${cancelled.text}`);
  const exportDoc = (await s.request("GET", `/personas/${personaId}/export`, { key: t.key })).body;
  const skill = await s.request("POST", "/skills", { key: t.key, body: SKILL });
  // Stays pending (or queued: no worker runs here) through the walk.
  const task = await s.request("POST", "/tasks", { key: t.key, body: { skillId: skill.body.skill.id, personaId } });
  const cohort = await s.request("POST", "/cohorts", { key: t.key, body: { name: "Fuzz", include: [personaId] } });
  const population = await s.request("POST", "/populations", {
    key: t.key,
    body: { name: "Fuzz panel", cohorts: [{ cohortId: cohort.body.cohort.id, weight: 1 }], sampling: { rule: "all" } },
  });
  const study = await s.request("POST", "/studies", {
    key: t.key,
    body: { name: "Fuzz study", populationId: population.body.population.id, skillId: skill.body.skill.id },
  });
  const schedule = await s.request("POST", "/schedules", {
    key: t.key,
    body: { target: { type: "study", id: study.body.study.id }, cron: "0 9 * * 1" },
  });
  // A study run, cancelled (no worker runs here) so that its event stream ends.
  const studyRun = await s.request("POST", `/studies/${study.body.study.id}/runs`, {
    key: t.key,
    body: { maxConcurrency: 1 },
  });
  const stopped = await s.request("POST", `/studies/${study.body.study.id}/runs/${studyRun.body.run.id}/control`, {
    key: t.key,
    body: { action: "cancel" },
  });
  if (stopped.status !== 200) throw new Error(`could not cancel the fixture's study run: ${stopped.text}`);
  // Stays queued through the walk: no worker runs here.
  const calibration = await s.request("POST", "/calibrations", {
    key: t.key,
    body: { model: "person-run/simulator", items: ["HAPPY"], size: 20 },
  });
  return {
    ...t,
    exportDoc,
    ids: {
      calibrationId: calibration.body.calibration.id,
      populationId: population.body.population.id,
      version: "1",
      tenantId: t.tenantId,
      personaId,
      keyId: key.body.key.id,
      sessionId: turn.body.sessionId,
      timelineId: created.body.timeline[0].id,
      jobId: job.body.jobId,
      runId: job.body.jobId,
      reconcileJobId: reconcile.body.job?.id,
      studyId: study.body.study.id,
      studyRunId: studyRun.body.run.id,
      scheduleId: schedule.body.schedule.id,
      skillId: skill.body.skill.id,
      taskId: task.body.task.id,
      cohortId: cohort.body.cohort.id,
    },
  };
}

const idFor = (f: Fixture, name: string, template: string) =>
  (name === "jobId" && template.includes("/reconcile/")
    ? f.ids.reconcileJobId
    : name === "runId" && template.startsWith("/studies/")
      ? f.ids.studyRunId
      : f.ids[name]) ?? "missing";

interface Mutation {
  label: string;
  path?: string;
  query?: string;
  /** A JSON-able body, or raw text/bytes. */
  body?: unknown;
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Must be a 4xx; otherwise any non-5xx JSON answer passes (the input may still be valid). */
  strict: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: walks arbitrary JSON schema from the document
type Schema = any;

const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const UUID = "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e";
const deep = (n: number) => JSON.parse(`${"[".repeat(n)}${"]".repeat(n)}`);
const BAD_PATH_VALUES = [
  "not-a-uuid",
  "%00",
  "%ED%A0%80",
  "%C0%80",
  "'%20OR%201=1--",
  "x".repeat(3000),
  "..%2F..%2Fetc%2Fpasswd",
];
const BAD_QUERY_VALUES = [
  "-1",
  "1e309",
  "99999999999999999999",
  "abc",
  "%00",
  "%ED%A0%80",
  "0000-01-01T00:00:00.000Z",
  "%2B275760-09-13T00:00:00.000Z",
  cursorOf(["2026-01-01T00:00:00.000Z", "not-a-uuid"]),
  cursorOf(["0000-01-01T00:00:00.000Z", UUID]),
  "x".repeat(5000),
];

function typesOf(schema: Schema): Set<string> | null {
  if (!schema) return null;
  const types = new Set<string>();
  const add = (sc: Schema) => {
    if (sc.type) for (const t of [sc.type].flat()) types.add(t === "integer" ? "number" : t);
  };
  add(schema);
  for (const alt of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) add(alt);
  return types.size ? types : null;
}

/** Field paths (one nested level) with their schema, from the request body schema. */
function fieldsOf(schema: Schema, resolve: (s: Schema) => Schema, prefix: string[] = []): [string[], Schema][] {
  const out: [string[], Schema][] = [];
  const sc = resolve(schema);
  for (const [name, raw] of Object.entries((sc?.properties ?? {}) as Record<string, Schema>)) {
    const prop = resolve(raw);
    out.push([[...prefix, name], prop]);
    if (prefix.length === 0 && prop?.properties) out.push(...fieldsOf(prop, resolve, [name]));
  }
  return out;
}

const setAt = (body: Record<string, unknown>, path: string[], value: unknown) => {
  const copy = structuredClone(body);
  let target = copy as Record<string, unknown>;
  for (const p of path.slice(0, -1)) {
    if (typeof target[p] !== "object" || target[p] === null) target[p] = {};
    target = target[p] as Record<string, unknown>;
  }
  target[path[path.length - 1] as string] = value;
  return copy;
};

function bodyMutations(
  base: Record<string, unknown>,
  schema: Schema,
  resolve: (s: Schema) => Schema,
  other: Fixture,
): Mutation[] {
  const out: Mutation[] = [
    { label: "malformed JSON", raw: '{"tenantId": ', strict: true },
    { label: "trailing comma", raw: '{"a": 1,}', strict: true },
    { label: "JSON null", body: null, strict: true },
    { label: "JSON array", body: [base], strict: true },
    { label: "JSON number", body: 42, strict: true },
    { label: "JSON string", body: "hello", strict: true },
    { label: "deep nesting", raw: `{"tenantId": ${"[".repeat(5000)}${"]".repeat(5000)}}`, strict: true },
    { label: "1 MB string", body: { ...base, huge: "x".repeat(1024 * 1024) }, strict: true },
    { label: "unknown field", body: { ...base, zzUnknown: 1 }, strict: false },
    {
      label: "overlong UTF-8 bytes",
      raw: Buffer.concat([Buffer.from('{"tenantId": "a'), Buffer.from([0xc0, 0x80]), Buffer.from('"}')]),
      strict: true,
    },
  ];
  for (const [path, prop] of fieldsOf(schema, resolve)) {
    const types = typesOf(prop);
    const accepts = (t: string) => types === null || types.has(t);
    const name = path.join(".");
    const variants: [string, unknown, boolean][] = [
      ["number", 12345.5, !accepts("number")],
      ["object", { a: { b: 1 } }, !accepts("object")],
      ["array", [1, "two", null], !accepts("array")],
      ["boolean", true, !accepts("boolean")],
      ["null", null, false],
      ["100 KB string", "y".repeat(100 * 1024), !accepts("string") || (prop?.maxLength ?? Infinity) < 100 * 1024],
      ["lone surrogate", "a\ud800b", true],
      ["NUL", "a\u0000b", true],
      ["year 0", "0000-01-01T00:00:00.000Z", true],
      ["deep", deep(200), true],
      ["not a UUID", "not-a-uuid", prop?.format === "uuid"],
    ];
    // Another tenant's resource (a persona to prompt, a session to continue): 404, or 403 for a tenant.
    const foreign = other.ids[name];
    if (foreign) variants.push(["another tenant's id", foreign, true]);
    for (const [label, value, strict] of variants) {
      out.push({ label: `${name} as ${label}`, body: setAt(base, path, value), strict });
    }
  }
  return out;
}

function mutations(op: string, template: string, spec: Schema, f: Fixture, other: Fixture, rand: () => number) {
  const [method] = op.split(" ") as [string];
  const opSpec = spec.paths[template][method.toLowerCase()];
  const resolve = (sc: Schema): Schema =>
    sc?.$ref ? resolve(spec.components.schemas[sc.$ref.replace("#/components/schemas/", "")]) : sc;
  const pathParams = (opSpec.parameters ?? []).filter((p: Schema) => p.in === "path").map((p: Schema) => p.name);
  const queryParams = (opSpec.parameters ?? []).filter((p: Schema) => p.in === "query").map((p: Schema) => p.name);
  const validPath = template.replace(/\{(\w+)\}/g, (_, n: string) => idFor(f, n, template));
  const out: Mutation[] = [];

  for (const param of pathParams) {
    const values = [...BAD_PATH_VALUES, UUID, idFor(other, param, template)];
    for (const v of values) {
      const path = template.replace(/\{(\w+)\}/g, (_, n: string) => (n === param ? v : idFor(f, n, template)));
      // Another tenant's id (or an unknown UUID) is a 404 or 403; a bad tenant id in the path a 400/403.
      out.push({ label: `path ${param}=${v.slice(0, 30)}`, path, strict: true });
    }
  }
  const queryCases: Mutation[] = [];
  for (const param of queryParams) {
    for (const v of BAD_QUERY_VALUES) {
      // Most of these are fine values of a free-text filter (q, location): there only NUL and dates must fail.
      const freeText = ["q", "location", "occupation"].includes(param);
      const refusedAnywhere = v === "%00" || v.startsWith("0000-");
      // Tenant ids are text: a cursor naming "not-a-uuid" is a fine position in the tenant list.
      const textIdCursor = template === "/tenants" && v === BAD_QUERY_VALUES[8];
      queryCases.push({
        label: `query ${param}=${v.slice(0, 30)}`,
        query: `${param}=${v}`,
        strict: (!freeText || refusedAnywhere) && !textIdCursor,
      });
    }
    queryCases.push({ label: `query ${param} twice`, query: `${param}=1&${param}=2`, strict: false });
  }
  queryCases.push({ label: "unknown query", query: "zzUnknown=1", strict: false });
  const body = CASES[op]?.body;
  const bodyCases = body
    ? bodyMutations(body(f), opSpec.requestBody?.content?.["application/json"]?.schema, resolve, other)
    : [];
  if (body && method === "POST")
    bodyCases.push({
      label: "bad idempotency key",
      body: body(f),
      headers: { "idempotency-key": "has spaces" },
      strict: true,
    });
  // A bounded, seeded sample of the query and body mutations; every path mutation runs.
  const sample = (list: Mutation[], n: number) => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as Mutation, copy[i] as Mutation];
    }
    return copy.slice(0, n);
  };
  for (const m of [...sample(queryCases, 24), ...sample(bodyCases, 48)]) {
    out.push({
      ...m,
      path: validPath,
      ...(body && m.body === undefined && m.raw === undefined ? { body: body(f) } : {}),
    });
  }
  return out;
}

describe("fuzz walk of every route", () => {
  let spec: Schema;
  beforeAll(async () => {
    spec = (await s.request("GET", "/openapi.json")).body;
  });

  it("has a case for every route in the spec", () => {
    const ops = Object.entries(spec.paths as Record<string, object>).flatMap(([p, o]) =>
      Object.keys(o).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(ops.sort()).toEqual(Object.keys(CASES).sort());
  });

  it("answers every malformed request with a 4xx JSON error, never a 5xx", async () => {
    const f = await makeFixture();
    const other = await makeFixture();
    // A version number is not a tenant's resource (both fixtures have version 1): the "other" one is unknown.
    other.ids.version = "999";
    const rand = mulberry32(0x5eed) /* seeded: the same walk on every run */;
    const failures: string[] = [];
    let sent = 0;
    // Deletes last, so the fixture's resources live through the other routes' walks.
    const ops = Object.entries(spec.paths as Record<string, object>)
      .flatMap(([p, o]) => Object.keys(o).map((m) => [`${m.toUpperCase()} ${p}`, p] as const))
      .sort(([a], [b]) => Number(a.startsWith("DELETE")) - Number(b.startsWith("DELETE")));
    for (const [op, template] of ops) {
      const [method] = op.split(" ") as [string];
      const key = CASES[op]?.admin ? s.adminKey : f.key;
      for (const m of mutations(op, template, spec, f, other, rand)) {
        const headers: Record<string, string> = { "x-api-key": key, ...m.headers };
        let payload: string | Uint8Array | undefined;
        if (m.raw !== undefined) payload = m.raw;
        else if (m.body !== undefined) payload = JSON.stringify(m.body);
        if (payload !== undefined) headers["content-type"] = "application/json";
        const url = `${s.url}${m.path}${m.query ? `?${m.query}` : ""}`;
        const res = await fetch(url, { method, headers, body: payload });
        const text = await res.text();
        sent++;
        const where = `${op} [${m.label}] → ${res.status}: ${text.slice(0, 200)}`;
        if (res.status >= 500) {
          failures.push(where);
          continue;
        }
        if (m.strict && res.status < 400) failures.push(`expected 4xx: ${where}`);
        if (res.status >= 400) {
          let parsed: Record<string, unknown> | undefined;
          try {
            parsed = JSON.parse(text);
          } catch {}
          const shaped =
            res.headers.get("content-type")?.includes("application/json") &&
            typeof parsed?.error === "string" &&
            typeof parsed?.code === "string" &&
            typeof parsed?.requestId === "string";
          if (!shaped) failures.push(`not the error shape: ${where}`);
        }
      }
    }
    expect(failures, failures.join("\n")).toEqual([]);
    expect(sent).toBeGreaterThan(900);
  }, 120_000);
});

/**
 * `GET /metrics` is not in the spec (so not in the walk above): junk queries, authorization headers and
 * methods, against this open server and one guarded by METRICS_TOKEN. Never a 5xx; a refusal is the SPEC's
 * JSON error shape; the open server answers every GET.
 */
describe("fuzz of /metrics", () => {
  let guarded: TestServer;
  beforeAll(async () => {
    guarded = await startTestServer({ env: { WORKERS: "false", METRICS_TOKEN: "fuzz-metrics-token-0123456789" } });
  });
  afterAll(() => guarded.close());

  it("answers junk with a 200 (open) or a 4xx JSON error, never a 5xx", async () => {
    const headers: Record<string, string>[] = [
      {},
      { authorization: "Bearer" },
      { authorization: "Bearer " },
      { authorization: `Bearer ${"x".repeat(5000)}` },
      { authorization: "Basic Zm9vOmJhcg==" },
      { authorization: "Bearer a b c" },
      { authorization: "bearer fuzz-metrics-token-012345678" },
      { authorization: "Bearer fuzz-metrics-token-0123456789\u00e9" },
      { "x-api-key": "pr_live_not-a-key" },
    ];
    const queries = ["", ...BAD_QUERY_VALUES.map((v) => `?name[]=${v}`), "?format=json", "?%zz=1"];
    const failures: string[] = [];
    for (const server of [s, guarded]) {
      const open = server === s;
      for (const [i, h] of headers.entries()) {
        for (const q of i === 0 ? queries : [""]) {
          for (const method of i === 0 && q === "" ? ["GET", "POST", "PUT", "DELETE", "PATCH"] : ["GET"]) {
            const res = await fetch(`${server.url}/metrics${q}`, { method, headers: h });
            const text = await res.text();
            const where = `${open ? "open" : "guarded"} ${method} /metrics${q.slice(0, 40)} ${JSON.stringify(h).slice(0, 60)} → ${res.status}`;
            if (res.status >= 500) failures.push(where);
            else if (res.status >= 400) {
              let parsed: Record<string, unknown> | undefined;
              try {
                parsed = JSON.parse(text);
              } catch {}
              if (typeof parsed?.error !== "string" || typeof parsed?.code !== "string") {
                failures.push(`not the error shape: ${where}`);
              }
            } else if (method !== "GET" || (!open && !h.authorization?.endsWith("0123456789"))) {
              failures.push(`expected a refusal: ${where}`);
            }
          }
        }
      }
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });
});
