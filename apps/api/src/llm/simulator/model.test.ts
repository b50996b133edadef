import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { generateObject, generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PersonaProfileSchema } from "../profile.ts";
import { createSimulatorModel, SIMULATOR_MODEL_ID, SIMULATOR_MODEL_NAME, simulateAnswer } from "./index.ts";
import { ARIA, ask, NOW } from "./test-fixtures.ts";

const PROMPT = "What do you think about a new AI app that plans your meals?";

function call(userPrompt: string, extra: Partial<LanguageModelV3CallOptions> = {}): LanguageModelV3CallOptions {
  return {
    prompt: [
      { role: "system", content: "You are Aria Chen." },
      { role: "user", content: [{ type: "text", text: userPrompt }] },
    ],
    providerOptions: { simulator: ask(ARIA, userPrompt) as never },
    ...extra,
  };
}

async function readAll(stream: ReadableStream<LanguageModelV3StreamPart>): Promise<LanguageModelV3StreamPart[]> {
  const parts: LanguageModelV3StreamPart[] = [];
  for await (const part of stream as unknown as AsyncIterable<LanguageModelV3StreamPart>) parts.push(part);
  return parts;
}

describe("createSimulatorModel", () => {
  it("identifies itself as the simulator", () => {
    const model = createSimulatorModel();
    expect(model).toMatchObject({
      specificationVersion: "v3",
      provider: "person-run",
      modelId: SIMULATOR_MODEL_ID,
      supportedUrls: {},
    });
    expect(SIMULATOR_MODEL_NAME).toMatch(/simulator/);
  });

  it("generates the persona's answer with V3 usage and metadata", async () => {
    const result = await createSimulatorModel().doGenerate(call(PROMPT));
    const text = simulateAnswer(ask(ARIA, PROMPT));
    expect(result.content).toEqual([{ type: "text", text }]);
    expect(result.finishReason).toEqual({ unified: "stop", raw: "stop" });
    expect(result.warnings).toEqual([]);
    expect(result.response?.modelId).toBe(SIMULATOR_MODEL_ID);
    const inputChars = "You are Aria Chen.".length + 1 + PROMPT.length;
    expect(result.usage).toEqual({
      inputTokens: {
        total: Math.ceil(inputChars / 4),
        noCache: Math.ceil(inputChars / 4),
        cacheRead: 0,
        cacheWrite: 0,
      },
      outputTokens: { total: Math.ceil(text.length / 4), text: Math.ceil(text.length / 4), reasoning: 0 },
    });
  });

  it("writes a schema-valid profile for the profile task", async () => {
    const { text } = await generateText({
      model: createSimulatorModel(),
      prompt: "Write the profile.",
      providerOptions: {
        simulator: {
          task: "profile",
          seed: { firstName: "Lena", lastName: "Ortiz", age: 45, location: "Tucson", baseOccupation: "Veterinarian" },
          now: NOW,
          seedNumber: 3,
        },
      },
    });
    expect(PersonaProfileSchema.parse(JSON.parse(text)).backstory).toContain("Tucson");
  });

  it("answers plain generateText calls without a persona, deterministically", async () => {
    const model = createSimulatorModel();
    const first = await generateText({ model, prompt: "What do you think about electric scooters?" });
    const second = await generateText({ model, prompt: "What do you think about electric scooters?" });
    expect(first.text).toBe(second.text);
    expect(first.text).toMatch(/\bI\b/);
    expect(first.text.toLowerCase()).toContain("electric scooters");
  });

  it("serves generateObject with a zod schema", async () => {
    const schema = z.object({ rating: z.number().int().min(1).max(5), comment: z.string() });
    const { object } = await generateObject({
      model: createSimulatorModel(),
      schema,
      prompt: PROMPT,
      providerOptions: { simulator: ask(ARIA, PROMPT) as never },
    });
    expect(schema.parse(object).comment.length).toBeGreaterThan(0);
  });

  it("cuts at a word boundary when maxOutputTokens is reached", async () => {
    const result = await createSimulatorModel().doGenerate(
      call("Tell me about your work and your city.", { maxOutputTokens: 8 }),
    );
    const part = result.content[0]!;
    const text = part.type === "text" ? part.text : "";
    expect(text.length).toBeLessThanOrEqual(32);
    expect(simulateAnswer(ask(ARIA, "Tell me about your work and your city.")).startsWith(text)).toBe(true);
    expect(result.finishReason.unified).toBe("length");
  });

  it("streams word-sized deltas that join to the generated text", async () => {
    const model = createSimulatorModel();
    const generated = await model.doGenerate(call(PROMPT));
    const { stream } = await model.doStream(call(PROMPT));
    const parts = await readAll(stream);
    expect(parts.slice(0, 3).map((p) => p.type)).toEqual(["stream-start", "response-metadata", "text-start"]);
    expect(parts.slice(-2).map((p) => p.type)).toEqual(["text-end", "finish"]);
    const deltas = parts.flatMap((p) => (p.type === "text-delta" ? [p.delta] : []));
    expect(deltas.length).toBeGreaterThan(5);
    for (const delta of deltas) expect(delta).toMatch(/^\S+\s*$/);
    const part = generated.content[0]!;
    expect(deltas.join("")).toBe(part.type === "text" ? part.text : "");
    const finish = parts.at(-1)!;
    expect(finish.type === "finish" && finish.usage).toEqual(generated.usage);
  });

  it("stops streaming when aborted", async () => {
    const controller = new AbortController();
    const { stream } = await createSimulatorModel().doStream(call(PROMPT, { abortSignal: controller.signal }));
    const reader = stream.getReader();
    const seen: LanguageModelV3StreamPart[] = [];
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      seen.push(value);
      if (value.type === "text-delta") controller.abort();
    }
    expect(seen.filter((p) => p.type === "text-delta")).toHaveLength(1);
    expect(seen.some((p) => p.type === "finish")).toBe(false);
  });

  it("ends a delayed stream when aborted during the pause before a word", async () => {
    const controller = new AbortController();
    // An hour per word: unless the abort cuts the pause short, the read below hangs until the test times out.
    const { stream } = await createSimulatorModel({ delayMsPerToken: 3_600_000 }).doStream(
      call(PROMPT, { abortSignal: controller.signal }),
    );
    const reader = stream.getReader();
    const before: LanguageModelV3StreamPart["type"][] = [];
    for (let i = 0; i < 3; i++) before.push(((await reader.read()).value as LanguageModelV3StreamPart).type);
    expect(before).toEqual(["stream-start", "response-metadata", "text-start"]);
    const pending = reader.read(); // now waiting out the first word's pause
    setImmediate(() => controller.abort());
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it("works through streamText", async () => {
    const model = createSimulatorModel();
    const result = streamText({ model, prompt: PROMPT, providerOptions: { simulator: ask(ARIA, PROMPT) as never } });
    let text = "";
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe(simulateAnswer(ask(ARIA, PROMPT)));
  });
});
