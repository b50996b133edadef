/**
 * The guardrail evaluation sets through the API (`npx tsx bench/guardrail-api-eval.ts`): every tuned and
 * held-out case (`apps/api/src/modules/safety/eval/`) on sync, async and stream, against a real server on the
 * embedded database in a temp dir and the local fake OpenAI-compatible model. Prints the figures per part ×
 * mode × stage (held-out: counts per class only), the time each phase took, and one `GUARDRAIL_API_JSON` line.
 * The same driver (`eval/api-run.ts`) backs `safety/eval-api.test.ts`, which asserts on the figures.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { serve } from "@hono/node-server";
import pino from "pino";
import { loadConfig } from "../apps/api/src/config.ts";
import { createApp } from "../apps/api/src/http/app.ts";
import { apiFigures, apiSummary, type PartApiFigures } from "../apps/api/src/modules/safety/eval/api-figures.ts";
import {
  type ApiRun,
  loadParts,
  ModelScript,
  prepareTarget,
  runCases,
} from "../apps/api/src/modules/safety/eval/api-run.ts";
import { buildRuntime } from "../apps/api/src/server.ts";
import { startFakeOpenAI } from "../apps/api/test/fake-openai.ts";

export interface GuardrailApiBench {
  cases: number;
  modelCalls: number;
  seconds: ApiRun["seconds"];
  tuned: Omit<PartApiFigures, "failures">;
  heldout: PartApiFigures;
  /** Tuned cases that failed, with the mode and how (ids of the tuned part only). */
  tunedFailures: NonNullable<PartApiFigures["failures"]>;
}

export async function measureGuardrailApiEval(opts: { asyncEvery?: number } = {}): Promise<GuardrailApiBench> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "person-run-bench-guardrail-api-"));
  const script = new ModelScript();
  const fake = await startFakeOpenAI({ fallback: { kind: "text", text: "" }, textFor: script.textFor });
  const runtime = await buildRuntime(
    loadConfig({
      LOG_LEVEL: "silent",
      DATA_DIR: path.join(dir, "data"),
      OPENAI_COMPATIBLE_BASE_URL: fake.url,
      DEFAULT_MODEL: "person-run/simulator",
      RATE_LIMIT_PER_MINUTE: "0",
    }),
    { logger: pino({ level: "silent" }) },
  );
  const server = serve({ fetch: createApp(runtime.ctx).fetch, port: 0, hostname: "127.0.0.1" });
  try {
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await runtime.ctx.access.createTenant({ id: "bench-guardrail-api" }, null);
    const { secret: key } = await runtime.ctx.access.createKey("bench-guardrail-api", {
      name: "bench",
      profile: "full",
    });
    const target = await prepareTarget({ url, key, model: "compatible/fake-eval", script });
    const parts = loadParts();
    const run = await runCases(target, parts, { concurrency: 8, asyncEvery: opts.asyncEvery ?? 1 });
    const { failures = [], ...tuned } = apiFigures(parts.tuned, run.outcomes, true);
    return {
      cases: parts.tuned.length + parts.heldout.length,
      modelCalls: script.calls.length,
      seconds: run.seconds,
      tuned,
      heldout: apiFigures(parts.heldout, run.outcomes),
      tunedFailures: failures,
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await runtime.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lines printed: figures per part × mode × stage and per class, then the phases' time. */
export function guardrailApiLines(b: GuardrailApiBench): string[] {
  const s = b.seconds;
  return [
    ...apiSummary("tuned", b.tuned),
    ...b.tunedFailures.map((f) => `  tuned failure: ${f.id} ${f.mode} ${f.kind} (${f.why})`),
    ...apiSummary("held-out", b.heldout),
    `${b.cases} cases × sync, async and stream, ${b.modelCalls} model calls: queueing async ${s.queue.toFixed(1)} s, ` +
      `sync + stream ${s.direct.toFixed(1)} s, waiting for jobs ${s.jobs.toFixed(1)} s`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const b = await measureGuardrailApiEval();
  console.log(guardrailApiLines(b).join("\n"));
  console.log(`GUARDRAIL_API_JSON ${JSON.stringify(b)}`);
  if (b.tunedFailures.length > 0) process.exitCode = 1;
}
