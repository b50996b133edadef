import { describe, expect, it } from "vitest";
import * as phrases from "./phrases.ts";
import * as everyday from "./phrases-everyday.ts";
import * as frustration from "./phrases-frustration.ts";
import * as intents from "./phrases-intents.ts";
import * as stance from "./phrases-stance.ts";
import * as structured from "./phrases-structured.ts";
import * as topics from "./phrases-topics.ts";
import { createRng } from "./rng.ts";
import { pickTemplate, resolveChoices } from "./templates.ts";

/** Every string of a module's exported banks, however deeply nested. */
function templatesOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(templatesOf);
  if (value && typeof value === "object") return Object.values(value).flatMap(templatesOf);
  return [];
}

describe("choice groups in templates", () => {
  it("takes one option of each group, the same one for the same seed", () => {
    const template = "I caught up on [the washing|the ironing|the floors], which is [never fun|a chore].";
    const once = resolveChoices(template, createRng("choices", 1));
    expect(once).toMatch(/^I caught up on (the washing|the ironing|the floors), which is (never fun|a chore)\.$/);
    expect(resolveChoices(template, createRng("choices", 1))).toBe(once);
  });

  it("reaches every option across seeds, and an empty option leaves no double space", () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      seen.add(resolveChoices("I slept in[ on Sunday| late|], and I needed it.", createRng("choices", seed)));
    }
    expect([...seen].sort()).toEqual([
      "I slept in late, and I needed it.",
      "I slept in on Sunday, and I needed it.",
      "I slept in, and I needed it.",
    ]);
  });

  it("leaves a template without groups as it is, drawing nothing from the generator", () => {
    const a = createRng("choices", 7);
    const b = createRng("choices", 7);
    expect(resolveChoices("I called my family on {sun}.", a)).toBe("I called my family on {sun}.");
    expect(a.next()).toBe(b.next());
  });

  it("fills slots inside options, and skips a pick whose option needs a slot the persona lacks", () => {
    for (let seed = 0; seed < 50; seed++) {
      const rng = createRng("choices", seed);
      expect(pickTemplate(rng, ["[In {city}|Around {city}] it rained."], { city: "Galway" })).toMatch(
        /^(In|Around) Galway it rained\.$/,
      );
      const line = pickTemplate(createRng("choices", seed), ["[At {shop}|In town] I met a friend."], {});
      expect([null, "In town I met a friend."]).toContain(line);
    }
  });

  it("are well formed in every phrase bank: closed, not nested, two options or more", () => {
    const all = [everyday, frustration, intents, stance, structured, topics, phrases].flatMap(templatesOf);
    expect(all.length).toBeGreaterThan(300);
    for (const t of all) {
      const opened = t.replace(/\[[^[\]]*\]/g, "");
      expect(opened, t).not.toMatch(/[[\]]/);
      for (const group of t.match(/\[[^[\]]*\]/g) ?? []) {
        expect(group.split("|").length, t).toBeGreaterThanOrEqual(2);
      }
    }
  });
});
