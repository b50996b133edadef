/**
 * Life facts read from the seed once, so every part of a profile tells the same life: schooling
 * (when it ended), household (partner, children), religious vocations (no spouse or children unless
 * the household says so) and whether grandchildren are possible at all.
 */

export interface EducationLevel {
  name: "doctorate" | "masters" | "bachelors" | "secondary";
  /** The youngest age at which it is plausibly finished (checks). */
  earliestEnd: number;
  /** The usual age at which it is finished (stories). */
  typicalEnd: number;
}

const LEVELS: ReadonlyArray<readonly [RegExp, EducationLevel]> = [
  [/phd|doctorate|\bmd\b|\bjd\b|medical degree|law degree/, { name: "doctorate", earliestEnd: 25, typicalEnd: 27 }],
  [
    /master|mba|\bmsc\b|\bma\b|\bmeng\b|graduate degree|postgraduate/,
    { name: "masters", earliestEnd: 22, typicalEnd: 24 },
  ],
  [/bachelor|college|university|degree|\bba\b|\bbs\b|\bbsc\b/, { name: "bachelors", earliestEnd: 21, typicalEnd: 22 }],
  [
    /high school|secondary|\bged\b|leaving cert|a-levels?|gcse|matric|baccalaur|abitur|diploma/,
    { name: "secondary", earliestEnd: 16, typicalEnd: 18 },
  ],
];

/** The highest schooling the seed's education names, or null when it names none we know. */
export function educationLevelOf(education: string | null | undefined): EducationLevel | null {
  const text = (education ?? "").toLowerCase();
  if (!text.trim()) return null;
  return LEVELS.find(([re]) => re.test(text))?.[1] ?? null;
}

/** Religious vocations that rule out a spouse and children (Catholic priests, not Anglican or Orthodox ones). */
export function isCelibateVocation(occupation: string): boolean {
  const lower = occupation.toLowerCase();
  if (/\b(nuns?|monks?|friars?|religious sister|abbess|abbot)\b/.test(lower)) return true;
  return (
    /\bpriests?\b/.test(lower) &&
    !/\b(anglican|episcopal|orthodox|lutheran|protestant|shinto|hindu|buddhist)\b/.test(lower)
  );
}

export interface Family {
  /** true: has a partner now; false: has none; null: the seed does not say. */
  partner: boolean | null;
  /** true: has children; false: has none; null: the seed does not say. */
  children: boolean | null;
  /** Grandchildren may be mentioned. */
  grandchildren: boolean;
  /** Lives with parents (so did not "move to" the city on their own). */
  withParents: boolean;
}

export const NO_CHILDREN_RE = /\b(no (kids|children)|childless|child-free|without (kids|children))\b/i;
const CHILDREN_RE = /\b(kids?|children|child|sons?|daughters?|grandchildren|grandkids|teens?|twins|baby)\b/i;
const PARTNER_RE = /\b(married|husband|wife|spouse|partner|fianc[eé]e?|boyfriend|girlfriend)\b/i;
const NO_PARTNER_RE = /\b(lives alone|single|divorced|widow(ed|er)?|separated)\b/i;

/** What the household (and a vocation, and age) allow the story to say about family. */
export function familyOf(household: string | null, occupation: string, age: number): Family {
  const text = household ?? "";
  const celibate = isCelibateVocation(occupation);
  const children = NO_CHILDREN_RE.test(text) ? false : CHILDREN_RE.test(text) ? true : celibate ? false : null;
  const partner = /\bmarried\b/i.test(text)
    ? true
    : NO_PARTNER_RE.test(text)
      ? false
      : PARTNER_RE.test(text)
        ? true
        : celibate
          ? false
          : null;
  const grown = /\b(grown|adult)\b/i.test(text);
  return {
    partner,
    children,
    grandchildren:
      /\bgrand(children|kids)\b/i.test(text) ||
      (children !== false && (age >= 55 || (age >= 45 && (grown || children === true)))),
    withParents: /\b(with (my |his |her |their )?parents|parents' (home|house|place)|family home)\b/i.test(text),
  };
}

const GRANDCHILD_LINE_RE = /\bgrand ?(kids?|children|child|sons?|daughters?)\b/i;
const CHILD_LINE_RE =
  /\b(my|our) (kids|children|sons?|daughters?)\b|\b(school (schedules|runs?|forms)|pick-up|parenting)\b/i;
const PARTNER_LINE_RE = /\b(my|our) (wife|husband|partner|spouse)\b|\bmarriage\b/i;

/** Whether a goal, frustration or knowledge line fits the persona's family. */
export function fitsFamily(line: string, family: Family): boolean {
  if (GRANDCHILD_LINE_RE.test(line) && !family.grandchildren) return false;
  if (CHILD_LINE_RE.test(line) && family.children === false) return false;
  if (PARTNER_LINE_RE.test(line) && family.partner === false) return false;
  return true;
}
