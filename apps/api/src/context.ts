import type { CacheProvider } from "./cache.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/client.ts";
import type { JobQueue } from "./jobs/queue.ts";
import type { LlmClient } from "./llm/client.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import type { ModuleManifest } from "./modules/manifest.ts";

/**
 * The services of the modules, by the key each module's manifest puts them under. Filled by
 * declaration merging in each manifest (`declare module "../../context.ts" { interface ModuleServices {…} }`),
 * so adding a module never edits this file.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the modules' declaration merging
export interface ModuleServices {}

/** What every module may use: built by `buildRuntime` before any module's services. */
export interface CoreContext {
  config: Config;
  database: Database;
  /** In-process caches of rows, exclusive or shared per CACHE_MODE (cache.ts). */
  cache: CacheProvider;
  logger: Logger;
  /** This server's Prometheus metrics (`GET /metrics`, docs/operations.md). */
  metrics: Metrics;
  llm: LlmClient;
  jobs: JobQueue;
  /** The clock services read (tests pass one they can move: key expiry, periods, retention). */
  now: () => Date;
  /** The modules this runtime was built from, in registry order. */
  modules: readonly ModuleManifest[];
  startedAt: Date;
  version: string;
}

/** Everything the server is built from; made once by `buildRuntime` and handed to the app factory. */
export interface AppContext extends CoreContext, ModuleServices {}
