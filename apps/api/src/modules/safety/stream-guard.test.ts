import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../../test/fake-openai.ts";
import { seed, startTestServer, type TestServer } from "../../../test/harness.ts";

/**
 * Blocked phrases split across stream chunks, with evasion tricks, from a real (fake) provider that
 * streams word by word: none may reach the client; every stream ends with an `error` event.
 */
let fake: FakeOpenAI;
let s: TestServer;
let t: { tenantId: string; key: string };
let personaId: string;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  s = await startTestServer({ env: { OPENAI_COMPATIBLE_BASE_URL: fake.url } });
  t = await s.newTenant();
  personaId = (await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } })).body.persona.id;
  const put = await s.request("PUT", "/personas/safety-policy", {
    key: t.key,
    body: { blockedTerms: ["secret sauce", "badword"] },
  });
  expect(put.status).toBe(200);
});
afterAll(async () => {
  await s.close();
  await fake.close();
});

const VARIANTS = [
  "secret sauce",
  "SECRET SAUCE",
  "secret   sauce",
  "secret\nsauce",
  "s e c r e t sauce",
  "s.e.c.r.e.t s.a.u.c.e",
  "secret-sauce",
  "secret_sauce",
  "sеcret sаuce", // Cyrillic е and а
  "se\u200Bcret sau\u200Dce",
  "s3cr3t 5auce",
  "ＳＥＣＲＥＴ sauce",
  "sécret sàuce",
  "b a d w o r d",
  "b.a.d.w.o.r.d",
  "BaDwOrD",
  "bad\u00ADword",
  "b4dw0rd",
  "bаdwоrd",
  "badwords",
];

describe("stream hold-back", () => {
  it.each(VARIANTS)("never emits %j split across chunks", async (variant) => {
    const text = `Well, let me think about that for a moment. The honest answer is our ${variant} and that is all there is to it, really.`;
    fake.enqueue({ kind: "text", text });
    const res = await fetch(`${s.url}/personas/prompt/stream`, {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ personaId, userPrompt: "What makes your work special?", model: "compatible/fake" }),
    });
    const raw = await res.text();
    const deltas = [...raw.matchAll(/event: token\ndata: (.*)\n\n/g)].map(
      (m) => JSON.parse(m[1] ?? "").delta as string,
    );
    const sent = deltas.join("");
    expect(raw).toContain("event: error");
    expect(raw).not.toContain("event: done");
    expect(sent).not.toContain(variant);
    expect(sent.length).toBeLessThan(text.indexOf(variant));
  });

  it("lets a clean answer through whole, word by word", async () => {
    const text = "Our sauce is no secret: tomatoes, garlic, and time.";
    fake.enqueue({ kind: "text", text });
    const res = await fetch(`${s.url}/personas/prompt/stream`, {
      method: "POST",
      headers: { "x-api-key": t.key, "content-type": "application/json" },
      body: JSON.stringify({ personaId, userPrompt: "What makes your cooking special?", model: "compatible/fake" }),
    });
    const raw = await res.text();
    const deltas = [...raw.matchAll(/event: token\ndata: (.*)\n\n/g)].map(
      (m) => JSON.parse(m[1] ?? "").delta as string,
    );
    expect(deltas.join("")).toBe(text);
    expect(raw).toContain("event: done");
  });
});
