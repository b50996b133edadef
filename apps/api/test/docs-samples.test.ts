import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from "../src/shared/vocabulary.ts";
import { seed, startTestServer, type TestServer } from "./harness.ts";

/** The samples the docs show are what the server answers: the same keys, the same format version. */

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../docs");

/** The first ```json block after `heading` in a doc. */
function jsonAfter(doc: string, heading: string): Record<string, unknown> {
  const text = readFileSync(path.join(DOCS, doc), "utf8");
  const from = text.indexOf(heading);
  expect(from, `${doc} has "${heading}"`).toBeGreaterThanOrEqual(0);
  const block = /```json\n([\s\S]*?)\n```/.exec(text.slice(from));
  expect(block, `${doc} has a JSON block after "${heading}"`).not.toBeNull();
  return JSON.parse(block?.[1] ?? "");
}

const keys = (o: unknown) => Object.keys(o as object).sort();

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe("documented samples", () => {
  it("the quickstart's creation response has exactly the keys of a real one", async () => {
    const t = await s.newTenant();
    const real = (await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } })).body;
    const doc = jsonAfter("quickstart.md", "## 2. Create a persona");
    expect(keys(doc)).toEqual(keys(real));
    const [docPersona, realPersona] = [doc.persona as Record<string, unknown>, real.persona];
    expect(keys(docPersona)).toEqual(keys(realPersona));
    expect(keys(docPersona.profile)).toEqual(keys(realPersona.profile));
    const docProfile = docPersona.profile as Record<string, unknown>;
    expect(keys(docProfile.personality)).toEqual(keys(realPersona.profile.personality));
    expect(keys(docProfile.communicationStyle)).toEqual(keys(realPersona.profile.communicationStyle));
    const [docEntry] = doc.timeline as Record<string, unknown>[];
    expect(keys(docEntry)).toEqual(keys(real.timeline[0]));
    expect(docPersona.summary).toBe(realPersona.summary);
  });

  it("the personas guide's export sample has the server's format, version and top-level keys", async () => {
    const t = await s.newTenant();
    const id = (await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } })).body.persona.id;
    const real = (await s.request("GET", `/personas/${id}/export`, { key: t.key })).body;
    const doc = jsonAfter("personas.md", "## Export and import");
    expect(doc.format).toBe(EXPORT_FORMAT);
    expect(doc.formatVersion).toBe(EXPORT_FORMAT_VERSION);
    expect(real.formatVersion).toBe(EXPORT_FORMAT_VERSION);
    expect(keys(doc)).toEqual(keys(real));
  });
});
