/** One server-sent event: its name and its data lines joined. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * An incremental SSE parser: feed it decoded text chunks (split anywhere), it returns the complete events.
 * Comment lines (`: ping`) are skipped; `\r\n` and `\r` line ends are accepted.
 */
export function sseParser(): (chunk: string) => SseEvent[] {
  let buffer = "";
  let event = "";
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    const out: SseEvent[] = [];
    // A `\r` at the very end may be the first half of `\r\n`: kept for the next chunk.
    const held = buffer.endsWith("\r") ? "\r" : "";
    const lines = (held ? buffer.slice(0, -1) : buffer).split(/\r\n|\r|\n/);
    // The last piece is an unfinished line.
    buffer = (lines.pop() ?? "") + held;
    for (const line of lines) {
      if (line === "") {
        if (data.length > 0) out.push({ event: event || "message", data: data.join("\n") });
        event = "";
        data = [];
      } else if (line.startsWith(":")) {
        // a heartbeat comment
      } else {
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
      }
    }
    return out;
  };
}
