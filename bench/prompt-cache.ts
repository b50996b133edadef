/**
 * Prompt caching (part of `npm run bench`; alone: `npx tsx bench/prompt-cache.ts`): how much of each
 * request a provider's prompt cache could serve, on today's code before issue 10 (`BASELINE_COMMIT`,
 * extracted with `extractBaseline()`) and on this checkout, measured in the same run.
 *
 * Each side is `person-run serve` with `OPENAI_COMPATIBLE_BASE_URL` pointing at the fake OpenAI-compatible
 * server (apps/api/test/fake-openai.ts), which logs every request, and `DEFAULT_MODEL=compatible/…`, so
 * profiles and answers all go through the real provider code path. Then:
 *  (a) a 10-turn session with one persona;
 *  (b) a study: 100 personas (25 places × 4 jobs) each asked one question, then a second question, as
 *      sync prompts without a session.
 * A request's "cached prefix" is the longest byte-identical prefix of its serialized messages
 * (`JSON.stringify(messages)`) shared with the previous request to the same persona (the same first
 * system bytes); tokens ≈ characters / 4. Printed:
 *  - (a) share of the session's prompt tokens that are such a prefix (the first turn counts as 0);
 *  - (b) the same over the second question (the previous request to each persona is its first question),
 *    and, over the first question, the prefix shared with the previous request of ANY persona;
 *  - the shortest prefix two different personas' requests share, beside the generic rules' length;
 *  - what the fake server, imitating OpenAI's cache (≥ 1,024 tokens, blocks of 128, per
 *    `prompt_cache_key`), reports as cached.
 * Targets: (a) and (b) ≥ 80 %; the cross-persona prefix ≥ the generic rules.
 */
import { pathToFileURL } from "node:url";
import { GENERIC_RULES } from "../apps/api/src/modules/prompting/messages.ts";
import { type FakeCall, startFakeOpenAI } from "../apps/api/test/fake-openai.ts";
import { BASELINE_COMMIT, extractBaseline, startApiServer } from "./servers.ts";

const MODEL = "compatible/bench-cache";
const SESSION_TURNS = 10;
const STUDY_PERSONAS = 100;
const CONCURRENCY = 8;

const PLACES = [
  "Lagos, Nigeria",
  "Galway",
  "Cairo, Egypt",
  "Osaka",
  "Des Moines, Iowa",
  "Manchester",
  "São Paulo, Brazil",
  "Mumbai, India",
  "Berlin",
  "Toronto",
  "Sydney",
  "Mexico City",
  "Nairobi, Kenya",
  "Warsaw",
  "Seoul",
  "Madrid",
  "Austin, Texas",
  "Dublin",
  "Manila",
  "Lyon, France",
  "Cape Town",
  "Karachi, Pakistan",
  "Hanoi, Vietnam",
  "Auckland",
  "Chicago",
];
const JOBS = ["Pediatric nurse", "Truck driver", "Retired teacher", "Day trader"];
const NAMES = ["Ada", "Liam", "Mona", "Kenji", "Rosa", "Tom", "Priya", "Yusuf", "Elena", "Sam"];

const SESSION_QUESTIONS = [
  "How do you usually decide what to buy for groceries each week?",
  "What frustrates you most about your bank's app?",
  "Would you pay $12 a month for an app that planned your meals?",
  "What did you do last weekend?",
  "Tell me about a time you felt proud at work.",
  "How do you keep track of your spending?",
  "What would make you switch banks?",
  "Who do you ask for advice about money?",
  "How has the way you shop changed in the last five years?",
  "If you could change one thing about your week, what would it be?",
];
const STUDY_QUESTIONS = [
  "On a scale of 1 to 5, how much do you trust online reviews when you buy something? Explain briefly.",
  "What is the most annoying thing about paying bills where you live?",
];

interface Figures {
  /** Requests the fake server logged for the measured prompts. */
  requests: number;
  session: { share: number; promptTokens: number; reportedCachedShare: number; inputUsd: number };
  study: {
    /** Second question: prefix shared with the same persona's previous request. */
    samePersonaShare: number;
    /** First question: prefix shared with the previous request of any persona. */
    anyPersonaShare: number;
    reportedCachedShare: number;
    inputUsd: number;
  };
  /** The shortest prefix (tokens) requests of two different personas share. */
  crossPersonaMinTokens: number;
}

export interface PromptCacheBench {
  baselineCommit: string;
  genericRulesTokens: number;
  baseline: Figures;
  current: Figures;
}

const tokens = (chars: number) => Math.round(chars / 4);
const serialized = (c: FakeCall) => JSON.stringify(c.body.messages);
/** The persona a prompt is about: its system prompt (the generic rules and its card; the baseline's card). */
const personaOf = (c: FakeCall) => JSON.stringify(c.body.messages.filter((m: { role: string }) => m.role === "system"));

function sharedPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Σ prefix shared with the previous request of the same persona / Σ prompt, over `calls` (`before`: earlier requests). */
function samePersonaShare(calls: FakeCall[], before: FakeCall[] = []): number {
  const last = new Map<string, string>();
  for (const c of before) last.set(personaOf(c), serialized(c));
  let shared = 0;
  let total = 0;
  for (const c of calls) {
    const text = serialized(c);
    const prev = last.get(personaOf(c));
    shared += prev === undefined ? 0 : sharedPrefix(prev, text);
    total += text.length;
    last.set(personaOf(c), text);
  }
  return total ? shared / total : 0;
}

function anyPersonaShare(calls: FakeCall[]): number {
  let shared = 0;
  let total = 0;
  for (let i = 0; i < calls.length; i++) {
    const text = serialized(calls[i] as FakeCall);
    shared += i === 0 ? 0 : sharedPrefix(serialized(calls[i - 1] as FakeCall), text);
    total += text.length;
  }
  return total ? shared / total : 0;
}

/** Of the prompt tokens the fake reported, the share it reported as cached (OpenAI's rules). */
function reportedShare(calls: FakeCall[], usage: Map<FakeCall, { prompt: number; cached: number }>): number {
  let cached = 0;
  let prompt = 0;
  for (const c of calls) {
    const u = usage.get(c);
    cached += u?.cached ?? 0;
    prompt += u?.prompt ?? 0;
  }
  return prompt ? cached / prompt : 0;
}

/** Input cost in USD at gpt-4.1-mini prices ($0.40 per million input tokens, $0.10 cached), as the fake reported them. */
function inputUsd(calls: FakeCall[], usage: Map<FakeCall, { prompt: number; cached: number }>): number {
  let usd = 0;
  for (const c of calls) {
    const u = usage.get(c);
    if (u) usd += ((u.prompt - u.cached) * 0.4 + u.cached * 0.1) / 1e6;
  }
  return usd;
}

/** A valid generated profile, varied by the seed the request carries (both codes send "Seed:\n{json}"). */
function profileFor(call: FakeCall): string {
  const user = String(call.body.messages.at(-1)?.content ?? "");
  const seed = JSON.parse(/Seed:\n(\{[\s\S]*?\n\})/.exec(user)?.[1] ?? "{}") as Record<string, string | number>;
  const h = [...JSON.stringify(seed)].reduce((n, ch) => (n * 31 + ch.charCodeAt(0)) >>> 0, 7);
  const unit = (k: number) => ((h >>> k) % 100) / 100;
  return JSON.stringify({
    personality: {
      openness: unit(1),
      conscientiousness: unit(3),
      extraversion: unit(5),
      agreeableness: unit(7),
      neuroticism: unit(9),
    },
    values: ["family", "security", "fairness"],
    interests: ["football", "cooking"],
    communicationStyle: {
      tone: "plain and warm",
      formality: unit(11),
      verbosity: unit(13),
      quirks: [],
      vocabulary: [],
    },
    backstory: `${seed.firstName} ${seed.lastName} is ${seed.age} and lives in ${seed.location}, working as ${seed.baseOccupation}.`,
    goals: ["save a little every month"],
    frustrations: ["rising prices"],
    domainKnowledge: ["everyday budgeting"],
    initialMemory: {
      eventAt: "2015-06-01T09:00:00.000Z",
      eventLabel: "The first month I paid every bill on time",
      facts: "I kept a notebook of every shilling, naira or dollar that month and paid everything on time.",
      feelings: "Proud and relieved.",
      interpretation: "Money is about habits.",
      emotionTags: ["proud"],
      memoryType: "pride",
      memoryStrength: 80,
    },
  });
}

const ANSWERS = [
  "Honestly, it depends on the week. I look at what we have, then at what is on offer, and I try not to go over what I planned.",
  "The app logs me out all the time, and the transfers take ages to show up. It is small things, but they add up.",
  "Probably not. I would want to try it first, and twelve a month is a lot for something I can do with a pen and paper.",
  "Saturday was the market and a long lunch with my sister; Sunday I mostly rested and got ready for the week.",
];

async function inBatches<T>(items: T[], n: number, fn: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += n) await Promise.all(items.slice(i, i + n).map(fn));
}

async function measure(root: string | undefined, name: string): Promise<Figures> {
  const usage = new Map<FakeCall, { prompt: number; cached: number }>();
  let answered = 0;
  const fake = await startFakeOpenAI({
    fallback: { kind: "text", text: "" },
    textFor: (call) => {
      if (call.body.response_format) return profileFor(call);
      return ANSWERS[answered++ % ANSWERS.length] as string;
    },
  });
  const server = await startApiServer({
    ...(root ? { root } : {}),
    name,
    env: { OPENAI_COMPATIBLE_BASE_URL: fake.url, DEFAULT_MODEL: MODEL, LLM_TIMEOUT_MS: "60000" },
  });
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { "x-api-key": server.apiKey, "content-type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${name}: ${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const newPersona = async (i: number) =>
    (
      (await api("POST", "/personas", {
        seed: {
          firstName: NAMES[i % NAMES.length],
          lastName: `Tester${i}`,
          age: 22 + ((i * 7) % 55),
          location: PLACES[i % PLACES.length],
          baseOccupation: JOBS[Math.floor(i / PLACES.length) % JOBS.length],
        },
      })) as { persona: { id: string } }
    ).persona.id;
  /** Records the usage the fake reported for each chat call (read back from our answers' tokens). */
  const ask = async (body: Record<string, unknown>) => {
    const before = fake.calls.length;
    const r = (await api("POST", "/personas/prompt", body)) as {
      sessionId: string;
      tokensIn: number;
      cachedTokensIn?: number;
    };
    const call = fake.calls[before];
    if (call) usage.set(call, { prompt: r.tokensIn, cached: Number(r.cachedTokensIn ?? 0) });
    return r;
  };
  try {
    // (a) a 10-turn session.
    const solo = await newPersona(0);
    const sessionStart = fake.calls.length;
    let sessionId: string | undefined;
    for (const q of SESSION_QUESTIONS.slice(0, SESSION_TURNS)) {
      sessionId = (await ask({ personaId: solo, userPrompt: q, ...(sessionId ? { sessionId } : {}) })).sessionId;
    }
    const session = fake.calls.slice(sessionStart);

    // (b) a study: 100 personas, one question each, then a second one.
    const ids: string[] = [];
    await inBatches([...Array(STUDY_PERSONAS).keys()], CONCURRENCY, async (i) => {
      ids[i] = await newPersona(i + 1);
    });
    const firstStart = fake.calls.length;
    for (const personaId of ids) await ask({ personaId, userPrompt: STUDY_QUESTIONS[0] });
    const secondStart = fake.calls.length;
    for (const personaId of ids) await ask({ personaId, userPrompt: STUDY_QUESTIONS[1] });
    const first = fake.calls.slice(firstStart, secondStart);
    const second = fake.calls.slice(secondStart);

    let crossMin = Number.POSITIVE_INFINITY;
    for (let i = 1; i < first.length; i++) {
      crossMin = Math.min(
        crossMin,
        sharedPrefix(serialized(first[i - 1] as FakeCall), serialized(first[i] as FakeCall)),
      );
    }
    return {
      requests: session.length + first.length + second.length,
      session: {
        share: samePersonaShare(session),
        promptTokens: tokens(session.reduce((n, c) => n + serialized(c).length, 0)),
        reportedCachedShare: reportedShare(session, usage),
        inputUsd: inputUsd(session, usage),
      },
      study: {
        samePersonaShare: samePersonaShare(second, first),
        anyPersonaShare: anyPersonaShare(first),
        reportedCachedShare: reportedShare(second, usage),
        inputUsd: inputUsd([...first, ...second], usage),
      },
      crossPersonaMinTokens: tokens(crossMin),
    };
  } finally {
    await server.stop();
    await fake.close();
  }
}

export async function measurePromptCache(): Promise<PromptCacheBench> {
  const baselineRoot = extractBaseline();
  const baseline = await measure(baselineRoot, `baseline ${BASELINE_COMMIT}`);
  const current = await measure(undefined, "current");
  // The rules as they sit in the serialized messages (JSON-escaped), in tokens.
  return {
    baselineCommit: BASELINE_COMMIT,
    genericRulesTokens: tokens(JSON.stringify(GENERIC_RULES).length),
    baseline,
    current,
  };
}

export function promptCacheLines(b: PromptCacheBench): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const usd = (x: number) => `$${x.toFixed(4)}`;
  const mark = (x: number) => (x >= 0.8 ? "" : ", MISSED");
  const line = (label: string, f: (x: Figures) => number, show: (n: number) => string, target: string) =>
    `  ${label.padEnd(58)}${show(f(b.baseline)).padStart(12)}${show(f(b.current)).padStart(12)}   ${target}`;
  return [
    `prompt caching (fake OpenAI-compatible server; baseline = ${b.baselineCommit}, measured in the same run):`,
    `  ${"".padEnd(58)}${"baseline".padStart(12)}${"current".padStart(12)}`,
    line(
      "(a) 10-turn session: prefix of the previous request",
      (x) => x.session.share,
      pct,
      `target ≥ 80 %${mark(b.current.session.share)}`,
    ),
    line("    the fake's cached tokens (OpenAI rules) / prompt", (x) => x.session.reportedCachedShare, pct, ""),
    line(
      "(b) 100 personas, 2nd question: prefix of same persona's",
      (x) => x.study.samePersonaShare,
      pct,
      `target ≥ 80 %${mark(b.current.study.samePersonaShare)}`,
    ),
    line("    the fake's cached tokens (OpenAI rules) / prompt", (x) => x.study.reportedCachedShare, pct, ""),
    line("(b) 1st question: prefix of the previous request (any persona)", (x) => x.study.anyPersonaShare, pct, ""),
    line(
      "shortest prefix two personas share, tokens",
      (x) => x.crossPersonaMinTokens,
      (n) => String(n),
      `target ≥ the generic rules (${b.genericRulesTokens} tokens)${b.current.crossPersonaMinTokens >= b.genericRulesTokens ? "" : ", MISSED"}`,
    ),
    line(
      "(a) prompt tokens of the session (characters / 4)",
      (x) => x.session.promptTokens,
      (n) => String(n),
      "",
    ),
    line(
      "(a) input cost per 1,000 sessions, gpt-4.1-mini prices",
      (x) => x.session.inputUsd * 1000,
      usd,
      "as the fake reported cached tokens",
    ),
    line("(b) input cost of the study (200 prompts), gpt-4.1-mini prices", (x) => x.study.inputUsd, usd, ""),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const b = await measurePromptCache();
  console.log(promptCacheLines(b).join("\n"));
  console.log(`BENCH_JSON ${JSON.stringify({ bench: "prompt-cache", node: process.version, ...b })}`);
}
