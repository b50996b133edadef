import type { Schemas } from "@person-run/sdk";
import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  EMPTY_FILTERS,
  EMPTY_MEMORY,
  EMPTY_SEED,
  entryToForm,
  fieldErrors,
  filtersToQuery,
  memoryToBody,
  parseAttributes,
  seedToBody,
  shapeTimeline,
  sortIssues,
  splitList,
  strengthPoints,
  supersedeBody,
  typeCounts,
} from "../src/lib/personas.ts";

type Entry = Schemas["TimelineEntry"];

const entry = (over: Partial<Entry>): Entry => ({
  id: "e1",
  personaId: "p1",
  eventAt: "2010-01-01T00:00:00.000Z",
  eventLabel: "Label",
  facts: "facts",
  feelings: "feelings",
  interpretation: "interp",
  emotionTags: [],
  memoryType: "normal",
  memoryStrength: 50,
  effectiveStrength: 40,
  metadata: null,
  status: "active",
  supersedes: null,
  supersededBy: null,
  supersededAt: null,
  supersedeReason: null,
  recallCount: 0,
  lastRecalledAt: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  ...over,
});

describe("persona filters", () => {
  it("leaves blanks out, trims text and sends ages as numbers", () => {
    expect(filtersToQuery(EMPTY_FILTERS)).toEqual({});
    expect(filtersToQuery({ q: " aria ", location: "San", occupation: "", minAge: "30", maxAge: "4.5" })).toEqual({
      q: "aria",
      location: "San",
      minAge: 30,
    });
    expect(activeFilterCount({ ...EMPTY_FILTERS, q: "x", maxAge: "40" })).toBe(2);
  });
});

describe("seed form", () => {
  it("converts the required fields and leaves optional blanks out", () => {
    const { body, errors } = seedToBody({
      ...EMPTY_SEED,
      firstName: " Aria ",
      lastName: "Chen",
      age: "32",
      location: "San Francisco",
      baseOccupation: "Designer",
    });
    expect(errors).toEqual({});
    expect(body).toEqual({
      seed: { firstName: "Aria", lastName: "Chen", age: 32, location: "San Francisco", baseOccupation: "Designer" },
    });
  });

  it("splits lists, keeps personality overrides and typed attributes", () => {
    const { body, errors } = seedToBody({
      ...EMPTY_SEED,
      age: "40",
      languages: "English, Mandarin,",
      interests: "ceramics\nbouldering",
      openness: "0.8",
      neuroticism: "0",
      attributes: "segment=prosumer\nscore=3\nbeta=true\nnote=null",
    });
    expect(errors).toEqual({});
    expect(body.seed.languages).toEqual(["English", "Mandarin"]);
    expect(body.seed.interests).toEqual(["ceramics", "bouldering"]);
    expect(body.seed.personality).toEqual({ openness: 0.8, neuroticism: 0 });
    expect(body.seed.attributes).toEqual({ segment: "prosumer", score: 3, beta: true, note: null });
  });

  it("sends a missing age as null (the API names the field) and flags bad overrides locally", () => {
    const { body, errors } = seedToBody({ ...EMPTY_SEED, openness: "2", attributes: "nokey" });
    expect(body.seed.age).toBeNull();
    expect(errors).toEqual({ openness: "A number from 0 to 1", attributes: "Line 1: write key=value" });
  });

  it("parseAttributes and splitList", () => {
    expect(parseAttributes("")).toEqual({ value: {} });
    expect(parseAttributes("a = b=c").value).toEqual({ a: "b=c" });
    expect(splitList(" a ,, b\nc ")).toEqual(["a", "b", "c"]);
  });
});

describe("fieldErrors", () => {
  it("maps API detail paths to form fields, the rest to _form", () => {
    expect(
      fieldErrors(
        [
          { path: "seed.age", message: "Expected number" },
          { path: "seed.personality.openness", message: "Too big" },
          { path: "seed.languages.0", message: "Too long" },
          { path: "seed.firstName", message: "Required" },
          { path: "seed.firstName", message: "Too short" },
          { path: "model", message: "Unknown model" },
        ],
        Object.keys(EMPTY_SEED),
      ),
    ).toEqual({
      age: "Expected number",
      openness: "Too big",
      languages: "Too long",
      firstName: "Required; Too short",
      _form: "model: Unknown model",
    });
    expect(fieldErrors(undefined, ["a"])).toEqual({});
    expect(fieldErrors({ some: "object" }, ["a"])).toEqual({});
  });
});

describe("timeline shaping", () => {
  const original = entry({
    id: "old",
    eventAt: "2012-05-01T00:00:00.000Z",
    eventLabel: "Moved to Paris",
    status: "superseded",
    supersededBy: "new",
    supersededAt: "2026-02-01T00:00:00.000Z",
    supersedeReason: "wrong year",
  });
  const revision = entry({
    id: "new",
    eventAt: "2013-05-01T00:00:00.000Z",
    eventLabel: "Moved to Paris",
    memoryType: "revised",
    supersedes: "old",
    effectiveStrength: 140,
  });
  const pride = entry({ id: "p", eventAt: "2005-01-01T00:00:00.000Z", memoryType: "pride", effectiveStrength: 72.6 });

  it("sorts by event time, links revisions both ways and clamps strength to 0-100", () => {
    const items = shapeTimeline([revision, original, pride]);
    expect(items.map((i) => i.entry.id)).toEqual(["p", "old", "new"]);
    expect(items[0]?.strength).toBe(73);
    expect(items[1]?.revisedBy?.id).toBe("new");
    expect(items[2]?.revises?.id).toBe("old");
    expect(items[2]?.strength).toBe(100);
  });

  it("filters by type and hides superseded entries on request", () => {
    expect(shapeTimeline([revision, original, pride], { types: new Set(["pride"]) }).map((i) => i.entry.id)).toEqual([
      "p",
    ]);
    expect(shapeTimeline([revision, original, pride], { showSuperseded: false }).map((i) => i.entry.id)).toEqual([
      "p",
      "new",
    ]);
    expect(shapeTimeline([revision, original], { types: new Set() })).toHaveLength(2);
  });

  it("a revision whose original is not listed links to nothing", () => {
    expect(shapeTimeline([revision])[0]?.revises).toBeNull();
  });

  it("typeCounts counts active entries of every type", () => {
    expect(typeCounts([revision, original, pride])).toEqual({
      normal: 0,
      pride: 1,
      shame: 0,
      repressed: 0,
      revised: 1,
      exaggerated: 0,
    });
  });

  it("strengthPoints gives dates, strengths and the superseded flag", () => {
    const pts = strengthPoints(shapeTimeline([original, pride]));
    expect(pts.map((p) => [p.date.toISOString().slice(0, 4), p.strength, p.formed, p.superseded])).toEqual([
      ["2005", 73, 50, false],
      ["2012", 40, 50, true],
    ]);
  });
});

describe("memory forms", () => {
  it("memoryToBody turns a date input into an instant and tags into a list", () => {
    expect(
      memoryToBody({
        ...EMPTY_MEMORY,
        eventAt: "2019-06-01",
        eventLabel: " Label ",
        facts: "f",
        feelings: "g",
        interpretation: "i",
        emotionTags: "joy, relief",
      }),
    ).toEqual({
      eventAt: "2019-06-01T00:00:00.000Z",
      eventLabel: "Label",
      facts: "f",
      feelings: "g",
      interpretation: "i",
      emotionTags: ["joy", "relief"],
      memoryType: "normal",
      memoryStrength: 50,
    });
  });

  it("supersedeBody sends only what changed, with the reason", () => {
    const e = entry({ eventAt: "2010-01-01T00:00:00.000Z", emotionTags: ["joy"], memoryStrength: 50 });
    const form = entryToForm(e);
    expect(form.memoryType).toBe("revised");
    expect(form.eventAt).toBe("2010-01-01");
    expect(supersedeBody(e, form, " misremembered ")).toEqual({
      reason: "misremembered",
      replacement: { memoryType: "revised" },
    });
    expect(supersedeBody(e, { ...form, eventAt: "2011-01-01", facts: "new facts", memoryStrength: "80" }, "r")).toEqual(
      {
        reason: "r",
        replacement: {
          memoryType: "revised",
          eventAt: "2011-01-01T00:00:00.000Z",
          facts: "new facts",
          memoryStrength: 80,
        },
      },
    );
  });

  it("sortIssues puts high severity first", () => {
    expect(
      sortIssues([{ severity: "low" }, { severity: "high" }, { severity: "medium" }] as const).map((i) => i.severity),
    ).toEqual(["high", "medium", "low"]);
  });
});
