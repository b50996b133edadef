/**
 * Guardrail cost (part of `npm run bench`): a sync prompt with a policy of 1,000 blocked terms and 100
 * prompt guards against the same prompt with no policy (defaults: PII and toxicity checks only), in
 * process on the embedded database; the detectors alone; compiling 1,000 terms + 100 guards and checking a
 * 2 KB prompt with them; the evaluation sets (`safety/eval/`: tuned and held-out parts, with toxicity
 * precision/recall at the policy threshold); and the toxicity scorer on its labelled set.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { loadConfig } from "../apps/api/src/config.ts";
import { createApp } from "../apps/api/src/http/app.ts";
import {
  checkInput,
  checkOutput,
  compilePolicy,
  evaluateToxicity,
  findPii,
  toxicityScore,
} from "../apps/api/src/modules/safety/detect.ts";
import { type PartFigures, runEvaluation, summarize } from "../apps/api/src/modules/safety/eval/run.ts";
import { buildRuntime } from "../apps/api/src/server.ts";

const ROUNDS = 400;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * xs.length) - 1)] ?? Number.NaN;

function bigPolicy() {
  const blockedTerms = Array.from({ length: 1000 }, (_, i) => `blockterm${i.toString(36)}x${(i * 7919).toString(36)}`);
  const promptGuards = [
    ...Array.from({ length: 95 }, (_, i) => `ignore rule number ${i} now`),
    "/jail\\s*break/",
    "/reveal (your|the) system prompt/",
    "/pretend to be [a-z]+ without limits/",
    "/disregard all prior/",
    "/developer mode/",
  ];
  return { blockedTerms, promptGuards };
}

export interface GuardrailBench {
  promptNoPolicyP50Ms: number;
  promptWithPolicyP50Ms: number;
  overheadP50Ms: number;
  detectorsP50Ms: number;
  detectorsP99Ms: number;
  toxicity: { threshold: number; precision: number; recall: number; f1: number; n: number }[];
  /** Compiling 1,000 terms + 100 guards, and one input check of a 2 KB prompt with them (p50 of 1,000). */
  bigPolicyCompileMs: number;
  check2KbP50Ms: number;
  evaluation: { tuned: Omit<PartFigures, "failures">; heldout: PartFigures };
}

/** The timing that used to be a test: 1,000 terms + 100 guards, a 2 KB prompt checked 1,000 times. */
function measureBigText(): { compileMs: number; p50: number } {
  const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];
  const blockedTerms = Array.from({ length: 1000 }, (_, i) => `${words[i % 10]}${words[Math.floor(i / 10) % 10]}${i}`);
  const promptGuards = Array.from({ length: 100 }, (_, i) =>
    i % 10 === 0 ? `/forget\\s+rule\\s*${i}/` : `please ignore rule number ${words[i % 10]} ${i}`,
  );
  const t0 = performance.now();
  const policy = compilePolicy({
    blockedTerms,
    promptGuards,
    escalationKeywords: [],
    allowedTopics: [],
    blockedTopics: [],
  });
  const compileMs = performance.now() - t0;
  const sentence = "What do you think about the new onboarding flow and the pricing page for small teams? ";
  const text = sentence.repeat(Math.ceil(2048 / sentence.length)).slice(0, 2048);
  const times: number[] = [];
  for (let i = 0; i < 1100; i++) {
    const start = performance.now();
    checkInput(policy, text);
    if (i >= 100) times.push(performance.now() - start);
  }
  return { compileMs, p50: pct(times, 0.5) };
}

export async function measureGuardrails(): Promise<GuardrailBench> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "person-run-bench-guardrails-"));
  const runtime = await buildRuntime(
    loadConfig({ LOG_LEVEL: "silent", DATA_DIR: path.join(dir, "data"), WORKERS: "false" }),
    {
      logger: pino({ level: "silent" }),
    },
  );
  try {
    const { ctx } = runtime;
    const app = createApp(ctx);
    const tenant = async (id: string) => {
      await ctx.access.createTenant({ id }, null);
      const { secret } = await ctx.access.createKey(id, { name: "bench", profile: "full" });
      const { persona } = await ctx.personas.create(id, {
        firstName: "Ada",
        lastName: "Park",
        age: 38,
        location: "Leeds",
        baseOccupation: "Nurse",
      } as never);
      return { secret, personaId: persona.id };
    };
    const plain = await tenant("bench-plain");
    const guarded = await tenant("bench-guarded");
    await ctx.safety.put("bench-guarded", bigPolicy());
    const userPrompt = "What do you think about working night shifts, and how do they affect your family life?";
    const once = async (t: { secret: string; personaId: string }) => {
      const start = performance.now();
      const res = await app.request("/personas/prompt", {
        method: "POST",
        headers: { "x-api-key": t.secret, "content-type": "application/json" },
        body: JSON.stringify({ personaId: t.personaId, userPrompt }),
      });
      if (res.status !== 200) throw new Error(`prompt failed: ${res.status} ${await res.text()}`);
      await res.text();
      return performance.now() - start;
    };
    // Alternate request by request, so both share the machine's noise and the database's growth.
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < ROUNDS + 30; i++) {
      const x = await once(plain);
      const y = await once(guarded);
      if (i >= 30) {
        a.push(x);
        b.push(y);
      }
    }
    const compiled = compilePolicy({ ...bigPolicy(), escalationKeywords: [], allowedTopics: [], blockedTopics: [] });
    const answer =
      "Honestly, night shifts are hard on everyone at home. I try to sleep in the mornings and keep Sundays for the kids, but it never quite works out the way I plan it.";
    const det: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const start = performance.now();
      checkInput(compiled, userPrompt);
      findPii(userPrompt);
      toxicityScore(userPrompt);
      checkOutput(compiled, answer);
      toxicityScore(answer);
      if (i >= 300) det.push(performance.now() - start);
    }
    const p50a = pct(a, 0.5);
    const p50b = pct(b, 0.5);
    const big = measureBigText();
    const evaluation = runEvaluation();
    const { failures: _ids, ...tuned } = evaluation.tuned;
    process.stderr.write(
      `  guardrail evaluation\n    ${summarize("tuned", evaluation.tuned)}\n    ${summarize("held-out", evaluation.heldout)}\n` +
        `  1,000 terms + 100 guards: compile ${big.compileMs.toFixed(1)} ms, 2 KB prompt check p50 ${big.p50.toFixed(3)} ms\n`,
    );
    return {
      promptNoPolicyP50Ms: p50a,
      promptWithPolicyP50Ms: p50b,
      overheadP50Ms: p50b - p50a,
      detectorsP50Ms: pct(det, 0.5),
      detectorsP99Ms: pct(det, 0.99),
      toxicity: [0.5, 0.7].map((threshold) => ({ threshold, ...evaluateToxicity(threshold) })),
      bigPolicyCompileMs: big.compileMs,
      check2KbP50Ms: big.p50,
      evaluation: { tuned, heldout: evaluation.heldout },
    };
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
