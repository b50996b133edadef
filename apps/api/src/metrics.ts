import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * What `GET /metrics` exposes (Prometheus text format, docs/operations.md): one `Metrics` per server, on its
 * own registry — never prom-client's global one, so several servers in one process (tests, an embedded
 * server beside a CLI) count apart. The process's own figures (CPU, memory, event loop, GC) belong to the
 * process, not to a server: they live on one registry shared by every server of the process.
 *
 * Every label has a bounded set of values: routes are templates (`/personas/:personaId`, never an id),
 * models are slugs that answered at least once, nothing names a tenant, persona or key.
 */

/** prom-client's defaults: 5 ms to 10 s, for HTTP requests. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A model call takes from a tenth of a second (the simulator, a cached prefix) to minutes (a long answer). */
const PROVIDER_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];
/** A job: a sweep of milliseconds up to a long run attempt. */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900];

let processRegistry: Registry | undefined;

/** The process's registry of default Node.js metrics, made at the first server's first need. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class Metrics {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;

  private readonly httpRequests = new Counter({
    name: "person_run_http_requests_total",
    help: "HTTP requests answered, by method, route template and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: "person_run_http_request_duration_seconds",
    help: "Time to answer an HTTP request (to the response head: a stream's body is not included)",
    labelNames: ["method", "route", "status"] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });
  private readonly prompts = new Counter({
    name: "person_run_prompts_total",
    help: "Prompt turns recorded (chat, async, stream, and the turns of tasks, studies and calibrations), by model, mode and status",
    labelNames: ["model", "mode", "status"] as const,
    registers: [this.registry],
  });
  private readonly tokens = new Counter({
    name: "person_run_model_tokens_total",
    help: "Tokens of answered model calls, by model and kind (input, output, cached_input: the part of input read from the provider's prompt cache)",
    labelNames: ["model", "kind"] as const,
    registers: [this.registry],
  });
  private readonly providerDuration = new Histogram({
    name: "person_run_provider_request_duration_seconds",
    help: "Duration of the model call that answered (one attempt: retries are not included), by provider and model",
    labelNames: ["provider", "model"] as const,
    buckets: PROVIDER_BUCKETS,
    registers: [this.registry],
  });
  private readonly providerErrors = new Counter({
    name: "person_run_provider_errors_total",
    help: "Failed model call attempts (each retry counts), by provider and class",
    labelNames: ["provider", "class"] as const,
    registers: [this.registry],
  });
  private readonly guardrailBlocks = new Counter({
    name: "person_run_guardrail_blocks_total",
    help: "Prompts or answers blocked by a tenant's safety policy, by stage (input: the prompt; output: the answer)",
    labelNames: ["stage"] as const,
    registers: [this.registry],
  });
  private readonly jobDuration = new Histogram({
    name: "person_run_job_duration_seconds",
    help: "Duration of jobs worked by this process, by queue and outcome",
    labelNames: ["queue", "outcome"] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  private queueDepthSource: (() => Promise<Record<string, number>>) | undefined;

  constructor(info: { version: string; database: string }) {
    new Gauge({
      name: "person_run_build_info",
      help: "Always 1: the server's version and database driver as labels",
      labelNames: ["version", "database"] as const,
      registers: [this.registry],
    }).set(info, 1);
    const self = this;
    new Gauge({
      name: "person_run_job_queue_depth",
      help: "Jobs waiting in each queue (created, retrying or scheduled for later; not yet taken), read at scrape time",
      labelNames: ["queue"] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        if (!self.queueDepthSource) return;
        try {
          for (const [queue, depth] of Object.entries(await self.queueDepthSource())) this.set({ queue }, depth);
        } catch {
          // The queue is stopped or its database does not answer: no depth rather than a failed scrape
          // (/health reports the queue as down).
        }
      },
    });
  }

  /** Where the queue depth is read at each scrape (the job queue, once it exists). */
  readQueueDepthFrom(source: () => Promise<Record<string, number>>): void {
    this.queueDepthSource = source;
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  prompt(model: string, mode: string, status: string): void {
    this.prompts.inc({ model, mode, status });
  }

  /** A model call that answered: its duration and its tokens. */
  providerCall(
    provider: string,
    model: string,
    seconds: number,
    usage: { inputTokens: number; outputTokens: number; cachedTokens: number },
  ): void {
    this.providerDuration.observe({ provider, model }, seconds);
    if (usage.inputTokens > 0) this.tokens.inc({ model, kind: "input" }, usage.inputTokens);
    if (usage.outputTokens > 0) this.tokens.inc({ model, kind: "output" }, usage.outputTokens);
    if (usage.cachedTokens > 0) this.tokens.inc({ model, kind: "cached_input" }, usage.cachedTokens);
  }

  /** A failed attempt; `errorClass` from `providerErrorClass` (src/llm/errors.ts). */
  providerError(provider: string, errorClass: string): void {
    this.providerErrors.inc({ provider, class: errorClass });
  }

  guardrailBlock(stage: "input" | "output"): void {
    this.guardrailBlocks.inc({ stage });
  }

  job(queue: string, outcome: "succeeded" | "failed", seconds: number): void {
    this.jobDuration.observe({ queue, outcome }, seconds);
  }

  /** The exposition: the process's metrics, then this server's. */
  async text(): Promise<string> {
    const [process, server] = await Promise.all([processMetrics().metrics(), this.registry.metrics()]);
    return `${process.trimEnd()}\n\n${server}`;
  }
}
