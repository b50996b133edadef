/**
 * The voice collector: drives a RUNNING person.run server over HTTP as a user would, and returns the
 * transcripts the checker judges (`checker.ts`).
 *
 * For each planned session: `POST /personas` with the set's seed; wait until the persona's profile is
 * ready (a server may create it with a `pending` profile and write it in the background: `GET
 * /personas/:id` is polled, bounded); then `POST /personas/prompt` with each question in order, the first
 * without a `sessionId` and the rest in the session it opened. Works against any version of the server
 * that speaks the compat API (today's and the rewritten simulator alike).
 */
import { readFileSync } from "node:fs";
import { INTENTS, type Intent, type SetPersona, type SetQuestion, type Transcript } from "./checker.ts";

export interface VoiceSet {
  /** Free text: who wrote the set and how (shown in the bench). */
  description?: string;
  personas: SetPersona[];
  questions: SetQuestion[];
  /** "all": every persona answers every question, in order, in one session; or explicit sessions. */
  sessions: "all" | { persona: string; questions: string[] }[];
}

export interface PlannedSession {
  persona: SetPersona;
  questions: SetQuestion[];
}

const fail = (where: string, what: string): never => {
  throw new Error(`voice set ${where}: ${what}`);
};

/** Checks a parsed set's shape and references; throws naming the first problem. */
export function parseSet(raw: unknown, where = "(inline)"): VoiceSet {
  const set = raw as VoiceSet;
  if (!set || typeof set !== "object") fail(where, "not an object");
  if (!Array.isArray(set.personas) || set.personas.length === 0) fail(where, "personas: a non-empty array");
  if (!Array.isArray(set.questions) || set.questions.length === 0) fail(where, "questions: a non-empty array");
  const personaKeys = new Set<string>();
  for (const [i, p] of set.personas.entries()) {
    const at = `personas[${i}]`;
    if (typeof p.key !== "string" || !p.key) fail(where, `${at}.key: a string`);
    if (personaKeys.has(p.key)) fail(where, `${at}.key: "${p.key}" twice`);
    personaKeys.add(p.key);
    const s = p.seed;
    if (!s || typeof s !== "object") fail(where, `${at}.seed: an object`);
    for (const f of ["firstName", "lastName", "location", "baseOccupation"] as const) {
      if (typeof s[f] !== "string" || !s[f]) fail(where, `${at}.seed.${f}: a string`);
    }
    if (!Number.isInteger(s.age)) fail(where, `${at}.seed.age: an integer`);
    if (typeof p.country !== "string" || !/^[A-Z]{2}$/.test(p.country)) fail(where, `${at}.country: ISO alpha-2`);
    if (!Array.isArray(p.currency) || p.currency.some((c) => typeof c !== "string"))
      fail(where, `${at}.currency: strings`);
    for (const src of p.mustNotMention ?? []) {
      try {
        new RegExp(src, "iu");
      } catch (err) {
        fail(where, `${at}.mustNotMention: ${(err as Error).message}`);
      }
    }
  }
  const questionKeys = new Set<string>();
  for (const [i, q] of set.questions.entries()) {
    const at = `questions[${i}]`;
    if (typeof q.key !== "string" || !q.key) fail(where, `${at}.key: a string`);
    if (questionKeys.has(q.key)) fail(where, `${at}.key: "${q.key}" twice`);
    questionKeys.add(q.key);
    if (typeof q.text !== "string" || !q.text.trim()) fail(where, `${at}.text: a string`);
    if (!INTENTS.includes(q.intent as Intent)) fail(where, `${at}.intent: one of ${INTENTS.join(", ")}`);
    if (q.about !== undefined && (!Array.isArray(q.about) || q.about.some((a) => typeof a !== "string")))
      fail(where, `${at}.about: strings`);
  }
  if (set.sessions !== "all") {
    if (!Array.isArray(set.sessions)) fail(where, `sessions: "all" or a list`);
    for (const [i, s] of set.sessions.entries()) {
      if (!personaKeys.has(s.persona)) fail(where, `sessions[${i}].persona: unknown "${s.persona}"`);
      for (const k of s.questions) if (!questionKeys.has(k)) fail(where, `sessions[${i}].questions: unknown "${k}"`);
    }
  }
  return set;
}

export function loadSet(file: string): VoiceSet {
  return parseSet(JSON.parse(readFileSync(file, "utf8")), file);
}

/** The sessions a set asks for, personas and questions resolved. */
export function planSessions(set: VoiceSet): PlannedSession[] {
  if (set.sessions === "all") return set.personas.map((persona) => ({ persona, questions: set.questions }));
  const personas = new Map(set.personas.map((p) => [p.key, p]));
  const questions = new Map(set.questions.map((q) => [q.key, q]));
  return set.sessions.map((s) => ({
    persona: personas.get(s.persona)!,
    questions: s.questions.map((k) => questions.get(k)!),
  }));
}

/** The first `personas` personas and first `questions` questions of a set (sessions "all"). */
export function subset(set: VoiceSet, personas: number, questions: number): VoiceSet {
  const ps = set.personas.slice(0, personas);
  const qs = set.questions.slice(0, questions);
  if (set.sessions === "all") return { ...set, personas: ps, questions: qs };
  const keepP = new Set(ps.map((p) => p.key));
  const keepQ = new Set(qs.map((q) => q.key));
  return {
    ...set,
    personas: ps,
    questions: qs,
    sessions: set.sessions
      .filter((s) => keepP.has(s.persona))
      .map((s) => ({ ...s, questions: s.questions.filter((k) => keepQ.has(k)) })),
  };
}

/** The transcripts of a set's personas and questions (e.g. of `subset(set, 10, 7)`). */
export function transcriptsOf(ts: readonly Transcript[], set: VoiceSet): Transcript[] {
  const personas = new Set(set.personas.map((p) => p.key));
  const questions = new Set(set.questions.map((q) => q.key));
  return ts.filter((t) => personas.has(t.persona.key) && questions.has(t.question.key));
}

export interface CollectTarget {
  /** Base URL of the server, e.g. http://127.0.0.1:8080 */
  url: string;
  apiKey: string;
  /** Sent as `tenantId` (the key's tenant when omitted). */
  tenantId?: string;
}

export interface CollectOptions {
  /** Sessions run at the same time (each session's turns are sequential). Default 4. */
  concurrency?: number;
  /** Bound on waiting for a persona's profile to be ready. Default 60 s. */
  profileTimeoutMs?: number;
  /** Bound on one HTTP request. Default 60 s. */
  requestTimeoutMs?: number;
  /** Called after each answer. */
  onAnswer?: (t: Transcript) => void;
}

// biome-ignore lint/suspicious/noExplicitAny: answers are arbitrary JSON read field by field
type Json = any;

async function call(target: CollectTarget, method: string, path: string, body: unknown, timeoutMs: number) {
  const res = await fetch(`${target.url}${path}`, {
    method,
    headers: { "x-api-key": target.apiKey, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json: Json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/**
 * Whether a persona's profile is usable. Today's server returns it written (`profile` set); a server that
 * writes it in the background says `profileStatus` (`pending` → `ready`, or `failed`).
 */
function profileState(persona: Json): "ready" | "pending" | "failed" {
  const status = persona?.profileStatus ?? persona?.profile?.status;
  if (status === "failed") return "failed";
  if (typeof status === "string" && status !== "ready") return "pending";
  return persona?.profile ? "ready" : "pending";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates the persona and waits (bounded) until its profile is ready; returns its id. */
export async function createPersona(target: CollectTarget, persona: SetPersona, opts: CollectOptions = {}) {
  const timeout = opts.requestTimeoutMs ?? 60_000;
  const tenant = target.tenantId ? { tenantId: target.tenantId } : {};
  const created = await call(target, "POST", "/personas", { ...tenant, seed: persona.seed }, timeout);
  if (created.status !== 201 && created.status !== 202)
    throw new Error(`POST /personas (${persona.key}): ${created.status} ${created.text.slice(0, 300)}`);
  const id: string = created.json.persona.id;
  let last: Json = created.json.persona;
  let state = profileState(last);
  const deadline = Date.now() + (opts.profileTimeoutMs ?? 60_000);
  const q = target.tenantId ? `?tenantId=${encodeURIComponent(target.tenantId)}` : "";
  while (state === "pending") {
    if (Date.now() > deadline) throw new Error(`persona ${persona.key} (${id}): profile not ready in time`);
    await sleep(100);
    const got = await call(target, "GET", `/personas/${id}${q}`, undefined, timeout);
    if (got.status !== 200) throw new Error(`GET /personas/${id}: ${got.status} ${got.text.slice(0, 300)}`);
    last = got.json.persona;
    state = profileState(last);
  }
  if (state === "failed") {
    throw new Error(`persona ${persona.key} (${id}): profile generation failed: ${JSON.stringify(last.profileError)}`);
  }
  return id;
}

/** One session: the persona, then each question in order in one conversation. */
export async function collectSession(
  target: CollectTarget,
  plan: PlannedSession,
  opts: CollectOptions = {},
): Promise<Transcript[]> {
  const timeout = opts.requestTimeoutMs ?? 60_000;
  const personaId = await createPersona(target, plan.persona, opts);
  const out: Transcript[] = [];
  let sessionId: string | undefined;
  for (const [i, question] of plan.questions.entries()) {
    const res = await call(
      target,
      "POST",
      "/personas/prompt",
      {
        ...(target.tenantId ? { tenantId: target.tenantId } : {}),
        personaId,
        userPrompt: question.text,
        ...(sessionId ? { sessionId } : {}),
      },
      timeout,
    );
    if (res.status !== 200)
      throw new Error(`prompt ${plan.persona.key}/${question.key}: ${res.status} ${res.text.slice(0, 300)}`);
    sessionId = res.json.sessionId;
    const t: Transcript = {
      persona: plan.persona,
      question,
      answer: String(res.json.response ?? ""),
      session: sessionId ?? `${plan.persona.key}-${i}`,
      turn: i + 1,
    };
    out.push(t);
    opts.onAnswer?.(t);
  }
  return out;
}

/** Every planned session of a set against one server; transcripts in plan order. */
export async function collect(target: CollectTarget, set: VoiceSet, opts: CollectOptions = {}): Promise<Transcript[]> {
  const plans = planSessions(set);
  const results: Transcript[][] = new Array(plans.length);
  let next = 0;
  const worker = async () => {
    while (next < plans.length) {
      const i = next++;
      results[i] = await collectSession(target, plans[i]!, opts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, plans.length) }, worker));
  return results.flat();
}

/** Transcripts as Markdown, one section per session (for pasting answers into an issue note). */
export function transcriptsMarkdown(ts: readonly Transcript[], title = "Transcripts"): string {
  const lines = [`## ${title}`, ""];
  let session: string | undefined;
  for (const t of ts) {
    if (t.session !== session) {
      session = t.session;
      const s = t.persona.seed;
      lines.push(
        `### ${s.firstName} ${s.lastName}, ${s.age}, ${s.location}, ${s.baseOccupation} (\`${t.persona.key}\`, ${t.persona.country})`,
        "",
      );
    }
    lines.push(
      `**Q${t.turn} (${t.question.intent}): ${t.question.text}**`,
      "",
      `> ${t.answer.replace(/\n/g, "\n> ")}`,
      "",
    );
  }
  return lines.join("\n");
}
