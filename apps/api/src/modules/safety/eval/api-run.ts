/**
 * The evaluation sets through the API (issue 8, "measured honestly"): every case of `tuned/` and `heldout/`
 * is sent as a user would send it, on sync, async and stream, to one tenant whose policy is `policy.json`.
 * Input cases are the user's prompt; output cases are said by the model (a fake OpenAI-compatible server that
 * answers through `ModelScript.textFor`, streamed word by word) in answer to a benign prompt. What counts is
 * what the caller receives: the response body, the finished job's JSON, the whole raw event stream.
 *
 * Used by `safety/eval-api.test.ts` and `bench/guardrail-api-eval.ts`; the figures are in `api-figures.ts`.
 * Held-out cases are never reported one by one (only counts per class): nothing may be tuned to them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { EVAL_DIR, type EvalCase, readAll } from "./run.ts";

export const MODES = ["sync", "async", "stream"] as const;
export type Mode = (typeof MODES)[number];
export const STAGES = ["input", "output"] as const;
export type Stage = (typeof STAGES)[number];

/** The `tuned` and `heldout` case sets. */
export function loadParts(dir = EVAL_DIR): Record<"tuned" | "heldout", EvalCase[]> {
  const part = (name: string) => readAll<EvalCase>(path.join(dir, name), ".cases.json");
  return { tuned: part("tuned"), heldout: part("heldout") };
}

/** `policy.json` is the body of `PUT /personas/safety-policy` as is. */
export const policyBody = (dir = EVAL_DIR): unknown => JSON.parse(readFileSync(path.join(dir, "policy.json"), "utf8"));

/** What the model says to a prompt that names no note: an input case let through (it is not judged). */
const NEUTRAL_ANSWER = "Thanks for asking, I will think about that and come back to you.";

/**
 * What the fake model says: `promptFor(text)` gives a benign prompt naming a note, and the model answers
 * that prompt with `text` (anything else with `NEUTRAL_ANSWER`). Every call is recorded (persona card's
 * first line and the user message), to show that a prompt blocked at input reached no model.
 */
export class ModelScript {
  private readonly notes: string[] = [];
  readonly calls: { system: string; user: string }[] = [];

  promptFor(text: string): string {
    const n = this.notes.push(text) - 1;
    return `Could you read out note eval-note-${n} for me, word for word?`;
  }

  // biome-ignore lint/suspicious/noExplicitAny: the fake server's parsed request body
  readonly textFor = (call: { body: any }): string => {
    const messages: { role: string; content: unknown }[] = Array.isArray(call.body?.messages) ? call.body.messages : [];
    const text = (m?: { content: unknown }) => (typeof m?.content === "string" ? m.content : "");
    const user = text(messages.findLast((m) => m.role === "user"));
    this.calls.push({ system: text(messages.find((m) => m.role === "system")).split("\n")[0] ?? "", user });
    const n = /eval-note-(\d+)/.exec(user)?.[1];
    return n === undefined ? NEUTRAL_ANSWER : (this.notes[Number(n)] ?? NEUTRAL_ANSWER);
  };
}

/** The tenant under test: its key, one persona per mode (the model's calls show which mode asked), the model. */
export interface ApiEvalTarget {
  url: string;
  key: string;
  model: string;
  personas: Record<Mode, { id: string; cardLine: string }>;
  script: ModelScript;
}

interface Reply {
  status: number;
  type: string;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: arbitrary JSON answers
  body: any;
}

async function send(t: { url: string; key: string }, method: string, route: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${t.url}${route}`, {
    method,
    headers: { "x-api-key": t.key, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, type: res.headers.get("content-type") ?? "", text, body: parsed };
}

/** Puts `policy` (by default `policy.json`) on the tenant of `key` and makes its three personas (through the API). */
export async function prepareTarget(
  t: { url: string; key: string; model: string; script: ModelScript },
  policy: unknown = policyBody(),
): Promise<ApiEvalTarget> {
  const put = await send(t, "PUT", "/personas/safety-policy", policy);
  if (put.status !== 200) throw new Error(`PUT /personas/safety-policy: ${put.status} ${put.text}`);
  const personas = {} as ApiEvalTarget["personas"];
  for (const mode of MODES) {
    const firstName = `Eval${mode[0]!.toUpperCase()}${mode.slice(1)}`;
    const seed = { firstName, lastName: "Tester", age: 40, location: "Leeds", baseOccupation: "Librarian" };
    const res = await send(t, "POST", "/personas", { seed });
    if (res.status !== 201) throw new Error(`POST /personas: ${res.status} ${res.text}`);
    personas[mode] = { id: res.body.persona.id, cardLine: `You are ${firstName} Tester,` };
  }
  return { ...t, personas };
}

/** Runs `fn` over `items`, `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** Every string inside a JSON value (decoded, so an escaped leak is still a leak). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === "object") for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** One case in one mode: passed or not, and why not (a kind of failure, never the text). */
export interface Outcome {
  ok: boolean;
  why?: string;
}

const isBlock = (r: Reply) =>
  r.status === 422 && r.type.startsWith("application/json") && r.body?.code === "blocked_by_policy";

function judgeInput(c: EvalCase, mode: Mode, r: Reply): Outcome {
  const blocked = isBlock(r);
  const passed = r.status === (mode === "async" ? 202 : 200);
  if (!blocked && !passed) return { ok: false, why: `status ${r.status} ${r.body?.code ?? r.type}` };
  if (c.expect === "allow") return blocked ? { ok: false, why: "blocked" } : { ok: true };
  return blocked ? { ok: true } : { ok: false, why: "not blocked" };
}

/**
 * `delivered`: the answer the caller got (undefined: refused); `seen`: every form of what reached the caller;
 * `unexpected`: a failure other than a refusal by the policy (a 5xx, a failed job, a stream cut short), which
 * fails the case even when nothing leaked — an error is not a guardrail.
 */
function judgeOutput(c: EvalCase, delivered: string | undefined, seen: string[], unexpected?: string): Outcome {
  if (unexpected) return { ok: false, why: unexpected };
  if (c.expect === "allow") {
    return delivered === c.text ? { ok: true } : { ok: false, why: delivered === undefined ? "refused" : "changed" };
  }
  const hidden = c.mustNotContain?.length
    ? c.mustNotContain.every((s) => seen.every((v) => !v.includes(s)))
    : delivered !== c.text;
  return hidden ? { ok: true } : { ok: false, why: "leaked" };
}

/** A refusal by the policy (422 `blocked_by_policy`) is expected; any other failure is not. */
const unexpectedUnless = (ok: boolean, what: string, code: unknown) =>
  ok || code === "blocked_by_policy" ? undefined : `${what} ${String(code ?? "")}`.trim();

/** The raw event stream's token deltas joined, its parsed data strings, whether it ended with `done`, its error code. */
function readStream(raw: string): { joined: string; data: string[]; done: boolean; errorCode?: unknown } {
  const events = [...raw.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map((m) => ({
    event: m[1],
    data: (() => {
      try {
        return JSON.parse(m[2] ?? "");
      } catch {
        return m[2];
      }
    })(),
  }));
  const joined = events
    .filter((e) => e.event === "token")
    .map((e) => String(e.data?.delta ?? ""))
    .join("");
  return {
    joined,
    data: strings(events.map((e) => e.data)),
    done: events.some((e) => e.event === "done"),
    errorCode: events.find((e) => e.event === "error")?.data?.code,
  };
}

export interface ApiEvalOptions {
  /** Requests in flight at once. @default 8 */
  concurrency?: number;
  /** Async mode runs every Nth case of each part only (1: all). @default 1 */
  asyncEvery?: number;
  /** Bound on waiting for one async job (a hang, not a speed expectation). @default 120000 */
  jobTimeoutMs?: number;
}

/** Outcomes by case id, then mode (async absent when sampled out). */
export type Outcomes = Map<string, Partial<Record<Mode, Outcome>>>;

/** Each case's outcomes, and the seconds each phase took (queueing async, sync + stream, waiting for jobs). */
export interface ApiRun {
  outcomes: Outcomes;
  seconds: { queue: number; direct: number; jobs: number };
}

/** Sends every case of every part in every mode. */
export async function runCases(
  t: ApiEvalTarget,
  parts: Record<string, EvalCase[]>,
  opts: ApiEvalOptions = {},
): Promise<ApiRun> {
  const clock = { at: performance.now() };
  const lap = () => {
    const s = (performance.now() - clock.at) / 1000;
    clock.at = performance.now();
    return s;
  };
  const n = opts.concurrency ?? 8;
  const every = opts.asyncEvery ?? 1;
  const outcomes: Outcomes = new Map();
  const set = (c: EvalCase, mode: Mode, o: Outcome) => {
    const m = outcomes.get(c.id) ?? {};
    m[mode] = o;
    outcomes.set(c.id, m);
  };
  const all = Object.values(parts).flatMap((cases) => cases.map((c, i) => ({ c, i })));
  const prompts = new Map(all.map(({ c }) => [c.id, c.stage === "input" ? c.text : t.script.promptFor(c.text)]));
  const body = (c: EvalCase, mode: Mode) => ({
    personaId: t.personas[mode].id,
    userPrompt: prompts.get(c.id),
    model: t.model,
    ...(mode === "async" && { mode: "async" }),
  });

  // Async first: the jobs run on the server's workers while sync and stream cases are sent.
  const jobs: { c: EvalCase; jobId: string }[] = [];
  await pool(
    all.filter(({ i }) => i % every === 0),
    n,
    async ({ c }) => {
      const r = await send(t, "POST", "/personas/prompt", body(c, "async"));
      if (c.stage === "input") set(c, "async", judgeInput(c, "async", r));
      if (r.status === 202) jobs.push({ c, jobId: r.body.jobId });
      else if (c.stage === "output")
        set(
          c,
          "async",
          judgeOutput(c, undefined, [r.text], unexpectedUnless(false, `status ${r.status}`, r.body?.code)),
        );
    },
  );

  const queue = lap();
  const direct = all.flatMap(({ c }) => (["sync", "stream"] as const).map((mode) => ({ c, mode })));
  await pool(direct, n, async ({ c, mode }) => {
    const route = mode === "stream" ? "/personas/prompt/stream" : "/personas/prompt";
    const r = await send(t, "POST", route, body(c, mode));
    if (c.stage === "input") return set(c, mode, judgeInput(c, mode, r));
    if (mode === "sync") {
      const delivered = r.status === 200 ? String(r.body?.response) : undefined;
      const why = unexpectedUnless(r.status === 200, `status ${r.status}`, r.body?.code);
      return set(c, mode, judgeOutput(c, delivered, [r.text, ...strings(r.body)], why));
    }
    if (r.status !== 200) {
      const why = unexpectedUnless(false, `status ${r.status}`, r.body?.code);
      return set(c, mode, judgeOutput(c, undefined, [r.text], why));
    }
    const s = readStream(r.text);
    const why = s.done || s.errorCode ? unexpectedUnless(s.done, "error event", s.errorCode) : "no final event";
    set(c, mode, judgeOutput(c, s.done ? s.joined : undefined, [r.text, s.joined, ...s.data], why));
  });

  const directSeconds = lap();
  // Then every job, in the order they were queued (the workers take them about in that order).
  await pool(jobs, n, async ({ c, jobId }) => {
    const deadline = Date.now() + (opts.jobTimeoutMs ?? 120_000);
    for (;;) {
      const r = await send(t, "GET", `/personas/prompt/jobs/${jobId}`);
      const job = r.body?.job;
      if (r.status !== 200 || ["succeeded", "failed", "cancelled"].includes(job?.status)) {
        if (c.stage === "input") return; // judged at 202: the prompt was let in
        const done = job?.status === "succeeded";
        const why = unexpectedUnless(done, `job ${job?.status ?? r.status}`, job?.error?.code);
        const delivered = done ? String(job.result?.response) : undefined;
        return set(c, "async", judgeOutput(c, delivered, [r.text, ...strings(r.body)], why));
      }
      if (Date.now() > deadline)
        throw new Error(`async job ${jobId} did not finish in ${opts.jobTimeoutMs ?? 120_000} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  // A prompt blocked at input must have reached no model: no call of that mode's persona carries it.
  for (const { c } of all) {
    if (c.stage !== "input") continue;
    for (const mode of MODES) {
      const o = outcomes.get(c.id)?.[mode];
      if (!o?.ok || c.expect !== "block") continue;
      const asked = t.script.calls.some(
        (k) => k.system.startsWith(t.personas[mode].cardLine) && k.user.includes(c.text.trim()),
      );
      if (asked) set(c, mode, { ok: false, why: "generated before the 422" });
    }
  }
  return { outcomes, seconds: { queue, direct: directSeconds, jobs: lap() } };
}
