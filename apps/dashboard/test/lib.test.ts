import { describe, expect, it } from "vitest";
import { formatDuration, formatPercent, formatRelative, formatUsd } from "../src/lib/format.ts";
import { embedSnippet, keyRequest, keyState } from "../src/lib/keys.ts";
import { checkKeyShape, clearSession, loadSession, saveSession } from "../src/lib/session.ts";
import { addDays, type UsageRow, usageQuery, usageSeries, zonedDate, zonedMidnight } from "../src/lib/usage.ts";

class MemoryStore {
  m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
}

describe("session", () => {
  it("saves, loads and clears; a broken entry reads as signed out", () => {
    const s = new MemoryStore();
    expect(loadSession(s)).toBeNull();
    saveSession(s, { apiKey: "pr_live_abc", tenantId: "acme" });
    expect(loadSession(s)).toEqual({ apiKey: "pr_live_abc", tenantId: "acme" });
    clearSession(s);
    expect(loadSession(s)).toBeNull();
    s.setItem("person-run.session", "{not json");
    expect(loadSession(s)).toBeNull();
    s.setItem("person-run.session", JSON.stringify({ apiKey: "" }));
    expect(loadSession(s)).toBeNull();
  });

  it("checks a pasted key's shape and refuses publishable keys", () => {
    expect(checkKeyShape("  pr_live_Abc123  ")).toEqual({ ok: true, key: "pr_live_Abc123" });
    expect(checkKeyShape("")).toMatchObject({ ok: false });
    expect(checkKeyShape("pk_live_abc")).toMatchObject({ ok: false, message: expect.stringContaining("publishable") });
    expect(checkKeyShape("hello world")).toMatchObject({ ok: false });
  });
});

describe("format", () => {
  it("formats money, percentages, durations and relative times", () => {
    expect(formatUsd(1234.5)).toBe("$1,234.50");
    expect(formatUsd(0.00042)).toBe("$0.00042");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(null)).toBe("—");
    expect(formatPercent(0.1234)).toBe("12.3%");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_400)).toBe("12.4 s");
    expect(formatDuration(185_000)).toBe("3 min 5 s");
    expect(formatDuration(7_800_000)).toBe("2 h 10 min");
    const now = Date.parse("2026-01-01T12:00:00Z");
    expect(formatRelative("2026-01-01T11:57:00Z", now)).toBe("3 minutes ago");
    expect(formatRelative("2026-01-01T14:00:00Z", now)).toBe("in 2 hours");
  });
});

describe("keys", () => {
  const base = {
    type: "secret" as const,
    name: "CI",
    profile: "editor" as const,
    expiresOn: "",
    personaIds: [],
    origins: "",
    rateLimitPerMinute: "",
  };
  const now = new Date("2026-06-01T12:00:00");

  it("builds a secret key's request, with an expiry at the end of the chosen local day", () => {
    expect(keyRequest(base, now)).toEqual({ ok: true, body: { name: "CI", profile: "editor", type: "secret" } });
    const r = keyRequest({ ...base, expiresOn: "2026-06-02" }, now);
    expect(r.ok && r.body.expiresAt).toBe(new Date(2026, 5, 2, 23, 59, 59, 999).toISOString());
    expect(keyRequest({ ...base, expiresOn: "2026-05-01" }, now)).toMatchObject({ ok: false, field: "expiresOn" });
    expect(keyRequest({ ...base, name: "  " }, now)).toMatchObject({ ok: false, field: "name" });
  });

  it("builds a publishable key's request: personas, exact origins, a rate limit", () => {
    const pub = { ...base, type: "publishable" as const };
    expect(keyRequest(pub, now)).toMatchObject({ ok: false, field: "personaIds" });
    expect(keyRequest({ ...pub, personaIds: ["p1"] }, now)).toMatchObject({ ok: false, field: "origins" });
    expect(keyRequest({ ...pub, personaIds: ["p1"], origins: "https://a.com/path" }, now)).toMatchObject({
      ok: false,
      field: "origins",
    });
    expect(
      keyRequest(
        { ...pub, personaIds: ["p1"], origins: "https://a.com/\nhttp://localhost:5173", rateLimitPerMinute: "0" },
        now,
      ),
    ).toMatchObject({ ok: false, field: "rateLimitPerMinute" });
    expect(
      keyRequest(
        { ...pub, personaIds: ["p1"], origins: "https://a.com/\nhttp://localhost:5173", rateLimitPerMinute: "60" },
        now,
      ),
    ).toEqual({
      ok: true,
      body: {
        name: "CI",
        type: "publishable",
        personaIds: ["p1"],
        allowedOrigins: ["https://a.com", "http://localhost:5173"],
        rateLimitPerMinute: 60,
      },
    });
  });

  it("tells a key's state and writes the embed tag", () => {
    const t = Date.parse("2026-06-01T00:00:00Z");
    expect(keyState({ revokedAt: null, expiresAt: null }, t)).toBe("active");
    expect(keyState({ revokedAt: "2026-05-01T00:00:00Z", expiresAt: null }, t)).toBe("revoked");
    expect(keyState({ revokedAt: null, expiresAt: "2026-05-31T00:00:00Z" }, t)).toBe("expired");
    expect(embedSnippet("https://pr.example", "pk_live_x", "p1")).toBe(
      '<script src="https://pr.example/widget.js" data-persona-id="p1" data-key="pk_live_x" async></script>',
    );
  });
});

describe("usage shaping", () => {
  const row = (period: string, event: string, count: number, costUsd = 0): UsageRow => ({
    period,
    periodStart: `${period}T00:00:00.000Z`,
    event,
    count,
    tokensIn: count * 10,
    tokensOut: count,
    cachedTokensIn: 0,
    costUsd,
    credits: costUsd * 1000,
  });

  it("keeps the top groups by total, sums the rest as other, in time order", () => {
    const rows = [
      row("2026-01-02", "a", 5),
      row("2026-01-01", "a", 1),
      row("2026-01-01", "b", 3),
      row("2026-01-01", "c", 2),
      row("2026-01-02", "d", 1),
    ];
    const { points, groups } = usageSeries(rows, "event", "count", 2);
    expect(groups).toEqual(["a", "b", "other"]);
    expect(points.map((p) => [p.period, p.group, p.value])).toEqual([
      ["2026-01-01", "a", 1],
      ["2026-01-01", "b", 3],
      ["2026-01-01", "other", 2],
      ["2026-01-02", "a", 5],
      ["2026-01-02", "other", 1],
    ]);
    const tokens = usageSeries(rows, null, "tokens");
    expect(tokens.groups).toEqual(["all"]);
    expect(tokens.points.map((p) => p.value)).toEqual([66, 66]);
  });

  it("turns local dates into the zone's midnights", () => {
    expect(zonedMidnight("2026-03-01", "UTC")).toBe("2026-03-01T00:00:00.000Z");
    expect(zonedMidnight("2026-03-01", "Asia/Kolkata")).toBe("2026-02-28T18:30:00.000Z");
    // New York on the day summer time starts (02:00 local) and the day after.
    expect(zonedMidnight("2026-03-08", "America/New_York")).toBe("2026-03-08T05:00:00.000Z");
    expect(zonedMidnight("2026-03-09", "America/New_York")).toBe("2026-03-09T04:00:00.000Z");
    expect(zonedDate(Date.parse("2026-02-28T19:00:00Z"), "Asia/Kolkata")).toBe("2026-03-01");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(
      usageQuery({ from: "2026-03-01", to: "2026-03-01", granularity: "day", timezone: "Asia/Kolkata", groupBy: "" }),
    ).toEqual({
      from: "2026-02-28T18:30:00.000Z",
      to: "2026-03-01T18:30:00.000Z",
      granularity: "day",
      timezone: "Asia/Kolkata",
    });
  });
});
