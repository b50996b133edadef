import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, until } from "../../../test/harness.ts";
import { GSS_2024_ITEM_IDS } from "./items.ts";
import {
  type CalibrationDetail,
  CalibrationEnvelope,
  CalibrationListEnvelope,
  CreatedCalibrationEnvelope,
} from "./schemas.ts";
import { SIMULATOR_NOTE } from "./service.ts";

/**
 * Calibrations end to end over HTTP (docs/calibration.md), small: 40 members, 3 items, the simulator.
 */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { JOB_POLL_INTERVAL_SECONDS: "0.5" } });
});
afterAll(() => s.close());

type Tenant = { tenantId: string; key: string };
const ITEMS = ["HAPPY", "TRUST", "GUNLAW"];
/** The items in the GSS order (the order they are asked and reported in). */
const GSS_ORDER = GSS_2024_ITEM_IDS.filter((id) => ITEMS.includes(id));
const SMALL = { model: "person-run/simulator", items: ITEMS, size: 40, seed: 7 };

async function start(t: Tenant, body: Record<string, unknown>) {
  const res = await s.request("POST", "/calibrations", { key: t.key, body });
  expect(res.status, res.text).toBe(202);
  return CreatedCalibrationEnvelope.parse(res.body);
}

async function finished(t: Tenant, id: string): Promise<CalibrationDetail> {
  const calibration = await until(
    async () => {
      // The server generates personas on this thread: on a loaded machine its keep-alive timer can fire late and
      // reset the poll's connection. That is no answer of the API; the next poll asks again.
      const res = await s.request("GET", `/calibrations/${id}`, { key: t.key }).catch((err: unknown) => {
        if (err instanceof TypeError && (err.cause as { code?: string } | undefined)?.code === "ECONNRESET")
          return null;
        throw err;
      });
      if (!res) return null;
      expect(res.status, res.text).toBe(200);
      const c = CalibrationEnvelope.parse(res.body).calibration;
      return ["succeeded", "failed", "cancelled"].includes(c.status) ? c : null;
    },
    { what: "the calibration to finish", timeoutMs: 300_000, intervalMs: 250 },
  );
  expect(calibration.status, JSON.stringify(calibration.error)).toBe("succeeded");
  return calibration;
}

describe("calibrations", () => {
  // Two calibrations end to end (a population generated, 40 members asked every item): a bound on a hang, as
  // long as the polls', not a speed expectation — a loaded 2-core machine takes longer than the default 30 s.
  it("generates a population, asks the items, reports against both baselines, stores and lists it; a second calibration reuses the population", {
    timeout: 300_000,
  }, async () => {
    const t = await s.newTenant();
    const created = await start(t, SMALL);
    expect(created.calibration).toMatchObject({
      model: "person-run/simulator",
      items: GSS_ORDER,
      itemSet: null,
      size: 40,
      seed: 7,
      maxConcurrency: 16,
      populationReused: false,
      simulator: true,
    });
    expect(created.run).toMatchObject({ id: created.calibration.runId, kind: "calibrations.run" });

    const done = await finished(t, created.calibration.id);
    expect(done.stage).toBe("done");
    expect(done.populationId).not.toBeNull();
    expect(done.populationVersion).toBe(1);
    expect(done.finishedAt).not.toBeNull();
    const report = done.report!;
    expect(report.note).toBe(SIMULATOR_NOTE);
    expect(report.note).toMatch(/not a language model/);
    expect(report.simulator).toBe(true);
    expect(report.population).toMatchObject({ id: done.populationId, version: 1, size: 40, seed: 7, reused: false });
    expect(report.tasks).toEqual({ total: 40, answered: 40, failed: 0 });
    expect(report.source.citation).toMatch(/General Social Survey 2024/);

    // Items in the GSS order, each with the model's distribution and both baselines on the same cells.
    expect(report.items.map((i) => i.id)).toEqual(GSS_ORDER);
    for (const item of report.items) {
      expect(item.n + item.invalid, item.id).toBe(40);
      expect(item.lowN).toBe(item.n < 30);
      for (const d of [item.tvd, item.jsd]) {
        expect(d).not.toBeNull();
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(1);
      }
      const shares = Object.values(item.distribution ?? {});
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      // The marginal baseline on the overall cell is the real distribution itself: distance 0.
      expect(item.baselines.marginal.overall.jsd).toBeLessThan(1e-12);
      expect(item.baselines.marginal.overall.tvd).toBeLessThan(1e-12);
      expect(item.baselines.uniform.overall.jsd).toBeGreaterThan(0);
      expect(item.subgroups.map((g) => `${g.dimension}:${g.group}`)).toEqual([
        "age_group:18-29",
        "age_group:30-44",
        "age_group:45-64",
        "age_group:65+",
        "sex:male",
        "sex:female",
      ]);
      // 40 members: every subgroup cell is under 30 answers, shown but left out of the means.
      expect(item.subgroups.reduce((n, g) => n + g.n, 0)).toBe(2 * item.n);
      for (const g of item.subgroups) {
        expect(g.lowN).toBe(true);
        if (g.n > 0) {
          expect(g.tvd).toBeGreaterThanOrEqual(0);
          expect(g.tvd).toBeLessThanOrEqual(1);
          expect(g.jsd).toBeGreaterThanOrEqual(0);
          expect(g.jsd).toBeLessThanOrEqual(1);
        }
      }
    }
    expect(report.baselines.uniform.description).toMatch(/equally likely/);
    expect(report.baselines.marginal.description).toMatch(/all-respondents/);
    expect(report.baselines.marginal.overall.jsd).toBeLessThan(1e-12);
    expect(report.cells).toEqual({ overall: report.items.filter((i) => !i.lowN).length, subgroup: 0, minAnswers: 30 });
    // Against the marginal, the overall level has no ratio (its distance is 0); no subgroup cell is kept.
    expect(report.skill.vsMarginal.overall).toEqual({ jsd: null, tvd: null });
    expect(report.skill.subgroupVsMarginal).toEqual({ jsd: null, tvd: null });
    if (report.cells.overall > 0) {
      expect(typeof report.skill.vsUniform.overall.jsd).toBe("number");
      expect(report.skill.vsUniform.overall.jsd).toBeLessThanOrEqual(1);
    }
    expect(done.skill).toEqual(report.skill);

    // Stored and listed, newest first, with the headline figures.
    const second = await start(t, { ...SMALL, maxConcurrency: 4 });
    const again = await finished(t, second.calibration.id);
    expect(again.populationReused).toBe(true);
    expect(again.populationId).toBe(done.populationId);
    expect(again.report?.population.reused).toBe(true);
    expect(again.maxConcurrency).toBe(4);
    const populations = await s.request("GET", "/populations", { key: t.key });
    expect(populations.body.populations).toHaveLength(1);

    const list = CalibrationListEnvelope.parse((await s.request("GET", "/calibrations", { key: t.key })).body);
    expect(list.calibrations.map((c) => c.id)).toEqual([second.calibration.id, created.calibration.id]);
    expect(list.calibrations[1]).toMatchObject({ status: "succeeded", skill: report.skill, stage: "done" });
    expect(list.calibrations[1]?.samplingFloor).toEqual(report.means.samplingFloor);
    const paged = CalibrationListEnvelope.parse(
      (await s.request("GET", "/calibrations", { key: t.key, query: { limit: 1 } })).body,
    );
    expect(paged.calibrations.map((c) => c.id)).toEqual([second.calibration.id]);
    const rest = CalibrationListEnvelope.parse(
      (await s.request("GET", "/calibrations", { key: t.key, query: { limit: 1, cursor: paged.nextCursor! } })).body,
    );
    expect(rest.calibrations.map((c) => c.id)).toEqual([created.calibration.id]);
    const other = CalibrationListEnvelope.parse(
      (await s.request("GET", "/calibrations", { key: t.key, query: { model: "openai/gpt-4o" } })).body,
    );
    expect(other.calibrations).toEqual([]);

    // The calibration's skill: one question per item; it is archived, not deleted.
    const skill = await s.request("GET", `/skills/${done.skillId}`, { key: t.key });
    expect(skill.body.skill.name).toBe("GSS 2024 calibration (3 items)");
    expect(skill.body.skill.questions.map((q: { id: string }) => q.id)).toEqual(report.items.map((i) => i.id));
    const deleted = await s.request("DELETE", `/skills/${done.skillId}`, { key: t.key });
    expect(deleted.body).toMatchObject({ archived: true });

    await s.ctx.usage.flush();
    const events = await s.ctx.database.query<{ event: string }>(
      "select event from usage_events where tenant_id = $1 and event like 'calibration_%' order by event",
      [t.tenantId],
    );
    expect(events.map((e) => e.event)).toEqual([
      "calibration_complete",
      "calibration_complete",
      "calibration_create",
      "calibration_create",
    ]);

    // Finished calibrations do not hold their population: it can be deleted (their reports stay).
    const dropped = await s.request("DELETE", `/populations/${done.populationId}`, { key: t.key });
    expect(dropped.status, dropped.text).toBe(200);
    const kept = CalibrationEnvelope.parse((await s.request("GET", `/calibrations/${done.id}`, { key: t.key })).body);
    expect(kept.calibration.report?.skill).toEqual(report.skill);

    // Another tenant's calibration is a 404 and absent from its list.
    const intruder = await s.newTenant();
    const foreign = await s.request("GET", `/calibrations/${done.id}`, { key: intruder.key });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe("not_found");
    const theirs = await s.request("GET", "/calibrations", { key: intruder.key });
    expect(theirs.body.calibrations).toEqual([]);
  });

  it("refuses an unknown model, unknown items and a bad size with 400s naming the field, creating nothing", async () => {
    const t = await s.newTenant();
    const model = await s.request("POST", "/calibrations", { key: t.key, body: { ...SMALL, model: "nope/model-x" } });
    expect(model.status).toBe(400);
    expect(model.body).toMatchObject({ code: "validation_error", details: [{ path: "model" }] });
    expect(model.body.requestId).toEqual(expect.any(String));

    const items = await s.request("POST", "/calibrations", {
      key: t.key,
      body: { ...SMALL, items: ["HAPPY", "SHOESIZE", "trust", "FAVCOLOR"] },
    });
    expect(items.status).toBe(400);
    expect(items.body.code).toBe("validation_error");
    expect(items.body.error).toContain("SHOESIZE, FAVCOLOR");
    expect(items.body.details.map((d: { path: string }) => d.path)).toEqual(["items.1", "items.3"]);

    for (const size of [19, 5001, 40.5]) {
      const res = await s.request("POST", "/calibrations", { key: t.key, body: { ...SMALL, size } });
      expect(res.status, String(size)).toBe(400);
      expect(res.body.code).toBe("validation_error");
      expect(res.body.details[0].path).toBe("size");
    }
    const concurrency = await s.request("POST", "/calibrations", { key: t.key, body: { ...SMALL, maxConcurrency: 0 } });
    expect(concurrency.status).toBe(400);
    expect(concurrency.body.details[0].path).toBe("maxConcurrency");

    const list = await s.request("GET", "/calibrations", { key: t.key });
    expect(list.body.calibrations).toEqual([]);
    const skills = await s.request("GET", "/skills", { key: t.key });
    expect(skills.body.skills).toEqual([]);
  });
});
