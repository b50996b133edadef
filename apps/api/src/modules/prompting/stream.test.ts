import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer, until } from "../../../test/harness.ts";
import { parseSse, sseEvents } from "../../../test/sse.ts";
import { sseEventSchema } from "../../http/sse-schemas.ts";
import { PromptStreamEvents, SessionEnvelope } from "./schemas.ts";

/** The documented events of the stream (the OpenAPI response is built from the same schemas). */
const PromptStreamEvent = sseEventSchema(PromptStreamEvents);

/** Parses every event with the documented schema; the parse keeps every field, so none is undocumented. */
function documentedEvents(raw: string) {
  return sseEvents(raw).map((wire) => {
    const parsed = PromptStreamEvent.parse(wire);
    expect(parsed, `${wire.event} carries a field the schema does not document`).toEqual(wire);
    return parsed;
  });
}

let s: TestServer;
let slow: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  // Slow words and fast heartbeats, to see heartbeats and to disconnect mid-answer.
  slow = await startTestServer({ env: { SIMULATOR_DELAY_MS: "40", SSE_HEARTBEAT_MS: "100" } });
});
afterAll(async () => {
  await s.close();
  await slow.close();
});

async function personaOf(server: TestServer, t: { key: string }) {
  return (await server.request("POST", "/personas", { key: t.key, body: { seed: seed() } })).body.persona.id as string;
}

describe("POST /personas/prompt/stream", () => {
  it("streams ready, word-sized token events and done, byte for byte as specified", async () => {
    const t = await s.newTenant();
    const personaId = await personaOf(s, t);
    const res = await fetch(`${s.url}/personas/prompt/stream`, {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ tenantId: t.tenantId, personaId, userPrompt: "How do you approach design challenges?" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    const raw = await res.text();
    const events = parseSse(raw).filter((e) => e.comment === undefined);
    expect(events[0]?.event).toBe("ready");
    expect(Object.keys(JSON.parse(events[0]?.data ?? ""))).toEqual(["startedAt"]);
    const last = events[events.length - 1];
    expect(last?.event).toBe("done");
    const tokens = events.slice(1, -1);
    expect(tokens.length).toBeGreaterThan(5);
    for (const tok of tokens) {
      expect(tok.event).toBe("token");
      const data = JSON.parse(tok.data ?? "");
      expect(Object.keys(data)).toEqual(["delta"]);
      expect(data.delta.trim().split(/\s+/).length).toBeLessThanOrEqual(2);
    }
    const done = JSON.parse(last?.data ?? "");
    for (const k of ["sessionId", "prompt", "response", "modelName", "tokensIn", "tokensOut", "latencyMs"])
      expect(done).toHaveProperty(k);
    expect(tokens.map((e) => JSON.parse(e.data ?? "").delta).join("")).toBe(done.response);
    expect(done.prompt).toBe("How do you approach design challenges?");
    expect(done.modelName).toBe("person-run-simulator");
    const session = SessionEnvelope.parse(
      (await s.request("GET", `/personas/prompt/sessions/${done.sessionId}`, { key: t.key })).body,
    );
    expect(session.turns[0]).toMatchObject({ mode: "stream", status: "completed", response: done.response });
  });

  it("sends only events the OpenAPI document describes: ready, token, done", async () => {
    const t = await s.newTenant();
    const personaId = await personaOf(s, t);
    const res = await fetch(`${s.url}/personas/prompt/stream`, {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ personaId, userPrompt: "What did you do last weekend?" }),
    });
    const events = documentedEvents(await res.text());
    expect(events.map((e) => e.event)).toEqual(["ready", ...events.slice(1, -1).map(() => "token"), "done"]);
    const done = events[events.length - 1];
    if (done?.event !== "done") throw new Error("no done event");
    const tokens = events.flatMap((e) => (e.event === "token" ? [e.data.delta] : []));
    expect(tokens.join("")).toBe(done.data.response);
  });

  it("ends with a documented error event when generation fails after it started", async () => {
    const t = await slow.newTenant();
    const personaId = await personaOf(slow, t);
    const res = await fetch(`${slow.url}/personas/prompt/stream`, {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ personaId, userPrompt: "Tell me the whole story of your career, in detail." }),
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let raw = "";
    while (!raw.includes("event: ready")) raw += new TextDecoder().decode((await reader.read()).value);
    // Deleting the persona mid-answer stops its generation with an error.
    expect((await slow.request("DELETE", `/personas/${personaId}`, { key: t.key })).status).toBe(200);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      raw += new TextDecoder().decode(value);
    }
    const events = documentedEvents(raw);
    const last = events[events.length - 1];
    expect(last?.event).toBe("error");
    if (last?.event !== "error") throw new Error("no error event");
    expect(last.data.code).toBe("not_found");
    expect(last.data.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("answers errors before generation as ordinary JSON", async () => {
    const t = await s.newTenant();
    const personaId = await personaOf(s, t);
    const post = (key: string | null, body: unknown) => s.request("POST", "/personas/prompt/stream", { key, body });
    const noKey = await post(null, { personaId, userPrompt: "hi" });
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get("content-type")).toContain("application/json");
    expect((await post(t.key, { personaId, userPrompt: "" })).status).toBe(400);
    expect((await post(t.key, { personaId, userPrompt: "hi", mode: "sync" })).status).toBe(400);
    expect((await post(t.key, { personaId: "01a22480-a4a4-75f0-ae3f-d8d6b9828fae", userPrompt: "hi" })).status).toBe(
      404,
    );
    await s.request("PUT", "/billing", { key: t.key, body: { creditBalance: 0 } });
    const broke = await post(t.key, { personaId, userPrompt: "hi" });
    expect(broke.status).toBe(402);
    expect(broke.body).toMatchObject({ error: "Insufficient credits", availableCredits: 0 });
  });

  it("sends heartbeat comments while the answer is slow", async () => {
    const t = await slow.newTenant();
    const personaId = await personaOf(slow, t);
    const res = await fetch(`${slow.url}/personas/prompt/stream`, {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ personaId, userPrompt: "Tell me about your weekend.", maxTokens: 40 }),
    });
    const events = parseSse(await res.text());
    expect(events.some((e) => e.comment === "ping")).toBe(true);
    expect(events[events.length - 1]?.event).toBe("done");
  });

  it("stops generating when the client disconnects, and keeps the partial answer", async () => {
    const t = await slow.newTenant();
    const personaId = await personaOf(slow, t);
    const abort = new AbortController();
    const res = await fetch(`${slow.url}/personas/prompt/stream`, {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ personaId, userPrompt: "Tell me the whole story of your career, in detail." }),
      signal: abort.signal,
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let received = "";
    while ((received.match(/event: token/g) ?? []).length < 3) {
      const { value } = await reader.read();
      received += new TextDecoder().decode(value);
    }
    abort.abort();
    await reader.cancel().catch(() => {});
    // The turn is recorded as partial, with only what was generated before the disconnect.
    type Turn = { status: string; response: string; tokensOut: number };
    const turns = await until(
      async () => {
        const list = await slow.request("GET", "/personas/prompt/sessions", { key: t.key, query: { personaId } });
        const id = list.body.sessions[0]?.id;
        if (!id) return undefined;
        const found: Turn[] = (await slow.request("GET", `/personas/prompt/sessions/${id}`, { key: t.key })).body.turns;
        return found.length > 0 ? found : undefined;
      },
      { what: "the partial turn to be recorded" },
    );
    expect(turns).toHaveLength(1);
    expect(turns[0]?.status).toBe("partial");
    const words = turns[0]?.response.trim().split(/\s+/).length ?? 0;
    expect(words).toBeGreaterThanOrEqual(3);
    // Had it gone on, the full answer (same prompt, same persona: deterministic) is longer.
    const full = await slow.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId, userPrompt: "Tell me the whole story of your career, in detail." },
    });
    expect(full.body.response.startsWith(turns[0]?.response.trimEnd() ?? "")).toBe(true);
    expect(full.body.response.length).toBeGreaterThan((turns[0]?.response.length ?? 0) + 10);
  });
});
