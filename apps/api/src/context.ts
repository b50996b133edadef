import type { CacheProvider } from "./cache.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/client.ts";
import type { JobQueue } from "./jobs/queue.ts";
import type { LlmClient } from "./llm/client.ts";
import type { Logger } from "./logger.ts";
import type { AccessService } from "./modules/access/service.ts";
import type { UsageRecorder } from "./modules/analytics/usage.ts";
import type { BillingService } from "./modules/billing/service.ts";
import type { IdempotencyStore } from "./modules/idempotency/store.ts";
import type { PersonaService } from "./modules/personas/service.ts";
import type { PromptService } from "./modules/prompting/service.ts";
import type { SessionService } from "./modules/prompting/sessions.ts";
import type { SafetyService } from "./modules/safety/service.ts";
import type { ConsistencyService } from "./modules/timeline/consistency-service.ts";
import type { TimelineService } from "./modules/timeline/service.ts";

/** Everything the server is built from; made once by `buildRuntime` and handed to the app factory. */
export interface AppContext {
  config: Config;
  database: Database;
  /** In-process caches of rows, exclusive or shared per CACHE_MODE (cache.ts). */
  cache: CacheProvider;
  logger: Logger;
  usage: UsageRecorder;
  access: AccessService;
  personas: PersonaService;
  idempotency: IdempotencyStore;
  llm: LlmClient;
  billing: BillingService;
  prompts: PromptService;
  sessions: SessionService;
  timeline: TimelineService;
  consistency: ConsistencyService;
  safety: SafetyService;
  jobs: JobQueue;
  startedAt: Date;
  version: string;
}
