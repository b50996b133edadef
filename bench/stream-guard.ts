/**
 * Guardrail cost of a streamed answer (part of `npm run bench`; alone: `npx tsx bench/stream-guard.ts`).
 * A 4 KB answer arrives word by word; with a policy of 1,000 blocked terms and 100 guards, this measures the
 * CPU of the stream's output checks three ways in the same run:
 *   - one full check of the whole answer (the unit: what a sync answer costs),
 *   - the stream's checks as shipped (`StreamGuard`: a sliding window, then one full check at the end),
 *   - the old way, every check re-run on the whole answer so far at each delta (the baseline).
 * Target: the stream's checks ≤ 3× one full check.
 */
import { fileURLToPath } from "node:url";
import { createCacheProvider } from "../apps/api/src/cache.ts";
import { compilePolicy, holdBack } from "../apps/api/src/modules/safety/detect.ts";
import type { PolicyPack } from "../apps/api/src/modules/safety/schemas.ts";
import { type ActivePolicy, DEFAULT_REFUSAL, SafetyService } from "../apps/api/src/modules/safety/service.ts";
import { StreamGuard } from "../apps/api/src/modules/safety/stream-window.ts";

const SENTENCES = [
  "I usually try a new app on a slow afternoon, when nobody needs anything from me for an hour or so.",
  "The first thing I look at is whether it asks for too much before it shows me anything useful.",
  "Honestly, my team cares more about whether it plays well with the tools we already pay for.",
  "Last spring we dropped a planning tool after two weeks because the notifications never stopped.",
  "Price matters, but what really decides it is whether I can explain it to my manager in one sentence.",
  "If support answers within a day, I forgive a lot; if they do not, I start looking for the exit.",
];

function answer4k(): string {
  let text = "";
  for (let i = 0; text.length < 4096; i++) text += `${SENTENCES[i % SENTENCES.length]} `;
  return text.slice(0, 4096);
}

function policy(): ActivePolicy {
  const blockedTerms = Array.from({ length: 1000 }, (_, i) => `blockterm${i.toString(36)}x${(i * 7919).toString(36)}`);
  const promptGuards = Array.from({ length: 100 }, (_, i) => `ignore rule number ${i} now`);
  const compiled = compilePolicy({
    blockedTerms,
    promptGuards,
    escalationKeywords: [],
    allowedTopics: [],
    blockedTopics: [],
  });
  const pack = {
    tenantId: "bench",
    blockedTerms,
    promptGuards,
    allowPii: false,
    toxicityThreshold: 0.7,
    escalationKeywords: [],
    topicBoundaries: { allowedTopics: [], blockedTopics: [] },
    refusalMessage: DEFAULT_REFUSAL,
    escalationWebhookUrl: null,
    escalationWebhookSecret: null,
    isDefault: false,
    updatedAt: null,
  } as unknown as PolicyPack;
  return { pack, compiled, holdBack: Math.max(64, holdBack(compiled)) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function time(rounds: number, fn: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export interface StreamGuardBench {
  answerChars: number;
  deltas: number;
  holdBack: number;
  fullCheckMs: number;
  streamMs: number;
  oldStreamMs: number;
  /** streamMs / fullCheckMs (target ≤ 3) */
  ratio: number;
  oldRatio: number;
  /** Characters received before the first text is released (time to first token, in characters). */
  firstReleaseAt: number;
}

export function measureStreamGuard(): StreamGuardBench {
  const active = policy();
  // The methods used here touch no dependency (no database, queue or moderator; the cache is only built).
  const safety = new SafetyService({ cache: createCacheProvider("off") } as never);
  const text = answer4k();
  const deltas = text.match(/\S+\s*/g) ?? [];
  let firstReleaseAt = -1;
  const stream = () => {
    const guard = new StreamGuard(safety, active);
    let seen = 0;
    for (const d of deltas) {
      seen += d.length;
      const step = guard.push(d);
      if ("blocked" in step) throw new Error("the bench answer was blocked");
      if (firstReleaseAt < 0 && step.send.length > 0) firstReleaseAt = seen;
    }
    if ("blocked" in guard.end()) throw new Error("the bench answer was blocked");
  };
  const old = () => {
    let raw = "";
    for (const d of deltas) {
      raw += d;
      safety.filterAnswer(active, raw);
    }
    safety.filterAnswer(active, raw);
  };
  // Warm up the JIT on all three before measuring.
  for (let i = 0; i < 3; i++) {
    safety.filterAnswer(active, text);
    stream();
    old();
  }
  const fullCheckMs = time(40, () => safety.filterAnswer(active, text));
  const streamMs = time(20, stream);
  const oldStreamMs = time(5, old);
  return {
    answerChars: text.length,
    deltas: deltas.length,
    holdBack: active.holdBack,
    fullCheckMs,
    streamMs,
    oldStreamMs,
    ratio: streamMs / fullCheckMs,
    oldRatio: oldStreamMs / fullCheckMs,
    firstReleaseAt,
  };
}

export function streamGuardLines(b: StreamGuardBench): string[] {
  const f = (n: number) => n.toFixed(2);
  return [
    `stream guardrails, a ${b.answerChars}-character answer in ${b.deltas} deltas, 1,000 terms + 100 guards (hold-back ${b.holdBack}): ` +
      `one full check ${f(b.fullCheckMs)} ms; the stream's checks ${f(b.streamMs)} ms = ${f(b.ratio)}× a full check ` +
      `(target ≤ 3×${b.ratio > 3 ? ", MISSED" : ""}); the old per-delta re-check ${f(b.oldStreamMs)} ms = ${f(b.oldRatio)}×; ` +
      `first text released after ${b.firstReleaseAt} characters`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(streamGuardLines(measureStreamGuard()).join("\n"));
}
