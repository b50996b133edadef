import type { ActivePolicy, FilteredAnswer, SafetyService } from "./service.ts";

/**
 * The output checks of one streamed answer. Deltas go in; what may be sent comes out. The last `holdBack`
 * characters are held until they are known to be clean, so a blocked term split across deltas is never
 * emitted and PII is redacted before it leaves. The blocking checks run on a sliding window — the held-back
 * text plus a little context —, first when a few words are past the hold-back (time to first token), then in
 * steps of three hold-backs, so each character is checked about 1.4 times; the whole answer
 * is checked once at the end. A long answer costs under three full checks, not one per token
 * (`bench/stream-guard.ts`). The price: once under way, text leaves in runs of up to three hold-backs
 * (~190 characters with the default 64) rather than word by word as the model writes it.
 */
/** Characters released by the first check (a few words: the time to first token). */
const FIRST_STEP = 24;

export class StreamGuard {
  private raw = "";
  /** What the caller has been sent (redacted), and how much of `raw` it covers. */
  private released = "";
  private rawReleased = 0;

  constructor(
    private readonly safety: Pick<SafetyService, "checkWindow" | "filterAnswer" | "redact">,
    private readonly policy: ActivePolicy,
  ) {}

  /** The raw answer so far. */
  get text(): string {
    return this.raw;
  }

  /** Adds a delta: the text that may be sent now (often none), or the refusal that ends the stream. */
  push(delta: string): { send: string } | { blocked: FilteredAnswer } {
    this.raw += delta;
    const holdBack = this.policy.holdBack;
    const pending = this.raw.length - this.rawReleased;
    // How much to release at once: a few words first (time to first token), then three hold-backs (few checks).
    const step = this.rawReleased === 0 ? FIRST_STEP : 3 * holdBack;
    if (pending < holdBack + step) return { send: "" };
    const window = this.safety.checkWindow(this.policy, this.raw, this.rawReleased, this.raw.length - holdBack);
    if (window.blocked) return { blocked: window.blocked };
    this.released += window.text;
    this.rawReleased = window.releasedTo;
    return { send: window.text };
  }

  /**
   * The answer is complete: the one full check of the whole answer, then the rest to send (redacted) and
   * the final answer, whose text is exactly what was sent; or the refusal.
   */
  end(): { send: string; final: FilteredAnswer } | { blocked: FilteredAnswer } {
    const whole = this.safety.filterAnswer(this.policy, this.raw);
    if (whole.blocked) return { blocked: whole };
    const tail = this.safety.redact(this.policy, this.raw.slice(this.rawReleased));
    this.released += tail;
    this.rawReleased = this.raw.length;
    return { send: tail, final: { ...whole, text: this.released } };
  }
}
