import { Cron } from "croner";

/**
 * The schedule builder's cron maths, pure (unit-tested in test/cron.test.ts): presets to a five-field
 * cron and back, a plain-words description, and the next fire times in a time zone computed with croner
 * in the same mode the server uses (`5-part`, read in the schedule's zone).
 */

export type CronPreset = "hourly" | "daily" | "weekdays" | "weekly" | "monthly" | "custom";

export interface CronSpec {
  preset: CronPreset;
  /** 0-59 */
  minute: number;
  /** 0-23 (not used by hourly) */
  hour: number;
  /** 0 (Sunday) - 6 (weekly) */
  weekday: number;
  /** 1-31 (monthly) */
  dayOfMonth: number;
  /** The raw pattern (custom). */
  raw: string;
}

export const PRESETS: ReadonlyArray<{ value: CronPreset; label: string }> = [
  { value: "hourly", label: "Every hour" },
  { value: "daily", label: "Every day" },
  { value: "weekdays", label: "Every weekday (Mon–Fri)" },
  { value: "weekly", label: "Every week" },
  { value: "monthly", label: "Every month" },
  { value: "custom", label: "Custom cron expression" },
];

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export const DEFAULT_SPEC: CronSpec = {
  preset: "weekly",
  minute: 0,
  hour: 9,
  weekday: 1,
  dayOfMonth: 1,
  raw: "0 9 * * 1",
};

/** The five-field pattern of a spec. */
export function buildCron(spec: CronSpec): string {
  const m = spec.minute;
  const h = spec.hour;
  switch (spec.preset) {
    case "hourly":
      return `${m} * * * *`;
    case "daily":
      return `${m} ${h} * * *`;
    case "weekdays":
      return `${m} ${h} * * 1-5`;
    case "weekly":
      return `${m} ${h} * * ${spec.weekday}`;
    case "monthly":
      return `${m} ${h} ${spec.dayOfMonth} * *`;
    case "custom":
      return spec.raw.trim().replace(/\s+/g, " ");
  }
}

const int = (s: string, lo: number, hi: number): number | null => {
  if (!/^\d{1,2}$/.test(s)) return null;
  const n = Number(s);
  return n >= lo && n <= hi ? n : null;
};

/** The preset a pattern is (to reopen it in the builder), else `custom` with the pattern as raw. */
export function parseCron(pattern: string): CronSpec {
  const raw = pattern.trim().replace(/\s+/g, " ");
  const base: CronSpec = { ...DEFAULT_SPEC, preset: "custom", raw };
  const f = raw.split(" ");
  if (f.length !== 5) return base;
  const [mi, ho, dom, mon, dow] = f as [string, string, string, string, string];
  const minute = int(mi, 0, 59);
  if (minute === null || mon !== "*") return base;
  if (ho === "*" && dom === "*" && dow === "*") return { ...base, preset: "hourly", minute };
  const hour = int(ho, 0, 23);
  if (hour === null) return base;
  if (dom === "*" && dow === "*") return { ...base, preset: "daily", minute, hour };
  if (dom === "*" && dow === "1-5") return { ...base, preset: "weekdays", minute, hour };
  if (dom === "*") {
    const wd = int(dow, 0, 7);
    if (wd !== null) return { ...base, preset: "weekly", minute, hour, weekday: wd % 7 };
    return base;
  }
  if (dow === "*") {
    const d = int(dom, 1, 31);
    if (d !== null) return { ...base, preset: "monthly", minute, hour, dayOfMonth: d };
  }
  return base;
}

const two = (n: number) => String(n).padStart(2, "0");

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10];
  return `${n}${s ?? "th"}`;
}

/** The pattern in plain words ("Every Monday at 09:00"); a pattern no preset names is given as is. */
export function describeCron(pattern: string): string {
  const s = parseCron(pattern);
  const at = `${two(s.hour)}:${two(s.minute)}`;
  switch (s.preset) {
    case "hourly":
      return s.minute === 0 ? "Every hour, on the hour" : `Every hour at ${two(s.minute)} minutes past`;
    case "daily":
      return `Every day at ${at}`;
    case "weekdays":
      return `Every weekday (Monday to Friday) at ${at}`;
    case "weekly":
      return `Every ${WEEKDAYS[s.weekday]} at ${at}`;
    case "monthly":
      return `Every month on the ${ordinal(s.dayOfMonth)} at ${at}${s.dayOfMonth > 28 ? " (months without that day are skipped)" : ""}`;
    case "custom":
      return `Cron “${s.raw}”`;
  }
}

/** Why a pattern is refused (null: valid), with the server's rule: five fields, croner's syntax. */
export function cronError(pattern: string): string | null {
  const p = pattern.trim();
  if (!p) return "Enter a cron expression.";
  if (p.split(/\s+/).length !== 5) {
    return "A cron expression has 5 fields: minute hour day-of-month month day-of-week (e.g. 0 9 * * 1).";
  }
  try {
    new Cron(p, { timezone: "UTC", mode: "5-part", paused: true });
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^CronPattern: /, "");
  }
}

/** Why a time zone is refused (null: an IANA name this browser knows). */
export function timezoneError(tz: string): string | null {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return null;
  } catch {
    return `Unknown time zone: ${tz}`;
  }
}

/**
 * The next `count` fire times strictly after `after`, in `timezone`, within `[startAt, endAt)` — what the
 * server's preview will say. An error message instead when the pattern or zone is refused.
 */
export function nextRuns(
  pattern: string,
  timezone: string,
  count: number,
  after: Date,
  bounds: { startAt?: Date | null; endAt?: Date | null; maxRuns?: number | null } = {},
): { runs: Date[]; error: null } | { runs: null; error: string } {
  const err = cronError(pattern) ?? timezoneError(timezone);
  if (err) return { runs: null, error: err };
  const cron = new Cron(pattern.trim(), { timezone, mode: "5-part", paused: true });
  const limit = bounds.maxRuns != null ? Math.min(count, bounds.maxRuns) : count;
  const out: Date[] = [];
  let cursor =
    bounds.startAt && bounds.startAt.getTime() - 1 > after.getTime() ? new Date(bounds.startAt.getTime() - 1) : after;
  while (out.length < limit) {
    const next = cron.nextRun(cursor);
    if (!next || (bounds.endAt && next >= bounds.endAt)) break;
    out.push(next);
    cursor = next;
  }
  return { runs: out, error: null };
}

/** An instant as the wall-clock time of `timezone` ("Mon, Mar 2, 2026, 09:00 CET"). */
export function formatInZone(d: Date | string, timezone: string): string {
  const date = typeof d === "string" ? new Date(d) : d;
  return date.toLocaleString("en-US", {
    timeZone: timezone,
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  });
}

/** The time zones to choose from: the browser's IANA list, UTC first (always present). */
export function timeZones(supported: () => string[] = () => Intl.supportedValuesOf("timeZone")): string[] {
  let list: string[] = [];
  try {
    list = supported();
  } catch {
    list = [];
  }
  return ["UTC", ...list.filter((z) => z !== "UTC")];
}

/** A `datetime-local` value read in `timezone` as an instant (ISO); null when blank or invalid. */
export function zonedLocalToIso(local: string, timezone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  // The zone's offset at that moment, applied twice to settle across a DST change.
  let t = guess;
  for (let i = 0; i < 2; i++) t = guess - offsetMs(new Date(t), timezone);
  return new Date(t).toISOString();
}

function offsetMs(at: Date, timezone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: timezone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}
