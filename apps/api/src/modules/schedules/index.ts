import type { SqlRunner } from "../../db/client.ts";
import type { TransactionalSend } from "../../jobs/queue.ts";

/** The schedules module's public entry: what other modules may use (docs/modules.md, docs/schedules.md). */

/** Who fired: the schedule, and the key that created it (the run is attributed to it). */
export interface FireInfo {
  scheduleId: string;
  apiKeyId: string | null;
}

/**
 * A kind of thing a schedule can start (a port, docs/modules.md): the tasks module provides `task`, the
 * studies module `study`, each in its manifest's `create` (`ctx.schedules.registerTarget(…)`); schedules
 * never import them.
 */
export interface ScheduleTarget {
  type: "task" | "study";
  /** 404 (notFound) unless the target exists in the tenant. Called at create/update. */
  check(tenantId: string, id: string): Promise<void>;
  /**
   * Starts the target on the fire's transaction (the run commits with the fire, or neither does). Throws an
   * ApiError (e.g. conflict: the task is still running) when it cannot start now: the fire is then recorded
   * as skipped with that reason.
   */
  start(
    tx: SqlRunner,
    send: TransactionalSend,
    tenantId: string,
    id: string,
    fire: FireInfo,
  ): Promise<{ runId: string; detail?: Record<string, unknown> }>;
}

export type { ScheduleService } from "./service.ts";
