import { z } from "zod";
import { defineJob, defineModule } from "../manifest.ts";
import { IdempotencyStore } from "./store.ts";

const SweepPayload = z.object({}).strict();

declare module "../../context.ts" {
  interface ModuleServices {
    idempotency: IdempotencyStore;
  }
}
declare module "../../jobs/catalog.ts" {
  interface JobPayloads {
    "maintenance.sweep": z.infer<typeof SweepPayload>;
  }
}

/** `Idempotency-Key` records (the HTTP middleware uses them) and the hourly sweep that drops old ones. */
export const idempotencyModule = defineModule({
  name: "idempotency",
  create: (ctx) => ({ idempotency: new IdempotencyStore(ctx.database, ctx.now) }),
  jobs: {
    "maintenance.sweep": defineJob({
      payload: SweepPayload,
      description:
        "Hourly clean-up: drops Idempotency-Key records older than 24 h; refreshes planner statistics on PGlite.",
      retryLimit: 2,
      retryDelay: 60,
      retryBackoff: true,
      expireInSeconds: 300,
      concurrency: 1,
      cron: "17 * * * *",
      run: async (ctx) => {
        const idempotencyKeys = await ctx.idempotency.sweep();
        // PGlite has no autovacuum: keep the planner's statistics fresh (PostgreSQL does this itself).
        if (ctx.database.needsAnalyze) await ctx.database.query("analyze");
        return { idempotencyKeys };
      },
    }),
  },
});
