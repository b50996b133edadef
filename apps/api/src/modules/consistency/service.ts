import { and, asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/client.ts";
import { ApiError, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { type LlmClient, SIMULATOR_SLUG } from "../../llm/index.ts";
import type { Logger } from "../../logger.ts";
import { afterCursor, type Page, pageOf } from "../../pagination.ts";
import type { UsageRecorder } from "../analytics/index.ts";
import type { PersonaService } from "../personas/index.ts";
import type { SessionService } from "../prompting/index.ts";
import { defineRunKind, done, type RunKind, type RunService, type RunView } from "../runs/index.ts";
import type { EntryRow, TimelineService } from "../timeline/index.ts";
import { checkConsistency, SEVERITY_WEIGHT } from "./consistency.ts";
import type { CheckedEntry, ConsistencyIssue, SafeFix } from "./consistency-types.ts";
import { consistencyReports, reconcileJobs } from "./schema.ts";
import type { ReconcileJob, Report } from "./schemas.ts";

type ReportRow = typeof consistencyReports.$inferSelect;
type JobRow = typeof reconcileJobs.$inferSelect;
type StoredIssue = ConsistencyIssue & { source: "rules" | "llm" };

const reportView = (r: ReportRow): Report => ({
  id: r.id,
  personaId: r.personaId,
  checkedAt: r.checkedAt.toISOString(),
  score: r.score,
  issueCount: r.issueCount,
  issues: r.issues as Report["issues"],
  method: r.method as Report["method"],
});

/** The run kind of a reconcile job; the run's id is the job's id. */
export const RECONCILE_RUN = "consistency.reconcile";

/** A reconcile job: its own row (subject, what it applied) with its state and error from its run. */
const jobView = (j: JobRow, run: RunView): ReconcileJob => ({
  id: j.id,
  personaId: j.personaId,
  reportId: j.reportId,
  // A paused run waits to run again: to this API it is queued.
  status: run.state === "paused" ? "queued" : run.state,
  applied: j.applied as ReconcileJob["applied"],
  error: run.state === "failed" ? (run.error?.error ?? "Failed") : null,
  createdAt: j.createdAt.toISOString(),
  finishedAt: run.finishedAt,
});

/** What a real model may add to the rules' findings. */
const JudgeSchema = z.object({
  issues: z
    .array(
      z.object({
        type: z.enum([
          "fact_conflict",
          "profile_conflict",
          "age_conflict",
          "timeline_order",
          "duplicate",
          "response_contradiction",
        ]),
        severity: z.enum(["low", "medium", "high"]),
        entryIds: z.array(z.string()).max(10),
        message: z.string().min(1).max(1000),
        suggestion: z.string().min(1).max(1000),
      }),
    )
    .max(30),
});

const JUDGE_SYSTEM = `You audit a synthetic persona's memories for contradictions: with each other, with the persona's
profile (age, city, occupation, backstory), and with what the persona said in recent answers. Report only real
contradictions, each with the ids of the memories involved, a one-sentence message and a suggestion. Answer JSON only.`;

/**
 * Consistency checks (rules always, plus a model as judge when a real one is configured), stored as
 * reports, and the reconcile job that applies a report's safe fixes — superseding with a reason, never
 * deleting — and keeps the list of what it did.
 */
export class ConsistencyService {
  constructor(
    private readonly deps: {
      database: Database;
      personas: PersonaService;
      timeline: TimelineService;
      sessions: Pick<SessionService, "recentTurns">;
      llm: LlmClient;
      jobs: JobQueue;
      runs: RunService;
      usage: UsageRecorder;
      logger: Logger;
    },
  ) {}

  private get db() {
    return this.deps.database.db;
  }

  async check(tenantId: string, personaId: string, apiKeyId: string | null): Promise<Report> {
    const persona = await this.deps.personas.row(tenantId, personaId);
    const now = new Date();
    const entries = await this.deps.timeline.all(tenantId, personaId);
    const turns = await this.deps.sessions.recentTurns(tenantId, personaId, 50);
    const profile = persona.profile as { backstory?: string } | null;
    const result = checkConsistency({
      now,
      persona: {
        firstName: persona.firstName,
        lastName: persona.lastName,
        age: persona.age,
        location: persona.location,
        baseOccupation: persona.baseOccupation,
        backstory: profile?.backstory ?? null,
      },
      entries: entries.map(checkedEntry),
      recentTurns: turns.map((t) => ({
        turnId: t.id,
        sessionId: t.sessionId,
        prompt: t.prompt,
        response: t.response,
        createdAt: t.createdAt,
      })),
    });
    const issues: StoredIssue[] = result.issues.map((i) => ({ ...i, source: "rules" as const }));
    let method: Report["method"] = "rules";
    let score = result.score;
    if (this.deps.llm.registry.defaultSlug !== SIMULATOR_SLUG) {
      const judged = await this.judge(persona, entries, turns).catch((err) => {
        this.deps.logger.warn({ err, personaId }, "consistency judge failed; rules only");
        return null;
      });
      if (judged) {
        method = "rules+llm";
        const known = new Set(entries.map((e) => e.id));
        const seen = new Set(issues.map((i) => `${i.type}:${[...i.entryIds].sort().join(",")}`));
        for (const j of judged) {
          const ids = j.entryIds.filter((id) => known.has(id));
          const key = `${j.type}:${[...ids].sort().join(",")}`;
          if (seen.has(key) || (ids.length === 0 && j.type !== "response_contradiction")) continue;
          seen.add(key);
          issues.push({ ...j, entryIds: ids, source: "llm" });
          score = Math.max(0, score - SEVERITY_WEIGHT[j.severity]);
        }
      }
    }
    const [row] = await this.db
      .insert(consistencyReports)
      .values({
        id: newId(),
        tenantId,
        personaId,
        checkedAt: now,
        score,
        issueCount: issues.length,
        issues,
        method,
        apiKeyId,
      })
      .returning();
    const report = reportView(row as ReportRow);
    this.deps.usage.record({
      tenantId,
      apiKeyId,
      event: "persona_consistency_check",
      payload: {
        personaId,
        reportId: report.id,
        score,
        issueCount: issues.length,
        issueTypes: [...new Set(issues.map((i) => i.type))],
        method,
      },
    });
    return report;
  }

  private async judge(
    persona: { age: number; location: string; baseOccupation: string; profile: unknown },
    entries: EntryRow[],
    turns: { id: string; response: string }[],
  ) {
    const active = entries.filter((e) => e.status === "active").slice(-200);
    const lines = active.map(
      (e) => `- id=${e.id} [${e.eventAt.toISOString().slice(0, 10)}, ${e.memoryType}] ${e.eventLabel}: ${e.facts}`,
    );
    const answers = turns.slice(0, 10).map((t) => `- turn=${t.id}: ${t.response.slice(0, 400)}`);
    const { object } = await this.deps.llm.generateObject(
      {
        system: JUDGE_SYSTEM,
        messages: [
          {
            role: "user",
            content: `Persona: age ${persona.age}, lives in ${persona.location}, works as ${persona.baseOccupation}. Backstory: ${(persona.profile as { backstory?: string } | null)?.backstory ?? "-"}\nMemories:\n${lines.join("\n")}\nRecent answers:\n${answers.join("\n") || "-"}`,
          },
        ],
        temperature: 0,
      },
      JudgeSchema,
    );
    return object.issues;
  }

  async list(tenantId: string, personaId: string, page: { limit: number; cursor?: string }): Promise<Page<Report>> {
    await this.deps.personas.row(tenantId, personaId);
    const rows = await this.db
      .select()
      .from(consistencyReports)
      .where(
        and(
          eq(consistencyReports.tenantId, tenantId),
          eq(consistencyReports.personaId, personaId),
          afterCursor(consistencyReports.checkedAt, consistencyReports.id, page.cursor),
        ),
      )
      .orderBy(desc(consistencyReports.checkedAt), desc(consistencyReports.id))
      .limit(page.limit + 1);
    return pageOf(rows, page.limit, (r) => ({ t: r.checkedAt, id: r.id }), reportView);
  }

  /** A persona's stored reports, oldest first, as the persona export document lists them. */
  async exportOf(tenantId: string, personaId: string): Promise<Record<string, unknown>[]> {
    const reports = await this.db
      .select()
      .from(consistencyReports)
      .where(and(eq(consistencyReports.tenantId, tenantId), eq(consistencyReports.personaId, personaId)))
      .orderBy(asc(consistencyReports.checkedAt));
    return reports.map((r) => ({
      id: r.id,
      checkedAt: r.checkedAt.toISOString(),
      score: r.score,
      issueCount: r.issueCount,
      issues: r.issues as unknown[],
      method: r.method,
    }));
  }

  // ---- reconcile ----

  async enqueueReconcile(
    tenantId: string,
    personaId: string,
    reportId: string | undefined,
    apiKeyId: string | null,
  ): Promise<ReconcileJob> {
    await this.deps.personas.row(tenantId, personaId);
    if (reportId) {
      const [report] = await this.db
        .select({ id: consistencyReports.id })
        .from(consistencyReports)
        .where(
          and(
            eq(consistencyReports.tenantId, tenantId),
            eq(consistencyReports.personaId, personaId),
            eq(consistencyReports.id, reportId),
          ),
        );
      if (!report) throw notFound("Consistency report");
    }
    const id = newId();
    // The job row and its run (with the run's queue message) commit together: none is left queued with nothing to run it.
    await this.deps.jobs.atomically(async (tx, send) => {
      await tx.query(
        `insert into reconcile_jobs (id, tenant_id, persona_id, report_id, api_key_id, created_at)
         values ($1, $2, $3, $4, $5, now())`,
        [id, tenantId, personaId, reportId ?? null, apiKeyId],
      );
      await this.deps.runs.createIn(tx, send, tenantId, {
        id,
        kind: RECONCILE_RUN,
        payload: { personaId },
        apiKeyId,
      });
    });
    const job = await this.getReconcile(tenantId, personaId, id);
    this.recordJobEvent(tenantId, apiKeyId, job);
    return job;
  }

  async getReconcile(tenantId: string, personaId: string, jobId: string): Promise<ReconcileJob> {
    // The run before the row: a run read as succeeded guarantees the row holds what its completion wrote.
    const run = await this.deps.runs.find(tenantId, jobId);
    const [row] = await this.db
      .select()
      .from(reconcileJobs)
      .where(
        and(eq(reconcileJobs.tenantId, tenantId), eq(reconcileJobs.personaId, personaId), eq(reconcileJobs.id, jobId)),
      );
    if (!row || !run) throw notFound("Reconcile job");
    return jobView(row, run);
  }

  /**
   * The reconcile job's run kind: use the report (or a fresh check) and apply each safe fix. A fix is
   * idempotent (only active entries are superseded), so an attempt retried after a crash finishes the
   * work; what was applied is recorded with the run's completion, once. A failure that may pass (the
   * database, a crash) is retried with backoff; a missing report fails at once.
   */
  runKind(): RunKind {
    return defineRunKind({
      name: RECONCILE_RUN,
      description: "Applies a consistency report's safe fixes to a persona's timeline; its id is the job id.",
      payload: z.object({ personaId: z.uuid() }).strict(),
      maxAttempts: 3,
      backoff: { baseMs: 5_000, maxMs: 60_000 },
      retryable: (err) => !(err instanceof ApiError),
      execute: async (ctx) => {
        const { tenantId, runId } = ctx;
        const [job] = await this.db
          .select()
          .from(reconcileJobs)
          .where(and(eq(reconcileJobs.tenantId, tenantId), eq(reconcileJobs.id, runId)));
        if (!job) throw notFound("Persona"); // the job row goes with its persona
        const applied = await this.reconcile(tenantId, job);
        return done(
          { reportId: applied.reportId, applied: applied.items.length },
          {
            commit: async (tx) => {
              await tx.query("update reconcile_jobs set report_id = $2, applied = $3::jsonb where id = $1", [
                runId,
                applied.reportId,
                JSON.stringify(applied.items),
              ]);
            },
            after: async (committed) => {
              if (committed)
                this.recordJobEvent(tenantId, job.apiKeyId, await this.getReconcile(tenantId, job.personaId, runId));
            },
          },
        );
      },
      onEnd: async (tx, run) => {
        const [job] = await tx.query<{ persona_id: string; api_key_id: string | null; applied: unknown[] }>(
          "select persona_id, api_key_id, applied from reconcile_jobs where tenant_id = $1 and id = $2",
          [run.tenantId, run.id],
        );
        if (!job) return;
        this.deps.usage.record({
          tenantId: run.tenantId,
          apiKeyId: job.api_key_id,
          event: "timeline_reconcile_job",
          payload: { personaId: job.persona_id, jobId: run.id, status: run.state, applied: job.applied.length },
        });
      },
    });
  }

  private async reconcile(
    tenantId: string,
    job: JobRow,
  ): Promise<{ reportId: string; items: ReconcileJob["applied"] }> {
    let report: Report;
    if (job.reportId) {
      const [row] = await this.db
        .select()
        .from(consistencyReports)
        .where(and(eq(consistencyReports.tenantId, tenantId), eq(consistencyReports.id, job.reportId)));
      if (!row) throw new ApiError("not_found", "The report to reconcile no longer exists");
      report = reportView(row);
    } else {
      report = await this.check(tenantId, job.personaId, job.apiKeyId);
    }
    const applied: ReconcileJob["applied"] = [];
    for (const issue of report.issues) {
      const fix = issue.fix as SafeFix | undefined;
      if (!fix) continue;
      if (fix.action === "merge_duplicates") {
        const done = await this.deps.timeline.supersedeInFavourOf(tenantId, fix.supersedeIds, fix.keepId, fix.reason);
        if (done.length)
          applied.push({
            action: fix.action,
            issueType: issue.type,
            supersededIds: done,
            keptId: fix.keepId,
            reason: fix.reason,
          });
      } else {
        const kept = issue.entryIds.find((id) => id !== fix.entryId) ?? null;
        const done = await this.deps.timeline.supersedeInFavourOf(tenantId, [fix.entryId], kept, fix.reason);
        if (done.length)
          applied.push({
            action: fix.action,
            issueType: issue.type,
            supersededIds: done,
            keptId: kept,
            reason: fix.reason,
          });
      }
    }
    return { reportId: report.id, items: applied };
  }

  private recordJobEvent(tenantId: string, apiKeyId: string | null, job: ReconcileJob) {
    this.deps.usage.record({
      tenantId,
      apiKeyId,
      event: "timeline_reconcile_job",
      payload: { personaId: job.personaId, jobId: job.id, status: job.status, applied: job.applied.length },
    });
  }
}

function checkedEntry(e: EntryRow): CheckedEntry {
  return {
    id: e.id,
    eventAt: e.eventAt,
    eventLabel: e.eventLabel,
    facts: e.facts,
    feelings: e.feelings,
    interpretation: e.interpretation,
    memoryType: e.memoryType as CheckedEntry["memoryType"],
    memoryStrength: e.memoryStrength,
    status: e.status as CheckedEntry["status"],
    supersedes: e.supersedes,
    supersededBy: e.supersededBy,
    createdAt: e.createdAt,
  };
}
