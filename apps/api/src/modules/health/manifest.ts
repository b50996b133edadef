import { z } from "zod";
import { defineJob, defineModule } from "../manifest.ts";
import { registerHealthRoutes } from "./routes.ts";

const RecoverPayload = z.object({}).strict();

declare module "../../jobs/catalog.ts" {
  interface JobPayloads {
    "jobs.recover": z.infer<typeof RecoverPayload>;
  }
}

/**
 * The system module: /health, the "System" tag, and `jobs.recover`, which asks every module that leases
 * job rows (its manifest's `recoverOrphans`) to put back the ones a dead process left running.
 */
export const healthModule = defineModule({
  name: "health",
  tags: [{ name: "System", description: "Health and the specification" }],
  routes: registerHealthRoutes,
  jobs: {
    "jobs.recover": defineJob({
      payload: RecoverPayload,
      description:
        "Every minute: jobs whose worker stopped heartbeating (a crashed or killed process) go back to the queue, or fail after their last attempt.",
      retryLimit: 0,
      retryDelay: 60,
      retryBackoff: false,
      expireInSeconds: 120,
      concurrency: 1,
      cron: "* * * * *",
      run: async (ctx) => {
        const recovered: Record<string, unknown> = {};
        for (const m of ctx.modules) if (m.recoverOrphans) recovered[m.name] = await m.recoverOrphans(ctx, false);
        return recovered;
      },
    }),
  },
});
