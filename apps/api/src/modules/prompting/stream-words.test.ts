import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../../test/fake-openai.ts";
import { BOOT_TIMEOUT_MS, seed, startTestServer, type TestServer } from "../../../test/harness.ts";
import { sseEvents } from "../../../test/sse.ts";

/**
 * The stream as a client reads it (docs/streaming.md): every `token` delta is whole words — the output
 * guardrails' hold-back releases text at arbitrary characters, and a provider may send pieces of words,
 * but a word is never cut between two events — and `mode: "stream"` in the body is accepted and ignored.
 */

let s: TestServer;
let fake: FakeOpenAI;
let t: { tenantId: string; key: string };
let personaId: string;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  s = await startTestServer({ env: { OPENAI_COMPATIBLE_BASE_URL: fake.url, LLM_MAX_RETRIES: "0" } });
  t = await s.newTenant();
  personaId = (await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } })).body.persona.id;
}, BOOT_TIMEOUT_MS);
afterAll(async () => {
  await s.close();
  await fake.close();
});

async function streamDeltas(body: Record<string, unknown>) {
  const res = await s.request("POST", "/personas/prompt/stream", { key: t.key, body: { personaId, ...body } });
  expect(res.status, res.text).toBe(200);
  const events = sseEvents(res.text);
  const done = events.find((e) => e.event === "done")?.data as { response: string } | undefined;
  expect(done, res.text).toBeDefined();
  const deltas = events.filter((e) => e.event === "token").map((e) => (e.data as { delta: string }).delta);
  expect(deltas.join("")).toBe(done?.response);
  return deltas;
}

/** Pairs of neighbouring deltas where a word runs across the boundary. */
function cutWords(deltas: string[]): string[] {
  const cuts: string[] = [];
  for (let i = 1; i < deltas.length; i++) {
    const before = deltas[i - 1] as string;
    const after = deltas[i] as string;
    if (/\S$/.test(before) && /^\S/.test(after)) cuts.push(`${JSON.stringify(before)} | ${JSON.stringify(after)}`);
  }
  return cuts;
}

describe("streamed deltas", () => {
  it("are whole words with the simulator, through the output guardrails", async () => {
    for (const userPrompt of [
      "How do you approach design challenges?",
      "What frustrates you about your bank's app?",
      "Tell me about last weekend, in detail.",
    ]) {
      const deltas = await streamDeltas({ userPrompt });
      expect(deltas.length).toBeGreaterThan(3);
      expect(cutWords(deltas), userPrompt).toEqual([]);
    }
  });

  it("are whole words when a provider streams pieces of words", async () => {
    // Three characters a chunk: nearly every word arrives in pieces.
    fake.enqueue({
      kind: "text",
      text: "Absolutely. Interoperability matters; internationalization too, honestly.",
      chunkChars: 3,
    });
    const deltas = await streamDeltas({ userPrompt: "Anything?", model: "compatible/fake-llama" });
    expect(cutWords(deltas)).toEqual([]);
  });

  it("accept and ignore mode: stream in the body (clients that send the sync body)", async () => {
    const deltas = await streamDeltas({ userPrompt: "Hi there", mode: "stream" });
    expect(deltas.length).toBeGreaterThan(0);
    const wrong = await s.request("POST", "/personas/prompt/stream", {
      key: t.key,
      body: { personaId, userPrompt: "Hi", mode: "async" },
    });
    expect(wrong.status).toBe(400);
  });
});
