/**
 * Generations running in this process, so that deleting a persona stops its model calls at once (other
 * processes find the persona gone when they record the turn, and record nothing billable). Cancelling an
 * async job stops its call through the run's abort signal (modules/runs).
 */
/** The abort reason when the persona was deleted mid-answer (the caller gets a 404, not a cancellation). */
export const PERSONA_DELETED = Symbol("persona deleted");

export class InFlight {
  private readonly runs = new Set<{
    controller: AbortController;
    tenantId: string;
    personaId: string;
  }>();

  /** Registers a generation; its signal also follows `parent` (e.g. the client's connection). */
  start(key: { tenantId: string; personaId: string }, parent?: AbortSignal) {
    const controller = new AbortController();
    const entry = { controller, ...key };
    const follow = () => controller.abort(parent?.reason);
    if (parent?.aborted) follow();
    else parent?.addEventListener("abort", follow, { once: true });
    this.runs.add(entry);
    return {
      signal: controller.signal,
      abort: () => controller.abort(),
      end: () => {
        this.runs.delete(entry);
        parent?.removeEventListener("abort", follow);
      },
    };
  }

  private abortWhere(match: (e: { tenantId: string; personaId: string }) => boolean, reason?: unknown): number {
    let n = 0;
    for (const e of this.runs) {
      if (!match(e)) continue;
      e.controller.abort(reason);
      n++;
    }
    return n;
  }

  abortPersona(tenantId: string, personaId: string): number {
    return this.abortWhere((e) => e.tenantId === tenantId && e.personaId === personaId, PERSONA_DELETED);
  }
}
