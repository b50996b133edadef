import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test/harness.ts";
// The route's own schemas (names as the skills module defines them; adjust on wiring if they differ).
import { SkillEnvelope, SkillImportEnvelope } from "./schemas.ts";

/**
 * POST /skills/import (SPEC §8.1): a Qualtrics .qsf or a Typeform form definition becomes a skill (version 1)
 * plus the list of what did not map. The conversions themselves are unit-tested in ./import/*.test.ts.
 */

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./import/fixtures/${name}`, import.meta.url), "utf8"));

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe("POST /skills/import", () => {
  it.each([
    ["qualtrics", "qualtrics-pricing.qsf", 14, ["intro", "timing_pricing"]],
    ["qualtrics", "qualtrics-csat.qsf", 13, ["receipt_upload", "page_timer", "browser_meta", "budget_split"]],
    ["typeform", "typeform-pricing.json", 10, ["intro_statement", "work_email", "upgrade_deposit"]],
    ["typeform", "typeform-csat.json", 8, ["screenshot", "last_contact", "contact", "closing"]],
  ] as const)("imports %s %s as a version-1 skill and lists what did not map", async (format, file, count, listed) => {
    const t = await s.newTenant();
    const res = await s.request("POST", "/skills/import", {
      key: t.key,
      body: { tenantId: t.tenantId, format, document: fixture(file) },
    });
    expect(res.status, res.text).toBe(201);
    const { skill, unsupported } = SkillImportEnvelope.parse(res.body);
    expect(skill.version).toBe(1);
    expect(skill.tenantId).toBe(t.tenantId);
    expect(skill.questions).toHaveLength(count);
    expect(unsupported.map((u) => u.id)).toEqual(expect.arrayContaining([...listed]));
    for (const u of unsupported) expect(u.reason).toBeTruthy();

    const got = await s.request("GET", `/skills/${skill.id}`, { key: t.key, query: { tenantId: t.tenantId } });
    expect(got.status, got.text).toBe(200);
    const stored = SkillEnvelope.parse(got.body).skill;
    expect(stored.questions).toEqual(skill.questions);
    expect(stored.instructions).toBe(skill.instructions);
  });

  it("maps NPS to an 11-point likert labelled with the 0-10 numbers", async () => {
    const t = await s.newTenant();
    const res = await s.request("POST", "/skills/import", {
      key: t.key,
      body: { tenantId: t.tenantId, format: "qualtrics", document: fixture("qualtrics-csat.qsf") },
    });
    expect(res.status, res.text).toBe(201);
    const nps = SkillImportEnvelope.parse(res.body).skill.questions.find((q) => q.id === "nps");
    expect(nps?.outputFormat).toMatchObject({ type: "likert", scale: 11 });
  });

  it("refuses an unknown format with 400 naming `format`", async () => {
    const t = await s.newTenant();
    const res = await s.request("POST", "/skills/import", {
      key: t.key,
      body: { tenantId: t.tenantId, format: "surveymonkey", document: fixture("typeform-csat.json") },
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body.code).toBe("validation_error");
    expect(JSON.stringify(res.body.details)).toContain("format");
  });

  it("refuses a document that is not a survey of that format with 400 naming the part", async () => {
    const t = await s.newTenant();
    const wrong = await s.request("POST", "/skills/import", {
      key: t.key,
      body: { tenantId: t.tenantId, format: "qualtrics", document: fixture("typeform-pricing.json") },
    });
    expect(wrong.status, wrong.text).toBe(400);
    expect(wrong.body.details).toEqual([{ path: "document.SurveyElements", message: expect.any(String) }]);

    const notObject = await s.request("POST", "/skills/import", {
      key: t.key,
      body: { tenantId: t.tenantId, format: "typeform", document: [1, 2, 3] },
    });
    expect(notObject.status, notObject.text).toBe(400);

    const empty = await s.request("POST", "/skills/import", {
      key: t.key,
      body: { tenantId: t.tenantId, format: "typeform", document: { title: "Empty", fields: [] } },
    });
    expect(empty.status, empty.text).toBe(400);
    expect(empty.body.details).toEqual([{ path: "document.fields", message: "it has no questions" }]);
  });

  it("refuses a malformed JSON body with 400", async () => {
    const t = await s.newTenant();
    const res = await s.request("POST", "/skills/import", {
      key: t.key,
      rawBody: `{"tenantId":"${t.tenantId}","format":"typeform","document":{"fields":[`,
      headers: { "content-type": "application/json" },
    });
    expect(res.status, res.text).toBe(400);
  });

  it("refuses a document over 2 MB with 413", async () => {
    const t = await s.newTenant();
    const document = { ...fixture("typeform-csat.json"), padding: "x".repeat(2 * 1024 * 1024 + 1) };
    const res = await s.request("POST", "/skills/import", {
      key: t.key,
      body: { tenantId: t.tenantId, format: "typeform", document },
    });
    expect(res.status, res.text).toBe(413);
    expect(res.body.code).toBe("payload_too_large");
  });

  it("answers 403 for another tenant's id and creates nothing there", async () => {
    const a = await s.newTenant();
    const b = await s.newTenant();
    const res = await s.request("POST", "/skills/import", {
      key: a.key,
      body: { tenantId: b.tenantId, format: "typeform", document: fixture("typeform-pricing.json") },
    });
    expect(res.status, res.text).toBe(403);
    const list = await s.request("GET", "/skills", { key: b.key, query: { tenantId: b.tenantId } });
    expect(list.status, list.text).toBe(200);
    expect(list.body.skills).toEqual([]);
  });
});
