/** The run engine's public entry: what other modules may use (docs/runs.md, docs/modules.md). */
export {
  type ChildCounts,
  type ChildEndDecision,
  type ChildSpec,
  type Done,
  defineRunKind,
  done,
  type EndedChild,
  type EndedRun,
  type ParentOfChild,
  RetryableRunError,
  type RunContext,
  type RunError,
  RunFailure,
  type RunKind,
  type RunOutcome,
  type RunState,
  type Spawn,
  spawn,
} from "./kinds.ts";
export { currentRunSql, type NewRunSpec, type RunEvent, type RunService, type RunView } from "./service.ts";
export type { SendRun } from "./store.ts";
