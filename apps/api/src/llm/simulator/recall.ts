import { contentWords, flipPronouns, isStopword, lowerLead, stripEndPunctuation } from "./text.ts";
import type { SimTurn } from "./types.ts";

/**
 * Session continuity: when the user refers back to something they said, find it in the earlier user
 * turns by shared keywords and pull out the distinctive part (a name, the clause around it).
 */

export interface Recollection {
  /** A capitalised name from the recalled clause ("Biscuit"), if any. */
  name: string | null;
  /** The clause, addressed back to the user ("your dog Biscuit loves the beach"). */
  snippet: string;
}

const NOT_NAMES = new Set(
  (
    "I I'm I've I'd Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June " +
    "July August September October November December Mr Mrs Ms Dr OK Okay Yes No Hi Hello Hey Thanks Oh"
  ).split(" "),
);

/**
 * The earlier user clause that best matches the prompt's keywords. With no keywords in common, a
 * prompt with content of its own ("what's my favorite color?") finds nothing, while a bare "what did
 * I just tell you?" gets the latest user turn.
 */
export function recallFromHistory(prompt: string, history: readonly SimTurn[]): Recollection | null {
  const wanted = new Set(contentWords(prompt).flatMap((w) => [w, ...(SYNONYMS.get(w) ?? [])]));
  const userTurns = history.filter((t) => t.role === "user").reverse();
  let best: { clause: string; score: number; anchor: string | null } | null = null;
  for (const turn of userTurns) {
    // Only what the user told: their questions ("Walk me through…?") are not things they said about themselves.
    for (const clause of turn.content.split(/(?<=[.!?;])\s+|\n+/).filter((c) => !isQuestion(c))) {
      const hits = contentWords(clause).filter((w) => wanted.has(w));
      if (hits.length === 0) continue;
      // A clause with a name in it is the more distinctive memory of the two.
      const score = hits.length * 2 + (nameIn(clause, hits[0]!) ? 1 : 0);
      if (score > (best?.score ?? 0)) best = { clause, score, anchor: hits[0]! };
    }
  }
  if (!best) {
    const latest = userTurns.find((t) => !isQuestion(t.content));
    if (!latest || wanted.size > 0) return null;
    best = { clause: latest.content, score: 0, anchor: null };
  }
  const clause = stripEndPunctuation(best.clause);
  return { name: nameIn(clause, best.anchor), snippet: lowerLead(flipPronouns(clause)) };
}

const ASKING_RE =
  /^\s*(what|where|who|whom|whose|why|when|which|how|is|are|am|do|does|did|can|could|would|will|should|have|has|tell me|walk me|talk me|take me|describe|explain|give me|name|list)\b/i;

/** A question or a request to the persona, not a statement about the user. */
function isQuestion(clause: string): boolean {
  return /\?\s*$/.test(clause) || ASKING_RE.test(clause);
}

/** Words a user may use for the same thing in the question and in the earlier turn. */
const SYNONYM_GROUPS: readonly string[][] = [
  ["job", "work", "career", "occupation", "profession"],
  ["home", "house", "apartment", "flat", "live"],
  ["dog", "puppy", "pet"],
  ["cat", "kitten", "pet"],
  ["wife", "husband", "partner", "spouse"],
  ["kid", "child", "children", "son", "daughter"],
  ["car", "vehicle"],
  ["town", "city", "neighborhood"],
];
const SYNONYMS = new Map<string, string[]>();
for (const group of SYNONYM_GROUPS) {
  for (const word of group) SYNONYMS.set(word, [...(SYNONYMS.get(word) ?? []), ...group.filter((w) => w !== word)]);
}

/** A capitalised word that is not a sentence opener, preferring the first one after the matched keyword. */
function nameIn(clause: string, anchor: string | null): string | null {
  const tokens = clause.split(/\s+/);
  const candidates: Array<{ name: string; at: number }> = [];
  tokens.forEach((raw, at) => {
    const word = raw.replace(/[^A-Za-z'-]/g, "").replace(/'s$/, "");
    if (!/^[A-Z][a-z'-]+$/.test(word) || NOT_NAMES.has(word)) return;
    if (at === 0 && isStopword(word.toLowerCase())) return;
    candidates.push({ name: word, at });
  });
  if (candidates.length === 0) return null;
  const anchorAt = anchor ? tokens.findIndex((t) => contentWords(t).includes(anchor)) : -1;
  return (candidates.find((c) => c.at > anchorAt) ?? candidates[0]!).name;
}
