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

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [t, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const date = new Date(t);
    if (typeof id !== "string" || id.length === 0 || id.length > 200 || Number.isNaN(date.getTime())) throw new Error();
    return { t: date, id };
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
  const after = decodeCursor(cursor);
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
