/** Happy paths of personas, timeline, prompts (sync, async job, stream), sessions, keys, billing, tenants. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermissionDeniedError, PersonRun } from "../src/index.ts";
import { type ApiServer, newTenant, seed, startServer } from "./helpers.ts";

let api: ApiServer;
beforeAll(async () => {
  api = await startServer();
});
afterAll(() => api?.stop());

const MEMORY = {
  eventAt: "2019-05-01T10:00:00.000Z",
  eventLabel: "Won a chess tournament",
  facts: "I won the county chess tournament.",
  feelings: "Proud and exhausted.",
  interpretation: "Hard work pays off.",
  memoryType: "pride" as const,
  memoryStrength: 80,
};

describe("personas", () => {
  it("creates, lists, reads, updates, exports, imports and deletes", async () => {
    const { pr } = await newTenant(api);
    const created = await pr.personas.create({ seed: seed({ attributes: { segment: "a" } }) });
    expect(created.persona.summary).toBe("Ada Lovelace, 36, based in London, UK, works as Mathematician.");
    expect(created.timeline).toHaveLength(1);
    const id = created.persona.id;

    expect((await pr.personas.retrieve(id)).persona.id).toBe(id);
    const updated = await pr.personas.update(id, { age: 37, version: created.persona.version });
    expect(updated.persona).toMatchObject({ age: 37, version: created.persona.version + 1 });
    const page = await pr.personas.list({ q: "Lovelace" });
    expect(page.data.map((p) => p.id)).toEqual([id]);

    const doc = await pr.personas.export(id);
    expect(doc.persona.id).toBe(id);
    const imported = await pr.personas.import({ document: doc });
    expect(imported.persona.id).not.toBe(id);
    expect(imported.persona.firstName).toBe("Ada");

    expect(await pr.personas.delete(id)).toMatchObject({ deleted: true, id });
    expect((await pr.personas.list().toArray()).map((p) => p.id)).toEqual([imported.persona.id]);
  });
});

describe("timeline", () => {
  it("appends, lists, supersedes, checks consistency and reconciles", async () => {
    const { pr } = await newTenant(api);
    const { persona } = await pr.personas.create({ seed: seed() });
    const { entry } = await pr.timeline.append(persona.id, MEMORY);
    expect(entry).toMatchObject({ eventLabel: MEMORY.eventLabel, memoryType: "pride", status: "active" });

    const revised = await pr.timeline.supersede(persona.id, entry.id, {
      reason: "It was the regional final",
      replacement: { eventLabel: "Won the regional chess final" },
    });
    expect(revised.superseded.status).toBe("superseded");
    expect(revised.entry).toMatchObject({ memoryType: "revised", supersedes: entry.id });

    const active = await pr.timeline.list(persona.id).toArray();
    expect(active.map((e) => e.id)).toContain(revised.entry.id);
    expect(active.map((e) => e.id)).not.toContain(entry.id);
    const all = await pr.timeline.list(persona.id, { includeSuperseded: "true" }).toArray();
    expect(all.map((e) => e.id)).toContain(entry.id);

    const { report } = await pr.timeline.checkConsistency(persona.id);
    expect(report.personaId).toBe(persona.id);
    expect((await pr.timeline.listConsistencyReports(persona.id)).data.map((r) => r.id)).toEqual([report.id]);

    const { job } = await pr.timeline.reconcile(persona.id, { reportId: report.id });
    const got = await pr.timeline.retrieveReconcileJob(persona.id, job.id);
    expect(got.job.id).toBe(job.id);
  });
});

describe("widget", () => {
  it("a publishable key reads the widget config and streams a turn from an allowed origin, and is refused from another", async () => {
    const { pr, tenantId } = await newTenant(api);
    const { persona } = await pr.personas.create({ seed: seed() });
    const origin = "http://localhost:5173";
    const created = await pr.keys.create({
      name: "widget",
      type: "publishable",
      personaIds: [persona.id],
      allowedOrigins: [origin],
    });
    expect(created.secret).toMatch(/^pk_live_/);
    expect(created.key).toMatchObject({ type: "publishable", personaIds: [persona.id], allowedOrigins: [origin] });
    const widget = new PersonRun({ apiKey: created.secret as string, baseURL: api.url, maxRetries: 0 });

    const config = await widget.widget.config(persona.id, { origin });
    expect(JSON.stringify(config)).toContain("Ada");

    const stream = await widget.widget.stream(
      { personaId: persona.id, message: "What do you do on weekends?" },
      { origin },
    );
    let joined = "";
    for await (const delta of stream.textDeltas()) joined += delta;
    const done = await stream.finalResponse();
    expect(joined).toBe(done.response);

    await expect(widget.widget.config(persona.id, { origin: "https://evil.example" })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    // The secret key of the same tenant is refused from a page, with what to do instead.
    const secret = new PersonRun({ apiKey: pr.core.apiKey, baseURL: api.url, tenantId });
    await expect(secret.widget.config(persona.id, { origin })).rejects.toThrow(/publishable key/);
  });
});

describe("prompts", () => {
  it("a stream joined equals its done event, and the sync answer has the same shape", async () => {
    const { pr } = await newTenant(api);
    const { persona } = await pr.personas.create({ seed: seed() });
    const stream = await pr.prompts.stream({ personaId: persona.id, userPrompt: "What do you do on weekends?" });
    const events: string[] = [];
    let joined = "";
    for await (const e of stream) {
      events.push(e.event);
      if (e.event === "token") joined += e.data.delta;
    }
    const done = await stream.finalResponse();
    expect(events[0]).toBe("ready");
    expect(events.at(-1)).toBe("done");
    expect(events.filter((e) => e === "token").length).toBeGreaterThan(1);
    expect(joined).toBe(done.response);
    expect(done.prompt).toBe("What do you do on weekends?");

    const sync = await pr.prompts.create({
      personaId: persona.id,
      userPrompt: "And on weekdays?",
      sessionId: done.sessionId,
    });
    expect(sync.sessionId).toBe(done.sessionId);
    expect(sync.response.length).toBeGreaterThan(0);
    expect(Object.keys(done)).toEqual(expect.arrayContaining(["sessionId", "response", "modelName", "tokensOut"]));

    const sessions = await pr.sessions.list({ personaId: persona.id }).toArray();
    expect(sessions.map((s) => s.id)).toEqual([done.sessionId]);
    const { turns } = await pr.sessions.retrieve(done.sessionId);
    expect(turns.map((t) => t.response)).toEqual([done.response, sync.response]);
  });

  it("an async prompt is a job polled to completion", async () => {
    const { pr } = await newTenant(api);
    const { persona } = await pr.personas.create({ seed: seed() });
    const queued = await pr.prompts.createAsync({ personaId: persona.id, userPrompt: "Tell me about your work." });
    expect(queued.status).toBe("queued");
    const job = await pr.jobs.poll(queued.jobId, { intervalMs: 100 });
    expect(job.status).toBe("succeeded");
    expect((job.result as { response: string }).response.length).toBeGreaterThan(0);
    // A finished job cannot be cancelled any more: the typed 409 says so.
    await expect(pr.jobs.cancel(queued.jobId)).rejects.toMatchObject({ status: 409 });
  });
});

describe("keys, billing, tenants, health, models", () => {
  it("creates, lists, reads and revokes a key; the new key works until revoked", async () => {
    const { pr, tenantId } = await newTenant(api);
    const created = await pr.keys.create({ name: "ci", profile: "read-only" });
    expect(created.secret).toMatch(/^pr_live_/);
    const viewer = new PersonRun({ apiKey: created.secret!, baseURL: api.url, tenantId });
    expect((await viewer.personas.list()).data).toEqual([]);
    expect((await pr.keys.list().toArray()).map((k) => k.id)).toContain(created.key.id);
    expect((await pr.keys.retrieve(created.key.id)).key.name).toBe("ci");
    const revoked = await pr.keys.revoke(created.key.id);
    expect(revoked.key.revokedAt).not.toBeNull();
    await expect(viewer.personas.list()).rejects.toMatchObject({ status: 401 });
  });

  it("reads and sets billing, lists tenants, checks health and reads the model catalog", async () => {
    const { pr, tenantId } = await newTenant(api);
    const { billing } = await pr.billing.retrieve();
    expect(billing.creditBalance).toBeNull();
    expect((await pr.billing.update({ creditBalance: 50 })).billing.creditBalance).toBe(50);
    expect((await pr.billing.topUp({ credits: 25 })).billing.creditBalance).toBe(75);

    const admin = new PersonRun({ apiKey: api.apiKey, baseURL: api.url });
    expect((await admin.tenants.list().toArray()).map((t) => t.id)).toContain(tenantId);
    expect((await pr.health.check()).status).toBe("ok");

    const { models } = await pr.models.list();
    const simulator = models.find((m) => m.slug === "person-run/simulator");
    expect(simulator).toBeDefined();
    expect((await pr.models.retrieve("person-run/simulator")).model.slug).toBe("person-run/simulator");
    expect((await pr.models.pricing()).models.length).toBe(models.length);
    expect((await pr.models.pricingCsv()).split("\n")[0]).toContain("slug");
  });
});
