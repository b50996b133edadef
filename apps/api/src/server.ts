import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import { bannerText, modelWarnings, SIMULATOR_NOTICE } from "./banner.ts";
import { cacheModeFor, createCacheProvider } from "./cache.ts";
import type { Config } from "./config.ts";
import type { AppContext } from "./context.ts";
import { type Database, openPglite, openPostgres } from "./db/client.ts";
import { type DataDirLock, lockDataDir } from "./db/lock.ts";
import { migrate } from "./db/migrate.ts";
import { createApp, createMetricsApp } from "./http/app.ts";
import type { JobCatalog } from "./jobs/catalog.ts";
import { JobQueue } from "./jobs/queue.ts";
import { SIMULATOR_SLUG } from "./llm/catalog.ts";
import { LlmClient } from "./llm/client.ts";
import { ModelRegistry } from "./llm/registry.ts";
import { createLogger, type Logger } from "./logger.ts";
import { Metrics } from "./metrics.ts";
import { creationOrder, jobCatalog, jobHandlers, type ModuleManifest } from "./modules/manifest.ts";
import { MODULES } from "./modules/registry.ts";
import { VERSION } from "./version.ts";

export interface OpenedDatabase {
  database: Database;
  lock?: DataDirLock;
}

/** PostgreSQL when DATABASE_URL is set; else the embedded PGlite under DATA_DIR, behind its lock file. */
export async function openDatabase(config: Config, opts: { database?: Database } = {}): Promise<OpenedDatabase> {
  if (opts.database) return { database: opts.database };
  if (config.databaseUrl)
    return {
      database: await openPostgres(config.databaseUrl, {
        poolSize: config.databasePoolSize,
        preparedStatements: config.databasePreparedStatements,
      }),
    };
  const lock = lockDataDir(config.dataDir);
  try {
    return { database: await openPglite({ dataDir: config.dataDir }), lock };
  } catch (err) {
    lock.release();
    throw err;
  }
}

export interface Runtime {
  ctx: AppContext;
  close(): Promise<void>;
}

/**
 * Builds the services over an open database (migrated here). Tests call it with their own database, a
 * clock they can move (key expiry, periods, retention) instead of sleeping, or extra `modules`.
 */
export async function buildRuntime(
  config: Config,
  opts: {
    database?: Database;
    logger?: Logger;
    workers?: boolean;
    now?: () => Date;
    modules?: readonly ModuleManifest[];
  } = {},
): Promise<Runtime> {
  const modules = opts.modules ?? MODULES;
  const logger = opts.logger ?? createLogger(config);
  // Before the database opens: a DEFAULT_MODEL that cannot be resolved stops the boot cleanly.
  const registry = new ModelRegistry(config.llm);
  const { database, lock } = await openDatabase(config, opts);
  try {
    await migrate(database);
  } catch (err) {
    await database.close();
    lock?.release();
    throw err;
  }
  const metrics = new Metrics({ version: VERSION, database: database.driver });
  const jobs = new JobQueue(database, logger, {
    workers: opts.workers ?? config.workers,
    pollingIntervalSeconds: config.jobPollIntervalSeconds,
    schema: config.jobQueueSchema,
    catalog: withRunConcurrency(jobCatalog(modules), config.runs.concurrency),
    metrics,
  });
  metrics.readQueueDepthFrom(async () => (await jobs.health()).queues);
  // Tests pass a clock they can move (key expiry, periods, retention, cache lifetimes) instead of sleeping.
  const clock = opts.now;
  // Filled module by module: each manifest's `create` sees the services of the modules it depends on.
  const ctx = {
    config,
    database,
    cache: createCacheProvider(cacheModeFor(config.cacheMode, database), clock && (() => clock().getTime())),
    logger,
    metrics,
    llm: new LlmClient(registry, config.llm, logger, metrics),
    jobs,
    now: opts.now ?? (() => new Date()),
    modules,
    startedAt: new Date(),
    version: VERSION,
  } as AppContext;
  try {
    for (const m of creationOrder(modules)) Object.assign(ctx, m.create?.(ctx));
    for (const m of modules) m.ready?.(ctx);
    await jobs.start(jobHandlers(ctx));
    // Work left running by a process that died. Embedded, this process owns the database (its lock
    // file), so every running attempt is an orphan; on PostgreSQL only those whose lease went stale.
    if (opts.workers ?? config.workers) {
      for (const m of modules) await m.startWorkers?.(ctx, Boolean(lock));
    }
  } catch (err) {
    await database.close();
    lock?.release();
    throw err;
  }
  let closed = false;
  return {
    ctx,
    async close() {
      if (closed) return;
      closed = true;
      // Attempts still running would outlast the queue's graceful stop and then write to a closed database.
      ctx.runs.abortRunning();
      await jobs.stop();
      for (const m of modules) await m.stop?.(ctx);
      if (!opts.database) await database.close();
      lock?.release();
    },
  };
}

export interface RunningServer extends Runtime {
  server: ServerType;
  port: number;
}

/**
 * Logs which model answers by default, plainly when it is the offline simulator, and a warning for each
 * provider configured without DEFAULT_MODEL (naming the variable). Returns the warnings for the banner.
 */
export function logModelNotes(ctx: AppContext): string[] {
  const { defaultSlug, fallbackSlug } = ctx.llm.registry;
  const simulator = defaultSlug === SIMULATOR_SLUG;
  ctx.logger.info(
    { defaultModel: defaultSlug, fallbackModel: fallbackSlug, simulator },
    simulator ? SIMULATOR_NOTICE : `default model: ${defaultSlug}`,
  );
  const warnings = modelWarnings(ctx.config.llm, defaultSlug);
  for (const w of warnings) ctx.logger.warn({ defaultModel: defaultSlug }, w);
  return warnings;
}

/**
 * `person-run serve`: migrate, bootstrap on first start, listen, print the banner. Tests pass their own
 * database, logger and `out` (where the banner and the first-start key go; stdout by default).
 */
export async function startServer(
  config: Config,
  opts: { logger?: Logger; database?: Database; out?: (text: string) => void } = {},
): Promise<RunningServer> {
  const out = opts.out ?? ((text: string) => void process.stdout.write(text));
  const runtime = await buildRuntime(config, opts);
  const { ctx } = runtime;
  const boot = await ctx.access.bootstrap({ tenantId: config.bootstrapTenant, secret: config.bootstrapKey });
  if (boot.secret) out(bootstrapText(boot.tenantId, boot.secret, Boolean(config.bootstrapKey)));

  const app = createApp(ctx);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  ctx.logger.info(
    {
      port,
      host: config.host,
      database: ctx.database.driver,
      cache: ctx.cache.mode,
      dataDir: ctx.database.driver === "pglite" ? config.dataDir : undefined,
    },
    `person.run ${ctx.version} listening on http://localhost:${port}`,
  );
  const warnings = logModelNotes(ctx);
  out(
    bannerText({
      version: ctx.version,
      url: `http://localhost:${port}`,
      database:
        ctx.database.driver === "pglite" ? `embedded (PGlite) in ${config.dataDir}` : "PostgreSQL (DATABASE_URL)",
      defaultSlug: ctx.llm.registry.defaultSlug,
      fallbackSlug: ctx.llm.registry.fallbackSlug,
      warnings,
    }),
  );
  return {
    ...runtime,
    server,
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}

/**
 * `person-run worker` with METRICS_PORT: a listener on HOST:port for `GET /metrics` only (docs/operations.md),
 * so the prompts, tokens and jobs a worker process handles can be scraped too.
 */
export async function startMetricsServer(
  ctx: AppContext,
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const app = createMetricsApp(ctx);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: ctx.config.host }, () => resolve(s));
    s.once("error", reject);
  });
  const bound = (server.address() as AddressInfo).port;
  ctx.logger.info({ port: bound, host: ctx.config.host }, `metrics on http://localhost:${bound}/metrics`);
  return {
    port: bound,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function bootstrapText(tenantId: string, secret: string, fromEnv: boolean): string {
  const lines = fromEnv
    ? [`person.run: first start. Created tenant "${tenantId}" with the key from PERSON_RUN_BOOTSTRAP_KEY.`]
    : [
        `person.run: first start. Created tenant "${tenantId}" and its owner API key (instance admin).`,
        "It is shown only this once; it is stored as a hash:",
        "",
        `    ${secret}`,
        "",
        `    export PERSON_API_KEY=${secret}`,
        "",
        "Sign in to the dashboard (/dashboard on this server) with it.",
      ];
  return `\n${lines.join("\n")}\n\n`;
}

/** The run queue's slots per process come from RUN_CONCURRENCY (docs/runs.md#settings). */
function withRunConcurrency(catalog: JobCatalog, concurrency: number): JobCatalog {
  const runs = catalog["runs.execute"];
  return runs ? { ...catalog, "runs.execute": { ...runs, concurrency } } : catalog;
}
