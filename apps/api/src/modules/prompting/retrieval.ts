import type { SimMemory } from "../../llm/simulator/types.ts";

/**
 * Memory retrieval for a prompt (a first scorer; the timeline issue replaces it with full-text
 * ranking and decay). Relevance = overlap of content words between the prompt (plus the session's
 * recent user turns, at half weight) and the memory's label, facts, interpretation and tags.
 * Type rules: pride is volunteered even when loosely relevant; shame needs direct relevance;
 * repressed is passed on only when relevant (the model decides, from `pressure`, whether it surfaces).
 */
export interface RetrievableMemory {
  id: string;
  eventAt: Date;
  eventLabel: string;
  facts: string;
  feelings: string;
  interpretation: string;
  emotionTags: string[];
  memoryType: SimMemory["memoryType"];
  memoryStrength: number;
}

const STOPWORDS = new Set(
  "the and for are but not you your yours with have has had was were what when where which who whom why how this that these those from into about than then them they their there here would could should will shall can may might must does did doing done been being just also very really much many more most some any all each every other such only own same too out over under again once onto upon our ours we us she her hers him his its it's i'm you're tell me my mine myself yourself do is am be a an of in on at to by or as if so no yes".split(
    " ",
  ),
);

export function contentWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const raw of text.toLowerCase().match(/[a-z0-9\u00c0-\u024f']+/g) ?? []) {
    const w = raw.replace(/'s$/, "").replace(/^'+|'+$/g, "");
    if (w.length < 3 || STOPWORDS.has(w)) continue;
    words.add(w.length > 4 ? w.replace(/(ing|ed|es|s)$/, "") : w);
  }
  return words;
}

function overlap(query: Set<string>, doc: Set<string>): number {
  if (query.size === 0 || doc.size === 0) return 0;
  let hits = 0;
  for (const w of query) if (doc.has(w)) hits++;
  return hits / Math.sqrt(query.size);
}

export interface Retrieved extends SimMemory {
  score: number;
}

export function retrieveMemories(
  memories: RetrievableMemory[],
  prompt: string,
  recentUserTurns: string[],
  opts: { limit?: number } = {},
): Retrieved[] {
  const query = contentWords(prompt);
  const context = contentWords(recentUserTurns.join(" "));
  const scored: Retrieved[] = [];
  for (const m of memories) {
    const doc = contentWords(`${m.eventLabel} ${m.facts} ${m.interpretation} ${m.emotionTags.join(" ")}`);
    const relevance = Math.min(1, overlap(query, doc) + 0.5 * overlap(context, doc));
    const strength = m.memoryStrength / 100;
    let reason: string | null = null;
    if (m.memoryType === "pride" && (relevance > 0 || strength >= 0.5))
      reason = relevance > 0 ? "pride: relevant" : "pride: volunteered";
    else if (m.memoryType === "shame" && relevance >= 0.3) reason = "shame: directly relevant";
    else if (m.memoryType === "repressed" && relevance >= 0.3) reason = "repressed: touched by the question";
    else if (m.memoryType !== "shame" && m.memoryType !== "repressed" && relevance > 0) reason = "relevant";
    if (!reason) continue;
    const score = relevance * 0.7 + strength * 0.2 + (m.memoryType === "pride" ? 0.1 : 0);
    scored.push({
      id: m.id,
      eventAt: m.eventAt.toISOString(),
      eventLabel: m.eventLabel,
      facts: m.facts,
      feelings: m.feelings,
      interpretation: m.interpretation,
      emotionTags: m.emotionTags,
      memoryType: m.memoryType,
      effectiveStrength: m.memoryStrength,
      reason,
      relevance: Math.round(relevance * 1000) / 1000,
      score: Math.round(score * 1000) / 1000,
    });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, opts.limit ?? 6);
}

const INSISTENCE =
  /\b(really|come on|please tell|just tell|why won't you|why wont you|honestly|the truth|again|still|insist|you must|admit)\b/i;

/**
 * How hard the user is pushing on one subject: +1 for each of the last user turns (newest first,
 * without a break) that shares a content word with this prompt, +1 more for insistent wording.
 */
export function pressureOf(prompt: string, recentUserTurns: string[]): number {
  const words = contentWords(prompt);
  let pressure = INSISTENCE.test(prompt) ? 1 : 0;
  for (const turn of [...recentUserTurns].reverse()) {
    const shared = [...contentWords(turn)].some((w) => words.has(w));
    if (!shared) break;
    pressure += 1 + (INSISTENCE.test(turn) ? 0.5 : 0);
  }
  return Math.floor(pressure);
}
