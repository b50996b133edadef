import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer } from "../../../test/harness.ts";
import { EventListEnvelope, UsageEnvelope } from "./schemas.ts";
import type { UsageEventInput } from "./usage.ts";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { WORKERS: "false" } });
});
afterAll(() => s.close());

type Tenant = { tenantId: string; key: string };

async function record(events: Omit<UsageEventInput, "tenantId">[], tenantId: string) {
  for (const e of events) s.ctx.usage.record({ ...e, tenantId });
  await s.ctx.usage.flush();
}

const prompt = (at: string, over: Record<string, unknown> = {}, apiKeyId: string | null = null) => ({
  event: "persona_prompt" as const,
  at: new Date(at),
  apiKeyId,
  payload: {
    personaId: "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e",
    model: "openai/gpt-4.1-mini",
    tokensIn: 1000,
    tokensOut: 300,
    cachedTokens: 200,
    costUsd: 0.0009,
    credits: 0.9,
    ...over,
  },
});

async function usage(t: Tenant, query: Record<string, string>) {
  const res = await s.request("GET", "/analytics/usage", { key: t.key, query });
  expect(res.status, res.text).toBe(200);
  return UsageEnvelope.parse(res.body);
}

async function eventsPage(t: Tenant, query: Record<string, string>) {
  const res = await s.request("GET", "/analytics/events", { key: t.key, query });
  expect(res.status, res.text).toBe(200);
  return EventListEnvelope.parse(res.body);
}

describe("GET /analytics/events", () => {
  it("lists newest first, filters and pages without gaps or repeats", async () => {
    const t = await s.newTenant();
    const keyA = randomUUID();
    const personaB = randomUUID();
    await record(
      [
        prompt("2026-02-20T10:00:00.000Z", {}, keyA),
        prompt("2026-02-20T11:00:00.000Z", { personaId: personaB }),
        prompt("2026-02-20T12:00:00.000Z", { model: "anthropic/claude-haiku-4.5" }, keyA),
        { event: "persona_create", at: new Date("2026-02-20T13:00:00.000Z"), payload: { personaId: personaB } },
        prompt("2026-02-20T14:00:00.000Z"),
      ],
      t.tenantId,
    );
    const feb = { to: "2026-03-01T00:00:00.000Z" }; // not the tenant's own events of today
    const all = await eventsPage(t, feb);
    expect(all.events.map((e) => e.createdAt)).toEqual([
      "2026-02-20T14:00:00.000Z",
      "2026-02-20T13:00:00.000Z",
      "2026-02-20T12:00:00.000Z",
      "2026-02-20T11:00:00.000Z",
      "2026-02-20T10:00:00.000Z",
    ]);
    expect(all.nextCursor).toBeNull();
    expect((await eventsPage(t, { ...feb, event: "persona_create" })).events).toHaveLength(1);
    expect((await eventsPage(t, { personaId: personaB })).events.map((e) => e.event)).toEqual([
      "persona_create",
      "persona_prompt",
    ]);
    expect((await eventsPage(t, { keyId: keyA })).events.map((e) => e.createdAt)).toEqual([
      "2026-02-20T12:00:00.000Z",
      "2026-02-20T10:00:00.000Z",
    ]);
    expect((await eventsPage(t, { model: "anthropic/claude-haiku-4.5" })).events).toHaveLength(1);
    const window = await eventsPage(t, { from: "2026-02-20T11:00:00.000Z", to: "2026-02-20T13:00:00.000Z" });
    expect(window.events.map((e) => e.createdAt)).toEqual(["2026-02-20T12:00:00.000Z", "2026-02-20T11:00:00.000Z"]);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page: { events: { id: string }[]; nextCursor: string | null } = await eventsPage(t, {
        ...feb,
        limit: "2",
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all.events.map((e) => e.id));
  });

  it("answers 400 for bad parameters", async () => {
    const t = await s.newTenant();
    for (const query of [
      { cursor: "nope" },
      { from: "yesterday" },
      { from: "2026-02-21T00:00:00Z", to: "2026-02-20T00:00:00Z" },
      { personaId: "not-a-uuid" },
      { event: "DROP TABLE" },
      { event: "persona_promtp" },
      { model: "gpt" },
      { limit: "0" },
      { unknown: "1" },
    ]) {
      const res = await s.request("GET", "/analytics/events", { key: t.key, query });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(typeof res.body.error).toBe("string");
    }
  });

  it("records its own usage event, like persona_list", async () => {
    const t = await s.newTenant();
    await eventsPage(t, { event: "persona_prompt" });
    await s.ctx.usage.flush();
    const own = await eventsPage(t, { event: "analytics_events" });
    expect(own.events[0]?.payload).toMatchObject({ count: 0, limit: 50, filters: ["event"] });
  });
});

describe("GET /analytics/usage", () => {
  it("cuts days in the given time zone: 23:30 UTC counts on the next day in Asia/Tokyo", async () => {
    const t = await s.newTenant();
    await record([prompt("2026-02-20T23:30:00.000Z")], t.tenantId);
    const range = { from: "2026-02-19T00:00:00.000Z", to: "2026-02-23T00:00:00.000Z" };
    const utc = await usage(t, { ...range, timezone: "UTC" });
    expect(utc.usage.map((r) => [r.period, r.periodStart, r.count])).toEqual([
      ["2026-02-20", "2026-02-20T00:00:00.000Z", 1],
    ]);
    const tokyo = await usage(t, { ...range, timezone: "Asia/Tokyo" });
    expect(tokyo.usage.map((r) => [r.period, r.periodStart, r.count])).toEqual([
      ["2026-02-21", "2026-02-20T15:00:00.000Z", 1],
    ]);
  });

  it("handles half-hour and quarter-hour zones (Asia/Kolkata, Asia/Kathmandu)", async () => {
    const t = await s.newTenant();
    // 18:15Z is 23:45 in Kolkata (+05:30); 18:45Z is 00:15 the next day. Kathmandu (+05:45): 18:20Z is
    // 00:05 the next day, 18:10Z is 23:55.
    await record(
      [prompt("2026-02-20T18:10:00.000Z"), prompt("2026-02-20T18:20:00.000Z"), prompt("2026-02-20T18:45:00.000Z")],
      t.tenantId,
    );
    const range = { from: "2026-02-19T00:00:00.000Z", to: "2026-02-23T00:00:00.000Z" };
    const kolkata = await usage(t, { ...range, timezone: "Asia/Kolkata" });
    expect(kolkata.usage.map((r) => [r.period, r.count])).toEqual([
      ["2026-02-20", 2],
      ["2026-02-21", 1],
    ]);
    const kathmandu = await usage(t, { ...range, timezone: "Asia/Kathmandu" });
    expect(kathmandu.usage.map((r) => [r.period, r.count])).toEqual([
      ["2026-02-20", 1],
      ["2026-02-21", 2],
    ]);
  });

  it("rollup sums equal the raw events, per group and in total, for ranges off the quarter hour", async () => {
    const t = await s.newTenant();
    const models = ["openai/gpt-4.1-mini", "anthropic/claude-haiku-4.5", "person-run/simulator"];
    const events = Array.from({ length: 120 }, (_, i) =>
      prompt(new Date(Date.parse("2026-03-01T00:00:00.000Z") + i * 47 * 60 * 1000 + i * 1371).toISOString(), {
        model: models[i % 3],
        tokensIn: 100 + i,
        tokensOut: 10 + (i % 7),
        cachedTokens: i % 5,
        costUsd: 0.000001 * (i + 1),
        credits: 0.001 * (i + 1),
      }),
    );
    events.push({
      event: "persona_create" as never,
      at: new Date("2026-03-02T05:00:00.000Z"),
      apiKeyId: null,
      payload: {} as never,
    });
    await record(events, t.tenantId);
    const from = "2026-03-01T03:07:11.000Z";
    const to = "2026-03-04T19:52:30.500Z";
    const inRange = events.filter((e) => e.at >= new Date(from) && e.at < new Date(to));
    const sum = (list: typeof events, k: "tokensIn" | "tokensOut" | "cachedTokens" | "costUsd" | "credits") =>
      list.reduce((a, e) => a + (Number((e.payload as Record<string, unknown>)[k]) || 0), 0);

    // Hourly rollups (New York) and quarter-hour ones (Kolkata, +05:30).
    for (const [granularity, timezone] of [
      ["day", "America/New_York"],
      ["week", "America/New_York"],
      ["month", "America/New_York"],
      ["day", "Asia/Kolkata"],
      ["month", "Asia/Kolkata"],
    ] as const) {
      const report = await usage(t, { from, to, granularity, timezone, groupBy: "model" });
      expect(report.totals.count).toBe(inRange.length);
      expect(report.totals.tokensIn).toBe(sum(inRange, "tokensIn"));
      expect(report.totals.tokensOut).toBe(sum(inRange, "tokensOut"));
      expect(report.totals.cachedTokensIn).toBe(sum(inRange, "cachedTokens"));
      expect(report.totals.costUsd).toBeCloseTo(sum(inRange, "costUsd"), 9);
      expect(report.totals.credits).toBeCloseTo(sum(inRange, "credits"), 6);
      expect(report.usage.reduce((a, r) => a + r.count, 0)).toBe(report.totals.count);
      for (const model of models) {
        const mine = inRange.filter((e) => (e.payload as Record<string, unknown>).model === model);
        const rows = report.usage.filter((r) => r.model === model);
        expect(
          rows.reduce((a, r) => a + r.tokensIn, 0),
          model,
        ).toBe(sum(mine, "tokensIn"));
        expect(
          rows.reduce((a, r) => a + r.count, 0),
          model,
        ).toBe(mine.length);
      }
      expect(report.usage.filter((r) => r.model === null).reduce((a, r) => a + r.count, 0)).toBe(1);
      expect(report.dashboard.promptEvents).toBe(inRange.length - 1);
    }
    // Per day: every day's count is what the raw events say (New York days).
    const daily = await usage(t, { from, to, timezone: "America/New_York" });
    const byDay = new Map<string, number>();
    for (const e of inRange) {
      const day = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(e.at);
      byDay.set(day, (byDay.get(day) ?? 0) + 1);
    }
    expect(Object.fromEntries(daily.usage.map((r) => [r.period, r.count]))).toEqual(Object.fromEntries(byDay));
  });

  it("is exact in zones cut off the hour and across offset changes (Kolkata, Kathmandu, Lord Howe, St John's, Adelaide)", async () => {
    const t = await s.newTenant();
    const personas = [randomUUID(), randomUUID(), randomUUID()];
    // Every 23 min 7 s around the 2026 offset changes: St John's (-03:30 → -02:30, 8 March), Lord Howe
    // (+11 → +10:30, 5 April; back on 4 October) and Adelaide (+10:30 → +09:30, 5 April; back on 4 October).
    const events: ReturnType<typeof prompt>[] = [];
    for (const [a, b] of [
      ["2026-03-06T00:00:00.000Z", "2026-03-10T00:00:00.000Z"],
      ["2026-04-02T00:00:00.000Z", "2026-04-07T00:00:00.000Z"],
      ["2026-09-30T00:00:00.000Z", "2026-10-06T00:00:00.000Z"],
    ]) {
      for (let at = Date.parse(a as string); at < Date.parse(b as string); at += (23 * 60 + 7) * 1000) {
        const i = events.length;
        events.push(prompt(new Date(at).toISOString(), { personaId: personas[i % 3], tokensIn: i }));
      }
    }
    await record(events, t.tenantId);
    const from = "2026-03-06T05:13:07.250Z";
    const to = "2026-10-05T17:41:00.000Z";
    const inRange = events.filter((e) => e.at >= new Date(from) && e.at < new Date(to));
    const dayOf = (zone: string, at: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(at);
    const periodOf: Record<"day" | "week" | "month", (zone: string, at: Date) => string> = {
      day: dayOf,
      month: (zone, at) => `${dayOf(zone, at).slice(0, 7)}-01`,
      week: (zone, at) => {
        const d = new Date(`${dayOf(zone, at)}T00:00:00.000Z`);
        return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
      },
    };
    for (const timezone of [
      "Asia/Kolkata",
      "Asia/Kathmandu",
      "Australia/Lord_Howe",
      "America/St_Johns",
      "Australia/Adelaide",
      "Europe/Berlin",
    ]) {
      for (const granularity of ["day", "week", "month"] as const) {
        const report = await usage(t, { from, to, granularity, timezone, groupBy: "persona" });
        const want = new Map<string, number>();
        const wantTokens = new Map<string, number>();
        for (const e of inRange) {
          const k = `${periodOf[granularity](timezone, e.at)} ${e.payload.personaId}`;
          want.set(k, (want.get(k) ?? 0) + 1);
          wantTokens.set(k, (wantTokens.get(k) ?? 0) + Number(e.payload.tokensIn));
        }
        const what = `${timezone} ${granularity}`;
        expect(Object.fromEntries(report.usage.map((r) => [`${r.period} ${r.personaId}`, r.count])), what).toEqual(
          Object.fromEntries(want),
        );
        expect(Object.fromEntries(report.usage.map((r) => [`${r.period} ${r.personaId}`, r.tokensIn])), what).toEqual(
          Object.fromEntries(wantTokens),
        );
        expect(report.totals.count, what).toBe(inRange.length);
      }
    }
  });

  it("groups by event, persona and key; reports the dashboard metrics", async () => {
    const t = await s.newTenant();
    const created = await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } });
    expect(created.status, created.text).toBe(201);
    const key = randomUUID();
    await record(
      [prompt("2026-02-20T10:00:00.000Z", {}, key), prompt("2026-02-20T11:00:00.000Z", {}, key)],
      t.tenantId,
    );
    const range = { from: "2026-02-20T00:00:00.000Z", to: "2026-02-21T00:00:00.000Z" };
    const byKey = await usage(t, { ...range, groupBy: "key" });
    expect(byKey.usage.map((r) => [r.keyId, r.count, r.tokensIn])).toEqual([[key, 2, 2000]]);
    const byPersona = await usage(t, { ...range, groupBy: "persona" });
    expect(byPersona.usage.map((r) => r.personaId)).toEqual(["0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e"]);
    const byEvent = await usage(t, { ...range, groupBy: "event" });
    expect(byEvent.usage.map((r) => r.event)).toEqual(["persona_prompt"]);
    expect(byEvent.dashboard).toMatchObject({
      promptEvents: 2,
      personaCount: 1,
      tokenUsage: { tokensIn: 2000, tokensOut: 600, cachedTokensIn: 400 },
    });
    expect(byEvent.dashboard.timelineEntries).toBeGreaterThanOrEqual(0);
  });

  it("answers 400 for an unknown time zone and other bad parameters", async () => {
    const t = await s.newTenant();
    for (const query of [
      { timezone: "Mars/Olympus_Mons" },
      { timezone: "+02:00" },
      { granularity: "hour" },
      { groupBy: "tenant" },
      { from: "2026-02-21T00:00:00Z", to: "2026-02-20T00:00:00Z" },
    ]) {
      const res = await s.request("GET", "/analytics/usage", { key: t.key, query });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.code).toBe("validation_error");
    }
  });
});

describe("GET /analytics/export", () => {
  it("streams every event of the range as CSV or NDJSON, across pages", async () => {
    const t = await s.newTenant();
    const base = Date.parse("2026-01-10T00:00:00.000Z");
    const events = Array.from({ length: 2345 }, (_, i) =>
      prompt(new Date(base + i * 1000).toISOString(), { tokensIn: i, model: i === 7 ? "=cmd()" : "m,1" }),
    );
    await record(events, t.tenantId);
    const query = { from: "2026-01-01T00:00:00.000Z", to: "2026-02-01T00:00:00.000Z" };
    const nd = await s.request("GET", "/analytics/export", { key: t.key, query: { ...query, format: "ndjson" } });
    expect(nd.status).toBe(200);
    expect(nd.headers.get("content-type")).toContain("ndjson");
    const lines = nd.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2345);
    expect(lines.map((l) => l.payload.tokensIn)).toEqual(events.map((_, i) => i)); // oldest first, no repeats

    const csv = await s.request("GET", "/analytics/export", { key: t.key, query });
    expect(csv.status).toBe(200);
    const rows = csv.text.trim().split("\r\n");
    expect(rows[0]).toBe(
      "id,created_at,event,key_id,request_id,persona_id,model,tokens_in,tokens_out,cached_tokens_in,cost_usd,credits,payload",
    );
    expect(rows).toHaveLength(2346);
    expect(rows[1]).toContain(',"m,1",0,300,200,0.0009,0.9,');
    expect(rows[8]).toContain(",'=cmd(),"); // a formula is defused

    const none = await s.request("GET", "/analytics/export", {
      key: t.key,
      query: { ...query, event: "persona_create" },
    });
    expect(none.text.trim().split("\r\n")).toHaveLength(1);
  });

  it("writes each event as the events list shows it, and pages exactly through thousands of events in the same milliseconds", async () => {
    const t = await s.newTenant();
    const keyId = randomUUID();
    await record([prompt("2026-01-05T10:00:00.000Z", { note: 'quote " and \\ and ünïcode' }, keyId)], t.tenantId);
    const query = { from: "2026-01-01T00:00:00.000Z", to: "2026-02-01T00:00:00.000Z" };
    const listed = (await eventsPage(t, query)).events;
    const nd = await s.request("GET", "/analytics/export", { key: t.key, query: { ...query, format: "ndjson" } });
    expect(
      nd.text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual(listed);

    // 2,500 events within 3 ms (times are stored to the millisecond): pages of 1,000 end inside a millisecond,
    // where only the id orders the events.
    await s.ctx.database.query(
      `insert into usage_events (id, tenant_id, event, payload, created_at)
       select gen_random_uuid(), $1, 'persona_list', jsonb_build_object('i', i),
         timestamptz '2026-01-20T00:00:00Z' + i * interval '1 microsecond'
       from generate_series(0, 2499) i`,
      [t.tenantId],
    );
    const all = await s.request("GET", "/analytics/export", {
      key: t.key,
      query: { ...query, format: "ndjson", event: "persona_list" },
    });
    const seen = all.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { createdAt: string; payload: { i: number } });
    expect(seen).toHaveLength(2500);
    expect(new Set(seen.map((e) => e.payload.i)).size).toBe(2500); // none repeated, so none skipped
    const times = seen.map((e) => e.createdAt);
    expect(times).toEqual([...times].sort()); // oldest first
  });

  it("answers 400 for bad parameters before streaming", async () => {
    const t = await s.newTenant();
    for (const query of [
      { format: "xml" },
      { event: "nope" },
      { from: "2026-02-21T00:00:00Z", to: "2026-02-20T00:00:00Z" },
    ]) {
      const res = await s.request("GET", "/analytics/export", { key: t.key, query });
      expect(res.status, JSON.stringify(query)).toBe(400);
    }
  });
});

describe("retention", () => {
  it("drops events and rollups older than the retention, keeping rollups equal to the events", async () => {
    const t = await s.newTenant();
    const now = s.ctx.now().getTime();
    const day = 24 * 60 * 60 * 1000;
    await record(
      [
        prompt(new Date(now - 40 * day).toISOString()),
        prompt(new Date(now - 20 * day).toISOString()),
        prompt(new Date(now - 1 * day).toISOString()),
      ],
      t.tenantId,
    );
    const range = { from: new Date(now - 60 * day).toISOString(), to: new Date(now).toISOString() };
    const prompts = async () =>
      (await usage(t, { ...range, groupBy: "event" })).usage
        .filter((r) => r.event === "persona_prompt")
        .reduce((a, r) => a + r.count, 0);
    expect(await prompts()).toBe(3);
    const swept = await s.ctx.analytics.sweep(30);
    expect(swept.events).toBeGreaterThanOrEqual(1);
    expect(await prompts()).toBe(2);
    expect((await eventsPage(t, { event: "persona_prompt" })).events).toHaveLength(2);
    expect(await s.ctx.analytics.sweep(null)).toEqual({ events: 0, rollups: 0 });
  });
});
