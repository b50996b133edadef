import { describe, expect, it } from "vitest";
import { sseParser } from "../src/sse.ts";

describe("the widget's SSE parser", () => {
  it("reads events split anywhere, skips comments, joins multi-line data and accepts CRLF", () => {
    const wire =
      'event: ready\ndata: {"a":1}\n\n: ping\n\nevent: token\r\ndata: {"delta":"Hi "}\r\n\r\nevent: done\ndata: line1\ndata: line2\n\n';
    for (const size of [1, 2, 3, 7, wire.length]) {
      const parse = sseParser();
      const events = [];
      for (let i = 0; i < wire.length; i += size) events.push(...parse(wire.slice(i, i + size)));
      expect(events, `chunks of ${size}`).toEqual([
        { event: "ready", data: '{"a":1}' },
        { event: "token", data: '{"delta":"Hi "}' },
        { event: "done", data: "line1\nline2" },
      ]);
    }
  });

  it("keeps an unfinished event for the next chunk", () => {
    const parse = sseParser();
    expect(parse("event: token\ndata: {")).toEqual([]);
    expect(parse('"delta":"x"}\n\n')).toEqual([{ event: "token", data: '{"delta":"x"}' }]);
  });
});
