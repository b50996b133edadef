/**
 * Guardrail cost (part of `npm run bench`): a sync prompt with a policy of 1,000 blocked terms and 100
 * prompt guards against the same prompt with no policy (defaults: PII and toxicity checks only), in
 * process on the embedded database; the detectors alone; and the toxicity scorer's precision and recall
 * on its labelled evaluation set.
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
    return {
      promptNoPolicyP50Ms: p50a,
      promptWithPolicyP50Ms: p50b,
      overheadP50Ms: p50b - p50a,
      detectorsP50Ms: pct(det, 0.5),
      detectorsP99Ms: pct(det, 0.99),
      toxicity: [0.5, 0.7].map((threshold) => ({ threshold, ...evaluateToxicity(threshold) })),
    };
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
