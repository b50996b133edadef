import { formatMoney, type Locale, localeOf } from "../locale.ts";
import type { PersonaView } from "./persona.ts";
import { familyOf, isCelibateVocation } from "./profile-life.ts";

/**
 * Life facts the answer code must not contradict, read once per call: who the persona lives with (a nun
 * has no husband or grandchildren, a household without children has no kids to mention), whether its
 * work is past or present, how long it can have worked, and the place it lives in (currency, shops,
 * banks, weekend days, pastimes).
 */

export interface Life {
  locale: Locale;
  /** Vowed religious life (nun, priest, monk): no spouse, children or grandchildren. */
  religious: boolean;
  partner: string | null;
  hasKids: boolean;
  /** Children who are grown up: no school runs or lunchboxes. */
  grownKids: boolean;
  hasGrandkids: boolean;
  livesAlone: boolean;
  /** The most years of work the persona can have behind it: age − 16, at least 0. */
  maxWorkYears: number;
  /** A price in the persona's currency: `money(12)` → "₦5,000" in Lagos. */
  money(usd: number, perMonth?: boolean): string;
  /** The currency as people name it ("naira", "euro"), singular; "" where the country is unknown. */
  currencyName: string;
}

/** A household that names children still growing up ("two teenage sons", "her 8-year-old daughter"). */
const YOUNG_KIDS_RE =
  /\b(bab(y|ies)|toddlers?|little ones?|teenage|teens?|young (kids|children|sons?|daughters?)|(kids|children|sons?|daughters?) aged \d+|\d+-year-old (sons?|daughters?|kids?|child|boys?|girls?)|school)\b/;

/**
 * Built on the profile's own rules (`profile-life.ts`), so answers and profile tell one life: a celibate
 * vocation has no partner or children unless the household says so, and grandchildren only come with
 * age and a household that allows them.
 */
export function lifeOf(view: PersonaView): Life {
  const { persona } = view;
  const household = (persona.household ?? "").toLowerCase();
  const religious = isCelibateVocation(persona.baseOccupation);
  const family = familyOf(persona.household, persona.baseOccupation, persona.age);
  const partner =
    family.partner === true
      ? (/\b(husband|wife|partner|spouse|boyfriend|girlfriend|fianc[eé]e?)\b/.exec(household)?.[1] ??
        partnerWord(persona.gender))
      : null;
  const locale = localeOf(persona.location);
  const hasKids = family.children === true && persona.age >= 18;
  return {
    locale,
    religious,
    partner,
    hasKids,
    // "Two grown-up daughters", or a parent of 55 or more whose household names no young ones.
    grownKids:
      hasKids && (/\b(grown|adult)\b/.test(household) || (persona.age >= 55 && !YOUNG_KIDS_RE.test(household))),
    hasGrandkids: family.grandchildren,
    livesAlone: /\b(alone|on (her|his|my|their) own)\b/.test(household),
    maxWorkYears: Math.max(0, persona.age - 16),
    money: (usd, perMonth) => formatMoney(usd, locale, perMonth ? { perMonth: true } : undefined),
    currencyName: locale.currency.name,
  };
}

function partnerWord(gender: string | null): string {
  if (/^(f|female|woman)$/i.test(gender ?? "")) return "husband";
  if (/^(m|male|man)$/i.test(gender ?? "")) return "wife";
  return "partner";
}
