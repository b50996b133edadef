import type { Schemas } from "@person-run/sdk";

/**
 * The cohort builder's form ↔ the API's criteria, pure (unit-tested in test/cohorts.test.ts). Lists are
 * typed comma- or line-separated; attributes as `key = value` lines (a value in [a, b] is a list; numbers
 * and true/false keep their JSON type, since the API compares types: "2" is not 2).
 */

export type Criteria = Schemas["CohortCriteria"];
export const TRAITS = ["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"] as const;
export type Trait = (typeof TRAITS)[number];

export const LIST_FIELDS = [
  { key: "occupations", label: "Occupation contains", hint: "e.g. nurse, teacher" },
  { key: "locations", label: "Location contains", hint: "e.g. Chicago, Ohio" },
  { key: "genders", label: "Gender is", hint: "e.g. female" },
  { key: "educations", label: "Education is", hint: "e.g. bachelors, masters" },
  { key: "incomeBrackets", label: "Income bracket is", hint: "e.g. 50-75k" },
  { key: "languages", label: "Speaks", hint: "e.g. Spanish" },
] as const;
export type ListField = (typeof LIST_FIELDS)[number]["key"];

export interface CohortForm {
  minAge: string;
  maxAge: string;
  lists: Record<ListField, string>;
  attributes: string;
  traits: Record<Trait, { min: string; max: string }>;
}

export function emptyForm(): CohortForm {
  return {
    minAge: "",
    maxAge: "",
    lists: { occupations: "", locations: "", genders: "", educations: "", incomeBrackets: "", languages: "" },
    attributes: "",
    traits: Object.fromEntries(TRAITS.map((t) => [t, { min: "", max: "" }])) as CohortForm["traits"],
  };
}

/** "a, b\nc" → ["a", "b", "c"] */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

type Scalar = string | number | boolean;

function scalar(text: string): Scalar {
  const t = text.trim();
  if (t === "true") return true;
  if (t === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t.replace(/^"(.*)"$/, "$1");
}

/** `key = value` lines as attribute criteria, or the first line that cannot be read. */
export function parseAttributes(
  text: string,
): { ok: true; attributes: Record<string, Scalar | Scalar[]> } | { ok: false; error: string } {
  const out: Record<string, Scalar | Scalar[]> = {};
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return { ok: false, error: `Attribute line ${i + 1}: write key = value.` };
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (!value) return { ok: false, error: `Attribute line ${i + 1}: ${key} has no value.` };
    const list = /^\[(.*)\]$/.exec(value);
    out[key] = list ? splitList(list[1] ?? "").map(scalar) : scalar(value);
  }
  return { ok: true, attributes: out };
}

const num = (s: string): number | undefined => (s.trim() === "" ? undefined : Number(s));

/** The form as the API's criteria (only what was filled in), or the first problem. */
export function formToCriteria(f: CohortForm): { ok: true; criteria: Criteria } | { ok: false; error: string } {
  const c: Criteria = {};
  const minAge = num(f.minAge);
  const maxAge = num(f.maxAge);
  for (const [label, v] of [
    ["Minimum age", minAge],
    ["Maximum age", maxAge],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 120)) {
      return { ok: false, error: `${label} must be a whole number from 0 to 120.` };
    }
  }
  if (minAge !== undefined && maxAge !== undefined && minAge > maxAge) {
    return { ok: false, error: "Minimum age must not exceed maximum age." };
  }
  if (minAge !== undefined) c.minAge = minAge;
  if (maxAge !== undefined) c.maxAge = maxAge;
  for (const { key } of LIST_FIELDS) {
    const list = splitList(f.lists[key]);
    if (list.length) c[key] = list;
  }
  const attrs = parseAttributes(f.attributes);
  if (!attrs.ok) return attrs;
  if (Object.keys(attrs.attributes).length) c.attributes = attrs.attributes;
  const traits: NonNullable<Criteria["traits"]> = {};
  for (const t of TRAITS) {
    const lo = num(f.traits[t].min);
    const hi = num(f.traits[t].max);
    for (const v of [lo, hi]) {
      if (v !== undefined && (!Number.isFinite(v) || v < 0 || v > 1)) {
        return { ok: false, error: `${t}: bounds are from 0 to 1.` };
      }
    }
    if (lo !== undefined || hi !== undefined)
      traits[t] = { ...(lo !== undefined ? { min: lo } : {}), ...(hi !== undefined ? { max: hi } : {}) };
  }
  if (Object.keys(traits).length) c.traits = traits;
  return { ok: true, criteria: c };
}

/** The API's criteria back in the form (to edit a cohort). */
export function criteriaToForm(c: Criteria | null | undefined): CohortForm {
  const f = emptyForm();
  if (!c) return f;
  if (c.minAge !== undefined) f.minAge = String(c.minAge);
  if (c.maxAge !== undefined) f.maxAge = String(c.maxAge);
  for (const { key } of LIST_FIELDS) f.lists[key] = (c[key] ?? []).join(", ");
  f.attributes = Object.entries(c.attributes ?? {})
    .map(([k, v]) => `${k} = ${Array.isArray(v) ? `[${v.join(", ")}]` : String(v)}`)
    .join("\n");
  for (const t of TRAITS) {
    const r = c.traits?.[t];
    if (r)
      f.traits[t] = { min: r.min === undefined ? "" : String(r.min), max: r.max === undefined ? "" : String(r.max) };
  }
  return f;
}

/** The criteria in words, one phrase each ("age 41–64", "occupation contains nurse"). */
export function describeCriteria(c: Criteria | null | undefined): string[] {
  if (!c) return [];
  const out: string[] = [];
  if (c.minAge !== undefined && c.maxAge !== undefined) out.push(`age ${c.minAge}–${c.maxAge}`);
  else if (c.minAge !== undefined) out.push(`age ≥ ${c.minAge}`);
  else if (c.maxAge !== undefined) out.push(`age ≤ ${c.maxAge}`);
  for (const { key, label } of LIST_FIELDS) {
    const list = c[key];
    if (list?.length) out.push(`${label.toLowerCase()} ${list.join(" or ")}`);
  }
  for (const [k, v] of Object.entries(c.attributes ?? {})) {
    out.push(`${k} = ${Array.isArray(v) ? v.join(" or ") : String(v)}`);
  }
  for (const [t, r] of Object.entries(c.traits ?? {})) {
    if (!r) continue;
    out.push(
      r.min !== undefined && r.max !== undefined
        ? `${t} ${r.min}–${r.max}`
        : r.min !== undefined
          ? `${t} ≥ ${r.min}`
          : `${t} ≤ ${r.max}`,
    );
  }
  return out;
}
