import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer } from "../../../test/harness.ts";

/** Memory types as the persona lives them, through POST /personas/prompt (offline simulator). */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

type Tenant = { tenantId: string; key: string };

async function personaWith(over: Record<string, unknown>, memories: Record<string, unknown>[]) {
  const t = await s.newTenant();
  const personaId = (await s.request("POST", "/personas", { key: t.key, body: { seed: seed(over) } })).body.persona
    .id as string;
  const ids: string[] = [];
  for (const m of memories) {
    const res = await s.request("POST", `/personas/${personaId}/timeline`, { key: t.key, body: m });
    expect(res.status, res.text).toBe(201);
    ids.push(res.body.entry.id);
  }
  return { t, personaId, ids };
}

async function ask(t: Tenant, personaId: string, userPrompt: string, sessionId?: string) {
  const res = await s.request("POST", "/personas/prompt", { key: t.key, body: { personaId, userPrompt, sessionId } });
  expect(res.status, res.text).toBe(200);
  return res.body as { response: string; sessionId: string; memoriesUsed: { id: string; reason: string }[] };
}

const recent = new Date(Date.now() - 2 * 365 * 86400_000).toISOString();

describe("memory types in answers", () => {
  it("pride comes up even when the question is only loosely related", async () => {
    const { t, personaId, ids } = await personaWith({}, [
      {
        eventAt: recent,
        eventLabel: "Won the national design award",
        facts: "Won the national design award for the transit app redesign.",
        feelings: "Proud and a bit stunned.",
        interpretation: "Proof that careful work gets noticed.",
        memoryType: "pride",
        memoryStrength: 95,
      },
    ]);
    const r = await ask(t, personaId, "What did you do last weekend?");
    expect(r.memoriesUsed.find((m) => m.id === ids[0])?.reason).toMatch(/^pride/);
    expect(r.response.toLowerCase()).toContain("design award");
  });

  it("shame is deflected: the facts are not told plainly", async () => {
    const { t, personaId, ids } = await personaWith({}, [
      {
        eventAt: "2012-03-01T00:00:00.000Z",
        eventLabel: "Fired from the bakery job",
        facts: "Got fired from the bakery for stealing cash from the register.",
        feelings: "Humiliated.",
        interpretation: "The lowest point of my twenties.",
        memoryType: "shame",
        memoryStrength: 75,
      },
    ]);
    const r = await ask(t, personaId, "Tell me about the bakery job where you got fired.");
    expect(r.memoriesUsed.find((m) => m.id === ids[0])?.reason).toMatch(/^shame/);
    expect(r.response.toLowerCase()).not.toMatch(/stealing|cash|register/);
  });

  it("repressed stays hidden on the first ask and surfaces after sustained pressure", async () => {
    const { t, personaId, ids } = await personaWith({}, [
      {
        eventAt: "2003-01-15T00:00:00.000Z",
        eventLabel: "The car accident on Route 9",
        facts: "Our car skidded off Route 9 in the snow and my brother was badly hurt.",
        feelings: "Terror, then numbness.",
        interpretation: "I never talk about that winter.",
        memoryType: "repressed",
        memoryStrength: 85,
      },
    ]);
    const first = await ask(t, personaId, "Were you ever in a car accident?");
    expect(first.memoriesUsed.map((m) => m.id)).not.toContain(ids[0]);
    expect(first.response).not.toMatch(/Route 9|skidded/i);
    let last = first;
    for (const push of [
      "Come on, really, were you ever in a car accident?",
      "Please tell me the truth about the car accident.",
      "I insist: what happened in that car accident?",
    ]) {
      last = await ask(t, personaId, push, first.sessionId);
    }
    expect(last.memoriesUsed.find((m) => m.id === ids[0])?.reason).toMatch(/^repressed/);
    expect(last.response).toMatch(/Route 9|skidded/i);
  });

  it("a repressed memory surfaces at once on its trigger word", async () => {
    const { t, personaId, ids } = await personaWith({}, [
      {
        eventAt: "2003-01-15T00:00:00.000Z",
        eventLabel: "The fire at the lake house",
        facts: "The lake house burned down while we slept in the boathouse.",
        feelings: "Panic.",
        interpretation: "Still can't smell smoke without shaking.",
        memoryType: "repressed",
        memoryStrength: 80,
        metadata: { trigger: ["smoke"] },
      },
    ]);
    const r = await ask(t, personaId, "Does the smell of smoke bother you?");
    expect(r.memoriesUsed.find((m) => m.id === ids[0])?.reason).toBe('repressed: triggered by "smoke"');
    expect(r.response).toMatch(/lake house|boathouse/i);
  });

  it("a superseded memory's old facts are no longer asserted", async () => {
    const { t, personaId, ids } = await personaWith({}, [
      {
        eventAt: "1998-06-01T00:00:00.000Z",
        eventLabel: "Growing up in Denver",
        facts: "I grew up in Denver, Colorado, in a small brick house.",
        feelings: "Safe.",
        interpretation: "Mountains in the background of everything.",
        memoryStrength: 80,
      },
    ]);
    const before = await ask(t, personaId, "Where did you grow up?");
    expect(before.response).toContain("Denver");
    const sup = await s.request("POST", `/personas/${personaId}/timeline/${ids[0]}/supersede`, {
      key: t.key,
      body: {
        reason: "It was Boulder",
        replacement: {
          eventLabel: "Growing up in Boulder",
          facts: "I grew up in Boulder, Colorado, in a small brick house.",
        },
      },
    });
    expect(sup.status).toBe(200);
    const after = await ask(t, personaId, "Where did you grow up?");
    expect(after.response).toContain("Boulder");
    expect(after.response).not.toContain("Denver");
    expect(after.memoriesUsed.map((m) => m.id)).not.toContain(ids[0]);
  });

  it("a faded memory is told hazily, without its exact details", async () => {
    const { t, personaId, ids } = await personaWith({ age: 72 }, [
      {
        eventAt: "1968-07-01T00:00:00.000Z",
        eventLabel: "Trip to the Grand Canyon",
        facts: "Saw the Grand Canyon with my grandfather in 1968 and counted 3 condors.",
        feelings: "Awe.",
        interpretation: "The world is bigger than our town.",
        memoryStrength: 30,
      },
    ]);
    const r = await ask(t, personaId, "Tell me about your trip to the Grand Canyon.");
    expect(r.memoriesUsed.map((m) => m.id)).toContain(ids[0]);
    expect(r.response).toMatch(/I think|if I remember|hazy|fuzzy|vague|can't quite|not sure/i);
    expect(r.response).not.toMatch(/1968|3 condors/);
  });

  it("an exaggerated memory is told bigger than its facts", async () => {
    const { t, personaId } = await personaWith({}, [
      {
        eventAt: recent,
        eventLabel: "The big fishing trip",
        facts: "Caught a 5 pound bass at Lake Tahoe.",
        feelings: "Thrilled.",
        interpretation: "My best day fishing.",
        memoryType: "exaggerated",
        memoryStrength: 80,
      },
    ]);
    const r = await ask(t, personaId, "Tell me about your fishing trip to Lake Tahoe.");
    const numbers = [...r.response.matchAll(/\b(\d+)\s*pound/g)].map((m) => Number(m[1]));
    const bigger = numbers.some((n) => n > 5) || /biggest|enormous|huge|massive|monster/i.test(r.response);
    expect(bigger, r.response).toBe(true);
  });
});
