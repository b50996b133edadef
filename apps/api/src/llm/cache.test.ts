import { createAnthropic } from "@ai-sdk/anthropic";
import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import { costUsd } from "./catalog.ts";
import { cacheKeyOf, cacheLayout, usageOf } from "./client.ts";

/** What the Anthropic provider sends for our layout: captured from its fetch, nothing leaves the process. */
async function anthropicBody(layout: ReturnType<typeof cacheLayout>) {
  let body: Record<string, unknown> = {};
  const anthropic = createAnthropic({
    apiKey: "k",
    fetch: async (_url, init) => {
      body = JSON.parse(String(init?.body));
      return new Response(
        JSON.stringify({
          id: "msg_1",
          type: "message",
          role: "assistant",
          model: "claude-haiku-4-5",
          content: [{ type: "text", text: "Grand, so." }],
          stop_reason: "end_turn",
          stop_sequence: null,
          usage: {
            input_tokens: 10,
            output_tokens: 3,
            cache_read_input_tokens: 2048,
            cache_creation_input_tokens: 300,
          },
        }),
        { status: 200, headers: { "content-type": "application/json" } },
      );
    },
  });
  const res = await generateText({ model: anthropic("claude-haiku-4-5"), ...layout, maxRetries: 0 });
  return { body, usage: usageOf(res.usage) };
}

const request = {
  system: ["RULES", "CARD"],
  messages: [
    { role: "user" as const, content: "<context/>first" },
    { role: "assistant" as const, content: "answer" },
    { role: "user" as const, content: "<context/>second" },
  ],
};

describe("prompt cache layout", () => {
  it("sets Anthropic cache breakpoints on the rules, the card, the last history message and this turn", async () => {
    const { body, usage } = await anthropicBody(cacheLayout("anthropic", request));
    const ephemeral = { type: "ephemeral" };
    expect(body.system).toEqual([
      { type: "text", text: "RULES", cache_control: ephemeral },
      { type: "text", text: "CARD", cache_control: ephemeral },
    ]);
    const messages = body.messages as { role: string; content: { text: string; cache_control?: unknown }[] }[];
    expect(messages.map((m) => m.content.at(-1)?.cache_control)).toEqual([undefined, ephemeral, ephemeral]);
    // The SDK adds cache reads and writes to the input total; we bill each at its own price.
    expect(usage).toEqual({ inputTokens: 2358, outputTokens: 3, cachedTokens: 2048, cacheWriteTokens: 300 });
  });

  it("sends one system string to OpenAI and OpenAI-compatible servers, rules first", () => {
    for (const provider of ["openai", "compatible"] as const) {
      const layout = cacheLayout(provider, request);
      expect(layout.system).toBe("RULES\n\nCARD");
      expect(layout.messages).toBe(request.messages);
    }
  });

  it("keys the cache by the system prompt", () => {
    expect(cacheKeyOf(["RULES", "CARD"])).toBe(cacheKeyOf(["RULES", "CARD"]));
    expect(cacheKeyOf(["RULES", "CARD"])).not.toBe(cacheKeyOf(["RULES", "OTHER CARD"]));
    expect(cacheKeyOf("x")).toMatch(/^pr-[0-9a-f]{32}$/);
  });
});

describe("cost with cached tokens", () => {
  const haiku = { inputPerMTok: 1, outputPerMTok: 5, cachedInputPerMTok: 0.1, cacheWriteInputPerMTok: 1.25 };
  it("bills cache reads at the cached price and cache writes at the write price", () => {
    const usage = { inputTokens: 3_000_000, outputTokens: 0, cachedTokens: 2_000_000, cacheWriteTokens: 500_000 };
    expect(costUsd(haiku, usage)).toBeCloseTo(0.5 * 1 + 2 * 0.1 + 0.5 * 1.25, 8);
  });
  it("bills writes at the input price when the model has no write price, and never more cached than input", () => {
    const { cacheWriteInputPerMTok: _w, ...openai } = haiku;
    expect(
      costUsd(openai, { inputTokens: 1_000_000, outputTokens: 0, cachedTokens: 0, cacheWriteTokens: 1_000_000 }),
    ).toBe(1);
    expect(costUsd(openai, { inputTokens: 1_000_000, outputTokens: 0, cachedTokens: 5_000_000 })).toBeCloseTo(0.1, 8);
  });
});
