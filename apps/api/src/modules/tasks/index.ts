/** The tasks module's public entry: what other modules may use (docs/modules.md). */
export { TASK_RUN, type TaskHandoff, type TaskRunPayload } from "./execute.ts";
export type { Task, TaskResult, TaskScoresView, TaskStatus } from "./schemas.ts";
export type { RunTasks, TaskService } from "./service.ts";
