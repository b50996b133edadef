import { detectStructured, namedCurrency } from "./structured-detect.ts";
import { flipToPersona } from "./text.ts";
import { readPrompt } from "./topics.ts";

/**
 * What kind of answer a free-text question asks for, beyond its topic: a stance (yes/no, would-you), a
 * complaint about something named, an account of last weekend, a decision process, a story of pride,
 * or a follow-up on the persona's previous answer. Read from phrasing patterns, not from the exact
 * questions; `null` leaves the question to the topic planner.
 */

export type FollowUp = "why" | "more" | "about" | "quote";

export type Intent =
  | {
      kind: "stance";
      action: string;
      thing: string;
      money: boolean;
      experience: boolean;
      /** The question's auxiliary echoed in the answer: "Do you…?" → "I do", "Is your…?" → "it is". */
      echo: { yes: string; no: string };
    }
  | { kind: "frustration"; target: string }
  | { kind: "weekend"; when: string }
  | { kind: "process"; decision: string }
  | { kind: "pride"; about: string }
  /** "How much would you pay…?": `currency` only when the question names one. */
  | { kind: "price"; currency: string | null; period: string | null }
  | { kind: "followUp"; ask: FollowUp; about: string | null }
  /** "What do you think about X?": a view on X that names it. */
  | { kind: "opinion"; subject: string }
  /** "What's a typical morning like?", "Describe your daily routine": a concrete account of it. */
  | { kind: "routine"; part: "morning" | "day" | "evening" };

const CLAUSE_END_RE = /[?.!;]| - | — /;

function clause(text: string): string {
  return (text.split(CLAUSE_END_RE)[0] ?? "").trim().replace(/[,:]+$/, "");
}

const WHY_RE =
  /^\s*(and |but |so )?(why( not| so| is that| do you say that| would you| do you think so)?|how come|what makes you say (that|so)|why'?s that)\s*[?!.]*\s*$/i;
const MORE_RE =
  /^\s*(tell me more|go on|say more|keep going|elaborate|can you (say|tell me) (a bit |a little )?more|could you (elaborate|say more|expand)|what do you mean|in what way|how so|like what|such as|for example|for instance|interesting[.!]? (tell me more|go on|why))\b/i;
const ABOUT_RE = /^\s*(and |but |so )?(what|how) about\s+(.+?)\s*[?!.]*$/i;
const QUOTE_RE =
  /\byou (said|mentioned|told me|were saying)\b\s*(earlier|before|just now|a moment ago)?\s*(that\s+)?(.*)$/i;

/** Follow-ups only make sense with an earlier answer to follow. */
export function readFollowUp(prompt: string, hasEarlierAnswer: boolean): Intent | null {
  if (!hasEarlierAnswer) return null;
  const words = prompt.trim().split(/\s+/).length;
  if (WHY_RE.test(prompt)) return { kind: "followUp", ask: "why", about: null };
  if (words <= 9 && MORE_RE.test(prompt)) return { kind: "followUp", ask: "more", about: null };
  const about = ABOUT_RE.exec(prompt);
  if (about && words <= 8) return { kind: "followUp", ask: "about", about: flipToPersona(clause(about[3]!)) };
  const quote = QUOTE_RE.exec(prompt);
  if (quote) return { kind: "followUp", ask: "quote", about: clause(quote[4] ?? "") || null };
  return null;
}

const FRUSTRATION_RES: readonly RegExp[] = [
  /\bwhat (?:\w+ )?(?:frustrates|annoys|bothers|irritates|irks|upsets|drives) you(?: \w+)? (?:most )?(?:about|with|in)\s+(.+)/i,
  /\bwhat do you (?:hate|dislike|find (?:frustrating|annoying|difficult|hard)|not like|complain about) (?:most )?(?:about|with|in)\s+(.+)/i,
  /\bwhat(?:'s| is| are) (?:the )?(?:most |biggest |worst )?(?:frustrating|annoying|irritating|wrong|difficult|hardest|worst)(?: thing| part| things)? (?:about|with|in)\s+(.+)/i,
  /\b(?:biggest|main|worst) (?:frustrations?|complaints?|gripes?|pain points?|problems?|issues?|annoyances?) (?:about|with|in)\s+(.+)/i,
  /\bwhat would you (?:change|fix|improve) (?:about|in|with)\s+(.+)/i,
  /\b(?:frustrat|annoy)\w* (?:about|with)\s+(.+)/i,
];

const WEEKEND_RE =
  /\b(what did you (do|get up to)|how did you spend|how was|tell me about|what have you been up to)\b[^?]*\b(last weekend|this (past )?weekend|over the weekend|on the weekend|at the weekend|yesterday|last night|on (saturday|sunday|friday)|your weekend|last (saturday|sunday|friday))\b/i;

const PROCESS_RE =
  /\b(?:walk|talk|take) me through (?:how (?:you|do you) |the way you |your process (?:for|of) )?(.+)|\bhow do you (?:usually |normally |typically )?(decide|choose|pick|figure out|work out|plan|go about|make up your mind about)\s+(.+)|\bwhat(?:'s| is) your (?:process|approach|method) (?:for|to|when)\s+(.+)/i;

const PRIDE_RE = /\b(proud|proudest|pride|achievement|accomplishment|accomplished)\b/i;

const OPINION_RE =
  /^\s*(?:and |so |but )?(?:what do you (?:think|reckon|make) (?:about|of)|how do you feel about|what(?:'s| is| are) your (?:thoughts|views?|take|opinion|feelings?) (?:on|about|of))\s+(.+)/i;

const ROUTINE_RE =
  /\b(?:typical|usual|normal|ordinary|average)\s+(morning|day|weekday|evening|workday|working day)\b|\b(?:daily|morning|evening) routine\b|\bhow do you (?:usually |normally |typically )?(?:start|spend|begin) your (morning|day|evening)s?\b|\bwhat (?:are|is) your (mornings?|evenings?|days?) like\b/i;

/** "typical morning" → morning; "normal workday" → day. */
function routinePart(prompt: string): "morning" | "day" | "evening" {
  const named = /\b(morning|evening)s?\b/i.exec(prompt)?.[1]?.toLowerCase();
  return named === "morning" || named === "evening" ? named : "day";
}

const STANCE_START_RE =
  /^\s*(?:(?:and|but|so|ok|okay|honestly|realistically)[,]?\s+)?(?:if [^,?]+,\s*)?(would|will|do|does|did|are|is|have|has|can|could|should|were)\s+(you|your)\b\s*(.*)$/i;

const MONEY_RE =
  /\b(pay|buy|spend|subscribe|purchase|sign up|shell out|splash out|fork out|afford|order)\b|[$€£¥₦₹]|\b\d+\s*(dollars?|euros?|pounds?|a month|per month|\/month)\b/i;

export function readIntent(prompt: string, hasEarlierAnswer: boolean): Intent | null {
  const followUp = readFollowUp(prompt, hasEarlierAnswer);
  if (followUp) return followUp;
  const structured = detectStructured(prompt);
  if (structured?.kind === "numeric" && structured.numeric.type === "price") {
    const { currency, period } = structured.numeric;
    return { kind: "price", currency: namedCurrency(prompt) ? currency : null, period };
  }
  for (const re of FRUSTRATION_RES) {
    const m = re.exec(prompt);
    if (m?.[1]) {
      const target = flipToPersona(clause(m[1]));
      if (target) return { kind: "frustration", target };
    }
  }
  if (WEEKEND_RE.test(prompt)) {
    const when = /\b(yesterday|last night|on (saturday|sunday|friday)|last (saturday|sunday|friday))\b/i.exec(
      prompt,
    )?.[0];
    return { kind: "weekend", when: when?.toLowerCase() ?? "last weekend" };
  }
  const process = PROCESS_RE.exec(prompt);
  if (process) {
    const decision = clause(process[1] ?? process[3] ?? process[4] ?? "").replace(
      /^(?:how (?:you|I) (?:decide|choose|pick|plan|work out|figure out)\s+)/i,
      "",
    );
    if (decision) return { kind: "process", decision: flipToPersona(decision) };
  }
  if (PRIDE_RE.test(prompt) && /\b(tell me|time|moment|describe|when|what)\b/i.test(prompt)) {
    const about =
      /\b(?:at|in|about|with)\s+(work|your job|your career|school|home|your family|[a-z ]{3,20})[?.!]*\s*$/i.exec(
        prompt,
      )?.[1];
    return { kind: "pride", about: about ? flipToPersona(clause(about)) : "" };
  }
  if (ROUTINE_RE.test(prompt)) return { kind: "routine", part: routinePart(prompt) };
  const opinion = OPINION_RE.exec(prompt);
  if (opinion) {
    const subject = flipToPersona(clause(opinion[1]!));
    // "How do you feel about your job?" is about the persona's own life: the topic planner's.
    if (subject && !/^my\b/i.test(subject)) return { kind: "opinion", subject };
  }
  const stance = STANCE_START_RE.exec(prompt);
  // "Do you think cities should ban cars?" is a proposal, answered for or against by the topic planner.
  if (
    stance &&
    !/\b(rather|remember|think about|mind telling)\b/i.test(prompt) &&
    !readPrompt(prompt).proposal &&
    !/\b(think|believe|reckon)\b.*\bshould\b/i.test(prompt)
  ) {
    const rest = clause(stance[3] ?? "");
    const action = flipToPersona(rest.replace(/^(ever|still|really|actually|honestly)\s+/i, ""));
    return {
      kind: "stance",
      action,
      thing: thingOf(action),
      money: MONEY_RE.test(prompt),
      experience: /\b(ever|before|used to)\b/i.test(prompt) || stance[1]!.toLowerCase() === "have",
      echo: echoOf(stance[1]!.toLowerCase(), stance[2]!.toLowerCase()),
    };
  }
  return null;
}

const ECHO_VERB: Record<string, string> = { are: "am", were: "was" };

function echoOf(aux: string, who: string): { yes: string; no: string } {
  const subject = who === "your" ? "it" : "I";
  const verb = who === "your" ? aux : (ECHO_VERB[aux] ?? aux);
  const not = verb === "am" ? "am not" : verb === "can" ? "cannot" : `${verb} not`;
  return { yes: `${subject} ${verb}`, no: `${subject} ${not}` };
}

/** The object of an action: "pay $12/month for a meal-planning app" → "a meal-planning app". */
function thingOf(action: string): string {
  const forObject = /\b(?:for|on|to|with|about|into)\s+((?:a|an|the|my|this|that|some|any)\b.+)$/i.exec(action)?.[1];
  if (forObject) return forObject;
  const words = action.split(/\s+/);
  const object = words
    .slice(1)
    .join(" ")
    .replace(/^(?:for|on|to|with|about|into|in|of)\s+/i, "");
  return object || action;
}
