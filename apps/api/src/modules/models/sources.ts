import type { Capability, ModelPrice, SyncedModel } from "../../llm/index.ts";

/**
 * The model lists the catalog syncs from, parsed (pure: the service fetches). Both are OpenAI-style
 * `GET {base}/models` answers, `{ object: "list", data: [{ id, … }] }`:
 *
 * - the AI Gateway adds `name`, `type` (`language`, `embedding`, `image`), `context_window`, `tags`
 *   (`vision`, `tool-use`, `reasoning`, …) and `pricing` in USD **per token** as decimal strings
 *   (`input`, `output`, `input_cache_read`, `input_cache_write`, `image` per image, `web_search` per call);
 * - a local OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio) gives ids only.
 *
 * An entry that cannot be read (no id, a price that is not a number) is left out and counted, never
 * priced as free by mistake; an answer without a `data` array is an error (the sync keeps what it had).
 */

export class SourceFormatError extends Error {}

/** A gateway id is `creator/model`; the stable slug is `gateway/creator/model`. */
const GATEWAY_ID = /^[a-z0-9-]+\/[A-Za-z0-9._:@-]{1,200}$/;
/** A local model id as Ollama and friends name them (`llama3.1:8b`, `Qwen/Qwen2.5-7B-Instruct`). */
const LOCAL_ID = /^[A-Za-z0-9._:/@-]{1,200}$/;

const TAG_CAPABILITIES: Record<string, Capability> = {
  vision: "image-input",
  "tool-use": "tools",
  reasoning: "reasoning",
};

function listOf(json: unknown): Record<string, unknown>[] {
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new SourceFormatError("the answer has no `data` array of models");
  return data.filter((m): m is Record<string, unknown> => typeof m === "object" && m !== null);
}

/** USD per token (string or number) → USD per million tokens; undefined when absent; NaN when unreadable. */
function perMTok(v: unknown): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1e6 * 1e6) / 1e6 : Number.NaN;
}

function perUnit(v: unknown): number | undefined {
  const m = perMTok(v);
  return m === undefined ? undefined : m / 1e6;
}

export function parseGatewayModels(json: unknown): { models: SyncedModel[]; skipped: number } {
  const models: SyncedModel[] = [];
  let skipped = 0;
  for (const m of listOf(json)) {
    const id = m.id;
    // Embedding and image-generation models cannot answer a persona's prompt.
    if (m.type !== undefined && m.type !== "language") continue;
    const pricing = (m.pricing ?? {}) as Record<string, unknown>;
    const input = perMTok(pricing.input);
    const output = perMTok(pricing.output);
    const cached = perMTok(pricing.input_cache_read);
    const cacheWrite = perMTok(pricing.input_cache_write);
    const image = perUnit(pricing.image);
    const toolCall = perUnit(pricing.web_search);
    const numbers = [input, output, cached, cacheWrite, image, toolCall];
    if (
      typeof id !== "string" ||
      !GATEWAY_ID.test(id) ||
      input === undefined ||
      output === undefined ||
      numbers.some((n) => Number.isNaN(n))
    ) {
      skipped++;
      continue;
    }
    const price: ModelPrice = {
      inputPerMTok: input,
      outputPerMTok: output,
      cachedInputPerMTok: cached ?? input,
      ...(cacheWrite !== undefined ? { cacheWriteInputPerMTok: cacheWrite } : {}),
      ...(image !== undefined ? { imagePerUnit: image } : {}),
      ...(toolCall !== undefined ? { toolCallFee: toolCall } : {}),
    };
    const tags = Array.isArray(m.tags) ? m.tags.filter((t): t is string => typeof t === "string") : [];
    const context = m.context_window;
    models.push({
      slug: `gateway/${id}`,
      provider: "gateway",
      name: id.slice(id.indexOf("/") + 1),
      contextWindow: typeof context === "number" && Number.isInteger(context) && context > 0 ? context : null,
      price,
      capabilities: [
        "text",
        "streaming",
        ...new Set(tags.flatMap((t) => (TAG_CAPABILITIES[t] ? [TAG_CAPABILITIES[t]] : []))),
      ],
      source: "gateway",
      priced: true,
    });
  }
  return { models, skipped };
}

/** A local server's models: `compatible/<id>`, unpriced (0 unless MODEL_PRICES names the slug). */
export function parseLocalModels(json: unknown): { models: SyncedModel[]; skipped: number } {
  const models: SyncedModel[] = [];
  let skipped = 0;
  for (const m of listOf(json)) {
    if (typeof m.id !== "string" || !LOCAL_ID.test(m.id)) {
      skipped++;
      continue;
    }
    models.push({
      slug: `compatible/${m.id}`,
      provider: "compatible",
      name: m.id.split("/").pop() ?? m.id,
      contextWindow: null,
      price: { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 },
      capabilities: ["text", "streaming", "structured-output"],
      source: "local",
      priced: false,
    });
  }
  return { models, skipped };
}
