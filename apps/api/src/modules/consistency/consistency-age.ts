/**
 * Life events with a minimum plausible age, read from a memory's label and facts with keyword rules.
 * A sentence about someone else ("my sister got married", "Dad's retirement party") does not count.
 */
import { normalizeText } from "./consistency-text.ts";

export interface LifeEvent {
  event: string;
  minAge: number;
}

interface LifeEventRule extends LifeEvent {
  re: RegExp;
  /** Matches that are in fact something else ("graduated from high school"). */
  not?: RegExp;
}

const RULES: LifeEventRule[] = [
  {
    event: "graduating from university",
    minAge: 17,
    re: /\b(?:graduat(?:ed|ing|ion)|finish(?:ed|ing)|complet(?:ed|ing))\s+(?:from\s+|at\s+)?(?:my\s+|the\s+|a\s+)?(?:[\w'-]+\s+){0,3}?(?:university|college|uni|grad school|law school|medical school|med school|bachelor'?s?|master'?s?|ph\.?d|doctorate)\b|\b(?:college|university)\s+graduation\b|\bgraduation\s+from\s+(?:college|university)\b|\b(?:earned|got|received|completed|obtained|finished)\s+(?:my|a|an|the)\s+(?:(?:bachelor'?s|master'?s|college|university|ph\.?d|law|medical|[a-z]+)\s+)?degree\b|\b(?:bachelor'?s|master'?s|ph\.?d)\s+(?:degree|diploma)\b/i,
    not: /high school|secondary school|middle school|elementary|primary school|kindergarten/i,
  },
  {
    event: "a first job",
    minAge: 14,
    re: /\bfirst\s+(?:real\s+|proper\s+|paid\s+|full[- ]time\s+|part[- ]time\s+|summer\s+)?job\b|\b(?:got|landed|found|started)\s+(?:a|my)\s+(?:first\s+)?(?:real\s+|new\s+)?job\b|\b(?:was|got|being|been)\s+hired\b|\bhired\s+(?:as|at|by)\b|\b(?:started|began|launched)\s+(?:my|a)\s+career\b|\bcareer\s+as\b|\bstarted\s+working\s+(?:as|at|for)\b/i,
  },
  {
    event: "getting married",
    minAge: 16,
    re: /\b(?:got|get|getting)\s+married\b|\b(?:i|we)\s+(?:were\s+)?married\b|\bmarried\s+(?:my|him|her)\b|\b(?:my|our)\s+wedding\b|^wedding\b/i,
  },
  {
    event: "having a child",
    minAge: 14,
    re: /\b(?:had|have|having|gave\s+birth\s+to|welcomed)\s+(?:a|my|our)\s+(?:first\s+)?(?:baby|child|son|daughter|kid)\b(?!\s+(?:sister|brother))|\bbec(?:ame|oming|ome)\s+a\s+(?:mother|father|mom|mum|dad|parent)\b|\b(?:my|our)\s+(?:first\s+)?(?:baby|son|daughter|child)\s+was\s+born\b|\bbirth\s+of\s+(?:my|our)\s+(?:first\s+)?(?:baby|child|son|daughter)\b|\b(?:got|was)\s+pregnant\b/i,
  },
  {
    event: "retiring",
    minAge: 35,
    re: /\b(?:i|we)\s+retired\b|\bretired\s+(?:from|early|at)\b|\b(?:my|our)\s+retirement\b(?!\s+(?:fund|savings|account|plan|home))|^retire(?:d|ment)?\b/i,
  },
  {
    event: "learning to drive",
    minAge: 15,
    re: /\blearn(?:ed|t|ing)?\s+(?:how\s+)?to\s+drive\b|\bdriv(?:ing|er'?s?)\s+(?:licen[cs]e|test|exam|permit|lessons?)\b|\bpassed\s+(?:my|the)\s+(?:driving|driver'?s?)\s+test\b|\bgot\s+(?:my|a)\s+(?:driving\s+|driver'?s?\s+)?licen[cs]e\b/i,
  },
  {
    event: "moving out",
    minAge: 15,
    re: /\bmov(?:ed|ing)\s+out\b(?!\s+(?:of\s+(?:the|a|an|town|state|country)\b|to\b|west\b|east\b|north\b|south\b))|\b(?:my|our)\s+(?:first\s+)?own\s+(?:apartment|flat|place|home)\b|\bfirst\s+(?:own\s+)?(?:apartment|flat)\b|\bleft\s+home\b/i,
  },
];

/** A sentence about someone else's event. */
const SOMEONE_ELSE =
  /\b(?:mom|mother|mum|dad|father|parents?|sisters?|brothers?|sons?|daughters?|cousins?|aunt|uncle|friends?|grand(?:ma|pa|mother|father|parents?)|neighbou?rs?|teacher|boss|colleagues?|coworkers?|he|she|they|(?!(?:it|that|there|what|here|he|she|who|let)'s)[a-z]+'s|[a-z]+s')\s+(?:\w+\s+)?(?:got|gets?|was(?!\s+born)|were|had|has|retired|retiring|graduated|graduating|married|marrying|wedding|graduation|retirement|became|learned|learnt|moved|left|passed|started|landed|earned|finished|first)\b|\b(?:attended|went\s+to|watched)\s+(?:\w+\s+){0,3}?(?:wedding|graduation|retirement)\b|\b(?:his|her|their|a|an)\s+(?:\w+\s+){0,2}?(?:wedding|graduation|retirement)\b/i;

/** The age-bound life events a memory describes. */
export function lifeEventsIn(label: string, facts: string): LifeEvent[] {
  const found: LifeEvent[] = [];
  const sentences = [label, ...normalizeText(facts).split(/(?<=[.!?])\s+/)].map((s) => normalizeText(s));
  for (const sentence of sentences) {
    let aboutSomeoneElse: boolean | undefined;
    for (const rule of RULES) {
      if (found.some((f) => f.event === rule.event)) continue;
      const match = rule.re.exec(sentence);
      if (!match || rule.not?.test(match[0])) continue;
      aboutSomeoneElse ??= SOMEONE_ELSE.test(sentence);
      if (aboutSomeoneElse) break;
      found.push({ event: rule.event, minAge: rule.minAge });
    }
  }
  return found;
}
