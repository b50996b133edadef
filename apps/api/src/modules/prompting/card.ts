import { type BigFive, type Locale, occupationInfo, withArticle } from "../../llm/index.ts";

/**
 * Words a model can act on, from the numbers of a persona's profile: the seed's occupation as it reads in
 * a sentence, the Big Five as behaviour, formality and verbosity as a register and a length target, the
 * locale as the currency, institutions and language the persona lives with. Pure functions of the
 * persona: the card built from them is byte-identical on every call (docs/prompting.md, "Prompt caching").
 */

/** Fields of work named without an article: "Sales" → "you work in sales". */
const FIELDS =
  /^(sales|marketing|finance|logistics|operations|human resources|hr|it|retail|hospitality|construction|healthcare|health care|education|insurance|real estate|banking|accounting|agriculture|farming|tourism|media|advertising|customer service|customer support|public relations|research|engineering|law|politics|government|the military|ministry)$/i;

/** Capitalised words that stay so mid-sentence: nationalities and faiths, platforms people work through. */
const PROPER =
  /^(American|British|English|Irish|Scottish|Welsh|French|German|Italian|Spanish|Portuguese|Dutch|Polish|Greek|Turkish|Russian|Ukrainian|Chinese|Japanese|Korean|Indian|Pakistani|Nigerian|Egyptian|Arab|Arabic|Mexican|Brazilian|Canadian|Australian|African|European|Asian|Latin|Swedish|Norwegian|Danish|Finnish|Filipino|Vietnamese|Thai|Kenyan|Ghanaian|Hebrew|Yoruba|Igbo|Hausa|Mandarin|Cantonese|Hindi|Urdu|Persian|Israeli|Lebanese|Catholic|Christian|Muslim|Jewish|Buddhist|Hindu|Sikh|Anglican|Orthodox|Methodist|Baptist|Uber|Lyft|Bolt|Deliveroo|Amazon|Google|Apple|Microsoft|Airbnb|Etsy|YouTube|Instagram|TikTok|Twitch)$/;

/**
 * Common nouns in lower case: "Pediatric Nurse" → "pediatric nurse", "Head of Marketing" → "head of
 * marketing"; acronyms, nationalities, faiths and brands keep their capitals ("IT consultant", "Catholic
 * nun", "Uber driver"), and so does anything after "at", "for", "with" or "in" ("nurse at St. Mary's").
 */
function lowerCommonNouns(text: string): string {
  const cut = text.search(/\s(at|for|with|in)\s/i);
  const head = cut < 0 ? text : text.slice(0, cut);
  const tail = cut < 0 ? "" : text.slice(cut);
  return head.replace(/\b[A-Z][a-z]+\b/g, (w) => (PROPER.test(w) ? w : w.toLowerCase())) + tail;
}

/** "teachers" → "teacher", "bus drivers" → "bus driver"; words that end in -ss or -us are left alone. */
function singular(noun: string): string {
  const words = noun.split(" ");
  const last = words.pop() ?? "";
  let one = last;
  if (/[^aeiou]ies$/i.test(last)) one = `${last.slice(0, -3)}y`;
  else if (/(ch|sh|x|ss)es$/i.test(last)) one = last.slice(0, -2);
  else if (/[^su]s$/i.test(last) && last.length > 3) one = last.slice(0, -1);
  return [...words, one].join(" ");
}

/** Callings one is rather than works as. */
const CALLING = /\b(nun|monk|friar|priest|religious sister|hermit)$/i;
const UNEMPLOYED_WORDS = /\b(unemployed|jobless|out[- ]of[- ]work|laid[- ]off)\b\s*/i;

/**
 * The persona's work as a sentence in the second person: "You work as a pediatric nurse.", "You are a
 * retired teacher.", "You are a student.", "You are currently not working.", "You work in sales.",
 * "You are a welder, currently not working."
 */
export function workSentence(occupation: string): string {
  const raw = occupation.trim().replace(/\s+/g, " ").replace(/\.$/, "");
  if (!raw) return "";
  const noun = lowerCommonNouns(raw);
  const lower = noun.toLowerCase();
  const status = occupationInfo(raw).status;
  if (status === "unemployed" || /^(none|no job|jobless|n\/a)$/.test(lower)) {
    const trade = noun.replace(UNEMPLOYED_WORDS, "").trim();
    return trade && trade !== noun && !/^(between jobs|looking for work)$/i.test(trade)
      ? `You are ${withArticle(singular(trade))}, currently not working.`
      : "You are currently not working.";
  }
  if (/^(retired|semi-retired)$/.test(lower)) return "You are retired.";
  if (/^(self-employed|freelance|freelancer)$/.test(lower)) return "You are self-employed.";
  if (/^(homemaker|housewife|househusband|stay-at-home (mom|mum|dad|parent))$/.test(lower))
    return `You are ${withArticle(lower)}, looking after your home and family.`;
  if (FIELDS.test(noun)) return `You work in ${lower}.`;
  const one = singular(noun);
  // "head of marketing", "director of nursing": a post, named without an article.
  if (/^(head|director|chief|dean|principal|president|vice[- ]president) of\b/i.test(one)) return `You work as ${one}.`;
  if (status === "retired" || status === "student" || status === "child" || CALLING.test(one))
    return `You are ${withArticle(one)}.`;
  return `You work as ${withArticle(one)}.`;
}

const BANDS = [0.2, 0.4, 0.6, 0.8] as const;
/** 0 (very low) … 4 (very high). */
const band = (x: number) => BANDS.filter((b) => x >= b).length as 0 | 1 | 2 | 3 | 4;

/** Each trait from very low to very high, as behaviour in the second person. */
const TRAIT_WORDS: Record<keyof BigFive, readonly [string, string, string, string, string]> = {
  openness: [
    "You distrust anything new and stick firmly to what you know and have always done.",
    "You prefer the familiar and proven to the new, and are sceptical of fads.",
    "You are open to new things once they have proved themselves.",
    "You are curious and open to new ideas.",
    "You are very curious and open to new ideas, drawn to the unusual and the untried.",
  ],
  conscientiousness: [
    "You are spontaneous and disorganised; details and deadlines slide.",
    "You are easy-going about plans and details.",
    "You are reasonably organised and plan the things that matter.",
    "You are organised and dependable; you plan ahead and read the small print.",
    "You are very organised and careful; you check every detail and hate waste and mistakes.",
  ],
  extraversion: [
    "You are quiet and private, keep to yourself and say little to strangers.",
    "You are reserved and prefer small groups and a few close people.",
    "You are sociable in moderation.",
    "You are sociable and chatty, and enjoy company.",
    "You are very outgoing and talkative, energised by people, and tell stories freely.",
  ],
  agreeableness: [
    "You are blunt and combative, and suspicious of other people's motives.",
    "You are frank and sceptical, and say what you think even when it stings.",
    "You are polite but willing to disagree.",
    "You are warm and cooperative, and give people the benefit of the doubt.",
    "You are very warm and trusting; you avoid conflict and soften criticism.",
  ],
  neuroticism: [
    "You are very calm and unflappable; little worries you.",
    "You are calm and rarely rattled.",
    "You are usually even-keeled, anxious now and then.",
    "You tend to worry, and feel stress and setbacks keenly.",
    "You worry a lot — about money, health and what could go wrong — and take setbacks hard.",
  ],
};

/** The Big Five as one sentence each, in a fixed order. */
export function personalityLines(traits: BigFive): string[] {
  return (Object.keys(TRAIT_WORDS) as (keyof BigFive)[]).map((k) => TRAIT_WORDS[k][band(traits[k])]);
}

const FORMALITY = [
  "very casual: slang, contractions, loose grammar",
  "casual: contractions and everyday words",
  "neutral: plain and polite",
  "fairly formal: full sentences, careful word choice",
  "formal: measured, correct and proper",
] as const;

/** Sentences and words per answer by verbosity band, terse to expansive. */
const LENGTH = [
  "terse: 1–2 short sentences, about 30 words",
  "brief: 2–3 sentences, about 50 words",
  "3–4 sentences, about 80 words",
  "4–6 sentences, about 120 words",
  "expansive: 5–8 sentences, about 180 words, with an example or a story",
] as const;

export function registerLine(formality: number): string {
  return `Register: ${FORMALITY[band(formality)]}.`;
}

export function lengthTarget(verbosity: number): string {
  return `Length: ${LENGTH[band(verbosity)]}, unless the question asks for one value, a format or a longer story.`;
}

const SPELLING: Record<Locale["english"], string> = {
  us: "American English spelling and words (color, favorite, apartment)",
  uk: "British English spelling and words (colour, favourite, flat)",
  other: "English as it is spoken where you live",
};

/**
 * Where the persona lives, as guidance: the country, the currency to give prices in (with a worked
 * example), institutions, brands, seasons and the language register. An unknown place asks for local
 * terms without naming any, rather than defaulting to American ones.
 */
export function localeLines(
  locale: Locale,
  persona: { location: string; age: number; languages: string[] },
  example: { usd: number; local: string },
): string[] {
  const spoken = persona.languages.find((l) => !/^english$/i.test(l.trim()));
  const local = spoken ?? (locale.language && !/^english$/i.test(locale.language) ? locale.language : undefined);
  const language = `Language: answer in ${SPELLING[locale.english]}, unless the interviewer writes in another language; then answer in that language if you speak it.${local ? ` You may drop in the odd word of ${local}.` : ""}`;
  if (!locale.countryCode) {
    return [
      `You live in ${persona.location}. Use the currency, prices, shops, banks, health care, schools and seasons of that place as people there know them; if unsure, stay general rather than borrow American ones.`,
      language,
    ];
  }
  const c = locale.currency;
  const summer = locale.hemisphere === "north" ? "June to August" : "December to February";
  const convert =
    c.code === "USD"
      ? ""
      : ` When the interviewer names a price in another currency, weigh it by what it would cost you locally (about ${example.local} for something that is $${example.usd} in the US).`;
  // Medicare is for Americans of 65 and over; younger ones have insurance through work, the market or Medicaid.
  const health = locale.countryCode === "US" && persona.age >= 65 ? "Medicare" : locale.health;
  const lines = [
    `Country: ${locale.country}${locale.city ? ` (${locale.city})` : ""}.`,
    `Money: you think and pay in ${c.plural} (${c.symbol}, ${c.code}). Give every price in ${c.plural}, rounded the way prices look there; never in another currency unless asked to convert.${convert}`,
    `Health care: ${health}. Banks and payment apps: ${locale.banks.join(", ")}. Groceries: ${locale.shops.join(", ")}. Getting around: ${locale.transport.join(", ")}.`,
    `School words: ${locale.education.school}, ${locale.education.university}, ${locale.education.exam}.`,
    `Calendar: summer is ${summer}; the weekend is ${locale.weekend.join(" and ")}.${locale.pastimes.length ? ` Weekends there often mean ${locale.pastimes.join(", ")}.` : ""}`,
    language,
  ];
  if (locale.idioms.length) lines.push(`Local words you might use: ${locale.idioms.map((i) => `"${i}"`).join(", ")}.`);
  return lines;
}
