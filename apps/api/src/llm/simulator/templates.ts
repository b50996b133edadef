import type { Rng } from "./rng.ts";
import { normalizeForCompare } from "./voice.ts";

/**
 * Phrase-bank templates: plain sentences with `{slot}` placeholders. A template whose slots are not all
 * available is skipped, so one bank serves personas with and without, say, a household.
 */

export type Vars = Readonly<Record<string, string | undefined>>;

const SLOT_RE = /\{(\w+)\}/g;

export function fill(template: string, vars: Vars): string | null {
  let missing = false;
  const text = template.replace(SLOT_RE, (_, name: string) => {
    const value = vars[name];
    if (value === undefined || value === "") missing = true;
    return value ?? "";
  });
  return missing ? null : text;
}

/**
 * Picks a fillable template, avoiding any whose fixed wording already appears in `avoid` (the previous
 * answer), so a session never hears the same template twice in a row.
 */
export function pickTemplate(rng: Rng, bank: readonly string[], vars: Vars, avoid = ""): string | null {
  return pickTemplates(rng, bank, vars, avoid, 1)[0] ?? null;
}

/** Up to `count` different filled templates, fresh ones (not in `avoid`) first, in seeded order. */
export function pickTemplates(rng: Rng, bank: readonly string[], vars: Vars, avoid: string, count: number): string[] {
  const fillable = rng.shuffle(bank.filter((t) => fill(t, vars) !== null));
  const said = normalizeForCompare(avoid);
  const isFresh = (t: string) => !said || !signatures(t).some((s) => said.includes(s));
  const ordered = [...fillable.filter(isFresh), ...fillable.filter((t) => !isFresh(t))];
  return ordered.slice(0, count).map((t) => fill(t, vars)!);
}

const signatureCache = new Map<string, string[]>();

/** The template's fixed stretches of three or more words, normalised. */
function signatures(template: string): string[] {
  let cached = signatureCache.get(template);
  if (!cached) {
    cached = template
      .split(SLOT_RE)
      .filter((_, i) => i % 2 === 0)
      .map(normalizeForCompare)
      .filter((chunk) => chunk.split(" ").length >= 3);
    signatureCache.set(template, cached);
  }
  return cached;
}
