import { type Names, type PermissionGrants, READERS, WRITERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineModule } from "../manifest.ts";
import { TaskRunner } from "./execute.ts";
import { registerTaskRoutes } from "./routes.ts";
import { TaskService } from "./service.ts";

const PERMISSIONS = {
  /** Tasks, their results, transcripts and scores. */
  "tasks:read": READERS,
  /** Create, execute, pause, resume, cancel and delete tasks. */
  "tasks:write": WRITERS,
} as const satisfies PermissionGrants;

const USAGE_EVENTS = ["task_create", "task_execute", "task_complete", "task_control", "task_delete"] as const;

declare module "../../context.ts" {
  interface ModuleServices {
    tasks: TaskService;
    taskRunner: TaskRunner;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}

/** Tasks (docs/tasks.md): a skill version executed for one persona, as runs whose turns go through the turn engine. */
export const tasksModule = defineModule({
  name: "tasks",
  dependsOn: ["analytics", "personas", "prompting", "runs", "schedules", "skills"],
  tags: [{ name: "Tasks", description: "One skill executed for one persona: results, transcript, scores" }],
  routes: registerTaskRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => {
    const tasks = new TaskService({
      database: ctx.database,
      jobs: ctx.jobs,
      runs: ctx.runs,
      skills: ctx.skills,
      personas: ctx.personas,
      sessions: ctx.sessions,
      llm: ctx.llm,
      usage: ctx.usage,
      now: ctx.now,
    });
    const taskRunner = new TaskRunner({
      database: ctx.database,
      skills: ctx.skills,
      personas: ctx.personas,
      turns: ctx.turns,
      sessions: ctx.sessions,
      usage: ctx.usage,
    });
    // A skill that tasks use is archived, not deleted: their results keep pointing at a readable version.
    ctx.skills.setUsage({ inUse: (tenantId, skillId) => tasks.inUse(tenantId, skillId) });
    // A schedule's "task" target: each fire starts the task's next attempt on the fire's transaction.
    ctx.schedules.registerTarget({
      type: "task",
      check: (tenantId, taskId) => tasks.checkTarget(tenantId, taskId),
      start: async (tx, send, tenantId, taskId, fire) => {
        const { runId, attempt } = await tasks.executeIn(tx, send, tenantId, taskId, fire);
        return { runId, detail: { taskId, attempt } };
      },
    });
    return { tasks, taskRunner };
  },
  runKinds: (ctx) => [ctx.taskRunner.runKind()],
});
