import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { APICallError } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "./fake-openai.ts";
import { until } from "./harness.ts";

let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.reset();
  fake.fallback = { kind: "text", text: "Hello from the fake model." };
  fake.textFor = undefined;
});

function model(id = "fake-model") {
  return createOpenAICompatible({ name: "fake", baseURL: fake.url, apiKey: "k", includeUsage: true }).chatModel(id);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected the promise to reject");
}

describe("fake OpenAI server with the real AI SDK", () => {
  it("listens on loopback with a /v1 base URL", () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it("generateText gets the queued text and usage", async () => {
    fake.enqueue({
      kind: "text",
      text: "Queued answer.",
      usage: { prompt_tokens: 11, completion_tokens: 7, cached_tokens: 3 },
    });
    const result = await generateText({ model: model(), prompt: "Hi", maxRetries: 0 });
    expect(result.text).toBe("Queued answer.");
    expect(result.finishReason).toBe("stop");
    expect(result.usage.inputTokens).toBe(11);
    expect(result.usage.outputTokens).toBe(7);
    expect(result.usage.totalTokens).toBe(18);
    expect(result.usage.inputTokenDetails.cacheReadTokens).toBe(3);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.body.stream).toBeFalsy();
  });

  it("generateText falls back to the default text with estimated usage", async () => {
    const result = await generateText({ model: model(), prompt: "12345678", maxRetries: 0 });
    expect(result.text).toBe("Hello from the fake model.");
    expect(result.usage.inputTokens).toBe(2); // ceil(8 / 4)
    expect(result.usage.outputTokens).toBe(Math.ceil("Hello from the fake model.".length / 4));
  });

  it("streamText chunks join to the text and usage arrives", async () => {
    const text = "The quick brown fox jumps over the lazy dog.";
    fake.enqueue({ kind: "text", text, usage: { prompt_tokens: 5, completion_tokens: 9 } });
    const result = streamText({ model: model(), prompt: "Tell me", maxRetries: 0 });
    const chunks: string[] = [];
    for await (const c of result.textStream) chunks.push(c);
    expect(chunks.join("")).toBe(text);
    expect(chunks.length).toBeGreaterThan(1);
    const usage = await result.usage;
    expect(usage.inputTokens).toBe(5);
    expect(usage.outputTokens).toBe(9);
    expect(await result.finishReason).toBe("stop");
    const body = fake.calls[0]?.body;
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  it("streamText honours latencyMs: nothing arrives before it, while other requests are answered", async () => {
    // Ordering, not a stopwatch: a request sent after the delayed one completes first, and the delayed
    // one has still sent nothing (an hour's latency), until it is aborted.
    fake.enqueue({ kind: "text", text: "late words", latencyMs: 3_600_000 });
    const controller = new AbortController();
    const seen: string[] = [];
    const late = streamText({ model: model(), prompt: "x", maxRetries: 0, abortSignal: controller.signal });
    const drained = (async () => {
      for await (const part of late.fullStream) if (part.type === "text-delta") seen.push(part.text);
    })();
    await until(() => fake.calls.length === 1, { what: "the delayed request to arrive" });
    expect((await generateText({ model: model(), prompt: "y", maxRetries: 0 })).text).toBe(
      "Hello from the fake model.",
    );
    expect(seen).toEqual([]);
    controller.abort();
    await drained.catch(() => {});
    expect(seen).toEqual([]);
  });

  it("streamText delivers a delayed answer in full once latencyMs has passed", async () => {
    fake.enqueue({ kind: "text", text: "late words", latencyMs: 50 });
    const result = streamText({ model: model(), prompt: "x", maxRetries: 0 });
    expect(await result.text).toBe("late words");
  });

  it("retries after a 429 with Retry-After", async () => {
    fake.enqueue({ kind: "status", status: 429, retryAfter: "0" }, { kind: "text", text: "after retry" });
    const result = await generateText({ model: model(), prompt: "Hi", maxRetries: 1 });
    expect(result.text).toBe("after retry");
    expect(fake.calls).toHaveLength(2);
  });

  it("429 carries the retry-after header and OpenAI error JSON", async () => {
    fake.enqueue({ kind: "status", status: 429, retryAfter: "7", message: "slow down" });
    const err = await rejection(generateText({ model: model(), prompt: "Hi", maxRetries: 0 }));
    expect(APICallError.isInstance(err)).toBe(true);
    const e = err as APICallError;
    expect(e.statusCode).toBe(429);
    expect(e.isRetryable).toBe(true);
    expect(e.message).toBe("slow down");
    expect(e.responseHeaders?.["retry-after"]).toBe("7");
    expect(JSON.parse(e.responseBody ?? "")).toMatchObject({
      error: { message: "slow down", type: "requests", code: "rate_limit_exceeded" },
    });
  });

  it("500 rejects with a retryable APICallError", async () => {
    fake.enqueue({ kind: "status", status: 500 });
    const err = await rejection(generateText({ model: model(), prompt: "Hi", maxRetries: 0 }));
    expect(APICallError.isInstance(err)).toBe(true);
    expect((err as APICallError).statusCode).toBe(500);
    expect((err as APICallError).isRetryable).toBe(true);
    expect((err as APICallError).message).toBe("fake error");
    expect(fake.calls).toHaveLength(1);
  });

  it("400 rejects with a non-retryable APICallError", async () => {
    fake.enqueue({ kind: "status", status: 400, message: "bad request" });
    const err = await rejection(generateText({ model: model(), prompt: "Hi", maxRetries: 0 }));
    expect(APICallError.isInstance(err)).toBe(true);
    expect((err as APICallError).statusCode).toBe(400);
    expect((err as APICallError).isRetryable).toBe(false);
  });

  it("malformed JSON rejects", async () => {
    fake.enqueue({ kind: "malformed" });
    const err = await rejection(generateText({ model: model(), prompt: "Hi", maxRetries: 0 }));
    expect(err).toBeInstanceOf(Error);
    expect(fake.calls).toHaveLength(1);
  });

  it("malformed SSE surfaces an error in the stream", async () => {
    fake.enqueue({ kind: "malformed" });
    const errors: unknown[] = [];
    const result = streamText({
      model: model(),
      prompt: "Hi",
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    for await (const _ of result.fullStream) {
      // drain
    }
    expect(errors.length).toBeGreaterThan(0);
  });

  it("hang never answers; the client's abort rejects the call", async () => {
    fake.enqueue({ kind: "hang" });
    const controller = new AbortController();
    const call = rejection(
      generateText({ model: model(), prompt: "Hi", maxRetries: 0, abortSignal: controller.signal }),
    );
    await until(() => fake.calls.length === 1, { what: "the hanging request to arrive" });
    controller.abort();
    // Were the abort not honoured, this would wait until the test's own timeout.
    expect(await call).toBeInstanceOf(Error);
    expect(fake.calls).toHaveLength(1);
  });

  it("dropMidStream delivers some chunks, then the stream errors", async () => {
    fake.enqueue({ kind: "dropMidStream", text: "one two three four five", afterChunks: 2 });
    const errors: unknown[] = [];
    const seen: string[] = [];
    const result = streamText({
      model: model(),
      prompt: "Hi",
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    // The dropped connection surfaces either as a thrown stream error or through onError, depending on where
    // the SDK notices it; both count.
    try {
      for await (const part of result.fullStream) {
        if (part.type === "text-delta") seen.push(part.text);
      }
    } catch (err) {
      errors.push(err);
    }
    expect(seen.join("")).toBe("one two ");
    expect(errors.length).toBeGreaterThan(0);
  });

  it("records model, messages (system first) and temperature", async () => {
    await generateText({
      model: model("persona-model"),
      system: "You are a test persona.",
      prompt: "What do you think?",
      temperature: 0.3,
      maxOutputTokens: 50,
      maxRetries: 0,
    });
    const call = fake.calls[0];
    expect(call?.method).toBe("POST");
    expect(call?.path).toBe("/v1/chat/completions");
    expect(call?.headers.authorization).toBe("Bearer k");
    expect(call?.body.model).toBe("persona-model");
    expect(call?.body.temperature).toBe(0.3);
    expect(call?.body.max_tokens).toBe(50);
    expect(call?.body.messages[0]).toEqual({ role: "system", content: "You are a test persona." });
    expect(call?.body.messages[1]).toMatchObject({ role: "user", content: "What do you think?" });
  });

  it("textFor decides the text when the behaviour's text is empty", async () => {
    fake.textFor = (call) => `echo: ${call.body.messages.at(-1).content}`;
    fake.enqueue({ kind: "text", text: "" });
    const result = await generateText({ model: model(), prompt: "ping", maxRetries: 0 });
    expect(result.text).toBe("echo: ping");
  });

  it("works with @ai-sdk/openai chat models too", async () => {
    fake.enqueue({ kind: "text", text: "via openai provider", usage: { prompt_tokens: 2, completion_tokens: 3 } });
    const openai = createOpenAI({ baseURL: fake.url, apiKey: "k" });
    const result = await generateText({ model: openai.chat("gpt-4o-mini"), prompt: "Hi", maxRetries: 0 });
    expect(result.text).toBe("via openai provider");
    expect(result.usage.inputTokens).toBe(2);
    expect(result.usage.outputTokens).toBe(3);
  });
});

describe("fake OpenAI server over raw HTTP", () => {
  it("answers 404 JSON on unknown routes and records the call", async () => {
    const res = await fetch(`${fake.url}/embeddings`, { headers: { authorization: "Bearer k" } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error" } });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.path).toBe("/v1/embeddings");
  });

  it("lists its model at GET /v1/models (what health probes read)", async () => {
    const res = await fetch(`${fake.url}/models`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ object: "list", data: [{ id: "fake-model" }] });
  });

  it("requires a bearer token and does not consume the queue", async () => {
    fake.enqueue({ kind: "text", text: "kept" });
    const res = await fetch(`${fake.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages: [] }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_api_key" } });
    expect(fake.calls).toHaveLength(1);
    const ok = await fetch(`${fake.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer k" },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "x" }] }),
    });
    const json = (await ok.json()) as { id: string };
    expect(json).toMatchObject({
      object: "chat.completion",
      model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: "kept" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, prompt_tokens_details: { cached_tokens: 0 } },
    });
    expect(json.id).toMatch(/^chatcmpl-/);
  });

  it("streams OpenAI chunk format ending in [DONE]", async () => {
    fake.enqueue({ kind: "text", text: "a b", usage: { prompt_tokens: 1, completion_tokens: 2 } });
    const res = await fetch(`${fake.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer k" },
      body: JSON.stringify({ model: "m", messages: [], stream: true, stream_options: { include_usage: true } }),
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const lines = (await res.text()).split("\n\n").filter((l) => l.length > 0);
    expect(lines.at(-1)).toBe("data: [DONE]");
    const chunks = lines.slice(0, -1).map((l) => JSON.parse(l.replace(/^data: /, "")));
    expect(chunks[0].choices[0].delta).toEqual({ role: "assistant", content: "" });
    expect(chunks[1].choices[0].delta.content).toBe("a ");
    expect(chunks[2].choices[0].delta.content).toBe("b");
    expect(chunks[3].choices[0]).toMatchObject({ delta: {}, finish_reason: "stop" });
    expect(chunks[4]).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    });
    for (const c of chunks) expect(c.object).toBe("chat.completion.chunk");
  });

  it("reset clears calls and queue", async () => {
    fake.enqueue({ kind: "status", status: 503 });
    await fetch(`${fake.url}/nope`);
    expect(fake.calls).toHaveLength(1);
    fake.reset();
    expect(fake.calls).toHaveLength(0);
    const result = await generateText({ model: model(), prompt: "Hi", maxRetries: 0 });
    expect(result.text).toBe("Hello from the fake model.");
  });

  it("close destroys hanging requests", async () => {
    const other = await startFakeOpenAI({ fallback: { kind: "hang" } });
    const pending = fetch(`${other.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer k" },
      body: JSON.stringify({ model: "m", messages: [] }),
    });
    await until(() => other.calls.length > 0, { what: "the hanging request to arrive" });
    // server.close() alone would wait for the hanging request forever (here: the test's timeout).
    await other.close();
    await expect(pending).rejects.toThrow();
  });
});
