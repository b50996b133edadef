import type { Rng } from "./rng.ts";
import { normalizeForCompare } from "./voice.ts";

/**
 * Phrase-bank templates: plain sentences with `{slot}` placeholders. A template whose slots are not all
 * available is skipped, so one bank serves personas with and without, say, a household. A choice group
 * `[washing|ironing|hoovering]` says one thing several ways: each pick takes one option by the seeded rng
 * (an empty option leaves the words out), so a line many personas land on still reads differently for each.
 */

export type Vars = Readonly<Record<string, string | undefined>>;

const SLOT_RE = /\{(\w+)\}/g;
const CHOICE_RE = /\[([^[\]]*)\]/g;

/** The template with each choice group replaced by one of its options. */
export function resolveChoices(template: string, rng: Rng): string {
  if (!template.includes("[")) return template;
  return template.replace(CHOICE_RE, (_, options: string) => rng.pick(options.split("|"))).replace(/ {2,}/g, " ");
}

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

/**
 * Up to `count` different filled templates, fresh ones (not in `avoid`) first, in seeded order; choice
 * groups are resolved first, so freshness is judged on the wording actually said.
 */
export function pickTemplates(rng: Rng, bank: readonly string[], vars: Vars, avoid: string, count: number): string[] {
  const fillable = rng.shuffle(bank.map((t) => resolveChoices(t, rng)).filter((t) => fill(t, vars) !== null));
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
