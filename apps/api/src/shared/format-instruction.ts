/**
 * How a question's output format is asked: the words appended to a question so that any model answers in a
 * form the parser reads. Free of zod (types only), so the dashboard's skill editor previews exactly this
 * text (apps/dashboard/src/lib/skills-preview.ts imports it).
 */
import type { OutputFormat } from "./output-formats.ts";

export function optionLetter(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `A${String.fromCharCode(65 + index - 26)}`;
}

function listed(options: readonly string[]): string {
  return options.map((o, i) => `${optionLetter(i)}) ${o}`).join("\n");
}

function likertLegend(f: Extract<OutputFormat, { type: "likert" }>): string {
  if (!f.labels) return "";
  if (f.labels.length === 2) return ` (1 = ${f.labels[0]}, ${f.scale} = ${f.labels[1]})`;
  return ` (${f.labels.map((l, i) => `${i + 1} = ${l}`).join(", ")})`;
}

/**
 * The instruction appended to a question so that any model answers in a form the parser reads. Every
 * format but json asks for the value first and a short reason after it.
 */
export function formatInstruction(format: OutputFormat): string {
  switch (format.type) {
    case "text": {
      const { minWords: lo, maxWords: hi } = format;
      if (lo !== undefined && hi !== undefined) return `Answer in ${lo} to ${hi} words.`;
      if (lo !== undefined) return `Answer in at least ${lo} words.`;
      if (hi !== undefined) return `Answer in at most ${hi} words.`;
      return "Answer in your own words.";
    }
    case "likert":
      return `Answer with one whole number from 1 to ${format.scale}${likertLegend(format)} first, then say why in a sentence or two.`;
    case "single_choice":
      return `Choose exactly one of these options:\n${listed(format.options)}\nStart your answer with the option's letter and text (e.g. "A) ${format.options[0]}")${format.allowOther ? ', or with "Other: " and your own answer if none fits' : ""}, then say why.`;
    case "multi_choice": {
      const lo = format.minPicks ?? 1;
      const hi = format.maxPicks ?? format.options.length;
      const count = lo === hi ? `exactly ${lo}` : `between ${lo} and ${hi}`;
      return `Choose ${count} of these options:\n${listed(format.options)}\nStart your answer with the letters of your picks separated by commas (e.g. "A, C")${format.allowOther ? ', adding "Other: " and your own answer if something is missing' : ""}, then say why.`;
    }
    case "ranking":
      return `Rank all of these options from most to least preferred:\n${listed(format.options)}\nStart your answer with every letter once, in your order, separated by " > " (e.g. "${format.options.map((_, i) => optionLetter(i)).join(" > ")}"), then say why.`;
    case "numeric": {
      const bounds =
        format.min !== undefined && format.max !== undefined
          ? ` between ${format.min} and ${format.max}`
          : format.min !== undefined
            ? ` of at least ${format.min}`
            : format.max !== undefined
              ? ` of at most ${format.max}`
              : "";
      const unit = format.unit ? ` in ${format.unit}` : "";
      return `Answer with a single ${format.integer ? "whole " : ""}number${unit}${bounds} first (digits only, no range), then say why.`;
    }
    case "json":
      return `Answer with only a JSON object that matches this JSON Schema, and no other text:\n${JSON.stringify(format.schema)}`;
  }
}
