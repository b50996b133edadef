import { accessModule } from "./access/manifest.ts";
import { analyticsModule } from "./analytics/manifest.ts";
import { billingModule } from "./billing/manifest.ts";
import { calibrationsModule } from "./calibrations/manifest.ts";
import { cohortsModule } from "./cohorts/manifest.ts";
import { consistencyModule } from "./consistency/manifest.ts";
import { dashboardModule } from "./dashboard/manifest.ts";
import { docsModule } from "./docs/manifest.ts";
import { healthModule } from "./health/manifest.ts";
import { idempotencyModule } from "./idempotency/manifest.ts";
import type { ModuleManifest } from "./manifest.ts";
import { modelsModule } from "./models/manifest.ts";
import { personasModule } from "./personas/manifest.ts";
import { populationsModule } from "./populations/manifest.ts";
import { promptingModule } from "./prompting/manifest.ts";
import { runsModule } from "./runs/manifest.ts";
import { safetyModule } from "./safety/manifest.ts";
import { schedulesModule } from "./schedules/manifest.ts";
import { skillsModule } from "./skills/manifest.ts";
import { studiesModule } from "./studies/manifest.ts";
import { tasksModule } from "./tasks/manifest.ts";
import { timelineModule } from "./timeline/manifest.ts";
import { widgetModule } from "./widget/manifest.ts";

/**
 * Every module of the server, once (docs/modules.md). The order is route precedence and the order of the
 * OpenAPI tags: prompting and safety before personas, so `/personas/prompt…` and `/personas/safety-policy`
 * are not read as `/personas/{personaId}`. Services are built in dependency order (`dependsOn`), whatever
 * this order is.
 */
export const MODULES: readonly ModuleManifest[] = [
  promptingModule,
  safetyModule,
  personasModule,
  timelineModule,
  consistencyModule,
  billingModule,
  modelsModule,
  accessModule,
  healthModule,
  docsModule,
  analyticsModule,
  idempotencyModule,
  runsModule,
  schedulesModule,
  skillsModule,
  tasksModule,
  cohortsModule,
  populationsModule,
  studiesModule,
  calibrationsModule,
  widgetModule,
  dashboardModule,
];
