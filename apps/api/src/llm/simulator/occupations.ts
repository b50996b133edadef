import type { BigFive } from "../profile.ts";
import { HANDS_ON_OCCUPATIONS } from "./occupation-table-hands-on.ts";
import { PROFESSIONAL_OCCUPATIONS } from "./occupation-table-professional.ts";
import { contentWords, lowerCommonWords, withArticle } from "./text.ts";

/**
 * What an occupation implies for a persona: trait nudges (people sort into jobs that fit them), typical
 * income, and the knowledge, jargon, frustrations and goals the job brings. Matched by pattern, first
 * hit wins, so life situations (retired, student…) and specific jobs come before generic ones.
 */

export type WorkStatus = "working" | "student" | "retired" | "unemployed" | "homemaker" | "child";

export interface OccupationInfo {
  pattern: RegExp;
  status: WorkStatus;
  /** Added to the name-hashed Big Five base. */
  traits: Partial<BigFive>;
  /** Typical income position, 0 (low) to 1 (high), used when the seed gives no income bracket. */
  income: number;
  /** Added to the trait-derived formality and verbosity. */
  formality: number;
  verbosity: number;
  knowledge: readonly string[];
  jargon: readonly string[];
  frustrations: readonly string[];
  /** Gerund phrases ("leading a design team"). */
  goals: readonly string[];
  /** Years of study after school the job usually needs (a doctor 6, a teacher 4); 0 when none. */
  degreeYears: number;
}

/** A table row: life situations set `status`, jobs leave it to default to "working". */
export type OccupationEntry = Omit<OccupationInfo, "status" | "formality" | "verbosity" | "degreeYears"> &
  Partial<OccupationInfo>;

/** Life situations first, so "retired teacher" is retired and "student nurse" a student. */
const LIFE_SITUATIONS: readonly OccupationEntry[] = [
  {
    pattern: /\bretire(d|e)\b/,
    status: "retired",
    traits: { conscientiousness: 0.05 },
    income: 0.4,
    knowledge: ["living on a fixed income", "pensions and the paperwork around them", "a long working life"],
    jargon: ["back in my day", "these days"],
    frustrations: ["prices going up faster than my pension", "everything moving online"],
    goals: [
      "staying healthy and active",
      "spending time with the grandkids",
      "seeing more of the world while there is still time",
    ],
  },
  {
    pattern: /\b(unemployed|job ?seeker|between jobs|looking for work|out of work)\b/,
    status: "unemployed",
    traits: { neuroticism: 0.05 },
    income: 0.1,
    knowledge: ["job hunting and applications", "stretching a tight budget", "unemployment benefits"],
    jargon: ["networking", "cover letter"],
    frustrations: ["applications that vanish without a reply", "job ads asking for ten years of experience"],
    goals: ["landing a steady job", "learning new skills"],
  },
  {
    pattern: /\b(student|pupil|undergrad|grad student|phd candidate|schoolboy|schoolgirl)\b/,
    status: "student",
    traits: { openness: 0.05 },
    income: 0.15,
    knowledge: ["studying and exams", "campus life", "getting by on a student budget"],
    jargon: ["exam season", "lowkey", "deadline"],
    frustrations: ["what studying costs", "group projects where nobody pulls their weight"],
    goals: ["finishing my degree", "finding an internship", "figuring out what comes after graduation"],
  },
  {
    pattern: /\b(homemaker|housewife|househusband|stay[- ]at[- ]home)\b/,
    status: "homemaker",
    traits: { agreeableness: 0.1 },
    income: 0.35,
    knowledge: ["running a household", "meal planning on a budget", "school schedules and activities"],
    jargon: ["pick-up", "meal prep"],
    frustrations: ["work at home that nobody sees", "school forms and endless logins"],
    goals: ["going back to work part-time", "keeping the family routine calm"],
  },
  {
    pattern: /\b(child|kid|toddler|baby|infant|preschooler)\b/,
    status: "child",
    traits: { openness: 0.05 },
    income: 0.4,
    knowledge: ["school and friends", "games and cartoons"],
    jargon: ["awesome", "super"],
    frustrations: ["bedtime", "homework"],
    goals: ["growing up", "getting a pet"],
  },
];

const OCCUPATIONS: readonly OccupationInfo[] = [
  ...LIFE_SITUATIONS,
  ...HANDS_ON_OCCUPATIONS,
  ...PROFESSIONAL_OCCUPATIONS,
].map((e) => ({ status: "working", formality: 0, verbosity: 0, degreeYears: 0, ...e }));

/** The table entry for an occupation, or one derived from its own words for anything not listed. */
export function occupationInfo(occupation: string): OccupationInfo {
  const lower = occupation.toLowerCase();
  return OCCUPATIONS.find((o) => o.pattern.test(lower)) ?? genericOccupation(occupation);
}

function genericOccupation(occupation: string): OccupationInfo {
  const noun = occupationNoun(occupation);
  const keyWords = contentWords(noun).filter((w) => w.length > 3);
  return {
    pattern: /$^/,
    status: "working",
    traits: {},
    income: 0.5,
    formality: 0,
    verbosity: 0,
    degreeYears: 0,
    knowledge: [
      `the day-to-day work of ${withArticle(noun)}`,
      `the tools and skills ${noun} work depends on`,
      `what people get wrong about being ${withArticle(noun)}`,
      ...keyWords.slice(0, 2).map((w) => `${w} and everything around it`),
    ],
    jargon: keyWords.slice(0, 2),
    frustrations: [
      `people not understanding what ${withArticle(noun)} actually does`,
      "paperwork that gets in the way",
    ],
    goals: [`getting better as ${withArticle(noun)}`, "finding more balance between work and life"],
  };
}

/** The occupation as it reads mid-sentence ("Product Designer" → "product designer"). */
export function occupationNoun(occupation: string): string {
  return lowerCommonWords(occupation.trim());
}

const ADJECTIVAL_OCCUPATION_RE =
  /^(retired|semi-retired|unemployed|self-employed|freelance|between jobs|looking for work|out of work|disabled|[a-z-]+ed)$/;

/** "a product designer", but "retired" and "between jobs" without an article. */
export function occupationPhrase(noun: string): string {
  return ADJECTIVAL_OCCUPATION_RE.test(noun.toLowerCase()) ? noun : withArticle(noun);
}
