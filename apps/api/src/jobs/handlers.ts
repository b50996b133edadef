import type { AppContext } from "../context.ts";
import type { JobHandlers } from "./catalog.ts";

/** The processors of the catalog's jobs: thin, each calls a service. */
export function jobHandlers(ctx: Pick<AppContext, "idempotency" | "database" | "runs">): JobHandlers {
  return {
    "runs.execute": ({ runId, tenantId }) => ctx.runs.execute(runId, tenantId),
    "maintenance.sweep": async () => {
      const idempotencyKeys = await ctx.idempotency.sweep();
      // PGlite has no autovacuum: keep the planner's statistics fresh (PostgreSQL does this itself).
      if (ctx.database.driver === "pglite") await ctx.database.query("analyze");
      return { idempotencyKeys };
    },
  };
}
