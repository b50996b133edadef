import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer } from "../../../test/harness.ts";
import { usageEvents } from "../analytics/schema.ts";
import { EntryEnvelope, SupersededEnvelope, TimelineListEnvelope } from "./schemas.ts";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

type Tenant = { tenantId: string; key: string };
const memory = (over: Record<string, unknown> = {}) => ({
  eventAt: "2015-06-01T10:00:00.000Z",
  eventLabel: "First marathon",
  facts: "Ran the Chicago marathon in 4 hours 12 minutes.",
  feelings: "Exhausted and elated.",
  interpretation: "I can do hard things if I train for them.",
  ...over,
});

async function setup() {
  const t = await s.newTenant();
  const res = await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } });
  return { t, personaId: res.body.persona.id as string, initial: res.body.timeline[0] };
}

async function append(t: Tenant, personaId: string, body: Record<string, unknown>) {
  const res = await s.request("POST", `/personas/${personaId}/timeline`, { key: t.key, body });
  expect(res.status, res.text).toBe(201);
  return EntryEnvelope.parse(res.body).entry;
}

describe("POST /personas/:personaId/timeline", () => {
  it("appends a memory with defaults and records the event", async () => {
    const { t, personaId } = await setup();
    const entry = await append(t, personaId, { tenantId: t.tenantId, ...memory() });
    expect(entry).toMatchObject({
      personaId,
      eventLabel: "First marathon",
      memoryType: "normal",
      memoryStrength: 50,
      emotionTags: [],
      status: "active",
      supersedes: null,
      recallCount: 0,
    });
    expect(entry.effectiveStrength).toBeLessThan(50);
    expect(entry.effectiveStrength).toBeGreaterThan(10);
    await s.ctx.usage.flush();
    const [event] = await s.ctx.database.db
      .select()
      .from(usageEvents)
      .where(and(eq(usageEvents.tenantId, t.tenantId), eq(usageEvents.event, "persona_timeline_append")));
    expect(event?.payload).toMatchObject({ personaId, entryId: entry.id });
  });

  const limits: [string, Record<string, unknown>, string][] = [
    ["eventLabel empty", { eventLabel: "" }, "eventLabel"],
    ["eventLabel 501", { eventLabel: "x".repeat(501) }, "eventLabel"],
    ["facts empty", { facts: " " }, "facts"],
    ["facts 5001", { facts: "x".repeat(5001) }, "facts"],
    ["feelings 5001", { feelings: "x".repeat(5001) }, "feelings"],
    ["interpretation 5001", { interpretation: "x".repeat(5001) }, "interpretation"],
    ["51 emotion tags", { emotionTags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, "emotionTags"],
    ["unknown memory type", { memoryType: "joyful" }, "memoryType"],
    ["strength 101", { memoryStrength: 101 }, "memoryStrength"],
    ["strength -1", { memoryStrength: -1 }, "memoryStrength"],
    ["strength 5.5", { memoryStrength: 5.5 }, "memoryStrength"],
    [
      "51 metadata keys",
      { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) },
      "metadata",
    ],
    ["bad eventAt", { eventAt: "yesterday" }, "eventAt"],
    ["missing eventAt", { eventAt: undefined }, "eventAt"],
    ["unknown field", { mood: "happy" }, "json"],
  ];
  it.each(limits)("rejects %s", async (_n, over, path) => {
    const { t, personaId } = await setup();
    const res = await s.request("POST", `/personas/${personaId}/timeline`, { key: t.key, body: memory(over) });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it("accepts the limits exactly", async () => {
    const { t, personaId } = await setup();
    const entry = await append(t, personaId, {
      ...memory({
        eventLabel: "x".repeat(500),
        facts: "f".repeat(5000),
        feelings: "g".repeat(5000),
        interpretation: "i".repeat(5000),
      }),
      emotionTags: Array.from({ length: 50 }, (_, i) => `t${i}`),
      memoryType: "exaggerated",
      memoryStrength: 100,
      metadata: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i])),
    });
    expect(entry.memoryStrength).toBe(100);
  });
});

describe("GET /personas/:personaId/timeline", () => {
  it("orders by eventAt, filters by type and time, pages, and hides superseded entries unless asked", async () => {
    const { t, personaId, initial } = await setup();
    const a = await append(
      t,
      personaId,
      memory({ eventAt: "2001-01-01T00:00:00.000Z", eventLabel: "A", memoryType: "pride" }),
    );
    const b = await append(t, personaId, memory({ eventAt: "2005-01-01T00:00:00.000Z", eventLabel: "B" }));
    const c = await append(
      t,
      personaId,
      memory({ eventAt: "2010-01-01T00:00:00.000Z", eventLabel: "C", memoryType: "shame" }),
    );
    const list = async (query: Record<string, string | number> = {}) => {
      const res = await s.request("GET", `/personas/${personaId}/timeline`, { key: t.key, query });
      expect(res.status, res.text).toBe(200);
      return TimelineListEnvelope.parse(res.body);
    };
    const all = await list();
    expect(all.timeline.map((e) => e.id).slice(0, 3)).toEqual([a.id, b.id, c.id]);
    expect(all.timeline.map((e) => e.id)).toContain(initial.id);
    expect((await list({ memoryType: "pride" })).timeline.map((e) => e.id)).toEqual([a.id]);
    expect(
      (await list({ from: "2004-01-01T00:00:00Z", to: "2011-01-01T00:00:00Z" })).timeline.map((e) => e.id),
    ).toEqual([b.id, c.id]);
    const p1 = await list({ limit: 2 });
    const p2 = await list({ limit: 2, cursor: p1.nextCursor ?? "" });
    expect([...p1.timeline, ...p2.timeline].map((e) => e.id)).toEqual(all.timeline.map((e) => e.id));
    await s.request("POST", `/personas/${personaId}/timeline/${b.id}/supersede`, {
      key: t.key,
      body: { reason: "Wrong year", replacement: { eventAt: "2006-01-01T00:00:00.000Z" } },
    });
    expect((await list()).timeline.map((e) => e.id)).not.toContain(b.id);
    expect((await list({ includeSuperseded: "true" })).timeline.map((e) => e.id)).toContain(b.id);
    for (const bad of [
      { memoryType: "x" },
      { from: "nope" },
      { from: "2010-01-01T00:00:00Z", to: "2000-01-01T00:00:00Z" },
      { includeSuperseded: "yes" },
    ]) {
      expect((await s.request("GET", `/personas/${personaId}/timeline`, { key: t.key, query: bad })).status).toBe(400);
    }
  });
});

describe("supersede", () => {
  it("stores a revision, links both ways, keeps the original with its reason, and refuses superseding twice", async () => {
    const { t, personaId } = await setup();
    const original = await append(t, personaId, memory({ memoryStrength: 70 }));
    const res = await s.request("POST", `/personas/${personaId}/timeline/${original.id}/supersede`, {
      key: t.key,
      body: {
        tenantId: t.tenantId,
        reason: "It was Boston, not Chicago",
        replacement: { facts: "Ran the Boston marathon in 4 hours 12 minutes." },
      },
    });
    expect(res.status, res.text).toBe(200);
    const { superseded, entry } = SupersededEnvelope.parse(res.body);
    expect(entry).toMatchObject({
      memoryType: "revised",
      supersedes: original.id,
      facts: "Ran the Boston marathon in 4 hours 12 minutes.",
      eventLabel: original.eventLabel,
      eventAt: original.eventAt,
      memoryStrength: 70,
      status: "active",
    });
    expect(superseded).toMatchObject({
      id: original.id,
      status: "superseded",
      supersededBy: entry.id,
      supersedeReason: "It was Boston, not Chicago",
    });
    expect(superseded.supersededAt).not.toBeNull();

    const again = await s.request("POST", `/personas/${personaId}/timeline/${original.id}/supersede`, {
      key: t.key,
      body: { reason: "again", replacement: { facts: "x" } },
    });
    expect(again.status).toBe(409);
    expect(again.body.details).toEqual({ supersededBy: entry.id });

    // The chain goes on from the replacement, typed when asked.
    const second = await s.request("POST", `/personas/${personaId}/timeline/${entry.id}/supersede`, {
      key: t.key,
      body: { reason: "Proud of it after all", replacement: { memoryType: "pride" } },
    });
    expect(second.status).toBe(200);
    expect(second.body.entry).toMatchObject({ memoryType: "pride", supersedes: entry.id });
    const trail = TimelineListEnvelope.parse(
      (await s.request("GET", `/personas/${personaId}/timeline`, { key: t.key, query: { includeSuperseded: "true" } }))
        .body,
    );
    const chain = trail.timeline.filter((e) => e.eventLabel === "First marathon");
    expect(chain.map((e) => [e.status, e.memoryType])).toEqual(
      expect.arrayContaining([
        ["superseded", "normal"],
        ["superseded", "revised"],
        ["active", "pride"],
      ]),
    );
    const exported = await s.request("GET", `/personas/${personaId}/export`, { key: t.key });
    expect(
      exported.body.timeline.filter((e: { eventLabel: string }) => e.eventLabel === "First marathon"),
    ).toHaveLength(3);
  });

  it("validates the request", async () => {
    const { t, personaId } = await setup();
    const e = await append(t, personaId, memory());
    for (const body of [
      { replacement: { facts: "x" } },
      { reason: "", replacement: { facts: "x" } },
      { reason: "r" },
      { reason: "r", replacement: {} },
      { reason: "r", replacement: { memoryType: "odd" } },
    ]) {
      const res = await s.request("POST", `/personas/${personaId}/timeline/${e.id}/supersede`, { key: t.key, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const missing = await s.request(
      "POST",
      `/personas/${personaId}/timeline/01a22480-a4a4-75f0-ae3f-d8d6b9828fae/supersede`,
      {
        key: t.key,
        body: { reason: "r", replacement: { facts: "x" } },
      },
    );
    expect(missing.status).toBe(404);
  });
});

describe("recall reinforces memories", () => {
  it("counts recalls and raises effective strength when a memory is used in an answer", async () => {
    const { t, personaId } = await setup();
    const e = await append(
      t,
      personaId,
      memory({
        eventAt: "1995-05-01T00:00:00.000Z",
        eventLabel: "Learning to sail on Lake Michigan",
        facts: "My uncle taught me to sail on Lake Michigan.",
        memoryStrength: 60,
      }),
    );
    const res = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId, userPrompt: "Have you ever been sailing on a lake?" },
    });
    expect(res.body.memoriesUsed.map((m: { id: string }) => m.id)).toContain(e.id);
    const after = TimelineListEnvelope.parse(
      (await s.request("GET", `/personas/${personaId}/timeline`, { key: t.key })).body,
    ).timeline.find((x) => x.id === e.id);
    expect(after?.recallCount).toBe(1);
    expect(after?.lastRecalledAt).not.toBeNull();
    expect(after?.effectiveStrength).toBeGreaterThan(e.effectiveStrength + 10);
  });
});
