/**
 * The voice guard (issue 10): the tuned persona × question set, asked through HTTP of a real server on the
 * offline default (the simulator), one session per persona, judged by the checker (`checker.ts`).
 *
 * Which thresholds come from where:
 *  - ISSUE: written in issue 10 ("at least 85% of sentences distinct across 10 personas and 7 questions;
 *    no opener shared by more than 2 personas"; no dollars or Medicare in Lagos, Cairo or Galway; a nun has
 *    no grandchildren and a 19-year-old no 30-year career; no percentages above 100; pride at most once per
 *    session unless asked; never a pasted copy of the question; never claims it is not scripted).
 *  - OURS: the issue asks that answers answer the question but gives no figure; 0.8 of answers on topic
 *    (by the checker's heuristics) is this test's own bar.
 *
 * The distinct-sentence figure is asserted on the first 10 personas × first 7 questions of the set, the
 * issue's own trial size (a larger set repeats more by nature); every other threshold on the whole set.
 * The held-out set (`held-out.json`, written by someone else from the issue alone) is not asserted here:
 * the bench (`bench/voice.ts`) prints its figures beside the tuned set's.
 *
 * Persona ids are random and the simulator's wording is seeded by them, so the figures move a little from
 * run to run (the distinct-sentence ratio by about ±0.02 on the same code): a simulator that passes only
 * just will fail now and then. Keep a margin above the thresholds rather than lowering them.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness.ts";
import { checkTranscripts, type Finding, type Transcript, type VoiceReport } from "./checker.ts";
import { collect, loadSet, subset, transcriptsOf } from "./collect.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** ISSUE: distinct sentences over 10 personas × 7 questions. */
const MIN_DISTINCT_RATIO = 0.85;
/** ISSUE: no opener (first sentence) shared by more than 2 personas. */
const MAX_OPENER_SHARING = 2;
/** OURS: share of answers on topic for their question's intent (the issue names no figure). */
const MIN_ON_TOPIC = 0.8;

let server: TestServer;
let all: VoiceReport;
let trial: VoiceReport;

/** Up to 12 findings of one metric, one per line, for a failing assertion's message. */
const show = (r: VoiceReport, metric: Finding["metric"]) =>
  r.findings
    .filter((f) => f.metric === metric)
    .slice(0, 12)
    .map((f) => `  ${f.persona} / ${f.question} (turn ${f.turn}): ${f.detail}`)
    .join("\n");

beforeAll(async () => {
  server = await startTestServer();
  const { tenantId, key } = await server.newTenant();
  const set = loadSet(path.join(HERE, "tuned.json"));
  const transcripts: Transcript[] = await collect({ url: server.url, apiKey: key, tenantId }, set);
  all = checkTranscripts(transcripts);
  trial = checkTranscripts(transcriptsOf(transcripts, subset(set, 10, 7)));
});

afterAll(async () => {
  await server?.close();
});

describe("the offline default's voice (tuned set, issue 10)", () => {
  it("asks every persona every question", () => {
    expect(all.personas).toBeGreaterThanOrEqual(12);
    expect(all.questions).toBeGreaterThanOrEqual(10);
    expect(trial.answers).toBe(70);
  });

  it(`ISSUE: at least ${MIN_DISTINCT_RATIO * 100}% of sentences distinct over 10 personas × 7 questions`, () => {
    const { distinct, sentences, ratio } = trial.sentences;
    expect(ratio, `${distinct} of ${sentences} sentences distinct`).toBeGreaterThanOrEqual(MIN_DISTINCT_RATIO);
  });

  it(`ISSUE: no opener shared by more than ${MAX_OPENER_SHARING} personas`, () => {
    const { max, opener } = all.openers.overall;
    expect(max, `"${opener}" opens answers of ${max} personas`).toBeLessThanOrEqual(MAX_OPENER_SHARING);
  });

  it(`OURS: at least ${MIN_ON_TOPIC * 100}% of answers on topic`, () => {
    const perIntent = Object.entries(all.onTopic.perIntent)
      .map(([intent, s]) => `${intent} ${s.onTopic}/${s.answers}`)
      .join(", ");
    expect(all.onTopic.share, `${perIntent}\n${show(all, "off_topic")}`).toBeGreaterThanOrEqual(MIN_ON_TOPIC);
  });

  it("ISSUE: no other country's currency or institutions (unless the question names them)", () => {
    expect(all.counts.locale, show(all, "locale")).toBe(0);
  });

  it("ISSUE: no life fact at odds with the persona (a nun's grandchildren, a career longer than the age allows)", () => {
    expect(all.counts.life_fact, show(all, "life_fact")).toBe(0);
  });

  it("ISSUE: no percentage above 100", () => {
    expect(all.counts.percent_over_100, show(all, "percent_over_100")).toBe(0);
  });

  it("ISSUE: never a pasted copy of the question", () => {
    expect(all.counts.question_echo, show(all, "question_echo")).toBe(0);
  });

  it("ISSUE: a memory told at most once per session unless asked", () => {
    expect(all.counts.pride_repetition, show(all, "pride_repetition")).toBe(0);
  });

  it("ISSUE: never claims, in character, not to be scripted (nor to be an AI)", () => {
    expect(all.counts.ai_claim, show(all, "ai_claim")).toBe(0);
  });
});
