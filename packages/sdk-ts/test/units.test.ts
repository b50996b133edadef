/** The pure parts of the client: SSE parsing, Retry-After, backoff. (No server.) */
import { describe, expect, it } from "vitest";
import { backoffMs, retryAfterMs } from "../src/core.ts";
import { parseSSE } from "../src/streaming.ts";

function body(...chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(enc.encode(chunk));
      c.close();
    },
  });
}

const collect = async (b: ReadableStream<Uint8Array>) => {
  const out = [];
  for await (const e of parseSSE(b)) out.push(e);
  return out;
};

describe("parseSSE", () => {
  it("parses events split across chunks, CRLF lines, comments, ids and multi-line data", async () => {
    const events = await collect(
      body(
        ": ping\n\nevent: to",
        'ken\r\ndata: {"delta":"Hel"}\r\n\r\n',
        "id: 7\nevent: note\ndata: line one\ndata: line two\n\n",
        'data: {"n":1}\n\n',
      ),
    );
    expect(events).toEqual([
      { event: "token", data: { delta: "Hel" } },
      { event: "note", data: "line one\nline two", id: "7" },
      { event: "message", data: { n: 1 }, id: "7" },
    ]);
  });

  it("keeps a multi-byte character split between chunks whole, and drops an unfinished event", async () => {
    const bytes = new TextEncoder().encode('event: token\ndata: {"delta":"café"}\n\nevent: token\ndata: {"del');
    const cut = bytes.indexOf(0xc3) + 1; // inside "é"
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, cut));
        c.enqueue(bytes.slice(cut));
        c.close();
      },
    });
    expect(await collect(stream)).toEqual([{ event: "token", data: { delta: "café" } }]);
  });
});

describe("retry timing", () => {
  it("reads Retry-After as seconds or an HTTP date, and retry-after-ms; ignores what is not sane", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "150", "retry-after": "2" }))).toBe(150);
    // An HTTP date is read against the clock given (whole seconds: the date format has no milliseconds).
    const now = Date.parse("2026-12-01T10:00:00.000Z");
    const date = new Date(now + 45_000).toUTCString();
    expect(retryAfterMs(new Headers({ "retry-after": date }), now)).toBe(45_000);
    expect(retryAfterMs(new Headers({ "retry-after": new Date(now - 1000).toUTCString() }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "3600" }))).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });

  it("backs off exponentially from 0.5 s to at most 8 s, with up to 25 % jitter", () => {
    for (let retry = 0; retry < 8; retry++) {
      const full = Math.min(500 * 2 ** retry, 8000);
      for (let i = 0; i < 50; i++) {
        const ms = backoffMs(retry);
        expect(ms).toBeGreaterThanOrEqual(full * 0.75);
        expect(ms).toBeLessThanOrEqual(full);
      }
    }
  });
});
