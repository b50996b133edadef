/**
 * Speed figures that used to be test assertions (part of `npm run bench`; alone: `npx tsx bench/timing.ts`).
 * Tests now assert only behaviour; here each figure is printed beside a baseline measured in the same run
 * on the same machine (a fixed CPU workload, or a bare timer), so a slow machine shows up in both numbers.
 * No thresholds fail the run; the old test bounds are printed for reference.
 *
 * - simulator answer: `simulateAnswer` on a typical prompt with a memory and history (old bound: p50 < 20 ms);
 * - consistency check: 1,000 entries and 50 turns, rules only (old bound: < 2,000 ms);
 * - simulator stream abort: from `abort()` to the stream's end while it waits between words (old bound: < 500 ms);
 * - fake OpenAI server (test double): first byte with `latencyMs: 150` (old: >= 140 ms), an aborted hanging
 *   call (old: < 2,000 ms), `close()` with a hanging request open (old: < 1,000 ms).
 */
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { createSimulatorModel, simulateAnswer } from "../apps/api/src/llm/simulator/index.ts";
import { ARIA, ask, memory } from "../apps/api/src/llm/simulator/test-fixtures.ts";
import { checkConsistency } from "../apps/api/src/modules/consistency/consistency.ts";
import { syntheticTimeline } from "../apps/api/src/modules/consistency/consistency-fixture.ts";
import { startFakeOpenAI } from "../apps/api/test/fake-openai.ts";

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * xs.length) - 1)] ?? Number.NaN;

async function timed(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The CPU baseline: SHA-256 of 1 MB, p50 of 20 (scales with the machine like the pure-JS figures). */
function cpuBaselineMs(): number {
  const data = Buffer.alloc(1 << 20, 7);
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    createHash("sha256").update(data).digest();
    times.push(performance.now() - start);
  }
  return pct(times, 0.5);
}

/** The timer baseline: one setImmediate round trip, p50 of 50 (what "promptly" can mean on this machine). */
async function timerBaselineMs(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 50; i++) times.push(await timed(() => new Promise((r) => setImmediate(r))));
  return pct(times, 0.5);
}

function simulatorAnswer(): { p50: number; p99: number } {
  const ctx = ask(ARIA, "What do you think about a new budgeting app?", {
    memories: [memory("normal", "Set up my first budget spreadsheet in 2016.")],
    history: [
      { role: "user", content: "Hi there." },
      { role: "assistant", content: "Hi!" },
    ],
  });
  const times: number[] = [];
  for (let i = 0; i < 220; i++) {
    const start = performance.now();
    simulateAnswer({ ...ctx, seed: i });
    if (i >= 20) times.push(performance.now() - start);
  }
  return { p50: pct(times, 0.5), p99: pct(times, 0.99) };
}

function consistencyCheckMs(): { p50: number; runs: number } {
  const { entries, turns } = syntheticTimeline();
  const input = {
    now: new Date("2025-06-01T12:00:00Z"),
    persona: {
      firstName: "Maria",
      lastName: "Lopez",
      age: 40,
      location: "Austin, TX",
      baseOccupation: "Registered nurse",
      backstory: null,
    },
    entries,
    recentTurns: turns,
  };
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    checkConsistency(input);
    times.push(performance.now() - start);
  }
  return { p50: pct(times, 0.5), runs: times.length };
}

/** From abort() to the end of a simulator stream that is waiting an hour before its next word. */
async function simulatorAbortMs(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const controller = new AbortController();
    const call = {
      prompt: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
      providerOptions: { simulator: ask(ARIA, "How was your week?") as never },
      abortSignal: controller.signal,
    } as unknown as LanguageModelV3CallOptions;
    const { stream } = await createSimulatorModel({ delayMsPerToken: 3_600_000 }).doStream(call);
    const reader = stream.getReader();
    for (let k = 0; k < 3; k++) await reader.read();
    const pending = reader.read();
    await new Promise((r) => setImmediate(r));
    const start = performance.now();
    controller.abort();
    await pending;
    times.push(performance.now() - start);
  }
  return pct(times, 0.5);
}

async function fakeOpenAITimings(): Promise<{ latencyFirstByteMs: number; hangAbortMs: number; closeMs: number }> {
  const fake = await startFakeOpenAI();
  const other = await startFakeOpenAI({ fallback: { kind: "hang" } });
  try {
    const model = createOpenAICompatible({ name: "fake", baseURL: fake.url, apiKey: "k" }).chatModel("m");
    await generateText({ model, prompt: "warm-up", maxRetries: 0 }); // the first call loads and compiles the SDK
    fake.enqueue({ kind: "text", text: "late words", latencyMs: 150 });
    const latencyFirstByteMs = await timed(async () => {
      for await (const _ of streamText({ model, prompt: "x", maxRetries: 0 }).textStream) break;
    });
    fake.enqueue({ kind: "hang" });
    const hangAbortMs =
      (await timed(() =>
        generateText({ model, prompt: "Hi", maxRetries: 0, abortSignal: AbortSignal.timeout(300) }).catch(() => {}),
      )) - 300;
    const pending = fetch(`${other.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer k" },
      body: JSON.stringify({ model: "m", messages: [] }),
    }).catch(() => {});
    while (other.calls.length === 0) await new Promise((r) => setTimeout(r, 5));
    const closeMs = await timed(() => other.close());
    await pending;
    return { latencyFirstByteMs, hangAbortMs, closeMs };
  } finally {
    await fake.close();
    await other.close().catch(() => {});
  }
}

export interface TimingBench {
  cpuBaselineMs: number;
  timerBaselineMs: number;
  simulatorAnswerP50Ms: number;
  simulatorAnswerP99Ms: number;
  consistency1000P50Ms: number;
  simulatorAbortP50Ms: number;
  fakeOpenAI: { latencyFirstByteMs: number; hangAbortMs: number; closeMs: number };
}

export async function measureTiming(): Promise<TimingBench> {
  const cpu = cpuBaselineMs();
  const timer = await timerBaselineMs();
  const answer = simulatorAnswer();
  const consistency = consistencyCheckMs();
  const abort = await simulatorAbortMs();
  const fake = await fakeOpenAITimings();
  const r = (n: number) => Number(n.toFixed(3));
  return {
    cpuBaselineMs: r(cpu),
    timerBaselineMs: r(timer),
    simulatorAnswerP50Ms: r(answer.p50),
    simulatorAnswerP99Ms: r(answer.p99),
    consistency1000P50Ms: r(consistency.p50),
    simulatorAbortP50Ms: r(abort),
    fakeOpenAI: {
      latencyFirstByteMs: r(fake.latencyFirstByteMs),
      hangAbortMs: r(fake.hangAbortMs),
      closeMs: r(fake.closeMs),
    },
  };
}

/** The lines `bench/run.ts` prints (and this file prints when run alone). */
export function timingLines(t: TimingBench): string[] {
  const f = (n: number, d = 2) => n.toFixed(d);
  const x = (n: number, base: number) => `${f(n / base, 1)}× baseline`;
  return [
    `timing (in-process; baselines: SHA-256 of 1 MB p50 ${f(t.cpuBaselineMs, 3)} ms, setImmediate p50 ${f(t.timerBaselineMs, 3)} ms):`,
    `  simulator answer p50 ${f(t.simulatorAnswerP50Ms, 3)} ms, p99 ${f(t.simulatorAnswerP99Ms, 3)} ms (${x(t.simulatorAnswerP50Ms, t.cpuBaselineMs)}; old test bound p50 < 20 ms)`,
    `  consistency check of 1,000 entries + 50 turns p50 ${f(t.consistency1000P50Ms, 1)} ms (${x(t.consistency1000P50Ms, t.cpuBaselineMs)}; old bound < 2,000 ms)`,
    `  simulator stream abort to end p50 ${f(t.simulatorAbortP50Ms, 3)} ms (${x(t.simulatorAbortP50Ms, t.timerBaselineMs)}; old bound < 500 ms)`,
    `  fake OpenAI: first byte with latencyMs 150 after ${f(t.fakeOpenAI.latencyFirstByteMs, 1)} ms (old: >= 140), ` +
      `hanging call rejected ${f(t.fakeOpenAI.hangAbortMs, 1)} ms after its 300 ms abort (old: < 2,000 ms in all), ` +
      `close() with a hanging request ${f(t.fakeOpenAI.closeMs, 1)} ms (old: < 1,000 ms)`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const t = await measureTiming();
  console.log(timingLines(t).join("\n"));
  console.log(`TIMING_JSON ${JSON.stringify(t)}`);
}
