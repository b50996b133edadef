import { Cron } from "croner";

/**
 * Schedule maths, pure (DESIGN.md §4: "schedule maths is pure code apart from the runner"): validating a
 * cron pattern and a time zone, the next fire times of a schedule within its bounds, and what one tick does
 * with a due schedule (on time, or missed after downtime). No clock, no database: every instant is passed in.
 */

/** When a schedule fires: once at `runAt`, or on `cron` in `timezone` within `[startAt, endAt)`, at most `maxRuns` times. */
export interface ScheduleTiming {
  runAt?: Date | null;
  cron?: string | null;
  timezone?: string | null;
  startAt?: Date | null;
  endAt?: Date | null;
  maxRuns?: number | null;
}

export type MissedRunPolicy = "skip" | "run_once";

/**
 * Five fields only (minute hour day-of-month month day-of-week): the classic crontab a user already knows.
 * Seconds would let a schedule fire every second, which nothing here needs. Croner's DST rule for
 * fixed-time patterns (`30 2 * * *`): a time in a spring-forward gap fires once at the first valid time
 * after it, a time repeated at fall-back fires once (its first occurrence); interval patterns (`0 * * * *`)
 * fire every real hour.
 */
function cronOf(pattern: string, timezone: string) {
  return new Cron(pattern, { timezone, mode: "5-part", paused: true });
}

/** Why a cron pattern is refused (null: it is valid). */
export function cronError(pattern: string): string | null {
  if (pattern.trim().split(/\s+/).length !== 5) {
    return "must have 5 fields: minute hour day-of-month month day-of-week (e.g. `0 9 * * 1`)";
  }
  try {
    cronOf(pattern, "UTC");
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^CronPattern: /, "");
  }
}

export { timezoneError } from "../../shared/time-zone.ts";

/** The first occurrence strictly after `after` within the bounds (maxRuns is the caller's: it counts fires). */
function nextAfter(t: ScheduleTiming, after: Date): Date | null {
  if (t.runAt) return t.runAt > after ? t.runAt : null;
  if (!t.cron) return null;
  // startAt is inclusive: start looking just before it.
  const from = t.startAt && t.startAt.getTime() - 1 > after.getTime() ? new Date(t.startAt.getTime() - 1) : after;
  const next = cronOf(t.cron, t.timezone ?? "UTC").nextRun(from);
  if (!next) return null;
  // endAt is exclusive: an occurrence at endAt does not fire.
  return t.endAt && next >= t.endAt ? null : next;
}

/**
 * The next `count` fire times strictly after `after`, within `[startAt, endAt)` and the runs left of
 * `maxRuns` (`runCount` fires already made). A one-time schedule has its `runAt` or nothing.
 */
export function nextRuns(t: ScheduleTiming, after: Date, count: number, runCount = 0): Date[] {
  const left = t.runAt ? 1 - runCount : t.maxRuns != null ? t.maxRuns - runCount : count;
  const out: Date[] = [];
  let cursor = after;
  while (out.length < Math.min(count, left)) {
    const next = nextAfter(t, cursor);
    if (!next) break;
    out.push(next);
    cursor = next;
  }
  return out;
}

/**
 * Missed occurrences are counted up to this many (a per-minute cron down for a month is "200 or more"):
 * counting walks them one by one inside the claim's transaction.
 */
export const MISSED_COUNT_CAP = 200;

/** What one tick does with a schedule whose `nextRunAt` (`due`) has come. */
export interface FirePlan {
  /** The occurrence to fire now: the latest due one (on time, or the one `run_once` catches up); null: none. */
  fire: { scheduledFor: Date; late: boolean } | null;
  /** Occurrences not fired because they were missed (recorded as one skipped execution); null: none. */
  missed: { count: number; capped: boolean; first: Date; last: Date } | null;
}

/**
 * Decides a due schedule. The occurrences from `due` up to `now` are looked at together, so a server that
 * was down never fires a burst: the latest one fires when it is within the grace period (on time), or when
 * the policy is `run_once`; every other one is reported as missed. The schedule then moves to the first
 * occurrence after `now` (`nextRuns`), whatever happened.
 */
export function planFire(
  t: ScheduleTiming,
  due: Date,
  now: Date,
  opts: { graceMs: number; policy: MissedRunPolicy },
): FirePlan {
  const occurrences = [due];
  let capped = false;
  for (let o = nextAfter(t, due); o && o <= now; o = nextAfter(t, o)) {
    if (occurrences.length >= MISSED_COUNT_CAP) {
      capped = true;
      break;
    }
    occurrences.push(o);
  }
  const last = capped ? latestUpTo(t, now, due) : (occurrences[occurrences.length - 1] as Date);
  const onTime = now.getTime() - last.getTime() <= opts.graceMs;
  const fires = onTime || opts.policy === "run_once";
  // Past the cap, the fire is beyond the counted occurrences, all of which were missed.
  const counted = fires && !capped ? occurrences.slice(0, -1) : occurrences;
  const missedLast = counted[counted.length - 1];
  return {
    fire: fires ? { scheduledFor: last, late: !onTime } : null,
    missed: missedLast ? { count: counted.length, capped, first: due, last: missedLast } : null,
  };
}

/** The latest occurrence at or before `now` (and after `floor`), found backwards when counting stopped at the cap. */
function latestUpTo(t: ScheduleTiming, now: Date, floor: Date): Date {
  const until = t.endAt && t.endAt <= now ? new Date(t.endAt.getTime() - 1) : now;
  const [prev] = cronOf(t.cron as string, t.timezone ?? "UTC").previousRuns(1, new Date(until.getTime() + 1));
  return prev && prev > floor ? prev : floor;
}
