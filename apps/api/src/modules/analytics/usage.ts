import type { Database } from "../../db/client.ts";
import { newId } from "../../ids.ts";
import { withoutLogContext } from "../../log-context.ts";
import type { Logger } from "../../logger.ts";
import type { UsageEventName } from "../../shared/usage-events.ts";
import { rollupUpsertSql } from "./rollup-sql.ts";

export interface UsageEventInput {
  tenantId: string;
  apiKeyId?: string | null;
  event: UsageEventName;
  requestId?: string | null;
  payload?: Record<string, unknown>;
  /** When it happened (default: now); e.g. an import of past usage. */
  at?: Date;
}

/**
 * Records usage events without ever failing or slowing the request that caused them: events are
 * buffered and written in batches (one INSERT per flush). A failed write is logged and dropped.
 * `flush()` writes what is buffered now; `close()` flushes and stops the timer (at shutdown).
 */
export class UsageRecorder {
  /** Rows in the table's column names, as jsonb_populate_recordset reads them. */
  private buffer: Record<string, unknown>[] = [];
  private readonly counted = new Map<string, { input: UsageEventInput; n: number }>();
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> = Promise.resolve();

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
    private readonly opts: { flushIntervalMs?: number; maxBatch?: number } = {},
  ) {}

  record(input: UsageEventInput): void {
    this.push(input);
    if (this.buffer.length >= (this.opts.maxBatch ?? 200)) void this.flush();
    else this.arm();
  }

  private push(input: UsageEventInput) {
    this.buffer.push({
      id: newId(),
      tenant_id: input.tenantId,
      api_key_id: input.apiKeyId ?? null,
      event: input.event,
      request_id: input.requestId ?? null,
      payload: input.payload ?? {},
      created_at: (input.at ?? new Date()).toISOString(),
    });
  }

  /**
   * For high-volume reads: identical events (same tenant, key, event and payload) within one flush
   * window become one row whose payload carries `count`. Payload values must be scalars.
   */
  count(input: UsageEventInput): void {
    let key = `${input.tenantId}\u0001${input.apiKeyId ?? ""}\u0001${input.event}`;
    for (const k in input.payload) key += `\u0001${k}=${String(input.payload[k])}`;
    const seen = this.counted.get(key);
    if (seen) {
      seen.n++;
      return;
    }
    this.counted.set(key, { input, n: 1 });
    if (this.counted.size >= (this.opts.maxBatch ?? 200)) void this.flush();
    else this.arm();
  }

  private arm() {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.opts.flushIntervalMs ?? 200);
    this.timer.unref();
  }

  /** Outside any log context: a batch holds many requests' events, so its errors belong to none of them. */
  flush(): Promise<void> {
    return withoutLogContext(() => this.flushBatch());
  }

  private flushBatch(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const { input, n } of this.counted.values()) {
      this.push({ ...input, payload: { ...input.payload, count: n } });
    }
    this.counted.clear();
    const batch = this.buffer;
    this.buffer = [];
    const write = async () => {
      if (batch.length === 0) return;
      try {
        // One JSON parameter instead of seven per row: far cheaper to bind and plan for large batches.
        // The rollups move in the same statement: they never disagree with the events (docs/analytics.md).
        await this.database.query(
          `with written as (
             insert into usage_events (id, tenant_id, api_key_id, event, request_id, payload, created_at)
             select id, tenant_id, api_key_id, event, request_id, coalesce(payload, '{}'::jsonb), created_at
             from jsonb_populate_recordset(null::usage_events, $1::jsonb)
             returning tenant_id, api_key_id, event, payload, created_at
           )
           ${rollupUpsertSql("written")}`,
          [JSON.stringify(batch)],
        );
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
