import type { Config } from "../../config.ts";

/**
 * Reachability of each configured model provider, for `/health` (`checks.models`): one cheap authenticated
 * GET of its models list, with the health deadline. The answer is kept for `ttlMs` (30 s) so a load balancer
 * polling `/health` every few seconds does not call the providers every time; concurrent probes share one
 * round. Keys travel only in request headers: nothing of them is ever in a check's output.
 */

export type ProbedProvider = "openai" | "anthropic" | "gateway" | "compatible";

export interface ProviderCheck {
  status: "ok" | "down";
  latencyMs?: number;
  error?: string;
}

interface Target {
  provider: ProbedProvider;
  url: string;
  headers: Record<string, string>;
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** What to GET for each configured provider (the same base URLs the model registry calls). */
export function probeTargets(llm: Config["llm"]): Target[] {
  const targets: Target[] = [];
  if (llm.openaiApiKey) {
    targets.push({
      provider: "openai",
      url: `${trimSlash(llm.openaiBaseUrl ?? "https://api.openai.com/v1")}/models`,
      headers: { authorization: `Bearer ${llm.openaiApiKey}` },
    });
  }
  if (llm.anthropicApiKey) {
    targets.push({
      provider: "anthropic",
      url: `${trimSlash(llm.anthropicBaseUrl ?? "https://api.anthropic.com/v1")}/models?limit=1`,
      headers: { "x-api-key": llm.anthropicApiKey, "anthropic-version": "2023-06-01" },
    });
  }
  if (llm.gatewayApiKey) {
    targets.push({
      provider: "gateway",
      // The gateway's model list, as @ai-sdk/gateway reads it.
      url: "https://ai-gateway.vercel.sh/v3/ai/config",
      headers: { authorization: `Bearer ${llm.gatewayApiKey}`, "ai-gateway-protocol-version": "0.0.1" },
    });
  }
  if (llm.compatibleBaseUrl) {
    targets.push({
      provider: "compatible",
      url: `${trimSlash(llm.compatibleBaseUrl)}/models`,
      headers: llm.compatibleApiKey ? { authorization: `Bearer ${llm.compatibleApiKey}` } : {},
    });
  }
  return targets;
}

/**
 * A provider is up when it answers its models list (404 and 405 count: some OpenAI-compatible servers have
 * no such list, but they answered). Refused credentials are `down`: every call would fail the same way.
 */
export function verdict(status: number): ProviderCheck {
  if ((status >= 200 && status < 300) || status === 404 || status === 405) return { status: "ok" };
  if (status === 401 || status === 403)
    return { status: "down", error: `the provider refused this server's credentials (HTTP ${status})` };
  return { status: "down", error: `the provider answered HTTP ${status}` };
}

/** A fetch failure as words, without the URL (a base URL may carry credentials in its user part). */
function failure(err: unknown, deadlineMs: number): string {
  const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e.name === "TimeoutError" || e.name === "AbortError") return `no answer within ${deadlineMs} ms`;
  const code = e.cause?.code;
  return code ? `could not connect (${code})` : "could not connect";
}

export class ProviderHealth {
  private readonly targets: Target[];
  private cached: { at: number; checks: Partial<Record<ProbedProvider, ProviderCheck>> } | null = null;
  private inFlight: Promise<Partial<Record<ProbedProvider, ProviderCheck>>> | null = null;

  constructor(
    llm: Config["llm"],
    private readonly opts: { deadlineMs: number; ttlMs: number; now: () => number },
  ) {
    this.targets = probeTargets(llm);
  }

  /** Each configured provider's check, from the cache while it is fresh. */
  async check(): Promise<Partial<Record<ProbedProvider, ProviderCheck>>> {
    if (this.cached && this.opts.now() - this.cached.at < this.opts.ttlMs) return this.cached.checks;
    this.inFlight ??= this.probeAll().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async probeAll() {
    const results = await Promise.all(this.targets.map((t) => this.probe(t)));
    const checks = Object.fromEntries(this.targets.map((t, i) => [t.provider, results[i]]));
    this.cached = { at: this.opts.now(), checks };
    return checks;
  }

  private async probe(target: Target): Promise<ProviderCheck> {
    const started = performance.now();
    try {
      const res = await fetch(target.url, {
        headers: target.headers,
        signal: AbortSignal.timeout(this.opts.deadlineMs),
      });
      await res.body?.cancel();
      return { ...verdict(res.status), latencyMs: Math.round((performance.now() - started) * 100) / 100 };
    } catch (err) {
      return { status: "down", error: failure(err, this.opts.deadlineMs) };
    }
  }
}
