import { createHmac, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { CacheProvider, CacheScope } from "../../cache.ts";
import type { Database } from "../../db/client.ts";
import { ApiError, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import type { Logger } from "../../logger.ts";
import type { Metrics } from "../../metrics.ts";
import type { UsageRecorder } from "../analytics/index.ts";
import { defineRunKind, done, RetryableRunError, type RunKind, type RunService } from "../runs/index.ts";
import { compilePolicy, findPii, holdBack, isSafeRegex, redactPii } from "./detect.ts";
import type { CompiledPolicy } from "./detect-types.ts";
import { answerVerdict, promptVerdict, type VerdictPolicy } from "./detect-verdict.ts";
import type { Moderator } from "./moderation.ts";
import { safetyPolicies, webhookDeliveries } from "./schema.ts";
import type { PolicyBodyInput, PolicyPack } from "./schemas.ts";
import { assertPublicUrl, safeWebhookFetch } from "./ssrf.ts";

export const DEFAULT_REFUSAL = "I'd rather not talk about that.";

type PolicyRow = typeof safetyPolicies.$inferSelect;

export interface ActivePolicy {
  pack: PolicyPack;
  compiled: CompiledPolicy;
  holdBack: number;
}

export interface Guardrail {
  checked: boolean;
  blocked: boolean;
  escalated: boolean;
  reasons: string[];
}

/** Characters of already-released text a stream window looks back at. */
const WINDOW_CONTEXT = 32;

const verdictPolicy = (policy: ActivePolicy): VerdictPolicy => ({
  compiled: policy.compiled,
  allowPii: policy.pack.allowPii,
  toxicityThreshold: policy.pack.toxicityThreshold,
  refusalMessage: policy.pack.refusalMessage,
});

/**
 * What a caller learns of a guardrail decision: the kind of rule only (`blocked_term`, `prompt_guard`,
 * `blocked_topic`, `toxicity`, `pii: email`…), never the term, guard or topic that matched — a refusal must
 * not reveal the policy. The full reasons go to the tenant's `guardrail_block` events.
 */
export function publicReasons(reasons: string[]): string[] {
  return [...new Set(reasons.map((r) => (r.startsWith("pii") ? r : (r.split(":")[0] ?? r).trim())))];
}

/** An answer after the output checks: what the caller may see. */
export interface FilteredAnswer {
  text: string;
  blocked: boolean;
  reasons: string[];
  escalations: string[];
}

const defaults = (tenantId: string): PolicyPack => ({
  tenantId,
  blockedTerms: [],
  allowPii: false,
  toxicityThreshold: 0.7,
  promptGuards: [],
  escalationKeywords: [],
  topicBoundaries: { allowedTopics: [], blockedTopics: [] },
  refusalMessage: DEFAULT_REFUSAL,
  escalationWebhookUrl: null,
  escalationWebhookSecret: null,
  isDefault: true,
  updatedAt: null,
});

const packOf = (r: PolicyRow): PolicyPack => ({
  tenantId: r.tenantId,
  blockedTerms: r.blockedTerms as string[],
  allowPii: r.allowPii,
  toxicityThreshold: r.toxicityThreshold,
  promptGuards: r.promptGuards as string[],
  escalationKeywords: r.escalationKeywords as string[],
  topicBoundaries: { allowedTopics: r.allowedTopics as string[], blockedTopics: r.blockedTopics as string[] },
  refusalMessage: r.refusalMessage ?? DEFAULT_REFUSAL,
  escalationWebhookUrl: r.escalationWebhookUrl,
  escalationWebhookSecret: r.webhookSecret,
  isDefault: false,
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * Compiled policies by tenant: exact while this process owns the database (every change passes here and
 * drops the entry); served for up to 5 s when other servers may change them.
 */
const POLICY_CACHE = { maxEntries: 10_000, ttlMs: 5_000 };

/**
 * The tenant's safety policy (SPEC §7): one per tenant, checked on every prompt before generation and
 * on every answer after it (and on streams as they are produced), with escalation to a human through
 * a signed webhook.
 */
/** The run kind of an escalation webhook delivery. */
export const WEBHOOK_RUN = "safety.webhook";

export class SafetyService {
  private readonly cache: CacheScope<ActivePolicy>;

  constructor(
    private readonly deps: {
      database: Database;
      cache: CacheProvider;
      jobs: JobQueue;
      runs: RunService;
      usage: UsageRecorder;
      logger: Logger;
      metrics: Metrics;
      allowPrivateWebhooks: boolean;
      moderator: Moderator;
    },
  ) {
    this.cache = deps.cache.scope("safety.policies", POLICY_CACHE);
  }

  private get db() {
    return this.deps.database.db;
  }

  async get(tenantId: string): Promise<PolicyPack> {
    const [row] = await this.db.select().from(safetyPolicies).where(eq(safetyPolicies.tenantId, tenantId));
    return row ? packOf(row) : defaults(tenantId);
  }

  /** Full replace: omitted fields mean no restriction, except allowPii (false) and toxicityThreshold (0.7). */
  async put(tenantId: string, body: PolicyBodyInput): Promise<PolicyPack> {
    const badGuards = (body.promptGuards ?? []).filter((g) => {
      const m = /^\/(.+)\/([a-z]*)$/.exec(g);
      if (!m) return false;
      try {
        new RegExp(m[1] as string, (m[2] ?? "").replace(/[^gimsuy]/g, ""));
      } catch {
        return true;
      }
      return !isSafeRegex(m[1] as string);
    });
    if (badGuards.length > 0) {
      throw new ApiError(
        "validation_error",
        `promptGuards: unsafe or invalid regular expression ${badGuards[0]}`,
        badGuards.map((g) => ({ path: "promptGuards", message: `Unsafe or invalid regex: ${g}` })),
      );
    }
    if (body.escalationWebhookUrl) await assertPublicUrl(body.escalationWebhookUrl, this.deps.allowPrivateWebhooks);
    const [existing] = await this.db
      .select({ secret: safetyPolicies.webhookSecret })
      .from(safetyPolicies)
      .where(eq(safetyPolicies.tenantId, tenantId));
    const values = {
      tenantId,
      blockedTerms: body.blockedTerms ?? [],
      allowPii: body.allowPii ?? false,
      toxicityThreshold: body.toxicityThreshold ?? 0.7,
      promptGuards: body.promptGuards ?? [],
      escalationKeywords: body.escalationKeywords ?? [],
      allowedTopics: body.topicBoundaries?.allowedTopics ?? [],
      blockedTopics: body.topicBoundaries?.blockedTopics ?? [],
      refusalMessage: body.refusalMessage ?? null,
      escalationWebhookUrl: body.escalationWebhookUrl ?? null,
      webhookSecret: body.escalationWebhookUrl
        ? (existing?.secret ?? `whsec_${randomBytes(24).toString("base64url")}`)
        : null,
      updatedAt: new Date(),
    };
    const [row] = await this.db
      .insert(safetyPolicies)
      .values(values)
      .onConflictDoUpdate({ target: safetyPolicies.tenantId, set: values })
      .returning();
    this.cache.delete(tenantId);
    return packOf(row as PolicyRow);
  }

  async delete(tenantId: string): Promise<void> {
    const gone = await this.db
      .delete(safetyPolicies)
      .where(eq(safetyPolicies.tenantId, tenantId))
      .returning({ t: safetyPolicies.tenantId });
    this.cache.delete(tenantId);
    if (gone.length === 0) throw notFound("Safety policy");
  }

  async active(tenantId: string): Promise<ActivePolicy> {
    const hit = this.cache.get(tenantId);
    if (hit) return hit;
    const pack = await this.get(tenantId);
    const compiled = compilePolicy({
      blockedTerms: pack.blockedTerms,
      promptGuards: pack.promptGuards,
      escalationKeywords: pack.escalationKeywords,
      allowedTopics: pack.topicBoundaries.allowedTopics,
      blockedTopics: pack.topicBoundaries.blockedTopics,
    });
    const policy = { pack, compiled, holdBack: Math.max(64, holdBack(compiled)) };
    this.cache.set(tenantId, policy);
    return policy;
  }

  /**
   * Input checks before generation. A blocked prompt is a 422 with the reasons; nothing is generated.
   * Returns the escalation keywords the prompt contains.
   */
  async checkPrompt(
    policy: ActivePolicy,
    text: string,
    ctx: { tenantId: string; apiKeyId: string | null; personaId: string },
  ): Promise<string[]> {
    const { reasons, escalations } = promptVerdict(verdictPolicy(policy), text, await this.deps.moderator.score(text));
    if (reasons.length > 0) {
      this.deps.metrics.guardrailBlock("input");
      this.deps.usage.record({
        tenantId: ctx.tenantId,
        apiKeyId: ctx.apiKeyId,
        event: "guardrail_block",
        payload: { personaId: ctx.personaId, stage: "input", reasons },
      });
      throw new ApiError("blocked_by_policy", "The prompt was blocked by the tenant's safety policy", undefined, {
        guardrail: { stage: "input", reasons: publicReasons(reasons) },
      });
    }
    return escalations;
  }

  /**
   * The output checks of a whole answer: the local ones, plus the moderation endpoint's toxicity when
   * one is configured. (Stream windows use the local `filterAnswer` as they go.)
   */
  async filterFinal(policy: ActivePolicy, text: string): Promise<FilteredAnswer> {
    const local = this.filterAnswer(policy, text);
    if (local.blocked) return local;
    const remote = await this.moderateFinal(policy, text);
    return remote ? { ...remote, escalations: local.escalations } : local;
  }

  /** The moderation endpoint's verdict on a whole answer, when one is configured: a refusal, or null. */
  async moderateFinal(policy: ActivePolicy, text: string): Promise<FilteredAnswer | null> {
    if (!this.deps.moderator.remote) return null;
    const toxicity = await this.deps.moderator.score(text);
    if (toxicity.score < policy.pack.toxicityThreshold) return null;
    const reasons = [`toxicity: ${toxicity.score.toFixed(2)} (${toxicity.source})`];
    return { text: policy.pack.refusalMessage, blocked: true, reasons, escalations: [] };
  }

  /** PII redaction alone (the blocking checks ran elsewhere), unless the policy allows PII. */
  redact(policy: ActivePolicy, text: string): string {
    return policy.pack.allowPii ? text : redactPii(text).text;
  }

  /**
   * One step of a stream's output checks. `raw` is the answer so far, `from` how much of it the caller
   * already has, `to` how far it may now be released (the rest is held back). The blocking checks run on
   * the unreleased text plus a little context — not on the whole answer, which is
   * checked once at the end —; PII is redacted in what is released, and a PII match that crosses `to`
   * waits whole for the next step. Returns a refusal, or the redacted text to send and the new `from`.
   */
  checkWindow(
    policy: ActivePolicy,
    raw: string,
    from: number,
    to: number,
  ): { blocked: FilteredAnswer | null; text: string; releasedTo: number } {
    // Matches that reach into the unreleased text lie within it (none is longer than the hold-back); the
    // context only gives word boundaries and the words just before.
    const start = Math.max(0, from - WINDOW_CONTEXT);
    const window = raw.slice(start);
    // The blocking checks of a whole answer, on the window (its redaction is not used: see below).
    const verdict = answerVerdict({ ...verdictPolicy(policy), allowPii: true }, window);
    if (verdict.blocked) return { blocked: verdict, text: "", releasedTo: from };
    if (policy.pack.allowPii) return { blocked: null, text: raw.slice(from, to), releasedTo: to };
    let end = to;
    for (const m of findPii(window)) {
      if (start + m.start < end && start + m.end > end) end = Math.max(from, start + m.start);
    }
    return { blocked: null, text: redactPii(raw.slice(from, end)).text, releasedTo: end };
  }

  /** Output checks: a violating answer becomes the refusal message; PII is redacted unless allowed. */
  filterAnswer(policy: ActivePolicy, text: string): FilteredAnswer {
    return answerVerdict(verdictPolicy(policy), text);
  }

  /**
   * Records the escalation event and queues the signed webhook (the caller, which owns the session,
   * has flagged it for a human).
   */
  async escalate(
    policy: ActivePolicy,
    e: {
      tenantId: string;
      apiKeyId: string | null;
      personaId: string;
      sessionId: string;
      stage: "input" | "output";
      keywords: string[];
    },
  ): Promise<void> {
    const payload = {
      event: "session.escalated",
      tenantId: e.tenantId,
      personaId: e.personaId,
      sessionId: e.sessionId,
      stage: e.stage,
      keywords: e.keywords,
      at: new Date().toISOString(),
    };
    this.deps.usage.record({ tenantId: e.tenantId, apiKeyId: e.apiKeyId, event: "guardrail_escalation", payload });
    const url = policy.pack.escalationWebhookUrl;
    if (!url) return;
    const id = newId();
    // The delivery row and its run (with the run's queue message) commit together: no delivery is left
    // pending with nothing to send it.
    await this.deps.jobs.atomically(async (tx, send) => {
      await tx.query(
        `insert into webhook_deliveries (id, tenant_id, event, url, payload, status, created_at)
         values ($1, $2, $3, $4, $5::jsonb, 'pending', now())`,
        [id, e.tenantId, payload.event, url, JSON.stringify(payload)],
      );
      await this.deps.runs.createIn(tx, send, e.tenantId, { id, kind: WEBHOOK_RUN, payload: {}, apiKeyId: e.apiKeyId });
    });
  }

  /**
   * The run kind of a webhook delivery (the run's id is the delivery's): a failed POST is retried with
   * exponential backoff (1 s, 2 s, 4 s, 8 s) and the delivery fails after its fifth attempt.
   */
  runKind(): RunKind {
    return defineRunKind({
      name: WEBHOOK_RUN,
      description: "Delivers a signed escalation webhook; its id is the delivery id.",
      payload: z.object({}).strict(),
      maxAttempts: 5,
      backoff: { baseMs: 1_000, maxMs: 30_000 },
      execute: async (ctx) => {
        const delivered = await this.deliver(ctx.runId, ctx.tenantId, ctx.attempt);
        return done(delivered, {
          commit: async (tx) => {
            await tx.query(
              `update webhook_deliveries set status = 'delivered', attempts = $2, last_status_code = $3, last_error = null,
                 delivered_at = now() where id = $1`,
              [ctx.runId, ctx.attempt, delivered.statusCode],
            );
          },
        });
      },
      onEnd: async (tx, run) => {
        await tx.query("update webhook_deliveries set status = 'failed' where id = $1 and status = 'pending'", [
          run.id,
        ]);
      },
    });
  }

  /**
   * One delivery attempt: POST JSON with `x-person-run-signature: t=<unix>,v1=<hex HMAC-SHA256 of
   * "<t>.<body>">`. A failure is recorded on the delivery and thrown as retryable.
   */
  private async deliver(deliveryId: string, tenantId: string, attempt: number): Promise<{ statusCode: number }> {
    const [d] = await this.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, deliveryId)));
    if (!d) throw notFound("Webhook delivery");
    if (d.status === "delivered") return { statusCode: d.lastStatusCode ?? 200 };
    const [policy] = await this.db
      .select({ secret: safetyPolicies.webhookSecret })
      .from(safetyPolicies)
      .where(eq(safetyPolicies.tenantId, tenantId));
    const body = JSON.stringify(d.payload);
    const t = Math.floor(Date.now() / 1000);
    const signature = createHmac("sha256", policy?.secret ?? "")
      .update(`${t}.${body}`)
      .digest("hex");
    let status: number | null = null;
    let error: string;
    try {
      // Resolves once, checks every address and connects to the checked one (no DNS rebinding), 10 s timeout.
      const res = await safeWebhookFetch(
        d.url,
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-person-run-signature": `t=${t},v1=${signature}`,
            "x-person-run-delivery": d.id,
          },
          body,
        },
        { allowPrivate: this.deps.allowPrivateWebhooks },
      );
      status = res.status;
      if (res.ok) return { statusCode: status };
      error = `HTTP ${status}`;
    } catch (err) {
      error = err instanceof ApiError ? err.message : (err as Error).message;
    }
    await this.db
      .update(webhookDeliveries)
      .set({ attempts: attempt, lastStatusCode: status, lastError: error })
      .where(eq(webhookDeliveries.id, d.id));
    throw new RetryableRunError(`webhook delivery failed: ${error}`, "webhook_failed");
  }

  async deliveries(tenantId: string) {
    return this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.tenantId, tenantId));
  }
}
