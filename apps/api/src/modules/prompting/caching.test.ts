import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeCall, type FakeOpenAI, startFakeOpenAI } from "../../../test/fake-openai.ts";
import { seed, startTestServer, type TestServer, until } from "../../../test/harness.ts";
import { historyStart } from "./engine.ts";
import { GENERIC_RULES } from "./messages.ts";
import { PromptResultSchema } from "./schemas.ts";

/**
 * Prompt caching by design (docs/models.md, "Prompt caching"), proved on the wire: the fake
 * OpenAI-compatible server logs every request and imitates OpenAI's prompt cache, so these tests see
 * exactly what a provider would get and what it would report as cached.
 */
let fake: FakeOpenAI;
let s: TestServer;
let t: { tenantId: string; key: string };
const MODEL = "compatible/fake-cache";

beforeAll(async () => {
  fake = await startFakeOpenAI({ fallback: { kind: "text", text: "" }, textFor: (c) => answerFor(c) });
  // The compatible model has no catalog price: MODEL_PRICES gives it one, so the cost shows the cached rate.
  s = await startTestServer({
    env: {
      OPENAI_COMPATIBLE_BASE_URL: fake.url,
      MODEL_PRICES: JSON.stringify({ [MODEL]: { inputPerMTok: 1, cachedInputPerMTok: 0.1, outputPerMTok: 2 } }),
    },
  });
  t = await s.newTenant();
});
afterAll(async () => {
  await s?.close();
  await fake?.close();
});
beforeEach(() => fake.reset());

/** A plausible answer of some length, different per request. */
function answerFor(call: FakeCall): string {
  const n = call.body.messages.length;
  return `Answer ${n}: well, it depends on the week, honestly. Some days it is fine and some days it is not.`;
}

const newPersona = async (over: Record<string, unknown> = {}) =>
  (await s.request("POST", "/personas", { key: t.key, body: { seed: seed(over) } })).body.persona.id as string;

const ask = async (body: Record<string, unknown>) => {
  const res = await s.request("POST", "/personas/prompt", { key: t.key, body: { model: MODEL, ...body } });
  expect(res.status, res.text).toBe(200);
  return PromptResultSchema.parse(res.body);
};

const streamed = async (body: Record<string, unknown>) => {
  const res = await fetch(`${s.url}/personas/prompt/stream`, {
    method: "POST",
    headers: { "x-api-key": t.key, "content-type": "application/json" },
    body: JSON.stringify({ model: MODEL, ...body }),
  });
  const raw = await res.text();
  const done = /event: done\ndata: (.*)\n\n/.exec(raw)?.[1];
  expect(done, raw).toBeTruthy();
  return PromptResultSchema.parse(JSON.parse(done ?? "{}"));
};

const asyncResult = async (body: Record<string, unknown>) => {
  const res = await s.request("POST", "/personas/prompt", {
    key: t.key,
    body: { model: MODEL, mode: "async", ...body },
  });
  expect(res.status, res.text).toBe(202);
  const job = await until(
    async () => {
      const { job } = (await s.request("GET", `/personas/prompt/jobs/${res.body.jobId}`, { key: t.key })).body;
      return ["succeeded", "failed"].includes(job.status) ? job : undefined;
    },
    { what: "the async prompt to finish" },
  );
  expect(job.status).toBe("succeeded");
  return PromptResultSchema.parse(job.result);
};

/** The request's messages as the provider's prompt reads them (role and content, in order). */
const serialized = (call: FakeCall) => JSON.stringify(call.body.messages);

describe("prompt caching by design", () => {
  it("makes each request of a session extend the previous one byte for byte, memories and all", async () => {
    const personaId = await newPersona();
    // Memories that retrieval will pick for these questions: their block must be replayed as sent.
    await s.request("POST", `/personas/${personaId}/timeline`, {
      key: t.key,
      body: {
        eventAt: "2019-05-04T10:00:00.000Z",
        eventLabel: "Won the design award for the transit app",
        facts: "My transit app redesign won a regional design award.",
        feelings: "Proud and a bit embarrassed on stage.",
        interpretation: "Good design is noticed.",
        memoryType: "pride",
        memoryStrength: 85,
      },
    });
    const first = await ask({ personaId, userPrompt: "What do you think about design awards?" });
    const sessionId = first.sessionId;
    await ask({ personaId, sessionId, userPrompt: "And the app you are proudest of?" });
    await streamed({ personaId, sessionId, userPrompt: "What frustrates you about your banking app?" });
    await asyncResult({ personaId, sessionId, userPrompt: "Would you pay $12 a month for a better one?" });
    await ask({ personaId, sessionId, userPrompt: "What did you do last weekend?" });

    const calls = fake.calls.filter((c) => c.path === "/v1/chat/completions");
    expect(calls).toHaveLength(5);
    expect(calls[0]?.body.messages.at(-1).content).toContain("<memories");
    for (let i = 1; i < calls.length; i++) {
      const prev = calls[i - 1] as FakeCall;
      const next = calls[i] as FakeCall;
      // The previous request's messages are the start of this one's, unchanged: a byte-identical prefix.
      expect(next.body.messages.slice(0, prev.body.messages.length)).toEqual(prev.body.messages);
      expect(serialized(next).startsWith(serialized(prev).slice(0, -1))).toBe(true);
      expect(next.body.prompt_cache_key).toBe(prev.body.prompt_cache_key);
    }
  });

  it("gives every persona the same generic rules first, and each its own stable card and cache key", async () => {
    const a = await newPersona();
    const b = await newPersona({ firstName: "Ngozi", lastName: "Okafor", location: "Lagos, Nigeria", age: 41 });
    await ask({ personaId: a, userPrompt: "How do you pay for groceries?" });
    await ask({ personaId: b, userPrompt: "How do you pay for groceries?" });
    await ask({ personaId: a, userPrompt: "Something else?" });
    const [ca, cb, ca2] = fake.chats.map((c) => c.body);
    const systemA = ca.messages[0].content as string;
    const systemB = cb.messages[0].content as string;
    expect(systemA.startsWith(GENERIC_RULES)).toBe(true);
    expect(systemB.startsWith(GENERIC_RULES)).toBe(true);
    expect(systemA).not.toBe(systemB);
    // The card has no date and nothing of the call: a new session of the same persona sends the same bytes.
    expect(ca2.messages[0].content).toBe(systemA);
    expect(ca2.prompt_cache_key).toBe(ca.prompt_cache_key);
    expect(cb.prompt_cache_key).not.toBe(ca.prompt_cache_key);
    expect(systemB).toContain("naira");
    // Today's date travels in this turn's header, never in the cached system prompt.
    const today = new Intl.DateTimeFormat("en-GB", { year: "numeric", timeZone: "UTC" }).format(new Date());
    expect(ca.messages.at(-1).content).toContain(today);
  });

  it("reports cached tokens in the answer, the done event, the async result, the turn and usage, and bills them at the cached price", async () => {
    {
      const personaId = await newPersona({ firstName: "Siobhan", lastName: "Walsh", location: "Galway", age: 67 });
      const first = await ask({ personaId, userPrompt: "Tell me about your week." });
      expect(first.cachedTokensIn).toBe(0);
      const results = [
        await ask({ personaId, sessionId: first.sessionId, userPrompt: "And your weekend?" }),
        await streamed({ personaId, sessionId: first.sessionId, userPrompt: "What do you spend most on?" }),
        await asyncResult({ personaId, sessionId: first.sessionId, userPrompt: "Would you pay €10 a month for it?" }),
      ];
      const reported = fake.chats.slice(1).map((c) => c.body);
      expect(reported).toHaveLength(3);
      for (const r of results) {
        // The whole previous request (rules, card, history, its header) is a cached prefix: 1024+ tokens, in blocks of 128.
        expect(r.cachedTokensIn).toBeGreaterThanOrEqual(1024);
        expect(r.cachedTokensIn % 128).toBe(0);
        expect(r.cachedTokensIn).toBeLessThanOrEqual(r.tokensIn);
        const expected = ((r.tokensIn - r.cachedTokensIn) * 1 + r.cachedTokensIn * 0.1 + r.tokensOut * 2) / 1e6;
        expect(r.costUsd).toBeCloseTo(expected, 8);
        expect(r.costUsd).toBeLessThan((r.tokensIn + r.tokensOut * 2) / 1e6);
      }
      const { turns } = (await s.request("GET", `/personas/prompt/sessions/${first.sessionId}`, { key: t.key })).body;
      expect(turns.map((x: { cachedTokensIn: number }) => x.cachedTokensIn)).toEqual([
        0,
        ...results.map((r) => r.cachedTokensIn),
      ]);
      await s.ctx.usage.flush();
      const events = await s.ctx.database.query<{ payload: { turnId: string; cachedTokens: number } }>(
        "select payload from usage_events where tenant_id = $1 and event = 'persona_prompt'",
        [t.tenantId],
      );
      const byTurn = new Map(events.map((e) => [e.payload.turnId, e.payload.cachedTokens]));
      for (const r of results) expect(byTurn.get(r.turnId)).toBe(r.cachedTokensIn);
    }
  });
});

describe("the history window", () => {
  it("sends every turn up to 29, then moves 10 turns at a time (20 to 29 sent)", () => {
    const sent = (turns: number) => turns - historyStart(turns);
    expect([0, 1, 19, 20, 29].map(historyStart)).toEqual([0, 0, 0, 0, 0]);
    expect([30, 39, 40, 55].map(historyStart)).toEqual([10, 10, 20, 30]);
    for (let n = 20; n < 200; n++) {
      expect(sent(n)).toBeGreaterThanOrEqual(20);
      expect(sent(n)).toBeLessThanOrEqual(29);
      // Between two consecutive prompts the window's start stays put, except once every 10 turns.
      if (n % 10 !== 0) expect(historyStart(n)).toBe(historyStart(n - 1));
    }
  });
});
