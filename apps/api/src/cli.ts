import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { DataDirError } from "./db/lock.ts";
import { migrate } from "./db/migrate.ts";
import { ApiError } from "./errors.ts";
import { createLogger } from "./logger.ts";
import { CreateCalibrationBody } from "./modules/calibrations/index.ts";
import { buildRuntime, logModelNotes, openDatabase, type Runtime, startMetricsServer, startServer } from "./server.ts";
import { KEY_PROFILES, type KeyProfile } from "./shared/permissions.ts";

const USAGE = `person-run <command>

  serve                                  start the API server with job workers (migrates, bootstraps on first start)
  worker                                 run job workers only (server mode, DATABASE_URL; scale out with more)
                                         with METRICS_PORT, serves GET /metrics on that port
  migrate                                apply database migrations and exit
  tenants create <id> [--name NAME]      create a tenant and print its owner key (once)
  tenants list
  keys create --tenant ID [--name NAME] [--profile full|editor|prompt-only|read-only] [--expires ISO-8601]
  keys create --instance-admin [--tenant ID] [--name NAME]
                                         a new instance-admin key (profile full), e.g. after the last one was
                                         revoked; --tenant defaults to PERSON_RUN_BOOTSTRAP_TENANT
  keys list --tenant ID
  keys revoke <keyId> --tenant ID
  models sync                            read the AI Gateway's model list (AI_GATEWAY_API_KEY) and the local
                                         OpenAI-compatible server's (OPENAI_COMPATIBLE_BASE_URL) into the catalog
                                         now (docs/models.md); prints a report per source, exits 1 if one failed
  calibrate --model SLUG [--items ID,ID] [--size N] [--seed N] [--max-concurrency N] [--tenant ID]
                                         calibrate a model against the GSS 2024 (docs/calibration.md): runs
                                         in-process with workers, progress on stderr, the report JSON on stdout;
                                         --tenant defaults to PERSON_RUN_BOOTSTRAP_TENANT, --items to all 30,
                                         --size to 2000

Configuration comes from the environment: PORT, HOST, DATA_DIR, DATABASE_URL, LOG_LEVEL, ...
(see docs/deployment.md). Commands other than serve need the embedded database to be free:
stop the server first, or use the HTTP API (/tenants, /keys) while it runs.
Only serve and migrate create a new embedded database; worker, tenants, keys, models and calibrate refuse a DATA_DIR
that holds none (a mistyped path) unless given --create. Every command says which database it opened.`;

class UsageError extends Error {}

/** Which database a command opened, on stderr (stdout carries the commands' JSON). */
function sayWhichDatabase(config: Config) {
  let where: string;
  if (config.databaseUrl) {
    // Host and database name only: the URL may carry a password.
    const url = URL.canParse(config.databaseUrl) ? new URL(config.databaseUrl) : null;
    where = url ? `PostgreSQL at ${url.host}${url.pathname}` : "PostgreSQL (DATABASE_URL)";
  } else where = `the embedded database in ${config.dataDir}`;
  process.stderr.write(`person-run: using ${where}\n`);
}

/**
 * `worker`, `tenants` and `keys` on an embedded data directory that holds no database: a mistyped or unset
 * DATA_DIR would otherwise create an empty database silently (and, for keys, mint a key nobody's server reads).
 */
function requireExistingDatabase(config: Config, command: string, create: boolean) {
  if (config.databaseUrl || create) return;
  if (existsSync(path.join(config.dataDir, "PG_VERSION"))) return;
  throw new DataDirError(
    config.dataDir,
    `no person.run database at ${config.dataDir}; start the server once with DATA_DIR=${config.dataDir}, ` +
      `or pass --create to create an empty one for \`${command}\``,
  );
}

async function withServices<T>(config: Config, fn: (rt: Runtime) => Promise<T>) {
  const quiet = { ...config, logLevel: config.logLevel === "info" ? ("warn" as const) : config.logLevel };
  const runtime = await buildRuntime(quiet, { workers: false });
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

/** Graceful stop on SIGINT/SIGTERM: finish running jobs, flush events, close the database. */
function stopOnSignals(running: Runtime) {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.ctx.logger.info({ signal }, "shutting down");
    running.close().then(
      () => process.exit(0),
      (err) => {
        running.ctx.logger.error({ err }, "error while shutting down");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

const print = (v: unknown) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      tenant: { type: "string" },
      profile: { type: "string" },
      expires: { type: "string" },
      "instance-admin": { type: "boolean" },
      create: { type: "boolean" },
      model: { type: "string" },
      items: { type: "string" },
      size: { type: "string" },
      seed: { type: "string" },
      "max-concurrency": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig();
  if (["worker", "tenants", "keys", "models", "calibrate"].includes(command)) {
    requireExistingDatabase(config, command, values.create === true);
  }
  if (["serve", "worker", "migrate", "tenants", "keys", "models", "calibrate"].includes(command))
    sayWhichDatabase(config);

  switch (command) {
    case "serve": {
      stopOnSignals(await startServer(config));
      return;
    }
    case "worker": {
      const runtime = await buildRuntime(config, { workers: true });
      runtime.ctx.logger.info({ database: runtime.ctx.database.driver }, "person.run worker started");
      logModelNotes(runtime.ctx);
      if (config.metricsPort === undefined) {
        stopOnSignals(runtime);
        return;
      }
      const metrics = await startMetricsServer(runtime.ctx, config.metricsPort);
      stopOnSignals({
        ...runtime,
        async close() {
          await metrics.close();
          await runtime.close();
        },
      });
      return;
    }
    case "migrate": {
      const logger = createLogger(config);
      const { database, lock } = await openDatabase(config);
      try {
        const applied = await migrate(database);
        logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : "database is up to date");
      } finally {
        await database.close();
        lock?.release();
      }
      return;
    }
    case "tenants":
      return withServices(config, async ({ ctx }) => {
        if (sub === "create") {
          if (!arg) throw new UsageError("tenants create needs an id");
          if (!/^[A-Za-z0-9_-]{1,128}$/.test(arg))
            throw new UsageError("a tenant id is 1-128 characters of A-Z a-z 0-9 _ -");
          print(await ctx.access.createTenant({ id: arg, name: values.name }, null));
        } else if (sub === "list") {
          print((await ctx.access.listTenants({ limit: 200 })).items);
        } else throw new UsageError(`unknown command: tenants ${sub ?? ""}`);
      });
    case "keys":
      return withServices(config, async ({ ctx }) => {
        const instanceAdmin = values["instance-admin"] === true;
        if (instanceAdmin && sub !== "create") throw new UsageError("--instance-admin goes with keys create");
        // The instance admin's home is the bootstrap tenant unless told otherwise.
        const tenant = values.tenant ?? (instanceAdmin ? config.bootstrapTenant : undefined);
        if (!tenant) throw new UsageError("keys commands need --tenant ID");
        await ctx.access.getTenant(tenant);
        if (sub === "create") {
          const profile = (values.profile ?? "full") as KeyProfile;
          if (!KEY_PROFILES.includes(profile))
            throw new UsageError(`--profile must be one of ${KEY_PROFILES.join(", ")}`);
          if (instanceAdmin && profile !== "full") throw new UsageError("an instance-admin key has profile full");
          const expiresAt = values.expires ? new Date(values.expires) : null;
          if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())) {
            throw new UsageError("--expires must be an ISO-8601 time in the future");
          }
          // Direct database access on the server's machine: this works even when no instance admin is left.
          const name = values.name ?? (instanceAdmin ? "CLI instance admin key" : "CLI key");
          print(await ctx.access.createKey(tenant, { name, profile, expiresAt }, { instanceAdmin }));
        } else if (sub === "list") {
          print((await ctx.access.listKeys(tenant, { limit: 200 })).items);
        } else if (sub === "revoke") {
          if (!arg) throw new UsageError("keys revoke needs a key id");
          print(await ctx.access.revokeKey(tenant, arg, { byInstanceAdmin: true }));
        } else throw new UsageError(`unknown command: keys ${sub ?? ""}`);
      });
    case "models":
      if (sub !== "sync") throw new UsageError(`unknown command: models ${sub ?? ""}`);
      return withServices(config, async ({ ctx }) => {
        if (ctx.models.sources().length === 0) {
          process.stderr.write(
            "person-run: nothing to sync: set AI_GATEWAY_API_KEY or OPENAI_COMPATIBLE_BASE_URL (the snapshot needs none)\n",
          );
          return;
        }
        const reports = await ctx.models.sync();
        print(reports);
        if (reports.some((r) => !r.ok)) process.exitCode = 1;
      });
    case "calibrate":
      return calibrate(config, values);
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

const integerOption = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number`);
  return Number(raw);
};

/**
 * `person-run calibrate`: the calibration of `POST /calibrations`, run in this process with workers (as
 * `serve` runs them), followed until it ends; progress on stderr, the report JSON on stdout. Interrupted, the
 * run stays in the database and resumes when a server or worker starts on it.
 */
async function calibrate(
  config: Config,
  values: {
    model?: string;
    items?: string;
    size?: string;
    seed?: string;
    tenant?: string;
    "max-concurrency"?: string;
  },
) {
  if (!values.model) throw new UsageError("calibrate needs --model SLUG (e.g. --model openai/gpt-4.1-mini)");
  const parsed = CreateCalibrationBody.safeParse({
    model: values.model,
    ...(values.items
      ? {
          items: values.items
            .split(",")
            .map((i) => i.trim())
            .filter(Boolean),
        }
      : {}),
    size: integerOption("size", values.size),
    seed: integerOption("seed", values.seed),
    maxConcurrency: integerOption("max-concurrency", values["max-concurrency"]),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = { maxConcurrency: "max-concurrency" }[String(issue?.path[0])] ?? String(issue?.path[0] ?? "");
    throw new UsageError(`--${flag}: ${issue?.message ?? "invalid"}`);
  }
  const tenantId = values.tenant ?? config.bootstrapTenant;
  const quiet = { ...config, logLevel: config.logLevel === "info" ? ("warn" as const) : config.logLevel };
  const runtime = await buildRuntime(quiet, { workers: true });
  const say = (line: string) => process.stderr.write(`person-run: ${line}\n`);
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  try {
    const { ctx } = runtime;
    await ctx.access.getTenant(tenantId).catch(() => {
      throw new ApiError(
        "not_found",
        `no tenant ${tenantId}: create it with \`person-run tenants create ${tenantId}\`, or pass --tenant ID`,
      );
    });
    const { calibration } = await ctx.calibrations.start({ tenantId, apiKeyId: null, requestId: null }, parsed.data);
    say(
      `calibration ${calibration.id} of ${calibration.model}: ${calibration.items.length} items, ${calibration.size} members (run ${calibration.runId})`,
    );
    let last = "";
    for (;;) {
      const run = await ctx.runs.get(tenantId, calibration.runId);
      const { children } = run;
      const now = await ctx.calibrations.get(tenantId, calibration.id);
      // While the population generates, its own progress (the calibration's one child run does the work).
      const population =
        now.stage === "population" && now.populationId
          ? await ctx.populations.get(tenantId, now.populationId).catch(() => null)
          : null;
      const line = `${run.state}${run.progress?.message ? `: ${run.progress.message}` : ""}${
        population
          ? ` (${population.generated}/${population.size} personas)`
          : children.total > 0
            ? ` (${children.succeeded + children.failed + children.cancelled}/${children.total} child runs)`
            : ""
      }`;
      if (line !== last) say(line);
      last = line;
      if (run.state === "succeeded" || run.state === "failed" || run.state === "cancelled") {
        if (run.state !== "succeeded") {
          throw new ApiError(
            "internal_error",
            `the calibration ${run.state}: ${run.error?.error ?? "no reason given"}`,
          );
        }
        break;
      }
      if (interrupted) {
        say(`interrupted: run ${calibration.runId} stays queued and resumes when a server or worker starts here`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const done = await ctx.calibrations.get(tenantId, calibration.id);
    say(`calibration ${done.id} done`);
    print(done.report);
  } finally {
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
    await runtime.close();
  }
}

/**
 * An unexpected failure as text. Not everything thrown is an Error: the embedded database throws plain
 * objects (`{ name: "ErrnoError", errno: 2 }`), which `String()` prints as "[object Object]".
 */
function describeFailure(err: unknown): string {
  if (err instanceof Error) return err.stack ?? err.message;
  if (err && typeof err === "object") {
    const { message, name, errno } = err as { message?: unknown; name?: unknown; errno?: unknown };
    if (typeof message === "string" && message) return message;
    const what = typeof name === "string" ? name : "error";
    return `${what}${errno !== undefined ? ` (errno ${String(errno)})` : ""}: ${JSON.stringify(err)}`;
  }
  return String(err);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`person-run: ${err.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (err instanceof ConfigError || err instanceof DataDirError) {
    process.stderr.write(`person-run: ${err.message}\n`);
    process.exit(1);
  }
  if (err instanceof ApiError) {
    process.stderr.write(`person-run: ${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`person-run: ${describeFailure(err)}\n`);
  process.exit(1);
});
