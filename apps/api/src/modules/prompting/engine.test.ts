import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { seed, startTestServer, type TestServer, until } from "../../../test/harness.ts";
import { formatInstruction } from "../../shared/output-formats.ts";
import { CreatedPersonaEnvelope } from "../personas/schemas.ts";
import { RunEnvelope, RunListEnvelope } from "../runs/schemas.ts";
import { AsyncAcceptedSchema, PromptJobEnvelope, SessionEnvelope } from "./schemas.ts";

/**
 * The turn engine as other modules call it (tasks, studies, calibrations will): the same pipeline as the
 * chat endpoints — guardrails, memory, credits, usage, cost — with an optional output schema. And async
 * prompts as runs of the run engine, seen and controlled through /runs.
 */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { JOB_POLL_INTERVAL_SECONDS: "0.5" } });
});
afterAll(() => s.close());

type Tenant = { tenantId: string; key: string };

async function persona(t: Tenant) {
  const res = await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } });
  expect(res.status, res.text).toBe(201);
  return CreatedPersonaEnvelope.parse(res.body).persona;
}

const caller = (t: Tenant) => ({ tenantId: t.tenantId, apiKeyId: null, requestId: null });

describe("the turn engine", () => {
  it("answers with an object of the output schema and records, bills and counts the turn like a chat", async () => {
    const t = await s.newTenant();
    const p = await persona(t);
    const put = await s.request("PUT", "/billing", { key: t.key, body: { creditBalance: 10 } });
    expect(put.status, put.text).toBe(200);
    const Rating = z.object({ rating: z.number().int().min(1).max(5), reason: z.string() });
    const { result, output } = await s.ctx.turns.turn(
      caller(t),
      { personaId: p.id, userPrompt: "How much do you like your banking app, from 1 to 5?" },
      { output: Rating },
    );
    expect(Rating.parse(output)).toEqual(output);
    expect(JSON.parse(result.response)).toEqual(output);
    expect(result.guardrail).toMatchObject({ checked: true, blocked: false });
    // Recorded as a turn of a session, visible to the tenant through the API.
    const session = SessionEnvelope.parse(
      (await s.request("GET", `/personas/prompt/sessions/${result.sessionId}`, { key: t.key })).body,
    );
    expect(session.turns).toHaveLength(1);
    expect(session.turns[0]?.response).toBe(result.response);
    // Charged: the balance went down by the turn's credits.
    const { billing } = (await s.request("GET", "/billing", { key: t.key })).body;
    expect(result.credits).toBeGreaterThan(0);
    expect(billing.creditBalance).toBeCloseTo(10 - result.credits, 6);
    expect(billing.usage.prompts).toBe(1);
    // A session continues across engine calls, as it does in a chat.
    const next = await s.ctx.turns.turn(caller(t), {
      personaId: p.id,
      userPrompt: "And why?",
      sessionId: result.sessionId,
    });
    expect(next.output).toBeUndefined();
    expect(next.result.sessionId).toBe(result.sessionId);
  });

  it("hands a skill question's format to the simulator, which answers by the format's convention", async () => {
    const t = await s.newTenant();
    const p = await persona(t);
    const spec = { type: "single_choice" as const, options: ["Free", "Plus", "Premium"] };
    const question = "Which plan would you buy?";
    const { result } = await s.ctx.turns.turn(
      caller(t),
      { personaId: p.id, userPrompt: `${question}\n\n${formatInstruction(spec)}` },
      { format: { spec, question, ask: 0 } },
    );
    expect(result.response).toMatch(/^[ABC]\) (Free|Plus|Premium) — \S/);
    const invalid = await s.ctx.turns.turn(
      caller(t),
      { personaId: p.id, userPrompt: formatInstruction(spec), sessionId: result.sessionId },
      { format: { spec, question: `${question} [simulate:invalid]`, ask: 1 } },
    );
    expect(invalid.result.response).not.toMatch(/^[ABC]\) (Free|Plus|Premium) — /);
  });

  it("applies the tenant's guardrails: a blocked prompt is refused before any model call", async () => {
    const t = await s.newTenant();
    const p = await persona(t);
    const put = await s.request("PUT", "/personas/safety-policy", {
      key: t.key,
      body: { blockedTerms: ["secret sauce"] },
    });
    expect(put.status, put.text).toBe(200);
    await expect(
      s.ctx.turns.turn(
        caller(t),
        { personaId: p.id, userPrompt: "Tell me the secret sauce" },
        {
          output: z.object({ answer: z.string() }),
        },
      ),
    ).rejects.toMatchObject({ code: "blocked_by_policy" });
  });
});

describe("async prompts on the run engine", () => {
  it("are runs: listed, followed and cancelled through /runs, with the job API agreeing", async () => {
    const t = await s.newTenant();
    const p = await persona(t);
    const accepted = AsyncAcceptedSchema.parse(
      (
        await s.request("POST", "/personas/prompt", {
          key: t.key,
          body: { personaId: p.id, userPrompt: "What did you do last weekend?", mode: "async" },
        })
      ).body,
    );
    const run = await until(
      async () => {
        const r = RunEnvelope.parse((await s.request("GET", `/runs/${accepted.jobId}`, { key: t.key })).body).run;
        return r.state === "succeeded" ? r : null;
      },
      { what: "the prompt's run to succeed" },
    );
    expect(run.kind).toBe("prompt.async");
    const job = PromptJobEnvelope.parse(
      (await s.request("GET", `/personas/prompt/jobs/${accepted.jobId}`, { key: t.key })).body,
    ).job;
    expect(job).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(run.result).toEqual(job.result);
    expect(run.costUsd).toBe(job.result?.costUsd);
    const listed = RunListEnvelope.parse(
      (await s.request("GET", "/runs", { key: t.key, query: { kind: "prompt.async" } })).body,
    );
    expect(listed.runs.map((r) => r.id)).toEqual([accepted.jobId]);

    // A finished job's run cannot be cancelled, through either API.
    const late = await s.request("POST", `/runs/${accepted.jobId}/cancel`, { key: t.key, body: {} });
    expect(late.status).toBe(409);
    const lateJob = await s.request("POST", `/personas/prompt/jobs/${accepted.jobId}/cancel`, { key: t.key, body: {} });
    expect(lateJob.status).toBe(409);
    expect(lateJob.body.error).toBe("The job is already succeeded and cannot be cancelled");
  });

  it("go with their persona: deleting it deletes its prompts' runs and what they hold", async () => {
    const t = await s.newTenant();
    const p = await persona(t);
    const accepted = AsyncAcceptedSchema.parse(
      (
        await s.request("POST", "/personas/prompt", {
          key: t.key,
          body: { personaId: p.id, userPrompt: "Something only this persona was told", mode: "async" },
        })
      ).body,
    );
    await until(
      async () => (await s.request("GET", `/runs/${accepted.jobId}`, { key: t.key })).body.run?.state === "succeeded",
      { what: "the prompt's run to succeed" },
    );
    expect((await s.request("DELETE", `/personas/${p.id}`, { key: t.key })).status).toBe(200);
    expect((await s.request("GET", `/runs/${accepted.jobId}`, { key: t.key })).status).toBe(404);
    expect((await s.request("GET", `/personas/prompt/jobs/${accepted.jobId}`, { key: t.key })).status).toBe(404);
    const all = await s.request("GET", "/runs", { key: t.key });
    expect(all.text).not.toContain("Something only this persona was told");
  });
});
