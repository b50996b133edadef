import type { AppContext } from "../context.ts";
import type { JobHandlers } from "./catalog.ts";

/** The processors of the catalog's jobs: thin, each calls a service. */
export function jobHandlers(ctx: Pick<AppContext, "idempotency" | "logger">): JobHandlers {
  return {
    "maintenance.sweep": async () => {
      const idempotencyKeys = await ctx.idempotency.sweep();
      return { idempotencyKeys };
    },
  };
}
