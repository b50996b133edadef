/**
 * Memory scaling (part of `npm run bench`): for personas with 100, 1,000 and 10,000 memories on the
 * embedded database, the latency of memory retrieval alone and of a whole sync prompt, to show how
 * cost grows with the timeline. In-process (no HTTP), so the figures are the pipeline's own.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { loadConfig } from "../apps/api/src/config.ts";
import { createApp } from "../apps/api/src/http/app.ts";
import { retrieveMemories } from "../apps/api/src/modules/timeline/retrieval.ts";
import { buildRuntime } from "../apps/api/src/server.ts";

const SIZES = [100, 1_000, 10_000];
const ROUNDS = 200;

const PLACES = [
  "Lisbon",
  "Denver",
  "the lake house",
  "Osaka",
  "my old school",
  "the hospital",
  "Grandma's farm",
  "the office",
  "Chicago",
  "the beach",
];
const THINGS = [
  "a bicycle",
  "the piano",
  "a job offer",
  "my first car",
  "a wedding",
  "the storm",
  "a promotion",
  "the dog",
  "a marathon",
  "an argument",
];
const PEOPLE = [
  "my sister",
  "Dad",
  "my best friend",
  "a neighbour",
  "my boss",
  "the coach",
  "my partner",
  "a stranger",
  "my uncle",
  "my teacher",
];
const TYPES = ["normal", "normal", "normal", "pride", "shame", "exaggerated", "repressed", "normal"] as const;
const PROMPTS = [
  "Tell me about a time you were in Lisbon.",
  "What do you remember about the piano?",
  "How do you feel about your boss?",
  "Have you ever run a marathon?",
  "What happened during the storm?",
  "Tell me about your first car.",
  "What is your favourite memory of the beach?",
  "How did you meet your best friend?",
];

function memory(i: number) {
  const place = PLACES[i % PLACES.length];
  const thing = THINGS[Math.floor(i / 10) % THINGS.length];
  const who = PEOPLE[Math.floor(i / 100) % PEOPLE.length];
  return {
    eventAt: new Date(Date.UTC(1995 + (i % 30), i % 12, 1 + (i % 28))).toISOString(),
    eventLabel: `${thing} in ${place} (${i})`,
    facts: `I went to ${place} with ${who} because of ${thing}; memory number ${i}.`,
    feelings: i % 3 === 0 ? "Happy and proud." : i % 3 === 1 ? "Anxious." : "Quietly content.",
    interpretation: `It taught me something about ${thing} and about ${who}.`,
    emotionTags: [i % 2 ? "joy" : "worry"],
    memoryType: TYPES[i % TYPES.length] as (typeof TYPES)[number],
    memoryStrength: 20 + (i % 80),
  };
}

const pct = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;

export interface MemoryScaling {
  size: number;
  retrievalP50Ms: number;
  retrievalP99Ms: number;
  promptP50Ms: number;
  promptP99Ms: number;
}

export async function measureMemoryScaling(): Promise<MemoryScaling[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "person-run-bench-memory-"));
  const config = loadConfig({ LOG_LEVEL: "silent", DATA_DIR: path.join(dir, "data"), WORKERS: "false" });
  const runtime = await buildRuntime(config, { logger: pino({ level: "silent" }) });
  try {
    const { ctx } = runtime;
    await ctx.access.createTenant({ id: "bench-memory" }, null);
    const { secret } = await ctx.access.createKey("bench-memory", { name: "bench", profile: "full" });
    const app = createApp(ctx);
    const out: MemoryScaling[] = [];
    for (const size of SIZES) {
      const created = await ctx.personas.create("bench-memory", {
        firstName: "Mira",
        lastName: "Stone",
        age: 55,
        location: "Denver",
        baseOccupation: "Architect",
      } as never);
      const doc = await ctx.personas.export("bench-memory", created.persona.id);
      doc.timeline = Array.from({ length: size }, (_, i) => ({
        ...(doc.timeline[0] as (typeof doc.timeline)[number]),
        ...memory(i),
        id: `00000000-0000-7000-8000-${String(i).padStart(12, "0")}`,
        metadata: null,
        status: "active" as const,
        supersedes: null,
        supersededBy: null,
        supersededAt: null,
        supersedeReason: null,
      }));
      const { persona } = await ctx.personas.import("bench-memory", doc);
      const retrieval: number[] = [];
      const prompt: number[] = [];
      for (let i = 0; i < ROUNDS + 20; i++) {
        const userPrompt = PROMPTS[i % PROMPTS.length] as string;
        let t = performance.now();
        await retrieveMemories(ctx.database, {
          tenantId: "bench-memory",
          personaId: persona.id,
          prompt: userPrompt,
          recentUserTurns: [],
          now: new Date(),
        });
        if (i >= 20) retrieval.push(performance.now() - t);
        t = performance.now();
        const res = await app.request("/personas/prompt", {
          method: "POST",
          headers: { "x-api-key": secret, "content-type": "application/json" },
          body: JSON.stringify({ personaId: persona.id, userPrompt }),
        });
        if (res.status !== 200) throw new Error(`prompt failed at size ${size}: ${res.status} ${await res.text()}`);
        await res.text();
        if (i >= 20) prompt.push(performance.now() - t);
      }
      retrieval.sort((a, b) => a - b);
      prompt.sort((a, b) => a - b);
      out.push({
        size,
        retrievalP50Ms: pct(retrieval, 0.5),
        retrievalP99Ms: pct(retrieval, 0.99),
        promptP50Ms: pct(prompt, 0.5),
        promptP99Ms: pct(prompt, 0.99),
      });
      process.stderr.write(`  measured memory scaling at ${size} memories\n`);
    }
    return out;
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
