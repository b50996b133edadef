import type { MiddlewareHandler } from "hono";
import { ApiError, type ErrorDetail } from "../errors.ts";
import type { AppEnv } from "./types.ts";

/**
 * Checks of request input that no route schema can make safely, run once per request right after the
 * key is authenticated (so an anonymous caller never makes us parse or walk a body) and before the
 * route's zod validation (which recurses, and must never see a pathologically deep body):
 *
 * - nesting deeper than `MAX_JSON_DEPTH` levels;
 * - NUL characters (U+0000) and lone UTF-16 surrogates in any string or key: PostgreSQL cannot store
 *   either, and no legitimate text carries them;
 * - ISO 8601 dates whose UTC year is outside 1-9999, in any field: PostgreSQL and `Date` disagree
 *   beyond them (year 0, `+275760-…`), and no date field of the API means such a year. Checked here
 *   rather than in each route's schema so that every date field, present and future, is covered.
 * - on writes, a `tenantId` in the query string that disagrees with the one the body acts on.
 */

/** Deepest accepted nesting of objects and arrays in a JSON body (the top-level value is level 1). */
export const MAX_JSON_DEPTH = 64;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Looks like an ISO 8601 date (4-digit or expanded ±6-digit year), optionally with a time. */
const ISO_DATE_START = /^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}(?:$|T)/;

/** Why a string is refused, or null. */
export function textProblem(s: string): string | null {
  if (s.includes("\u0000")) return "must not contain NUL characters";
  if (LONE_SURROGATE.test(s)) return "must not contain unpaired UTF-16 surrogates";
  if (s.length >= 10 && s.length <= 40 && ISO_DATE_START.test(s)) {
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) return null; // not a date after all: the route's schema decides
    const year = new Date(ms).getUTCFullYear();
    if (year < 1 || year > 9999) return "dates must be between years 0001 and 9999";
  }
  return null;
}

interface Frame {
  value: object;
  depth: number;
  key: string;
  parent: Frame | null;
}

const pathOf = (frame: Frame | null, last?: string): string => {
  const parts: string[] = last === undefined ? [] : [last];
  for (let f = frame; f?.parent; f = f.parent) parts.push(f.key);
  return parts.reverse().join(".") || "body";
};

/**
 * The first problem of a parsed JSON value, in one iterative pass (an explicit stack, so no input can
 * exhaust the call stack, and it stops at the first container beyond the depth limit).
 */
export function jsonProblem(body: unknown, maxDepth = MAX_JSON_DEPTH): ErrorDetail | null {
  if (typeof body === "string") {
    const problem = textProblem(body);
    return problem ? { path: "body", message: problem } : null;
  }
  if (body === null || typeof body !== "object") return null;
  const stack: Frame[] = [{ value: body, depth: 1, key: "", parent: null }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    if (frame.depth > maxDepth) {
      return { path: pathOf(frame), message: `is nested deeper than ${maxDepth} levels` };
    }
    const entries: [string, unknown][] = Array.isArray(frame.value)
      ? frame.value.map((v, i) => [String(i), v])
      : Object.entries(frame.value);
    for (const [key, child] of entries) {
      if (!Array.isArray(frame.value)) {
        const problem = textProblem(key);
        if (problem) return { path: pathOf(frame, key), message: `key ${problem}` };
      }
      if (typeof child === "string") {
        const problem = textProblem(child);
        if (problem) return { path: pathOf(frame, key), message: problem };
      } else if (child !== null && typeof child === "object") {
        stack.push({ value: child, depth: frame.depth + 1, key, parent: frame });
      }
    }
  }
  return null;
}

const refuse = (detail: ErrorDetail) =>
  new ApiError(
    "validation_error",
    detail.message.startsWith("is nested")
      ? `Invalid request body: ${detail.path} ${detail.message} (the limit is ${MAX_JSON_DEPTH})`
      : `Invalid input: ${detail.path}: ${detail.message}`,
    [detail],
  );

/**
 * Only scan a query string that could hold a problem: NUL arrives percent-encoded, and a date needs
 * `dddd-dd-dd`. Most reads carry neither, and parsing their query twice would cost more than the rest
 * of a cached read.
 */
const QUERY_WORTH_SCANNING = /%|\d{4}-\d\d-\d\d/;

function queryProblem(url: string, queries: () => Record<string, string[]>): ErrorDetail | null {
  const q = url.indexOf("?");
  if (q < 0 || !QUERY_WORTH_SCANNING.test(url.slice(q))) return null;
  for (const [k, values] of Object.entries(queries())) {
    for (const text of [k, ...values]) {
      const problem = textProblem(text);
      if (problem) return { path: k, message: problem };
    }
  }
  return null;
}

const WRITES = new Set(["POST", "PUT", "PATCH"]);

/** Route middleware, after `authorize`: see the file comment. */
export const checkInput: MiddlewareHandler<AppEnv> = async (c, next) => {
  const inQuery = queryProblem(c.req.url, () => c.req.queries());
  if (inQuery) throw refuse(inQuery);
  if (!WRITES.has(c.req.method)) return next();
  let body: unknown;
  if (c.req.header("content-type")?.includes("json")) {
    // Malformed JSON is left to the route's validator, which answers `invalid_json`. The parsed body
    // is cached by hono, so the validator does not parse it again.
    body = await c.req.json().catch(() => undefined);
    const problem = jsonProblem(body);
    if (problem) throw refuse(problem);
  }
  const queryTenant = c.req.query("tenantId");
  if (queryTenant !== undefined) {
    // Writes take the tenant from the body (SPEC §2); a different one in the query means the caller is
    // confused about which tenant it writes to, so refuse rather than pick one.
    const bodyTenant =
      body !== null && typeof body === "object" && !Array.isArray(body)
        ? (body as { tenantId?: unknown }).tenantId
        : undefined;
    const tenantIds = c.get("auth").tenantIds;
    const acting = bodyTenant ?? (tenantIds.length === 1 ? tenantIds[0] : undefined);
    if (acting !== queryTenant) {
      throw new ApiError(
        "validation_error",
        `tenantId in the query string ('${queryTenant}') disagrees with the tenant of the request body` +
          (typeof acting === "string" ? ` ('${acting}')` : "") +
          ": writes take tenantId from the body; drop it from the query",
        [{ path: "tenantId", message: "Query and body disagree" }],
      );
    }
  }
  await next();
};
