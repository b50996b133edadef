/** The idempotency module's public entry: what other code may use (docs/modules.md). */
export { type Claim, IDEMPOTENCY_TTL_MS, type IdempotencyStore } from "./store.ts";
