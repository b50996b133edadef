import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { KEY_PROFILES } from "./shared/permissions.ts";

/**
 * Configuration, parsed and validated once at boot (DESIGN.md §4). A bad value stops the process with a
 * message naming the variable. Empty strings count as unset, so `FOO= npm start` behaves like no FOO.
 */

const emptyAsUndefined = (v: unknown) => (v === "" ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
/** An integer variable; unset or empty takes the default. */
const envInt = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : Number(v)),
    z.number("must be a number").int("must be an integer").min(min).max(max).default(fallback),
  );

const serverSchema = z.object({
  /** TCP port of the HTTP server. @default 8080 */
  PORT: envInt(0, 65535, 8080),
  /** Interface to bind. @default 0.0.0.0 */
  HOST: z.preprocess(emptyAsUndefined, z.string().min(1).default("0.0.0.0")),
  /** Largest accepted request body, in bytes. @default 1 MiB */
  BODY_LIMIT_BYTES: envInt(1024, 100 * 1024 * 1024, 1024 * 1024),
  /** Public base URL, used in links the API returns. */
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
});

/** An origin as a browser sends it: `scheme://host[:port]`, lower-case, nothing after (DNS names or [IPv6]). */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(:\d{1,5})?$/;

const corsSchema = z.object({
  /**
   * Browser origins allowed to call the API from their pages: comma-separated exact origins
   * (`https://app.example.com,http://localhost:5173`) or `*`. Unset: no CORS headers at all.
   */
  CORS_ORIGINS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((raw, ctx) => {
        const origins = raw
          .split(",")
          .map((o) => o.trim().toLowerCase())
          .filter(Boolean);
        if (origins.length === 1 && origins[0] === "*") return "*" as const;
        for (const origin of origins) {
          if (ORIGIN.test(origin)) continue;
          ctx.addIssue({
            code: "custom",
            message:
              origin === "*"
                ? "`*` must stand alone"
                : `'${origin}' is not an origin: write scheme://host[:port], no path (e.g. https://app.example.com)`,
          });
          return z.NEVER;
        }
        return origins.length > 0 ? [...new Set(origins)] : undefined;
      })
      .optional(),
  ),
});

const databaseSchema = z.object({
  /** PostgreSQL connection string; when unset the embedded PGlite database under DATA_DIR is used. */
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
  ),
  /** Directory of the embedded database and lock file. @default ./.person-run/data */
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().min(1).default("./.person-run/data")),
  /** Connections in the PostgreSQL pool. @default 10 */
  DATABASE_POOL_SIZE: envInt(1, 200, 10),
  /**
   * Prepare the statements this server sends repeatedly (parsed and planned once per connection). Set
   * false behind a transaction-pooling proxy that does not keep prepared statements (PgBouncer before
   * 1.21, or without `max_prepared_statements`). @default true
   */
  DATABASE_PREPARED_STATEMENTS: z.preprocess(emptyAsUndefined, z.enum(["true", "false"]).default("true")),
  /**
   * In-process caches of rows (keys, personas, policies, balances): exclusive (this process owns the
   * database), shared (other servers write too: short TTLs) or off. @default auto: exclusive on the
   * embedded database, shared on PostgreSQL
   */
  CACHE_MODE: z.preprocess(emptyAsUndefined, z.enum(["auto", "exclusive", "shared", "off"]).default("auto")),
});

const bootstrapSchema = z.object({
  /** Tenant id created on first start. @default default */
  PERSON_RUN_BOOTSTRAP_TENANT: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,128}$/, "must be 1-128 characters of A-Z a-z 0-9 _ -")
      .default("default"),
  ),
  /** API key created on first start instead of a random one (at least 24 characters). */
  PERSON_RUN_BOOTSTRAP_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(24, "must be at least 24 characters")
      .max(256)
      .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
      .optional(),
  ),
});

const jobsSchema = z.object({
  /** Run job workers (and the scheduler) in the `serve` process. @default true */
  WORKERS: z.preprocess(emptyAsUndefined, z.enum(["true", "false"]).default("true")),
  /** PostgreSQL schema of the job queue's tables. @default pgboss */
  JOB_QUEUE_SCHEMA: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lower-case SQL identifier")
      .default("pgboss"),
  ),
  /** Seconds between polls of an idle worker (a job sent by this process wakes it at once). @default 2 */
  JOB_POLL_INTERVAL_SECONDS: z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : Number(v)),
    z.number("must be a number").min(0.5).max(60).default(2),
  ),
  /**
   * Runs at once per model across all servers, e.g. `openai/gpt-4o=4,anthropic/claude-sonnet-4-5=2`
   * (models not named: no limit). @default none
   */
  MODEL_CONCURRENCY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(
        /^\s*[^=,\s]+\s*=\s*[1-9][0-9]{0,5}\s*(,\s*[^=,\s]+\s*=\s*[1-9][0-9]{0,5}\s*)*$/,
        "must be a comma-separated list of model=limit (limit a positive integer)",
      )
      .optional(),
  ),
  /**
   * Runs one worker process executes at once (the slots of its run queue poller): a study's `maxConcurrency`
   * above this needs more processes or a higher value. @default 16
   */
  RUN_CONCURRENCY: z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : Number(v)),
    z.number("must be a number").int("must be a whole number").min(1).max(512).default(16),
  ),
  /** A running run whose worker has not heartbeaten for this long is an orphan (recovered). @default 60 */
  RUN_STALE_SECONDS: z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : Number(v)),
    z.number("must be a number").min(2).max(3600).default(60),
  ),
  /** Milliseconds between the scheduler's looks for due schedules in a worker process. @default 1000 */
  SCHEDULER_TICK_MS: z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : Number(v)),
    z.number("must be a number").int("must be a whole number").min(50).max(60_000).default(1000),
  ),
  /** A schedule's fire later than this many seconds (downtime) is missed: its missedRunPolicy applies. @default 60 */
  SCHEDULE_GRACE_SECONDS: z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : Number(v)),
    z.number("must be a number").min(1).max(86_400).default(60),
  ),
  /**
   * Days usage events (and their rollups) are kept; older ones are dropped by the hourly
   * `analytics.retention` job. Unset: kept forever. @default unset (keep forever)
   */
  ANALYTICS_RETENTION_DAYS: z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : Number(v)),
    z.number("must be a number").int("must be a whole number").min(1).max(36_500).optional(),
  ),
});

/** USD prices of one model, as MODEL_PRICES writes them (docs/models.md, "Price overrides"). */
const ModelPriceEntry = z
  .strictObject({
    inputPerMTok: z.number().min(0),
    outputPerMTok: z.number().min(0),
    /** Absent: the input price (no discount for cache reads). */
    cachedInputPerMTok: z.number().min(0).optional(),
    cacheWriteInputPerMTok: z.number().min(0).optional(),
    imagePerUnit: z.number().min(0).optional(),
    toolCallFee: z.number().min(0).optional(),
  })
  .transform(({ cachedInputPerMTok, ...p }) => ({ ...p, cachedInputPerMTok: cachedInputPerMTok ?? p.inputPerMTok }));
const MODEL_SLUG = /^[a-z0-9-]+\/[A-Za-z0-9._:/@-]{1,200}$/;

/** MODEL_PRICES: inline JSON (starts with `{`) or the path of a JSON file, mapping slugs to prices. */
const modelPrices = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .transform((raw, ctx) => {
      let text = raw.trim();
      if (!text.startsWith("{")) {
        try {
          text = readFileSync(path.resolve(text), "utf8");
        } catch (err) {
          ctx.addIssue({
            code: "custom",
            message: `is neither JSON nor a readable file (${(err as Error).message})`,
          });
          return z.NEVER;
        }
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: `is not valid JSON: ${(err as Error).message}` });
        return z.NEVER;
      }
      const badSlug = Object.keys(json && typeof json === "object" ? json : {}).find((k) => !MODEL_SLUG.test(k));
      if (badSlug !== undefined) {
        ctx.addIssue({
          code: "custom",
          message: `${badSlug}: a model slug is provider/model, e.g. compatible/llama3.1`,
        });
        return z.NEVER;
      }
      const parsed = z.record(z.string(), ModelPriceEntry).safeParse(json);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.addIssue({ code: "custom", message: `${issue.path.join(".") || "(root)"}: ${issue.message}` });
        return z.NEVER;
      }
      return parsed.data;
    })
    .optional(),
);

const llmSchema = z.object({
  /** OpenAI models as `openai/<model>`. */
  OPENAI_API_KEY: optionalString,
  /** Another endpoint for the OpenAI API (a proxy, Azure-style gateways). @default https://api.openai.com/v1 */
  OPENAI_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** Anthropic models as `anthropic/<model>`. */
  ANTHROPIC_API_KEY: optionalString,
  /** Another endpoint for the Anthropic API. @default https://api.anthropic.com/v1 */
  ANTHROPIC_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** Vercel AI Gateway models as `gateway/<creator>/<model>`; also turns on the hourly catalog sync from it. */
  AI_GATEWAY_API_KEY: optionalString,
  /**
   * The gateway's OpenAI-compatible base URL, read for its model list and prices (`GET {base}/models`).
   * @default https://ai-gateway.vercel.sh/v1
   */
  AI_GATEWAY_BASE_URL: z.preprocess(emptyAsUndefined, z.url().default("https://ai-gateway.vercel.sh/v1")),
  /**
   * Prices for any model slug, over the catalog's: inline JSON or the path of a JSON file, e.g.
   * `{"compatible/llama3.1":{"inputPerMTok":0.2,"outputPerMTok":0.6}}` (USD per million tokens; optional
   * `cachedInputPerMTok`, `cacheWriteInputPerMTok`, `imagePerUnit`, `toolCallFee`). @default none
   */
  MODEL_PRICES: modelPrices,
  /** Any OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio, OpenRouter): `compatible/<model>`. */
  OPENAI_COMPATIBLE_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  OPENAI_COMPATIBLE_API_KEY: optionalString,
  /** Model used when a request names none. @default the simulator, or the first configured provider's default */
  DEFAULT_MODEL: optionalString,
  /** Tried once when the chosen model fails after its retries with a retryable error. */
  FALLBACK_MODEL: optionalString,
  /** Deadline of one model call, in ms. @default 60000 */
  LLM_TIMEOUT_MS: envInt(100, 600_000, 60_000),
  /** Retries of a model call on retryable errors (429, 5xx, network). @default 2 */
  LLM_MAX_RETRIES: envInt(0, 10, 2),
  /** OpenAI-compatible moderation API for toxicity (`{base}/moderations`); OpenAI's when OPENAI_API_KEY is set. */
  MODERATION_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  MODERATION_API_KEY: optionalString,
  /** @default omni-moderation-latest */
  MODERATION_MODEL: z.preprocess(emptyAsUndefined, z.string().min(1).default("omni-moderation-latest")),
  /** Let escalation webhooks reach loopback and private networks (an internal ticketing system). @default false */
  ALLOW_PRIVATE_WEBHOOKS: z.preprocess(emptyAsUndefined, z.enum(["true", "false"]).default("false")),
  /** Milliseconds the simulator waits per streamed word (demos, tests of slow streams). @default 0 */
  SIMULATOR_DELAY_MS: envInt(0, 10_000, 0),
  /**
   * Attempts of a persona's background profile generation (when the provider was unavailable at creation).
   * @default 6
   */
  PERSONA_PROFILE_ATTEMPTS: envInt(1, 50, 6),
  /** Backoff before the second attempt, doubling after each (jittered, at most 5 minutes). @default 10000 */
  PERSONA_PROFILE_RETRY_MS: envInt(100, 300_000, 10_000),
  /** Milliseconds between heartbeat comments on idle SSE streams. @default 15000 */
  SSE_HEARTBEAT_MS: envInt(50, 600_000, 15_000),
  /** Credits per US dollar of model cost. @default 1000 */
  CREDITS_PER_USD: envInt(1, 1_000_000, 1000),
  /** Flat credits per prompt (the per-invocation fee), added to the token cost. @default 1 */
  PROMPT_BASE_CREDITS: envInt(0, 1_000_000, 1),
});

const rateLimitSchema = z.object({
  /** Requests a minute per API key; 0 turns per-key limits off. @default 1000 */
  RATE_LIMIT_PER_MINUTE: envInt(0, 10_000_000, 1000),
  /** Failed authentications a minute per client address (IPv6: per /64); 0 turns it off. @default 60 */
  RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: envInt(0, 10_000_000, 60),
});

/** `RATE_LIMIT_PER_MINUTE_<PROFILE>` (e.g. `_READ_ONLY`): the per-key limit of one key profile. */
function profileRateLimits(env: NodeJS.ProcessEnv): Record<string, number> {
  const out: Record<string, number> = {};
  for (const profile of KEY_PROFILES) {
    const name = `RATE_LIMIT_PER_MINUTE_${profile.toUpperCase().replaceAll("-", "_")}`;
    const parsed = envInt(0, 10_000_000, -1).safeParse(env[name]);
    if (!parsed.success) throw new ConfigError(`Invalid configuration:\n  ${name}: ${parsed.error.issues[0]?.message}`);
    if (parsed.data >= 0) out[profile] = parsed.data;
  }
  return out;
}

const logSchema = z.object({
  /** pino level. @default info */
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  /** json (default in production) or pretty. */
  LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(["json", "pretty"]).optional()),
  NODE_ENV: optionalString,
});

const operationsSchema = z.object({
  /**
   * Bearer token a Prometheus scraper must send to `GET /metrics` (`Authorization: Bearer <token>`; at least
   * 16 printable characters). Unset: /metrics is open (keep it on a private network).
   */
  METRICS_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(16, "must be at least 16 characters")
      .max(256)
      .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
      .optional(),
  ),
  /**
   * Port on which a `person-run worker` process (no API) serves `GET /metrics`, on HOST. Unset: a worker
   * serves none. (`serve` answers /metrics on PORT.)
   */
  METRICS_PORT: z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : Number(v)),
    z.number("must be a number").int("must be an integer").min(0).max(65535).optional(),
  ),
});

const configSchema = serverSchema
  .extend(corsSchema.shape)
  .extend(databaseSchema.shape)
  .extend(bootstrapSchema.shape)
  .extend(jobsSchema.shape)
  .extend(llmSchema.shape)
  .extend(rateLimitSchema.shape)
  .extend(operationsSchema.shape)
  .extend(logSchema.shape);

export type RawConfig = z.infer<typeof configSchema>;

export interface Config {
  port: number;
  host: string;
  bodyLimitBytes: number;
  publicUrl: string | undefined;
  /** Origins whose pages may call the API (CORS), `*` for any; null: CORS off. */
  corsOrigins: "*" | string[] | null;
  databaseUrl: string | undefined;
  dataDir: string;
  databasePoolSize: number;
  databasePreparedStatements: boolean;
  cacheMode: "auto" | "exclusive" | "shared" | "off";
  bootstrapTenant: string;
  bootstrapKey: string | undefined;
  llm: {
    openaiApiKey?: string;
    openaiBaseUrl?: string;
    anthropicApiKey?: string;
    anthropicBaseUrl?: string;
    gatewayApiKey?: string;
    gatewayBaseUrl: string;
    compatibleBaseUrl?: string;
    compatibleApiKey?: string;
    defaultModel?: string;
    fallbackModel?: string;
    timeoutMs: number;
    maxRetries: number;
    simulatorDelayMs: number;
    /** MODEL_PRICES: slug → price, over the catalog's. */
    modelPrices: Record<string, ModelPriceOverride>;
  };
  sseHeartbeatMs: number;
  /** Background profile generation of a persona created while its provider was unavailable. */
  personas: { profileAttempts: number; profileRetryMs: number };
  allowPrivateWebhooks: boolean;
  moderation: { baseUrl: string; apiKey?: string; model: string } | null;
  billing: { creditsPerUsd: number; promptBaseCredits: number };
  workers: boolean;
  jobPollIntervalSeconds: number;
  jobQueueSchema: string;
  /** The run engine: per-key concurrency limits (`model:<slug>` → runs at once) and lease timings. */
  runs: { limits: Record<string, number>; heartbeatMs: number; staleMs: number; concurrency: number };
  /** The scheduler: how often it ticks, and how late a fire may be before it counts as missed. */
  schedules: { tickMs: number; graceMs: number };
  /** ANALYTICS_RETENTION_DAYS; null: usage events are kept forever. */
  analyticsRetentionDays: number | null;
  logLevel: RawConfig["LOG_LEVEL"];
  logFormat: "json" | "pretty";
  /** Requests a minute (0 = unlimited): per key, per key profile (overrides), per address of failed auths. */
  rateLimit: { perKey: number; perProfile: Record<string, number>; unauthenticated: number };
  /** The bearer token `GET /metrics` requires; undefined: open. */
  metricsToken: string | undefined;
  /** Where a worker process serves `GET /metrics`; undefined: nowhere. */
  metricsPort: number | undefined;
}

export type ModelPriceOverride = z.infer<typeof ModelPriceEntry>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    publicUrl: e.PUBLIC_URL,
    corsOrigins: e.CORS_ORIGINS ?? null,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS === "true",
    cacheMode: e.CACHE_MODE,
    bootstrapTenant: e.PERSON_RUN_BOOTSTRAP_TENANT,
    bootstrapKey: e.PERSON_RUN_BOOTSTRAP_KEY,
    llm: {
      openaiApiKey: e.OPENAI_API_KEY,
      openaiBaseUrl: e.OPENAI_BASE_URL,
      anthropicApiKey: e.ANTHROPIC_API_KEY,
      anthropicBaseUrl: e.ANTHROPIC_BASE_URL,
      gatewayApiKey: e.AI_GATEWAY_API_KEY,
      gatewayBaseUrl: e.AI_GATEWAY_BASE_URL,
      compatibleBaseUrl: e.OPENAI_COMPATIBLE_BASE_URL,
      compatibleApiKey: e.OPENAI_COMPATIBLE_API_KEY,
      defaultModel: e.DEFAULT_MODEL,
      fallbackModel: e.FALLBACK_MODEL,
      timeoutMs: e.LLM_TIMEOUT_MS,
      maxRetries: e.LLM_MAX_RETRIES,
      simulatorDelayMs: e.SIMULATOR_DELAY_MS,
      modelPrices: e.MODEL_PRICES ?? {},
    },
    sseHeartbeatMs: e.SSE_HEARTBEAT_MS,
    personas: { profileAttempts: e.PERSONA_PROFILE_ATTEMPTS, profileRetryMs: e.PERSONA_PROFILE_RETRY_MS },
    allowPrivateWebhooks: e.ALLOW_PRIVATE_WEBHOOKS === "true",
    moderation: e.MODERATION_BASE_URL
      ? { baseUrl: e.MODERATION_BASE_URL, apiKey: e.MODERATION_API_KEY, model: e.MODERATION_MODEL }
      : e.OPENAI_API_KEY
        ? { baseUrl: "https://api.openai.com/v1", apiKey: e.OPENAI_API_KEY, model: e.MODERATION_MODEL }
        : null,
    billing: { creditsPerUsd: e.CREDITS_PER_USD, promptBaseCredits: e.PROMPT_BASE_CREDITS },
    workers: e.WORKERS === "true",
    jobPollIntervalSeconds: e.JOB_POLL_INTERVAL_SECONDS,
    jobQueueSchema: e.JOB_QUEUE_SCHEMA,
    runs: {
      limits: Object.fromEntries(
        (e.MODEL_CONCURRENCY ?? "")
          .split(",")
          .filter((pair) => pair.trim())
          .map((pair) => {
            const [model, n] = pair.split("=").map((x) => x.trim());
            return [`model:${model}`, Number(n)];
          }),
      ),
      staleMs: e.RUN_STALE_SECONDS * 1000,
      concurrency: e.RUN_CONCURRENCY,
      heartbeatMs: Math.max(500, Math.round((e.RUN_STALE_SECONDS * 1000) / 12)),
    },
    schedules: { tickMs: e.SCHEDULER_TICK_MS, graceMs: e.SCHEDULE_GRACE_SECONDS * 1000 },
    analyticsRetentionDays: e.ANALYTICS_RETENTION_DAYS ?? null,
    rateLimit: {
      perKey: e.RATE_LIMIT_PER_MINUTE,
      perProfile: profileRateLimits(env),
      unauthenticated: e.RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE,
    },
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (process.stdout.isTTY && e.NODE_ENV !== "production" ? "pretty" : "json"),
  };
}
