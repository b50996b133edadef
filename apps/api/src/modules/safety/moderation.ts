import type { Logger } from "../../logger.ts";
import { toxicityScore } from "./detect.ts";

/**
 * Toxicity from a provider's moderation endpoint (OpenAI-compatible `POST {base}/moderations`) when one
 * is configured, else from the local scorer. The score is the highest category score; a failed or slow
 * call (3 s) falls back to the local scorer, so moderation trouble never blocks or breaks a prompt.
 */
export class Moderator {
  constructor(
    private readonly opts: { baseUrl: string; apiKey?: string; model: string } | null,
    private readonly logger: Logger,
  ) {}

  get remote(): boolean {
    return this.opts !== null;
  }

  async score(text: string): Promise<{ score: number; source: "moderation" | "local" }> {
    if (!this.opts) return { score: toxicityScore(text), source: "local" };
    try {
      const res = await fetch(`${this.opts.baseUrl.replace(/\/$/, "")}/moderations`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: this.opts.model, input: text }),
        signal: AbortSignal.timeout(3000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { results?: { category_scores?: Record<string, number> }[] };
      const scores = Object.values(body.results?.[0]?.category_scores ?? {}).filter((v) => typeof v === "number");
      if (scores.length === 0) throw new Error("no category scores in the answer");
      return { score: Math.max(...scores), source: "moderation" };
    } catch (err) {
      this.logger.warn({ err }, "moderation endpoint failed; using the local toxicity scorer");
      return { score: toxicityScore(text), source: "local" };
    }
  }
}
