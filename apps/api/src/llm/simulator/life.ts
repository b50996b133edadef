import { formatMoney, type Locale, localeOf } from "../locale.ts";
import type { PersonaView } from "./persona.ts";

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
  hasGrandkids: boolean;
  livesAlone: boolean;
  /** The most years of work the persona can have behind it: age − 16, at least 0. */
  maxWorkYears: number;
  /** A price in the persona's currency: `money(12)` → "₦5,000" in Lagos. */
  money(usd: number, perMonth?: boolean): string;
  /** The currency as people name it ("naira", "euro"), singular; "" where the country is unknown. */
  currencyName: string;
}

const RELIGIOUS_RE = /\b(nun|priest|monk|friar|religious sister|abbess|abbot)\b/i;

export function lifeOf(view: PersonaView): Life {
  const { persona } = view;
  const household = (persona.household ?? "").toLowerCase();
  const religious = RELIGIOUS_RE.test(persona.baseOccupation);
  const childless = /\b(no (kids|children)|childless|without (kids|children))\b/.test(household);
  const widowed = /\b(widow|widowed|widower|divorced|separated)\b/.test(household);
  const partner =
    religious || widowed
      ? null
      : (/\b(husband|wife|partner|spouse|boyfriend|girlfriend|fianc[eé]e?)\b/.exec(household)?.[1] ??
        (/\bmarried\b/.test(household) ? partnerWord(persona.gender) : null));
  const locale = localeOf(persona.location);
  return {
    locale,
    religious,
    partner,
    hasKids:
      !religious &&
      !childless &&
      persona.age >= 18 &&
      /\b(kids?|children|child|sons?|daughters?|baby|toddlers?|teenagers?|teens)\b/.test(household),
    hasGrandkids: !religious && persona.age >= 40 && /\bgrand(kids?|children|child|sons?|daughters?)\b/.test(household),
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
