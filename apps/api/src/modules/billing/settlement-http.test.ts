import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer } from "../../../test/harness.ts";
import { CreatedPersonaEnvelope } from "../personas/schemas.ts";
import { PromptResultSchema } from "../prompting/schemas.ts";
import { settlement } from "./settlement.ts";

/**
 * The settlement rule where a user meets it: a prompt is charged what `settlement` gives for its recorded
 * tokens at the catalog's price (here a MODEL_PRICES override of the simulator, so the cost is not 0),
 * /billing adds up the same numbers, and a prompt blocked by the input guardrail costs nothing.
 */

const PRICE = { inputPerMTok: 300, outputPerMTok: 900, cachedInputPerMTok: 30 };
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    env: { WORKERS: "false", MODEL_PRICES: JSON.stringify({ "person-run/simulator": PRICE }) },
  });
});
afterAll(() => s.close());

async function tenantWithCredits(credits: number) {
  const t = await s.newTenant();
  const put = await s.request("PUT", "/billing", { key: t.key, body: { creditBalance: credits, limits: {} } });
  expect(put.status, put.text).toBe(200);
  const created = await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } });
  expect(created.status, created.text).toBe(201);
  return { ...t, personaId: CreatedPersonaEnvelope.parse(created.body).persona.id };
}

const billing = async (key: string) => (await s.request("GET", "/billing", { key })).body.billing;

describe("the settlement rule in /billing", () => {
  it("charges a prompt the rule's credits for its tokens at the configured price, and /billing sums them", async () => {
    const t = await tenantWithCredits(100_000);
    const res = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId: t.personaId, userPrompt: "What do you think of paying for software by the month?" },
    });
    expect(res.status, res.text).toBe(200);
    const turn = PromptResultSchema.parse(res.body);
    expect(turn.tokensIn).toBeGreaterThan(0);
    const expected = settlement(
      PRICE,
      { inputTokens: turn.tokensIn, outputTokens: turn.tokensOut, cachedTokens: turn.cachedTokensIn },
      { creditsPerUsd: 1000, promptBaseCredits: 1 },
    );
    expect({ costUsd: turn.costUsd, credits: turn.credits }).toEqual(expected);
    expect(turn.credits).toBeGreaterThan(1);
    const after = await billing(t.key);
    expect(after.creditBalance).toBeCloseTo(100_000 - turn.credits, 6);
    expect(after.usage).toMatchObject({ prompts: 1, tokens: turn.tokensIn + turn.tokensOut });
    expect(after.usage.credits).toBeCloseTo(turn.credits, 6);
    expect(after.usage.costUsd).toBeCloseTo(turn.costUsd, 8);
  });

  it("charges nothing for a prompt the input guardrail blocks (422): no turn, no credits, no prompt counted", async () => {
    const t = await tenantWithCredits(50);
    const policy = await s.request("PUT", "/personas/safety-policy", {
      key: t.key,
      body: { blockedTerms: ["zorblax"] },
    });
    expect(policy.status, policy.text).toBe(200);
    const res = await s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId: t.personaId, userPrompt: "Tell me about zorblax." },
    });
    expect(res.status, res.text).toBe(422);
    expect(res.body.code).toBe("blocked_by_policy");
    const after = await billing(t.key);
    expect(after.creditBalance).toBe(50);
    expect(after.usage).toMatchObject({ prompts: 0, tokens: 0, credits: 0, costUsd: 0 });
  });
});
