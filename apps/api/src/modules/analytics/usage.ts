import type { Database } from "../../db/client.ts";
import { usageEvents } from "../../db/schema.ts";
import { newId } from "../../ids.ts";
import type { Logger } from "../../logger.ts";

/** Event names (SPEC §10 where compat). */
export type UsageEventName =
  | "persona_create"
  | "persona_prompt"
  | "persona_list"
  | "persona_get"
  | "persona_update"
  | "persona_delete"
  | "persona_export"
  | "persona_import"
  | "persona_timeline_append"
  | "persona_timeline_supersede"
  | "persona_consistency_check"
  | "file_upload"
  | "timeline_reconcile_job"
  | "tenant_create"
  | "api_key_create"
  | "api_key_revoke";

export interface UsageEventInput {
  tenantId: string;
  apiKeyId?: string | null;
  event: UsageEventName;
  requestId?: string | null;
  payload?: Record<string, unknown>;
}

/**
 * Records usage events without ever failing or slowing the request that caused them: events are
 * buffered and written in batches (one INSERT per flush). A failed write is logged and dropped.
 * `flush()` writes what is buffered now; `close()` flushes and stops the timer (at shutdown).
 */
export class UsageRecorder {
  private buffer: (typeof usageEvents.$inferInsert)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> = Promise.resolve();

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
    private readonly opts: { flushIntervalMs?: number; maxBatch?: number } = {},
  ) {}

  record(input: UsageEventInput): void {
    this.buffer.push({
      id: newId(),
      tenantId: input.tenantId,
      apiKeyId: input.apiKeyId ?? null,
      event: input.event,
      requestId: input.requestId ?? null,
      payload: input.payload ?? {},
      createdAt: new Date(),
    });
    if (this.buffer.length >= (this.opts.maxBatch ?? 200)) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.opts.flushIntervalMs ?? 200);
      this.timer.unref();
    }
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    const write = async () => {
      if (batch.length === 0) return;
      try {
        await this.database.db.insert(usageEvents).values(batch);
      } catch (err) {
        this.logger.error({ err, dropped: batch.length }, "could not write usage events");
      }
    };
    // Chained so that flush() resolves only after every earlier write has finished too.
    this.inflight = this.inflight.then(write);
    return this.inflight;
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
