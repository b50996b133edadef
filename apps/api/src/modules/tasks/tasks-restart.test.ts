import { afterAll, describe, expect, it } from "vitest";
import { crashableServe } from "../../../test/crash.ts";
import { BOOT_TIMEOUT_MS, seed, until } from "../../../test/harness.ts";

/**
 * A task survives a crash of the embedded server mid-run: `person-run serve` is killed (-9) while the task
 * is between its questions, a new server starts on the same data directory, recovers the orphaned attempt
 * and the task completes once — one result per question, one `succeeded` event, one `task_complete`, one
 * score row. Always on PGlite (the embedded mode), whatever DATABASE_URL says.
 */

const serve = crashableServe("task-restart", "pr_live_taskRestartKeyForTests00000001");
const call = serve.call;
afterAll(() => serve.cleanup());

describe("a task across a crash of the embedded server", () => {
  it("completes exactly once after `serve` is killed mid-run", { timeout: 4 * BOOT_TIMEOUT_MS }, async () => {
    // Slow answers: the kill lands while the task is between its questions.
    const port = await serve.start({ SIMULATOR_DELAY_MS: "60" });
    const persona = await call(port, "POST", "/personas", { seed: seed() });
    expect(persona.status).toBe(201);
    const questions = [1, 2, 3, 4, 5, 6].map((n) => ({
      id: `q${n}`,
      text: `Question ${n}: how fair is the price?`,
      outputFormat: { type: "likert", scale: 5 },
    }));
    const skill = await call(port, "POST", "/skills", {
      name: "Fairness",
      instructions: "You are looking at a pricing page.",
      questions,
      evaluation: { criteria: [{ name: "Readable", weight: 1, rule: { type: "format_valid" } }], passThreshold: 0.5 },
    });
    expect(skill.status).toBe(201);
    const created = await call(port, "POST", "/tasks", {
      skillId: skill.body.skill.id,
      personaId: persona.body.persona.id,
      execute: true,
    });
    expect(created.status).toBe(201);
    const taskId = created.body.task.id as string;
    await until(async () => (await call(port, "GET", `/tasks/${taskId}/results`)).body.results.length >= 1, {
      what: "the first answered question",
      timeoutMs: BOOT_TIMEOUT_MS,
    });
    await serve.kill();

    const second = await serve.restart();
    const p2 = second.port;
    const task = await until(
      async () => {
        const r = await call(p2, "GET", `/tasks/${taskId}`);
        return ["succeeded", "failed", "cancelled"].includes(r.body.task.status) ? r.body.task : null;
      },
      { what: "the task to finish on the new server", timeoutMs: BOOT_TIMEOUT_MS },
    );
    expect(task).toMatchObject({ status: "succeeded", attempt: 1 });
    const results = (await call(p2, "GET", `/tasks/${taskId}/results`)).body.results as { questionId: string }[];
    expect(results.map((r) => r.questionId)).toEqual(["q1", "q2", "q3", "q4", "q5", "q6"]);
    const db = second.ctx.database;
    const run = (await call(p2, "GET", `/runs/${task.runId}`)).body.run;
    expect(run.attempts).toBeGreaterThanOrEqual(2);
    const succeeded = await db.query(
      "select 1 from run_events where run_id = $1 and type = 'state' and data->>'state' = 'succeeded'",
      [task.runId],
    );
    expect(succeeded).toHaveLength(1);
    expect(await db.query("select 1 from task_scores where task_id = $1", [taskId])).toHaveLength(1);
    await second.ctx.usage.flush();
    const completes = await db.query(
      "select 1 from usage_events where event = 'task_complete' and payload->>'taskId' = $1",
      [taskId],
    );
    expect(completes).toHaveLength(1);
    expect((await call(p2, "GET", `/tasks/${taskId}/scores`)).body.scores).toMatchObject({ total: 1, passed: true });
  });
});
