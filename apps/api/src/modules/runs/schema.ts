import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

/**
 * Durable records of long or background work (docs/runs.md). The run engine owns these tables; other
 * modules define run kinds and call the engine, never these tables.
 */
export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    /** The run kind (a module's `runKinds` entry), e.g. `prompt.async`. */
    kind: text("kind").notNull(),
    parentId: uuid("parent_id").references((): AnyPgColumn => runs.id, { onDelete: "cascade" }),
    /** queued | running | paused | succeeded | failed | cancelled */
    state: text("state").notNull(),
    /** execute (its own work) | wait (a parent waiting for its children) | finalize (children done) */
    phase: text("phase").notNull().default("execute"),
    payload: jsonb("payload").notNull(),
    result: jsonb("result"),
    error: jsonb("error"),
    /** Failed on its own (last attempt used or not retryable): kept for inspection and `retry`. */
    deadLetter: boolean("dead_letter").notNull().default(false),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    /** The lease of the worker running this attempt: only that worker may complete it. */
    leaseToken: text("lease_token"),
    heartbeatAt: ts("heartbeat_at"),
    /** Not before (retry backoff). */
    availableAt: ts("available_at"),
    /** A queue message is on its way (children of a parent with a concurrency limit wait undispatched). */
    dispatched: boolean("dispatched").notNull().default(false),
    /** Children of this run running at once (null: no limit). */
    maxConcurrency: integer("max_concurrency"),
    /** Runs sharing this key (e.g. `model:openai/gpt-4o`) are limited together by the engine's configuration. */
    concurrencyKey: text("concurrency_key"),
    childrenTotal: integer("children_total").notNull().default(0),
    childrenSucceeded: integer("children_succeeded").notNull().default(0),
    childrenFailed: integer("children_failed").notNull().default(0),
    childrenCancelled: integer("children_cancelled").notNull().default(0),
    progress: jsonb("progress"),
    /**
     * The queue (pg-boss schema, JOB_QUEUE_SCHEMA) its messages go to: the deployment it belongs to. Sweeps
     * only touch their own queue's runs, so deployments sharing a database never run each other's work.
     */
    queue: text("queue").notNull().default("pgboss"),
    /** Its own cost plus its children's, rolled up as they finish. */
    costUsd: numeric("cost_usd", { precision: 14, scale: 6 }).notNull().default("0"),
    credits: numeric("credits", { precision: 14, scale: 4 }).notNull().default("0"),
    apiKeyId: uuid("api_key_id"),
    requestId: text("request_id"),
    createdAt: ts("created_at").notNull(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    index("runs_tenant_idx").on(t.tenantId, t.createdAt),
    index("runs_parent_idx").on(t.parentId, t.state),
    index("runs_state_idx").on(t.queue, t.state, t.heartbeatAt),
    index("runs_concurrency_idx").on(t.concurrencyKey, t.state).where(sql`${t.concurrencyKey} is not null`),
    // A parent's children in flight, and its next ones to dispatch, without reading the thousands waiting:
    // each child's end counts the first and takes from the second (store.ts `dispatch`, engine `claim`).
    index("runs_parent_in_flight_idx")
      .on(t.parentId)
      .where(sql`${t.state} = 'running' or (${t.state} = 'queued' and ${t.dispatched})`),
    index("runs_parent_waiting_idx")
      .on(t.parentId, t.createdAt, t.id)
      .where(sql`${t.state} = 'queued' and not ${t.dispatched}`),
  ],
);

/** What happened to a run, in order: state changes, progress, children's counts. Followed by SSE. */
export const runEvents = pgTable(
  "run_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tenantId: text("tenant_id").notNull(),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    /** state | progress | children */
    type: text("type").notNull(),
    data: jsonb("data").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("run_events_run_idx").on(t.runId, t.id)],
);
