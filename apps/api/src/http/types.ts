import type { AppContext } from "../context.ts";
import type { AuthScope } from "../modules/access/index.ts";
import type { RateLimits } from "./rate-limit.ts";

export interface AppEnv {
  Variables: {
    ctx: AppContext;
    requestId: string;
    /** Set by the route's `authorize` middleware; always present in authenticated handlers. */
    auth: AuthScope;
    /** The app's rate limit counters (per process). */
    rateLimits: RateLimits;
    /**
     * What the idempotency middleware stores (and replays) instead of the real body, when a handler
     * sets it: a response that must not be kept at rest, e.g. one carrying a new key's secret.
     */
    replayBody?: string;
  };
}
