import { describe, expect, it } from "vitest";
import {
  type FitRow,
  fitChartPoints,
  fitVariables,
  formatPp,
  generationProgress,
  labelMargin,
  parseTargets,
  variableLabel,
  worstDeviations,
} from "../src/lib/populations.ts";

const row = (variable: string, category: string, target: number, achieved: number, weighted = target): FitRow => ({
  variable,
  category,
  target,
  achieved,
  deviation: achieved - target,
  weightedAchieved: weighted,
  weightedDeviation: weighted - target,
});

const ROWS = [row("sex", "male", 0.49, 0.5), row("sex", "female", 0.51, 0.5), row("age_band", "18-24", 0.12, 0.1)];

describe("population fit shaping", () => {
  it("lists variables in report order with readable names", () => {
    expect(fitVariables(ROWS)).toEqual([
      { variable: "sex", label: "Sex" },
      { variable: "age_band", label: "Age band" },
    ]);
    expect(variableLabel("household_income")).toBe("Household income");
  });

  it("makes target and achieved points per category (weighted on demand)", () => {
    const pts = fitChartPoints(ROWS);
    expect(pts).toHaveLength(6);
    expect(pts.slice(0, 2)).toEqual([
      { variable: "sex", category: "male", series: "Target", share: 0.49 },
      { variable: "sex", category: "male", series: "Achieved", share: 0.5 },
    ]);
    expect(fitChartPoints(ROWS, { weighted: true })).toHaveLength(9);
  });

  it("ranks the worst deviations and formats them in points", () => {
    expect(worstDeviations(ROWS, 1)[0]?.category).toBe("18-24");
    expect(formatPp(0.004)).toBe("+0.4 pp");
    expect(formatPp(-0.012)).toBe("−1.2 pp");
    expect(formatPp(0)).toBe("0.0 pp");
  });

  it("reports generation progress", () => {
    expect(generationProgress({ status: "generating", generated: 25, size: 100 })).toEqual({
      done: 25,
      total: 100,
      share: 0.25,
      label: "Generating: 25 of 100 personas created (25%)",
    });
    expect(generationProgress({ status: "ready", generated: 100, size: 100 }).label).toBe("Ready: 100 personas");
    expect(generationProgress({ status: "failed", generated: 3, size: 0 }).share).toBe(0);
  });

  it("checks custom targets before sending", () => {
    expect(parseTargets("")).toEqual({ ok: true, targets: "us-adults" });
    expect(parseTargets('{"sex":{"male":0.3,"female":0.7}}')).toEqual({
      ok: true,
      targets: { sex: { male: 0.3, female: 0.7 } },
    });
    expect(parseTargets("{oops")).toMatchObject({ ok: false });
    expect(parseTargets('{"sex":{"male":0.3,"female":0.6}}')).toMatchObject({
      ok: false,
      error: expect.stringContaining("0.9"),
    });
    expect(parseTargets('{"sex":{"male":-1,"female":2}}')).toMatchObject({ ok: false });
    expect(parseTargets('{"sex":[1]}')).toMatchObject({ ok: false });
    expect(parseTargets("[1]")).toMatchObject({ ok: false });
  });

  it("leaves room for the longest category label", () => {
    expect(labelMargin([{ category: "male" }, { category: "female" }])).toBe(51);
    expect(labelMargin([{ category: "graduate_or_professional" }])).toBe(168);
    expect(labelMargin([{ category: "x".repeat(80) }])).toBe(200);
    expect(labelMargin([])).toBe(40);
  });
});
