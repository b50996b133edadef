import { and, eq, sql } from "drizzle-orm";
import type { CacheProvider, CacheScope } from "../../cache.ts";
import type { Config } from "../../config.ts";
import type { Database } from "../../db/client.ts";
import { ApiError, notFound } from "../../errors.ts";
import type { BilledUsage, ModelPrice } from "../../llm/index.ts";
/**
 * The one allowed exception to "a module touches only its own tables" (docs/modules.md): the credit
 * balance, limits and month counters are columns of the access module's `tenants` row, so a reservation
 * stays one conditional UPDATE of that row. Moving them to a billing-owned table needs a migration.
 */
import { tenants } from "../access/schema.ts";
import { type Settlement, settlement } from "./settlement.ts";

/**
 * Credits and plan limits (SPEC §6). Self-hosted default: unlimited credits, no limits. When a tenant
 * has a balance, a prompt is checked before generation against its estimated price and settled after
 * it from the real token usage:
 *
 *   credits = PROMPT_BASE_CREDITS (flat per-invocation fee) + costUsd(model price, usage) × CREDITS_PER_USD
 *
 * rounded up to 4 decimals: the settlement rule of settlement.ts (docs/pricing.md). The estimate assumes the prompt's characters / 4 input tokens and the
 * request's maxTokens (or 1,024) output tokens, so a prompt that passes the check is always covered.
 */
export interface PlanLimits {
  /** Prompts per calendar month (UTC). */
  monthlyPrompts?: number;
  /** Input + output tokens per calendar month (UTC). */
  monthlyTokens?: number;
}

/** Credits and tokens held for one prompt between its start and its settlement. */
export interface Reservation {
  tenantId: string;
  /** The month whose counters hold it. */
  period: Date;
  credits: number;
  tokens: number;
}

export interface BillingView {
  tenantId: string;
  /** null = unlimited */
  creditBalance: number | null;
  limits: PlanLimits;
  usage: { periodStart: string; prompts: number; tokens: number; credits: number; costUsd: number };
}

/** What the tenant's recorded prompts added up to since a date (the prompting module provides it). */
export interface MonthTotals {
  prompts: number;
  tokens: number;
  credits: number;
  costUsd: number;
}
export type UsageTotals = (tenantId: string, since: Date) => Promise<MonthTotals>;

export class BillingService {
  /**
   * Balances and limits by tenant: kept only while this process owns the database (every change passes
   * through this service and drops the entry); with other servers they are read each time (ttl 0).
   */
  private readonly cache: CacheScope<{ balance: number | null; limits: PlanLimits }>;
  /**
   * Plugged in by the prompting module (it depends on billing, so billing cannot read its turns): with
   * no module recording prompts, the month's usage is zero.
   */
  private usageTotals: UsageTotals = async () => ({ prompts: 0, tokens: 0, credits: 0, costUsd: 0 });

  constructor(
    private readonly database: Database,
    private readonly config: Config["billing"],
    cache: CacheProvider,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.cache = cache.scope("billing.accounts", { maxEntries: 10_000, ttlMs: 0 });
  }

  provideUsage(totals: UsageTotals): void {
    this.usageTotals = totals;
  }

  /** The settlement rule with this server's CREDITS_PER_USD and PROMPT_BASE_CREDITS. */
  credits(price: ModelPrice, usage: BilledUsage): Settlement {
    return settlement(price, usage, this.config);
  }

  /** CREDITS_PER_USD and PROMPT_BASE_CREDITS, for those who show the rule (the pricing matrix). */
  get rule(): Config["billing"] {
    return this.config;
  }

  /** What a prompt may cost at most: its credits and its tokens (input + output). */
  estimate(price: ModelPrice, promptChars: number, maxTokens: number | undefined): { credits: number; tokens: number } {
    const usage = { inputTokens: Math.ceil(promptChars / 4), outputTokens: maxTokens ?? 1024, cachedTokens: 0 };
    return { credits: this.credits(price, usage).credits, tokens: usage.inputTokens + usage.outputTokens };
  }

  private periodStart(): Date {
    const now = this.now();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  }

  private async monthUsage(tenantId: string) {
    const since = this.periodStart();
    return { periodStart: since.toISOString(), ...(await this.usageTotals(tenantId, since)) };
  }

  /** The tenant's balance and limits (cached, see `cache`). */
  private async account(tenantId: string): Promise<{ balance: number | null; limits: PlanLimits }> {
    const cached = this.cache.get(tenantId);
    if (cached) return cached;
    const [tenant] = await this.database.db
      .select({ balance: tenants.creditBalance, limits: tenants.limits })
      .from(tenants)
      .where(eq(tenants.id, tenantId));
    if (!tenant) throw notFound("Tenant");
    const account = { balance: tenant.balance, limits: tenant.limits as PlanLimits };
    this.cache.set(tenantId, account);
    return account;
  }

  /**
   * Reserves a prompt before generation, atomically: one conditional `UPDATE` of the tenant's row
   * checks the balance against the estimate and the month's counters against the plan limits, debits the
   * estimate and counts the prompt (its tokens at their estimate). Concurrent prompts serialise on the
   * row, so together they can never spend more than the balance or pass a limit. Throws the compat 402
   * or 403 when the tenant cannot start this prompt. Returns null for tenants with nothing to meter
   * (unlimited credits, no limits): no write on their hot path.
   */
  async reserve(tenantId: string, estimate: { credits: number; tokens: number }): Promise<Reservation | null> {
    const tenant = await this.account(tenantId);
    const limited = tenant.limits.monthlyPrompts !== undefined || tenant.limits.monthlyTokens !== undefined;
    if (tenant.balance === null && !limited) return null;
    const period = this.periodStart();
    this.cache.delete(tenantId);
    const rows = await this.database.query<{ id: string }>(
      `update tenants set
         credit_balance = credit_balance - $3,
         usage_prompts = (case when usage_period_start = $2 then usage_prompts else 0 end) + 1,
         usage_tokens = (case when usage_period_start = $2 then usage_tokens else 0 end) + $4,
         usage_period_start = $2
       where id = $1
         and (credit_balance is null or credit_balance >= $3)
         and (limits->>'monthlyPrompts' is null
              or (case when usage_period_start = $2 then usage_prompts else 0 end) < (limits->>'monthlyPrompts')::bigint)
         and (limits->>'monthlyTokens' is null
              or (case when usage_period_start = $2 then usage_tokens else 0 end) < (limits->>'monthlyTokens')::bigint)
       returning id`,
      [tenantId, period.toISOString(), estimate.credits, estimate.tokens],
    );
    if (rows.length === 1) return { tenantId, period, credits: estimate.credits, tokens: estimate.tokens };
    throw await this.refusal(tenantId, estimate.credits);
  }

  /**
   * Throws the 402 or 403 a prompt of this estimate would get now, without reserving anything (an async
   * request is checked when it is queued and reserved when a worker runs it).
   */
  async check(tenantId: string, estimate: { credits: number }): Promise<void> {
    const tenant = await this.account(tenantId);
    const limited = tenant.limits.monthlyPrompts !== undefined || tenant.limits.monthlyTokens !== undefined;
    if (tenant.balance === null && !limited) return;
    const refused = await this.verdict(tenantId, estimate.credits);
    if (refused) throw refused;
  }

  /** Why a reservation was refused, read after the fact. */
  private async refusal(tenantId: string, requiredCredits: number): Promise<ApiError> {
    return (await this.verdict(tenantId, requiredCredits)) ?? this.insufficient(requiredCredits, 0);
  }

  private insufficient(requiredCredits: number, availableCredits: number) {
    return new ApiError("insufficient_credits", "Insufficient credits", undefined, {
      requiredCredits,
      availableCredits,
      action: "upgrade_or_topup",
      billingPath: "/dashboard/billing",
    });
  }

  /** The refusal a prompt of this price gets against the current row: a limit first (403), then credits (402). */
  private async verdict(tenantId: string, requiredCredits: number): Promise<ApiError | null> {
    const period = this.periodStart();
    const [row] = await this.database.db
      .select({
        balance: tenants.creditBalance,
        limits: tenants.limits,
        periodStart: tenants.usagePeriodStart,
        prompts: tenants.usagePrompts,
        tokens: tenants.usageTokens,
      })
      .from(tenants)
      .where(eq(tenants.id, tenantId));
    if (!row) return notFound("Tenant");
    const limits = row.limits as PlanLimits;
    const current = row.periodStart?.getTime() === period.getTime();
    const used = { prompts: current ? row.prompts : 0, tokens: current ? row.tokens : 0 };
    const over =
      limits.monthlyPrompts !== undefined && used.prompts >= limits.monthlyPrompts
        ? { limit: "monthlyPrompts", max: limits.monthlyPrompts, used: used.prompts }
        : limits.monthlyTokens !== undefined && used.tokens >= limits.monthlyTokens
          ? { limit: "monthlyTokens", max: limits.monthlyTokens, used: used.tokens }
          : undefined;
    if (over)
      return new ApiError("usage_limit_exceeded", "Usage limit exceeded", {
        ...over,
        periodStart: period.toISOString(),
      });
    if (row.balance !== null && row.balance < requiredCredits) return this.insufficient(requiredCredits, row.balance);
    return null;
  }

  /**
   * Settles a reservation with what the prompt really cost: the difference between the estimate and the
   * real credits and tokens goes back in one statement. `actual = null` releases it in full: the prompt
   * recorded nothing billable (failed, cancelled, deleted, blocked before any output) and does not count.
   */
  async settle(reservation: Reservation | null, actual: { credits: number; tokens: number } | null): Promise<void> {
    if (!reservation) return;
    const { tenantId } = reservation;
    this.cache.delete(tenantId);
    // A reservation from a month that has ended gives its credits back but leaves the new month's counters.
    await this.database.query(
      `update tenants set
         credit_balance = credit_balance + $3,
         usage_prompts = case when usage_period_start = $2 then greatest(usage_prompts - $5, 0) else usage_prompts end,
         usage_tokens = case when usage_period_start = $2 then greatest(usage_tokens + $4, 0) else usage_tokens end
       where id = $1`,
      [
        tenantId,
        reservation.period.toISOString(),
        reservation.credits - (actual?.credits ?? 0),
        (actual?.tokens ?? 0) - reservation.tokens,
        actual ? 0 : 1,
      ],
    );
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
    this.cache.delete(tenantId);
    await this.database.db
      .update(tenants)
      .set({ creditBalance: input.creditBalance, limits: input.limits })
      .where(eq(tenants.id, tenantId));
    return this.get(tenantId);
  }

  async topUp(tenantId: string, credits: number): Promise<BillingView> {
    this.cache.delete(tenantId);
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
