import { defineModule, usageEventNames } from "../manifest.ts";
import { UsageRecorder } from "./usage.ts";

declare module "../../context.ts" {
  interface ModuleServices {
    usage: UsageRecorder;
  }
}

/** Usage events: every module records through `ctx.usage` the events its manifest declares. */
export const analyticsModule = defineModule({
  name: "analytics",
  create: (ctx) => {
    usageEventNames(ctx.modules); // a name declared by two modules stops the boot
    return { usage: new UsageRecorder(ctx.database, ctx.logger) };
  },
  // After the job queue stopped: the last jobs' events are written too.
  stop: (ctx) => ctx.usage.close(),
});
