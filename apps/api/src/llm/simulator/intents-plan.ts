import { MONEY_AMOUNT_RE } from "../locale.ts";
import { type Intent, readFollowUp, readIntent } from "./intents.ts";
import { latentAttitude } from "./latent.ts";
import type { Life } from "./life.ts";
import type { PersonaView } from "./persona.ts";
import {
  PROCESS_GENERIC,
  PROCESS_GROCERIES,
  WEEKEND_DETAILS,
  WEEKEND_FAMILY,
  WEEKEND_FARM,
  WEEKEND_LEADS,
  WEEKEND_RELIGIOUS,
  WEEKEND_STUDENT,
  WEEKEND_WORKED,
} from "./phrases-everyday.ts";
import {
  type Aspect,
  FRUSTRATION_LEADS,
  FRUSTRATION_PERSONAL,
  FRUSTRATION_TARGETS,
  GENERIC_ASPECTS,
} from "./phrases-frustration.ts";
import {
  FAMILY_LINES,
  MORE_LEADS,
  NO_FAMILY_LINES,
  OPINION_DETAILS,
  OPINION_LEADS,
  PRICE_DETAILS,
  PRIDE_WHY,
  PRIDE_WORK,
  QUOTE_LEADS,
  ROUTINE_LINES,
  WHY_REASONS,
} from "./phrases-intents.ts";
import {
  type Band,
  EXPERIENCE_BODY,
  EXPERIENCE_LEADS,
  EXPERIENCE_REASONS,
  GENERAL_REASONS,
  MONEY_REASONS,
  PLAIN_BODY,
  STANCE_BODY,
  STANCE_LEADS,
} from "./phrases-stance.ts";
import type { Rng } from "./rng.ts";
import { priceFor, reasonFor } from "./structured.ts";
import { fill, pickTemplate, pickTemplates, type Vars } from "./templates.ts";
import {
  capitalize,
  contentWords,
  flipToPersona,
  isStopword,
  lowerLead,
  sentences,
  stripEndPunctuation,
  words,
} from "./text.ts";
import type { SimAnswerContext } from "./types.ts";
import { normalizeForCompare, repeatsPassage } from "./voice.ts";

/** An amount in an earlier answer: any currency of the locale table, or "12 dollars" in words. */
const ANSWERED_AMOUNT_RE = new RegExp(`${MONEY_AMOUNT_RE.source}|\\b\\d[\\d,.]* (?:dollars|euros|pounds|yen)\\b`, "u");

/**
 * Plans answers that follow the question's intent: each returns the lines to say, the first one
 * answering the question directly (a stance, the thing complained about, last weekend, the first step,
 * the price), the rest ranked so a terse voice keeps the most telling ones.
 */

export interface IntentLine {
  slot: "lead" | "core" | "detail" | "close";
  text: string;
  /** null: always said. */
  rank: number | null;
}

export interface IntentPlan {
  ctx: SimAnswerContext;
  view: PersonaView;
  life: Life;
  rng: Rng;
  vars: Vars;
  /** Everything the persona already said this session, for templates not to repeat. */
  said: string;
  /** Pride memory story, already in the first person, if the persona has one to tell. */
  prideStory: string | null;
  /** A line about the question's topic in the persona's own life ("I live in Dayton, …"), if it has one. */
  topicLine?: string | null;
  /** Lines that deepen that topic (profile facts), used instead of generic reasons when there is a topic line. */
  topicDetails?: readonly string[];
}

type Lines = IntentLine[];

export function planIntent(intent: Intent, p: IntentPlan): Lines {
  switch (intent.kind) {
    case "stance":
      return planStance(intent, p);
    case "frustration":
      return planFrustration(intent.target, p);
    case "weekend":
      return planWeekend(p);
    case "process":
      return planProcess(intent.decision, p);
    case "pride":
      return planPride(intent.about, p);
    case "price":
      return planPrice(p, intent.currency, intent.period);
    case "followUp":
      return planFollowUp(intent, p);
    case "opinion":
      return planOpinion(intent.subject, p);
    case "routine":
      return planRoutine(intent.part, p);
  }
}

function pick(p: IntentPlan, bank: readonly string[], extra: Vars = {}): string | null {
  return pickTemplate(p.rng, bank, { ...p.vars, ...extra }, p.said);
}

function picks(p: IntentPlan, bank: readonly string[], count: number, extra: Vars = {}): string[] {
  return pickTemplates(p.rng, bank, { ...p.vars, ...extra }, p.said, count);
}

function lines(slot: IntentLine["slot"], texts: readonly (string | null)[], firstRank: number | null): Lines {
  return texts
    .filter((t): t is string => Boolean(t))
    .map((text, i) => ({ slot, text, rank: firstRank === null ? null : firstRank + i }));
}

// ---- stance ---------------------------------------------------------------------------------------

export function bandOf(position: number): Band {
  return position > 0.64
    ? "yes"
    : position > 0.54
      ? "probably"
      : position >= 0.46
        ? "depends"
        : position >= 0.36
          ? "probablyNot"
          : "no";
}

/** "$12/month" in the question: the amount in dollars as written, and whether it is monthly. */
export function askedPrice(prompt: string): { text: string; usd: number; perMonth: boolean } | null {
  const m = /([$€£¥₦₹])\s?(\d+(?:[.,]\d+)?)\s*(?:\/|a |per )?\s*(month|mo|week|year)?\b/i.exec(prompt);
  if (!m) return null;
  const usd = Number(m[2]!.replace(",", "."));
  const period = m[3]?.toLowerCase().replace(/^mo$/, "month");
  return { text: `${m[1]}${m[2]}${period ? ` a ${period}` : ""}`, usd, perMonth: period === "month" };
}

function planStance(intent: Extract<Intent, { kind: "stance" }>, p: IntentPlan): Lines {
  const { position } = latentAttitude(p.view, p.ctx.userPrompt, p.ctx.seed);
  const band = bandOf(position);
  const asked = askedPrice(p.ctx.userPrompt);
  const extra: Vars = {
    thing: intent.thing,
    action: intent.action,
    price: asked?.text ?? (intent.money ? "that" : undefined),
    yearly: asked?.perMonth
      ? `${asked.text.replace(/ a month$/, "").replace(/\d+(?:[.,]\d+)?/, (n) => String(Math.round(Number(n) * 12)))} a year`
      : undefined,
    local: asked && p.life.locale.countryCode !== "US" ? p.life.money(asked.usd, asked.perMonth) : undefined,
  };
  if (intent.experience && !intent.money) {
    const yes = band === "yes" || band === "probably" || (band === "depends" && p.rng.chance(0.5));
    const reason = pick(p, EXPERIENCE_REASONS[yes ? "yes" : "no"], extra) ?? "";
    const lead = pick(p, EXPERIENCE_LEADS[yes ? "yes" : "no"], { ...extra, reason, reasonCap: capitalize(reason) });
    return [
      ...lines("lead", [lead], null),
      ...lines("detail", picks(p, EXPERIENCE_BODY[yes ? "yes" : "no"], 2, extra), 2),
    ];
  }
  const bank = intent.money ? MONEY_REASONS[band] : GENERAL_REASONS[band];
  // A question about the persona's own life ("Do you like your city?") is answered from that life.
  // Its lines are warm ones, so a negative stance keeps its own reason and says the life fact after it.
  const positive = band === "yes" || band === "probably" || band === "depends";
  const life = !intent.money && p.topicLine ? stripEndPunctuation(lowerLead(p.topicLine)) : null;
  const own = positive ? life : null;
  const reason = own ?? pick(p, bank, extra) ?? pick(p, GENERAL_REASONS[band], extra) ?? "it is just how I am";
  const echoed = `${echoLead(band, intent.echo)}: ${reason}.`;
  const lead =
    own || p.rng.chance(0.5)
      ? echoed
      : pick(p, STANCE_LEADS[band], { ...extra, reason, reasonCap: capitalize(reason) });
  return [
    ...lines("lead", [lead], null),
    ...lines("core", [life && !own ? `Still, ${lowerLead(p.topicLine!)}` : null], 1),
    ...(life && p.topicDetails?.length
      ? lines("detail", p.topicDetails, 2)
      : stanceBody(p, band, extra, intent.money, reason)),
  ];
}

/** "Yes, I do", "Probably not", "No, it is not": the stance in the question's own terms. */
function echoLead(band: Band, echo: { yes: string; no: string }): string {
  switch (band) {
    case "yes":
      return `Yes, ${echo.yes}`;
    case "probably":
      return `Mostly yes, ${echo.yes}`;
    case "depends":
      return "It depends";
    case "probablyNot":
      return `Probably not, no`;
    case "no":
      return `No, ${echo.no}`;
  }
}

function stanceBody(p: IntentPlan, band: Band, extra: Vars, money: boolean, reason?: string): Lines {
  const dir = band === "yes" || band === "probably" ? "up" : band === "depends" ? "mid" : "down";
  const bank = money ? MONEY_REASONS[band] : GENERAL_REASONS[band];
  const second = picks(p, bank, 2, extra).filter((r) => r !== reason)[0];
  const body = [
    second ? `${capitalize(second)}.` : null,
    ...picks(p, (money ? STANCE_BODY : PLAIN_BODY)[dir], 2, extra),
  ];
  return lines("detail", body, 2);
}

// ---- frustration ----------------------------------------------------------------------------------

function aspectsFor(target: string, p: IntentPlan): readonly Aspect[] {
  const { locale } = p.life;
  const names = (list: readonly string[]) => list.some((n) => n && target.toLowerCase().includes(n.toLowerCase()));
  if (names(locale.banks)) return FRUSTRATION_TARGETS[0]!.aspects;
  for (const kind of FRUSTRATION_TARGETS) if (kind.match.test(target)) return kind.aspects;
  if (names(locale.shops)) return FRUSTRATION_TARGETS[3]!.aspects;
  if (names(locale.transport)) return FRUSTRATION_TARGETS[2]!.aspects;
  return GENERIC_ASPECTS;
}

function planFrustration(target: string, p: IntentPlan): Lines {
  const aspects = p.rng.shuffle(aspectsFor(target, p)).filter((a) => fill(a.name, p.vars) !== null);
  const extra: Vars = { target, price: p.life.money(15, true) };
  const first = aspects[0]!;
  const aspect = fill(first.name, p.vars)!;
  const lead = pick(p, FRUSTRATION_LEADS, { ...extra, aspect, aspectCap: capitalize(aspect) });
  // One concrete line per aspect, the first aspect's included, so a short answer still says what is wrong.
  const concrete = aspects.slice(0, 3).map((a) => pick(p, a.lines, extra));
  return [
    ...lines("lead", [lead], null),
    ...lines("core", concrete.slice(0, 1), null),
    ...lines("detail", concrete.slice(1), 2),
    ...lines("close", [pick(p, FRUSTRATION_PERSONAL, extra)], 4),
  ];
}

// ---- weekend --------------------------------------------------------------------------------------

const WEEKEND_WORK_RE =
  /\b(nurse|doctor|paramedic|barista|waiter|waitress|server|chef|cook|driver|trucker|police|firefighter|carer|caregiver|security|bartender|cashier|retail|sales associate|hotel|receptionist)\b/i;

function planWeekend(p: IntentPlan): Lines {
  const { view, life, rng } = p;
  const occupation = view.persona.baseOccupation;
  let lead: string | null;
  if (life.religious) lead = pick(p, WEEKEND_RELIGIOUS);
  else if (/\bfarm/i.test(occupation) && view.status === "working") lead = pick(p, WEEKEND_FARM);
  else if (view.status === "student") lead = pick(p, WEEKEND_STUDENT);
  else if (view.status === "working" && WEEKEND_WORK_RE.test(occupation) && rng.chance(0.6))
    lead = pick(p, WEEKEND_WORKED);
  else lead = pick(p, WEEKEND_LEADS);
  const family = life.hasKids
    ? life.grownKids
      ? [...WEEKEND_FAMILY.grown, ...(life.partner ? WEEKEND_FAMILY.partner : [])]
      : WEEKEND_FAMILY.kids
    : life.partner
      ? WEEKEND_FAMILY.partner
      : life.livesAlone
        ? WEEKEND_FAMILY.alone
        : [];
  const details = picks(p, WEEKEND_DETAILS, 3).filter((d) => !life.religious || !/stayed out|dinner|party/.test(d));
  return [
    ...lines("lead", [lead ?? pick(p, WEEKEND_LEADS)], null),
    ...lines("detail", [pick(p, family)], 2),
    ...lines("detail", details, 3),
  ];
}

// ---- process --------------------------------------------------------------------------------------

function planProcess(decision: string, p: IntentPlan): Lines {
  const { view, life } = p;
  const careful = view.traits.conscientiousness >= 0.5;
  const thrifty = view.stance.priceSensitivity > 0.5;
  const members = life.hasKids && !life.grownKids ? 4 : life.partner ? 2 : life.religious ? 6 : 1;
  const budget = life.money(Math.round((35 + 30 * members) * (0.7 + view.stance.affluence)));
  const extra: Vars = { decision, budget };
  if (/\b(grocer|food|shopping|supermarket|eat|meals?|cook)/i.test(decision)) {
    const g = PROCESS_GROCERIES;
    const household = life.religious
      ? g.household.religious
      : life.hasKids
        ? life.grownKids
          ? g.household.grown
          : g.household.kids
        : life.partner
          ? g.household.partner
          : life.livesAlone
            ? g.household.alone
            : g.household.other;
    return [
      ...lines("lead", [pick(p, careful ? g.lead.careful : g.lead.easygoing, extra)], null),
      ...lines("core", [pick(p, household, extra)], 1),
      ...lines("detail", [pick(p, thrifty ? g.price.thrifty : g.price.comfortable, extra)], 1),
      ...lines("close", [pick(p, g.close, extra)], 4),
    ];
  }
  return [
    ...lines("lead", [pick(p, careful ? PROCESS_GENERIC.careful : PROCESS_GENERIC.easygoing, extra)], null),
    ...lines("detail", picks(p, PROCESS_GENERIC.middle, 2, extra), 1),
  ];
}

// ---- pride ----------------------------------------------------------------------------------------

const WORK_STORY_RE =
  /\b(work|working|job|career|promot\w*|colleagues?|clients?|customers?|patients?|boss|shifts?|office|hired|business|taught|class|students?|team|project)\b/i;

function planPride(about: string, p: IntentPlan): Lines {
  const { view, life } = p;
  // "Proud at work" is answered with a work memory; a memory of moving house answers another question.
  const fits =
    p.prideStory &&
    (!/\b(work|job|career)\b/i.test(about) ||
      WORK_STORY_RE.test(p.prideStory) ||
      p.prideStory.toLowerCase().includes(view.occupationNoun.toLowerCase()));
  if (fits) {
    const lead = pick(
      p,
      [
        "The one I always come back to is when {story}.",
        "I would have to say when {story}.",
        "That is easy: when {story}.",
        "It goes back a while, but when {story}, I was prouder than I let on.",
      ],
      { story: p.prideStory ?? undefined },
    );
    return [...lines("lead", [lead], null), ...lines("detail", picks(p, PRIDE_WHY, 2), 1)];
  }
  const bank = life.religious
    ? PRIDE_WORK.religious
    : view.status === "working"
      ? PRIDE_WORK.working
      : view.status === "retired"
        ? PRIDE_WORK.retired
        : view.status === "student"
          ? PRIDE_WORK.student
          : PRIDE_WORK.other;
  return [
    ...lines("lead", [pick(p, bank) ?? pick(p, PRIDE_WORK.other)], null),
    ...lines("detail", picks(p, PRIDE_WHY, 2), 1),
  ];
}

// ---- price ----------------------------------------------------------------------------------------

/** A price question in free text: the amount first, in the persona's currency unless the question names one. */
export function planPrice(p: IntentPlan, namedCurrency: string | null, period: string | null): Lines {
  const { position, domain } = latentAttitude(p.view, p.ctx.userPrompt, p.ctx.seed);
  const usd = priceFor(p.ctx.userPrompt, position);
  const perMonth = period === "a month";
  const say = (value: number) =>
    namedCurrency
      ? [String(value), namedCurrency, period].filter(Boolean).join(" ")
      : [p.life.money(value, perMonth), perMonth ? null : period].filter(Boolean).join(" ");
  const amount = say(usd);
  const extra: Vars = { amount, upper: say(Math.round(usd * 1.6)), lower: say(Math.max(1, Math.round(usd * 0.5))) };
  const ask = {
    view: p.view,
    question: p.ctx.userPrompt,
    seed: p.ctx.seed,
    register: "neutral" as const,
    noiseScale: 1,
  };
  // A reason not given already this session (a second price question draws again, then goes without).
  let reason: string | null = null;
  for (let i = 0; i < 6 && reason === null; i++) {
    const r = reasonFor(domain, position, ask, p.rng);
    if (!repeatsPassage(r, p.said)) reason = r;
  }
  return [
    { slot: "lead", text: reason ? `${amount} — ${reason}` : `About ${amount}.`, rank: null },
    ...lines("detail", picks(p, PRICE_DETAILS, 2, extra), 1),
  ];
}

// ---- opinion --------------------------------------------------------------------------------------

const PIECE_SPLIT_RE = /\s+(?:for|about|with|on|in|of|to|from|at|by|when|if|instead of)\s+/i;

/**
 * The subject in short pieces a view can name without pasting the question: "asking an AI chatbot for
 * health advice" → ["an AI chatbot", "health advice"]; a leading verb ("asking", "using") is dropped and
 * each piece keeps at most its last three words.
 */
export function piecesOf(subject: string): string[] {
  return subject
    .split(PIECE_SPLIT_RE)
    .map((piece, i) =>
      (i === 0 ? piece.replace(/^(?:\w+ing)\s+(?=\S)/i, "") : piece).split(/\s+/).slice(-3).join(" ").trim(),
    )
    .filter((piece) => contentWords(piece).length > 0);
}

function planOpinion(subject: string, p: IntentPlan): Lines {
  const { position } = latentAttitude(p.view, p.ctx.userPrompt, p.ctx.seed);
  const side = position > 0.56 ? "for" : position < 0.44 ? "against" : "torn";
  const pieces = piecesOf(subject);
  const a = pieces[0] ?? subject;
  const b = pieces[1] ?? a;
  const extra: Vars = { a, aCap: capitalize(a), b, bCap: capitalize(b) };
  const lead = pick(p, OPINION_LEADS[side], extra) ?? pick(p, OPINION_LEADS[side].slice(2), extra);
  return [
    ...lines("lead", [lead], null),
    ...lines("core", [pick(p, OPINION_DETAILS[side], extra)], 1),
    // Not the topic line: it names the whole subject again ("When it comes to asking…").
    ...lines("detail", (p.topicDetails ?? []).slice(0, 1), 3),
  ];
}

// ---- routine --------------------------------------------------------------------------------------

const COMMUTE_FREE_RE = /\b(farm|homemaker|housewife|house husband|stay-at-home|remote|freelance|trader|writer)\b/i;

/** "What's a typical morning like?": waking, breakfast and what comes next, by the persona's life. */
function planRoutine(part: "morning" | "day" | "evening", p: IntentPlan): Lines {
  const { view, life, rng } = p;
  const occupation = view.persona.baseOccupation;
  const farm = /\bfarm/i.test(occupation) && view.status === "working";
  const who = life.religious
    ? "religious"
    : farm
      ? "farm"
      : view.status === "working" || view.status === "retired" || view.status === "student"
        ? view.status
        : "other";
  const early = who === "religious" || who === "farm" ? 5 : who === "student" ? 7 : 6;
  const minutes = rng.pick(["", ":15", ":30", ":45"]);
  const wake = `${early + (rng.chance(0.5) ? 0 : 1)}${minutes || ""}`.replace(/^(\d+)$/, "$1 o'clock");
  const leave = `${early + 2}${rng.pick([":00", ":15", ":30"])}`;
  const drink =
    life.locale.countryCode === "IN"
      ? "chai"
      : rng.pick(["a strong coffee", "a pot of tea", "a coffee", "a cup of tea"]);
  const extra: Vars = { wake, leave, drink };
  const t = ROUTINE_LINES.after;
  const then =
    who === "religious"
      ? t.religious
      : who === "retired"
        ? t.retired
        : who === "student"
          ? t.student
          : life.hasKids && !life.grownKids
            ? t.kids
            : who === "working" && !COMMUTE_FREE_RE.test(occupation)
              ? t.commute
              : life.partner
                ? t.partner
                : t.alone;
  return [
    ...lines("lead", [pick(p, ROUTINE_LINES.wake[who], extra)], null),
    ...lines("core", [pick(p, then, extra)], 1),
    ...lines("detail", picks(p, ROUTINE_LINES.day, part === "morning" ? 1 : 2, extra), part === "morning" ? 4 : 2),
  ];
}

// ---- follow-ups -----------------------------------------------------------------------------------

interface Earlier {
  question: string;
  answer: string;
  intent: Intent | null;
}

function earlierTurn(ctx: SimAnswerContext): Earlier | null {
  const h = ctx.history;
  for (let i = h.length - 1; i >= 0; i--) {
    if (h[i]!.role !== "assistant") continue;
    const question = [...h.slice(0, i)].reverse().find((t) => t.role === "user")?.content ?? "";
    // "Why?" after "tell me more" is still about the answer before them.
    if (readFollowUp(question, true) && i > 1) continue;
    // The earlier question's own intent, read as if it had no follow-up before it.
    return { question, answer: h[i]!.content, intent: readIntent(question, false) };
  }
  return null;
}

/** "Why?" leads by what the earlier answer was; each names what was said. */
const WHY_LEADS: Record<string, readonly string[]> = {
  stance: [
    "I said {stanceWord} to {thing} because {reason}.",
    "Because {reason}; that is why my answer on {thing} was {stanceWord}.",
    "{whyThing}? Mostly because {reason}.",
  ],
  frustration: [
    "Why does {aspect} get to me? Because {reason}.",
    "Because {reason}, and {aspect} with {target} is where I feel it most.",
    "I complain about {aspect} because {reason}.",
  ],
  weekend: [
    "Why spend it like that? Because {reason}.",
    "Because {reason}; that is how my weekends in {city} usually go.",
  ],
  process: [
    "Why do I decide {decision} like that? Because {reason}.",
    "Because {reason}; that is why I have a routine for {decision}.",
  ],
  price: ["Why {amount}? Because {reason}.", "I said {amount} because {reason}."],
  pride: [
    "It was such a big deal because {reason}: when {story}, I knew I could do this.",
    "Because {reason}. When {story}, something settled in me.",
    "It made me proud because {reason}; when {story}, I surprised even myself.",
  ],
  other: [
    "Because {reason}; that is what I meant when I said {gist}.",
    "When I said {gist}, it was because {reason}.",
    "Fair question: I said {gist} because {reason}.",
  ],
};

/** The earlier answer's point in a few words, for "why {gist}?" and "when I said {gist}". */
function gistOf(earlier: Earlier, p: IntentPlan): { gist: string; reasons: string; slots?: Vars; leads?: string } {
  const { answer, intent } = earlier;
  const first = stripEndPunctuation(sentences(answer)[0] ?? answer);
  const stance = /\b(probably not|probably|it depends|maybe|i doubt it|no|yes|never|i have)\b/i
    .exec(first)?.[1]
    ?.toLowerCase();
  switch (intent?.kind) {
    case "stance": {
      const word = stance === "i doubt it" ? "probably not" : stance === "i have" ? "yes" : (stance ?? "what I did");
      return {
        gist: `${word} to ${intent.thing}`,
        reasons: "stance",
        slots: {
          stanceWord: word,
          thing: intent.thing,
          topic: intent.thing,
          whyThing: /^(no|probably not|never)$/.test(word) ? `Why not ${intent.thing}` : `Why ${intent.thing}`,
        },
      };
    }
    case "frustration": {
      const aspect = aspectsFor(intent.target, p)
        .map((a) => fill(a.name, p.vars) ?? "")
        .find((n) => n && answer.toLowerCase().includes(n.toLowerCase()));
      return {
        gist: `${aspect ?? "the hassle"} with ${intent.target}`,
        reasons: "frustration",
        slots: { aspect: aspect ?? "the hassle", target: intent.target, topic: intent.target },
      };
    }
    case "weekend":
      return { gist: "I spent the weekend the way I did", reasons: "weekend", slots: { topic: "last weekend" } };
    case "process":
      return {
        gist: `I go about ${intent.decision} that way`,
        reasons: "process",
        slots: { decision: intent.decision, topic: intent.decision },
      };
    case "price": {
      // "about 12 in local money" is how a price reads where the currency is unknown.
      const amount = (ANSWERED_AMOUNT_RE.exec(answer) ?? /^about \d+[^—]*/.exec(answer))?.[0]?.trim() ?? "that price";
      return { gist: amount, reasons: "price", slots: { amount, topic: "the price" } };
    }
    case "pride": {
      const story = clauseAfter(answer, /\bwhen\s+/i) ?? clauseAfter(answer, /\bthat\s+(?=I\b)/);
      if (!story) {
        // A story told without "when…": its first clause is what was said.
        // A story told without "when…": its first real clause is what was said ("Years ago, as a
        // teacher, I trained…" → "I trained…").
        const parts = stripEndPunctuation(first).split(/[,;:]\s*/);
        while (parts.length > 1 && parts[0]!.split(" ").length <= 4) parts.shift();
        const told = parts[0]!.replace(/^(?!I\b)([A-Z])(?=[a-z]|\s)/, (c) => c.toLowerCase());
        const gist = told.split(" ").length >= 4 ? told : "that moment made me proud";
        return { gist, reasons: "pride", slots: { topic: "that day" }, leads: "other" };
      }
      return { gist: `that ${story} made me proud`, reasons: "pride", slots: { topic: "that day", story } };
    }
    default: {
      const amount = ANSWERED_AMOUNT_RE.exec(answer)?.[0];
      if (amount && /\b(pay|price|cost|spend)\b/i.test(earlier.question))
        return { gist: amount, reasons: "price", slots: { amount } };
      return { gist: `that ${lowerStart(clip(first, 12))}`, reasons: "other" };
    }
  }
}

/** The story clause of the answer's first sentence ("…when I started working as a nurse at 23, …"). */
function clauseAfter(text: string, marker: RegExp): string | null {
  for (const s of sentences(text).slice(0, 1)) {
    const m = marker.exec(s);
    if (m) {
      const rest = stripEndPunctuation(s.slice(m.index + m[0].length))
        .split(/[;:]|,\s*(?:and|but|so|I)\b/)[0]!
        .trim();
      if (rest.split(" ").length >= 3) return clip(rest, 20);
    }
  }
  return null;
}

function clip(text: string, words: number): string {
  const parts = text.split(/\s+/);
  return parts.length <= words ? text : parts.slice(0, words).join(" ");
}

function lowerStart(text: string): string {
  return /^I\b/.test(text) ? text : text.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
}

function planFollowUp(intent: Extract<Intent, { kind: "followUp" }>, p: IntentPlan): Lines {
  const earlier = earlierTurn(p.ctx);
  if (!earlier) return [];
  const { gist, reasons, slots, leads } = gistOf(earlier, p);
  const reasonBank = WHY_REASONS[reasons] ?? WHY_REASONS.other!;
  // A reason not already given earlier in the session (the lead is always said, so it must be fresh).
  const reason =
    picks(p, reasonBank, reasonBank.length).find((r) => !repeatsPassage(r, p.said)) ?? "that is how my life has gone";
  const extra: Vars = { gist, reason, ...slots };
  const again = earlier.intent && earlier.intent.kind !== "followUp" ? freshLines(earlier, p) : [];
  // "Why?" and "tell me more" build on what the earlier answer said: its own details, never the question.
  const [detail, detail2] = detailsOf(earlier.answer, p);
  const built: Vars = detail ? { ...extra, detail, detail2: detail2 ?? detail } : extra;
  switch (intent.ask) {
    case "why": {
      const lead =
        (detail ? pick(p, detail2 ? WHY_DETAIL_LEADS.two : WHY_DETAIL_LEADS.one, built) : null) ??
        pick(p, WHY_LEADS[leads ?? reasons] ?? WHY_LEADS.other!, extra) ??
        pick(p, WHY_LEADS.other!, extra);
      return [
        ...lines("lead", [lead], null),
        ...again.slice(0, 2).map((l, i) => ({ ...l, slot: "detail" as const, rank: 2 + i })),
      ];
    }
    case "more":
      return [
        ...lines(
          "lead",
          [
            (detail ? pick(p, detail2 ? MORE_DETAIL_LEADS.two : MORE_DETAIL_LEADS.one, built) : null) ??
              pick(p, MORE_LEADS, extra),
          ],
          null,
        ),
        ...again.slice(0, 3).map((l, i) => ({ ...l, slot: "detail" as const, rank: i === 0 ? null : 1 + i })),
      ];
    case "about":
      return planAbout(intent.about ?? "", earlier, p, extra);
    case "quote":
      return planQuote(intent.about, p, extra);
  }
}

/** "Why?" led by the earlier answer's own details ({detail}: a run of its content words). */
const WHY_DETAIL_LEADS = {
  two: [
    "Because of {detail}, mostly, and {detail2} plays into it too.",
    "When I think about {detail}, {detail2} is never far behind; {reason}.",
    "Put simply, {detail} matters to me, and so does {detail2}.",
    "It is {detail} first and {detail2} second, because {reason}.",
    "Honestly, {detail} and {detail2} explain most of it.",
  ],
  one: [
    "It comes down to {detail}; {reason}.",
    "Mostly {detail}, because {reason}.",
    "Because of {detail}, really: {reason}.",
  ],
} as const;

/** "Tell me more" led by the earlier answer's own details. */
const MORE_DETAIL_LEADS = {
  two: [
    "Take {detail}: that is only half of it, the other half is {detail2}.",
    "On {detail}, there is more I could say, and on {detail2} too.",
    "The bit about {detail} deserves more than one sentence, and so does {detail2}.",
    "Picture {detail} and {detail2}, and you have most of my week.",
    "Where {detail2} comes in, it is {detail} that matters most.",
  ],
  one: [
    "Take {detail}: that is only half of it.",
    "On {detail}, there is more I could say.",
    "The bit about {detail} deserves more than one sentence.",
  ],
} as const;

const DETERMINER_RE = /^(a|an|the|my|our|your|his|her|their|every|this|that|some|another|each|any)$/i;

/** Words too common to stand for a detail of what was said. */
const VAGUE = new Set(
  (
    "time times day days week weeks year years usually probably really actually honestly people little pretty enough " +
    "always never often today lately sure good great make made makes keep going getting need needs mean quite rather " +
    "sometimes mostly just even much part whole kind sort bit point first last next every into thing fine less better " +
    "simply basically definitely certainly guess means tell thought want wanted use used put see seem seems take give " +
    "goes gone let like many may might must other others own right same such though through yet"
  ).split(" "),
);

/**
 * Up to two details of an earlier answer, each a run of two or three of its content words ("customer
 * service", "quiet lunch"), from different sentences where it can, in seeded order; none naming the
 * persona's own name, town or job (those say nothing about the answer).
 */
export function detailsOf(answer: string, p: IntentPlan): string[] {
  const { persona } = p.view;
  const own = new Set(
    words(
      [persona.firstName, persona.lastName, persona.location, persona.baseOccupation, persona.household ?? ""].join(
        " ",
      ),
    ),
  );
  const usable = (w: string) => w.length >= 3 && !isStopword(w) && !VAGUE.has(w) && !own.has(w) && !/\d/.test(w);
  const runs: { text: string; sentence: number; noun: boolean }[] = [];
  const singles: { text: string; sentence: number; noun: boolean }[] = [];
  sentences(answer).forEach((sentence, index) => {
    const toks = sentence.split(/\s+/).map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""));
    const breaks = sentence.split(/\s+/).map((t) => /[,.;:!?—–)"]$/.test(t));
    let run: string[] = [];
    let noun = false;
    const flush = () => {
      if (run.length >= 2) runs.push({ text: run.slice(0, 3).join(" "), sentence: index, noun });
      else if (run.length === 1) singles.push({ text: run[0]!, sentence: index, noun });
      run = [];
    };
    toks.forEach((t, i) => {
      const w = t.toLowerCase();
      if (t && /^[\p{L}-]+(?:'s)?$/u.test(t) && usable(w)) {
        if (run.length === 0) noun = DETERMINER_RE.test(toks[i - 1] ?? "");
        run.push(t);
      } else flush();
      if (breaks[i]) flush();
    });
    flush();
  });
  const distinct = (a: string, b: string) => !words(a).some((w) => words(b).includes(w));
  // Noun phrases ("the weekly shop") read best; any run, then single words, when there are none.
  const shuffled = [
    ...p.rng.shuffle(runs.filter((r) => r.noun)),
    ...p.rng.shuffle(runs.filter((r) => !r.noun)),
    ...p.rng.shuffle(singles.filter((r) => r.noun)),
    ...p.rng.shuffle(singles.filter((r) => !r.noun)),
  ];
  const first = shuffled[0];
  if (!first) return [];
  const second =
    shuffled.find((r) => r.sentence !== first.sentence && distinct(r.text, first.text)) ??
    shuffled.find((r) => distinct(r.text, first.text));
  const lower = (t: string) => (/^I\b/.test(t) ? t : t.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase()));
  return [first, second].filter((r): r is NonNullable<typeof r> => Boolean(r)).map((r) => lower(r.text));
}

/** The earlier question asked again with another draw, minus everything already said: "tell me more". */
function freshLines(earlier: Earlier, p: IntentPlan): Lines {
  const intent = earlier.intent;
  if (!intent || intent.kind === "followUp") return [];
  const said = normalizeForCompare(p.said);
  const again = planIntent(intent, { ...p, ctx: { ...p.ctx, userPrompt: earlier.question } });
  return again.filter((l) => !said.includes(normalizeForCompare(l.text)) && l.slot !== "lead");
}

const FAMILY_RE =
  /\b(kids?|children|child|sons?|daughters?|grandkids|grandchildren|husband|wife|partner|spouse|family|parents?)\b/i;

function planAbout(about: string, earlier: Earlier, p: IntentPlan, extra: Vars): Lines {
  const { life } = p;
  if (FAMILY_RE.test(about)) {
    const wantsKids = /\b(kids?|children|child|sons?|daughters?|grandkids|grandchildren)\b/i.test(about);
    const wantsPartner = /\b(husband|wife|partner|spouse)\b/i.test(about);
    let lead: string | null;
    if (life.religious && (wantsKids || wantsPartner)) lead = pick(p, NO_FAMILY_LINES.religious);
    else if (wantsKids && /grand/i.test(about) ? life.hasGrandkids : wantsKids && life.hasKids)
      lead = pick(p, /grand/i.test(about) ? FAMILY_LINES.grandkids : FAMILY_LINES.kids);
    else if (wantsPartner && life.partner) lead = pick(p, FAMILY_LINES.partner);
    else if (wantsKids || wantsPartner)
      lead = pick(
        p,
        wantsKids ? NO_FAMILY_LINES.none : ["I am on my own these days, so there is nobody else to consult."],
      );
    else
      lead = pick(
        p,
        ["My family would say much the same about {gist}, I think.", "The family mostly leaves {gist} to me."],
        extra,
      );
    const tie = pick(
      p,
      ["It does not change what I said about {topic}, though.", "My answer about {topic} stays the same, though."],
      extra,
    );
    return [...lines("lead", [lead], null), ...lines("detail", [tie], 2)];
  }
  const asked = earlier.intent;
  if (asked?.kind === "frustration") return planFrustration(about, p);
  if (asked?.kind === "stance")
    return planStance(
      { ...asked, thing: about, action: about },
      { ...p, ctx: { ...p.ctx, userPrompt: `${earlier.question} ${about}` } },
    );
  return [
    ...lines(
      "lead",
      [
        pick(
          p,
          [
            "{aboutCap}? Much the same as {gist}, really.",
            "With {about} it is a bit different from {gist}, but not much.",
          ],
          { ...extra, about, aboutCap: capitalize(about) },
        ),
      ],
      null,
    ),
  ];
}

function planQuote(quote: string | null, p: IntentPlan, extra: Vars): Lines {
  const wanted = new Set(contentWords(quote ?? ""));
  const said = p.ctx.history.filter((t) => t.role === "assistant").flatMap((t) => sentences(t.content));
  const best = said
    .map((s) => ({ s, hits: contentWords(s).filter((w) => wanted.has(w)).length }))
    .sort((a, b) => b.hits - a.hits)[0];
  if (quote && best && best.hits >= Math.max(1, Math.ceil(wanted.size / 3))) {
    const mine = flipToPersona(quote).replace(/^that\s+/i, "");
    return lines(
      "lead",
      [pick(p, QUOTE_LEADS.found, { ...extra, quote: mine }), `${capitalize(extra.reason!)}.`],
      null,
    );
  }
  return lines("lead", [pick(p, QUOTE_LEADS.notFound, extra)], null);
}
