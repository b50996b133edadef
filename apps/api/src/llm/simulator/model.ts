import { setTimeout as sleep, setImmediate as yieldToIo } from "node:timers/promises";
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3FinishReason,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
  SharedV3Warning,
} from "@ai-sdk/provider";
import { simulateAnswer } from "./answer.ts";
import { readContext } from "./context.ts";
import { jsonForSchema } from "./json-schema.ts";
import { simulateJudgement } from "./judge.ts";
import { neutralJson, neutralReply } from "./neutral.ts";
import { viewPersona } from "./persona.ts";
import { simulateProfile } from "./profile.ts";
import { clamp, hashString } from "./rng.ts";
import { answerSkill } from "./skill-answers.ts";
import { estimateTokens, truncateAtWord, wordDeltas } from "./text.ts";
import { voiceOf } from "./voice.ts";

/** The catalog id of the offline simulator. */
export const SIMULATOR_MODEL_ID = "person-run/simulator";
/** Shown as `modelName`: says plainly that no language model wrote the answer. */
export const SIMULATOR_MODEL_NAME = "person-run-simulator";

export interface SimulatorModelOptions {
  /** Pause between streamed words, for demos. Default 0: words are enqueued as fast as they are read. */
  delayMsPerToken?: number;
}

interface Generation {
  text: string;
  finishReason: LanguageModelV3FinishReason;
  usage: LanguageModelV3Usage;
  warnings: SharedV3Warning[];
}

/**
 * A real AI SDK `LanguageModelV3` that needs no network: it reads the persona context from
 * `providerOptions.simulator` and answers deterministically (see docs/simulator.md).
 */
export function createSimulatorModel(options: SimulatorModelOptions = {}): LanguageModelV3 {
  const delayMs = Math.max(0, options.delayMsPerToken ?? 0);
  return {
    specificationVersion: "v3",
    provider: "person-run",
    modelId: SIMULATOR_MODEL_ID,
    supportedUrls: {},
    async doGenerate(call) {
      call.abortSignal?.throwIfAborted();
      const out = generate(call);
      // An answer takes as long as streaming it would (one delay per word), abortable like it; profiles
      // are not delayed (they are written once, at creation).
      if (delayMs > 0 && readContext(call.providerOptions?.simulator)?.task !== "profile") {
        await sleep(delayMs * (out.text.match(/\S+/g)?.length ?? 1), undefined, { signal: call.abortSignal });
      } else {
        // A real model's answer arrives through I/O; an instant one must still let the server's other work
        // (requests, heartbeats) run, or a run of many tasks on the embedded database starves them.
        await yieldToIo();
      }
      return {
        content: [{ type: "text", text: out.text }],
        finishReason: out.finishReason,
        usage: out.usage,
        warnings: out.warnings,
        response: { id: responseId(out.text), modelId: SIMULATOR_MODEL_ID, timestamp: new Date() },
      };
    },
    async doStream(call) {
      const out = generate(call);
      return { stream: streamOf(out, call.abortSignal, delayMs) };
    },
  };
}

function generate(call: LanguageModelV3CallOptions): Generation {
  const ctx = readContext(call.providerOptions?.simulator);
  const format = call.responseFormat;
  const json = format?.type === "json";
  const schema = json ? format.schema : undefined;
  const noiseScale = call.temperature === undefined ? 1 : clamp(call.temperature, 0, 2);
  let text: string;
  if (ctx?.task === "profile") {
    text = JSON.stringify(simulateProfile(ctx));
  } else if (ctx?.task === "judge") {
    text = JSON.stringify(simulateJudgement(ctx));
  } else if (ctx?.task === "answer") {
    if (schema) {
      const view = viewPersona(ctx.persona);
      const register = voiceOf(view.profile.communicationStyle, view.traits.extraversion).register;
      text = JSON.stringify(
        jsonForSchema(schema, { view, question: ctx.userPrompt, seed: ctx.seed, register, noiseScale }),
      );
    } else {
      const answer = ctx.format
        ? answerSkill({ ...ctx, format: ctx.format }, { noiseScale })
        : simulateAnswer(ctx, { noiseScale });
      text = json ? JSON.stringify({ answer }) : answer;
    }
  } else {
    const prompt = lastUserText(call.prompt);
    const seed = call.seed ?? 0;
    text = schema
      ? JSON.stringify(neutralJson(prompt, schema, seed))
      : json
        ? JSON.stringify({ answer: neutralReply(prompt, seed) })
        : neutralReply(prompt, seed);
  }
  // JSON is never cut: half an object is of no use to anyone.
  const limit = call.maxOutputTokens;
  const truncated = !json && limit !== undefined && text.length > limit * 4;
  if (truncated) text = truncateAtWord(text, Math.max(1, limit * 4));
  const inputTokens = estimateTokens(promptText(call.prompt));
  const outputTokens = estimateTokens(text);
  return {
    text,
    finishReason: truncated ? { unified: "length", raw: "length" } : { unified: "stop", raw: "stop" },
    usage: {
      inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: outputTokens, text: outputTokens, reasoning: 0 },
    },
    warnings: call.tools?.length
      ? [{ type: "unsupported", feature: "tools", details: "The simulator answers in text only." }]
      : [],
  };
}

function promptText(prompt: LanguageModelV3Prompt): string {
  return prompt
    .map((message) => {
      if (typeof message.content === "string") return message.content;
      return message.content
        .map((part) => ("text" in part && typeof part.text === "string" ? part.text : JSON.stringify(part)))
        .join("");
    })
    .join("\n");
}

function lastUserText(prompt: LanguageModelV3Prompt): string {
  const message = [...prompt].reverse().find((m) => m.role === "user");
  if (message?.role !== "user") return "";
  return message.content.map((part) => (part.type === "text" ? part.text : "")).join(" ");
}

function responseId(text: string): string {
  return `sim-${hashString(text).toString(16)}`;
}

/**
 * Pull-based, so each word is produced only when the reader asks for it; an abort closes the stream
 * at once and nothing more is emitted.
 */
function streamOf(
  out: Generation,
  signal: AbortSignal | undefined,
  delayMs: number,
): ReadableStream<LanguageModelV3StreamPart> {
  const id = "text-0";
  const parts: LanguageModelV3StreamPart[] = [
    { type: "stream-start", warnings: out.warnings },
    { type: "response-metadata", id: responseId(out.text), modelId: SIMULATOR_MODEL_ID, timestamp: new Date() },
    { type: "text-start", id },
    ...wordDeltas(out.text).map((delta): LanguageModelV3StreamPart => ({ type: "text-delta", id, delta })),
    { type: "text-end", id },
    { type: "finish", usage: out.usage, finishReason: out.finishReason },
  ];
  let next = 0;
  return new ReadableStream<LanguageModelV3StreamPart>(
    {
      async pull(controller) {
        const part = parts[next++];
        if (delayMs > 0 && part?.type === "text-delta") {
          await sleep(delayMs, undefined, { signal }).catch(() => undefined);
        }
        if (signal?.aborted || !part) {
          controller.close();
          return;
        }
        controller.enqueue(part);
        if (next >= parts.length) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}
