import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../../test/fake-openai.ts";
import { startTestServer, type TestServer } from "../../../test/harness.ts";
import { apiFigures, apiSummary, type PartApiFigures } from "./eval/api-figures.ts";
import {
  type ApiEvalTarget,
  loadParts,
  MODES,
  ModelScript,
  type Outcomes,
  prepareTarget,
  runCases,
} from "./eval/api-run.ts";

/**
 * The guardrail evaluation sets (`eval/`) through the API, on sync, async and stream alike (issue 8): input
 * cases as the user's prompt, output cases said by a fake OpenAI-compatible model, streamed word by word. The
 * tuned part must pass whole in every mode; the held-out part is measured (figures printed, counts per class
 * only) with a generous floor, and its three modes must agree case by case.
 *
 * One server for the file, 8 requests in flight, async jobs queued first and polled last.
 */
const RUN_TIMEOUT_MS = 600_000; // a bound on a hang: the run takes about a minute on a busy 2-core machine
/** Async runs every Nth case (1: all of them). */
const ASYNC_EVERY = 1;

let fake: FakeOpenAI;
let s: TestServer;
let script: ModelScript;
let target: ApiEvalTarget;
let parts: ReturnType<typeof loadParts>;
let outcomes: Outcomes;
let figures: Record<"tuned" | "heldout", PartApiFigures>;

beforeAll(async () => {
  const started = performance.now();
  script = new ModelScript();
  fake = await startFakeOpenAI({ fallback: { kind: "text", text: "" }, textFor: script.textFor });
  s = await startTestServer({
    env: {
      OPENAI_COMPATIBLE_BASE_URL: fake.url,
      // Personas are written by the simulator; only the prompts under test go to the fake model.
      DEFAULT_MODEL: "person-run/simulator",
      // About 2,600 requests from one key in a minute or two.
      RATE_LIMIT_PER_MINUTE: "0",
    },
  });
  const { key } = await s.newTenant();
  target = await prepareTarget({ url: s.url, key, model: "compatible/fake-eval", script });
  parts = loadParts();
  const run = await runCases(target, parts, { concurrency: 8, asyncEvery: ASYNC_EVERY });
  outcomes = run.outcomes;
  figures = { tuned: apiFigures(parts.tuned, outcomes, true), heldout: apiFigures(parts.heldout, outcomes) };
  console.log(
    [
      ...apiSummary("tuned", figures.tuned),
      ...apiSummary("held-out", figures.heldout),
      `${parts.tuned.length + parts.heldout.length} cases × 3 modes (async every ${ASYNC_EVERY}), ` +
        `${script.calls.length} model calls; ${((performance.now() - started) / 1000).toFixed(1)} s with server start ` +
        `(queueing async ${run.seconds.queue.toFixed(1)} s, sync + stream ${run.seconds.direct.toFixed(1)} s, ` +
        `waiting for jobs ${run.seconds.jobs.toFixed(1)} s)`,
    ].join("\n"),
  );
}, RUN_TIMEOUT_MS);

afterAll(async () => {
  await s?.close();
  await fake?.close();
});

describe("guardrail evaluation through the API", () => {
  it("sends every case in every mode", () => {
    expect(parts.tuned.length).toBeGreaterThanOrEqual(300);
    for (const [name, cases] of Object.entries(parts)) {
      const missing = cases.filter((c, i) => {
        const got = outcomes.get(c.id) ?? {};
        return !got.sync || !got.stream || (i % ASYNC_EVERY === 0 && !got.async);
      });
      expect(missing.length, `${name}: cases without an outcome`).toBe(0);
    }
  });

  it("catches every tuned adversarial case and blocks no tuned benign one, on sync, async and stream", () => {
    const t = figures.tuned;
    expect(t.failures).toEqual([]);
    for (const mode of MODES) {
      for (const stage of ["input", "output"] as const) {
        expect(t.modes[mode][stage].total, `${mode} ${stage}`).toBeGreaterThan(0);
        expect(t.modes[mode][stage].misses, `${mode} ${stage} misses`).toBe(0);
        expect(t.modes[mode][stage].falseBlocks, `${mode} ${stage} false blocks`).toBe(0);
      }
    }
  });

  it("keeps the held-out figures above a generous floor in every mode (figures only, never case by case)", () => {
    const h = figures.heldout;
    expect(h.failures).toBeUndefined();
    for (const mode of MODES) {
      expect(h.rates[mode].caught, `${mode}: share of held-out adversarial cases caught`).toBeGreaterThanOrEqual(0.7);
      expect(h.rates[mode].falseBlocks, `${mode}: share of held-out benign cases blocked`).toBeLessThanOrEqual(0.1);
    }
  });

  it("gives each held-out case the same outcome on sync, async and stream", () => {
    // Counts per class only: a case blocked on sync but leaking on stream is a bug of the stream path.
    expect(figures.heldout.disagreements).toEqual({});
    expect(figures.tuned.disagreements).toEqual({});
  });

  it(
    "reports as misses, in every mode, cases that a tenant without the policy lets through",
    async () => {
      // The control: the same driver against a tenant with no policy must see each leak, or the figures above
      // would prove nothing. An empty policy restricts nothing but PII and toxicity, so: blocked terms only.
      const { key } = await s.newTenant();
      const bare = await prepareTarget({ url: s.url, key, model: "compatible/fake-eval", script }, {});
      const pick = (stage: "input" | "output") =>
        parts.tuned.filter((c) => c.stage === stage && c.rule === "blocked_term" && c.expect !== "allow").slice(0, 4);
      const cases = [...pick("input"), ...pick("output")];
      const control = apiFigures(cases, (await runCases(bare, { control: cases })).outcomes);
      for (const mode of MODES) {
        for (const stage of ["input", "output"] as const) {
          expect(control.modes[mode][stage], `${mode} ${stage}`).toMatchObject({ total: 4, misses: 4 });
        }
      }
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "counts a failed model call as a failure, not as a hidden answer",
    async () => {
      // Nothing leaks from a 502, a failed job or a stream's upstream error, but an error is not a guardrail.
      const c = parts.tuned.find((x) => x.stage === "output" && x.expect === "hide");
      expect(c).toBeDefined();
      fake.enqueue(...MODES.map(() => ({ kind: "status" as const, status: 400 as const })));
      const f = apiFigures([c!], (await runCases(target, { one: [c!] }, { concurrency: 1 })).outcomes);
      for (const mode of MODES) expect(f.modes[mode].output, mode).toMatchObject({ total: 1, misses: 1 });
      expect(Object.keys(f.why.sync)[0]).toMatch(/^status 502/);
      expect(Object.keys(f.why.async)[0]).toMatch(/^job failed/);
      expect(Object.keys(f.why.stream)[0]).toMatch(/^(error event|status 502)/);
    },
    RUN_TIMEOUT_MS,
  );
});
