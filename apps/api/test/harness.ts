import { readFile } from "node:fs/promises";
import { type AddressInfo, createServer } from "node:net";
import { Writable } from "node:stream";
import { serve } from "@hono/node-server";
import type { OpenAPIHono } from "@hono/zod-openapi";
import pino from "pino";
import { type Config, loadConfig } from "../src/config.ts";
import type { AppContext } from "../src/context.ts";
import { type Database, openPglite, openPostgres } from "../src/db/client.ts";
import { createApp } from "../src/http/app.ts";
import type { AppEnv } from "../src/http/types.ts";
import { randomBase62 } from "../src/ids.ts";
import { createLogger } from "../src/logger.ts";
import type { ModuleManifest } from "../src/modules/manifest.ts";
import { buildRuntime } from "../src/server.ts";

/**
 * One server per test file, on a real socket, over a real database: the embedded PGlite restored from
 * the migrated template, or PostgreSQL when DATABASE_URL is set. Each test makes its own tenant.
 */
export interface TestServer {
  url: string;
  /** The environment the server was configured from (reuse it for extra runtimes on the same data). */
  env: Record<string, string>;
  ctx: AppContext;
  app: OpenAPIHono<AppEnv>;
  /** Instance admin key (may create tenants). */
  adminKey: string;
  request(method: string, path: string, opts?: RequestOptions): Promise<TestResponse>;
  /** A new tenant (through POST /tenants) and its owner key. */
  newTenant(): Promise<{ tenantId: string; key: string }>;
  close(): Promise<void>;
}

export interface RequestOptions {
  key?: string | null;
  body?: unknown;
  /** Sent as is (for malformed bodies). */
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON and parse it with route schemas
  body: any;
  text: string;
}

export async function openTestDatabase(): Promise<Database> {
  if (process.env.DATABASE_URL) return openPostgres(process.env.DATABASE_URL, 4);
  const template = process.env.PERSON_RUN_TEST_TEMPLATE;
  if (!template) throw new Error("global setup did not run (PERSON_RUN_TEST_TEMPLATE is unset)");
  return openPglite({ loadDataDir: new Blob([await readFile(template)]) });
}

/** A TCP port free on 127.0.0.1 now (for a child server process). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });

export const uniqueTenantId = (label = "t") => `${label}-${randomBase62(12)}`;

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: "silent", PORT: "0", DATA_DIR: "/tmp/person-run-unused", ...overrides });
}

/**
 * A clock a test can move: real time plus an offset, so timers and everything else keep running while
 * a test jumps past an expiry instead of sleeping until it.
 */
export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
  reset(): void;
}

export function testClock(): TestClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms) {
      offset += ms;
    },
    reset() {
      offset = 0;
    },
  };
}

/**
 * Waits for a state instead of sleeping a guessed time: polls `probe` every `intervalMs` until it returns
 * a truthy value (which it returns), and throws naming `what` (and the last value seen) at `timeoutMs`.
 * The bound only catches a hang; it is generous so that a slow, busy machine never hits it.
 */
export async function until<T>(
  probe: () => T | Promise<T>,
  opts: { what: string; timeoutMs?: number; intervalMs?: number },
): Promise<NonNullable<T>> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
  const seen = JSON.stringify(last)?.slice(0, 300);
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${opts.what} (last seen: ${seen})`);
}

/**
 * The server's own logger (log context on every line, redaction) writing JSON lines to memory instead of
 * stdout: pass `logger` to `startTestServer` and read what was logged with `lines()`.
 */
export function captureLogs(level: Config["logLevel"] = "debug") {
  const captured: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      captured.push(String(chunk));
      cb();
    },
  });
  return {
    logger: createLogger({ logLevel: level, logFormat: "json" }, sink),
    /** Every line so far, parsed. */
    // biome-ignore lint/suspicious/noExplicitAny: log lines are arbitrary JSON that tests pick fields from
    lines: (): Record<string, any>[] =>
      captured
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    /** The raw text so far. */
    text: () => captured.join(""),
  };
}

/** Generous bound for a test that boots a second database, runtime or process (a bound on a hang). */
export const BOOT_TIMEOUT_MS = 120_000;

export async function startTestServer(
  opts: {
    env?: Record<string, string>;
    logger?: pino.Logger;
    clock?: TestClock;
    /** The server's modules (default: the registry's); a test adds its own with `[...MODULES, mine]`. */
    modules?: readonly ModuleManifest[];
    /** A database to serve (a restart on the same data); the caller closes it. Default: a fresh one. */
    database?: Database;
  } = {},
): Promise<TestServer> {
  const database = opts.database ?? (await openTestDatabase());
  // On a shared PostgreSQL each test file gets its own queue schema, so no other file's workers take
  // its jobs (on PGlite each file has its own database anyway).
  const env = {
    ...(process.env.DATABASE_URL ? { JOB_QUEUE_SCHEMA: `pgboss_${randomBase62(10).toLowerCase()}` } : {}),
    ...opts.env,
  };
  const config = testConfig(env);
  const runtime = await buildRuntime(config, {
    database,
    logger: opts.logger ?? pino({ level: "silent" }),
    now: opts.clock?.now,
    modules: opts.modules,
  });
  const { ctx } = runtime;
  const app = createApp(ctx);
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const adminTenant = uniqueTenantId("admin");
  await ctx.access.createTenant({ id: adminTenant }, null);
  const { secret: adminKey } = await ctx.access.createKey(
    adminTenant,
    { name: "test instance admin", profile: "full" },
    { instanceAdmin: true },
  );

  const request = async (method: string, path: string, o: RequestOptions = {}): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.key) headers["x-api-key"] = o.key;
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers["content-type"] ??= "application/json";
    }
    const qs = o.query
      ? `?${new URLSearchParams(
          Object.entries(o.query)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, String(v)] as [string, string]),
        )}`
      : "";
    const res = await fetch(`${url}${path}${qs}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: res.status, headers: res.headers, body: parsed, text };
  };

  return {
    url,
    env,
    ctx,
    app,
    adminKey,
    request,
    async newTenant() {
      const tenantId = uniqueTenantId();
      const res = await request("POST", "/tenants", { key: adminKey, body: { id: tenantId } });
      if (res.status !== 201) throw new Error(`could not create tenant: ${res.status} ${res.text}`);
      return { tenantId, key: res.body.secret as string };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
      if (!opts.database) await database.close();
    },
  };
}

export const seed = (over: Record<string, unknown> = {}) => ({
  firstName: "Aria",
  lastName: "Chen",
  age: 32,
  location: "San Francisco",
  baseOccupation: "Product designer",
  ...over,
});
