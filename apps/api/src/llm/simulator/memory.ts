import { MONEY_AMOUNT_RE } from "../locale.ts";
import type { PersonaView } from "./persona.ts";
import type { Rng } from "./rng.ts";
import { fill } from "./templates.ts";
import { contentWords, firstSentence, firstWords, lowerLead, stripEndPunctuation } from "./text.ts";
import type { SimMemory } from "./types.ts";

/**
 * What the persona says about its retrieved memories, honouring each memory type (SPEC §5): pride is
 * volunteered, shame deflected until pressed, repressed hidden until pressed, revised told as the truth,
 * exaggerated told bigger, and weak memories told vaguely.
 */

export interface MemoryLine {
  text: string;
  kind: "pride" | "shame" | "repressed" | "ordinary";
  /** Required lines are always said; the others only if the voice has room. */
  required: boolean;
}

/** Pressure from which shame is admitted (minimised) and repressed memories surface. */
export const PRESSURE_TO_SURFACE = 3;
/** Below this effective strength a memory is hazy. */
const HAZY_BELOW = 30;
/** Pride from this strength is framed as defining. */
const VIVID_FROM = 70;
/** Below this relevance a memory is only loosely related to the prompt. */
const RELEVANT_FROM = 0.3;
/** Non-pride memories are brought up from this relevance (the best-ranked one always). */
const MENTIONED_FROM = 0.2;

export function memoryLines(
  memories: readonly SimMemory[],
  pressure: number,
  view: PersonaView,
  rng: Rng,
  maxOrdinary: number,
  options: { volunteerPride?: boolean } = {},
): MemoryLine[] {
  const usable = dropContradictedByRevisions(memories);
  const lines: MemoryLine[] = [];
  const pressed = pressure >= PRESSURE_TO_SURFACE;

  const pride = usable.find((m) => m.memoryType === "pride");
  if (pride && (options.volunteerPride ?? true))
    lines.push({ kind: "pride", text: prideLine(pride, view, rng), required: true });

  const bearsOnPrompt = (m: SimMemory, rank: number) => rank === 0 || m.relevance >= MENTIONED_FROM;
  const shame = usable.find((m, i) => m.memoryType === "shame" && bearsOnPrompt(m, i));
  if (shame)
    lines.push({
      kind: "shame",
      text: pressed ? admitShame(shame, view, rng) : rng.pick(SHAME_DEFLECTIONS),
      required: true,
    });

  const repressed = usable.find((m) => m.memoryType === "repressed");
  if (repressed && pressed)
    lines.push({ kind: "repressed", text: surfaceRepressed(repressed, view, rng), required: true });

  const ordinary = usable
    .filter((m, i) => ORDINARY_TYPES.has(m.memoryType) && bearsOnPrompt(m, i))
    .slice(0, maxOrdinary);
  ordinary.forEach((m, i) => {
    lines.push({ kind: "ordinary", text: ordinaryLine(m, view, rng), required: i === 0 });
  });
  return lines;
}

const ORDINARY_TYPES = new Set(["normal", "revised", "exaggerated"]);

/** A pride memory's story in the first person, for telling it when asked about ("when I …"). */
export function prideStoryOf(memory: SimMemory, view: PersonaView, rng: Rng): string {
  return recount(memory, view, rng);
}

/**
 * Whether an earlier answer of the session already told this memory: most of its distinctive words
 * appear in one earlier assistant turn.
 */
export function toldBefore(memory: SimMemory, view: PersonaView, said: string): boolean {
  if (!said) return false;
  const facts = new Set(contentWords(firstPersonFacts(memory.facts || memory.eventLabel, view)));
  if (facts.size === 0) return false;
  const earlier = new Set(contentWords(said));
  const shared = [...facts].filter((w) => earlier.has(w)).length;
  return shared / facts.size >= 0.6;
}

/** A revision replaces the story it corrects: drop any memory about the same event. */
function dropContradictedByRevisions(memories: readonly SimMemory[]): SimMemory[] {
  const revisions = memories.filter((m) => m.memoryType === "revised");
  if (revisions.length === 0) return [...memories];
  return memories.filter((m) => m.memoryType === "revised" || !revisions.some((r) => sameEvent(m, r)));
}

function sameEvent(a: SimMemory, b: SimMemory): boolean {
  if (a.eventAt.slice(0, 10) === b.eventAt.slice(0, 10)) return true;
  const wordsA = new Set(contentWords(a.eventLabel));
  const wordsB = contentWords(b.eventLabel);
  const shared = wordsB.filter((w) => wordsA.has(w)).length;
  return shared > 0 && shared / Math.max(wordsA.size, wordsB.length) >= 0.5;
}

const SHAME_DEFLECTIONS: readonly string[] = [
  "That is not something I love talking about.",
  "There is something from back then I would rather not get into.",
  "Let us just say not everything went the way I wanted, and leave it there.",
  "I would rather not dwell on that part, if that is okay.",
];

function prideLine(memory: SimMemory, view: PersonaView, rng: Rng): string {
  const story = recount(memory, view, rng);
  const aside =
    memory.relevance < RELEVANT_FROM
      ? rng.pick(["This is a bit off topic, but ", "Not to change the subject, but ", ""])
      : "";
  const proud = rng.pick([
    "I am still proud that",
    "I will always be proud that",
    "One thing I am really proud of is that",
  ]);
  const line = `${aside}${aside ? proud.replace(/^One/, "one") : proud} ${story}.`;
  if (memory.effectiveStrength >= VIVID_FROM) {
    const place = view.persona.location.split(",")[0]!.trim();
    const defining = [
      "Honestly, that moment made me who I am.",
      "That is a big part of who I am.",
      "I think that defined me, really.",
      `At ${view.persona.age}, I can say that moment made me who I am.`,
      `It is still a big part of who I am${place ? `, here in ${place}` : ""}.`,
      `Of everything in my ${view.persona.age} years, I think that defined me most.`,
      "I would not be the person I am today without it.",
    ];
    return `${line} ${rng.pick(defining)}`;
  }
  return hedged(line, memory, rng);
}

function admitShame(memory: SimMemory, view: PersonaView, rng: Rng): string {
  const story = recount(memory, view, rng);
  return hedged(
    rng.pick([
      `Fine, if you must know: ${story}. It was not as big a deal as it sounds, and it was a long time ago.`,
      `Okay, yes, ${story}. Everyone makes mistakes, and I have moved on.`,
      `Alright. ${capitalizeFirst(story)}. It was one bad moment, not the whole story.`,
    ]),
    memory,
    rng,
  );
}

function surfaceRepressed(memory: SimMemory, view: PersonaView, rng: Rng): string {
  const story = recount(memory, view, rng);
  return hedged(
    rng.pick([
      `I have not thought about this in years... ${capitalizeFirst(story)}. I do not really know why it is coming back now.`,
      `This is hard to say, but... ${story}. I think I pushed it away for a long time.`,
      `Something is coming back to me that I had put away... ${story}.`,
    ]),
    memory,
    rng,
  );
}

function ordinaryLine(memory: SimMemory, view: PersonaView, rng: Rng): string {
  const story = recount(memory, view, rng);
  if (memory.memoryType === "revised") {
    const line = rng.pick([
      `To be accurate about it, ${story}.`,
      `What actually happened is that ${story}.`,
      `People sometimes get this wrong, but ${story}.`,
    ]);
    return hedged(line, memory, rng);
  }
  if (memory.memoryType === "exaggerated") {
    const line = rng.pick([
      `It was honestly the biggest thing that ever happened to me: ${story}!`,
      `Everyone still talks about it: ${story}, and it was absolutely incredible.`,
      `You would not believe it, but ${story}, the most amazing thing anyone had ever seen.`,
    ]);
    return hedged(line, memory, rng);
  }
  if (isHazy(memory)) {
    return rng.pick([
      `I think it was when ${story}, if I remember right.`,
      `If I remember right, ${story}, but the details are fuzzy now.`,
    ]);
  }
  const feeling = feelingOf(memory);
  const line = rng.pick([
    `It reminds me of the time ${story}.`,
    `I remember when ${story}.`,
    `That makes me think of when ${story}.`,
  ]);
  return feeling ? `${line} ${fill(rng.pick(FEELING_LINES), { feeling }) ?? ""}` : line;
}

const HAZY_HEDGES = [
  "At least, I think so; it is all a bit hazy now.",
  "If I remember right, anyway; the details are fuzzy.",
  "I might be mixing up the details, it was a long time ago.",
];

/** Weak memories come with a hedge. */
function hedged(line: string, memory: SimMemory, rng: Rng): string {
  return isHazy(memory) ? `${line} ${rng.pick(HAZY_HEDGES)}` : line;
}

/** How a memory felt, said after it; a persona whose memories share a feeling still says it differently. */
const FEELING_LINES = [
  "I still feel {feeling} when I think about it.",
  "It left me feeling {feeling}.",
  "I remember feeling {feeling}.",
  "Even now it makes me feel {feeling}.",
  "Thinking about it, I feel {feeling} all over again.",
];

function feelingOf(memory: SimMemory): string | null {
  const feelings = stripEndPunctuation(memory.feelings);
  if (feelings && feelings.split(" ").length <= 5) return feelings.toLowerCase();
  const tags = memory.emotionTags.slice(0, 2).map((t) => t.toLowerCase());
  return tags.length > 0 ? tags.join(" and ") : null;
}

function isHazy(memory: SimMemory): boolean {
  return memory.effectiveStrength < HAZY_BELOW;
}

/** The memory's facts told in the first person, made bigger or hazier as its type and strength demand. */
function recount(memory: SimMemory, view: PersonaView, rng: Rng): string {
  const story = firstPersonFacts(memory.facts || memory.eventLabel, view);
  const told = memory.memoryType === "exaggerated" ? exaggerate(story, rng) : story;
  return isHazy(memory) ? blur(told) : told;
}

const PAST_VERB_RE =
  /^([A-Z][a-z]{2,}ed|Got|Went|Won|Lost|Made|Took|Ran|Left|Began|Became|Bought|Sold|Broke|Met|Saw|Found|Gave|Had|Was|Grew|Wrote|Spent|Came|Caught|Fell|Built|Taught|Flew|Drove|Sang|Told|Kept|Quit|Put|Led|Held|Brought|Swam|Hit|Shot)\b/;

/** "Aria adopted Biscuit" / "Adopted Biscuit" → "I adopted Biscuit"; first sentence, at most 40 words. */
function firstPersonFacts(facts: string, view: PersonaView): string {
  const { firstName, lastName } = view.persona;
  let text = stripEndPunctuation(firstWords(firstSentence(facts), 40));
  if (firstName) {
    const name = escapeRegExp(firstName) + (lastName ? `(?:\\s+${escapeRegExp(lastName)})?` : "");
    text = text.replace(new RegExp(`\\b${name}'s\\b`, "g"), "my").replace(new RegExp(`\\b${name}\\b`, "g"), "I");
  }
  text = text.replace(
    /^(She|He) (is|was|has)\b/,
    (_, __, verb: string) => `I ${verb === "is" ? "am" : verb === "has" ? "have" : "was"}`,
  );
  const verbAt = /^[A-Z][a-z]+ly\s/.test(text) ? text.indexOf(" ") + 1 : 0;
  if (PAST_VERB_RE.test(capitalizeFirst(text.slice(verbAt)))) text = `I ${text[0]!.toLowerCase()}${text.slice(1)}`;
  return lowerLead(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const YEAR_RE = /^(19|20)\d\d$/;

/** Told bigger than it was: numbers multiplied (years left alone) and plain words inflated. */
function exaggerate(story: string, rng: Rng): string {
  const factor = rng.int(3, 10);
  return story
    .replace(/\b(\d[\d,]*(?:\.\d+)?)\s*(%|percent|per cent)(\s+of)?/gi, (match, digits: string, _unit, of?: string) => {
      // A share cannot grow past the whole: bigger, but still possible ("nearly all of", "nearly 100 percent").
      const value = Number(digits.replace(/,/g, "")) * factor;
      if (value < 100) return match.replace(digits, String(Math.round(value)));
      return of ? "nearly all of" : "nearly 100 percent";
    })
    .replace(
      /(\$?)(?<![\d.])(\d[\d,]*(?:\.\d+)?)(?!\s*(?:%|percent|per cent)|\d)/g,
      (match, dollar: string, digits: string) => {
        if (!dollar && YEAR_RE.test(digits)) return match;
        const value = Number(digits.replace(/,/g, "")) * factor;
        return `${dollar}${Math.round(value).toLocaleString("en-US")}`;
      },
    )
    .replace(/\bbig\b/g, "enormous")
    .replace(/\bgood\b/g, "incredible")
    .replace(/\ba few\b/g, "dozens of")
    .replace(/\bsome\b/g, "loads of")
    .replace(/\bmany\b/g, "countless")
    .replace(/\bcrowd\b/g, "massive crowd");
}

const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";
const DATE_PHRASE_RE = new RegExp(
  `\\s*\\b(in|on|at|around|by|since|from|back in)?\\s*((${MONTHS})(\\s+\\d{1,2}(st|nd|rd|th)?)?(,?\\s*\\d{4})?|\\d{4}|\\d{1,2}(:\\d\\d)?\\s*(am|pm))\\b`,
  "g",
);

/** Hazy recall: dates and exact numbers drop out. */
/** "at 22" → "in my early twenties": a hazy memory keeps the stage of life, not the number. */
function hazyAge(_: string, digits: string): string {
  const age = Number(digits);
  if (age < 13) return "as a child";
  if (age < 20) return "as a teenager";
  const decade = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"][
    Math.min(7, Math.floor(age / 10) - 2)
  ];
  return `in my ${age % 10 < 4 ? "early " : age % 10 > 6 ? "late " : ""}${decade}`;
}

const ANY_MONEY_AMOUNT = new RegExp(MONEY_AMOUNT_RE.source, "gu");

function blur(story: string): string {
  return story
    .replace(DATE_PHRASE_RE, "")
    .replace(/\bat (\d{1,2})\b(?!\s*(?:%|percent|am|pm|:|\.\d))/gi, hazyAge)
    .replace(ANY_MONEY_AMOUNT, "some money")
    .replace(/\b\d[\d,]*(\.\d+)?(?=\s+\w+s\b)/g, "a few")
    .replace(/\b\d[\d,]*(\.\d+)?\s*/g, "")
    .replace(/\s+,/g, ",")
    .replace(/\s{2,}/g, " ")
    .trim();
}

function capitalizeFirst(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
