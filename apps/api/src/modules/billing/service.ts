import { and, eq, gte, sql } from "drizzle-orm";
import type { Config } from "../../config.ts";
import type { Database } from "../../db/client.ts";
import { promptTurns, tenants } from "../../db/schema.ts";
import { ApiError, notFound } from "../../errors.ts";
import { costUsd, type ModelPrice } from "../../llm/catalog.ts";

/**
 * Credits and plan limits (SPEC §6). Self-hosted default: unlimited credits, no limits. When a tenant
 * has a balance, a prompt is checked before generation against its estimated price and settled after
 * it from the real token usage:
 *
 *   credits = PROMPT_BASE_CREDITS (flat per-invocation fee) + costUsd(model price, usage) × CREDITS_PER_USD
 *
 * rounded up to 4 decimals. The estimate assumes the prompt's characters / 4 input tokens and the
 * request's maxTokens (or 1,024) output tokens, so a prompt that passes the check is always covered.
 */
export interface PlanLimits {
  /** Prompts per calendar month (UTC). */
  monthlyPrompts?: number;
  /** Input + output tokens per calendar month (UTC). */
  monthlyTokens?: number;
}

export interface BillingView {
  tenantId: string;
  /** null = unlimited */
  creditBalance: number | null;
  limits: PlanLimits;
  usage: { periodStart: string; prompts: number; tokens: number; credits: number; costUsd: number };
}

const ceil4 = (n: number) => Math.ceil(n * 10_000 - 1e-9) / 10_000;

export class BillingService {
  private readonly cache: Map<string, { balance: number | null; limits: PlanLimits }> | null;

  constructor(
    private readonly database: Database,
    private readonly config: Config["billing"],
    private readonly now: () => Date = () => new Date(),
  ) {
    this.cache = database.driver === "pglite" ? new Map() : null;
  }

  credits(price: ModelPrice, usage: { inputTokens: number; outputTokens: number; cachedTokens: number }) {
    const usd = costUsd(price, usage);
    return { costUsd: usd, credits: ceil4(this.config.promptBaseCredits + usd * this.config.creditsPerUsd) };
  }

  estimate(price: ModelPrice, promptChars: number, maxTokens: number | undefined): number {
    return this.credits(price, {
      inputTokens: Math.ceil(promptChars / 4),
      outputTokens: maxTokens ?? 1024,
      cachedTokens: 0,
    }).credits;
  }

  private periodStart(): Date {
    const now = this.now();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  }

  private async monthUsage(tenantId: string) {
    const since = this.periodStart();
    const [row] = await this.database.db
      .select({
        prompts: sql<number>`count(*)::int`,
        tokens: sql<number>`coalesce(sum(${promptTurns.tokensIn} + ${promptTurns.tokensOut}), 0)::int`,
        credits: sql<number>`coalesce(sum(${promptTurns.credits}), 0)::float8`,
        costUsd: sql<number>`coalesce(sum(${promptTurns.costUsd}), 0)::float8`,
      })
      .from(promptTurns)
      .where(and(eq(promptTurns.tenantId, tenantId), gte(promptTurns.createdAt, since)));
    return { periodStart: since.toISOString(), ...(row ?? { prompts: 0, tokens: 0, credits: 0, costUsd: 0 }) };
  }

  /**
   * The tenant's balance and limits. The embedded server keeps them in memory (one process owns the
   * database and every change passes through this service); with PostgreSQL they are read each time.
   */
  private async account(tenantId: string): Promise<{ balance: number | null; limits: PlanLimits }> {
    const cached = this.cache?.get(tenantId);
    if (cached) return cached;
    const [tenant] = await this.database.db
      .select({ balance: tenants.creditBalance, limits: tenants.limits })
      .from(tenants)
      .where(eq(tenants.id, tenantId));
    if (!tenant) throw notFound("Tenant");
    const account = { balance: tenant.balance, limits: tenant.limits as PlanLimits };
    this.cache?.set(tenantId, account);
    return account;
  }

  /**
   * Throws the compat 402 or 403 when the tenant cannot run a prompt of this estimated price.
   * `metered`: the tenant has a balance, so the prompt must be settled after it.
   */
  async assertCanSpend(tenantId: string, requiredCredits: number): Promise<{ metered: boolean }> {
    const tenant = await this.account(tenantId);
    const limits = tenant.limits;
    if (limits.monthlyPrompts !== undefined || limits.monthlyTokens !== undefined) {
      const used = await this.monthUsage(tenantId);
      const over =
        limits.monthlyPrompts !== undefined && used.prompts >= limits.monthlyPrompts
          ? { limit: "monthlyPrompts", max: limits.monthlyPrompts, used: used.prompts }
          : limits.monthlyTokens !== undefined && used.tokens >= limits.monthlyTokens
            ? { limit: "monthlyTokens", max: limits.monthlyTokens, used: used.tokens }
            : undefined;
      if (over)
        throw new ApiError("usage_limit_exceeded", "Usage limit exceeded", { ...over, periodStart: used.periodStart });
    }
    if (tenant.balance !== null && tenant.balance < requiredCredits) {
      throw new ApiError("insufficient_credits", "Insufficient credits", undefined, {
        requiredCredits,
        availableCredits: tenant.balance,
        action: "upgrade_or_topup",
        billingPath: "/dashboard/billing",
      });
    }
    return { metered: tenant.balance !== null };
  }

  /** Debits what a prompt really cost (no-op for unlimited tenants). */
  async settle(tenantId: string, credits: number): Promise<void> {
    if (credits <= 0) return;
    this.cache?.delete(tenantId);
    await this.database.db
      .update(tenants)
      .set({ creditBalance: sql`${tenants.creditBalance} - ${credits}` })
      .where(and(eq(tenants.id, tenantId), sql`${tenants.creditBalance} is not null`));
  }

  async get(tenantId: string): Promise<BillingView> {
    const [tenant] = await this.database.db.select().from(tenants).where(eq(tenants.id, tenantId));
    if (!tenant) throw notFound("Tenant");
    return {
      tenantId,
      creditBalance: tenant.creditBalance,
      limits: tenant.limits as PlanLimits,
      usage: await this.monthUsage(tenantId),
    };
  }

  async set(tenantId: string, input: { creditBalance: number | null; limits: PlanLimits }): Promise<BillingView> {
    this.cache?.delete(tenantId);
    await this.database.db
      .update(tenants)
      .set({ creditBalance: input.creditBalance, limits: input.limits })
      .where(eq(tenants.id, tenantId));
    return this.get(tenantId);
  }

  async topUp(tenantId: string, credits: number): Promise<BillingView> {
    this.cache?.delete(tenantId);
    const [row] = await this.database.db
      .update(tenants)
      .set({ creditBalance: sql`${tenants.creditBalance} + ${credits}` })
      .where(and(eq(tenants.id, tenantId), sql`${tenants.creditBalance} is not null`))
      .returning({ id: tenants.id });
    if (!row)
      throw new ApiError("conflict", "This tenant has unlimited credits: set a balance with PUT /billing first");
    return this.get(tenantId);
  }
}
