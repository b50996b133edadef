import { expect } from "vitest";
import { seed, type TestServer, until } from "../../../test/harness.ts";
import { ResultsEnvelope, ScoresEnvelope, type Task, TaskEnvelope, type TaskStatus, TurnsEnvelope } from "./schemas.ts";

/** What the task tests share: a tenant with a persona and skills, tasks created and followed through HTTP. */

export type Tenant = { tenantId: string; key: string };

/** One question of each output format (SPEC §8.1), with a marker for the simulator appended when given. */
export function everyFormat(marker = "") {
  const q = (id: string, text: string, outputFormat: Record<string, unknown>) => ({
    id,
    text: `${text}${marker ? ` ${marker}` : ""}`,
    outputFormat,
  });
  return [
    q("opinion", "What do you think of the pricing page?", { type: "text", minWords: 3, maxWords: 120 }),
    q("clarity", "How clear is the pricing?", { type: "likert", scale: 7, labels: ["Not at all", "Very"] }),
    q("plan", "Which plan would you buy?", { type: "single_choice", options: ["Free", "Pro", "Team"] }),
    q("features", "Which features matter to you?", {
      type: "multi_choice",
      options: ["Exports", "Sharing", "API", "Support"],
      minPicks: 1,
      maxPicks: 3,
    }),
    q("order", "Rank these plans.", { type: "ranking", options: ["Free", "Pro", "Team"] }),
    q("price", "What would you pay per month?", { type: "numeric", min: 0, max: 500, unit: "USD", integer: true }),
    q("profile", "Describe your use as JSON.", {
      type: "json",
      schema: {
        type: "object",
        properties: { teamSize: { type: "integer", minimum: 1 }, role: { type: "string" } },
        required: ["teamSize", "role"],
      },
    }),
  ];
}

export function taskApi(s: TestServer) {
  async function persona(t: Tenant, over: Record<string, unknown> = {}) {
    const res = await s.request("POST", "/personas", { key: t.key, body: { seed: seed(over) } });
    expect(res.status, res.text).toBe(201);
    return res.body.persona as { id: string; firstName: string };
  }

  async function skill(t: Tenant, body: Record<string, unknown>) {
    const res = await s.request("POST", "/skills", {
      key: t.key,
      body: { name: "Pricing page", instructions: "You are looking at a pricing page.", ...body },
    });
    expect(res.status, res.text).toBe(201);
    return res.body.skill as { id: string; version: number };
  }

  async function createTask(t: Tenant, body: Record<string, unknown>): Promise<Task> {
    const res = await s.request("POST", "/tasks", { key: t.key, body });
    expect(res.status, res.text).toBe(201);
    return TaskEnvelope.parse(res.body).task;
  }

  async function get(t: Tenant, taskId: string): Promise<Task> {
    const res = await s.request("GET", `/tasks/${taskId}`, { key: t.key });
    expect(res.status, res.text).toBe(200);
    return TaskEnvelope.parse(res.body).task;
  }

  /** Polls until the task has one of the states (a bound on a hang, not a timing expectation). */
  function settled(t: Tenant, taskId: string, states: TaskStatus[] = ["succeeded", "failed", "cancelled"]) {
    return until(
      async () => {
        const task = await get(t, taskId);
        return states.includes(task.status) ? task : null;
      },
      { what: `task ${taskId} to be ${states.join(" or ")}`, timeoutMs: 60_000 },
    );
  }

  async function results(t: Tenant, taskId: string, attempt?: number) {
    const res = await s.request("GET", `/tasks/${taskId}/results`, { key: t.key, query: { attempt } });
    expect(res.status, res.text).toBe(200);
    return ResultsEnvelope.parse(res.body);
  }

  async function turns(t: Tenant, taskId: string) {
    const res = await s.request("GET", `/tasks/${taskId}/turns`, { key: t.key });
    expect(res.status, res.text).toBe(200);
    return TurnsEnvelope.parse(res.body).turns;
  }

  async function scores(t: Tenant, taskId: string, attempt?: number) {
    const res = await s.request("GET", `/tasks/${taskId}/scores`, { key: t.key, query: { attempt } });
    expect(res.status, res.text).toBe(200);
    return ScoresEnvelope.parse(res.body);
  }

  async function control(t: Tenant, taskId: string, action: "pause" | "resume" | "cancel") {
    return s.request("POST", `/tasks/${taskId}/control`, { key: t.key, body: { action } });
  }

  async function execute(t: Tenant, taskId: string) {
    return s.request("POST", `/tasks/${taskId}/execute`, { key: t.key, body: {} });
  }

  /** The usage events of a tenant by name (flushed first). */
  async function events(t: Tenant, event: string) {
    await s.ctx.usage.flush();
    return s.ctx.database.query<{ payload: Record<string, unknown> }>(
      "select payload from usage_events where tenant_id = $1 and event = $2 order by created_at",
      [t.tenantId, event],
    );
  }

  return { persona, skill, createTask, get, settled, results, turns, scores, control, execute, events };
}
