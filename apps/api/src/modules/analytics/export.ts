import { type Cell, csvLine } from "../../shared/csv.ts";
import type { UsageEventView } from "./service.ts";

/** Columns of the CSV export: the event, the figures usage reports sum, then the whole payload as JSON. */
export const CSV_COLUMNS = [
  "id",
  "created_at",
  "event",
  "key_id",
  "request_id",
  "persona_id",
  "model",
  "tokens_in",
  "tokens_out",
  "cached_tokens_in",
  "cost_usd",
  "credits",
  "payload",
] as const;

const field = (p: Record<string, unknown>, key: string, type: "string" | "number"): Cell =>
  typeof p[key] === type ? (p[key] as string | number) : null;

export const csvHeader = () => `${CSV_COLUMNS.join(",")}\r\n`;

/** One event as a CSV line (the shared RFC 4180 fields: formula-neutralised text, numbers as numbers). */
export function csvRow(e: UsageEventView): string {
  const p = e.payload;
  return csvLine([
    e.id,
    e.createdAt,
    e.event,
    e.keyId,
    e.requestId,
    field(p, "personaId", "string"),
    field(p, "model", "string"),
    field(p, "tokensIn", "number"),
    field(p, "tokensOut", "number"),
    field(p, "cachedTokens", "number"),
    field(p, "costUsd", "number"),
    field(p, "credits", "number"),
    JSON.stringify(p),
  ]);
}

export const ndjsonRow = (e: UsageEventView) => `${JSON.stringify(e)}\n`;
