import parsePrometheusTextFormat, { type PrometheusFamily } from "parse-prometheus-text-format";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../test/fake-openai.ts";
import { captureLogs, seed, startTestServer, type TestServer, until } from "../../test/harness.ts";
import { startMetricsServer } from "../server.ts";

/**
 * `GET /metrics` through HTTP: Prometheus text read back with a parser, counters that move with what the
 * server did (a prompt, a blocked prompt, a failed model call, a job), route templates instead of ids, the
 * optional METRICS_TOKEN, and no place in the OpenAPI document. Servers in one process count apart, and
 * counters only grow: each test compares a scrape before and after what it does.
 */

const MODEL = "compatible/fake-llama-3";
const TOKEN = "scrape-token-0123456789";

let fake: FakeOpenAI;
let s: TestServer;
const logs = captureLogs("info");
beforeAll(async () => {
  fake = await startFakeOpenAI();
  s = await startTestServer({
    env: { OPENAI_COMPATIBLE_BASE_URL: fake.url, LLM_MAX_RETRIES: "2" },
    logger: logs.logger,
  });
});
afterAll(async () => {
  await s.close();
  await fake.close();
});
beforeEach(() => fake.reset());

type Labels = Record<string, string>;

/**
 * One scrape of `/metrics`, read with parse-prometheus-text-format (which throws on any line that is not
 * Prometheus text). That parser folds the series of a labelled histogram into one and drops their labels
 * (yunyu/parse-prometheus-text-format#13, open), so a histogram's observations per series are read from the
 * server's registry, the figures the exposition was rendered from (`observations`).
 */
class Scrape {
  constructor(
    readonly families: PrometheusFamily[],
    readonly text: string,
    private readonly histograms: Map<string, number>,
  ) {}

  family(name: string): PrometheusFamily | undefined {
    return this.families.find((f) => f.name === name);
  }

  /** The sample of a counter or gauge with exactly these labels (0 when absent: a counter not yet moved). */
  value(name: string, labels: Labels): number {
    const sample = this.family(name)?.metrics.find((m) => sameLabels(m.labels, labels));
    return sample ? Number(sample.value) : 0;
  }

  /** Observations of a histogram's series with exactly these labels, as of this scrape. */
  count(name: string, labels: Labels): number {
    return this.histograms.get(seriesKey(name, labels)) ?? 0;
  }
}

const seriesKey = (name: string, labels: Labels) =>
  `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))}`;

/** prom-client's JSON of a metric as it is at run time (its typings give `type` as an enum it never holds). */
interface MetricJson {
  name: string;
  type: string;
  values: { metricName?: string; labels: Labels; value: number }[];
}

/** Each histogram series' `_count`, by series, from the registry the exposition is rendered from. */
async function histogramCounts(server: TestServer): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const metrics = (await server.ctx.metrics.registry.getMetricsAsJSON()) as unknown as MetricJson[];
  for (const metric of metrics) {
    if (metric.type !== "histogram") continue;
    for (const v of metric.values) {
      if (v.metricName === `${metric.name}_count`) counts.set(seriesKey(metric.name, v.labels), v.value);
    }
  }
  return counts;
}

const sameLabels = (a: Labels | undefined, b: Labels) =>
  Object.keys(a ?? {}).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a?.[k] === v);

async function scrape(server: TestServer = s, token?: string): Promise<Scrape> {
  const res = await server.request("GET", "/metrics", token ? { headers: { authorization: `Bearer ${token}` } } : {});
  expect(res.status, res.text).toBe(200);
  return new Scrape(parsePrometheusTextFormat(res.text), res.text, await histogramCounts(server));
}

async function tenantWithPersona() {
  const t = await s.newTenant();
  const created = await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } });
  expect(created.status, created.text).toBe(201);
  return { ...t, personaId: created.body.persona.id as string };
}

describe("GET /metrics", () => {
  it("is Prometheus text a parser reads: this server's metrics with their types, and the process's", async () => {
    const res = await s.request("GET", "/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const families = parsePrometheusTextFormat(res.text);
    const types = Object.fromEntries(families.map((f) => [f.name, f.type]));
    expect(types).toMatchObject({
      person_run_build_info: "GAUGE",
      person_run_http_requests_total: "COUNTER",
      person_run_http_request_duration_seconds: "HISTOGRAM",
      person_run_prompts_total: "COUNTER",
      person_run_model_tokens_total: "COUNTER",
      person_run_provider_request_duration_seconds: "HISTOGRAM",
      person_run_provider_errors_total: "COUNTER",
      person_run_guardrail_blocks_total: "COUNTER",
      person_run_job_queue_depth: "GAUGE",
      person_run_job_duration_seconds: "HISTOGRAM",
      process_cpu_user_seconds_total: "COUNTER",
      nodejs_heap_size_used_bytes: "GAUGE",
    });
    // The depth of every queue of the catalog, read at scrape time.
    const depth = families.find((f) => f.name === "person_run_job_queue_depth");
    const queues = depth?.metrics.map((m) => m.labels?.queue);
    expect(queues).toEqual(expect.arrayContaining(["runs.execute"]));
    for (const m of depth?.metrics ?? []) expect(Number(m.value)).toBeGreaterThanOrEqual(0);
    expect(families.find((f) => f.name === "person_run_build_info")?.metrics[0]?.labels).toMatchObject({
      version: s.ctx.version,
      database: s.ctx.database.driver,
    });
  });

  it("counts a prompt by model, its tokens by kind, the answering call's latency, and the request by route template", async () => {
    const t = await tenantWithPersona();
    const before = await scrape();
    fake.enqueue({
      kind: "text",
      text: "Honestly, I love it.",
      usage: { prompt_tokens: 1321, completion_tokens: 6, cached_tokens: 1024 },
    });
    const res = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId: t.personaId, userPrompt: "Remote work?", model: MODEL },
    });
    expect(res.status, res.text).toBe(200);
    await s.request("GET", `/personas/${t.personaId}`, { key: t.key });
    const after = await scrape();

    const prompt = { model: MODEL, mode: "sync", status: "completed" };
    expect(after.value("person_run_prompts_total", prompt) - before.value("person_run_prompts_total", prompt)).toBe(1);
    const tokens = (kind: string) =>
      after.value("person_run_model_tokens_total", { model: MODEL, kind }) -
      before.value("person_run_model_tokens_total", { model: MODEL, kind });
    expect([tokens("input"), tokens("output"), tokens("cached_input")]).toEqual([1321, 6, 1024]);
    const call = { provider: "compatible", model: MODEL };
    expect(
      after.count("person_run_provider_request_duration_seconds", call) -
        before.count("person_run_provider_request_duration_seconds", call),
    ).toBe(1);

    const route = { method: "POST", route: "/personas/prompt", status: "200" };
    expect(
      after.value("person_run_http_requests_total", route) - before.value("person_run_http_requests_total", route),
    ).toBe(1);
    expect(
      after.count("person_run_http_request_duration_seconds", route) -
        before.count("person_run_http_request_duration_seconds", route),
    ).toBe(1);
    // The template, never the path: no id (nor tenant) is ever a label.
    expect(
      after.value("person_run_http_requests_total", { method: "GET", route: "/personas/:personaId", status: "200" }),
    ).toBeGreaterThan(0);
    expect(after.text).not.toContain(t.personaId);
    expect(after.text).not.toContain(t.tenantId);
  });

  it("puts the provider's latency on the prompt's log line, under the request's id", async () => {
    const t = await tenantWithPersona();
    fake.enqueue({ kind: "text", text: "Fine.", latencyMs: 30, usage: { prompt_tokens: 50, completion_tokens: 1 } });
    const res = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId: t.personaId, userPrompt: "How are you?", model: MODEL },
    });
    expect(res.status, res.text).toBe(200);
    const requestId = res.headers.get("x-request-id");
    const line = logs.lines().find((l) => l.msg === "prompt" && l.requestId === requestId);
    expect(line).toMatchObject({
      tenantId: t.tenantId,
      personaId: t.personaId,
      sessionId: res.body.sessionId,
      turnId: res.body.turnId,
      mode: "sync",
      status: "completed",
      model: MODEL,
      tokensIn: 50,
      tokensOut: 1,
      latencyMs: res.body.latencyMs,
      attempts: 1,
      blocked: false,
    });
    // The model's share of the prompt's latency, in whole ms: the fake waited 30 ms before answering, so the
    // provider's time cannot be less (a lower bound the fake guarantees; no comparison of two clocks).
    expect(Number.isInteger(line?.providerMs)).toBe(true);
    expect(line?.providerMs).toBeGreaterThanOrEqual(30);
  });

  it("counts each failed model call attempt by class: rate limited, then a provider's 5xx, before the answer", async () => {
    const t = await tenantWithPersona();
    const before = await scrape();
    fake.enqueue(
      { kind: "status", status: 429, retryAfter: "0" },
      { kind: "status", status: 503 },
      { kind: "text", text: "Third time lucky." },
    );
    const res = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId: t.personaId, userPrompt: "Still there?", model: MODEL },
    });
    expect(res.status, res.text).toBe(200);
    const after = await scrape();
    const errors = (cls: string) =>
      after.value("person_run_provider_errors_total", { provider: "compatible", class: cls }) -
      before.value("person_run_provider_errors_total", { provider: "compatible", class: cls });
    expect([errors("rate_limited"), errors("server_error"), errors("unavailable")]).toEqual([1, 1, 0]);
    const line = logs.lines().find((l) => l.msg === "prompt" && l.requestId === res.headers.get("x-request-id"));
    expect(line?.attempts).toBe(3);
  });

  it("counts guardrail blocks by stage: a blocked prompt (input) and a blocked answer (output)", async () => {
    const t = await tenantWithPersona();
    const policy = await s.request("PUT", "/personas/safety-policy", {
      key: t.key,
      body: { tenantId: t.tenantId, blockedTerms: ["acme"] },
    });
    expect(policy.status, policy.text).toBe(200);
    const before = await scrape();
    const blocked = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId: t.personaId, userPrompt: "What about Acme?", model: MODEL },
    });
    expect(blocked.status, blocked.text).toBe(422);
    fake.enqueue({ kind: "text", text: "I work at Acme, you know." });
    const refused = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId: t.personaId, userPrompt: "Where do you work?", model: MODEL },
    });
    expect(refused.status, refused.text).toBe(200);
    expect(refused.body.guardrail.blocked).toBe(true);
    const after = await scrape();
    const blocks = (stage: string) =>
      after.value("person_run_guardrail_blocks_total", { stage }) -
      before.value("person_run_guardrail_blocks_total", { stage });
    expect([blocks("input"), blocks("output")]).toEqual([1, 1]);
    const http = { method: "POST", route: "/personas/prompt", status: "422" };
    expect(
      after.value("person_run_http_requests_total", http) - before.value("person_run_http_requests_total", http),
    ).toBe(1);
  });

  it("times the jobs this process works, by queue and outcome", async () => {
    const t = await tenantWithPersona();
    const job = { queue: "runs.execute", outcome: "succeeded" };
    const before = (await scrape()).count("person_run_job_duration_seconds", job);
    const queued = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId: t.personaId, userPrompt: "Later, please.", mode: "async" },
    });
    expect(queued.status, queued.text).toBe(202);
    await until(
      async () => {
        const res = await s.request("GET", `/personas/prompt/jobs/${queued.body.jobId}`, { key: t.key });
        return res.body.job?.status === "succeeded";
      },
      { what: "the async prompt to succeed" },
    );
    // The queue's job ends just after the run's result is stored.
    await until(async () => (await scrape()).count("person_run_job_duration_seconds", job) > before, {
      what: "the job's duration to be counted",
    });
    const after = await scrape();
    const prompt = { model: "person-run/simulator", mode: "async", status: "completed" };
    expect(after.value("person_run_prompts_total", prompt)).toBeGreaterThan(0);
  });

  it("labels a request no route answers `unmatched`, and one a body check refused with the route it was for", async () => {
    const t = await s.newTenant();
    const before = await scrape();
    expect((await s.request("GET", "/no/such/path/0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e")).status).toBe(404);
    const big = await s.request("POST", "/personas", {
      key: t.key,
      rawBody: JSON.stringify({ seed: seed({ firstName: "x".repeat(2 * 1024 * 1024) }) }),
      headers: { "content-type": "application/json" },
    });
    expect(big.status).toBe(413);
    const after = await scrape();
    const delta = (labels: Labels) =>
      after.value("person_run_http_requests_total", labels) - before.value("person_run_http_requests_total", labels);
    expect(delta({ method: "GET", route: "unmatched", status: "404" })).toBe(1);
    expect(delta({ method: "POST", route: "/personas", status: "413" })).toBe(1);
    expect(after.text).not.toContain("/no/such/path");
  });

  it("is not in the OpenAPI document", async () => {
    const spec = (await s.request("GET", "/openapi.json")).body as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).not.toContain("/metrics");
    expect(Object.keys(spec.paths)).toContain("/health");
  });
});

describe("GET /metrics with METRICS_TOKEN", () => {
  let guarded: TestServer;
  beforeAll(async () => {
    guarded = await startTestServer({ env: { WORKERS: "false", METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => guarded.close());

  it("answers 401 in the error shape without the token or with another, and 200 with it", async () => {
    const missing = await guarded.request("GET", "/metrics");
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ code: "unauthorized", requestId: missing.headers.get("x-request-id") });
    expect(missing.body.error).toMatch(/metrics token/i);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer /);
    // An API key is not the metrics token, even the instance admin's.
    const attempts: Record<string, string>[] = [
      { authorization: "Bearer not-the-token-at-all" },
      { authorization: TOKEN },
      { "x-api-key": guarded.adminKey },
      { authorization: `Bearer ${guarded.adminKey}` },
    ];
    for (const headers of attempts) {
      const res = await guarded.request("GET", "/metrics", { headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.body.code).toBe("unauthorized");
    }
    const ok = await scrape(guarded, TOKEN);
    expect(ok.family("person_run_http_requests_total")).toBeDefined();
  });

  it("serves a worker's metrics on METRICS_PORT: /metrics only, with the same token", async () => {
    const listener = await startMetricsServer(guarded.ctx, 0);
    try {
      const url = `http://127.0.0.1:${listener.port}`;
      const refused = await fetch(`${url}/metrics`);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ code: "unauthorized" });
      const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const families = parsePrometheusTextFormat(await res.text());
      expect(families.map((f) => f.name)).toContain("person_run_job_duration_seconds");
      const api = await fetch(`${url}/personas`, { headers: { "x-api-key": guarded.adminKey } });
      expect(api.status).toBe(404);
      expect(await api.json()).toMatchObject({ code: "not_found" });
    } finally {
      await listener.close();
    }
  });

  it("counts its own requests apart from the other server of the process", async () => {
    const refused = { method: "GET", route: "/metrics", status: "401" };
    const mine = await scrape(guarded, TOKEN);
    expect(mine.value("person_run_http_requests_total", refused)).toBeGreaterThan(0);
    expect((await scrape()).value("person_run_http_requests_total", refused)).toBe(0);
    // The other server's prompts are not this one's.
    expect(mine.value("person_run_prompts_total", { model: MODEL, mode: "sync", status: "completed" })).toBe(0);
  });
});
