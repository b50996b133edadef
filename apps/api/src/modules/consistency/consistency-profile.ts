/**
 * Statements of a current job or home ("I work as a nurse", "moved to Denver") and the tolerant match
 * against the persona's profile. A place must be a proper noun ("moved to a bigger flat" is no home).
 */
import { FIRST_PERSON, isThirdPartyToken, normalizeText, stem, tokenize } from "./consistency-text.ts";

export interface ProfileStatement {
  kind: "job" | "home";
  value: string;
  text: string;
}

type Subject = "first" | "named" | "any";

interface Trigger {
  kind: ProfileStatement["kind"];
  re: RegExp;
  /** "first": the pattern names the persona itself; "named": needs the persona's name or no subject; "any": anyone but a third party. */
  subject: Subject;
  /** "I'm a … at": the job phrase must be followed by "at". */
  needsAt?: boolean;
}

const MEMORY_TRIGGERS: Trigger[] = [
  { kind: "job", re: /\b(?:i|we)\s+(?:currently\s+|now\s+|still\s+)?work\s+as\s+/gi, subject: "first" },
  { kind: "job", re: /\bworks\s+as\s+/gi, subject: "named" },
  { kind: "job", re: /\bmy\s+(?:current\s+|new\s+)?job\s+as\s+/gi, subject: "first" },
  { kind: "job", re: /\bi(?:'m|\s+am)\s+(?:now\s+|currently\s+)?(?=an?\s)/gi, subject: "first", needsAt: true },
  { kind: "job", re: /\bstarted\s+(?:working|work)\s+as\s+/gi, subject: "any" },
  { kind: "home", re: /\b(?:i|we)\s+(?:currently\s+|now\s+|still\s+)?live\s+in\s+/gi, subject: "first" },
  { kind: "home", re: /\blives\s+in\s+/gi, subject: "named" },
  { kind: "home", re: /\bmoved\s+to\s+/gi, subject: "any" },
];

const ANSWER_TRIGGERS: Trigger[] = [
  { kind: "job", re: /\bi\s+(?:currently\s+|now\s+|still\s+)?work\s+as\s+/gi, subject: "first" },
  { kind: "job", re: /\bmy\s+(?:current\s+)?job\s+as\s+/gi, subject: "first" },
  { kind: "job", re: /\bi(?:'m|\s+am)\s+(?:now\s+|currently\s+)?(?=an?\s)/gi, subject: "first", needsAt: true },
  { kind: "job", re: /\bi(?:'ve|\s+have)\s+been\s+working\s+as\s+/gi, subject: "first" },
  { kind: "job", re: /\bi\s+(?:just|recently)\s+started\s+(?:working|work)\s+as\s+/gi, subject: "first" },
  { kind: "home", re: /\b(?:i|we)\s+(?:currently\s+|now\s+|still\s+)?live\s+in\s+/gi, subject: "first" },
  { kind: "home", re: /\bi(?:'m|\s+am)\s+(?:currently\s+|now\s+)?(?:living|based)\s+in\s+/gi, subject: "first" },
  { kind: "home", re: /\b(?:i|we)\s+(?:just|recently)\s+moved\s+to\s+/gi, subject: "first" },
];

/** Words before the trigger that make the statement hypothetical, negated or past. */
const NOT_A_STATEMENT =
  /\b(?:not|never|no|don't|didn't|doesn't|won't|wouldn't|would|could|should|might|if|want|wanted|wish|hope|hoped|plan|planned|planning|dream|dreamed|almost|nearly|considered|considering|thinking|thought|used\s+to|before|until|pretend|imagine)\b|n't\b|\b(?:i|we)'d\b/i;
/** Answer sentences about the past ("back when I lived in …") are history, not the present. */
const PAST_IN_ANSWER =
  /\b(?:used\s+to|back\s+(?:when|in|then)|years\s+ago|when\s+i\s+was|in\s+college|in\s+high\s+school|as\s+a\s+(?:kid|teenager|student)|growing\s+up|previously|formerly|at\s+the\s+time)\b/i;

const JOB_STOP = new Set(
  "at for in with and since because but where who which when while until from on to so then now after before during or by i is was are were has have had keeps pays means takes gets can will would could should does did".split(
    " ",
  ),
);
/** "I'm a regular at the café": not jobs. */
const NOT_JOBS = new Set(
  "regular natural mess wreck fan stranger newbie beginner pro expert member guest bit little lot total complete big huge sucker believer night morning person type kind sort part fool mom dad mother father parent wife husband student volunteer".split(
    " ",
  ),
);
const PLACE_LEADS = new Set(
  "the a an downtown central north south east west northern southern eastern western suburban rural small tiny quiet outside near sunny rainy beautiful lovely big".split(
    " ",
  ),
);
const PLACE_CONNECTORS = new Set(["of", "de", "del", "la", "le", "upon", "on", "am", "sur"]);
const NOT_PLACES = new Set(
  "I The A An My Our January February March April May June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Christmas Easter".split(
    " ",
  ),
);

function jobPhrase(rest: string, needsAt: boolean): string | null {
  let words = rest.split(/\s+/);
  if (needsAt) {
    const article = words[0]?.toLowerCase();
    if (article !== "a" && article !== "an") return null;
    const atIndex = words.findIndex((w, i) => i > 0 && i <= 5 && w.toLowerCase() === "at");
    if (atIndex < 0) return null;
    words = words.slice(1, atIndex);
  } else if (/^(?:an?|the)$/i.test(words[0] ?? "")) words = words.slice(1);
  const picked: string[] = [];
  for (const raw of words) {
    const word = raw.toLowerCase().replace(/[^a-z\u00c0-\u024f'-]+$/, "");
    if (word === "" || JOB_STOP.has(word)) break;
    picked.push(word);
    if (/[.,;:!?()"]$/.test(raw) || picked.length >= 5) break;
  }
  const head = picked[picked.length - 1];
  if (head === undefined || NOT_JOBS.has(head) || NOT_JOBS.has(picked[0]!)) return null;
  return picked.join(" ");
}

function placeName(rest: string): string | null {
  const words = rest.split(/\s+/);
  let i = 0;
  while (i < words.length && i < 3 && PLACE_LEADS.has(words[i]!.toLowerCase())) i++;
  const parts: string[] = [];
  let regions = 0;
  for (; i < words.length; i++) {
    const raw = words[i]!;
    const word = raw.replace(/[.,;:!?)"']+$/, "").replace(/'s$/, "");
    const next = words[i + 1] ?? "";
    if (/^\p{Lu}/u.test(word)) parts.push(word);
    else if (parts.length > 0 && PLACE_CONNECTORS.has(word) && /^\p{Lu}/u.test(next)) {
      parts.push(word);
      continue;
    } else break;
    if (raw.endsWith(",") && regions === 0 && /^\p{Lu}/u.test(next)) {
      regions++;
      continue;
    }
    if (raw !== word) break;
  }
  if (parts.length === 0 || NOT_PLACES.has(parts[0]!)) return null;
  return parts.join(" ");
}

function subjectOk(before: string, subject: Subject, firstName: string): boolean {
  const tokens = tokenize(before);
  if (subject === "first") return true;
  if (subject === "named") {
    const rest = tokens.filter((t) => !["now", "still", "currently", "also", "already"].includes(t));
    const last = rest[rest.length - 1];
    return last === undefined || (firstName !== "" && last === firstName);
  }
  let ok = true;
  for (const t of tokens) {
    if (FIRST_PERSON.has(t) || (firstName !== "" && t === firstName)) ok = true;
    else if (isThirdPartyToken(t)) ok = false;
  }
  return ok;
}

/** Current-job and current-home statements of a memory ("memory") or of a first-person answer ("answer"). */
export function profileStatements(text: string, firstName: string, mode: "memory" | "answer"): ProfileStatement[] {
  const out: ProfileStatement[] = [];
  const name = firstName.toLowerCase();
  const triggers = mode === "memory" ? MEMORY_TRIGGERS : ANSWER_TRIGGERS;
  for (const sentence of normalizeText(text).split(/(?<=[.!?])\s+|[;\n]+/)) {
    if (mode === "answer" && PAST_IN_ANSWER.test(sentence)) continue;
    for (const trigger of triggers) {
      trigger.re.lastIndex = 0;
      for (let m = trigger.re.exec(sentence); m !== null; m = trigger.re.exec(sentence)) {
        const before = sentence.slice(0, m.index);
        const clauseStart = Math.max(before.lastIndexOf(","), before.lastIndexOf(" and "));
        const clauseBefore = clauseStart >= 0 ? before.slice(clauseStart + 1) : before;
        if (NOT_A_STATEMENT.test(clauseBefore) || !subjectOk(clauseBefore, trigger.subject, name)) continue;
        const rest = sentence.slice(m.index + m[0].length);
        const value = trigger.kind === "job" ? jobPhrase(rest, trigger.needsAt === true) : placeName(rest);
        if (value !== null && !out.some((s) => s.kind === trigger.kind && s.value === value))
          out.push({ kind: trigger.kind, value, text: sentence });
      }
    }
  }
  return out;
}

function significantWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const token of tokenize(text)) {
    if (token.length < 4) continue;
    out.add(stem(token).replace(/(?:er|or|ist|ian|ant)$/, ""));
  }
  return out;
}

/** Tolerant: either contains the other, or they share a word of four letters or more. */
export function matchesProfile(value: string, profile: string): boolean {
  const a = value.toLowerCase().trim();
  const b = profile.toLowerCase().trim();
  if (a === "" || b === "" || a.includes(b) || b.includes(a)) return true;
  const words = significantWords(b);
  for (const w of significantWords(a)) if (words.has(w)) return true;
  return false;
}

/**
 * A statement agrees with the profile when its value does, or when its sentence names the profile's job or
 * place anyway ("I live in Round Rock, just outside Austin").
 */
export function statementMatches(statement: ProfileStatement, profile: string): boolean {
  return matchesProfile(statement.value, profile) || matchesProfile(statement.text, profile);
}
