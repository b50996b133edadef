import type { Locale } from "../locale.ts";
import type { PersonaProfile } from "../profile.ts";
import { occupationPhrase, type WorkStatus } from "./occupations.ts";
import { educationLevelOf, type Family } from "./profile-life.ts";
import type { Rng } from "./rng.ts";
import { clip, joinList, softLower } from "./text.ts";

/**
 * The backstory and the formative initial memory, kept coherent with the seed: schooling ends before
 * the first job (which starts no earlier than 16, later when the job needs a degree), working years
 * never exceed age - 16, only long careers are called "decades", a retiree's work is in the past, a
 * move is told with where it came from, family is only what the household allows, and the memory
 * falls between age 6 (or birth, for the very young) and `now`.
 */

export interface LifeFacts {
  firstName: string;
  lastName: string;
  age: number;
  location: string;
  /** Where the persona lives: schools and exams, seasons, money. */
  locale: Locale;
  occupation: string;
  status: WorkStatus;
  education: string | null;
  gender: string | null;
  household: string | null;
  /** What the household, vocation and age allow about partner, children and grandchildren. */
  family: Family;
  /** A nun, monk or Catholic priest: vows and ordination rather than a first job. */
  celibateVocation: boolean;
  /** Years of study after school the occupation needs (0 when none). */
  degreeYears: number;
  interests: readonly string[];
  values: readonly string[];
  /** ISO time the persona is created. */
  now: string;
}

interface Pronouns {
  /** her / his / their */
  possessive: string;
  /** herself / himself / themself */
  reflexive: string;
}

function pronounsOf(gender: string | null): Pronouns {
  const g = (gender ?? "").toLowerCase();
  if (/\b(female|woman|girl|f|she)\b/.test(g)) return { possessive: "her", reflexive: "herself" };
  if (/\b(male|man|boy|m|he)\b/.test(g)) return { possessive: "his", reflexive: "himself" };
  return { possessive: "their", reflexive: "themself" };
}

/** The ages chosen for each persona's facts: the backstory and the memory must tell the same story. */
const careerStarts = new WeakMap<LifeFacts, number>();
const retirements = new WeakMap<LifeFacts, number>();

/**
 * Age at the first job: after the schooling the seed names (or a plausible guess) and after the
 * degree the occupation needs, never below 16. It may exceed the persona's age (a 19-year-old seeded
 * as a doctor): then no first job is told.
 */
function careerStartAge(facts: LifeFacts, rng: Rng): number {
  const known = careerStarts.get(facts);
  if (known !== undefined) return known;
  const level = educationLevelOf(facts.education);
  const schooling = level ? level.typicalEnd : rng.int(18, 23);
  const age = Math.max(16, schooling, facts.degreeYears > 0 ? 18 + facts.degreeYears : 0);
  careerStarts.set(facts, age);
  return age;
}

/** Age at retirement for a retired persona: their age when young, else around 58-66. */
function retirementAge(facts: LifeFacts, rng: Rng): number {
  const known = retirements.get(facts);
  if (known !== undefined) return known;
  const age = Math.min(facts.age, rng.int(58, 66));
  retirements.set(facts, age);
  return age;
}

export function backstoryOf(facts: LifeFacts, goal: string, rng: Rng): string {
  const { firstName: name, age, location } = facts;
  const pronouns = pronounsOf(facts.gender);
  const ageWords = age === 0 ? "is less than a year old" : `is ${age}`;
  const sentences = [`${name} ${facts.lastName} ${ageWords} and lives in ${location}.`.replace(/\s+/g, " ")];
  sentences.push(lifeSentence(facts, pronouns, rng));
  const [first, second] = facts.interests;
  const pastimes = second ? joinList([softLower(first!), softLower(second)]) : first ? softLower(first) : null;
  const value = facts.values[0];
  if (pastimes && value) {
    const when = facts.status === "working" ? "Outside work" : "Most days";
    sentences.push(`${when}, ${name} makes time for ${pastimes}, and cares most about ${value}.`);
  }
  const home = facts.household ? stripPeriod(facts.household) : facts.celibateVocation ? communityOf(facts) : null;
  sentences.push(
    home && rng.chance(0.5)
      ? `At home: ${home}.`
      : `${capitalizeFirst(pronouns.possessive)} main goal right now is ${goal.replace(/\bmy\b/g, pronouns.possessive)}.`,
  );
  return sentences.join(" ");
}

/** Where a nun, monk or priest without a household in the seed lives. */
function communityOf(facts: LifeFacts): string {
  const occupation = facts.occupation.toLowerCase();
  if (/\bnuns?\b|\bsister\b|\babbess\b/.test(occupation)) return "a small community of sisters";
  if (/\bmonks?\b|\bfriars?\b|\babbot\b/.test(occupation)) return "the community of brothers";
  return "the parish house";
}

function lifeSentence(facts: LifeFacts, pronouns: Pronouns, rng: Rng): string {
  const { firstName: name, age } = facts;
  const job = occupationPhrase(facts.occupation);
  switch (facts.status) {
    case "student":
      if (age < 18) return `${name} is ${job}, juggling classes, homework and friends.`;
      if (age <= 22) return `${name} is ${job}, in ${pronouns.possessive} ${ordinal(age - 17)} year of studies.`;
      return `${name} went back to school and is now ${job}.`;
    case "retired": {
      if (age < 55) return `${name} stepped away from work early and is now ${job}.`;
      const start = careerStartAge(facts, rng);
      const stopped = retirementAge(facts, rng);
      const worked = Math.min(age - 16, stopped - start);
      if (worked < 1) return `${name} is ${job}.`;
      const life = facts.celibateVocation ? " of religious life" : "";
      return `${name} is ${job}, having stepped back at ${stopped} after ${worked} years${life}.`;
    }
    case "unemployed":
      return `${name} is ${job} at the moment and looking for the next job.`;
    case "homemaker":
      return `${name} is ${job}, running the household day to day.`;
    case "child":
      return `${name} is ${job} who spends most days at school and with friends.`;
    case "working": {
      if (age < 17) return `At ${age}, ${name} already thinks of ${pronouns.reflexive} as ${job} in the making.`;
      const years = age - careerStartAge(facts, rng);
      const verb = facts.celibateVocation ? "has been" : "has worked as";
      if (years <= 1) return `${name} recently started out as ${job}.`;
      if (years < 10) return `${name} ${verb} ${job} for ${years} years.`;
      if (years < 20)
        return `${name} ${verb} ${job} for ${years} years and knows ${facts.celibateVocation ? "that life" : "the job"} inside out.`;
      const spent = facts.celibateVocation ? "as" : "working as";
      return `${name} has spent more than ${years >= 30 ? "three" : "two"} decades ${spent} ${job}.`;
    }
  }
}

function ordinal(n: number): string {
  return ["first", "second", "third", "fourth", "fifth"][Math.max(0, Math.min(4, n - 1))]!;
}

type InitialMemory = PersonaProfile["initialMemory"];

interface MemoryIdea {
  /** Age at the event; checked against the persona's age before use. */
  atAge: number;
  eventLabel: string;
  facts: string;
  feelings: string;
  interpretation: string;
  emotionTags: string[];
  memoryType: "normal" | "pride";
}

/** Stands for the season of the event's date where the hemisphere says ("one autumn"). */
const SEASON = "{season}";

export function initialMemoryOf(facts: LifeFacts, rng: Rng): InitialMemory {
  const idea = rng.pick(memoryIdeas(facts, rng));
  const strength = rng.int(50, 90);
  const eventAt = eventDate(facts, idea.atAge, rng);
  return {
    eventAt,
    eventLabel: clip(idea.eventLabel, 500),
    facts: clip(idea.facts.replace(`${SEASON} `, seasonPhrase(eventAt, facts.locale)), 5000),
    feelings: clip(idea.feelings, 5000),
    interpretation: clip(idea.interpretation, 5000),
    emotionTags: idea.emotionTags,
    memoryType: idea.memoryType,
    memoryStrength: strength,
  };
}

function memoryIdeas(facts: LifeFacts, rng: Rng): MemoryIdea[] {
  const { age, location } = facts;
  const pride = () => (rng.chance(0.5) ? "pride" : "normal");
  if (age < 6) {
    return [
      {
        atAge: age,
        eventLabel: `A sunny afternoon at the park in ${location}`,
        facts: `Spent a whole afternoon at the park in ${location}, laughing on the swings.`,
        feelings: "Happy and safe",
        interpretation: "One of the first happy memories.",
        emotionTags: ["joy"],
        memoryType: "normal",
      },
    ];
  }
  const ideas: MemoryIdea[] = [];
  if (age < 18) {
    ideas.push({
      atAge: rng.int(6, age),
      eventLabel: "First day at a new school",
      facts: `Started at a new school in ${location} and made a first real friend by lunchtime.`,
      feelings: "Nervous, then relieved",
      interpretation: "Learned that new places stop being scary quickly.",
      emotionTags: ["nervousness", "relief"],
      memoryType: "normal",
    });
    ideas.push({
      atAge: rng.int(6, age),
      eventLabel: "Won a prize at school",
      facts: "Won first prize in a school competition, in front of the whole class.",
      feelings: "Proud and a little embarrassed",
      interpretation: "The first time hard work clearly paid off.",
      emotionTags: ["pride", "joy"],
      memoryType: "pride",
    });
    return ideas;
  }
  const level = educationLevelOf(facts.education);
  const { school, exam } = facts.locale.education;
  // "Primary school only", "left school at 14": no finished-school memory to tell.
  const leftEarly = /\b(primary|elementary|no formal|none|left school)\b/i.test(facts.education ?? "");
  if (!leftEarly)
    ideas.push({
      atAge: 18,
      eventLabel: `Finished ${school}`,
      facts: `Got through ${exam} and finished ${school} with family cheering from the crowd.`,
      feelings: "Proud and excited about what came next",
      interpretation: "The end of childhood and the start of making my own choices.",
      emotionTags: ["pride", "excitement"],
      memoryType: pride(),
    });
  if (level && level.name !== "secondary" && age >= level.typicalEnd) {
    const what = { doctorate: "a doctorate", masters: "a master's degree", bachelors: "a degree" }[level.name];
    ideas.push({
      atAge: level.typicalEnd,
      eventLabel: `Finished ${what}`,
      facts: `Finished ${what} at ${level.typicalEnd}, after years of late nights and cheap dinners.`,
      feelings: "Relieved and proud",
      interpretation: "Proof that I can finish what I start.",
      emotionTags: ["pride", "relief"],
      memoryType: pride(),
    });
  }
  if (!facts.family.withParents) {
    const movedAt = rng.int(18, Math.min(age, 30));
    const from = rng.pick(["the town where I grew up", "my parents' place", "the small town I grew up in"]);
    ideas.push({
      atAge: movedAt,
      eventLabel: `Moved to ${location}`,
      facts: `Moved to ${location} from ${from} at ${movedAt}, ${SEASON} with two suitcases and not much of a plan.`,
      feelings: "Excited and a little scared",
      interpretation:
        movedAt <= 24 ? "Where adult life really began." : "A fresh start, later than most people make one.",
      emotionTags: ["excitement", "uncertainty"],
      memoryType: "normal",
    });
  }
  const start = facts.status === "working" || facts.status === "retired" ? careerStartAge(facts, rng) : null;
  if (start !== null && start <= age) {
    ideas.push(firstJobIdea(facts, start, pride()));
  }
  if (ideas.length === 0 && facts.status !== "student") {
    ideas.push({
      atAge: rng.int(16, Math.min(age, 25)),
      eventLabel: "A cousin's wedding",
      facts: "Danced until the early hours at a cousin's wedding, with the whole family there.",
      feelings: "Happy and full of energy",
      interpretation: "Family is where I feel most like myself.",
      emotionTags: ["joy", "belonging"],
      memoryType: "normal",
    });
  }
  if (facts.status === "student") {
    const mature = age > 24;
    ideas.push({
      atAge: mature ? age - rng.int(0, 2) : Math.min(age, 18),
      eventLabel: "First day of classes",
      facts: mature
        ? "Walked into the first lecture hall years older than everyone else in it."
        : "Walked into the first lecture hall and realized nobody knew me yet.",
      feelings: "Free and a little lost",
      interpretation: mature ? "Proof that it is never too late to start again." : "A fresh start.",
      emotionTags: ["freedom", "nervousness"],
      memoryType: "normal",
    });
  }
  return ideas;
}

/** The start of a working life; vows or ordination for a religious vocation. */
function firstJobIdea(facts: LifeFacts, start: number, memoryType: "normal" | "pride"): MemoryIdea {
  const job = occupationPhrase(facts.occupation);
  if (facts.celibateVocation) {
    const ordained = /\bpriest\b/i.test(facts.occupation);
    const label = ordained ? "Ordained a priest" : "Took first vows";
    return {
      atAge: start,
      eventLabel: label,
      facts: `${ordained ? "Was ordained" : "Took my first vows"} at ${start}, with my parents in the front pew.`,
      feelings: "Peaceful and certain",
      interpretation: "The start of the life I chose and still choose.",
      emotionTags: ["peace", "pride"],
      memoryType,
    };
  }
  const label = facts.status === "working" ? `Started working as ${job}` : "Started a first real job";
  return {
    atAge: start,
    eventLabel: label,
    facts: `${label} at ${start}, nervous but determined to prove myself.`,
    feelings: "Nervous and proud",
    interpretation:
      facts.status === "working"
        ? "The start of a working life that still shapes my days."
        : "The start of a working life that shaped the rest of it.",
    emotionTags: ["pride", "nervousness"],
    memoryType,
  };
}

const NORTHERN_SEASONS = [
  "winter",
  "winter",
  "spring",
  "spring",
  "spring",
  "summer",
  "summer",
  "summer",
  "autumn",
  "autumn",
  "autumn",
  "winter",
];

/** Places near the equator, where "one winter" would ring false: no season is told there. */
const TROPICAL = new Set(["NG", "GH", "KE", "PH", "ID", "SG", "TH", "VN", "CO", "IN"]);

/** "one autumn, " for the date where the persona lives (July is winter in Sydney; "fall" in the US). */
function seasonPhrase(iso: string, locale: Locale): string {
  if (TROPICAL.has(locale.countryCode)) return "";
  const month = new Date(iso).getUTCMonth();
  const season = NORTHERN_SEASONS[locale.hemisphere === "south" ? (month + 6) % 12 : month]!;
  return `one ${season === "autumn" && locale.english === "us" ? "fall" : season}, `;
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The event's date: `now` minus the years since that age, jittered by a few months, then kept between
 * age 6 (birth for the very young) and `now` itself.
 */
function eventDate(facts: LifeFacts, atAge: number, rng: Rng): string {
  const now = Date.parse(facts.now);
  const earliestAge = facts.age >= 6 ? 6 : 0;
  const earliest = shiftYears(now, -(facts.age - earliestAge));
  const target =
    shiftYears(now, -(facts.age - Math.min(facts.age, Math.max(earliestAge, atAge)))) + rng.int(-200, 150) * DAY_MS;
  return new Date(Math.min(now, Math.max(earliest + DAY_MS, target))).toISOString();
}

/** Calendar-year shift in UTC (Feb 29 rolls to Mar 1), falling back to average years far in the past. */
function shiftYears(time: number, years: number): number {
  const date = new Date(time);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return Number.isNaN(date.getTime()) ? time + years * YEAR_MS : date.getTime();
}

function stripPeriod(text: string): string {
  return text.trim().replace(/[.\s]+$/, "");
}

function capitalizeFirst(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
