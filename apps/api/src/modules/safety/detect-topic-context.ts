/**
 * Topics whose keywords are often used in ordinary product talk ("the president of your company", "a
 * medication reminder app", "a weapon against procrastination", "vote on features"). For these, a blocked
 * topic is found from its keywords in context: benign phrases are removed first; then one strong keyword,
 * or two different weak ones, or a weak one with a cue (an advice question, a party, a purchase…) is needed.
 * Matched on the canonical words form (see `normalizeText`); a trailing `s`/`es` is allowed.
 */

interface TopicContext {
  strong: string[];
  weak: string[];
  /** Phrases removed before counting keywords. */
  benign: RegExp[];
  /** With one weak keyword, the topic counts only when this also matches. */
  cue: RegExp;
}

const OF_ORG =
  "(?:of |for )(?:the |your |our |my |their |a |an |this |that |his |her )?(?:\\w+ )?(?:company|companies|firm|startup|club|team|board|organi[sz]ation|association|bank|university|college|school|union|society|sales|marketing|engineering|product|operations|hr|division|department|business|agency|charity|foundation|group|brand|store|chain|corporation|studio|label|league|hoa|pta|chapter|student body|fan club)";

export const TOPIC_CONTEXT: Record<string, TopicContext> = {
  politics: {
    strong: [
      "politics",
      "political",
      "politician",
      "election",
      "democrat",
      "republican",
      "senate",
      "senator",
      "congress",
      "congressman",
      "parliament",
      "prime minister",
      "ballot",
      "left wing",
      "right wing",
      "presidential",
    ],
    weak: ["vote", "voting", "voted", "voter", "president", "campaign", "liberal", "conservative"],
    benign: [
      new RegExp(`\\b(?:vice )?presidents? ${OF_ORG}\\b`, "g"),
      /\b(?:company|club|team|startup|student|class|board|hoa|pta|society|chapter|union|bank|college|university|chess club|book club) presidents?\b/g,
      /\bvot(?:e|es|ed|ing) (?:on|for) (?:the |a |our |your |new |next |best |which |their |some |my )?(?:\w+ )?(?:features?|designs?|ideas?|options?|names?|logos?|colou?rs?|polls?|roadmap|items?|posts?|comments?|answers?|favou?rites?|products?|songs?|menus?|dish|dishes|photos?|pictures?|entries|submissions?|themes?|priorit(?:y|ies)|topics?|lunch|dinner|restaurant|movie|movies|apps?|requests?|proposals?|changes?|improvements?|mockups?|versions?|winners?)\b/g,
      /\b(?:up|down) ?vot(?:e|es|ed|ing)\b/g,
      /\bvot(?:e|es|ed|ing) with (?:my|your|their|our|his|her) (?:wallet|wallets|feet)\b/g,
      /\b(?:marketing|email|e mail|ad|ads|advertising|social media|sales|crowdfunding|fundraising|kickstarter|product|launch|referral|awareness|drip|retention|onboarding|promo|promotional|brand|influencer|google|facebook|instagram|tiktok|newsletter|outreach|recruiting|hiring|holiday|seasonal) campaigns?\b/g,
      /\bcampaigns? (?:for|on|in) (?:the |our |your |a )?(?:new |next )?(?:app|apps|product|products|launch|feature|features|instagram|facebook|tiktok|linkedin|twitter|youtube|google|email|newsletter)\b/g,
      /\b(?:conservative|liberal) (?:estimate|estimates|guess|guesses|approach|amount|amounts|use|budget|projection|projections|forecast|portion|portions|spender|spending|return policy|policy on returns|side)\b/g,
    ],
    cue: /\b(?:trump|biden|harris|obama|clinton|putin|government|governor|mayor|minister|candidate|candidates|party|parties|immigration|abortion|policy|policies|democracy|left|right|liberals|conservatives|midterms?|referendum|who (?:did|do|will|would|should) (?:you|u|i|we) vote|who are you voting)\b/,
  },
  medical: {
    strong: ["diagnosis", "diagnose", "prescription", "dosage", "antibiotics", "side effects", "pain medication"],
    weak: [
      "symptom",
      "symptoms",
      "medication",
      "medicine",
      "dose",
      "doctor",
      "disease",
      "treatment",
      "cancer",
      "diabetes",
      "surgery",
      "vaccine",
      "illness",
    ],
    benign: [
      /\b(?:medication|medications|medicine|medicines|pill|pills|dose|doses|doctor|doctors|doctor s|symptom|symptoms|vaccine|vaccination|treatment|health|fitness) (?:reminder|reminders|tracker|trackers|tracking|app|apps|log|logs|logging|schedule|schedules|scheduling|booking|bookings|appointment|appointments|portal|portals|feature|features|notification|notifications|alarm|alarms|journal|journals|diary|widget|list|lists|history|checker|checkers|visit|visits|office|card|cards)\b/g,
      /\b(?:track|tracks|tracked|tracking|log|logs|logged|logging|record|records|recording|monitor|monitors|monitoring|note|notes|share|shares|sharing)(?: \w+)? symptoms?\b/g,
      /\b(?:for|with|to|from) (?:your|my|the|a|their|his|her|our) (?:doctor|doctors|gp|dentist)\b/g,
      /\b(?:silent|special|royal|vip|red carpet|same|unfair|fair|equal|preferential|different|the best) treatment\b/g,
      /\bdoses? of (?:news|humou?r|fun|reality|motivation|inspiration|caffeine|coffee|nostalgia|sunshine|nature|social media|culture|positivity|the news|daily news|entertainment|sarcasm|honesty|realism|optimism)\b/g,
      /\b(?:doctor who|spin doctors?|script doctor|plant doctor|pc doctor|phone doctor|doctor of philosophy|doctorate)\b/g,
    ],
    cue: /\b(?:should i take|can i take|how much \w+ should i|how many \w+ should i|what (?:medication|medicine|dose|dosage|treatment|pills?|drug) (?:should|can|do)|is it safe to take|do i have (?:cancer|diabetes|covid|a disease|an infection|the flu)|what (?:is|could be) causing my|how (?:do|can|should) i treat|how to treat|cure for|cure my|treat my|diagnose me|prescribe me|what s wrong with me|mg of|milligrams of|overdose|my symptoms)\b/,
  },
  weapons: {
    strong: [
      "rifle",
      "pistol",
      "firearm",
      "ammunition",
      "grenade",
      "explosives",
      "silencer",
      "assault rifle",
      "shotgun",
      "detonator",
      "handgun",
    ],
    weak: ["gun", "guns", "bomb", "weapon", "weapons", "explosive", "ammo"],
    benign: [
      /\bsecret weapons?\b/g,
      /\bweapons? (?:against|for|to beat|to fight|in the fight against|in the battle against|of choice against) (?!people|him|her|them|someone|humans|enemies|the enemy|police|the police|you|us|me|kids|children)\w+/g,
      /\b(?:glue|hot glue|nail|staple|heat|massage|water|nerf|spray|paint|squirt|toy|caulk|caulking|grease|price|radar|speed|foam|bubble|tattoo) guns?\b/g,
      /\bjump(?:ed|ing|s)? the gun\b/g,
      /\b(?:top gun|smoking gun|great guns|son of a gun|guns blazing)\b/g,
      /\bstick(?:ing|s)? to (?:my|your|their|our|his|her) guns\b/g,
      /\b(?:photo ?bombs?|bath bombs?|f bombs?|da bomb|calorie bombs?|sugar bombs?|flavou?r bombs?|love bombs?|love bombing|carpet bombing (?:ads|emails))\b/g,
      /\b(?:was|is|it s|that s|were) (?:the|a) bomb\b/g,
      /\bexplosive (?:growth|popularity|results|performance|start|launch|flavou?r|demand|increase|success|debut|sales|news|interview|episode)\b/g,
      /\bammo (?:for|in) (?:the|an|this|that|our|your|my) (?:argument|debate|discussion|pitch|meeting)\b/g,
    ],
    cue: /\b(?:buy|bought|purchase|make|build|built|get|carry|load|loaded|fire|shoot|own|hide|sell|craft|3d print|assemble|kill|hurt|attack|school|license|licence|shooting|how to|where (?:can|do|to)|caliber|calibre|bullets?|explode|detonate|blow up|nra|second amendment|hunting)\b/,
  },
};

const WORD_RE = (words: string[]): RegExp =>
  new RegExp(`(?:^| )(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})(?:s|es)?(?= |$)`, "g");

const COMPILED = new Map(
  Object.entries(TOPIC_CONTEXT).map(([key, c]) => [
    key,
    { ...c, strongRe: WORD_RE(c.strong), weakRe: WORD_RE(c.weak) },
  ]),
);

/** True when `key` is one of the context-checked topics. */
export function hasTopicContext(key: string): boolean {
  return COMPILED.has(key);
}

/** Whether a canonical words text (`normalizeText`) is about the topic `key`, keywords read in context. */
export function topicInContext(key: string, words: string): boolean {
  const c = COMPILED.get(key);
  if (c === undefined) return false;
  let t = ` ${words} `;
  for (const re of c.benign) t = t.replace(re, " , ");
  c.strongRe.lastIndex = 0;
  if (c.strongRe.test(t)) return true;
  const weak = new Set<string>();
  c.weakRe.lastIndex = 0;
  for (let m = c.weakRe.exec(t); m !== null; m = c.weakRe.exec(t)) {
    weak.add(m[1]!.replace(/s$/, ""));
    c.weakRe.lastIndex = m.index + m[0].length;
  }
  if (weak.size >= 2) return true;
  return weak.size === 1 && c.cue.test(t);
}
