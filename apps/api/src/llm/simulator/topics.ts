import { flipToPersona, gerund } from "./text.ts";

/** Reading the request: what the prompt is about, what kind of answer it wants, and special intents. */

export type Topic =
  | "work"
  | "home"
  | "family"
  | "money"
  | "technology"
  | "health"
  | "childhood"
  | "hobbies"
  | "product"
  | "other";

/** opinion: "what do you think"; story: "tell me about a time"; fact: "where do you live". */
export type PromptKind = "opinion" | "story" | "fact";

/** Questions about the persona's own identity, answered directly before anything else. */
export type SelfQuestion = "name" | "age" | "location" | "occupation";

export interface PromptReading {
  topic: Topic;
  kind: PromptKind;
  /** What the prompt asks about, in the persona's perspective ("my neighborhood", "a new AI app"). */
  subject: string | null;
  /** A course of action put up for an opinion ("Should schools ban phones?" → "banning phones"). */
  proposal: string | null;
  selfQuestion: SelfQuestion | null;
}

// Ties go to the earlier topic: the more specific subjects come first.
const TOPIC_PATTERNS: ReadonlyArray<readonly [Exclude<Topic, "other">, RegExp]> = [
  [
    "childhood",
    /\b(childhood|growing up|grew up|as a (kid|child|teen)|when you were (young|little|a kid|younger)|school days|teenager|your youth|first memory|earliest memory|back in the day|used to|years ago)\b/g,
  ],
  [
    "work",
    /\b(work|works|working|job|jobs|career|careers|occupation|profession|professional|office|boss|colleagues?|co-?workers?|employer|workplace|shifts?|clients?|salary|promotion|industry|for a living|day job|retire|retired|retirement|business)\b/g,
  ],
  [
    "home",
    /\b(home|live|lives|house|apartment|flat|neighbou?rhood|city|town|area|rent|neighbou?rs?|hometown|street|commute|local|where you are|moved? (here|there|to))\b/g,
  ],
  [
    "family",
    /\b(family|families|parents?|mother|father|mom|mum|dad|kids?|children|child|sons?|daughters?|sisters?|brothers?|siblings?|husband|wife|partner|spouse|married|marriage|grandparents?|grandchildren|grandkids|relatives)\b/g,
  ],
  [
    "health",
    /\b(health|healthy|doctors?|sick|illness|exercise|fitness|gym|diet|sleep|stress|stressed|mental health|medicine|medication|hospital|workouts?|weight|anxiety|well-?being|therapy)\b/g,
  ],
  [
    "money",
    /\b(money|prices?|costs?|expensive|cheap|afford|budget|spend|spending|savings?|save|income|pay|paid|bills?|debt|inflation|dollars?|banks?|banking|invest|investing|financial|finances|groceries)\b/g,
  ],
  [
    "product",
    /\b(product|features?|brand|service|subscriptions?|redesign|interface|prototype|launch|pricing|would you (use|buy|try|pay|recommend)|new version|concept|checkout|onboarding|dashboard|mockup|landing page)\b/g,
  ],
  [
    "technology",
    /\b(tech|technology|technologies|apps?|phones?|smartphones?|computers?|laptops?|internet|online|software|ai|artificial intelligence|chatgpt|social media|gadgets?|devices?|digital|websites?|streaming|smart home|robots?|crypto)\b/g,
  ],
  [
    "hobbies",
    /\b(hobby|hobbies|free time|spare time|weekends?|for fun|relax|relaxing|passions?|interests?|enjoy doing|vacations?|holidays?|travel|sports?|games?|music|reading|books?|movies?|cooking|garden|gardening|fishing|hiking|camping|golf|knitting|painting|photography|yoga|running)\b/g,
  ],
];

const STORY_RE =
  /\b(tell me about|a time when|a time you|describe|talk about|story|remember when|what happened|have you ever|did you ever|how did you|when did you|first time|memorable|moment when|experience with)\b/i;
const OPINION_RE =
  /\b(think|thoughts|opinion|feel about|how do you feel|would you|do you like|do you prefer|prefer|favou?rite|should|worth|recommend|views? on|take on|interested|excited|worried|concerned|like about|dislike|love|hate)\b/i;
const QUESTION_START_RE =
  /^\s*(what|where|who|whom|whose|why|when|which|how|is|are|am|do|does|did|can|could|would|will|should|have|has)\b/i;
const FACT_RE = /^\s*(what|where|who|how old|how many|how long|how much|when|which|do you|are you|is your|have you)\b/i;

const SELF_QUESTIONS: ReadonlyArray<readonly [SelfQuestion, RegExp]> = [
  [
    "name",
    /\b(what('s| is) your (full )?name|who are you|your name\b|introduce yourself|who am i (talking|speaking) (to|with))/i,
  ],
  ["age", /\b(how old are you|what('s| is) your age)\b/i],
  ["location", /\bwhere (do you live|are you (from|based|living)|is home)\b/i],
  [
    "occupation",
    /\b(what do you do( for (a )?(living|work))?\??$|what('s| is) your (job|occupation|profession|line of work))/i,
  ],
];

const SUBJECT_RES: readonly RegExp[] = [
  /\b(?:think|feel|thoughts|opinion|views?|take|impression|feelings)\s+(?:about|of|on|regarding)\s+(.+)/i,
  /\b(?:use|try|trying|buy|pay for|subscribe to|switch to|recommend|rate)\s+(.+)/i,
  /\b(?:tell me about|talk about|describe|about|regarding)\s+(.+)/i,
];

const CLAUSE_END_RE = /[?.!,;:(]| and why\b| if you\b| when you\b| because\b| compared\b| - /i;

export function readPrompt(prompt: string): PromptReading {
  const lower = prompt.toLowerCase();
  let topic: Topic = "other";
  let best = 0;
  for (const [candidate, pattern] of TOPIC_PATTERNS) {
    const score = lower.match(pattern)?.length ?? 0;
    if (score > best) {
      best = score;
      topic = candidate;
    }
  }
  const kind: PromptKind = STORY_RE.test(prompt)
    ? "story"
    : OPINION_RE.test(prompt)
      ? "opinion"
      : FACT_RE.test(prompt)
        ? "fact"
        : "opinion";
  const selfQuestion = SELF_QUESTIONS.find(([, re]) => re.test(prompt))?.[0] ?? null;
  return { topic, kind, subject: extractSubject(prompt), proposal: extractProposal(prompt), selfQuestion };
}

const PROPOSAL_RE =
  /\b(?:is it (?:a )?(?:good|bad|smart|fair|okay|ok|right|wise)(?: idea)? to|should (?:we|people|they|schools|companies|cities|everyone|the government) |do you (?:think|believe|reckon) (?:that )?(?:[a-z]+ ){1,3}should|would you support|are you (?:for|in favou?r of|against))\s*([^?.!]+)/i;

/** "Is it a good idea to ban phones in schools?" → "banning phones in schools". */
function extractProposal(prompt: string): string | null {
  const action = PROPOSAL_RE.exec(prompt)?.[1]?.trim();
  if (!action) return null;
  const [verb, ...rest] = flipToPersona(action).split(/\s+/);
  const lower = verb!.toLowerCase();
  const asAction = /^[a-z]+$/.test(lower) && !/(ing|s)$/.test(lower) ? [gerund(lower), ...rest] : [verb!, ...rest];
  return asAction.join(" ").split(/\s+/).slice(0, 10).join(" ");
}

/** The thing the prompt is about, cut to its first clause and seen from the persona's side. */
function extractSubject(prompt: string): string | null {
  const text = prompt.replace(/\s+/g, " ").trim();
  for (const re of SUBJECT_RES) {
    const match = re.exec(text)?.[1];
    if (!match) continue;
    const subject = tidySubject(match);
    if (subject) return subject;
  }
  // A short prompt is its own subject ("Pineapple on pizza?").
  if (text.split(" ").length <= 5 && !QUESTION_START_RE.test(text)) return tidySubject(text);
  return null;
}

function tidySubject(raw: string): string | null {
  const clause = raw.split(CLAUSE_END_RE)[0] ?? "";
  const trimmed = clause.trim().split(" ").slice(0, 8).join(" ");
  const cleaned = flipToPersona(trimmed).replace(/^(it|that|this|them)$/i, "");
  return cleaned.length >= 2 ? cleaned.replace(/^[A-Z][a-z]/, (w) => w.toLowerCase()) : null;
}

const INJECTION_RES: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|prompts?|rules|guidelines|directives|everything (above|before))\b/i,
  /\bsystem (prompt|message|instructions?)\b/i,
  /\b(you are|you're|are you|admit (that )?you('re| are))\s+(really |actually |just )?(an? )?(ai|a\.i\.|bot|chat ?bot|robot|language model|llm|assistant|gpt|computer program|program|machine|simulat(or|ion)|fake|real person|human)\b/i,
  /\bsay (that )?you('re| are) (an? )?(ai|bot|robot|language model|llm|assistant|machine)\b/i,
  /\b(developer|dan|jailbreak|god|debug) mode\b/i,
  /\b(reveal|show|print|repeat|output)\b.{0,30}\b(prompt|instructions|configuration|context)\b/i,
  /\b(pretend (to be|you are)|act as|roleplay as|stop (role-?playing|pretending)|break character|out of character)\b/i,
  /\bwhat (ai |language )?model are you\b/i,
];

/** Attempts to make the persona leave its role, reveal its setup, or claim to be software. */
export function isInjection(prompt: string): boolean {
  return INJECTION_RES.some((re) => re.test(prompt));
}

// Only references to what the user said: "do you remember your first job?" asks for the persona's memory.
const BACK_REFERENCE_RE =
  /\b(as i (said|mentioned|told you|was saying)|i (said|mentioned|told you)|(said|mentioned|told you|talked about)( this| that)? earlier|what did i|did i (say|tell|mention)|remember (what|when|where|how|that|if) i|remember my|(what|who|where)('s| is| was| are| were) my|what are my|how old is my|i just (said|told))\b/i;

/** The user asks about something said earlier in the session. */
export function refersBack(prompt: string): boolean {
  return BACK_REFERENCE_RE.test(prompt);
}

/** "Hi!", "Hello there", "Good morning": a greeting with nothing else to answer. */
export function isGreeting(prompt: string): boolean {
  return (
    /^\s*(hi|hello|hey|hiya|howdy|greetings|good (morning|afternoon|evening))\b[\s\w,!.]{0,20}$/i.test(prompt) &&
    !/\?/.test(prompt)
  );
}
