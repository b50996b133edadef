import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A local fake of the OpenAI-compatible Chat Completions API (`POST /v1/chat/completions`, and
 * `GET /v1/models` for health probes and the catalog sync), so the real
 * provider code path (Vercel AI SDK: `@ai-sdk/openai-compatible`, `@ai-sdk/openai` chat models) can be
 * exercised offline. Plain `node:http` on 127.0.0.1 with an ephemeral port; nothing leaves loopback.
 *
 * Wire formats follow OpenAI and the zod schemas in `@ai-sdk/openai-compatible` (chat response, chat chunk,
 * error `{ error: { message, type, param, code } }`).
 */

/** One recorded request. */
export interface FakeCall {
  path: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (model, messages, stream, max_tokens, temperature, response_format, stream_options, ...); undefined when absent or not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: test double; callers inspect arbitrary request fields.
  body: any;
}

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens?: number;
}

export type FakeBehaviour =
  /**
   * A normal answer. `text: ""` asks `textFor` (when set) for the text. `latencyMs` delays the first byte.
   * Streamed one chunk per word, or per `chunkChars` characters (pieces of words, as real tokenizers send).
   */
  | { kind: "text"; text: string; usage?: FakeUsage; latencyMs?: number; chunkChars?: number }
  /** OpenAI-style error JSON with this status; 429 sets `Retry-After` when `retryAfter` is given. */
  | { kind: "status"; status: 429 | 500 | 502 | 503 | 400 | 401; retryAfter?: string; message?: string }
  /** 200 with a body that is not valid JSON (stream: an SSE data line with broken JSON). */
  | { kind: "malformed" }
  /** Accepts the request and never answers (until the client aborts or the server closes). */
  | { kind: "hang" }
  /**
   * Stream: the role chunk, then `afterChunks` content chunks, then the socket is destroyed.
   * Non-stream: headers and half of the JSON body, then the socket is destroyed.
   */
  | { kind: "dropMidStream"; text: string; afterChunks: number };

export interface FakeOpenAI {
  /** Base URL to give the SDK, e.g. "http://127.0.0.1:43123/v1". */
  url: string;
  /** Every request, in arrival order (errored, unauthorised and unknown-route ones included). */
  calls: FakeCall[];
  /**
   * The chat-completions requests of `calls`: what a test counts as model calls (a server also reads
   * `GET /v1/models` on its own, for health probes and the catalog sync, at times a test does not choose).
   */
  readonly chats: FakeCall[];
  /** Queue behaviours: each chat-completions request takes the next one; when the queue is empty, `fallback` is used. */
  enqueue(...b: FakeBehaviour[]): void;
  /** Default `{ kind: "text", text: "Hello from the fake model." }`. */
  fallback: FakeBehaviour;
  /** Optional function deciding the text from the request (e.g. echo), used for kind "text" when text is "". */
  textFor?: (call: FakeCall) => string;
  /**
   * The prompt cache it imitates (OpenAI's): an answer without explicit `usage` reports as
   * `prompt_tokens_details.cached_tokens` the longest byte-identical prefix this request shares with an
   * earlier request of the same `prompt_cache_key` (schema and tools first, then the messages in order),
   * in tokens (characters / 4) rounded down to `blockTokens`, and 0 below `minTokens`.
   */
  cache: { minTokens: number; blockTokens: number };
  /** The ids `GET /v1/models` lists (a local server's models, read by the catalog sync). Default `["fake-model"]`. */
  models: string[];
  /** Requests being answered now, and the most at once since the start or the last `reset`. */
  inFlight: number;
  maxInFlight: number;
  /** Clears calls, queue and the prompt cache (keeps `fallback`, `textFor` and `cache`). */
  reset(): void;
  /** Closes the server and destroys open sockets (hanging requests included). */
  close(): Promise<void>;
}

export interface StartFakeOpenAIOptions {
  fallback?: FakeBehaviour;
  textFor?: (call: FakeCall) => string;
  /** Default OpenAI's: 1024 tokens at least, counted in blocks of 128. */
  cache?: { minTokens?: number; blockTokens?: number };
}

const DEFAULT_FALLBACK: FakeBehaviour = { kind: "text", text: "Hello from the fake model." };
const CHAT_PATH = "/v1/chat/completions";
const MODELS_PATH = "/v1/models";

export async function startFakeOpenAI(opts: StartFakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const queue: FakeBehaviour[] = [];
  const calls: FakeCall[] = [];
  const sockets = new Set<Socket>();
  /** Earlier prompts by `prompt_cache_key` ("" when none was sent). */
  const cached = new Map<string, CachedPrompt[]>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    // Requests being answered now (a chat completion counts until its response has finished).
    fake.inFlight++;
    fake.maxInFlight = Math.max(fake.maxInFlight, fake.inFlight);
    let counted = true;
    const done = () => {
      if (counted) fake.inFlight--;
      counted = false;
    };
    res.on("close", done);
    res.on("finish", done);
    handle(req, res).catch((err: unknown) => {
      // Never let a fake bug surface as an unhandled rejection; answer 500 if still possible.
      if (!res.headersSent && !res.destroyed) {
        sendError(res, 500, `fake-openai internal error: ${String(err)}`);
      } else {
        res.destroy();
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  const fake: FakeOpenAI = {
    url: "",
    calls,
    get chats() {
      return calls.filter((c) => c.path === CHAT_PATH);
    },
    enqueue(...b) {
      queue.push(...b);
    },
    fallback: opts.fallback ?? DEFAULT_FALLBACK,
    textFor: opts.textFor,
    models: ["fake-model"],
    inFlight: 0,
    maxInFlight: 0,
    cache: { minTokens: opts.cache?.minTokens ?? 1024, blockTokens: opts.cache?.blockTokens ?? 128 },
    reset() {
      fake.maxInFlight = fake.inFlight;
      calls.length = 0;
      queue.length = 0;
      cached.clear();
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        for (const s of sockets) s.destroy();
        sockets.clear();
      });
    },
  };

  /** Resolves after `ms`, or early (false) when the client goes away first. */
  function delay(ms: number, res: ServerResponse): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(!res.destroyed);
    return new Promise((resolve) => {
      const onClose = () => {
        clearTimeout(t);
        timers.delete(t);
        resolve(false);
      };
      const t = setTimeout(() => {
        timers.delete(t);
        res.off("close", onClose);
        resolve(!res.destroyed);
      }, ms);
      timers.add(t);
      res.once("close", onClose);
    });
  }

  /** Tokens of this request's longest prefix already seen under its cache key; then remembers it. */
  // biome-ignore lint/suspicious/noExplicitAny: parsed request JSON.
  function cachedTokens(body: any): number {
    const key = typeof body.prompt_cache_key === "string" ? body.prompt_cache_key : "";
    const prompt = cachedPrompt(body);
    const earlier = cached.get(key) ?? [];
    const chars = Math.max(0, ...earlier.map((e) => sharedPrefixChars(e, prompt)));
    earlier.push(prompt);
    cached.set(key, earlier.slice(-1000));
    const tokens = Math.floor(chars / 4);
    if (tokens < fake.cache.minTokens) return 0;
    return Math.floor(tokens / fake.cache.blockTokens) * fake.cache.blockTokens;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    // biome-ignore lint/suspicious/noExplicitAny: parsed request JSON.
    let body: any;
    let bodyIsJson = raw.length === 0;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
        bodyIsJson = true;
      } catch {
        body = undefined;
      }
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const call: FakeCall = { path, method: req.method ?? "GET", headers: { ...req.headers }, body };
    calls.push(call);

    if (path === MODELS_PATH && req.method === "GET") {
      // The models list (providers' health probes); open, as Ollama's is.
      sendJson(res, 200, {
        object: "list",
        data: fake.models.map((id) => ({ id, object: "model", created: 0, owned_by: "fake" })),
      });
      return;
    }
    if (path !== CHAT_PATH || req.method !== "POST") {
      sendJson(res, 404, {
        error: {
          message: `Unknown route: ${req.method} ${path}`,
          type: "invalid_request_error",
          param: null,
          code: "not_found",
        },
      });
      return;
    }
    const auth = req.headers.authorization;
    if (typeof auth !== "string" || !/^Bearer\s+\S+/.test(auth)) {
      sendError(res, 401, "You didn't provide an API key.");
      return;
    }
    if (!bodyIsJson || body === null || typeof body !== "object") {
      sendError(res, 400, "We could not parse the JSON body of your request.");
      return;
    }

    const behaviour = queue.shift() ?? fake.fallback;
    const stream = body.stream === true;
    const model = typeof body.model === "string" ? body.model : "fake-model";

    switch (behaviour.kind) {
      case "status": {
        const headers: Record<string, string> = {};
        if (behaviour.status === 429 && behaviour.retryAfter !== undefined)
          headers["retry-after"] = behaviour.retryAfter;
        sendError(res, behaviour.status, behaviour.message ?? "fake error", headers);
        return;
      }
      case "hang":
        // Never answer; the socket is destroyed by the client's abort or by close().
        return;
      case "malformed":
        if (stream) {
          res.writeHead(200, sseHeaders());
          res.write(`data: {"id":"chatcmpl-broken","object":"chat.completion.chunk","choices":[{"delta":\n\n`);
          res.end("data: [DONE]\n\n");
        } else {
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"id":"chatcmpl-broken","object":"chat.completion","choices":[{"index":0,"message":');
        }
        return;
      case "dropMidStream": {
        const id = newId();
        const created = nowSeconds();
        if (stream) {
          res.writeHead(200, sseHeaders());
          res.flushHeaders();
          writeSse(res, chunk(id, created, model, { role: "assistant", content: "" }, null));
          const pieces = splitWords(behaviour.text).slice(0, Math.max(0, behaviour.afterChunks));
          for (const piece of pieces) writeSse(res, chunk(id, created, model, { content: piece }, null));
        } else {
          const full = JSON.stringify(
            completion(id, created, model, behaviour.text, defaultUsage(body, behaviour.text), "stop"),
          );
          res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(full)) });
          res.write(full.slice(0, Math.floor(full.length / 2)));
        }
        // Let the written bytes leave before the connection is torn down.
        await delay(20, res);
        res.socket?.destroy();
        res.destroy();
        return;
      }
      case "text": {
        const text = behaviour.text === "" && fake.textFor ? fake.textFor(call) : behaviour.text;
        const usage = behaviour.usage ?? { ...defaultUsage(body, text), cached_tokens: cachedTokens(body) };
        if (!(await delay(behaviour.latencyMs ?? 0, res))) return;
        const id = newId();
        const created = nowSeconds();
        if (!stream) {
          sendJson(res, 200, completion(id, created, model, text, usage, "stop"));
          return;
        }
        res.writeHead(200, sseHeaders());
        res.flushHeaders();
        writeSse(res, chunk(id, created, model, { role: "assistant", content: "" }, null));
        const pieces = behaviour.chunkChars ? splitChars(text, behaviour.chunkChars) : splitWords(text);
        for (const piece of pieces) writeSse(res, chunk(id, created, model, { content: piece }, null));
        writeSse(res, chunk(id, created, model, {}, "stop"));
        if (body.stream_options?.include_usage) {
          writeSse(res, { id, object: "chat.completion.chunk", created, model, choices: [], usage: wireUsage(usage) });
        }
        res.end("data: [DONE]\n\n");
        return;
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}/v1`;
  return fake;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

const ERROR_KIND: Record<number, { type: string; code: string | null }> = {
  400: { type: "invalid_request_error", code: null },
  401: { type: "invalid_request_error", code: "invalid_api_key" },
  429: { type: "requests", code: "rate_limit_exceeded" },
  500: { type: "server_error", code: null },
  502: { type: "server_error", code: null },
  503: { type: "server_error", code: null },
};

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const kind = ERROR_KIND[status] ?? { type: "server_error", code: null };
  sendJson(res, status, { error: { message, type: kind.type, param: null, code: kind.code } }, headers);
}

function sseHeaders(): Record<string, string> {
  return { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" };
}

function writeSse(res: ServerResponse, value: unknown): void {
  res.write(`data: ${JSON.stringify(value)}\n\n`);
}

function newId(): string {
  return `chatcmpl-${randomBytes(12).toString("hex")}`;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** One piece per word, each carrying its trailing whitespace (leading whitespace goes with the first word); joined = text. */
function splitWords(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text.length > 0 ? [text] : []);
}

/** Pieces of `size` characters; joined = text. */
function splitChars(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function chunk(
  id: string,
  created: number,
  model: string,
  delta: { role?: "assistant"; content?: string },
  finishReason: string | null,
) {
  return {
    id,
    object: "chat.completion.chunk",
    created,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

function completion(id: string, created: number, model: string, text: string, usage: FakeUsage, finishReason: string) {
  return {
    id,
    object: "chat.completion",
    created,
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text, refusal: null },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage: wireUsage(usage),
  };
}

function wireUsage(u: FakeUsage) {
  return {
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: u.prompt_tokens + u.completion_tokens,
    prompt_tokens_details: { cached_tokens: u.cached_tokens ?? 0 },
  };
}

interface CachedPrompt {
  /** What comes before the messages in the provider's prompt: the response schema and the tools. */
  head: string;
  messages: { role: string; content: string }[];
}

// biome-ignore lint/suspicious/noExplicitAny: parsed request JSON.
function cachedPrompt(body: any): CachedPrompt {
  const messages: unknown[] = Array.isArray(body?.messages) ? body.messages : [];
  return {
    head: JSON.stringify([body?.response_format ?? null, body?.tools ?? null]),
    messages: messages.map((m) => ({
      role: String((m as { role?: unknown } | null)?.role),
      content: contentText((m as { content?: unknown } | null)?.content),
    })),
  };
}

/** Characters of message content two prompts share from their start, byte for byte (0 when their heads differ). */
function sharedPrefixChars(a: CachedPrompt, b: CachedPrompt): number {
  if (a.head !== b.head) return 0;
  let chars = 0;
  for (let i = 0; i < Math.min(a.messages.length, b.messages.length); i++) {
    const x = a.messages[i] as CachedPrompt["messages"][number];
    const y = b.messages[i] as CachedPrompt["messages"][number];
    if (x.role !== y.role) break;
    if (x.content === y.content) {
      chars += x.content.length;
      continue;
    }
    let n = 0;
    while (n < x.content.length && n < y.content.length && x.content[n] === y.content[n]) n++;
    chars += n;
    break;
  }
  return chars;
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (part as { text?: unknown } | null)?.text)
    .filter((t) => typeof t === "string")
    .join("");
}

/** prompt_tokens = ceil(chars of all message contents / 4); completion_tokens = ceil(text length / 4). */
// biome-ignore lint/suspicious/noExplicitAny: parsed request JSON.
function defaultUsage(body: any, text: string): FakeUsage {
  const messages: unknown[] = Array.isArray(body?.messages) ? body.messages : [];
  const chars = messages.reduce<number>(
    (n, m) => n + contentText((m as { content?: unknown } | null)?.content).length,
    0,
  );
  return { prompt_tokens: Math.ceil(chars / 4), completion_tokens: Math.ceil(text.length / 4) };
}
