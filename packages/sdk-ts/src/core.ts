/**
 * The one core request of the SDK: every resource method goes through `Core.request()`, which builds the
 * URL from the generated operation table, places `tenantId` where the route wants it, authenticates,
 * times out, retries with backoff and jitter, and turns error responses into typed errors.
 */
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  type ErrorBody,
  errorFor,
  PersonRunError,
} from "./errors.js";
import { OPERATIONS, type OperationId } from "./generated/operations.js";

export const VERSION = "0.1.0";

export interface ClientOptions {
  /** API key (`pr_live_...`). @default process.env.PERSON_API_KEY ?? process.env.PERSON_RUN_API_KEY */
  apiKey?: string;
  /** Server root, no trailing path. @default process.env.PERSON_RUN_BASE_URL ?? "http://localhost:8080" */
  baseURL?: string;
  /** Tenant every request acts on; may be left out when the key belongs to one tenant. */
  tenantId?: string;
  /** Milliseconds before an attempt is abandoned (and retried). @default 60000 */
  timeout?: number;
  /** Retries after the first attempt, on 408, 409 (request in progress), 429, 5xx and network errors. @default 2 */
  maxRetries?: number;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string>;
  /** A fetch implementation. @default globalThis.fetch */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  /** Cancels the request (and a stream being read). */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this request, in milliseconds. */
  timeout?: number;
  /** Overrides the client's maxRetries for this request. */
  maxRetries?: number;
  /** The POST's Idempotency-Key. @default one new key per call, the same across its retries */
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

export interface OperationInput {
  path?: Record<string, string | number>;
  query?: object;
  body?: object;
}

const env = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name] || undefined;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

function uuid(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (ch) => {
    const r = (Math.random() * 16) | 0;
    return (ch === "x" ? r : (r & 0x3) | 0x8).toString(16);
  });
}

/** Seconds or an HTTP date in Retry-After (or milliseconds in retry-after-ms), if sane (0-60 s). */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.has("retry-after-ms") && Number.isFinite(ms) && ms >= 0 && ms <= 60_000) return ms;
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = Number(value);
  const wait = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isFinite(wait) && wait >= 0 && wait <= 60_000 ? wait : undefined;
}

/** Exponential backoff from 0.5 s, at most 8 s, less up to 25 % jitter so clients do not retry in step. */
export function backoffMs(retry: number): number {
  return Math.min(500 * 2 ** retry, 8000) * (1 - Math.random() * 0.25);
}

function shouldRetry(status: number, headers: Headers, body: ErrorBody | undefined): boolean {
  const hint = headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  if (status === 408 || status === 429 || status >= 500) return true;
  // Another attempt with the same Idempotency-Key is still running: wait for it and get its response.
  return status === 409 && body?.code === "idempotency_conflict" && headers.has("retry-after");
}

export class Core {
  readonly apiKey: string;
  readonly baseURL: string;
  readonly tenantId: string | undefined;
  readonly timeout: number;
  readonly maxRetries: number;
  private readonly defaultHeaders: Record<string, string>;
  private readonly fetchImpl: typeof fetch;

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? env("PERSON_API_KEY") ?? env("PERSON_RUN_API_KEY");
    if (!apiKey) {
      throw new PersonRunError("No API key: pass { apiKey } or set PERSON_API_KEY");
    }
    this.apiKey = apiKey;
    this.baseURL = (options.baseURL ?? env("PERSON_RUN_BASE_URL") ?? "http://localhost:8080").replace(/\/+$/, "");
    this.tenantId = options.tenantId;
    this.timeout = options.timeout ?? 60_000;
    this.maxRetries = options.maxRetries ?? 2;
    this.defaultHeaders = options.defaultHeaders ?? {};
    const f = options.fetch ?? globalThis.fetch;
    if (!f) throw new PersonRunError("No global fetch: pass { fetch } (Node >= 18 has one)");
    this.fetchImpl = f.bind(globalThis);
  }

  /** The URL and init of one operation, `tenantId` in place. */
  private build(op: OperationId, input: OperationInput): { url: string; method: string; body?: string } {
    const info = OPERATIONS[op];
    const tenantId = this.tenantId;
    const pathParams: Record<string, string | number | undefined> = { ...input.path };
    if (info.tenantIn === "path" && pathParams.tenantId === undefined) pathParams.tenantId = tenantId;
    const path = info.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = pathParams[name];
      if (v === undefined || v === "") throw new PersonRunError(`Missing path parameter ${name} for ${op}`);
      // Model slugs contain "/": the route takes them as they are.
      return name === "slug" ? String(v).split("/").map(encodeURIComponent).join("/") : encodeURIComponent(String(v));
    });
    const query = { ...(input.query as Record<string, unknown> | undefined) };
    if (info.tenantIn === "query" && query.tenantId === undefined && tenantId) query.tenantId = tenantId;
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null) continue;
      for (const item of Array.isArray(v) ? v : [v]) search.append(k, String(item));
    }
    const qs = search.toString();
    const url = `${this.baseURL}${path}${qs ? `?${qs}` : ""}`;
    if (info.method === "GET" || info.method === "DELETE") return { url, method: info.method };
    const body: Record<string, unknown> = { ...(input.body as Record<string, unknown> | undefined) };
    if (info.tenantIn === "body" && body.tenantId === undefined && tenantId) body.tenantId = tenantId;
    return { url, method: info.method, body: JSON.stringify(body) };
  }

  /**
   * Sends one operation and returns its response once it succeeded (status < 400), after retries.
   * The caller reads the body (`json`, `text`) or consumes it as a stream.
   */
  async fetchOperation(op: OperationId, input: OperationInput = {}, options: RequestOptions = {}): Promise<Response> {
    const { url, method, body } = this.build(op, input);
    const headers: Record<string, string> = {
      accept: OPERATIONS[op].response === "sse" ? "text/event-stream" : "application/json",
      // Only headers the server's CORS policy allows, so that the client works from a browser page too.
      "x-api-key": this.apiKey,
      ...this.defaultHeaders,
      ...options.headers,
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    // One key per logical POST, the same on each retry: the server replays the first success.
    if (method === "POST") headers["idempotency-key"] = options.idempotencyKey ?? `sdk-${uuid()}`;
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const timeout = options.timeout ?? this.timeout;
    const streaming = OPERATIONS[op].response === "sse";

    for (let retry = 0; ; retry++) {
      if (options.signal?.aborted) throw new APIUserAbortError();
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      options.signal?.addEventListener("abort", onAbort, { once: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeout);
      const cleanup = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
      };
      let res: Response;
      try {
        res = await this.fetchImpl(url, { method, headers, body, signal: controller.signal });
      } catch (err) {
        cleanup();
        if (options.signal?.aborted) throw new APIUserAbortError();
        if (retry < maxRetries) {
          await sleep(backoffMs(retry), options.signal);
          continue;
        }
        throw timedOut ? new APITimeoutError() : new APIConnectionError(undefined, { cause: err });
      }
      if (res.ok) {
        if (streaming) {
          // The timeout bounds the wait for the response, not how long a stream may last;
          // the caller's signal still stops it.
          clearTimeout(timer);
          return res;
        }
        // Buffer the body within the timeout, then hand it over.
        try {
          const bytes = await res.arrayBuffer();
          const empty = res.status === 204 || res.status === 205;
          const buffered = new Response(empty ? null : bytes, { status: res.status, headers: res.headers });
          cleanup();
          return buffered;
        } catch (err) {
          cleanup();
          if (options.signal?.aborted) throw new APIUserAbortError();
          if (retry < maxRetries) {
            await sleep(backoffMs(retry), options.signal);
            continue;
          }
          throw timedOut ? new APITimeoutError() : new APIConnectionError(undefined, { cause: err });
        }
      }
      let errBody: ErrorBody | undefined;
      try {
        const text = await res.text();
        errBody = text ? (JSON.parse(text) as ErrorBody) : undefined;
      } catch {
        errBody = undefined;
      }
      cleanup();
      if (retry < maxRetries && shouldRetry(res.status, res.headers, errBody)) {
        await sleep(retryAfterMs(res.headers) ?? backoffMs(retry), options.signal);
        continue;
      }
      throw errorFor(res.status, errBody, res.headers);
    }
  }

  /** Sends one operation and returns its JSON body. */
  async request<T>(op: OperationId, input: OperationInput = {}, options: RequestOptions = {}): Promise<T> {
    const res = await this.fetchOperation(op, input, options);
    return (await res.json()) as T;
  }

  /** Sends one operation and returns its body as text (CSV, NDJSON). */
  async requestText(op: OperationId, input: OperationInput = {}, options: RequestOptions = {}): Promise<string> {
    const res = await this.fetchOperation(op, input, options);
    return res.text();
  }
}
