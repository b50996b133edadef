import { z } from "@hono/zod-openapi";

/**
 * Server-sent event streams in the OpenAPI document. OpenAPI 3.1 has no way to say "a sequence of
 * events", so a stream's response schema is the union of its events, each `{ event, data }`: the
 * `event:` line's name and the parsed JSON of its `data:` line. The data schemas are the callers' own
 * named components, so a client generator gets one type per event, and the same zod schemas parse
 * what the server sends (the tests do), so the documentation and the wire cannot drift apart.
 */

/** Event name → zod schema of that event's JSON data (name it with `.openapi("…Event")`). */
export type SseEvents = Record<string, z.ZodType>;

type EventOf<E extends SseEvents> = {
  [N in keyof E & string]: z.ZodObject<{ event: z.ZodLiteral<N>; data: E[N] }>;
}[keyof E & string];

/** The schema of one parsed event of the stream: `{ event: <name>, data: <that event's payload> }`. */
export function sseEventSchema<const E extends SseEvents>(events: E) {
  const members = Object.entries(events).map(([name, data]) =>
    z.object({ event: z.literal(name), data }).openapi({ description: `\`event: ${name}\`` }),
  ) as EventOf<E>[];
  if (members.length === 0) throw new Error("an event stream needs at least one event");
  return z.discriminatedUnion("event", members as [EventOf<E>, ...EventOf<E>[]]);
}

/** The OpenAPI response of a route that answers `text/event-stream` with these events. */
export function sseResponse(events: SseEvents, description: string) {
  return {
    description,
    content: { "text/event-stream": { schema: sseEventSchema(events) } },
  };
}
