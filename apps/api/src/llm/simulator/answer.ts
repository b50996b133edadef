import { readIntent } from "./intents.ts";
import { type IntentLine, type IntentPlan, planIntent } from "./intents-plan.ts";
import { latentAttitude, normalizeQuestion } from "./latent.ts";
import { lifeOf } from "./life.ts";
import { memoryLines, PRESSURE_TO_SURFACE, prideStoryOf, toldBefore } from "./memory.ts";
import { type PersonaView, viewPersona } from "./persona.ts";
import {
  ASK_BACK,
  CLOSERS,
  ENERGETIC_OPENERS,
  GREETING_FOLLOW_UPS,
  GREETING_LINES,
  IN_CHARACTER_FOLLOW_UPS,
  IN_CHARACTER_LINES,
  OPENERS,
  PROFILE_LINES,
  RECALL_LINES,
  SELF_LINES,
  STANCE_LINES,
  type TraitName,
  WORRIED_OPENERS,
} from "./phrases.ts";
import { type Bank, HOBBY_SUBJECT, PROPOSAL_LINES, STORY_CORE, TOPIC_CORE, TOPIC_DETAIL } from "./phrases-topics.ts";
import { recallFromHistory } from "./recall.ts";
import { createRng, type Rng } from "./rng.ts";
import { answerStructured } from "./structured.ts";
import { detectStructured } from "./structured-detect.ts";
import { pickTemplate, pickTemplates, type Vars } from "./templates.ts";
import { capitalize, contentWords, sentences } from "./text.ts";
import { isGreeting, isInjection, type PromptReading, readPrompt, refersBack, type Topic } from "./topics.ts";
import type { SimAnswerContext } from "./types.ts";
import { personaVars } from "./vars.ts";
import {
  addSpeechHabits,
  applyRegister,
  lowerFirstWord,
  normalizeForCompare,
  repeatsPassage,
  type Voice,
  voiceOf,
} from "./voice.ts";

/**
 * The persona's answer in three steps: read the prompt (structured format? topic, kind, intent), plan
 * the candidate sentences (what the topic, memories, stance and profile allow to be said), and realise
 * as many as the voice's verbosity allows, in its register and with its habits.
 */

export interface AnswerOptions {
  /** Scales structured-answer noise; 0 gives the persona's most likely value. Defaults to 1. */
  noiseScale?: number;
}

/** Sentence order in the answer: direct replies first, sign-off last. */
type Slot = "lead" | "core" | "memory" | "detail" | "stance" | "profile" | "close";
const SLOT_ORDER: readonly Slot[] = ["lead", "core", "memory", "detail", "stance", "profile", "close"];
/** Sentences that can take a filler or catchphrase in front. */
const HABIT_SLOTS: ReadonlySet<Slot> = new Set(["detail", "stance", "profile"]);

interface Candidate {
  slot: Slot;
  text: string;
  /** Lower is said first when the voice has room for only some; null = always said. */
  rank: number | null;
}

interface Plan {
  ctx: SimAnswerContext;
  reading: PromptReading;
  view: PersonaView;
  voice: Voice;
  vars: Vars;
  rng: Rng;
  /** The previous assistant turn, whose templates and opener are not reused. */
  previous: string;
  /** Every earlier assistant turn of the session, joined. */
  said: string;
  out: Candidate[];
  /** Openers allowed before the first sentence: none for direct answers (a stance, a price). */
  openers: "any" | "comma" | "none";
}

export function simulateAnswer(ctx: SimAnswerContext, options: AnswerOptions = {}): string {
  const view = viewPersona(ctx.persona);
  const voice = voiceOf(view.profile.communicationStyle, view.traits.extraversion);
  const structured = detectStructured(ctx.userPrompt);
  const price = structured?.kind === "numeric" && structured.numeric.type === "price" ? structured.numeric : null;
  if (structured && !price) {
    return answerStructured(structured, {
      view,
      question: ctx.userPrompt,
      seed: ctx.seed,
      register: voice.register,
      noiseScale: options.noiseScale ?? 1,
    });
  }
  const rng = createRng("answer", ctx.persona.id, normalizeQuestion(ctx.userPrompt), ctx.seed, ctx.history.length);
  const reading = readPrompt(ctx.userPrompt);
  const plan: Plan = {
    ctx,
    reading,
    view,
    voice,
    vars: {
      ...personaVars(view, rng),
      ...subjectVars(reading),
      jargon: voice.jargon.length > 0 ? rng.pick(voice.jargon) : undefined,
    },
    rng,
    previous: [...ctx.history].reverse().find((t) => t.role === "assistant")?.content ?? "",
    said: ctx.history
      .filter((t) => t.role === "assistant")
      .map((t) => t.content)
      .join(" "),
    out: [],
    openers: "any",
  };
  const intent = readIntent(
    ctx.userPrompt,
    ctx.history.some((t) => t.role === "assistant"),
  );
  if (isInjection(ctx.userPrompt)) planInCharacter(plan);
  else if (isGreeting(ctx.userPrompt)) planGreeting(plan);
  else if (intent?.kind === "price")
    return realise(
      planByIntent(plan, (p) => planIntent(intent, p)),
      intentTarget(plan),
    );
  else if (intent?.kind === "followUp" && intent.ask === "quote")
    return realise(
      planByIntent(plan, (p) => planIntent(intent, p)),
      intentTarget(plan),
    );
  else if (intent?.kind === "opinion" || intent?.kind === "routine") {
    // A view or a routine, then as much of the persona's own colour as the voice has room for.
    const planned = planByIntent(plan, (p) => planIntent(intent, p));
    addRanked(planned, "stance", traitLines(planned), 4);
    addRanked(planned, "profile", pickTemplates(rng, PROFILE_LINES, planned.vars, planned.previous, 3), 5);
    return realise(planned, intentTarget(planned));
  } else if (refersBack(ctx.userPrompt)) planRecall(plan);
  else if (reading.selfQuestion === "name" || reading.selfQuestion === "age")
    planIntroduction(plan, reading.selfQuestion);
  else if (intent) {
    const planned = planByIntent(plan, (p) => planIntent(intent, p));
    if (planned.out.length > 0) return realise(planned, intentTarget(plan));
    planTopic(plan);
  } else planTopic(plan);
  return realise(plan, sentenceTarget(voice, reading, rng));
}

/** Two to five sentences for an answer that follows the question's intent, within the voice's range. */
function intentTarget(plan: Plan): number {
  return Math.min(5, Math.max(2, plan.rng.int(plan.voice.minSentences, plan.voice.maxSentences)));
}

/**
 * An answer planned by intent (intents-plan.ts), with the memories that fit: a pride memory is told
 * when asked about, else volunteered once per session when loosely relevant; shame and repressed
 * memories behave as on any topic.
 */
function planByIntent(plan: Plan, planner: (p: IntentPlan) => IntentLine[]): Plan {
  const { ctx, view, rng } = plan;
  const pride = ctx.memories.find((m) => m.memoryType === "pride");
  const askedAboutPride = /\b(proud|proudest|pride|achievement|accomplish\w*)\b/i.test(ctx.userPrompt);
  const intentPlan: IntentPlan = {
    ctx,
    view,
    life: lifeOf(view),
    rng,
    vars: plan.vars,
    said: plan.said,
    prideStory: pride && askedAboutPride ? prideStoryOf(pride, view, rng) : null,
    topicLine: OWN_LIFE_TOPICS.has(plan.reading.topic) ? pickFromBanks(plan, TOPIC_CORE[plan.reading.topic]) : null,
    topicDetails: OWN_LIFE_TOPICS.has(plan.reading.topic)
      ? pickTemplates(rng, fitting(TOPIC_DETAIL[plan.reading.topic], view), plan.vars, plan.said, 2)
      : [],
  };
  const planned = planner(intentPlan);
  if (planned.length === 0) return { ...plan, out: [] };
  for (const line of planned) add(plan, line.slot === "close" ? "close" : line.slot, line.text, line.rank);
  const memories = memoryLines(ctx.memories, ctx.pressure, view, rng, 1, {
    volunteerPride: !askedAboutPride && volunteersPride(plan),
  });
  for (const line of memories) add(plan, "memory", line.text, line.required && line.kind !== "ordinary" ? null : 3);
  plan.openers = planned[0]!.slot === "lead" ? "none" : "comma";
  return plan;
}

/** Topics a yes/no question answers from the persona's own life rather than from a general stance. */
const OWN_LIFE_TOPICS: ReadonlySet<Topic> = new Set(["work", "home", "family", "health", "childhood", "hobbies"]);

/** Loosely relevant and not yet told this session: the only time a pride memory is volunteered. */
function volunteersPride(plan: Plan): boolean {
  const pride = plan.ctx.memories.find((m) => m.memoryType === "pride");
  if (!pride || toldBefore(pride, plan.view, plan.said)) return false;
  const personal =
    ["work", "childhood", "family", "hobbies"].includes(plan.reading.topic) || plan.reading.kind === "story";
  return pride.relevance > 0 || personal;
}

function subjectVars(reading: PromptReading): Vars {
  return reading.subject ? { subject: reading.subject, subjectCap: capitalize(reading.subject) } : {};
}

function add(plan: Plan, slot: Slot, text: string | null | undefined, rank: number | null): void {
  if (text) plan.out.push({ slot, text, rank });
}

/** Several lines of one slot, ranks `firstRank`, `firstRank + 3`, … so kinds interleave. */
function addRanked(plan: Plan, slot: Slot, lines: readonly string[], firstRank: number): void {
  lines.forEach((line, i) => {
    add(plan, slot, line, firstRank + i * 3);
  });
}

function pick(plan: Plan, bank: readonly string[]): string | null {
  return pickTemplate(plan.rng, bank, plan.vars, plan.previous);
}

/** Injection attempts: puzzled, in character, still the same person. */
function planInCharacter(plan: Plan): void {
  add(plan, "lead", pick(plan, IN_CHARACTER_LINES), null);
  add(plan, "lead", pick(plan, IN_CHARACTER_FOLLOW_UPS), null);
  add(plan, "stance", traitLines(plan)[0], 1);
}

function planGreeting(plan: Plan): void {
  add(plan, "lead", pick(plan, GREETING_LINES), null);
  add(plan, "close", pick(plan, GREETING_FOLLOW_UPS), 1);
}

/** "What's my dog's name?": what the user said earlier, or an honest "you haven't told me". */
function planRecall(plan: Plan): void {
  const { ctx, rng, previous } = plan;
  const recollection = recallFromHistory(ctx.userPrompt, ctx.history);
  if (!recollection) {
    add(plan, "lead", pick(plan, RECALL_LINES.nothing), null);
    add(plan, "close", pick(plan, RECALL_LINES.askAgain), 1);
    return;
  }
  const asksName = /\bname|\bwho\b|\bcalled\b/i.test(ctx.userPrompt) && recollection.name;
  const vars = { name: recollection.name ?? undefined, snippet: recollection.snippet };
  add(plan, "lead", pickTemplate(rng, asksName ? RECALL_LINES.named : RECALL_LINES.said, vars, previous), null);
  add(plan, "close", pick(plan, RECALL_LINES.reaction), 2);
}

function planIntroduction(plan: Plan, question: "name" | "age"): void {
  add(plan, "lead", pick(plan, SELF_LINES[question]), null);
  add(plan, "core", pick(plan, ["{workClause}, and I live in {location}."]), 1);
  add(
    plan,
    "profile",
    pick(plan, ["Outside of that, I spend a lot of time on {interest}.", "{valueCap} matters a lot to me."]),
    2,
  );
}

function planTopic(plan: Plan): void {
  const { ctx, reading, view, voice, rng } = plan;
  // "Where do you live?" and "what do you do?" are the home and work topics, whatever the keywords say.
  const topic: Topic =
    reading.selfQuestion === "location" ? "home" : reading.selfQuestion === "occupation" ? "work" : reading.topic;
  const askedAboutPride = /\b(proud|proudest|pride|achievement|accomplish\w*)\b/i.test(ctx.userPrompt);
  const memories = memoryLines(ctx.memories, ctx.pressure, view, rng, voice.maxSentences >= 6 ? 2 : 1, {
    volunteerPride: askedAboutPride || volunteersPride(plan),
  });
  if (topic === "other" && reading.kind === "story") {
    // "Tell me about your graduation": hand over to the memory if there is one.
    const withMemory = memories.length > 0;
    add(
      plan,
      withMemory ? "lead" : "core",
      pick(plan, withMemory ? STORY_CORE.withMemory : STORY_CORE.withoutMemory),
      null,
    );
  } else if (reading.proposal) {
    add(plan, "core", proposalLine(plan, reading.proposal), null);
  } else if (topic === "hobbies" && reading.subject) {
    const own = new Set(contentWords(view.profile.interests.join(" ")));
    const liked = contentWords(reading.subject).some((w) => own.has(w));
    add(plan, "core", pick(plan, liked ? HOBBY_SUBJECT.liked : HOBBY_SUBJECT.other), null);
  } else {
    add(plan, "core", pickFromBanks(plan, TOPIC_CORE[topic]), null);
  }
  for (const line of memories) add(plan, "memory", line.text, line.required ? null : 2);

  // Optional lines, ranked so a short answer gets the most telling one of each kind first.
  const details = pickTemplates(rng, fitting(TOPIC_DETAIL[topic], view), plan.vars, plan.previous, 3);
  addRanked(plan, "detail", details, reading.kind === "fact" ? 4 : 3);
  addRanked(plan, "stance", traitLines(plan), reading.kind === "opinion" ? 1 : 4);
  addRanked(plan, "profile", pickTemplates(rng, PROFILE_LINES, plan.vars, plan.previous, 3), 5);
  add(plan, "close", pick(plan, voice.asksBack ? ASK_BACK[voice.register] : CLOSERS[voice.register]), 9);
}

/** For, against or torn, from the same latent attitude that drives the persona's structured answers. */
function proposalLine(plan: Plan, proposal: string): string | null {
  const { position } = latentAttitude(plan.view, plan.ctx.userPrompt, plan.ctx.seed);
  const bank = position > 0.58 ? PROPOSAL_LINES.for : position < 0.42 ? PROPOSAL_LINES.against : PROPOSAL_LINES.torn;
  return pickTemplate(plan.rng, bank, { proposal, proposalCap: capitalize(proposal) }, plan.previous);
}

function fitting(banks: readonly Bank[], view: PersonaView): string[] {
  return banks.filter((b) => !b.when || b.when(view)).flatMap((b) => b.lines);
}

/**
 * A core line from the banks that fit the persona, preferring one that names the prompt's subject —
 * unless the subject is the persona's own ("my work"), which the topic line already covers.
 */
function pickFromBanks(plan: Plan, banks: readonly Bank[]): string | null {
  const lines = fitting(banks, plan.view);
  const naming = lines.filter((l) => l.includes("{subject"));
  const plain = lines.filter((l) => !l.includes("{subject"));
  if (plan.reading.subject?.startsWith("my ")) return pick(plan, plain);
  return pick(plan, naming) ?? pick(plan, plain);
}

const TRAITS: readonly TraitName[] = ["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"];

/** Lines for the persona's two most pronounced traits (those clearly away from the middle). */
function traitLines(plan: Plan): string[] {
  const { traits } = plan.view;
  return TRAITS.map((trait) => ({ trait, lean: traits[trait] - 0.5 }))
    .filter((t) => Math.abs(t.lean) > 0.12)
    .sort((a, b) => Math.abs(b.lean) - Math.abs(a.lean))
    .slice(0, 2)
    .map((t) => pick(plan, STANCE_LINES[t.trait][t.lean > 0 ? "high" : "low"]))
    .filter((line): line is string => line !== null);
}

/** How many sentences this answer gets: the voice's range, one fewer for a plain fact. */
function sentenceTarget(voice: Voice, reading: PromptReading, rng: Rng): number {
  const target = rng.int(voice.minSentences, voice.maxSentences);
  return reading.kind === "fact" ? Math.max(1, target - 1) : target;
}

function realise(plan: Plan, target: number): string {
  const { voice, vars, rng } = plan;
  const chosen = choose(unsaid(plan), vars, target);
  const styled = addSpeechHabits(
    chosen.map((c) => applyRegister(c.text, voice.register)),
    chosen.map((c) => HABIT_SLOTS.has(c.slot)),
    properStarts(vars),
    voice,
    rng,
  ).map(capitalize);
  // Direct replies (a name, a recollection, staying in character) and lines that bring their own
  // interjection ("Ha, …") take no opener; a full-sentence opener only if the target has room.
  const direct =
    plan.openers === "none" ||
    chosen.some((c) => c.slot === "lead") ||
    /^(Ha|Oh|Hmm|Well|Okay|Honestly|Yes|No)\b/.test(styled[0] ?? "");
  const roomForSentence = plan.openers === "any" && sentenceCountOf(chosen) < target;
  const opener = direct ? "" : pickOpener(plan, styled[0] ?? "", roomForSentence);
  if (styled.length > 0 && opener) styled[0] = joinOpener(opener, styled[0]!, vars);
  return styled.join(" ");
}

/** Words of a question that ask for something told before, so saying it again is no fault. */
const ASKS_AGAIN_RE = /\b(again|repeat|remind|tell me more|that story)\b/i;

/**
 * The candidates minus any that says again a passage of an earlier answer of the session (a memory, a
 * trait line): the direct reply (lead) stays, and a plan is never emptied.
 */
function unsaid(plan: Plan): Candidate[] {
  if (!plan.said || ASKS_AGAIN_RE.test(plan.ctx.userPrompt)) return plan.out;
  // Pushed on one subject again and again, a person tells the memory it brings back, even a second time.
  const pressed = plan.ctx.pressure >= PRESSURE_TO_SURFACE;
  const fresh = plan.out.filter(
    (c) => c.slot === "lead" || (pressed && c.slot === "memory") || !repeatsPassage(c.text, plan.said),
  );
  return fresh.length > 0 ? fresh : plan.out.slice(0, 1);
}

/** Required sentences, then optional ones by rank while they fit the target; each profile fact once. */
function choose(candidates: readonly Candidate[], vars: Vars, target: number): Candidate[] {
  const chosen = candidates.filter((c) => c.rank === null);
  const optional = candidates.filter((c) => c.rank !== null).sort((a, b) => a.rank! - b.rank!);
  const facts = [
    vars.goal,
    vars.frustration,
    vars.knowledge,
    vars.knowledge2,
    vars.interest,
    vars.interest2,
    vars.value,
    vars.value2,
  ];
  for (const candidate of optional) {
    if (sentenceCountOf([...chosen, candidate]) > target) continue;
    const repeats = facts.some((f) => f && candidate.text.includes(f) && chosen.some((c) => c.text.includes(f)));
    if (!repeats && !chosen.some((c) => c.text === candidate.text)) chosen.push(candidate);
  }
  return SLOT_ORDER.flatMap((slot) => chosen.filter((c) => c.slot === slot));
}

function sentenceCountOf(candidates: readonly Candidate[]): number {
  return candidates.reduce((n, c) => n + sentences(c.text).length, 0);
}

/** An opener unlike the previous answer's, and not echoing a word of the first sentence ("To be honest, my honest…"). */
function pickOpener(plan: Plan, first: string, roomForSentence: boolean): string {
  const { voice, view, rng, previous } = plan;
  const said = new Set(normalizeForCompare(first).split(" "));
  const bank = [
    ...OPENERS[voice.register],
    ...(voice.energetic ? ENERGETIC_OPENERS : []),
    ...(view.traits.neuroticism > 0.65 ? WORRIED_OPENERS : []),
  ]
    .map((o) => applyRegister(o, voice.register))
    .filter((o) => roomForSentence || !/[.!?] $/.test(o))
    .filter((o) => !o.trim() || !previous.startsWith(o.trim()))
    .filter(
      (o) =>
        !normalizeForCompare(o)
          .split(" ")
          .some((w) => w.length >= 4 && said.has(w)),
    );
  return bank.length > 0 ? rng.pick(bank) : "";
}

/**
 * "Well, " + "The…" lower-cases the word; "Good question. " + "The…" keeps it. A slot capitalised only
 * because it opened the sentence ("Public transport is…") goes back to its own case.
 */
function joinOpener(opener: string, sentence: string, vars: Vars): string {
  if (!/[a-z,] $/.test(opener)) return opener + sentence;
  for (const [capped, plain] of [
    [vars.subjectCap, vars.subject],
    [vars.valueCap, vars.value],
  ]) {
    if (capped && plain && sentence.startsWith(capped)) return opener + plain + sentence.slice(capped.length);
  }
  return opener + lowerFirstWord(sentence, properStarts(vars));
}

/** Slot values written with a capital of their own (places, names), not capitalised for a sentence start. */
function properStarts(vars: Vars): string[] {
  return Object.entries(vars)
    .filter(([key, value]) => value && !key.endsWith("Cap") && /^[A-Z]/.test(value))
    .map(([, value]) => value!);
}
