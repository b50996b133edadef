/** Data shaping for the personas pages (pure, unit-tested in test/personas.test.ts). */
import type { BodyOf, QueryOf, Schemas } from "@person-run/sdk";

type TimelineEntry = Schemas["TimelineEntry"];
export type MemoryType = TimelineEntry["memoryType"];

export const MEMORY_TYPES: readonly MemoryType[] = ["normal", "pride", "shame", "repressed", "revised", "exaggerated"];

/** What each memory type means (docs/memory.md), shown as the legend of the timeline. */
export const MEMORY_TYPE_HINTS: Record<MemoryType, string> = {
  normal: "an ordinary memory",
  pride: "a proud moment, recalled readily",
  shame: "an embarrassing memory, avoided",
  repressed: "pushed away, rarely recalled",
  revised: "a corrected version of an earlier memory",
  exaggerated: "remembered bigger than it was",
};

// ---------------------------------------------------------------------------------------------------------------
// List filters

export interface PersonaFilters {
  q: string;
  location: string;
  occupation: string;
  minAge: string;
  maxAge: string;
}

export const EMPTY_FILTERS: PersonaFilters = { q: "", location: "", occupation: "", minAge: "", maxAge: "" };

/** The list endpoint's query for these filters: blanks left out, ages as numbers (invalid ones dropped). */
export function filtersToQuery(f: PersonaFilters): QueryOf<"listPersonas"> {
  const q: QueryOf<"listPersonas"> = {};
  if (f.q.trim()) q.q = f.q.trim();
  if (f.location.trim()) q.location = f.location.trim();
  if (f.occupation.trim()) q.occupation = f.occupation.trim();
  const min = toInt(f.minAge);
  const max = toInt(f.maxAge);
  if (min !== undefined) q.minAge = min;
  if (max !== undefined) q.maxAge = max;
  return q;
}

export function activeFilterCount(f: PersonaFilters): number {
  return Object.values(f).filter((v) => v.trim() !== "").length;
}

function toInt(s: string): number | undefined {
  if (!s.trim()) return undefined;
  const n = Number(s);
  return Number.isInteger(n) ? n : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Create from a seed

export interface SeedForm {
  firstName: string;
  lastName: string;
  age: string;
  location: string;
  baseOccupation: string;
  gender: string;
  education: string;
  incomeBracket: string;
  household: string;
  /** Comma-separated */
  languages: string;
  /** Comma-separated */
  interests: string;
  /** Big Five overrides, 0-1, blank = let the model choose */
  openness: string;
  conscientiousness: string;
  extraversion: string;
  agreeableness: string;
  neuroticism: string;
  /** One `key=value` a line */
  attributes: string;
}

export const BIG_FIVE = ["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"] as const;

export const EMPTY_SEED: SeedForm = {
  firstName: "",
  lastName: "",
  age: "",
  location: "",
  baseOccupation: "",
  gender: "",
  education: "",
  incomeBracket: "",
  household: "",
  languages: "",
  interests: "",
  openness: "",
  conscientiousness: "",
  extraversion: "",
  agreeableness: "",
  neuroticism: "",
  attributes: "",
};

export const splitList = (s: string): string[] =>
  s
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** `key=value` lines as attributes; numbers, true/false and null keep their type. */
export function parseAttributes(s: string): {
  value: Record<string, string | number | boolean | null>;
  error?: string;
} {
  const value: Record<string, string | number | boolean | null> = {};
  for (const [i, raw] of s.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return { value, error: `Line ${i + 1}: write key=value` };
    const key = line.slice(0, eq).trim();
    const v = line.slice(eq + 1).trim();
    value[key] =
      v === "true"
        ? true
        : v === "false"
          ? false
          : v === "null"
            ? null
            : v !== "" && Number.isFinite(Number(v))
              ? Number(v)
              : v;
  }
  return { value };
}

/**
 * The create request for a seed form. The API validates (and its messages are shown beside the fields);
 * this only converts types: the age is sent as typed (a non-number is sent as NaN → null, which the API refuses).
 */
export function seedToBody(f: SeedForm): { body: BodyOf<"createPersona">; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const seed: BodyOf<"createPersona">["seed"] = {
    firstName: f.firstName.trim(),
    lastName: f.lastName.trim(),
    age: f.age.trim() === "" ? Number.NaN : Number(f.age),
    location: f.location.trim(),
    baseOccupation: f.baseOccupation.trim(),
  };
  if (f.gender.trim()) seed.gender = f.gender.trim();
  if (f.education.trim()) seed.education = f.education.trim();
  if (f.incomeBracket.trim()) seed.incomeBracket = f.incomeBracket.trim();
  if (f.household.trim()) seed.household = f.household.trim();
  const languages = splitList(f.languages);
  if (languages.length) seed.languages = languages;
  const interests = splitList(f.interests);
  if (interests.length) seed.interests = interests;
  const personality: Record<string, number> = {};
  for (const k of BIG_FIVE) {
    const v = f[k].trim();
    if (!v) continue;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || n > 1) errors[k] = "A number from 0 to 1";
    else personality[k] = n;
  }
  if (Object.keys(personality).length) seed.personality = personality;
  const attrs = parseAttributes(f.attributes);
  if (attrs.error) errors.attributes = attrs.error;
  else if (Object.keys(attrs.value).length) seed.attributes = attrs.value;
  if (Number.isNaN(seed.age)) (seed as { age: number | null }).age = null;
  return { body: { seed }, errors };
}

/**
 * An API validation error's `details` ([{ path, message }]) by form field: `seed.age` → `age`,
 * `seed.personality.openness` → `openness`; what matches no field goes under `_form`.
 */
export function fieldErrors(details: unknown, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(details)) return out;
  for (const d of details) {
    if (!d || typeof d !== "object") continue;
    const { path, message } = d as { path?: unknown; message?: unknown };
    if (typeof message !== "string") continue;
    const parts = String(path ?? "")
      .split(".")
      .filter((p) => p && p !== "seed" && p !== "body" && !/^\d+$/.test(p));
    const field = [...parts].reverse().find((p) => fields.includes(p));
    const key = field ?? "_form";
    const text = field ? message : `${parts.join(".") || "request"}: ${message}`;
    out[key] = out[key] ? `${out[key]}; ${text}` : text;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Timeline

export interface TimelineItem {
  entry: TimelineEntry;
  /** 0-100, for the strength bar */
  strength: number;
  /** The entry that replaced this one (when superseded and listed) */
  revisedBy: TimelineEntry | null;
  /** The entry this one replaced (when it is a revision and the original is listed) */
  revises: TimelineEntry | null;
}

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));

/**
 * The timeline as the page shows it: by event time (then creation), filtered by memory type and status,
 * each entry with its strength (0-100) and links to the revision that replaced it or the one it replaced.
 */
export function shapeTimeline(
  entries: readonly TimelineEntry[],
  opts: { types?: ReadonlySet<MemoryType>; showSuperseded?: boolean } = {},
): TimelineItem[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return entries
    .filter((e) => (opts.showSuperseded ?? true) || e.status !== "superseded")
    .filter((e) => !opts.types || opts.types.size === 0 || opts.types.has(e.memoryType))
    .map((e) => ({
      entry: e,
      strength: clamp(e.effectiveStrength ?? e.memoryStrength),
      revisedBy: e.supersededBy ? (byId.get(e.supersededBy) ?? null) : null,
      revises: e.supersedes ? (byId.get(e.supersedes) ?? null) : null,
    }))
    .sort(
      (a, b) => a.entry.eventAt.localeCompare(b.entry.eventAt) || a.entry.createdAt.localeCompare(b.entry.createdAt),
    );
}

/** How many entries of each type (active ones), every type present (0 when none) — the filter chips' counts. */
export function typeCounts(entries: readonly TimelineEntry[]): Record<MemoryType, number> {
  const out = Object.fromEntries(MEMORY_TYPES.map((t) => [t, 0])) as Record<MemoryType, number>;
  for (const e of entries) if (e.status === "active") out[e.memoryType] += 1;
  return out;
}

/** Points for the strength chart: one per entry, x = event time, y = strength, by type. */
export function strengthPoints(
  items: readonly TimelineItem[],
): Array<{ date: Date; strength: number; formed: number; type: MemoryType; label: string; superseded: boolean }> {
  return items.map((i) => ({
    date: new Date(i.entry.eventAt),
    strength: i.strength,
    formed: clamp(i.entry.memoryStrength),
    type: i.entry.memoryType,
    label: i.entry.eventLabel,
    superseded: i.entry.status === "superseded",
  }));
}

/** The form of an appended memory as the request body (eventAt from a date input, tags comma-separated). */
export interface MemoryForm {
  eventAt: string;
  eventLabel: string;
  facts: string;
  feelings: string;
  interpretation: string;
  emotionTags: string;
  memoryType: MemoryType;
  memoryStrength: string;
}

export const EMPTY_MEMORY: MemoryForm = {
  eventAt: "",
  eventLabel: "",
  facts: "",
  feelings: "",
  interpretation: "",
  emotionTags: "",
  memoryType: "normal",
  memoryStrength: "50",
};

/** A date input's value (YYYY-MM-DD) as an ISO instant at UTC midnight; other text passes unchanged. */
export function dateInputToIso(v: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00.000Z` : v;
}

export function memoryToBody(f: MemoryForm): BodyOf<"appendTimelineEntry"> {
  return {
    eventAt: dateInputToIso(f.eventAt.trim()),
    eventLabel: f.eventLabel.trim(),
    facts: f.facts.trim(),
    feelings: f.feelings.trim(),
    interpretation: f.interpretation.trim(),
    emotionTags: splitList(f.emotionTags),
    memoryType: f.memoryType,
    memoryStrength: Number(f.memoryStrength),
  };
}

/** A supersede request: only the fields that changed from the original are sent (the API copies the rest). */
export function supersedeBody(
  original: TimelineEntry,
  f: MemoryForm,
  reason: string,
): BodyOf<"supersedeTimelineEntry"> {
  const replacement: BodyOf<"supersedeTimelineEntry">["replacement"] = { memoryType: f.memoryType };
  const eventAt = dateInputToIso(f.eventAt.trim());
  if (eventAt && eventAt !== original.eventAt) replacement.eventAt = eventAt;
  if (f.eventLabel.trim() !== original.eventLabel) replacement.eventLabel = f.eventLabel.trim();
  if (f.facts.trim() !== original.facts) replacement.facts = f.facts.trim();
  if (f.feelings.trim() !== original.feelings) replacement.feelings = f.feelings.trim();
  if (f.interpretation.trim() !== original.interpretation) replacement.interpretation = f.interpretation.trim();
  const tags = splitList(f.emotionTags);
  if (tags.join(",") !== original.emotionTags.join(",")) replacement.emotionTags = tags;
  const strength = Number(f.memoryStrength);
  if (strength !== original.memoryStrength) replacement.memoryStrength = strength;
  return { reason: reason.trim(), replacement };
}

/** The form filled from an entry (to revise it). */
export function entryToForm(e: TimelineEntry): MemoryForm {
  return {
    eventAt: e.eventAt.slice(0, 10),
    eventLabel: e.eventLabel,
    facts: e.facts,
    feelings: e.feelings,
    interpretation: e.interpretation,
    emotionTags: e.emotionTags.join(", "),
    memoryType: "revised",
    memoryStrength: String(e.memoryStrength),
  };
}

/** Consistency issues most severe first. */
const SEVERITY = { high: 0, medium: 1, low: 2 } as const;
export function sortIssues<T extends { severity: "low" | "medium" | "high" }>(issues: readonly T[]): T[] {
  return [...issues].sort((a, b) => SEVERITY[a.severity] - SEVERITY[b.severity]);
}

export const personaName = (p: { firstName: string; lastName: string }): string =>
  `${p.firstName} ${p.lastName}`.trim();
