import { type Cell, csvLine } from "../../shared/csv.ts";
import type { ExportRow } from "./service.ts";

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
export function csvRow(e: ExportRow): string {
  const p = JSON.parse(e.payloadJson) as Record<string, unknown>;
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
    e.payloadJson,
  ]);
}

/**
 * One event as an NDJSON line, the shape of `GET /analytics/events`' items: the ids and times are plain
 * (uuids, ISO), the other strings JSON-escaped, the payload the database's JSON text as is.
 */
export const ndjsonRow = (e: ExportRow) =>
  `{"id":"${e.id}","event":${JSON.stringify(e.event)},"keyId":${e.keyId === null ? "null" : `"${e.keyId}"`},"requestId":${JSON.stringify(e.requestId)},"payload":${e.payloadJson},"createdAt":"${e.createdAt}"}\n`;
