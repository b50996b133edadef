/**
 * Lexicon toxicity scorer: weighted terms, negation ("not stupid"), intensifiers, second-person targeting,
 * threat and harassment patterns, and benign idioms removed first ("killer app", "killing me", "damn good").
 */
import { normalizeText } from "./detect-normalize.ts";

/** Base weights of abusive words (untargeted). */
const LEXICON: Record<string, number> = {
  idiot: 0.6,
  idiots: 0.6,
  idiotic: 0.5,
  moron: 0.65,
  morons: 0.65,
  moronic: 0.55,
  imbecile: 0.65,
  imbeciles: 0.65,
  stupid: 0.45,
  dumb: 0.4,
  dumbass: 0.7,
  dimwit: 0.6,
  halfwit: 0.6,
  cretin: 0.65,
  buffoon: 0.55,
  clown: 0.35,
  loser: 0.55,
  losers: 0.55,
  pathetic: 0.5,
  worthless: 0.6,
  useless: 0.35,
  trash: 0.4,
  garbage: 0.35,
  scum: 0.7,
  scumbag: 0.75,
  jerk: 0.5,
  fool: 0.45,
  fools: 0.45,
  freak: 0.5,
  creep: 0.5,
  ugly: 0.45,
  disgusting: 0.45,
  vermin: 0.7,
  parasite: 0.6,
  parasites: 0.6,
  pig: 0.45,
  pigs: 0.45,
  rat: 0.35,
  rats: 0.35,
  filth: 0.6,
  filthy: 0.45,
  subhuman: 0.85,
  degenerate: 0.65,
  degenerates: 0.65,
  lowlife: 0.7,
  bastard: 0.7,
  bastards: 0.7,
  bitch: 0.75,
  asshole: 0.8,
  assholes: 0.8,
  dickhead: 0.8,
  prick: 0.7,
  twat: 0.8,
  wanker: 0.75,
  shithead: 0.8,
  crap: 0.25,
  shit: 0.4,
  fuck: 0.6,
  fucking: 0.45,
  fucked: 0.45,
  motherfucker: 0.85,
  damn: 0.15,
  hate: 0.35,
  hateful: 0.4,
  incompetent: 0.4,
  brainless: 0.6,
  clueless: 0.35,
  ignorant: 0.4,
  nitwit: 0.55,
  airhead: 0.5,
  sucks: 0.3,
  die: 0.35,
  dead: 0.1,
  kill: 0.3,
  murder: 0.3,
  hurt: 0.2,
  punch: 0.3,
  stab: 0.45,
  shoot: 0.25,
  destroy: 0.2,
  animals: 0.1,
  savages: 0.6,
  savage: 0.3,
  inferior: 0.4,
  plague: 0.3,
  disease: 0.1,
  cockroaches: 0.6,
};

/** Lexicon words of 4+ letters, longest first, looked for inside a spelled-out run. */
const SPELLED_INSULTS = Object.keys(LEXICON)
  .filter((w) => w.length >= 4 && LEXICON[w]! >= 0.4)
  .sort((a, b) => b.length - a.length);

const NEGATIONS = new Set([
  "not",
  "never",
  "no",
  "isn",
  "aren",
  "wasn",
  "weren",
  "don",
  "doesn",
  "didn",
  "nobody",
  "hardly",
  "nothing",
  "neither",
  "nor",
  "t",
]);
const INTENSIFIERS = new Set([
  "so",
  "very",
  "such",
  "really",
  "total",
  "totally",
  "complete",
  "completely",
  "absolute",
  "absolutely",
  "utter",
  "utterly",
  "fucking",
  "freaking",
  "truly",
  "most",
  "biggest",
  "huge",
  "extremely",
]);
const SECOND_PERSON = new Set(["you", "your", "youre", "yourself", "yourselves", "u", "ur", "ya", "re"]);
/** "felt stupid", "feel like a loser": how someone feels, not what they are called. */
const FEELING = new Set(["feel", "feels", "felt", "feeling", "feelings"]);

/**
 * Letters spelled out one by one (`i d i o t`, `y o u  a r e  a n  i d i o t`, `i.d.i.o.t`) are joined into
 * words; a wider gap (two spaces, a slash) still separates words.
 */
const SPELLED = /(?<![\p{L}\p{N}])[\p{L}\p{N}](?:(?: |[.\-_*·]|\u00A0)[\p{L}\p{N}](?![\p{L}\p{N}])){1,}/gu;
function joinSpelled(text: string): string {
  return text.replace(SPELLED, (m) => {
    if (m.length < 5) return m;
    let w = m.replace(/[^\p{L}\p{N}]/gu, "").toLowerCase();
    // One run for a whole sentence (`u r a m o r o n`): cut out the insult and a leading "you".
    for (const bad of SPELLED_INSULTS) {
      const at = w.indexOf(bad);
      if (at >= 0 && w !== bad) w = `${w.slice(0, at)} ${bad} ${w.slice(at + bad.length)}`;
    }
    return w.replace(/^(you|ur|u)(?=[a-z]{2})/, "$1 ");
  });
}

/** Benign idioms removed before scoring. */
const BENIGN_IDIOMS: RegExp[] = [
  /\bkiller (?:app|apps|feature|features|whale|whales|deal|deals|combo|idea|view|views|workout|instinct|bee|bees|sale|price|price|look|design|ui)\b/g,
  /\bkill(?:ing|s|ed)? (?:it|time|the (?:process|task|job|server|app|lights|engine|bug|switch)|two birds|the mood)\b/g,
  /\b(?:is|are|was|were|it s|that s|s) killing me\b/g,
  /\bkilling (?:me|it)\b/g,
  /\b(?:dying|die) to (?:know|see|try|hear|get|go|meet)\b/g,
  /\bto die for\b/g,
  /\b(?:damn|bloody|hella|wicked) (?:good|great|fine|nice|well|delicious|tasty|fast|cool|right)\b/g,
  /\bhell of a\b/g,
  /\b(?:dead|deadly) (?:simple|easy|serious|on|tired|wrong|right|end|line|lines|link|links|code|battery|zone)\b/g,
  /\b(?:drop dead gorgeous|break a leg|knock(?:ed)? (?:it )?out of the park|crushed it|nailed it|smashed it)\b/g,
  /\bshoot(?:ing)? (?:me|us|them) an? (?:email|message|note|text)\b/g,
  /\bshoot (?:a|the) (?:video|film|photo|photos|scene|movie)\b/g,
  /\bphoto ?bomb(?:ed|ing)?\b/g,
  /\bsick (?:beat|trick|move|day|leave)\b/g,
  /\b(?:stupid|dumb) (?:simple|easy|fast|mistake|bug|error)\b/g,
  /\bhate (?:it )?when\b/g,
  /\b(?:the|a) (?:word|term|phrase|slur|insult) [a-z]+\b/g,
];

/** Threat / harassment patterns on the normalised text, with scores. */
const PATTERNS: [RegExp, number][] = [
  [
    /\b(?:i|we|i ll|we ll|im|i m)\b(?: (?:will|am|are|gonna|going to|shall|m|ll|swear|promise|want to|wanna|am going to|re going to))* (?:kill|murder|hurt|stab|shoot|strangle|beat|destroy|end|find|hunt|burn|break|smash|choke|slit|bury)\b(?: \w+){0,2} \b(?:you|u|ya|your|yourself|them|him|her)\b/,
    0.95,
  ],
  [
    /\b(?:you|u) (?:will|re going to|are going to|gonna|should|deserve to|better) (?:die|suffer|regret|pay|bleed|burn)\b/,
    0.9,
  ],
  [/\b(?:go|just|should|please) (?:kill|hang|hurt) (?:yourself|urself|your self)\b/, 0.95],
  [/\bkys\b/, 0.9],
  [/\b(?:go )?die in a (?:fire|hole|ditch)\b/, 0.9],
  [/\b(?:i|we) (?:know|found) where (?:you|u) (?:live|work|sleep)\b/, 0.9],
  [/\bwatch your back\b/, 0.75],
  [/\b(?:shut|shut the \w+) up\b/, 0.6],
  [/\bnobody (?:likes|loves|cares about|wants) (?:you|u)\b/, 0.8],
  [/\b(?:everyone|everybody) hates (?:you|u)\b/, 0.8],
  [/\b(?:get lost|piss off|screw you|f off|go to hell|drop dead|bite me|eat shit)\b/, 0.75],
  [
    /\b(?:you|u) (?:people|lot|guys) (?:are|r) (?:all )?(?:\w+ )?(?:animals|vermin|trash|garbage|scum|filth|parasites|savages|disease|plague|idiots|morons|worthless)\b/,
    0.85,
  ],
  [
    /\b(?:all|those|these|such) (?:\w+ ){0,2}(?:are|r) (?:just |all |nothing but |a bunch of )?(?:animals|vermin|trash|garbage|scum|filth|parasites|savages|cockroaches|subhuman|a disease|a plague|criminals|inferior|rats|pigs)\b/,
    0.85,
  ],
  [/\b(?:people like (?:you|u)|your kind|your type) (?:are|r|should|don t|do not|make)\b/, 0.75],
  [/\bgo back (?:to (?:your|you)|(?:to )?where (?:you|u) came from)\b/, 0.75],
  [/\bshould (?:be|all be) (?:shot|killed|hanged|hung|exterminated|wiped out|locked up forever|deported)\b/, 0.9],
  [/\b(?:waste of (?:space|oxygen|air|skin))\b/, 0.8],
  [/\b(?:i|we) hate (?:you|u|all of you|your guts|them all)\b/, 0.75],
];

interface Token {
  w: string;
  quoted: boolean;
}

function tokenize(text: string): Token[] {
  // Track quoted spans on the raw text, then normalise each span's words.
  const tokens: Token[] = [];
  const parts = text.split(/(["“”«»])/);
  let quoted = false;
  for (const part of parts) {
    if (/^["“”«»]$/.test(part)) {
      quoted = !quoted;
      continue;
    }
    for (const w of normalizeText(part).split(" ")) if (w !== "") tokens.push({ w, quoted });
  }
  return tokens;
}

/** Toxicity in [0, 1]. */
export function toxicityScore(raw: string): number {
  const text = joinSpelled(raw);
  let norm = normalizeText(text);
  for (const re of BENIGN_IDIOMS) norm = norm.replace(re, " ");
  const scores: number[] = [];
  for (const [re, w] of PATTERNS) if (re.test(norm)) scores.push(w);

  const tokens = tokenize(text);
  const reported =
    /\b(?:called (?:me|him|her|them|us)|the word|the term|said the word|means|meaning of|definition of|etymology)\b/.test(
      norm,
    );
  const idiomFree = new Set(norm.split(" "));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const base = LEXICON[t.w];
    if (base === undefined || !idiomFree.has(t.w)) continue;
    let w = base;
    let negated = false;
    let targeted = false;
    let intensified = false;
    let feeling = false;
    for (let j = Math.max(0, i - 4); j < i; j++) {
      const p = tokens[j]!.w;
      if (FEELING.has(p) && j >= i - 3) feeling = true;
      if (NEGATIONS.has(p)) negated = true;
      if (SECOND_PERSON.has(p)) targeted = true;
      if (INTENSIFIERS.has(p) && j >= i - 2) intensified = true;
    }
    const after = tokens[i + 1]?.w;
    if (after !== undefined && SECOND_PERSON.has(after) && after !== "re") targeted = true;
    // A bare insult as the whole message ("idiot!", "i d i o t") is hurled at the reader.
    if (tokens.length <= 2 && base >= 0.5) targeted = true;
    if (negated) w *= 0.1;
    if (targeted) w = Math.min(1, w * 1.5 + 0.1);
    if (intensified) w = Math.min(1, w * 1.25);
    if (t.quoted || reported) w *= 0.3;
    if (feeling) w *= 0.25;
    scores.push(w);
  }
  let keep = 1;
  for (const s of scores) keep *= 1 - Math.min(0.99, Math.max(0, s));
  return Math.round((1 - keep) * 1000) / 1000;
}
