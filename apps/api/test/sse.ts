import { expect } from "vitest";

/** One event as the wire carries it, before its data is parsed. */
export interface RawSseEvent {
  event?: string;
  data?: string;
  id?: string;
  /** A comment line (`: ping`): a heartbeat, not an event. */
  comment?: string;
}

/**
 * The SSE wire format, read as raw bytes: events separated by a blank line, comments start with ':',
 * `data:` lines of one event joined with newlines. Strict: any other line fails the test, so a change
 * of the format is noticed.
 */
export function parseSse(raw: string): RawSseEvent[] {
  expect(raw.endsWith("\n\n")).toBe(true);
  return raw
    .split("\n\n")
    .filter(Boolean)
    .map((block) => {
      const ev: RawSseEvent = {};
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) ev.comment = line.slice(1).trim();
        else if (line.startsWith("event: ")) ev.event = line.slice(7);
        else if (line.startsWith("id: ")) ev.id = line.slice(4);
        else if (line.startsWith("data: ")) ev.data = (ev.data === undefined ? "" : `${ev.data}\n`) + line.slice(6);
        else throw new Error(`unexpected SSE line: ${JSON.stringify(line)}`);
      }
      return ev;
    });
}

/** The events of a stream (heartbeat comments left out) with their data parsed as JSON. */
export function sseEvents(raw: string): { event: string | undefined; data: unknown }[] {
  return parseSse(raw)
    .filter((e) => e.comment === undefined)
    .map((e) => ({ event: e.event, data: e.data === undefined ? undefined : JSON.parse(e.data) }));
}
