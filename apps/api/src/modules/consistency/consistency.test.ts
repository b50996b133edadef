import { describe, expect, it } from "vitest";
import { checkConsistency, SEVERITY_WEIGHT } from "./consistency.ts";
import { syntheticTimeline } from "./consistency-fixture.ts";
import type {
  CheckedEntry,
  CheckedTurn,
  ConsistencyInput,
  ConsistencyIssue,
  IssueType,
  MemoryType,
} from "./consistency-types.ts";

const NOW = new Date("2025-06-01T12:00:00Z");

/** Maria, 40 (born ~1985), a registered nurse in Austin. */
const PERSONA: ConsistencyInput["persona"] = {
  firstName: "Maria",
  lastName: "Lopez",
  age: 40,
  location: "Austin, TX",
  baseOccupation: "Registered nurse",
  backstory: null,
};

let seq = 0;

interface EntryOptions {
  id?: string;
  type?: MemoryType;
  strength?: number;
  status?: CheckedEntry["status"];
  supersedes?: string | null;
  supersededBy?: string | null;
  createdAt?: string;
}

function entry(at: string, label: string, facts = "", o: EntryOptions = {}): CheckedEntry {
  seq++;
  return {
    id: o.id ?? `e${seq}`,
    eventAt: new Date(`${at}T12:00:00Z`),
    eventLabel: label,
    facts,
    feelings: "",
    interpretation: "",
    memoryType: o.type ?? "normal",
    memoryStrength: o.strength ?? 60,
    status: o.status ?? "active",
    supersedes: o.supersedes ?? null,
    supersededBy: o.supersededBy ?? null,
    createdAt: new Date(o.createdAt ?? "2025-01-01T00:00:00Z"),
  };
}

function turn(response: string, o: { id?: string; prompt?: string; at?: string } = {}): CheckedTurn {
  seq++;
  return {
    turnId: o.id ?? `t${seq}`,
    sessionId: "s1",
    prompt: o.prompt ?? "Tell me about your week.",
    response,
    createdAt: new Date(o.at ?? "2025-05-30T10:00:00Z"),
  };
}

function check(
  entries: CheckedEntry[],
  o: { turns?: CheckedTurn[]; persona?: Partial<ConsistencyInput["persona"]> } = {},
) {
  return checkConsistency({
    now: NOW,
    persona: { ...PERSONA, ...o.persona },
    entries,
    recentTurns: o.turns ?? [],
  });
}

function only(entries: CheckedEntry[], type: IssueType, o: Parameters<typeof check>[1] = {}): ConsistencyIssue {
  const { issues } = check(entries, o);
  expect(issues.map((i) => i.type)).toEqual([type]);
  return issues[0]!;
}

describe("timeline_order", () => {
  it("flags an active event dated after now, with no fix", () => {
    const future = entry("2026-03-10", "Trip to Lisbon", "Flew to Lisbon with Ana.");
    const issue = only([entry("2015-05-01", "Bought a bike"), future], "timeline_order");
    expect(issue).toMatchObject({ severity: "high", entryIds: [future.id] });
    expect(issue.fix).toBeUndefined();
    expect(issue.message).toContain('"Trip to Lisbon" (2026-03-10)');
    expect(issue.suggestion).toMatch(/re-date/i);
  });

  it("flags each future entry, ignores superseded ones and today itself", () => {
    const a = entry("2025-07-01", "Summer barbecue");
    const b = entry("2030-01-01", "Big birthday party");
    const superseded = entry("2027-01-01", "Old plan", "", { status: "superseded", supersededBy: a.id });
    const today = entry("2025-06-01", "A quiet Sunday");
    const { issues } = check([a, b, superseded, today]);
    expect(issues.filter((i) => i.type === "timeline_order").map((i) => i.entryIds[0])).toEqual([a.id, b.id]);
  });
});

describe("age_conflict", () => {
  it("flags an entry dated before birth as high", () => {
    const e = entry("1979-04-02", "Grandma's garden", "Picked tomatoes in Grandma's garden.");
    const issue = only([e], "age_conflict");
    expect(issue.severity).toBe("high");
    expect(issue.message).toContain("before Maria was born");
    expect(issue.fix).toBeUndefined();
  });

  it("allows a year of slack around the birth date", () => {
    expect(check([entry("1984-09-01", "Baby photo at the hospital")]).issues).toEqual([]);
  });

  it.each([
    ["1997-06-01", "Graduated from Ohio State University", "", "graduating from university"],
    [
      "1996-03-01",
      "Earned my bachelor's degree",
      "Earned my bachelor's degree in biology.",
      "graduating from university",
    ],
    ["1994-06-01", "First job", "My first job, stocking shelves at the grocery store.", "a first job"],
    ["1998-09-12", "Our wedding", "We got married at the courthouse.", "getting married"],
    ["1996-02-01", "Becoming a mother", "Had my first baby, a girl.", "having a child"],
    ["2013-01-01", "Retired", "I retired from nursing for good.", "retiring"],
    ["1996-05-01", "Driving lessons", "Learned to drive in Dad's truck.", "learning to drive"],
    ["1997-08-01", "My own apartment", "Moved out of my parents' house into my own apartment.", "moving out"],
  ])("flags an implausible age: %s %s", (at, label, facts, event) => {
    const issue = only([entry(at, label, facts)], "age_conflict");
    expect(issue.severity).toBe("medium");
    expect(issue.message).toContain(event);
    expect(issue.message).toMatch(/at age \d+/);
  });

  it("does not flag the same events at plausible ages or other people's events", () => {
    const entries = [
      entry("2007-06-01", "Graduated from Ohio State University", "Graduated with a nursing degree."),
      entry("2003-06-01", "Graduated from high school", "Graduated from high school with family cheering."),
      entry("1993-05-01", "Sister's graduation", "Watched my sister graduate from college."),
      entry("1991-07-01", "Aunt Rosa's wedding", "Attended my aunt's wedding and danced all night."),
      entry("1997-02-01", "Dad retired", "Dad retired from the mill after thirty years."),
      entry("2001-04-01", "Driving test", "Passed my driving test on the second try."),
      entry("2011-09-12", "Our wedding", "We got married at the courthouse."),
      entry("2014-03-01", "Becoming a mother", "Had my first baby, a girl."),
      entry("1995-09-01", "First day at a new school", "Started at a new school and made a friend by lunch."),
    ];
    expect(check(entries).issues).toEqual([]);
  });
});

describe("profile_conflict", () => {
  it("flags a recent memory stating a different current job", () => {
    const e = entry("2024-11-01", "New job", "I work as a barista at Blue Bottle now.");
    const issue = only([e], "profile_conflict");
    expect(issue).toMatchObject({ severity: "medium", entryIds: [e.id] });
    expect(issue.message).toContain('"barista"');
    expect(issue.message).toContain("Registered nurse");
    expect(issue.fix).toBeUndefined();
  });

  it("flags a recent memory stating a different home", () => {
    const e = entry("2024-02-10", "Moving day", "We finally moved to Denver after a long winter.");
    const issue = only([e], "profile_conflict");
    expect(issue.message).toContain('lives in "Denver"');
    expect(issue.message).toContain("Austin, TX");
  });

  it("flags a third-person statement naming the persona", () => {
    const e = entry("2025-01-15", "A new chapter", "Maria works as a software engineer at a startup.");
    expect(only([e], "profile_conflict").message).toContain("software engineer");
  });

  it("accepts tolerant matches and ignores older history", () => {
    const entries = [
      entry("2024-09-01", "Team offsite", "I'm a product designer at Figma and led the workshop."),
      entry("2015-01-01", "Moved to Denver", "Moved to Denver for a job at a coffee roaster."),
      entry("2016-01-01", "Barista days", "I work as a barista at a roaster downtown."),
    ];
    const persona = { baseOccupation: "Senior product designer", location: "Austin, Texas" };
    expect(check(entries, { persona }).issues).toEqual([]);
  });

  it("treats an earlier move as history when a later one matches the profile", () => {
    const entries = [
      entry("2023-09-01", "Moved to Denver", "Moved to Denver for a travel-nurse contract."),
      entry("2024-08-01", "Back home", "Moved to Austin again and signed a lease near the lake."),
    ];
    expect(check(entries).issues).toEqual([]);
  });
});

describe("duplicate", () => {
  it("merges near-identical entries into the strongest", () => {
    const a = entry("2018-04-10", "Ran the Austin half marathon", "Ran the Austin half marathon in the rain.", {
      strength: 55,
    });
    const b = entry("2018-04-11", "Ran the Austin half marathon", "Ran the Austin half marathon in rain.", {
      strength: 80,
    });
    const issue = only([a, b], "duplicate");
    expect(issue.severity).toBe("low");
    expect(issue.entryIds).toEqual([a.id, b.id]);
    expect(issue.fix).toEqual({
      action: "merge_duplicates",
      keepId: b.id,
      supersedeIds: [a.id],
      reason: "Duplicate of Ran the Austin half marathon (2018-04-11), merged by consistency check",
    });
  });

  it("groups transitive duplicates and keeps the earliest created on a strength tie", () => {
    const facts = "Adopted a grey rescue cat named Pepper from the shelter on Lamar";
    const a = entry("2019-02-01", "Adopted Pepper", facts, { createdAt: "2024-03-01T00:00:00Z" });
    const b = entry("2019-02-03", "Adopted Pepper", `${facts}.`, { createdAt: "2024-01-01T00:00:00Z" });
    const c = entry("2019-02-05", "Adopted Pepper", `${facts}!`, { createdAt: "2024-02-01T00:00:00Z" });
    const issue = only([c, a, b], "duplicate");
    expect(issue.entryIds).toEqual([a.id, b.id, c.id]);
    expect(issue.fix).toMatchObject({ keepId: b.id, supersedeIds: [a.id, c.id] });
    expect(issue.message).toContain("3 times");
  });

  it("does not merge the same words weeks apart or different memories on the same day", () => {
    const entries = [
      entry("2018-04-10", "Ran the Austin half marathon", "Ran the Austin half marathon in the rain."),
      entry("2019-04-14", "Ran the Austin half marathon", "Ran the Austin half marathon in the rain."),
      entry("2018-04-11", "Dinner after the race", "Celebrated with tacos and a long nap."),
    ];
    expect(check(entries).issues).toEqual([]);
  });
});

describe("fact_conflict", () => {
  it("finds a negation contradiction and supersedes the weaker entry", () => {
    const trip = entry("2016-07-02", "Paris trip", "Visited Paris with my sister.", { strength: 70 });
    const never = entry("2021-03-01", "Travel regrets", "I have never been to Paris.", { strength: 40 });
    const issue = only([trip, never], "fact_conflict");
    expect(issue.severity).toBe("medium");
    expect(issue.entryIds).toEqual([trip.id, never.id]);
    expect(issue.message).toContain('"Paris trip" (2016-07-02)');
    expect(issue.fix).toEqual({
      action: "supersede",
      entryId: never.id,
      reason: 'Contradicts Paris trip (2016-07-02): "Visited Paris with my sister" vs "I have never been to Paris"',
    });
  });

  it("finds different counts of the same noun (child and kid alike)", () => {
    const a = entry("2024-02-01", "School run", "I have two children and they both hate mornings.", { strength: 80 });
    const b = entry("2024-09-01", "Busy weekend", "Drove my three kids to soccer and swim practice.", { strength: 50 });
    const issue = only([a, b], "fact_conflict");
    expect(issue.message).toContain("2 children vs 3 children");
    expect(issue.fix).toMatchObject({ action: "supersede", entryId: b.id });
  });

  it("lets a family grow over the years but not shrink", () => {
    const two = entry("2012-06-01", "Family", "I have two children, both boys.");
    const three = entry("2016-06-01", "Family photo", "I have three kids and we took a photo at the lake.");
    const none = entry("2020-06-01", "Quiet house", "I don't have kids, so weekends are mine.");
    expect(check([two, three]).issues).toEqual([]);
    const { issues } = check([two, three, none]);
    expect(issues.map((i) => [i.type, i.entryIds])).toEqual([
      ["fact_conflict", [two.id, none.id]],
      ["fact_conflict", [three.id, none.id]],
    ]);
  });

  it("finds 'no children' against a son", () => {
    const a = entry("2022-05-01", "Quiet life", "I have no children, just a very spoiled cat.");
    const b = entry("2022-08-01", "Little league", "Cheered for my two sons at their baseball game.");
    expect(only([a, b], "fact_conflict").message).toContain("0 children vs 2 sons");
  });

  it("finds the same once-in-a-life event with different years", () => {
    const a = entry("2009-06-01", "Graduated from Ohio State in 2009", "Nursing degree, finally.");
    const b = entry("2011-06-01", "Graduated from Ohio State", "Walked the stage in 2011 with my parents watching.");
    const issue = only([a, b], "fact_conflict");
    expect(issue.message).toMatch(/2009.*2011|2011.*2009/);
  });

  it("supersedes the older record when strengths tie", () => {
    const a = entry("2010-05-01", "Scooter", "Bought a red scooter and rode it everywhere.", {
      createdAt: "2024-05-01T00:00:00Z",
    });
    const b = entry("2012-05-01", "No scooters", "I have never bought a scooter.", {
      createdAt: "2024-02-01T00:00:00Z",
    });
    expect(only([a, b], "fact_conflict").fix).toMatchObject({ entryId: b.id });
  });

  it("flags a local negation only near the event", () => {
    const a = entry("2020-03-01", "Google interview", "I didn't get the job at Google.");
    const near = entry("2020-03-10", "Offer call", "Got the job at Google after five interviews.");
    const far = entry("2022-06-01", "Second try", "Got the job at Google on the second try.");
    expect(check([a, far]).issues).toEqual([]);
    expect(only([a, near], "fact_conflict").entryIds).toEqual([a.id, near.id]);
  });
});

describe("revision_conflict", () => {
  it("reports a revision contradicted by an active entry, superseding the non-revised one", () => {
    const stale = entry("2012-06-01", "Graduated from UC Davis in 2014", "", { strength: 90 });
    const revised = entry("2015-06-01", "Graduated from UC Davis in 2015", "", { type: "revised", strength: 40 });
    const issue = only([stale, revised], "revision_conflict");
    expect(issue.severity).toBe("medium");
    expect(issue.fix).toMatchObject({ action: "supersede", entryId: stale.id });
    expect(issue.message).toContain("revision");
  });

  it("treats any entry with supersedes set as the correction", () => {
    const gone = entry("2010-01-01", "Old story", "", { status: "superseded", id: "orig", supersededBy: "fixd" });
    const fixed = entry("2016-08-01", "Lived abroad", "I have never been to Japan.", {
      id: "fixd",
      supersedes: "orig",
      strength: 30,
    });
    const other = entry("2014-04-01", "Tokyo", "Visited Japan for cherry blossom season.", { strength: 95 });
    const issue = only([gone, fixed, other], "revision_conflict");
    expect(issue.fix).toMatchObject({ entryId: other.id });
    expect(issue.entryIds).toEqual([other.id, fixed.id]);
  });

  it("reports a revision whose original is still active", () => {
    const original = entry("2014-06-01", "Graduation day", "Graduated from UC Davis.", { id: "o1" });
    const revision = entry("2014-06-02", "Graduation day", "Graduated from UC Davis.", {
      id: "r1",
      type: "revised",
      supersedes: "o1",
    });
    const issue = only([original, revision], "revision_conflict");
    expect(issue.fix).toEqual({ action: "supersede", entryId: "o1", reason: "Revised by Graduation day (2014-06-02)" });
  });

  it("reports superseded entries without a valid successor (low, no fix)", () => {
    const orphan = entry("2012-01-01", "Orphan", "", { status: "superseded" });
    const dangling = entry("2013-01-01", "Dangling", "", { status: "superseded", supersededBy: "missing" });
    const { issues } = check([orphan, dangling]);
    expect(issues.map((i) => [i.type, i.severity, i.entryIds[0], i.fix])).toEqual([
      ["revision_conflict", "low", orphan.id, undefined],
      ["revision_conflict", "low", dangling.id, undefined],
    ]);
    expect(issues[1]!.message).toContain("missing");
  });
});

describe("response_contradiction", () => {
  it("flags an answer denying children a strong memory has (high)", () => {
    const kids = entry("2023-05-01", "School run", "I have two children and they both hate mornings.", {
      strength: 80,
    });
    const t = turn("Mornings are slow for me, honestly, since I don't have kids, I sleep in.");
    const issue = only([kids], "response_contradiction", { turns: [t] });
    expect(issue).toMatchObject({ severity: "high", entryIds: [kids.id], turnIds: [t.turnId] });
    expect(issue.fix).toBeUndefined();
    expect(issue.message).toContain('"School run"');
  });

  it("is medium against a weak memory, and catches a different count", () => {
    const kids = entry("2025-01-10", "Snow day", "I have two children who built a snowman.", { strength: 30 });
    const t = turn("My three kids keep me busy every weekend.");
    expect(only([kids], "response_contradiction", { turns: [t] }).severity).toBe("medium");
  });

  it("flags an answer denying a remembered trip", () => {
    const trip = entry("2016-07-02", "Paris trip", "Visited Paris with my sister.", { strength: 70 });
    const t = turn("I've never been to Paris, but I'd love to go.");
    expect(only([trip], "response_contradiction", { turns: [t] }).entryIds).toEqual([trip.id]);
  });

  it("flags an answer stating a different job or city (no memory)", () => {
    const t1 = turn("I work as a barista at a small café downtown, so mornings start early.", { id: "job" });
    const t2 = turn("I live in Portland with my partner and our dog.", { id: "city", at: "2025-05-31T10:00:00Z" });
    const { issues } = check([], { turns: [t1, t2] });
    expect(issues.map((i) => [i.type, i.severity, i.entryIds, i.turnIds])).toEqual([
      ["response_contradiction", "medium", [], ["job"]],
      ["response_contradiction", "medium", [], ["city"]],
    ]);
    expect(issues[1]!.message).toContain("Portland");
  });
});

describe("benign timelines produce no issues", () => {
  const cases: Array<[string, () => Parameters<typeof check>]> = [
    [
      "a career with several past jobs",
      () => [
        [
          entry("2001-06-01", "First summer job", "My first job was scooping ice cream at Amy's."),
          entry("2004-09-01", "Barista years", "Started working as a barista to pay for school."),
          entry("2009-08-01", "Hired at St. David's", "Got hired as a nurse at St. David's hospital."),
          entry("2021-02-01", "Charge nurse", "Promoted to charge nurse on the night shift."),
        ],
      ],
    ],
    [
      "several past moves and a recent one home",
      () => [
        [
          entry("2003-08-20", "Moved to Chicago", "Moved to Chicago for nursing school with two suitcases."),
          entry("2008-03-01", "Moved to Denver", "Moved to Denver for a job at a clinic."),
          entry("2012-05-01", "Moved to Austin", "Moved to Austin, TX and finally felt at home."),
          entry("2024-10-01", "New lease", "We moved to South Austin, near the lake."),
        ],
      ],
    ],
    [
      "a revised memory that correctly supersedes the original",
      () => [
        [
          entry("2014-06-01", "Graduated from UC Davis in 2014", "", {
            id: "o",
            status: "superseded",
            supersededBy: "r",
          }),
          entry("2015-06-01", "Graduated from UC Davis in 2015", "", { id: "r", type: "revised", supersedes: "o" }),
        ],
      ],
    ],
    [
      "negations about unrelated things",
      () => [
        [
          entry("2020-01-01", "Travel wishes", "I have never been to Paris, and I never liked camping."),
          entry("2016-05-01", "Rome", "Visited Rome with my sister and ate too much gelato."),
          entry("2018-07-01", "Big Bend", "Went camping at Big Bend with friends."),
        ],
      ],
    ],
    [
      "numbers about unrelated nouns",
      () => [
        [
          entry("2024-01-01", "Family", "I have two children and three cats."),
          entry("2024-03-01", "Marathons", "Ran two marathons and three half marathons this year."),
          entry("2024-05-01", "Hard year", "Worked three jobs and slept five hours a night."),
          entry("2024-06-01", "Our cats", "My three cats sleep on the bed."),
        ],
      ],
    ],
    [
      "a family that grows over the years",
      () => [
        [
          entry("2010-01-01", "Thirty", "I don't have kids yet and I travel a lot."),
          entry("2014-03-01", "Becoming a mother", "Had my first baby, a girl named Lucia."),
          entry("2019-09-01", "First day of school", "I have two kids now, both at the same school."),
        ],
      ],
    ],
    [
      "a first flight remembered alongside the trip",
      () => [
        [
          entry("2005-04-01", "First flight", "I had never been on a plane before that day."),
          entry("2005-04-01", "Interview in Chicago", "Flew to Chicago on a plane for the interview."),
          entry("2012-01-01", "Frequent flyer", "Flew to Denver on a plane twice a month."),
        ],
      ],
    ],
    [
      "someone else's negation and a hypothetical",
      () => [
        [
          entry("2019-01-01", "Sister", "My sister has never been to Paris."),
          entry("2017-01-01", "Paris", "Visited Paris for a conference."),
          entry("2021-01-01", "Japan", "I have never been to Japan."),
          entry("2019-06-01", "Dreams", "I wanted to visit Japan with Ana, and dreamed of Kyoto."),
        ],
      ],
    ],
    [
      "quitting a habit",
      () => [
        [
          entry("2001-06-01", "First cigarette", "Smoked my first cigarette behind the gym."),
          entry("2015-01-01", "Quit", "I quit last year and I don't smoke anymore."),
          entry("2016-01-01", "Never again", "I never went back to that gym."),
        ],
      ],
    ],
    [
      "recurring events with the same label",
      () => [
        [
          entry("2009-12-25", "Christmas at grandma's in 2009", "Christmas at grandma's, tamales all day."),
          entry("2011-12-25", "Christmas at grandma's in 2011", "Christmas at grandma's, tamales all day."),
          entry("2015-07-04", "Family reunion 2015", "Everyone came to the lake."),
          entry("2018-07-04", "Family reunion 2018", "Everyone came to the lake again."),
        ],
      ],
    ],
    [
      "similar but distinct memories a day apart",
      () => [
        [
          entry("2009-08-03", "First day at the new job", "Nervous, got lost twice looking for the ward."),
          entry("2009-08-04", "Met the team", "Met the team on the cardiac ward and liked my preceptor."),
          entry("2009-08-05", "First night shift", "Worked my first night shift and drank too much coffee."),
        ],
      ],
    ],
    [
      "life events at plausible ages",
      () => [
        [
          entry("2001-08-01", "Driving test", "Passed my driving test at sixteen."),
          entry("2007-05-15", "College graduation", "Graduated from college with a nursing degree."),
          entry("2010-10-10", "Our wedding", "We got married under the oak tree."),
          entry("2013-02-01", "My own apartment", "My first apartment, a tiny studio."),
        ],
      ],
    ],
    [
      "other people's events in childhood",
      () => [
        [
          entry("1993-05-01", "Sister's graduation", "Watched my sister graduate from college."),
          entry("1991-07-01", "Aunt Rosa's wedding", "Attended my aunt's wedding and danced all night."),
          entry("1997-02-01", "Dad retired", "Dad retired from the mill after thirty years."),
          entry("1996-03-01", "Cousin", "My cousin got married in Mexico."),
        ],
      ],
    ],
    [
      "answers consistent with the profile and the memories",
      () => [
        [
          entry("2023-05-01", "School run", "I have two children and they both hate mornings."),
          entry("2016-07-02", "Paris trip", "Visited Paris with my sister."),
        ],
        {
          turns: [
            turn("I work as a nurse at the county hospital, mostly nights."),
            turn("I live in Austin with my husband and my two kids."),
            turn("I used to live in Chicago back in college, and I loved it."),
            turn("I've never been to Japan, though Paris was lovely."),
            turn("I don't have a car anymore, I bike everywhere."),
          ],
        },
      ],
    ],
    [
      "answers with negations about unrelated things",
      () => [
        [entry("2022-03-01", "Trello", "Used Trello at work for the rota.")],
        {
          turns: [
            turn("I've never used Notion, I don't really know it."),
            turn("I never liked spreadsheets, to be honest."),
            turn("I'm a regular at the café near the hospital."),
          ],
        },
      ],
    ],
    [
      "a simulator-style starter timeline",
      () => [
        [
          entry(
            "2003-06-01",
            "Finished high school",
            "Graduated from high school with family cheering from the crowd.",
          ),
          entry("2006-02-01", "Moved to Austin, TX", "Moved to Austin, TX with two suitcases and not much of a plan."),
          entry("2009-08-01", "Started working as a registered nurse", "Started working as a registered nurse at 24."),
        ],
      ],
    ],
    [
      "recent memories and answers about other people's jobs and homes, and suburbs",
      () => [
        [
          entry("2025-01-01", "Sister", "My sister moved to Denver last year."),
          entry("2025-01-02", "Brother", "Visited my brother, who lives in Denver."),
          entry("2025-01-03", "Food bank", "I'm a volunteer at the food bank on Saturdays."),
          entry("2025-01-05", "Suburbs", "We moved to Round Rock, just outside Austin, for the schools."),
          entry("2025-01-07", "Considered", "We thought about moving to Houston, but stayed."),
        ],
        {
          turns: [
            turn("If I lived in New York I'd walk everywhere."),
            turn("I live in a small town outside Austin."),
            turn("My husband works as a plumber, and I'm a night owl at work."),
          ],
        },
      ],
    ],
    [
      "words that are also object property names",
      () => [
        [
          entry(
            "2019-02-01",
            "Coding class",
            "Learned what a constructor and toString are; I have never used __proto__.",
          ),
          entry("2019-03-01", "Homework", "I have constructor hasOwnProperty valueOf, my two constructor."),
        ],
      ],
    ],
    [
      "a mother of two describing her kids",
      () => [
        [
          entry("2024-04-01", "Spring break", "I'm a mother of two and spring break is chaos."),
          entry("2024-06-01", "Pool day", "Took my two kids to Barton Springs."),
          entry("2024-08-01", "Back to school", "My daughter started third grade, my son started first."),
        ],
      ],
    ],
  ];

  it("has at least 15 benign cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)("%s", (_name, make) => {
    const [entries, options] = make();
    const result = check(entries, options);
    expect(result.issues).toEqual([]);
    expect(result.score).toBe(100);
  });
});

describe("score and order", () => {
  it("exports the severity weights", () => {
    expect(SEVERITY_WEIGHT).toEqual({ high: 25, medium: 10, low: 3 });
  });

  it("subtracts the weights and sorts by severity, then by the first entry's date", () => {
    const dupA = entry("2018-04-10", "Ran the Austin half marathon", "Ran the Austin half marathon in the rain.");
    const dupB = entry("2018-04-11", "Ran the Austin half marathon", "Ran the Austin half marathon in the rain.");
    const late = entry("2027-01-01", "Future trip");
    const early = entry("2026-01-01", "Future party");
    const job = entry("2024-11-01", "New job", "I work as a barista at Blue Bottle now.");
    const wedding = entry("1998-09-12", "Our wedding", "We got married at the courthouse.");
    const result = check([dupA, late, job, dupB, wedding, early]);
    expect(result.issues.map((i) => [i.severity, i.type, i.entryIds[0]])).toEqual([
      ["high", "timeline_order", early.id],
      ["high", "timeline_order", late.id],
      ["medium", "age_conflict", wedding.id],
      ["medium", "profile_conflict", job.id],
      ["low", "duplicate", dupA.id],
    ]);
    expect(result.score).toBe(100 - 25 - 25 - 10 - 10 - 3);
  });

  it("never goes below zero", () => {
    const future = Array.from({ length: 6 }, (_, i) => entry(`203${i}-01-01`, `Future ${i}`));
    expect(check(future).score).toBe(0);
  });
});

/** A deterministic pseudo-random generator for the performance fixture. */
describe("performance", () => {
  // How long it takes is measured by `npm run bench` (bench/timing.ts), not asserted here.
  it("checks 1,000 entries deterministically, whatever their order", () => {
    const { entries, turns } = syntheticTimeline();
    const first = check(entries, { turns });
    expect(first.issues.length).toBeGreaterThan(0);
    expect(check(entries, { turns })).toEqual(first);
    expect(check([...entries].reverse(), { turns: [...turns].reverse() })).toEqual(first);
  });
});
