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

/** RFC 4180 quoting; text a spreadsheet would run as a formula gets a leading `'`. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = typeof v === "string" ? v : String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const field = (p: Record<string, unknown>, key: string, type: "string" | "number") =>
  typeof p[key] === type ? p[key] : null;

export const csvHeader = () => `${CSV_COLUMNS.join(",")}\r\n`;

export function csvRow(e: UsageEventView): string {
  const p = e.payload;
  return `${[
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
  ]
    .map(csvCell)
    .join(",")}\r\n`;
}

export const ndjsonRow = (e: UsageEventView) => `${JSON.stringify(e)}\n`;
