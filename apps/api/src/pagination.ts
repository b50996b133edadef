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
