import { z } from "zod";
import type { Database, SqlRunner } from "../../db/client.ts";
import { ApiError, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { type LlmClient, SIMULATOR_SLUG } from "../../llm/index.ts";
import { decodeCursor, type Page, pageOf } from "../../pagination.ts";
import type { UsageRecorder } from "../analytics/index.ts";
import type { PersonaService } from "../personas/index.ts";
import type { PopulationGenerator, PopulationService } from "../populations/index.ts";
import {
  type ChildCounts,
  type ChildSpec,
  currentRunSql,
  defineRunKind,
  done,
  type RunContext,
  RunFailure,
  type RunKind,
  type RunOutcome,
  type RunService,
  type RunView,
  spawn,
} from "../runs/index.ts";
import type { SkillService } from "../skills/index.ts";
import type { TaskService } from "../tasks/index.ts";
import { answersByItem, reportOf } from "./answers.ts";
import { GSS_2024_ITEMS, GSS_2024_SOURCE } from "./data/gss-2024.ts";
import { GSS_2024_ITEM_IDS, gssItem, skillQuestionOf } from "./items.ts";
import {
  type Calibration,
  type CalibrationDetail,
  CalibrationReportSchema,
  type CalibrationReportView,
  type CreateCalibrationInput,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_SEED,
  DEFAULT_SIZE,
  type ListCalibrationsQuery,
} from "./schemas.ts";

export const CALIBRATION_RUN = "calibrations.run";

const CalibrationPayload = z.object({ calibrationId: z.uuid() }).strict();
type CalibrationPayload = z.infer<typeof CalibrationPayload>;

/** The instructions of a calibration's skill (the questions are the items, docs/calibration.md). */
export const CALIBRATION_INSTRUCTIONS =
  "You are taking part in a survey of adults living in the United States. Answer each question as yourself, " +
  "choosing the one option that fits you best.";

/** What every report says; the simulator's says plainly that it is not a real model. */
export const SIMULATOR_NOTE =
  "person-run/simulator is not a language model and knows nothing about how people answer surveys: it picks " +
  "each option from a seeded attitude derived from the persona's traits and the question's wording. Its scores " +
  "show that the calibration pipeline works and what an uninformed answerer gets; they say nothing about any real " +
  "model. Calibrate a real model with `model`.";
export const MODEL_NOTE =
  "The questions are our own wording of the GSS items (docs/calibration.md), so even a perfect model would not " +
  "score 1. Read every distance against its sampling floor: subgroup cells with a few hundred answers or fewer " +
  "cannot show subgroup skill. Answers are unweighted (the generated population's members match the census " +
  "marginals within about 1/n).";

/** Who asks (the route's caller). */
export interface CalibrationCaller {
  tenantId: string;
  apiKeyId: string | null;
  requestId?: string | null;
}

export interface CalibrationServiceDeps {
  database: Database;
  jobs: JobQueue;
  runs: RunService;
  llm: LlmClient;
  skills: SkillService;
  tasks: TaskService;
  personas: PersonaService;
  populations: PopulationService;
  generator: PopulationGenerator;
  usage: UsageRecorder;
  now: () => Date;
}

type Stage = "population" | "ask" | "score" | "done";

interface CalibrationRow {
  id: string;
  tenant_id: string;
  model: string;
  item_set: string | null;
  items: string[];
  size: number;
  seed: string | number;
  max_concurrency: number;
  skill_id: string;
  population_id: string | null;
  population_version: number | null;
  population_reused: boolean;
  stage: Stage;
  run_id: string;
  created_at: Date;
  run_state: Calibration["status"] | null;
  run_finished_at: Date | null;
  run_error: { error: string; code: string } | null;
  skill: Calibration["skill"];
  sampling_floor: Calibration["samplingFloor"];
}

/** A row with its run's state (one statement: the status is never a copy); the report's headline only. */
const SELECT_CALIBRATION = `select c.id, c.tenant_id, c.model, c.item_set, c.items, c.size, c.seed, c.max_concurrency,
    c.skill_id, c.population_id, c.population_version, c.population_reused, c.stage, c.run_id, c.created_at,
    c.report->'skill' as skill, c.report->'means'->'samplingFloor' as sampling_floor, current_run.*
  from calibrations c ${currentRunSql({ runId: "c.run_id", tenantId: "c.tenant_id" })}`;

function view(r: CalibrationRow): Calibration {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    model: r.model,
    items: r.items,
    itemSet: r.item_set,
    size: r.size,
    seed: Number(r.seed),
    maxConcurrency: r.max_concurrency,
    skillId: r.skill_id,
    populationId: r.population_id,
    populationVersion: r.population_version,
    populationReused: r.population_reused,
    runId: r.run_id,
    status: r.run_state ?? "queued",
    stage: r.stage,
    error: r.run_error ?? null,
    skill: r.skill ?? null,
    samplingFloor: r.sampling_floor ?? null,
    simulator: r.model === SIMULATOR_SLUG,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.run_finished_at?.toISOString() ?? null,
  };
}

/**
 * A stored report as the API shows it: jsonb keeps keys in its own order, so the fields are put back in the
 * schema's order (headline first, items last) and each distribution's categories in the GSS order.
 */
function presented(stored: CalibrationReportView): CalibrationReportView {
  const parsed = CalibrationReportSchema.safeParse(stored);
  const report = parsed.success ? parsed.data : stored;
  const inOrder = (options: readonly string[] | undefined, d: Record<string, number> | null) =>
    d && options ? Object.fromEntries(options.filter((o) => Object.hasOwn(d, o)).map((o) => [o, d[o] as number])) : d;
  return {
    ...report,
    items: report.items.map((item) => {
      const options = gssItem(item.id)?.options;
      return {
        ...item,
        distribution: inOrder(options, item.distribution),
        subgroups: item.subgroups.map((g) => ({ ...g, distribution: inOrder(options, g.distribution) })),
      };
    }),
  };
}

/**
 * The item ids asked, in the GSS order: every item for `"gss-2024"` (or nothing given), else the ids named
 * (case-insensitive). Unknown or repeated ids are a 400 naming each.
 */
export function resolveItems(items: CreateCalibrationInput["items"]): { ids: string[]; itemSet: string | null } {
  if (items === undefined || items === "gss-2024") return { ids: [...GSS_2024_ITEM_IDS], itemSet: "gss-2024" };
  const byUpper = new Map(GSS_2024_ITEM_IDS.map((id) => [id.toUpperCase(), id]));
  const details: { path: string; message: string }[] = [];
  const unknown: string[] = [];
  const chosen = new Set<string>();
  items.forEach((raw, i) => {
    const id = byUpper.get(raw.trim().toUpperCase());
    if (!id) {
      unknown.push(raw);
      details.push({ path: `items.${i}`, message: `unknown GSS 2024 item "${raw}"` });
    } else if (chosen.has(id)) details.push({ path: `items.${i}`, message: `item "${id}" is named twice` });
    else chosen.add(id);
  });
  if (details.length > 0) {
    const message =
      unknown.length > 0
        ? `Unknown GSS 2024 item id(s): ${unknown.join(", ")} (known: ${GSS_2024_ITEM_IDS.join(", ")})`
        : `Items named twice: ${details.map((d) => d.message).join("; ")}`;
    throw new ApiError("validation_error", message, details);
  }
  const ids = GSS_2024_ITEM_IDS.filter((id) => chosen.has(id));
  return { ids, itemSet: ids.length === GSS_2024_ITEM_IDS.length ? "gss-2024" : null };
}

/**
 * Calibrations (docs/calibration.md): a model asked the GSS 2024 items through a generated US-adults
 * population, scored against the real answers. One `calibrations.run` run with three stages: the
 * population (reused, or generated as a child run), the tasks (one per member, child runs), the score.
 */
export class CalibrationService {
  constructor(private readonly deps: CalibrationServiceDeps) {}

  private get db() {
    return this.deps.database;
  }

  /**
   * Checks the model (400 naming `model`) and the items (400 naming each unknown id), creates the
   * calibration's skill, then the calibration and its run in one transaction.
   */
  async start(
    caller: CalibrationCaller,
    input: CreateCalibrationInput,
  ): Promise<{ calibration: Calibration; run: RunView }> {
    const { tenantId } = caller;
    const model = this.deps.llm.registry.resolve(input.model).slug;
    const { ids, itemSet } = resolveItems(input.items);
    const size = input.size ?? DEFAULT_SIZE;
    const seed = input.seed ?? DEFAULT_SEED;
    const maxConcurrency = input.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    const items = GSS_2024_ITEMS.filter((i) => ids.includes(i.id));
    const skill = await this.deps.skills.create(
      tenantId,
      {
        name: `GSS 2024 calibration (${ids.length} ${ids.length === 1 ? "item" : "items"})`,
        description: `Created by a calibration of ${model}: General Social Survey 2024 items in our own wording (docs/calibration.md)`,
        instructions: CALIBRATION_INSTRUCTIONS,
        questions: items.map(skillQuestionOf),
      },
      { apiKeyId: caller.apiKeyId },
    );
    const now = this.deps.now();
    const id = newId(now.getTime());
    const runId = newId(now.getTime());
    await this.deps.jobs.atomically(async (tx, send) => {
      await tx.query(
        `insert into calibrations (id, tenant_id, model, item_set, items, size, seed, max_concurrency, skill_id,
           population_reused, stage, run_id, created_at, updated_at)
         values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, false, 'population', $10, $11, $11)`,
        [id, tenantId, model, itemSet, JSON.stringify(ids), size, seed, maxConcurrency, skill.id, runId, now],
      );
      await this.deps.runs.createIn(tx, send, tenantId, {
        id: runId,
        kind: CALIBRATION_RUN,
        payload: { calibrationId: id },
        apiKeyId: caller.apiKeyId,
        requestId: caller.requestId ?? null,
      });
    });
    this.deps.usage.record({
      tenantId,
      apiKeyId: caller.apiKeyId,
      requestId: caller.requestId ?? null,
      event: "calibration_create",
      payload: { calibrationId: id, model, items: ids.length, size, seed },
    });
    const calibration = view(await this.row(this.db, tenantId, id));
    return { calibration, run: await this.deps.runs.get(tenantId, runId) };
  }

  private async row(runner: SqlRunner, tenantId: string, id: string): Promise<CalibrationRow> {
    const [row] = await runner.query<CalibrationRow>(`${SELECT_CALIBRATION} where c.tenant_id = $1 and c.id = $2`, [
      tenantId,
      id,
    ]);
    if (!row) throw notFound("Calibration");
    return row;
  }

  /** One calibration with its full report (null until done). */
  async get(tenantId: string, id: string): Promise<CalibrationDetail> {
    const row = await this.row(this.db, tenantId, id);
    const [r] = await this.db.query<{ report: CalibrationReportView | null }>(
      "select report from calibrations where tenant_id = $1 and id = $2",
      [tenantId, id],
    );
    return { ...view(row), report: r?.report ? presented(r.report) : null };
  }

  /** Newest first, keyset-paginated; `model` filters. Each with its headline figures once done. */
  async list(tenantId: string, q: ListCalibrationsQuery & { limit: number }): Promise<Page<Calibration>> {
    const params: unknown[] = [tenantId];
    const where = ["c.tenant_id = $1"];
    if (q.model) {
      params.push(q.model);
      where.push(`c.model = $${params.length}`);
    }
    if (q.cursor) {
      const after = decodeCursor(q.cursor);
      params.push(after.t, after.id);
      where.push(`(c.created_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(q.limit + 1);
    const rows = await this.db.query<CalibrationRow>(
      `${SELECT_CALIBRATION} where ${where.join(" and ")} order by c.created_at desc, c.id desc limit $${params.length}`,
      params,
    );
    return pageOf(rows, q.limit, (r) => ({ t: r.created_at, id: r.id }), view);
  }

  /** The skills module's usage port: a calibration's skill is archived, not deleted. */
  async usesSkill(tenantId: string, skillId: string): Promise<boolean> {
    const rows = await this.db.query("select 1 from calibrations where tenant_id = $1 and skill_id = $2 limit 1", [
      tenantId,
      skillId,
    ]);
    return rows.length > 0;
  }

  /** The populations module's usage port: a population is in use while an unfinished calibration asks it. */
  async usesPopulation(tenantId: string, populationId: string): Promise<boolean> {
    const rows = await this.db.query(
      `select 1 from calibrations c ${currentRunSql({ runId: "c.run_id", tenantId: "c.tenant_id" })}
       where c.tenant_id = $1 and c.population_id = $2 and current_run.run_state in ('queued', 'running', 'paused')
       limit 1`,
      [tenantId, populationId],
    );
    return rows.length > 0;
  }

  runKind(): RunKind {
    return defineRunKind<CalibrationPayload>({
      name: CALIBRATION_RUN,
      description: "Calibrates a model: a US-adults population (reused or generated), the GSS items asked, the score",
      payload: CalibrationPayload,
      execute: (ctx) => this.execute(ctx),
      finalize: (ctx, counts) => this.finalize(ctx, counts),
    });
  }

  private async current(ctx: RunContext<CalibrationPayload>): Promise<CalibrationRow> {
    return this.row(this.db, ctx.tenantId, ctx.payload.calibrationId).catch(() => {
      throw new RunFailure("The calibration was deleted", "calibration_deleted");
    });
  }

  /** Stage 1: reuse a ready population an earlier calibration generated with this size and seed, or generate one. */
  private async execute(ctx: RunContext<CalibrationPayload>): Promise<RunOutcome> {
    const row = await this.current(ctx);
    const reusable = await this.reusablePopulation(row);
    if (reusable) return this.ask(ctx, row, reusable, true);
    const { tenantId } = ctx;
    const seed = Number(row.seed);
    await ctx.progress({ done: 0, total: 3, message: `generating a population of ${row.size} US adults` });
    const children: ChildSpec[] = [];
    return spawn(children, {
      commit: async (tx) => {
        const { populationId, child } = await this.deps.generator.generateIn(tx, tenantId, {
          name: `US adults for calibration (${row.size}, seed ${seed})`,
          description:
            "Generated by a calibration (docs/calibration.md); later calibrations of this size and seed reuse it",
          size: row.size,
          seed,
          targets: "us-adults",
        });
        children.push(child);
        await tx.query(
          `update calibrations set population_id = $3, population_reused = false, stage = 'population', updated_at = now()
           where tenant_id = $1 and id = $2`,
          [tenantId, row.id, populationId],
        );
      },
    });
  }

  /** The newest ready population that an earlier calibration of this tenant generated with the same size and seed. */
  private async reusablePopulation(row: CalibrationRow): Promise<{ id: string; version: number } | null> {
    const candidates = await this.db.query<{ population_id: string }>(
      `select population_id from calibrations
       where tenant_id = $1 and size = $2 and seed = $3 and population_id is not null and population_reused = false
         and id <> $4
       order by created_at desc limit 10`,
      [row.tenant_id, row.size, row.seed, row.id],
    );
    for (const c of candidates) {
      const population = await this.deps.populations.get(row.tenant_id, c.population_id).catch(() => null);
      if (population?.status === "ready" && population.kind === "generated" && population.version >= 1) {
        return { id: population.id, version: population.version };
      }
    }
    return null;
  }

  /** Stage 2: one task per member of the population, asking the calibration's skill with the model. */
  private async ask(
    ctx: RunContext<CalibrationPayload>,
    row: CalibrationRow,
    population: { id: string; version: number },
    reused: boolean,
  ): Promise<RunOutcome> {
    const { tenantId } = ctx;
    const roster = await this.deps.populations.roster(tenantId, population.id, population.version);
    await ctx.progress({ done: 1, total: 3, message: `asking ${roster.length} members ${row.items.length} items` });
    const children: ChildSpec[] = [];
    return spawn(children, {
      maxConcurrency: row.max_concurrency,
      commit: async (tx) => {
        const specs = await this.deps.tasks.insertForRun(tx, tenantId, {
          parentRunId: ctx.runId,
          skillId: row.skill_id,
          skillVersion: 1,
          model: row.model,
          apiKeyId: ctx.apiKeyId,
          members: roster.map((m) => ({ personaId: m.personaId, replicate: 1 })),
        });
        children.push(...specs);
        await tx.query(
          `update calibrations set population_id = $3, population_version = $4, population_reused = $5, stage = 'ask',
             updated_at = now()
           where tenant_id = $1 and id = $2`,
          [tenantId, row.id, population.id, population.version, reused],
        );
      },
    });
  }

  private async finalize(ctx: RunContext<CalibrationPayload>, counts: ChildCounts): Promise<RunOutcome> {
    const row = await this.current(ctx);
    if (row.stage === "population") {
      const population = row.population_id
        ? await this.deps.populations.get(ctx.tenantId, row.population_id).catch(() => null)
        : null;
      if (population?.status !== "ready") {
        const why = population ? (population.error?.error ?? population.status) : "the population was deleted";
        throw new RunFailure(`The calibration's population could not be generated: ${why}`, "population_failed");
      }
      return this.ask(ctx, row, { id: population.id, version: population.version }, false);
    }
    return this.score(ctx, row, counts);
  }

  /** Stage 3: every answer mapped to its item's category and its persona's age group and sex, then scored. */
  private async score(ctx: RunContext<CalibrationPayload>, row: CalibrationRow, counts: ChildCounts) {
    const { tenantId } = ctx;
    await ctx.progress({ done: 2, total: 3, message: "scoring" });
    const ran = await this.deps.tasks.ofRun(this.db, tenantId, ctx.runId);
    const personaOfTask = new Map(ran.tasks.map((t) => [t.id, t.personaId]));
    const personas = new Map(
      (await this.deps.personas.getMany(tenantId, [...new Set(personaOfTask.values())])).map((p) => [p.id, p]),
    );
    const answered = new Set(ran.results.map((r) => r.taskId)).size;
    if (ran.tasks.length > 0 && answered === 0) {
      throw new RunFailure(
        `None of the ${ran.tasks.length} tasks produced an answer (${counts.failed} failed): see the child runs`,
        "no_answers",
      );
    }
    const scored = reportOf(row.items, answersByItem(row.items, ran.results, personaOfTask, personas));
    const simulator = row.model === SIMULATOR_SLUG;
    const report: CalibrationReportView = {
      note: simulator ? SIMULATOR_NOTE : MODEL_NOTE,
      model: row.model,
      simulator,
      source: {
        survey: GSS_2024_SOURCE.survey,
        url: GSS_2024_SOURCE.url,
        year: GSS_2024_SOURCE.year,
        citation: GSS_2024_SOURCE.citation,
      },
      population: {
        id: row.population_id as string,
        version: row.population_version as number,
        size: ran.tasks.length,
        seed: Number(row.seed),
        reused: row.population_reused,
      },
      // The population stage's one child (when generated) succeeded, or the run would not be here.
      tasks: { total: ran.tasks.length, answered, failed: counts.failed },
      ...scored,
    };
    return done(
      { calibrationId: row.id, skill: scored.skill, cells: scored.cells },
      {
        commit: async (tx) => {
          await tx.query(
            `update calibrations set report = $3::jsonb, stage = 'done', updated_at = now()
             where tenant_id = $1 and id = $2`,
            [tenantId, row.id, JSON.stringify(report)],
          );
        },
        after: async (committed) => {
          if (!committed) return;
          this.deps.usage.record({
            tenantId,
            apiKeyId: ctx.apiKeyId,
            event: "calibration_complete",
            payload: {
              calibrationId: row.id,
              model: row.model,
              subgroupVsMarginal: scored.skill.subgroupVsMarginal,
              cells: scored.cells,
            },
          });
        },
      },
    );
  }
}
