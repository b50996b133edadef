import { z } from "zod";
import { ApiError } from "../../errors.ts";
import { defineRunKind, done, type RunKind } from "../runs/index.ts";
import type { PendingProfiles } from "./pending.ts";

/** The run kind that writes the profile of a persona created while its model provider was unavailable. */
export const PROFILE_RUN = "personas.profile";

/** Codes worth another attempt: the provider down, slow or rate limiting (not a refused key or model). */
const RETRYABLE = new Set(["upstream_unavailable", "upstream_timeout", "rate_limited"]);

/**
 * `personas.profile` (docs/personas.md): one attempt writes the profile with the model chosen at creation
 * and stores it with the initial memory; the persona becomes `ready`. Idempotent: an attempt finding the
 * profile written does nothing. Retried with the engine's backoff while the provider is unavailable;
 * after the last attempt (or a refusal, which no retry fixes) the persona is `failed`, and
 * `POST /runs/{id}/retry` tries again.
 */
export function profileRunKind(pending: PendingProfiles, retry: { attempts: number; baseMs: number }): RunKind {
  return defineRunKind({
    name: PROFILE_RUN,
    description: "Writes the profile of a persona created while its model provider was unavailable.",
    payload: z.object({ personaId: z.uuid(), model: z.string().min(3).max(200).optional() }).strict(),
    maxAttempts: retry.attempts,
    backoff: { baseMs: retry.baseMs, maxMs: 5 * 60_000 },
    concurrencyKey: () => null,
    retryable: (err) => err instanceof ApiError && RETRYABLE.has(err.code),
    execute: async (ctx) => {
      const written = await pending.write(ctx.tenantId, ctx.payload.personaId, {
        model: ctx.payload.model,
        signal: ctx.signal,
      });
      if (ctx.signal.aborted) throw new Error("stopped");
      return done(written ? { personaId: ctx.payload.personaId, ...written } : { personaId: ctx.payload.personaId }, {
        cost: { usd: written?.costUsd ?? 0, credits: 0 },
      });
    },
    onEnd: (tx, run) => pending.markFailed(tx, run),
  });
}
