/**
 * Generated populations (docs/cohorts-and-populations.md, "Generated populations"): `POST
 * /populations/generate` checks the targets, the model and the cost estimate, then starts a
 * `populations.generate` run. The run draws the members (draw.ts: joint draw + balance pass), creates
 * their personas in batches through the personas module, rakes the weights to the targets and writes
 * version 1 with the fit and diversity reports.
 *
 * Restart-safe: persona ids are a hash of (population id, index), so a batch cut short by a crash is
 * created again without duplicates (`createBatch` skips ids that exist); `generated` records the batches
 * done, and the next attempt of the run starts after them. Version 1 and `ready` commit with the run's
 * completion, exactly once.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Database, SqlRunner } from "../../db/client.ts";
import { newId } from "../../ids.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { costUsd, type LlmClient, SIMULATOR_SLUG } from "../../llm/index.ts";
import type { BillingService } from "../billing/index.ts";
import {
  type Persona,
  type PersonaService,
  PROFILE_MAX_OUTPUT_TOKENS,
  PROFILE_PROMPT_CHARS,
  type Seed,
} from "../personas/index.ts";
import {
  type ChildSpec,
  defineRunKind,
  done,
  type EndedRun,
  type RunContext,
  RunFailure,
  type RunKind,
  type RunService,
} from "../runs/index.ts";
import { type DiversityMember, type DiversityReport, diversityOf, usAdultsJointShares } from "./diversity.ts";
import { drawSeeds, type PersonaSeedDraw } from "./draw.ts";
import { fitOf, rake } from "./raking.ts";
import type { Fit, GeneratePopulationInput, Population } from "./schemas.ts";
import { randomSeed, traitsOf } from "./service.ts";
import { insertVersion, type MemberRecord, populationRow, populationView } from "./store.ts";
import { resolveTargets } from "./targets.ts";

export const GENERATE_RUN = "populations.generate";

/** Personas created per batch (one transaction each; a crash redoes at most one batch). */
export const GENERATE_BATCH = 100;
/** Profiles written at once: the simulator computes them locally; a provider is rate limited. */
const SIMULATOR_CONCURRENCY = 16;
const PROVIDER_CONCURRENCY = 4;

const GeneratePayload = z.object({ populationId: z.uuid(), model: z.string().min(3).max(200) }).strict();
type GeneratePayload = z.infer<typeof GeneratePayload>;

export interface Estimate {
  personas: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  credits: number;
  model: string;
}

export interface GeneratorDeps {
  database: Database;
  jobs: JobQueue;
  personas: PersonaService;
  llm: LlmClient;
  billing: BillingService;
  runs: RunService;
  now: () => Date;
}

/** The persona id of member `index` of a generated population: stable, a valid (version 8) UUID. */
export function memberPersonaId(populationId: string, index: number): string {
  const h = createHash("sha256").update(`population:${populationId}:${index}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x80;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The persona seed of a drawn member, with the attributes cohorts segment on. */
export function seedOfDraw(d: PersonaSeedDraw): Seed {
  return {
    firstName: d.firstName,
    lastName: d.lastName,
    age: d.age,
    location: d.location,
    baseOccupation: d.baseOccupation,
    gender: d.gender,
    education: d.education,
    incomeBracket: d.incomeBracket,
    languages: d.languages,
    attributes: {
      age_band: d.values.age_band,
      census_region: d.values.census_region,
      urban_rural: d.values.urban_rural,
      employment_status: d.values.employment_status,
    },
  };
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

export class PopulationGenerator {
  constructor(private readonly deps: GeneratorDeps) {}

  /** What writing `size` profiles with `model` may cost at most (the billing rule of one prompt, per profile). */
  estimate(size: number, model: string): Estimate {
    const resolved = this.deps.llm.registry.resolve(model);
    const per = this.deps.billing.estimate(resolved.price, PROFILE_PROMPT_CHARS, PROFILE_MAX_OUTPUT_TOKENS);
    const tokensIn = Math.ceil(PROFILE_PROMPT_CHARS / 4);
    const usd = costUsd(resolved.price, {
      inputTokens: tokensIn,
      outputTokens: PROFILE_MAX_OUTPUT_TOKENS,
      cachedTokens: 0,
    });
    return {
      personas: size,
      tokensIn: tokensIn * size,
      tokensOut: PROFILE_MAX_OUTPUT_TOKENS * size,
      costUsd: round(usd * size, 6),
      credits: round(per.credits * size, 4),
      model: resolved.slug,
    };
  }

  /**
   * Checks the targets (400), the model (400) and the tenant's credits against the estimate (402), then
   * creates the population (`generating`, version 0) and its run in one transaction.
   */
  async start(
    tenantId: string,
    input: GeneratePopulationInput,
    apiKeyId: string | null,
  ): Promise<{ population: Population; estimate: Estimate }> {
    const targets = resolveTargets(input.targets);
    const estimate = this.estimate(input.size, input.model ?? SIMULATOR_SLUG);
    await this.deps.billing.check(tenantId, { credits: estimate.credits });
    const now = this.deps.now();
    const id = newId(now.getTime());
    const runId = newId(now.getTime());
    const seed = input.seed ?? randomSeed();
    await this.deps.jobs.atomically(async (tx, send) => {
      await tx.query(
        `insert into populations (id, tenant_id, name, description, kind, status, size, generated, targets, seed, model,
           run_id, version, created_at, updated_at)
         values ($1, $2, $3, $4, 'generated', 'generating', $5, 0, $6::jsonb, $7, $8, $9, 0, $10, $10)`,
        [
          id,
          tenantId,
          input.name,
          input.description ?? null,
          input.size,
          JSON.stringify(targets.stored),
          seed,
          estimate.model,
          runId,
          now,
        ],
      );
      await this.deps.runs.createIn(tx, send, tenantId, {
        id: runId,
        kind: GENERATE_RUN,
        payload: { populationId: id, model: estimate.model },
        apiKeyId,
      });
    });
    return { population: populationView(await populationRow(this.deps.database, tenantId, id)), estimate };
  }

  /**
   * A generation as the child of another module's run (a calibration's first stage): inserts the
   * population (`generating`, version 0) on the parent's spawn transaction and returns the
   * `populations.generate` child spec to spawn. The run id is recorded on the population when the child
   * starts. No credit check: profile writing is not debited (see `start`), and the simulator writes them.
   */
  async generateIn(
    tx: SqlRunner,
    tenantId: string,
    input: { name: string; description?: string; size: number; seed: number; targets: "us-adults"; model?: string },
  ): Promise<{ populationId: string; child: ChildSpec }> {
    const targets = resolveTargets(input.targets);
    const model = this.deps.llm.registry.resolve(input.model ?? SIMULATOR_SLUG).slug;
    const now = this.deps.now();
    const id = newId(now.getTime());
    await tx.query(
      `insert into populations (id, tenant_id, name, description, kind, status, size, generated, targets, seed, model,
         run_id, version, created_at, updated_at)
       values ($1, $2, $3, $4, 'generated', 'generating', $5, 0, $6::jsonb, $7, $8, null, 0, $9, $9)`,
      [
        id,
        tenantId,
        input.name,
        input.description ?? null,
        input.size,
        JSON.stringify(targets.stored),
        input.seed,
        model,
        now,
      ],
    );
    return { populationId: id, child: { kind: GENERATE_RUN, payload: { populationId: id, model } } };
  }

  runKind(): RunKind {
    return defineRunKind<GeneratePayload>({
      name: GENERATE_RUN,
      description: "Generates a population: draws its members, creates their personas in batches, rakes the weights",
      payload: GeneratePayload,
      maxAttempts: 5,
      // A provider's calls are limited with its other runs (MODEL_CONCURRENCY); the simulator is local.
      concurrencyKey: (p) => (p.model === SIMULATOR_SLUG ? null : `model:${p.model}`),
      execute: (ctx) => this.execute(ctx),
      onEnd: (tx, run) => this.onEnd(tx, run),
    });
  }

  private async execute(ctx: RunContext<GeneratePayload>) {
    const { tenantId } = ctx;
    const { populationId, model } = ctx.payload;
    const db = this.deps.database;
    const row = await populationRow(db, tenantId, populationId).catch(() => {
      throw new RunFailure("The population was deleted", "population_deleted");
    });
    if (row.status !== "generating") return done({ populationId, skipped: row.status });
    if (row.run_id === null) {
      // Spawned as another run's child (generateIn): the population learns its run when the run starts.
      await db.query("update populations set run_id = $3 where tenant_id = $1 and id = $2 and run_id is null", [
        tenantId,
        populationId,
        ctx.runId,
      ]);
    }
    const size = row.size;
    const seed = Number(row.seed);
    const targets = resolveTargets(row.targets);
    const draws = drawSeeds(size, seed, targets.preset);
    const ids = draws.map((_, i) => memberPersonaId(populationId, i));
    const concurrency = model === SIMULATOR_SLUG ? SIMULATOR_CONCURRENCY : PROVIDER_CONCURRENCY;
    const usage = { tokensIn: 0, tokensOut: 0, costUsd: 0 };
    // Batches before `generated` committed in an earlier attempt; the one after may have too (createBatch skips).
    for (
      let start = Math.floor(row.generated / GENERATE_BATCH) * GENERATE_BATCH;
      start < size;
      start += GENERATE_BATCH
    ) {
      if (ctx.signal.aborted) throw new Error("stopped");
      const end = Math.min(size, start + GENERATE_BATCH);
      const items = draws.slice(start, end).map((d, j) => ({ id: ids[start + j] as string, seed: seedOfDraw(d) }));
      const batch = await this.deps.personas.createBatch(tenantId, items, { model, concurrency, signal: ctx.signal });
      usage.tokensIn += batch.usage.tokensIn;
      usage.tokensOut += batch.usage.tokensOut;
      usage.costUsd += batch.usage.costUsd;
      await db.query(
        "update populations set generated = greatest(generated, $3), updated_at = now() where tenant_id = $1 and id = $2",
        [tenantId, populationId, end],
      );
      await ctx.progress({ done: end, total: size, message: `${end} of ${size} personas` });
      // Embedded, the database and the simulator share this thread: let requests (progress reads) in.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (ctx.signal.aborted) throw new Error("stopped");
    await this.deps.personas.analyze();
    const personas = new Map((await this.deps.personas.getMany(tenantId, ids)).map((p) => [p.id, p]));
    const report = reportOf(draws, ids, targets.marginals, personas);
    return done(
      {
        populationId,
        size,
        maxDeviation: report.fit.maxDeviation,
        weightedMaxDeviation: report.fit.weightedMaxDeviation,
      },
      {
        cost: { usd: usage.costUsd, credits: 0 },
        commit: async (tx) => {
          const now = this.deps.now();
          await insertVersion(
            tx,
            tenantId,
            populationId,
            1,
            {
              size,
              fit: report.fit,
              diversity: report.diversity,
              composition: { targets: targets.stored, seed, size, model },
              warnings: report.warnings,
            },
            report.members,
            now,
          );
          await tx.query(
            `update populations set status = 'ready', version = 1, generated = $3, updated_at = $4
             where tenant_id = $1 and id = $2`,
            [tenantId, populationId, size, now],
          );
        },
      },
    );
  }

  /** A generation that failed or was cancelled: the population says so (its personas so far stay). */
  private async onEnd(tx: SqlRunner, run: EndedRun) {
    const { populationId } = run.payload as GeneratePayload;
    const error = run.error ?? { error: `The generation was ${run.state}`, code: run.state };
    await tx.query(
      `update populations set status = 'failed', error = $3::jsonb, updated_at = now()
       where tenant_id = $1 and id = $2 and status = 'generating'`,
      [run.tenantId, populationId, JSON.stringify(error)],
    );
  }
}

/**
 * The members with their raked weights, the fit (unweighted and weighted against the targets) and the
 * diversity report. Pure but for its inputs.
 */
export function reportOf(
  draws: readonly PersonaSeedDraw[],
  ids: readonly string[],
  marginals: Record<string, Record<string, number>>,
  personas: ReadonlyMap<string, Persona>,
): { members: MemberRecord[]; fit: Fit; diversity: DiversityReport; warnings: Record<string, unknown>[] } {
  const rakeMembers = draws.map((d, i) => ({ id: ids[i] as string, values: d.values as Record<string, string> }));
  const raked = rake(rakeMembers, marginals, { tolerance: 1e-5, maxIterations: 500 });
  const unweighted = fitOf(rakeMembers, null, marginals);
  const rows = unweighted.map((u, i) => {
    const w = raked.fit[i] as (typeof raked.fit)[number];
    return {
      variable: u.variable,
      category: u.category,
      target: u.target,
      achieved: u.achieved,
      deviation: u.deviation,
      weightedAchieved: w.achieved,
      weightedDeviation: w.deviation,
    };
  });
  const fit: Fit = {
    rows,
    maxDeviation: rows.reduce((m, r) => Math.max(m, Math.abs(r.deviation)), 0),
    weightedMaxDeviation: raked.maxDeviation,
    effectiveSampleSize: raked.effectiveSampleSize,
    efficiency: raked.efficiency,
  };
  const members: MemberRecord[] = draws.map((d, i) => ({
    personaId: ids[i] as string,
    weight: raked.weights[i] as number,
    cohortId: null,
    firstName: d.firstName,
    lastName: d.lastName,
    age: d.age,
    location: d.location,
    baseOccupation: d.baseOccupation,
  }));
  const diversityMembers: DiversityMember[] = draws.map((d, i) => ({
    personaId: ids[i] as string,
    firstName: d.firstName,
    lastName: d.lastName,
    age: d.age,
    location: d.location,
    values: d.values,
    traits: traitsOf(personas.get(ids[i] as string)),
    weight: raked.weights[i] as number,
  }));
  const warnings = raked.converged
    ? []
    : [{ type: "raking_not_converged", maxDeviation: raked.maxDeviation, iterations: raked.iterations }];
  return { members, fit, diversity: diversityOf(diversityMembers, marginals, usAdultsJointShares()), warnings };
}
