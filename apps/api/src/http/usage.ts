import type { Context } from "hono";
import type { UsageEventName } from "../shared/usage-events.ts";
import type { AppEnv } from "./types.ts";

/** Records the usage event of an authenticated request (tenant, key, request id, payload). */
export function recordUsage(
  c: Context<AppEnv>,
  tenantId: string,
  event: UsageEventName,
  payload: Record<string, unknown> = {},
): void {
  c.get("ctx").usage.record({ tenantId, apiKeyId: c.get("auth").keyId, event, requestId: c.get("requestId"), payload });
}

/** Records a high-volume read; identical ones within a flush window are counted into one row. */
export function countUsage(
  c: Context<AppEnv>,
  tenantId: string,
  event: UsageEventName,
  payload: Record<string, unknown> = {},
): void {
  c.get("ctx").usage.count({ tenantId, apiKeyId: c.get("auth").keyId, event, requestId: null, payload });
}
