import { and, eq } from "drizzle-orm";
import type { Database, Db, SqlRunner } from "../../db/client.ts";
import { ApiError, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { costUsd, type LlmClient, LlmError, llmErrorToApi } from "../../llm/index.ts";
import type { RunError, RunService } from "../runs/index.ts";
import { insertEntries } from "../timeline/index.ts";
import { type WrittenProfile, writeProfile } from "./profile.ts";
import { PROFILE_RUN } from "./profile-run.ts";
import { personas } from "./schema.ts";
import type { Persona, Seed } from "./schemas.ts";

/**
 * Personas whose profile is written in the background (docs/personas.md, "When the model provider is
 * down"): created `pending` with a `personas.profile` run when the provider was unavailable at creation,
 * `ready` once the run has written the profile and the initial memory, `failed` when it gave up.
 */

type PersonaRow = typeof personas.$inferSelect;
export type NewPersonaRow = Omit<typeof personas.$inferInsert, "profile" | "profileModel">;

/** Seconds a client is told to wait before prompting a persona whose profile is pending. */
const PENDING_RETRY_AFTER_SECONDS = 5;

/** A failure worth writing the profile later: the provider is down, slow or rate limiting, not refusing us. */
export const providerUnavailable = (err: unknown): err is LlmError =>
  err instanceof LlmError && err.retryable && err.kind !== "aborted";

/** Why a persona that is not `ready` cannot be prompted (409, with Retry-After while pending). */
export function notReady(view: Persona): ApiError {
  const details = { profileStatus: view.profileStatus, profileRunId: view.profileRunId };
  if (view.profileStatus === "pending") {
    return new ApiError(
      "persona_not_ready",
      "This persona's profile is still being written (its model provider was unavailable when it was created); try again shortly",
      details,
      { retryAfterSeconds: PENDING_RETRY_AFTER_SECONDS },
    );
  }
  return new ApiError(
    "persona_not_ready",
    `This persona's profile could not be written${view.profileError ? ` (${view.profileError.error})` : ""}; retry it with POST /runs/${view.profileRunId}/retry`,
    details,
  );
}

/** The seed a row was created from (what the profile is written from). */
function seedOfRow(row: PersonaRow): Seed {
  const seed: Record<string, unknown> = {
    firstName: row.firstName,
    lastName: row.lastName,
    age: row.age,
    location: row.location,
    baseOccupation: row.baseOccupation,
  };
  for (const [k, v] of Object.entries(row.seedExtras as Record<string, unknown>)) {
    if (v !== null && v !== undefined) seed[k] = v;
  }
  return seed as Seed;
}

/** The profile as stored on the persona, and its initial memory as a timeline entry. */
export function profileParts(written: WrittenProfile) {
  const { initialMemory, ...profile } = written.profile;
  const model = written.result.model.slug;
  return { profile, memory: { ...initialMemory, metadata: { source: "profile", model } } };
}

export class PendingProfiles {
  constructor(
    private readonly deps: {
      database: Database;
      llm: LlmClient;
      jobs: JobQueue;
      runs: RunService;
      now: () => Date;
      /** Drops the persona's cached row after a write. */
      forget: (tenantId: string, personaId: string) => void;
    },
  ) {}

  private get db(): Db {
    return this.deps.database.db;
  }

  /** Stores the persona without its profile, and the run that will write it, in one transaction; its id. */
  async create(
    tenantId: string,
    row: NewPersonaRow,
    opts: { model?: string; apiKeyId?: string | null },
  ): Promise<string> {
    const runId = newId();
    await this.deps.jobs.atomically(async (tx, send) => {
      await tx.query(
        `insert into personas (id, tenant_id, first_name, last_name, age, location, base_occupation, summary,
           seed_extras, attributes, profile_status, profile_run_id, version, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, 'pending', $11, 1, $12, $12)`,
        [
          row.id,
          tenantId,
          row.firstName,
          row.lastName,
          row.age,
          row.location,
          row.baseOccupation,
          row.summary,
          JSON.stringify(row.seedExtras ?? {}),
          JSON.stringify(row.attributes ?? {}),
          runId,
          row.createdAt,
        ],
      );
      await this.deps.runs.createIn(tx, send, tenantId, {
        id: runId,
        kind: PROFILE_RUN,
        payload: { personaId: row.id, ...(opts.model ? { model: opts.model } : {}) },
        apiKeyId: opts.apiKeyId ?? null,
      });
    });
    return row.id;
  }

  /**
   * One attempt of the profile run: writes the profile of a `pending` (or `failed`, being retried) persona
   * and its initial memory, once — the write is conditional on the status under a row lock, so an attempt
   * that ran twice writes nothing the second time. `null` when there was nothing to do (already ready).
   */
  async write(
    tenantId: string,
    personaId: string,
    opts: { model?: string; signal?: AbortSignal },
  ): Promise<{ model: string; tokensIn: number; tokensOut: number; costUsd: number } | null> {
    const [row] = await this.db
      .select()
      .from(personas)
      .where(and(eq(personas.tenantId, tenantId), eq(personas.id, personaId)));
    if (!row) throw notFound("Persona");
    if (row.profileStatus === "ready") return null;
    if (row.profileStatus === "failed") {
      // A retried run: the persona shows `pending` again while it is being written.
      await this.db
        .update(personas)
        .set({ profileStatus: "pending", profileError: null })
        .where(and(eq(personas.id, personaId), eq(personas.profileStatus, "failed")));
      this.deps.forget(tenantId, personaId);
    }
    const now = this.deps.now();
    let written: WrittenProfile;
    try {
      written = await writeProfile(this.deps.llm, seedOfRow(row), {
        model: opts.model,
        now,
        abortSignal: opts.signal,
      });
    } catch (err) {
      throw err instanceof LlmError ? llmErrorToApi(err) : err;
    }
    const { profile, memory } = profileParts(written);
    const model = written.result.model;
    await this.db.transaction(async (tx) => {
      const [current] = await tx
        .select({ status: personas.profileStatus })
        .from(personas)
        .where(and(eq(personas.tenantId, tenantId), eq(personas.id, personaId)))
        .for("update");
      if (!current || current.status === "ready") return;
      await tx
        .update(personas)
        .set({ profile, profileModel: model.slug, profileStatus: "ready", profileError: null, updatedAt: now })
        .where(eq(personas.id, personaId));
      await insertEntries(tx, tenantId, personaId, [{ input: memory, createdAt: now }]);
    });
    this.deps.forget(tenantId, personaId);
    return {
      model: model.slug,
      tokensIn: written.result.usage.inputTokens,
      tokensOut: written.result.usage.outputTokens,
      costUsd: costUsd(model.price, written.result.usage),
    };
  }

  /** The profile run ended without writing the profile (failed after its attempts, or cancelled). */
  async markFailed(tx: SqlRunner, run: { id: string; tenantId: string; payload: unknown; error: RunError | null }) {
    const { personaId } = run.payload as { personaId: string };
    await tx.query(
      `update personas set profile_status = 'failed', profile_error = $4::jsonb
       where tenant_id = $1 and id = $2 and profile_run_id = $3 and profile_status <> 'ready'`,
      [run.tenantId, personaId, run.id, JSON.stringify(run.error ?? { error: "The run ended", code: "cancelled" })],
    );
    this.deps.forget(run.tenantId, personaId);
  }
}
