import type { RequestOptions } from "../core.js";
import { PersonRunError } from "../errors.js";
import { APIResource } from "../resource.js";
import type { Stream } from "../streaming.js";
import type { BodyOf, EventOf, QueryOf, ResponseAt, ResponseOf } from "../types.js";

type Tenant = { tenantId?: string };
export type PromptStreamEvent = EventOf<"streamPersonaPrompt">;
export type PromptDone = DoneOf<PromptStreamEvent>;
export type PromptJob = ResponseOf<"getPromptJob">["job"];

type TurnEvent = { event: string; data: unknown };
type DoneOf<E extends TurnEvent> = Extract<E, { event: "done" }>["data"];

/** A turn's event stream: `for await` its events, or await `finalResponse()` for the `done` event's data. */
export class TurnStream<E extends TurnEvent> implements AsyncIterable<E> {
  private done: DoneOf<E> | undefined;
  constructor(private readonly stream: Stream<E>) {}

  get requestId(): string | null {
    return this.stream.requestId;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<E> {
    for await (const e of this.stream) {
      if (e.event === "done") this.done = e.data as DoneOf<E>;
      yield e;
    }
  }

  /** Text deltas only, as they come. */
  async *textDeltas(): AsyncGenerator<string> {
    for await (const e of this) if (e.event === "token") yield (e.data as { delta: string }).delta;
  }

  /** Reads the rest of the stream and returns the `done` event's data (the recorded turn). */
  async finalResponse(): Promise<DoneOf<E>> {
    if (!this.done) for await (const _ of this);
    if (!this.done) throw new PersonRunError("The stream ended without a done event");
    return this.done;
  }
}

/** A prompt's event stream (`ready`, `token`..., `done`). */
export class PromptStream extends TurnStream<PromptStreamEvent> {}

export type WidgetStreamEvent = EventOf<"streamWidgetPrompt">;
/** The widget's stream: `ready`, `token`..., then `done` or `blocked` (the tenant's refusal message). */
export class WidgetStream extends TurnStream<WidgetStreamEvent> {}

/**
 * The embed widget's endpoints (docs/widget.md). They take a publishable key (`pk_live_…`) and the page's
 * Origin, which must be one the key allows: a browser sends it by itself; a server-side caller (a test, a
 * proxy) passes it as `origin`.
 */
export class Widget extends APIResource {
  /** `GET /widget/v1/config`: what the widget shows of a persona the key lists, and the theme defaults. */
  config(personaId: string, opts: { origin?: string } = {}, options?: RequestOptions) {
    return this.call("getWidgetConfig", { query: { personaId } }, withOrigin(options, opts.origin));
  }
  /** `POST /widget/v1/prompt`: a message to the persona, the answer streamed. */
  async stream(
    body: BodyOf<"streamWidgetPrompt">,
    opts: { origin?: string } = {},
    options?: RequestOptions,
  ): Promise<WidgetStream> {
    return new WidgetStream(await this.sse("streamWidgetPrompt", { body }, withOrigin(options, opts.origin)));
  }
}

const withOrigin = (options: RequestOptions | undefined, origin: string | undefined): RequestOptions =>
  origin ? { ...options, headers: { ...options?.headers, origin } } : (options ?? {});

/** Prompting a persona (SPEC §6): sync, async (a job) or streamed. */
export class Prompts extends APIResource {
  /** `POST /personas/prompt` (sync): the persona's answer. */
  create(body: BodyOf<"promptPersona"> & { mode?: "sync" }, options?: RequestOptions) {
    return this.call("promptPersona", { body }, options) as Promise<ResponseAt<"promptPersona", 200>>;
  }
  /** `POST /personas/prompt` with `mode: "async"`: a job to poll with `jobs.retrieve` or `jobs.poll`. */
  createAsync(body: Omit<BodyOf<"promptPersona">, "mode">, options?: RequestOptions) {
    return this.core.request<ResponseAt<"promptPersona", 202>>(
      "promptPersona",
      { body: { ...body, mode: "async" } },
      options,
    );
  }
  /** `POST /personas/prompt/stream`: the answer as typed events (`ready`, `token`..., `done`). */
  async stream(body: BodyOf<"streamPersonaPrompt">, options?: RequestOptions): Promise<PromptStream> {
    return new PromptStream(await this.sse("streamPersonaPrompt", { body }, options));
  }
}

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

/** Async prompt jobs. */
export class Jobs extends APIResource {
  retrieve(jobId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getPromptJob", { path: { jobId }, query }, options);
  }
  cancel(jobId: string, body: BodyOf<"cancelPromptJob"> = {}, options?: RequestOptions) {
    return this.call("cancelPromptJob", { path: { jobId }, body }, options);
  }
  /**
   * Polls the job until it succeeded, failed or was cancelled, and returns it. A failed job is returned,
   * not thrown: read `job.error`.
   */
  async poll(
    jobId: string,
    opts: { intervalMs?: number; timeoutMs?: number; signal?: AbortSignal } & Tenant = {},
  ): Promise<PromptJob> {
    const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
    for (;;) {
      const query = opts.tenantId ? { tenantId: opts.tenantId } : {};
      const { job } = await this.retrieve(jobId, query, { signal: opts.signal });
      if (TERMINAL.has(job.status)) return job;
      if (Date.now() > deadline)
        throw new PersonRunError(`Job ${jobId} is still ${job.status} after the poll's timeout`);
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
    }
  }
}

/** Prompt sessions (conversations with one persona). */
export class Sessions extends APIResource {
  list(query: QueryOf<"listPromptSessions"> = {}, options?: RequestOptions) {
    return this.page("listPromptSessions", { query }, options);
  }
  /** A session with its turns. */
  retrieve(sessionId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getPromptSession", { path: { sessionId }, query }, options);
  }
}

/** The tenant's safety policy (SPEC §7). */
export class SafetyPolicy extends APIResource {
  /** The policy, or the defaults when none is set. */
  retrieve(query: Tenant = {}, options?: RequestOptions) {
    return this.call("getSafetyPolicy", { query }, options);
  }
  /** Replaces the whole policy. */
  set(body: BodyOf<"setSafetyPolicy">, options?: RequestOptions) {
    return this.call("setSafetyPolicy", { body }, options);
  }
  /** Removes the policy (the defaults apply again). */
  delete(tenantId?: string, options?: RequestOptions) {
    return this.call("deleteSafetyPolicy", tenantId ? { path: { tenantId } } : {}, options);
  }
}
