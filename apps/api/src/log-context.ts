import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What a log line is about, carried through awaits by AsyncLocalStorage so that every line written while
 * serving a request or working a job names them, whichever logger writes it (DESIGN.md §5: logs carry
 * `requestId`, `tenantId` and, inside jobs, `runId`). The pino logger reads it in its `mixin` (logger.ts).
 */
export interface LogFields {
  requestId?: string;
  tenantId?: string;
  apiKeyId?: string;
  /** The queue name of the job being worked. */
  job?: string;
  jobId?: string;
  runId?: string;
}

const storage = new AsyncLocalStorage<LogFields>();

/** The fields of the current context (a live object: copy it before keeping or changing it). */
export function logContext(): Readonly<LogFields> | undefined {
  return storage.getStore();
}

/**
 * A new object with the current context's fields, for a log line (the logger's mixin, which pino mutates).
 * Spelled out rather than spread: one fixed shape, several times cheaper than `{ ...a, ...b }` on Node 20.
 */
export function logContextCopy(): LogFields | undefined {
  const s = storage.getStore();
  if (!s) return undefined;
  return {
    requestId: s.requestId,
    tenantId: s.tenantId,
    apiKeyId: s.apiKeyId,
    job: s.job,
    jobId: s.jobId,
    runId: s.runId,
  };
}

/** Runs `fn` in a child context: the current fields plus `fields`. The caller's context is left unchanged. */
export function withLogContext<T>(fields: LogFields, fn: () => T): T {
  return storage.run(Object.assign({}, storage.getStore(), fields), fn);
}

/**
 * Runs `fn` in a new context holding only `fields`: the start of a request or of a job, which must not
 * inherit whatever context happened to start the socket, timer or poll loop it runs from.
 */
export function startLogContext<T>(fields: LogFields, fn: () => T): T {
  return storage.run({ ...fields }, fn);
}

/**
 * Runs `fn` outside any context: work started on behalf of many requests (a batched write, a timer armed
 * by whichever request came first) must not log under one of them.
 */
export function withoutLogContext<T>(fn: () => T): T {
  return storage.exit(fn);
}

/**
 * Adds fields to the current context, for the rest of it (the tenant once the key or the request names
 * it). Outside any context it does nothing: there is no context to belong to.
 */
export function setLogContext(fields: LogFields): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

/**
 * `fn` bound to the current context, for callbacks that run later from another context (a response
 * body pulled by the server after the handler returned).
 */
export function bindLogContext<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return AsyncLocalStorage.bind(fn);
}
