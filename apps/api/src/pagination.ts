import { and, eq, gt, lt, or, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { ApiError } from "./errors.ts";

/** A page of a list: items plus the cursor of the next page (null at the end). SPEC §2. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorPosition {
  /** created_at of the last item of the previous page */
  t: Date;
  id: string;
}

/**
 * Keyset cursors: opaque base64url of (created_at, id) of the last item, so pages never skip or repeat
 * rows while others are inserted or deleted.
 */
export function encodeCursor(pos: CursorPosition): string {
  return Buffer.from(JSON.stringify([pos.t.toISOString(), pos.id])).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEXT_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** Timestamps a cursor may carry: within what PostgreSQL and `Date` agree on, and the API ever writes. */
const EARLIEST = Date.parse("0001-01-01T00:00:00.000Z");
const LATEST = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * A cursor is input like any other: a crafted one must be a 400, never a query PostgreSQL refuses. Ids
 * are UUIDs, except the tenant list's text ids (`id: "text"`).
 */
export function decodeCursor(cursor: string, id: "uuid" | "text" = "uuid"): CursorPosition {
  try {
    const pos: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(pos) || pos.length !== 2) throw new Error();
    const [t, key] = pos as unknown[];
    if (typeof t !== "string" || typeof key !== "string" || !(id === "uuid" ? UUID : TEXT_ID).test(key)) {
      throw new Error();
    }
    const ms = Date.parse(t);
    if (!(ms >= EARLIEST && ms <= LATEST)) throw new Error();
    return { t: new Date(ms), id: key };
  } catch {
    throw new ApiError("invalid_cursor", "The cursor is not valid: pass the nextCursor of a previous page", [
      { path: "cursor", message: "Invalid cursor" },
    ]);
  }
}

/**
 * The keyset condition "after this cursor" for a list ordered by (time, id), descending (newest
 * first, the default) or ascending.
 */
export function afterCursor(
  timeColumn: AnyPgColumn,
  idColumn: AnyPgColumn,
  cursor: string | undefined,
  order: "desc" | "asc" = "desc",
): SQL | undefined {
  if (!cursor) return undefined;
  const after = decodeCursor(cursor, idColumn.getSQLType() === "uuid" ? "uuid" : "text");
  const beyond = order === "desc" ? lt : gt;
  return or(beyond(timeColumn, after.t), and(eq(timeColumn, after.t), beyond(idColumn, after.id)));
}

/**
 * A page from rows fetched with `limit + 1`: the extra row only says there is a next page, whose
 * cursor is the last item's position (time, id).
 */
export function pageOf<R, V>(
  rows: R[],
  limit: number,
  positionOf: (r: R) => CursorPosition,
  view: (r: R) => V,
): Page<V> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items: items.map(view), nextCursor: more && last !== undefined ? encodeCursor(positionOf(last)) : null };
}
