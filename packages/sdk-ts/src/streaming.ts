/**
 * Server-sent events as async iterables of typed `{ event, data }` objects (`data` parsed from JSON).
 * Heartbeat comments are skipped; an `error` event throws (after being yielded to no one), like openai-node.
 */
import { APIConnectionError, APIError, APIUserAbortError } from "./errors.js";

export interface ServerSentEvent {
  event: string;
  data: unknown;
  id?: string;
}

/** Parses an SSE byte stream into events (WHATWG rules: `event`, `data` joined by newlines, `id`). */
export async function* parseSSE(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let event = "message";
  let data: string[] = [];
  let id: string | undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let nl = buffer.search(/\r\n|\r|\n/);
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + (buffer.startsWith("\r\n", nl) ? 2 : 1));
        if (line === "") {
          if (data.length > 0) {
            const text = data.join("\n");
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON: keep the text
            }
            yield { event, data: parsed, ...(id !== undefined ? { id } : {}) };
          }
          event = "message";
          data = [];
        } else if (!line.startsWith(":")) {
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          let v = colon < 0 ? "" : line.slice(colon + 1);
          if (v.startsWith(" ")) v = v.slice(1);
          if (field === "event") event = v;
          else if (field === "data") data.push(v);
          else if (field === "id") id = v;
        }
        nl = buffer.search(/\r\n|\r|\n/);
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => {});
  }
}

/** Events after which a stream has nothing more to say (`done` of a prompt, `end` of a run). */
const FINAL_EVENTS = new Set(["done", "end"]);

/** Opens the stream again after an interruption, from just after the last event received. */
export type Reconnect = (lastEventId: string | undefined) => Promise<Response>;

/**
 * An event stream of an operation. Iterate it once with `for await`; breaking out of the loop (or the
 * request's AbortSignal) closes the connection, which stops the work on the server. A stream whose events
 * carry ids (run progress) is resumed after a dropped connection, from its last event, up to `maxReconnects`
 * times in a row.
 */
export class Stream<Event = ServerSentEvent> implements AsyncIterable<Event> {
  private used = false;

  constructor(
    private response: Response,
    private readonly signal?: AbortSignal,
    private readonly reconnect?: Reconnect,
    private readonly maxReconnects = 2,
  ) {}

  /** The request id of the stream's (latest) response. */
  get requestId(): string | null {
    return this.response.headers.get("x-request-id");
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Event> {
    if (this.used) throw new Error("A stream can be iterated only once");
    this.used = true;
    let lastEventId: string | undefined;
    let failures = 0;
    let ended = false;
    for (;;) {
      const body = this.response.body;
      if (!body) return;
      try {
        for await (const e of parseSSE(body)) {
          if (e.event === "error") {
            const data = (e.data ?? {}) as { error?: string; code?: string };
            throw new APIError(
              this.response.status,
              { ...data, requestId: this.requestId ?? undefined },
              data.error ?? "The stream failed",
              this.response.headers,
            );
          }
          if (e.id !== undefined) lastEventId = e.id;
          if (FINAL_EVENTS.has(e.event)) ended = true;
          failures = 0;
          yield e as Event;
        }
        return;
      } catch (err) {
        if (err instanceof APIError) throw err;
        // The last event arrived: a connection lost while closing loses nothing.
        if (ended) return;
        if (this.signal?.aborted) throw new APIUserAbortError();
        if (!this.reconnect || lastEventId === undefined || failures >= this.maxReconnects) {
          throw new APIConnectionError("The stream was interrupted", { cause: err });
        }
        failures++;
        this.response = await this.reconnect(lastEventId);
      }
    }
  }
}
