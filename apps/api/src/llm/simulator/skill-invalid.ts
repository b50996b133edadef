import { type OutputFormat, optionLetter } from "../../shared/output-formats.ts";
import { firstWords } from "./text.ts";

/**
 * Invalid answers for the `[simulate:invalid]` markers (docs/simulator.md, "Answering skills"): mistakes a
 * real model plausibly makes with each format, none of which a strict reader can take as a value. Each ask
 * (the question, then its repairs) makes a different one.
 */

/** `valid` is the answer the persona would have given (its value is reused for a believable mistake). */
export function invalidAnswer(spec: OutputFormat, ask: number, valid: string, reason: string): string {
  const mistakes = mistakesFor(spec, valid, reason);
  return mistakes[ask % mistakes.length]!;
}

const DONT_KNOW = "I don't know, it's hard to say";

function mistakesFor(spec: OutputFormat, valid: string, reason: string): string[] {
  const value = valid.split(" — ")[0]!;
  switch (spec.type) {
    case "likert":
      return [
        `${spec.scale + 1} — ${reason}`,
        `${DONT_KNOW} — ${reason}`,
        `Somewhere between ${spec.scale - 1} and ${spec.scale} — ${reason}`,
      ];
    case "single_choice": {
      // Two options named: the one the persona would pick and another one.
      const first = Math.max(
        0,
        spec.options.findIndex((o, i) => value === `${optionLetter(i)}) ${o}`),
      );
      const second = first === 0 ? 1 : 0;
      const [x, y] = [first, second].sort((a, b) => a - b) as [number, number];
      return [
        `${optionLetter(x)}) ${spec.options[x]} and ${optionLetter(y)}) ${spec.options[y]} — ${reason}`,
        `${optionLetter(spec.options.length)}) — ${reason}`,
        `${DONT_KNOW} — ${reason}`,
      ];
    }
    case "multi_choice": {
      const n = spec.options.length;
      const max = spec.maxPicks ?? n;
      const beyond = `A, ${optionLetter(n)}`;
      return [
        // One pick too many when the limit allows it to be shown, else a letter that is not listed.
        `${max < n ? Array.from({ length: max + 1 }, (_, i) => optionLetter(i)).join(", ") : beyond} — ${reason}`,
        `${DONT_KNOW} — ${reason}`,
        `${beyond} — ${reason}`,
      ];
    }
    case "ranking": {
      const letters = value.split(" > ");
      return [
        // Only the favourites: not a full ranking.
        `${letters.slice(0, Math.max(1, letters.length - 1)).join(" > ")} — ${reason}`,
        `${DONT_KNOW} — ${reason}`,
        `${[letters[0], ...letters.slice(0, -1)].join(" > ")} — ${reason}`,
      ];
    }
    case "numeric": {
      const n = Number(value);
      const step = Math.max(1, Math.round(Math.abs(n) * 0.5));
      const lo = Math.max(0, Math.round(n));
      const out = spec.max !== undefined ? spec.max + step : spec.min !== undefined ? spec.min - step : Number.NaN;
      return [
        // A range, which is not one number; a range of negatives would read as a minus sign.
        n >= 0 ? `${lo}-${lo + step} — ${reason}` : `${DONT_KNOW} — ${reason}`,
        Number.isNaN(out) ? `${DONT_KNOW} — ${reason}` : `${out} — ${reason}`,
        `${DONT_KNOW} — ${reason}`,
      ];
    }
    case "text": {
      const { minWords, maxWords } = spec;
      const words = valid.split(/\s+/);
      const tooShort = minWords !== undefined && minWords >= 2 ? `${firstWords(valid, minWords - 1)}` : null;
      // Too long: the answer said twice over, and more, until it is past the limit.
      const tooLong =
        maxWords !== undefined
          ? Array.from({ length: Math.ceil((maxWords + 1) / Math.max(1, words.length)) }, () => valid).join(" ")
          : null;
      const wrong = [tooShort, tooLong].filter((m): m is string => m !== null);
      // Without word limits any text is an answer; with only a minimum of 1, nothing at all is not.
      if (wrong.length === 0) return [minWords === 1 ? "" : `${DONT_KNOW}.`];
      return wrong;
    }
    case "json":
      return [
        // Cut off half way, as a model that ran out of tokens.
        valid.slice(0, Math.max(1, Math.floor(valid.length / 2))),
        `${DONT_KNOW}.`,
        // Single quotes are not JSON (an object without strings has none to swap: a refusal instead).
        valid.includes('"') ? valid.replace(/"/g, "'") : `${DONT_KNOW}.`,
      ];
  }
}
