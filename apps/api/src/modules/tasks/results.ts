import type { SqlRunner } from "../../db/client.ts";
import type { TaskResult } from "./schemas.ts";

interface ResultRow {
  question_id: string;
  raw: string;
  parsed: unknown;
  valid: boolean;
  error: string | null;
  asks: number;
  follow_ups: TaskResult["followUps"];
}

/**
 * One attempt's stored results, in question order: what `GET /tasks/{id}/results` shows, and what a resumed
 * or recovered attempt finds already answered.
 */
export async function resultsOf(
  runner: SqlRunner,
  tenantId: string,
  taskId: string,
  attempt: number,
): Promise<TaskResult[]> {
  const rows = await runner.query<ResultRow>(
    `select question_id, raw, parsed, valid, error, asks, follow_ups from task_results
     where tenant_id = $1 and task_id = $2 and attempt = $3 order by position`,
    [tenantId, taskId, attempt],
  );
  return rows.map((r) => ({
    questionId: r.question_id,
    raw: r.raw,
    parsed: r.parsed ?? null,
    valid: r.valid,
    ...(r.error ? { error: r.error } : {}),
    asks: r.asks,
    followUps: r.follow_ups,
  }));
}
