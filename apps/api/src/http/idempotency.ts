import { createHash } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "../errors.ts";
import { bindLogContext } from "../log-context.ts";
import { sendError } from "./errors.ts";
import type { AppEnv } from "./types.ts";

const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on POST (SPEC §2): the first request with a key is recorded with its response;
 * a repeat within 24 h with the same method, path and body gets that response again (marked
 * `idempotent-replayed: true`) and does no work; the same key with another request is a 409; a repeat
 * while the first is still running is a 409 too. Only successful (< 400) responses are kept, so a
 * corrected retry of a rejected request may reuse its key.
 *
 * A handler whose response must not be kept at rest (a new key's secret) sets `replayBody` to a
 * redacted copy, which is stored and replayed instead. An event stream is recorded as it passes
 * (heartbeats left out) and kept once it ends with its `done` event; a stream that fails or whose
 * client goes away is not kept, so the key may be retried.
 */
export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header("idempotency-key");
  if (key === undefined) return next();
  if (!IDEMPOTENCY_KEY_RE.test(key)) {
    return sendError(
      c,
      new ApiError("validation_error", "Idempotency-Key must be 1-255 printable ASCII characters", [
        { path: "Idempotency-Key", message: "Invalid header" },
      ]),
    );
  }
  const store = c.get("ctx").idempotency;
  const apiKeyId = c.get("auth").keyId;
  const body = await c.req.text();
  const hash = createHash("sha256").update(`${c.req.method}\n${c.req.path}\n${body}`).digest("hex");
  const claim = await store.claim(apiKeyId, key, { method: c.req.method, path: c.req.path, hash });
  switch (claim.kind) {
    case "mismatch":
      return sendError(
        c,
        new ApiError("idempotency_conflict", "This Idempotency-Key was already used with a different request"),
      );
    case "in_progress":
      return sendError(
        c,
        new ApiError("idempotency_conflict", "A request with this Idempotency-Key is still in progress"),
        { "retry-after": "1" },
      );
    case "replay":
      return new Response(claim.body, {
        status: claim.status,
        headers: {
          "content-type": claim.contentType,
          ...(claim.contentType.includes("text/event-stream") ? { "cache-control": "no-cache" } : {}),
          "idempotent-replayed": "true",
          "x-request-id": c.get("requestId"),
        },
      });
  }
  let handedOff = false;
  try {
    await next();
    const res = c.res;
    const contentType = res.headers.get("content-type") ?? "";
    if (res.status < 400 && contentType.includes("text/event-stream") && res.body) {
      c.res = recordStream(c, res, key);
      handedOff = true;
    } else if (res.status < 400) {
      const kept = c.get("replayBody") ?? (await res.clone().text());
      await store.complete(apiKeyId, key, { status: res.status, body: kept, contentType });
      handedOff = true;
    }
  } finally {
    if (!handedOff) await store.release(apiKeyId, key);
  }
};

/** Heartbeat comments (`: ping`) are connection upkeep, not part of the answer. */
const HEARTBEAT = /^:[^\n]*\n\n/gm;

/** Passes the stream through while recording it; completes or releases the key when it ends. */
function recordStream(c: Context<AppEnv>, res: Response, key: string): Response {
  const store = c.get("ctx").idempotency;
  const apiKeyId = c.get("auth").keyId;
  const log = c.get("ctx").logger;
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let recorded = "";
  let settled = false;
  // Bound to the request's log context: the server pulls the body after the handler has returned.
  const settle = bindLogContext((complete: boolean) => {
    if (settled) return;
    settled = true;
    const text = recorded.replace(HEARTBEAT, "");
    const done = complete && /(^|\n)event: done\n/.test(text);
    const write = done
      ? store.complete(apiKeyId, key, { status: res.status, body: text, contentType: "text/event-stream" })
      : store.release(apiKeyId, key);
    write.catch((err: unknown) => log.error({ err }, "could not record the idempotent stream"));
  });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          recorded += decoder.decode();
          controller.close();
          settle(true);
          return;
        }
        recorded += decoder.decode(value, { stream: true });
        controller.enqueue(value);
      } catch (err) {
        controller.error(err);
        settle(false);
      }
    },
    cancel(reason) {
      settle(false);
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: res.status, headers: res.headers });
}
