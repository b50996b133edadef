import type { Database } from "../../db/client.ts";
import type { SimMemory } from "../../llm/index.ts";
import { effectiveStrength, type MemoryTypeName } from "./strength.ts";

/**
 * Memory retrieval for a prompt. PostgreSQL full-text search (the same on PGlite and server) picks
 * candidates among the persona's active memories — the best 40 matches of the prompt and the
 * session's recent user turns, plus the 5 strongest pride memories — then each is scored:
 *
 *   score = 0.6 × relevance + 0.25 × effectiveStrength/100 + 0.1 × recency + 0.05 (pride)
 *
 * where relevance is the share of the prompt's content words found in the memory (recent turns count
 * half) and recency = 1 / (1 + years since the event / 10). Type rules decide who may come up:
 * pride is volunteered even when loosely relevant; shame only when directly relevant (≥ 0.3);
 * repressed only when touched under sustained pressure (≥ 3 insistent turns on the subject) or by one
 * of its `metadata.trigger` words; superseded memories are never candidates. The best fit a token
 * budget (about chars / 4).
 */

export interface Retrieved extends SimMemory {
  score: number;
}

export interface Retrieval {
  memories: Retrieved[];
  /** Pressure as the model should see it (raised to 3 when a repressed memory was triggered). */
  pressure: number;
}

interface Row {
  id: string;
  event_at: Date | string;
  event_label: string;
  facts: string;
  feelings: string;
  interpretation: string;
  emotion_tags: string[] | string;
  memory_type: MemoryTypeName;
  memory_strength: number;
  recall_count: number;
  last_recalled_at: Date | string | null;
  metadata: Record<string, unknown> | null;
}

const STOPWORDS = new Set(
  "the and for are but not you your yours with have has had was were what when where which who whom why how this that these those from into about than then them they their there here would could should will shall can may might must does did doing done been being just also very really much many more most some any all each every other such only own same too out over under again once onto upon our ours she her hers him his its i'm you're tell me my mine myself yourself do is am be a an of in on at to by or as if so no yes like".split(
    " ",
  ),
);

/** Lower-cased content words (≥ 3 letters, no stopwords), lightly stemmed for overlap scoring. */
export function contentWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const raw of rawWords(text)) words.add(raw.length > 4 ? raw.replace(/(ing|ed|es|s)$/, "") : raw);
  return words;
}

function rawWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().match(/[a-z0-9\u00c0-\u024f']+/g) ?? []) {
    const w = m.replace(/'s$/, "").replace(/'/g, "");
    if (w.length >= 3 && !STOPWORDS.has(w)) out.push(w);
  }
  return out;
}

function overlap(query: Set<string>, doc: Set<string>): number {
  if (query.size === 0 || doc.size === 0) return 0;
  let hits = 0;
  for (const w of query) if (doc.has(w)) hits++;
  return hits / Math.sqrt(query.size);
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

const COLUMNS = `id, event_at, event_label, facts, feelings, interpretation, emotion_tags, memory_type, memory_strength,
  recall_count, last_recalled_at, metadata`;

function triggers(metadata: Record<string, unknown> | null): string[] {
  const t = metadata?.trigger ?? metadata?.triggers;
  const list = Array.isArray(t) ? t : typeof t === "string" ? [t] : [];
  return list.filter((x): x is string => typeof x === "string" && x.trim().length > 0).map((x) => x.toLowerCase());
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export async function retrieveMemories(
  database: Database,
  q: { tenantId: string; personaId: string; prompt: string; recentUserTurns: string[]; now: Date },
  opts: { limit?: number; budgetTokens?: number } = {},
): Promise<Retrieval> {
  const terms = [...new Set([...rawWords(q.prompt), ...rawWords(q.recentUserTurns.join(" "))])]
    .map((w) => w.replace(/[^a-z0-9]/g, ""))
    .filter((w) => w.length >= 3)
    .slice(0, 40);
  const pride = `(select ${COLUMNS} from timeline_entries
     where tenant_id = $1 and persona_id = $2 and status = 'active' and memory_type = 'pride'
     order by memory_strength desc, event_at desc limit 5)`;
  const rows =
    terms.length === 0
      ? await database.query<Row>(pride, [q.tenantId, q.personaId])
      : await database.query<Row>(
          `(select ${COLUMNS} from timeline_entries, to_tsquery('english', $3) query
             where tenant_id = $1 and persona_id = $2 and status = 'active' and search @@ query
             order by ts_rank(search, query) desc limit 40)
           union all ${pride}`,
          [q.tenantId, q.personaId, terms.join(" | ")],
        );

  const pressure = pressureOf(q.prompt, q.recentUserTurns);
  const prompt = contentWords(q.prompt);
  const context = contentWords(q.recentUserTurns.join(" "));
  const promptText = q.prompt.toLowerCase();
  let triggered = false;
  const seen = new Set<string>();
  const scored: Retrieved[] = [];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const tags = typeof r.emotion_tags === "string" ? (JSON.parse(r.emotion_tags) as string[]) : r.emotion_tags;
    const eventAt = new Date(r.event_at);
    const doc = contentWords(`${r.event_label} ${r.facts} ${r.interpretation} ${tags.join(" ")}`);
    const relevance = Math.min(1, overlap(prompt, doc) + 0.5 * overlap(context, doc));
    const strength = effectiveStrength(
      {
        memoryType: r.memory_type,
        memoryStrength: r.memory_strength,
        eventAt,
        recallCount: r.recall_count,
        lastRecalledAt: r.last_recalled_at ? new Date(r.last_recalled_at) : null,
      },
      q.now,
    );
    let reason: string | null = null;
    switch (r.memory_type) {
      case "pride":
        if (relevance > 0) reason = "pride: relevant";
        else if (strength >= 50) reason = "pride: volunteered";
        break;
      case "shame":
        if (relevance >= 0.3) reason = "shame: directly relevant (told reluctantly)";
        break;
      case "repressed": {
        const trigger = triggers(r.metadata).find((t) => promptText.includes(t));
        if (trigger) {
          reason = `repressed: triggered by "${trigger}"`;
          triggered = true;
        } else if (relevance >= 0.3 && pressure >= 3) reason = "repressed: surfaced under sustained pressure";
        break;
      }
      default:
        if (relevance > 0) reason = "relevant";
    }
    if (!reason) continue;
    const years = Math.max(0, (q.now.getTime() - eventAt.getTime()) / YEAR_MS);
    const recency = 1 / (1 + years / 10);
    const score = 0.6 * relevance + 0.25 * (strength / 100) + 0.1 * recency + (r.memory_type === "pride" ? 0.05 : 0);
    scored.push({
      id: r.id,
      eventAt: eventAt.toISOString(),
      eventLabel: r.event_label,
      facts: r.facts,
      feelings: r.feelings,
      interpretation: r.interpretation,
      emotionTags: tags,
      memoryType: r.memory_type,
      effectiveStrength: strength,
      reason,
      relevance: Math.round(relevance * 1000) / 1000,
      score: Math.round(score * 1000) / 1000,
    });
  }
  scored.sort((a, b) => b.score - a.score);
  const budget = opts.budgetTokens ?? 800;
  const chosen: Retrieved[] = [];
  let used = 0;
  for (const m of scored) {
    if (chosen.length >= (opts.limit ?? 8)) break;
    const tokens = Math.ceil((m.eventLabel.length + m.facts.length + m.feelings.length + m.interpretation.length) / 4);
    if (chosen.length > 0 && used + tokens > budget) continue;
    chosen.push(m);
    used += tokens;
  }
  return { memories: chosen, pressure: triggered ? Math.max(pressure, 3) : pressure };
}
