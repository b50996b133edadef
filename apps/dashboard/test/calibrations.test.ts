import { describe, expect, it } from "vitest";
import {
  type CalibrationReport,
  calibrationBody,
  emptyCalibrationForm,
  formatDistance,
  formatSkill,
  itemChartRows,
  itemRows,
  parseItems,
  skillRows,
  skillVerdict,
} from "../src/lib/calibrations.ts";

const d = (jsd: number | null, tvd: number | null) => ({ jsd, tvd });

const report = {
  items: [
    {
      id: "HAPPY",
      n: 40,
      invalid: 1,
      lowN: false,
      tvd: 0.2,
      jsd: 0.05,
      distribution: { "Very happy": 0.5 },
      samplingFloor: d(0.01, 0.06),
      subgroups: [],
      subgroupMean: d(null, null),
      baselines: {
        uniform: { overall: d(0.1, 0.3), subgroup: d(null, null) },
        marginal: { overall: d(0, 0), subgroup: d(null, null) },
      },
    },
    {
      id: "TRUST",
      n: 0,
      invalid: 0,
      lowN: true,
      tvd: null,
      jsd: null,
      distribution: null,
      samplingFloor: null,
      subgroups: [],
      subgroupMean: d(null, null),
      baselines: {
        uniform: { overall: d(0.2, 0.4), subgroup: d(null, null) },
        marginal: { overall: d(0, 0), subgroup: d(null, null) },
      },
    },
  ],
} as unknown as CalibrationReport;

describe("calibration form", () => {
  it("parses the items", () => {
    expect(parseItems("")).toEqual({ ok: true, items: "gss-2024" });
    expect(parseItems(" GSS-2024 ")).toEqual({ ok: true, items: "gss-2024" });
    expect(parseItems("happy, trust;fear")).toEqual({ ok: true, items: ["HAPPY", "TRUST", "FEAR"] });
    expect(parseItems("happy HAPPY")).toEqual({ ok: false, error: "HAPPY is listed twice." });
  });
  it("builds the body and names the bad fields", () => {
    expect(calibrationBody({ ...emptyCalibrationForm(), model: "person-run/simulator", size: "40" })).toEqual({
      ok: true,
      body: { model: "person-run/simulator", items: "gss-2024", size: 40 },
    });
    expect(calibrationBody({ model: "m/x", items: "HAPPY", size: "40", seed: "7" })).toEqual({
      ok: true,
      body: { model: "m/x", items: ["HAPPY"], size: 40, seed: 7 },
    });
    const bad = calibrationBody({ model: "", items: "a a", size: "19", seed: "-1" });
    expect(bad.ok ? [] : Object.keys(bad.errors).sort()).toEqual(["items", "model", "seed", "size"]);
    expect(calibrationBody({ ...emptyCalibrationForm(), model: "m/x", size: "5001" }).ok).toBe(false);
  });
});

describe("calibration report shaping", () => {
  it("gives one row per item with its floor and uniform baseline", () => {
    const rows = itemRows(report);
    expect(rows[0]).toEqual({
      id: "HAPPY",
      n: 40,
      invalid: 1,
      lowN: false,
      tvd: 0.2,
      jsd: 0.05,
      floorJsd: 0.01,
      floorTvd: 0.06,
      subgroupJsd: null,
      subgroupTvd: null,
      uniformJsd: 0.1,
      uniformTvd: 0.3,
    });
    expect(rows[1]).toMatchObject({ id: "TRUST", jsd: null, floorJsd: null, uniformJsd: 0.2 });
  });
  it("gives long chart rows, leaving out missing values", () => {
    const rows = itemRows(report);
    expect(itemChartRows(rows, "jsd")).toEqual([
      { id: "HAPPY", series: "Model", value: 0.05 },
      { id: "HAPPY", series: "Uniform baseline", value: 0.1 },
      { id: "HAPPY", series: "Sampling floor", value: 0.01 },
      { id: "TRUST", series: "Uniform baseline", value: 0.2 },
    ]);
    expect(itemChartRows(rows, "tvd")[0]).toEqual({ id: "HAPPY", series: "Model", value: 0.2 });
  });
  it("lists the four skill scores with the headline marked", () => {
    const rows = skillRows({
      vsUniform: { overall: d(0.9, 0.8), subgroup: d(0.85, 0.7) },
      vsMarginal: { overall: d(null, null), subgroup: d(-0.3, -0.1) },
      subgroupVsMarginal: d(-0.3, -0.1),
    });
    expect(rows.map((r) => [r.key, r.jsd, r.tvd, r.headline])).toEqual([
      ["uniform-overall", 0.9, 0.8, false],
      ["uniform-subgroup", 0.85, 0.7, false],
      ["marginal-overall", null, null, false],
      ["marginal-subgroup", -0.3, -0.1, true],
    ]);
  });
  it("reads and formats scores and distances", () => {
    expect(skillVerdict(null)).toBe("no score");
    expect(skillVerdict(1)).toBe("matches the real answers");
    expect(skillVerdict(0.5)).toBe("better than the baseline");
    expect(skillVerdict(0.01)).toBe("no better than the baseline");
    expect(skillVerdict(-0.4)).toBe("worse than the baseline");
    expect(formatSkill(-0.256)).toBe("−0.26");
    expect(formatSkill(0.5)).toBe("0.50");
    expect(formatSkill(undefined)).toBe("—");
    expect(formatDistance(0.012345)).toBe("0.0123");
    expect(formatDistance(null)).toBe("—");
  });
});
