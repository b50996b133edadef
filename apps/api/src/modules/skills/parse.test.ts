import { describe, expect, it } from "vitest";
import type { OutputFormat } from "../../shared/output-formats.ts";
import { parseAnswer } from "./index.ts";

/** Unit tests of each format's parser: valid forms, refusals and what the refusal tells the model. */

const ok = (f: OutputFormat, raw: string) => {
  const r = parseAnswer(f, raw);
  expect(r, raw).toMatchObject({ valid: true });
  return (r as { parsed: unknown }).parsed;
};
const bad = (f: OutputFormat, raw: string) => {
  const r = parseAnswer(f, raw);
  expect(r.valid, raw).toBe(false);
  return (r as { error: string }).error;
};

describe("text", () => {
  const f: OutputFormat = { type: "text", minWords: 2, maxWords: 5 };
  it("keeps the trimmed answer and counts words", () => {
    expect(ok(f, "  Too expensive for me. \n")).toBe("Too expensive for me.");
    expect(ok({ type: "text" }, "Yes")).toBe("Yes");
  });
  it("names the count and the bounds", () => {
    expect(bad(f, "No")).toBe("the answer has 1 word; write 2 to 5 words");
    expect(bad(f, "one two three four five six")).toBe("the answer has 6 words; write 2 to 5 words");
    expect(bad({ type: "text", minWords: 3 }, "a - b")).toContain("at least 3");
    expect(bad({ type: "text" }, "   ")).toBe("the answer is empty");
  });
});

describe("likert", () => {
  const f: OutputFormat = { type: "likert", scale: 7 };
  const agree: OutputFormat = {
    type: "likert",
    scale: 5,
    labels: ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
  };
  it("reads the number at the start in the forms models write", () => {
    for (const raw of ["5", "5/7", "5 - because", "**5**", "I'd say 5", "5 out of 7, clear", "Rating: 5", "5."]) {
      expect(ok(f, raw), raw).toBe(5);
    }
    expect(ok(agree, "4 (Agree)")).toBe(4);
    expect(ok(f, "Five out of seven")).toBe(5);
  });
  it("reads a label written out when there is one per point, the longest that fits", () => {
    expect(ok(agree, "Agree, the page is clear")).toBe(4);
    expect(ok(agree, "Strongly agree.")).toBe(5);
    expect(bad({ type: "likert", scale: 7, labels: ["Low", "High"] }, "High")).toContain("no number");
  });
  it("refuses decimals, out-of-scale points, several numbers and a contradicting label", () => {
    expect(bad(f, "4.5")).toBe("4.5 is not a whole number; answer with a whole number from 1 to 7");
    expect(bad(f, "8")).toBe("8 is outside the scale; answer with a whole number from 1 to 7");
    expect(bad(f, "0")).toContain("outside the scale");
    expect(bad(f, "4 or 5")).toContain("several numbers");
    expect(bad(f, "4-5")).toContain("several numbers");
    expect(bad(f, "Probably 3, maybe 4")).toContain("several numbers");
    expect(bad(f, "It has 3 plans and I rate it 6")).toContain("several numbers (3, 6)");
    expect(bad(f, "4/5")).toContain("not on this scale");
    expect(bad(agree, "4 (Disagree)")).toContain("disagree");
    expect(bad(agree, "Agree or disagree")).toContain("several points");
  });
});

describe("single_choice", () => {
  const f: OutputFormat = { type: "single_choice", options: ["Free", "Pro ($12/month)", "Team"], allowOther: true };
  const pro = { label: "Pro ($12/month)", index: 1 };
  it("reads a letter or an option's text", () => {
    for (const raw of [
      "B",
      "B)",
      "(B)",
      "Option B",
      "B) Pro ($12/month)",
      "b) pro",
      "Pro",
      "I'd go with the Pro plan",
    ]) {
      expect(ok(f, raw), raw).toEqual(pro);
    }
    expect(ok(f, "Team, we are five")).toEqual({ label: "Team", index: 2 });
  });
  it("reads 'Other: …' as the persona's own answer when allowed", () => {
    expect(ok(f, "Other: a lifetime licence. I hate subscriptions")).toEqual({
      label: "a lifetime licence",
      index: null,
      other: true,
    });
    expect(bad({ type: "single_choice", options: ["Yes", "No"] }, "Other: it depends")).toContain("not allowed");
  });
  it("refuses two options, a letter that contradicts its text, and unknown letters", () => {
    expect(bad(f, "B or C")).toContain("several options");
    expect(bad(f, "Pro, or maybe Team")).toContain("several options");
    expect(bad(f, "B) Team")).toBe('B is "Pro ($12/month)" but the answer names "Team"');
    expect(bad(f, "D")).toBe("D is not one of the options A-C");
    expect(bad(f, "A cheaper plan")).toContain("no option found");
  });
});

describe("multi_choice", () => {
  const f: OutputFormat = { type: "multi_choice", options: ["Email", "Chat", "Phone", "Forum"], maxPicks: 2 };
  it("reads letters and texts in the order given", () => {
    expect(ok(f, "C, A")).toEqual({ labels: ["Phone", "Email"], indexes: [2, 0] });
    expect(ok(f, "A and C - because")).toEqual({ labels: ["Email", "Phone"], indexes: [0, 2] });
    expect(ok(f, "Chat, Forum")).toEqual({ labels: ["Chat", "Forum"], indexes: [1, 3] });
    expect(ok(f, "- A\n- D\nI like async")).toEqual({ labels: ["Email", "Forum"], indexes: [0, 3] });
  });
  it("reads an 'Other' pick and an empty choice where zero picks are allowed", () => {
    const other: OutputFormat = { type: "multi_choice", options: ["Email", "Chat"], minPicks: 0, allowOther: true };
    expect(ok(other, "B, Other: Slack")).toEqual({ labels: ["Chat", "Slack"], indexes: [1, null] });
    expect(ok(other, "None")).toEqual({ labels: [], indexes: [] });
  });
  it("refuses duplicates and counts outside the bounds", () => {
    expect(bad(f, "A, A")).toContain("named twice");
    expect(bad(f, "A, B, C")).toBe("3 picks given; choose between 1 and 2");
    expect(bad(f, "None")).toContain("no option found");
  });
});

describe("ranking", () => {
  const f: OutputFormat = { type: "ranking", options: ["Price", "Speed", "Support"] };
  const bac = { labels: ["Speed", "Price", "Support"], indexes: [1, 0, 2] };
  it("reads a full order in the forms models write", () => {
    for (const raw of ["B > A > C", "B, A, C", "1. B\n2. A\n3. C", "1. B 2. A 3. C", "Speed > Price > Support"]) {
      expect(ok(f, raw), raw).toEqual(bac);
    }
    expect(ok(f, "B > A > C. Speed matters, then price")).toEqual(bac);
    expect(ok(f, "Speed, then Price, then Support")).toEqual(bac);
    expect(ok(f, "B > A > C, speed first")).toEqual(bac);
  });
  it("refuses a partial order and repeats", () => {
    expect(bad(f, "B > A")).toBe("2 of 3 options ranked; missing C) Support");
    expect(bad(f, "B > B > C")).toContain("ranked twice");
    expect(bad(f, "B > A > C > B")).toBe("more than 3 options listed; name each option once");
    expect(bad(f, "Speed first")).toContain("missing");
  });
  it("refuses a second order offered after a full one, keeps a reason that names options", () => {
    expect(bad(f, "C > B > A, or perhaps B > C > A")).toBe("two different lists given; give one");
    expect(bad(f, "Support > Speed > Price — maybe Speed, Support, Price")).toBe("two different lists given; give one");
    expect(ok(f, "B > A > C, or maybe Speed is a tie with price")).toEqual(bac);
  });
});

describe("numeric", () => {
  const f: OutputFormat = { type: "numeric", min: 0, max: 100_000 };
  it("reads the first number with currency, thousands, approximations and k", () => {
    expect(ok(f, "$12.50 a month")).toBe(12.5);
    expect(ok(f, "12,000")).toBe(12000);
    expect(ok(f, "about 30")).toBe(30);
    expect(ok(f, "1.5k")).toBe(1500);
    expect(ok(f, "3 thousand")).toBe(3000);
    expect(ok(f, "I'd pay $15 per month for 2 seats")).toBe(15);
    expect(ok(f, "Nothing")).toBe(0);
  });
  it("refuses ranges, bounds, comma decimals, several numbers and values out of bounds", () => {
    expect(bad(f, "10-20")).toContain("range");
    expect(bad(f, "between 10 and 20")).toContain("range");
    expect(bad(f, "less than 5")).toContain("bound");
    expect(bad(f, "12,5")).toContain("point");
    expect(bad(f, "For 3 users, 20")).toContain("several numbers");
    expect(bad(f, "-3")).toBe("-3 is below the minimum 0");
    expect(bad({ type: "numeric", max: 10 }, "11")).toBe("11 is above the maximum 10");
    expect(bad({ type: "numeric", integer: true }, "2.5")).toContain("not a whole number");
    expect(bad(f, "not sure")).toContain("no number");
  });
});

describe("json", () => {
  const f: OutputFormat = {
    type: "json",
    schema: {
      type: "object",
      properties: { plan: { enum: ["free", "pro"] }, seats: { type: "integer" }, code: { pattern: "^[a-z]+$" } },
      required: ["plan"],
      additionalProperties: false,
    },
  };
  it("reads the object, in a fence or after a preamble", () => {
    expect(ok(f, '{"plan":"pro"}')).toEqual({ plan: "pro" });
    expect(ok(f, 'Sure:\n```json\n{"plan": "free", "seats": 2}\n```')).toEqual({ plan: "free", seats: 2 });
    expect(ok(f, 'Here: {"plan":"pro","code":"abc"} done')).toEqual({ plan: "pro", code: "abc" });
  });
  it("says what is wrong with the JSON", () => {
    expect(bad(f, "pro")).toBe("no JSON object found; answer with only a JSON object");
    expect(bad(f, "{plan: pro}")).toContain("could not be read");
    expect(bad(f, '{"plan":"team"}')).toBe('the JSON does not match the schema: plan must be one of "free", "pro"');
    expect(bad(f, "{}")).toContain("must have required property 'plan'");
    expect(bad(f, '{"plan":"pro","x":1}')).toContain('unexpected property "x"');
    // Patterns run on RE2, each on its own.
    expect(bad(f, '{"plan":"pro","code":"ABC"}')).toContain('code must match pattern "^[a-z]+$"');
  });
  it("refuses two objects (two answers), keeps one followed by prose with braces", () => {
    expect(bad(f, '{"plan":"free"} or, if the team grows, {"plan":"pro","seats":5}')).toBe(
      "several JSON objects given; answer with exactly one",
    );
    expect(ok(f, '{"plan":"pro"} (prices in {braces} are monthly)')).toEqual({ plan: "pro" });
  });
});
