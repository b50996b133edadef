/**
 * The voice bench (issue 10): what personas say on the offline default, today's code beside the code
 * before issue 10 (`BASELINE_COMMIT`), measured in the same run.
 *
 * Starts `person-run serve` twice, one after the other (the baseline extracted with `extractBaseline()`,
 * then this checkout), asks both sets of `apps/api/test/voice/` (tuned: the guard test's; held-out: written
 * from the issue alone by someone else) through HTTP like a user, and prints the checker's figures.
 *
 *   npx tsx bench/voice.ts                       # the table
 *   npx tsx bench/voice.ts --markdown out.md     # also every transcript as Markdown (a 20-answer sample first)
 *   npx tsx bench/voice.ts --json                # also one VOICE_JSON line
 *   npx tsx bench/voice.ts --current <commit>    # "now" is that commit (extracted like the baseline), not this checkout
 *
 * Part of `npm run bench` (`bench/run.ts` adds its figures to BENCH_JSON as `voice`).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkTranscripts, INTENTS, type Transcript, type VoiceReport } from "../apps/api/test/voice/checker.ts";
import {
  collect,
  loadSet,
  subset,
  transcriptsMarkdown,
  transcriptsOf,
  type VoiceSet,
} from "../apps/api/test/voice/collect.ts";
import { type ApiServer, BASELINE_COMMIT, extractBaseline, ROOT, startApiServer } from "./servers.ts";

const SETS = [
  { name: "tuned", file: "apps/api/test/voice/tuned.json" },
  { name: "held-out", file: "apps/api/test/voice/held-out.json" },
] as const;

export interface VoiceFigures {
  answers: number;
  sentences: number;
  distinctRatio: number;
  /** Distinct-sentence ratio over the first 10 personas × 7 questions (the trial size). */
  distinctRatio10x7: number;
  maxOpenerSharing: number;
  sharedOpener: string | null;
  onTopic: number;
  onTopicPerIntent: Record<string, number>;
  locale: number;
  lifeFacts: number;
  percentOver100: number;
  echoes: number;
  prideRepetitions: number;
  aiClaims: number;
}

export interface VoiceSetResult {
  set: string;
  baseline: VoiceFigures;
  current: VoiceFigures;
}

export interface VoiceResult {
  baselineCommit: string;
  /** The commit measured as "now" when not this checkout. */
  currentCommit?: string;
  sets: VoiceSetResult[];
  /** Every transcript, by set then server. */
  transcripts: Record<string, { baseline: Transcript[]; current: Transcript[] }>;
}

const round = (n: number) => Number(n.toFixed(3));

function figures(ts: Transcript[], set: VoiceSet): VoiceFigures {
  const r: VoiceReport = checkTranscripts(ts);
  const perIntent: Record<string, number> = {};
  for (const intent of INTENTS) {
    const s = r.onTopic.perIntent[intent];
    if (s) perIntent[intent] = round(s.share);
  }
  return {
    answers: r.answers,
    sentences: r.sentences.sentences,
    distinctRatio: round(r.sentences.ratio),
    distinctRatio10x7: round(checkTranscripts(transcriptsOf(ts, subset(set, 10, 7))).sentences.ratio),
    maxOpenerSharing: r.openers.overall.max,
    sharedOpener: r.openers.overall.opener ?? null,
    onTopic: round(r.onTopic.share),
    onTopicPerIntent: perIntent,
    locale: r.counts.locale,
    lifeFacts: r.counts.life_fact,
    percentOver100: r.counts.percent_over_100,
    echoes: r.counts.question_echo,
    prideRepetitions: r.counts.pride_repetition,
    aiClaims: r.counts.ai_claim,
  };
}

async function collectAll(server: ApiServer, sets: { name: string; set: VoiceSet }[]) {
  const out: Record<string, Transcript[]> = {};
  for (const { name, set } of sets) {
    out[name] = await collect({ url: server.url, apiKey: server.apiKey, tenantId: server.tenant }, set);
  }
  return out;
}

async function withServer<T>(start: () => Promise<ApiServer>, fn: (s: ApiServer) => Promise<T>): Promise<T> {
  const server = await start();
  try {
    return await fn(server);
  } catch (err) {
    throw new Error(`${server.name}: ${(err as Error).message}\nserver output:\n${server.output()}`);
  } finally {
    await server.stop();
  }
}

/** Runs every set on the baseline and on this checkout, one server at a time. */
export async function measureVoice(
  options: { baselineCommit?: string; currentCommit?: string } = {},
): Promise<VoiceResult> {
  const commit = options.baselineCommit ?? BASELINE_COMMIT;
  const currentRoot = options.currentCommit ? extractBaseline(options.currentCommit) : undefined;
  const sets = SETS.map((s) => ({ name: s.name, set: loadSet(path.join(ROOT, s.file)) }));
  const baselineRoot = extractBaseline(commit);
  const baseline = await withServer(
    () => startApiServer({ root: baselineRoot, name: `person-run serve @${commit}` }),
    (s) => collectAll(s, sets),
  );
  const current = await withServer(
    () =>
      startApiServer({
        root: currentRoot,
        name: options.currentCommit ? `person-run serve @${options.currentCommit}` : "person-run serve (this checkout)",
      }),
    (s) => collectAll(s, sets),
  );
  return {
    baselineCommit: commit,
    currentCommit: options.currentCommit,
    sets: sets.map(({ name, set }) => ({
      set: name,
      baseline: figures(baseline[name]!, set),
      current: figures(current[name]!, set),
    })),
    transcripts: Object.fromEntries(
      sets.map(({ name }) => [name, { baseline: baseline[name]!, current: current[name]! }]),
    ),
  };
}

const pct = (n: number | undefined) => (n === undefined ? "-" : `${(n * 100).toFixed(0)}%`);

/** The table: one row per figure, a column per set × {baseline, current}. */
export function voiceLines(r: VoiceResult): string[] {
  const cols = r.sets.flatMap((s) => [
    { head: `${s.set} @${r.baselineCommit}`, f: s.baseline },
    { head: r.currentCommit ? `${s.set} @${r.currentCommit}` : `${s.set} now`, f: s.current },
  ]);
  const rows: [string, (f: VoiceFigures) => string][] = [
    ["answers", (f) => String(f.answers)],
    ["distinct sentences", (f) => `${pct(f.distinctRatio)} of ${f.sentences}`],
    ["  … 10 personas × 7 questions", (f) => pct(f.distinctRatio10x7)],
    ["max personas sharing an opener", (f) => String(f.maxOpenerSharing)],
    ["on topic", (f) => pct(f.onTopic)],
    ...INTENTS.map((i): [string, (f: VoiceFigures) => string] => [`  ${i}`, (f) => pct(f.onTopicPerIntent[i])]),
    ["locale violations", (f) => String(f.locale)],
    ["life-fact violations", (f) => String(f.lifeFacts)],
    ["percentages > 100", (f) => String(f.percentOver100)],
    ["question echoes", (f) => String(f.echoes)],
    ["repeated passages (pride)", (f) => String(f.prideRepetitions)],
    ["'not scripted'/AI claims", (f) => String(f.aiClaims)],
  ];
  const w0 = 32;
  const w = Math.max(...cols.map((c) => c.head.length)) + 2;
  const line = (cells: string[]) =>
    cells[0]!.padEnd(w0) +
    cells
      .slice(1)
      .map((c) => c.padStart(w))
      .join("");
  const out = [
    `voice (issue 10): the checker's figures, baseline ${r.baselineCommit} beside ${r.currentCommit ?? "this checkout"}, same run`,
    line(["", ...cols.map((c) => c.head)]),
    ...rows.map(([name, get]) => line([name, ...cols.map((c) => get(c.f))])),
  ];
  for (const s of r.sets) {
    for (const [which, f] of [
      ["baseline", s.baseline],
      ["now", s.current],
    ] as const) {
      if (f.sharedOpener && f.maxOpenerSharing > 2) {
        out.push(`  ${s.set} ${which}: most shared opener "${f.sharedOpener.slice(0, 90)}"`);
      }
    }
  }
  return out;
}

/** The figures for BENCH_JSON (no transcripts). */
export function voiceJson(r: VoiceResult) {
  return { baselineCommit: r.baselineCommit, currentCommit: r.currentCommit, sets: r.sets };
}

/**
 * Five personas of different countries, four answers each (the current server's tuned set), for an issue
 * note; then every transcript.
 */
export function voiceMarkdown(r: VoiceResult): string {
  const now = r.currentCommit ?? "this checkout";
  const parts: string[] = [`# Voice transcripts (baseline ${r.baselineCommit} and ${now})`, ""];
  const tuned = r.transcripts.tuned?.current ?? [];
  const countries = new Set<string>();
  const picked: Transcript[] = [];
  for (const t of tuned) {
    if (countries.has(t.persona.country) || countries.size >= 5) continue;
    countries.add(t.persona.country);
    picked.push(...tuned.filter((x) => x.session === t.session).slice(0, 4));
  }
  parts.push(transcriptsMarkdown(picked, `Sample: 20 answers, 5 personas of different countries (${now})`));
  for (const [set, { baseline, current }] of Object.entries(r.transcripts)) {
    parts.push(transcriptsMarkdown(current, `${set}: ${now}`));
    parts.push(transcriptsMarkdown(baseline, `${set}: baseline ${r.baselineCommit}`));
  }
  return parts.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const mdAt = args.indexOf("--markdown");
  const currentAt = args.indexOf("--current");
  try {
    const result = await measureVoice({ currentCommit: currentAt >= 0 ? args[currentAt + 1] : undefined });
    for (const l of voiceLines(result)) console.log(l);
    if (mdAt >= 0) {
      const file = args[mdAt + 1] ?? "voice-transcripts.md";
      writeFileSync(file, voiceMarkdown(result));
      console.log(`transcripts written to ${file}`);
    }
    if (args.includes("--json")) console.log(`VOICE_JSON ${JSON.stringify(voiceJson(result))}`);
  } catch (err) {
    process.stderr.write(`voice bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}
