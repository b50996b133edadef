import type { Context } from "hono";
import ipaddr from "ipaddr.js";
import type { Config } from "../config.ts";
import { ApiError } from "../errors.ts";
import { sendError } from "./errors.ts";
import type { AppEnv } from "./types.ts";

/**
 * Rate limits (SPEC §2: 429 with Retry-After): fixed one-minute windows counted in process memory, so a
 * check is a Map lookup and never a database write. With several servers on one PostgreSQL each process
 * counts its own requests (a key may reach N times the limit across N servers). A window starts at an
 * id's first request, so `reset` differs per key and a burst across a window edge can reach twice the
 * limit: the price of the cheap check.
 */

const WINDOW_MS = 60_000;
/** Past this many tracked ids the table is cleared (a flood of addresses must not grow memory). */
const MAX_TRACKED = 200_000;

interface Window {
  start: number;
  count: number;
}

export interface Verdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
}

/** Counters of fixed windows per id, with an injectable clock (tests move it instead of sleeping). */
export class WindowCounter {
  private readonly windows = new Map<string, Window>();
  private nextSweep: number;
  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = WINDOW_MS,
  ) {
    this.nextSweep = now() + windowMs;
  }

  private current(id: string, now: number): Window | undefined {
    const w = this.windows.get(id);
    return w && now - w.start < this.windowMs ? w : undefined;
  }

  private verdict(w: Window | undefined, limit: number, now: number, allowed: boolean): Verdict {
    const count = w?.count ?? 0;
    const resetMs = w ? w.start + this.windowMs - now : this.windowMs;
    return {
      allowed,
      limit,
      remaining: Math.max(0, limit - count),
      resetSeconds: Math.max(1, Math.ceil(resetMs / 1000)),
    };
  }

  /** Counts a request of `id` and says whether it is within `limit` a window. */
  hit(id: string, limit: number): Verdict {
    const now = this.now();
    if (now >= this.nextSweep) this.sweep(now);
    let w = this.current(id, now);
    if (!w) {
      if (this.windows.size >= MAX_TRACKED) this.windows.clear();
      w = { start: now, count: 0 };
      this.windows.set(id, w);
    }
    if (w.count >= limit) return this.verdict(w, limit, now, false);
    w.count++;
    return this.verdict(w, limit, now, true);
  }

  /** Whether `id` has used up `limit` in this window, without counting. */
  exhausted(id: string, limit: number): Verdict | null {
    const now = this.now();
    const w = this.current(id, now);
    return w && w.count >= limit ? this.verdict(w, limit, now, false) : null;
  }

  get size() {
    return this.windows.size;
  }

  private sweep(now: number) {
    this.nextSweep = now + this.windowMs;
    for (const [id, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(id);
  }
}

/** The limits of one app: per key (by profile) and per client address for failed authentications. */
export class RateLimits {
  private readonly keys: WindowCounter;
  private readonly clients: WindowCounter;
  constructor(
    private readonly config: Config["rateLimit"],
    now: () => number = Date.now,
  ) {
    this.keys = new WindowCounter(now);
    this.clients = new WindowCounter(now);
  }

  /** null when the key's profile is unlimited. */
  forKey(keyId: string, profile: string): Verdict | null {
    const limit = this.config.perProfile[profile] ?? this.config.perKey;
    return limit > 0 ? this.keys.hit(keyId, limit) : null;
  }

  /** A key with its own limit (a publishable key's `rateLimitPerMinute`), counted apart from profile limits. */
  forLimit(id: string, limit: number): Verdict {
    return this.keys.hit(id, limit);
  }

  /** A verdict when this client has failed authentication too often this window. */
  clientBlocked(c: Context<AppEnv>): Verdict | null {
    const limit = this.config.unauthenticated;
    return limit > 0 ? this.clients.exhausted(clientId(c), limit) : null;
  }

  /** Counts a failed authentication of this client. */
  clientFailed(c: Context<AppEnv>): void {
    const limit = this.config.unauthenticated;
    if (limit > 0) this.clients.hit(clientId(c), limit);
  }
}

/**
 * The client's address as the socket sees it (a reverse proxy's address when behind one: forwarded
 * headers are not trusted, as any client could forge them). IPv6 counts per /64, what one host
 * usually holds.
 */
export function clientId(c: Context<AppEnv>): string {
  const raw = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
    ?.remoteAddress;
  if (!raw || !ipaddr.isValid(raw)) return "unknown";
  const addr = ipaddr.process(raw);
  return addr.kind() === "ipv6" ? `${(addr as ipaddr.IPv6).parts.slice(0, 4).join(":")}::/64` : addr.toString();
}

/** The headers of a key's rate limit state, on every response of a limited key (and on its 429). */
export const RATE_LIMIT_HEADERS = ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"] as const;

export function rateLimitHeaders(v: Verdict): Record<(typeof RATE_LIMIT_HEADERS)[number], string> {
  return {
    "x-ratelimit-limit": String(v.limit),
    "x-ratelimit-remaining": String(v.remaining),
    "x-ratelimit-reset": String(v.resetSeconds),
  };
}

export function rateLimited(c: Context<AppEnv>, v: Verdict, who: string) {
  return sendError(
    c,
    new ApiError(
      "rate_limited",
      `Rate limit exceeded: ${v.limit} requests a minute ${who}; retry in ${v.resetSeconds} s`,
    ),
    { "retry-after": String(v.resetSeconds), ...rateLimitHeaders(v) },
  );
}
