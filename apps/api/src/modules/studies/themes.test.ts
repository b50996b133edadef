import { describe, expect, it } from "vitest";
import {
  centroid,
  cosineToDense,
  extractThemes,
  kmeans,
  type SparseVector,
  tfidf,
  themeCount,
  tokenize,
} from "./themes.ts";

describe("tokenize", () => {
  it("lowercases, keeps inner apostrophes, drops stop words, one-letter tokens and pure numbers", () => {
    expect(tokenize("I'd PAY $12 for Meal-planning, if it's cheap! a 2024 plan’s")).toEqual([
      "pay",
      "meal",
      "planning",
      "cheap",
      "plan's",
    ]);
  });
});

describe("tfidf", () => {
  it("weights rare terms above common ones and normalises each vector", () => {
    const m = tfidf(["price price budget", "price recipes", "price"]);
    const [a] = m.vectors as [SparseVector];
    const norm = Math.sqrt(a.values.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 12);
    const price = m.vocabulary.indexOf("price");
    const budget = m.vocabulary.indexOf("budget");
    // idf = ln((1 + N) / (1 + df)) + 1
    expect(m.idf[price]).toBeCloseTo(Math.log(4 / 4) + 1, 12);
    expect(m.idf[budget]).toBeCloseTo(Math.log(4 / 2) + 1, 12);
    expect(m.vectors[2]?.terms).toEqual([price]);
  });

  it("gives an empty vector to a document with no term", () => {
    const m = tfidf(["the and of", "cooking"]);
    expect(m.vectors[0]).toEqual({ terms: [], values: [] });
    expect(cosineToDense(m.vectors[0] as SparseVector, centroid(m.vectors, m.vocabulary.length))).toBe(0);
  });
});

const priceDocs = [
  "Too expensive, the price is too high for my budget",
  "The price is steep; my budget cannot stretch to twelve dollars",
  "Expensive. I watch my budget and the price matters",
  "The monthly price is high and my budget is tight",
  "Price too high, budget says no",
  "I would skip it, the price does not fit my budget",
];
const recipeDocs = [
  "I love new recipes and cooking healthy dinners",
  "Recipes for healthy family dinners would help my cooking",
  "Cooking fresh recipes every week sounds great for dinners",
  "Healthy recipes make cooking dinners easier",
  "More recipes, more cooking ideas for dinners",
  "Quick healthy recipes for weeknight cooking",
];

describe("kmeans and extractThemes", () => {
  it("k = min(6, max(1, round(√(n/2))))", () => {
    expect([1, 2, 8, 12, 50, 72, 1000].map(themeCount)).toEqual([1, 1, 2, 2, 5, 6, 6]);
  });

  it("separates two obviously different topics", () => {
    const docs = [...priceDocs, ...recipeDocs].map((text, i) => ({ id: `d${i}`, text }));
    const themes = extractThemes(docs, 42);
    expect(themes).toHaveLength(2); // n = 12 → k = round(√6) = 2
    const byLabel = themes.map((t) => ({ terms: t.terms.map((x) => x.term), members: t.memberIds }));
    const price = byLabel.find((t) => t.terms.slice(0, 3).includes("price") || t.terms.slice(0, 3).includes("budget"));
    const recipes = byLabel.find(
      (t) => t.terms.slice(0, 3).includes("recipes") || t.terms.slice(0, 3).includes("cooking"),
    );
    expect(price?.members.sort()).toEqual(priceDocs.map((_, i) => `d${i}`).sort());
    expect(recipes?.members.sort()).toEqual(recipeDocs.map((_, i) => `d${i + 6}`).sort());
    for (const t of themes) {
      expect(t.size).toBe(6);
      expect(t.share).toBeCloseTo(0.5, 12);
      expect(t.label.split(" / ")).toHaveLength(3);
      expect(t.memberIds).toContain(t.exampleId);
      expect(t.terms.length).toBeLessThanOrEqual(8);
      for (let i = 1; i < t.terms.length; i++)
        expect(t.terms[i - 1]?.weight).toBeGreaterThanOrEqual(t.terms[i]?.weight as number);
    }
  });

  it("is deterministic for a seed, whatever seed separates the topics", () => {
    const docs = [...priceDocs, ...recipeDocs].map((text, i) => ({ id: `d${i}`, text }));
    expect(extractThemes(docs, 7)).toEqual(extractThemes(docs, 7));
    for (const seed of [1, 2, 3, 99, 12345]) {
      const sets = extractThemes(docs, seed).map((t) => t.memberIds.map((id) => Number(id.slice(1)) < 6));
      for (const s of sets) expect(new Set(s).size).toBe(1);
    }
  });

  it("leaves empty vectors out and never makes more clusters than distinct documents", () => {
    const m = tfidf(["the", "budget", "budget", "budget"]);
    const r = kmeans(m.vectors, m.vocabulary.length, 3, 1);
    expect(r.assignments[0]).toBe(-1);
    expect(r.centroids).toHaveLength(1);
    expect(r.assignments.slice(1)).toEqual([0, 0, 0]);
    expect(extractThemes([{ id: "x", text: "and the" }], 1)).toEqual([]);
  });
});
