import { describe, expect, it } from "vitest";
import {
  aiClaim,
  checkTranscripts,
  distinctSentenceRatio,
  hasMoneyAmount,
  judgeTopic,
  lifeFactViolations,
  localeViolations,
  mentions,
  normalise,
  openerSharing,
  parseNumber,
  percentsOver100,
  questionEcho,
  type SetPersona,
  type SetQuestion,
  splitSentences,
  type Transcript,
  takesStance,
  withoutCopies,
} from "./checker.ts";
import { parseSet, planSessions, subset } from "./collect.ts";

const persona = (over: Partial<SetPersona> = {}): SetPersona => ({
  key: "galway-nun",
  seed: {
    firstName: "Bríd",
    lastName: "Ní Mháille",
    age: 78,
    location: "Galway, Ireland",
    baseOccupation: "Retired nun",
  },
  country: "IE",
  currency: ["€", "euro", "EUR"],
  ...over,
});
const lagos = persona({
  key: "lagos-trader",
  seed: { firstName: "Chinedu", lastName: "Okafor", age: 34, location: "Lagos, Nigeria", baseOccupation: "Day trader" },
  country: "NG",
  currency: ["₦", "naira", "NGN"],
});

const q = (text: string, intent: SetQuestion["intent"], about?: string[], key = text): SetQuestion => ({
  key,
  text,
  intent,
  about,
});

const t = (answer: string, question: SetQuestion, over: Partial<Transcript> = {}): Transcript => ({
  persona: persona(),
  question,
  answer,
  session: "s1",
  turn: 1,
  ...over,
});

describe("sentences", () => {
  it("splits on end punctuation, ellipses and line breaks, not on abbreviations or decimals", () => {
    expect(splitSentences("Yes. I would! Would you? Dr. Byrne said 3.5 euro... Fine.\nNext line")).toEqual([
      "Yes.",
      "I would!",
      "Would you?",
      "Dr. Byrne said 3.5 euro...",
      "Fine.",
      "Next line",
    ]);
    expect(splitSentences('He said "no." Then he left.')).toEqual(['He said "no."', "Then he left."]);
    expect(splitSentences("  ")).toEqual([]);
  });

  it("normalises case, quotes, punctuation and whitespace", () => {
    expect(normalise("  I’m  FINE,   thanks! ")).toBe("im fine thanks");
    expect(normalise("I'm fine -- thanks.")).toBe(normalise("im fine thanks"));
  });

  it("counts distinct sentences over all answers", () => {
    const question = q("How are you?", "open");
    const r = distinctSentenceRatio([
      t("I'm fine. The weather is grand.", question),
      t("I’m fine! It rained all day.", question, { persona: lagos }),
    ]);
    expect(r).toEqual({ sentences: 4, distinct: 3, ratio: 0.75 });
    expect(distinctSentenceRatio([]).ratio).toBe(1);
  });
});

describe("openers", () => {
  it("finds the most personas sharing a first sentence, per question and overall", () => {
    const a = q("What frustrates you about your bank's app?", "frustration", ["app"], "bank");
    const b = q("What did you do last weekend?", "weekend", undefined, "weekend");
    const p = (key: string) => persona({ key });
    const ts = [
      t("You mentioned that. The app logs me out.", a, { persona: p("a") }),
      t("You mentioned that! The fees.", a, { persona: p("b") }),
      t("Honestly, the fees.", a, { persona: p("c") }),
      t("You mentioned that. I went to mass.", b, { persona: p("c") }),
      t("You mentioned that. Again.", b, { persona: p("a") }),
    ];
    const r = openerSharing(ts);
    expect(r.perQuestion.bank).toEqual({ max: 2, opener: "you mentioned that" });
    expect(r.perQuestion.weekend?.max).toBe(2);
    // overall: personas a, b, c (a twice counts once)
    expect(r.overall).toEqual({ max: 3, opener: "you mentioned that" });
  });
});

describe("on topic", () => {
  it("yes/no: a stance first, not a sentence that merely starts with I", () => {
    const pay = "Would you pay $12 a month for an app that plans your meals?";
    expect(takesStance("Yes, if it saved me time.", pay)).toBe("Yes");
    expect(takesStance("Probably not, money is tight.", pay)).toBe("Probably");
    expect(takesStance("I would, yes.", pay)).toBeTruthy();
    expect(takesStance("I'd pay it if my sister used it too.", pay)).toBe("I'd pay");
    expect(takesStance("I wouldn't pay that for something I can do with a pencil.", pay)).toBeTruthy();
    expect(takesStance("It depends on the recipes.", pay)).toBe("It depends");
    expect(takesStance("Hmm, I'm not sure it's for me.", pay)).toBeTruthy();
    // no stance
    expect(takesStance("I'm not struggling, but I still keep an eye on what I spend.", pay)).toBeUndefined();
    expect(takesStance("I have opinions on a time I felt proud at work.", pay)).toBeUndefined();
    expect(takesStance("I'm based in Des Moines, and I wouldn't trade it for much.", pay)).toBeUndefined();
    expect(takesStance("There's no one like my sister for cooking.", pay)).toBeUndefined();
    const bus = "Would you get on a bus with no driver in your city?";
    expect(takesStance("I'd never get on one.", bus)).toBeTruthy();
    expect(takesStance("I'm based in Lagos, and I'm not sure.", bus)).toBeTruthy();
    expect(takesStance("I still use it every day.", "Do you use cash?")).toBe("I still use");
    expect(takesStance("I'm happy enough with it.", "Are you happy with your job?")).toBeTruthy();
    expect(takesStance("I'm based in Lagos.", "Are you happy with your job?")).toBeUndefined();
    expect(judgeTopic(t("Me? Probably not.", q(bus, "yes_no"))).onTopic).toBe(true);
    const v = judgeTopic(t("12 dollars a month — that is fair. Yes, I would.", q(pay, "yes_no")));
    expect(v.onTopic).toBe(false); // a price is not a yes or no; the stance must come first
  });

  it("frustration: mentions the subject, outside words copied from the question", () => {
    const bank = q("What frustrates you about your bank's app?", "frustration", ["app", "login", "fee"]);
    expect(judgeTopic(t("It logs me out every time I switch screens. The login code never arrives.", bank))).toEqual({
      onTopic: true,
      reason: 'mentions "login"',
    });
    expect(judgeTopic(t("I'm careful with money. I compare prices.", bank)).onTopic).toBe(false);
    // a keyword only inside a copied run of 4+ question words does not count
    expect(
      judgeTopic(t("You ask what frustrates you about your bank's app, and I'd say patience matters.", bank)).onTopic,
    ).toBe(false);
  });

  it("weekend: a weekend or time cue and a past-tense verb not taken from the question", () => {
    const w = q("What did you do last weekend?", "weekend");
    expect(judgeTopic(t("On Saturday I went to the market and cooked for the sisters.", w)).onTopic).toBe(true);
    expect(judgeTopic(t("Yesterday morning I visited my cousin in Ikeja.", w)).onTopic).toBe(true);
    expect(judgeTopic(t("I usually go to the market on Saturdays.", w)).onTopic).toBe(false);
    expect(judgeTopic(t("Cooking is what keeps me sane. It is how I recharge.", w)).onTopic).toBe(false);
    expect(judgeTopic(t("What did I do last weekend? Good question.", w)).onTopic).toBe(false);
  });

  it("price: a money amount in any currency", () => {
    for (const s of [
      "About ₦5,000.",
      "$12 a month",
      "fifty quid",
      "300 EGP",
      "a tenner",
      "20 euros",
      "R$ 30",
      "¥3000",
    ]) {
      expect(hasMoneyAmount(s), s).toBe(true);
    }
    for (const s of ["Not much, money is tight.", "I lost 10 pounds? no, 10 kilos", "twelve of them"]) {
      expect(hasMoneyAmount(s), s).toBe(s.includes("pounds"));
    }
    expect(judgeTopic(t("Not much, honestly.", q("How much did you pay for your phone?", "price"))).onTopic).toBe(
      false,
    );
  });

  it("process: a sequence cue and the subject", () => {
    const g = q("Walk me through how you decide what to buy for groceries each week.", "process", ["list", "market"]);
    expect(judgeTopic(t("First I check the fridge, then I write a list.", g)).onTopic).toBe(true);
    expect(judgeTopic(t("I write a list.", g)).reason).toBe("no sequence cue");
    expect(judgeTopic(t("I always think about how something affects people.", g)).reason).toBe(
      "mentions none of the subject",
    );
  });

  it("follow-up: refers back to the previous answer in its own words, without pasting the question", () => {
    const first = t(
      "I wouldn't pay for it; I plan meals on the back of an envelope with the sisters.",
      q("Would you pay?", "yes_no"),
    );
    const why = q("Why is that?", "followup");
    expect(
      judgeTopic(t("Because the envelope works, and the sisters like planning together.", why, { turn: 2 }), first)
        .onTopic,
    ).toBe(true);
    expect(judgeTopic(t("I come at most things through kindness.", why, { turn: 2 }), first).onTopic).toBe(false);
    expect(judgeTopic(t("Anything.", why, { turn: 2 })).reason).toBe("no earlier answer in the session");
    const more = q("Tell me more about that.", "followup");
    expect(
      judgeTopic(
        t("My honest take on tell me more about that: envelopes and sisters planning.", more, { turn: 2 }),
        first,
      ).reason,
    ).toBe("repeats the question verbatim");
    // pasting the previous answer again is no reference to it
    expect(judgeTopic(t(`Well, ${first.answer.slice(0, 60)}.`, why, { turn: 2 }), first).onTopic).toBe(false);
  });

  it("story: past tense and the subject; opinion and open: the subject or the question's words", () => {
    const proud = q("Tell me about a time you felt proud at work.", "story", ["colleague", "patient"]);
    expect(judgeTopic(t("When a patient I nursed walked out of the ward, I cried.", proud)).onTopic).toBe(true);
    expect(judgeTopic(t("I have opinions on a time I felt proud at work, because I'm a nun.", proud)).onTopic).toBe(
      false,
    );
    // a story anchored in a past moment, in its own words
    expect(judgeTopic(t("Years ago I trained someone who went on to run the whole place.", proud)).onTopic).toBe(true);
    expect(judgeTopic(t("I once organised something the whole street still talks about.", proud)).onTopic).toBe(true);
    expect(judgeTopic(t("That makes me think of when I moved to Galway with two suitcases.", proud)).onTopic).toBe(
      false,
    );
    const ai = q("What do you think about asking an AI chatbot for health advice?", "opinion", ["doctor"]);
    expect(judgeTopic(t("I'd rather ring my doctor.", ai)).onTopic).toBe(true);
    expect(judgeTopic(t("A chatbot can't see your face.", ai)).onTopic).toBe(true);
    expect(judgeTopic(t("I come at most things through kindness.", ai)).onTopic).toBe(false);
  });

  it("helpers: stemmed keyword mentions, copied runs cut out", () => {
    expect(mentions("I do my banking on the bus", "bank")).toBe(true);
    expect(mentions("Apples are cheap", "app")).toBe(false);
    expect(mentions("the credit cards", "credit card")).toBe(true);
    expect(withoutCopies("With for groceries each week, I shop", "buy for groceries each week", 4)).not.toMatch(
      /groceries/,
    );
  });
});

describe("locale", () => {
  const phone = q("How much did you pay for your phone?", "price");
  it("flags another country's currency or institutions", () => {
    expect(localeViolations(t("It cost 450 dollars.", phone, { persona: lagos }))).toEqual(['dollar: "dollars"']);
    expect(localeViolations(t("It cost $450.", phone))).toEqual(['$: "$4"']);
    expect(localeViolations(t("Medicare covers my hearing aid.", q("How do you see a doctor?", "open")))).toEqual([
      'Medicare: "Medicare"',
    ]);
    expect(
      localeViolations(t("The NHS waiting list was long.", q("Health?", "open"), { persona: lagos })),
    ).toHaveLength(1);
  });

  it("allows the persona's own markers, shared ones, and markers the question itself names", () => {
    expect(localeViolations(t("About ₦450,000 at Computer Village.", phone, { persona: lagos }))).toEqual([]);
    expect(localeViolations(t("Forty euro at Dunnes, and the HSE sorted my hip.", phone))).toEqual([]);
    expect(localeViolations(t("Tesco had it on offer.", phone))).toEqual([]); // Tesco is in Ireland too
    const mx = persona({ country: "MX", currency: ["$", "peso"] });
    expect(localeViolations(t("Walmart had it for 300 pesos.", phone, { persona: mx }))).toEqual([]);
    expect(localeViolations(t("Walmart had it.", phone))).toEqual(['Walmart: "Walmart"']);
    const pay = q("Would you pay $12 a month for an app?", "yes_no");
    expect(localeViolations(t("No, 12 dollars is too much.", pay, { persona: lagos }))).toEqual([]);
    expect(localeViolations(t("No. 12 dollars is too much.", phone, { persona: lagos }), [pay.text])).toEqual([]);
  });

  it("tells money pounds from weight, and Egyptian pounds from sterling", () => {
    const cairo = persona({ country: "EG", currency: ["E£", "EGP"] });
    expect(localeViolations(t("I paid 300 pounds for it.", phone, { persona: lagos }))).toHaveLength(1);
    expect(localeViolations(t("I paid 300 pounds for it, E£300.", phone, { persona: cairo }))).toEqual([]);
    expect(localeViolations(t("I lost 10 pounds last winter.", phone, { persona: lagos }))).toEqual([]);
  });

  it("counts follow-ups against the question they follow", () => {
    const pay = q("Would you pay $12 a month for an app?", "yes_no", undefined, "pay");
    const why = q("Why?", "followup", undefined, "why");
    const phoneQ = q("How much did your phone cost?", "price", undefined, "phone");
    const r = checkTranscripts([
      t("No, I wouldn't pay for that app.", pay, { persona: lagos }),
      t("Because 12 dollars for an app is a lot.", why, { persona: lagos, turn: 2 }),
      t("It cost 450 dollars.", phoneQ, { persona: lagos, turn: 3 }),
    ]);
    expect(r.findings.filter((f) => f.metric === "locale").map((f) => f.question)).toEqual(["phone"]);
  });
});

describe("life facts, percentages, echoes, claims", () => {
  it("mustNotMention patterns and careers longer than age − 16", () => {
    const nun = persona({ mustNotMention: ["\\bgrand(child|children|kids?)", "Medicare"] });
    const open = q("Tell me about your family.", "open");
    expect(lifeFactViolations(t("My grandchildren visit on Sundays.", open, { persona: nun }))).toHaveLength(1);
    expect(lifeFactViolations(t("The sisters visit on Sundays.", open, { persona: nun }))).toEqual([]);
    const young = persona({ seed: { ...persona().seed, age: 19 } });
    for (const s of [
      "After a 30-year career I know the trade.",
      "I've worked in this job for twenty years.",
      "Twelve years of teaching taught me patience.",
      "Decades in the classroom taught me that.",
    ]) {
      expect(lifeFactViolations(t(s, open, { persona: young })), s).toHaveLength(1);
    }
    expect(lifeFactViolations(t("After a 3-year career I know the trade.", open, { persona: young }))).toEqual([]);
    expect(lifeFactViolations(t("I've worked here for three years.", open, { persona: young }))).toEqual([]);
    expect(lifeFactViolations(t("After a 30-year career I know the trade.", open))).toEqual([]); // 78
  });

  it("parses numbers in words", () => {
    expect([parseNumber("twenty-five"), parseNumber("forty five"), parseNumber("seven"), parseNumber("1,200")]).toEqual(
      [25, 45, 7, 1200],
    );
    expect(parseNumber("many")).toBeNaN();
  });

  it("percentages above 100", () => {
    expect(percentsOver100("I lost 280 percent of my portfolio, not 50%.")).toEqual(["280 percent"]);
    expect(percentsOver100("It went up 150% and then two hundred percent.")).toEqual(["150%", "two hundred percent"]);
    expect(percentsOver100("I give it 100 percent, a hundred percent.")).toEqual([]);
  });

  it("question echoes: 8 consecutive words of the question", () => {
    const question = "Walk me through how you decide what to buy for groceries each week.";
    expect(
      questionEcho("You mentioned that Walk you through how you decide what to buy for groceries each week.", question),
    ).toBe("through how you decide what to buy for");
    expect(questionEcho("I decide what to buy by looking in the fridge.", question)).toBeUndefined();
  });

  it("not-scripted and AI claims", () => {
    expect(aiClaim("There is no script here, just me.")).toBe("no script");
    expect(aiClaim("I'm not scripted, I promise.")).toBeTruthy();
    expect(aiClaim("As an AI, I can't eat.")).toBe("As an AI");
    expect(aiClaim("I’m just a language model.")).toBeTruthy();
    expect(aiClaim("My nephew uses an AI app for his homework.")).toBeUndefined();
  });
});

describe("pride repetition and the report", () => {
  const memory = "I remember when I moved to Galway with two suitcases and not much of a plan.";
  const qs = [
    q("What frustrates you about your bank's app?", "frustration", ["app"], "bank"),
    q("Why is that?", "followup", undefined, "why"),
    q("Tell me more about that.", "followup", undefined, "more"),
    q("What did you do last weekend?", "weekend", undefined, "weekend"),
  ];

  it("flags the same long passage told in two turns of a session, unless asked again", () => {
    const r = checkTranscripts([
      t(`The app is slow. ${memory}`, qs[0]!),
      t(`Because it is slow. ${memory}`, qs[1]!, { turn: 2 }),
      t(`Well, ${memory}`, qs[2]!, { turn: 3 }), // "tell me more" asks for it
      t(`On Saturday I went to mass. ${memory}`, qs[3]!, { turn: 4 }),
      t(`On Saturday I went to mass. ${memory}`, qs[3]!, { persona: lagos, session: "s2", turn: 1 }),
    ]);
    expect(r.findings.filter((f) => f.metric === "pride_repetition").map((f) => [f.session, f.turn])).toEqual([
      ["s1", 2],
      ["s1", 4],
    ]);
  });

  it("sums every metric, with findings to read", () => {
    const r = checkTranscripts([
      t("The app logs me out. It cost 280 percent more than last year.", qs[0]!),
      t("Because the app logs me out, like I said about the login.", qs[1]!, { turn: 2 }),
      t("What did you do last weekend? There's no script here.", qs[3]!, { turn: 3 }),
    ]);
    expect(r.answers).toBe(3);
    expect(r.personas).toBe(1);
    expect(r.onTopic.perIntent.frustration).toEqual({ answers: 1, onTopic: 1, share: 1 });
    expect(r.onTopic.perIntent.followup?.onTopic).toBe(1);
    expect(r.onTopic.perIntent.weekend?.onTopic).toBe(0);
    expect(r.onTopic.share).toBeCloseTo(2 / 3);
    expect(r.counts).toEqual({
      locale: 0,
      life_fact: 0,
      percent_over_100: 1,
      pride_repetition: 0,
      question_echo: 0,
      ai_claim: 1,
    });
    expect(r.findings.find((f) => f.metric === "off_topic")).toMatchObject({ question: "weekend", turn: 3 });
  });
});

describe("sets", () => {
  const raw = {
    personas: [
      { key: "a", seed: persona().seed, country: "IE", currency: ["€"] },
      { key: "b", seed: lagos.seed, country: "NG", currency: ["₦"], mustNotMention: ["x"] },
    ],
    questions: [q("One?", "open", undefined, "one"), q("Why?", "followup", undefined, "why")],
    sessions: "all",
  };

  it("parses, plans every persona × question, and takes a subset", () => {
    const set = parseSet(raw);
    expect(planSessions(set).map((s) => [s.persona.key, s.questions.map((x) => x.key)])).toEqual([
      ["a", ["one", "why"]],
      ["b", ["one", "why"]],
    ]);
    expect(planSessions(subset(set, 1, 1)).map((s) => [s.persona.key, s.questions.length])).toEqual([["a", 1]]);
    const explicit = parseSet({ ...raw, sessions: [{ persona: "b", questions: ["why", "one"] }] });
    expect(planSessions(explicit).map((s) => s.questions.map((x) => x.key))).toEqual([["why", "one"]]);
  });

  it("names the first problem", () => {
    expect(() => parseSet({ ...raw, questions: [{ key: "x", text: "?", intent: "chat" }] })).toThrow(/intent/);
    expect(() => parseSet({ ...raw, sessions: [{ persona: "zz", questions: [] }] })).toThrow(/unknown "zz"/);
    expect(() => parseSet({ ...raw, personas: [{ ...raw.personas[0], mustNotMention: ["("] }] })).toThrow(
      /mustNotMention/,
    );
  });
});
