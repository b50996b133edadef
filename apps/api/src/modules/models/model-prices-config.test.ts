import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config.ts";
import { parseGatewayModels, parseLocalModels, SourceFormatError } from "./sources.ts";

/** MODEL_PRICES as the operator writes it (inline or a file), and the messages a bad one stops the server with. */

const dir = mkdtempSync(path.join(os.tmpdir(), "model-prices-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const failure = (value: string) => {
  try {
    loadConfig({ MODEL_PRICES: value });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("loadConfig accepted a bad MODEL_PRICES");
};

describe("MODEL_PRICES", () => {
  it("reads inline JSON and a JSON file; a missing cached price is the input price", () => {
    const prices = { "compatible/llama3.1": { inputPerMTok: 0.2, outputPerMTok: 0.6 } };
    const expected = { "compatible/llama3.1": { inputPerMTok: 0.2, outputPerMTok: 0.6, cachedInputPerMTok: 0.2 } };
    expect(loadConfig({ MODEL_PRICES: JSON.stringify(prices) }).llm.modelPrices).toEqual(expected);
    const file = path.join(dir, "prices.json");
    writeFileSync(file, JSON.stringify(prices));
    expect(loadConfig({ MODEL_PRICES: file }).llm.modelPrices).toEqual(expected);
    expect(loadConfig({}).llm.modelPrices).toEqual({});
  });

  it("stops the server with a message naming the variable and what is wrong", () => {
    expect(failure("{not json")).toMatch(/MODEL_PRICES: is not valid JSON/);
    expect(failure(path.join(dir, "missing.json"))).toMatch(/MODEL_PRICES: is neither JSON nor a readable file/);
    expect(failure('{"llama": {"inputPerMTok": 1, "outputPerMTok": 1}}')).toMatch(
      /MODEL_PRICES: llama: a model slug is provider\/model/,
    );
    expect(failure('{"compatible/x": {"inputPerMTok": -1, "outputPerMTok": 1}}')).toMatch(
      /MODEL_PRICES: compatible\/x\.inputPerMTok/,
    );
    expect(failure('{"compatible/x": {"inputPerMTok": 1}}')).toMatch(/MODEL_PRICES: compatible\/x\.outputPerMTok/);
    expect(failure('{"compatible/x": {"inputPerMTok": 1, "outputPerMTok": 1, "perCall": 2}}')).toMatch(
      /MODEL_PRICES: compatible\/x/,
    );
  });
});

describe("model list parsers", () => {
  it("refuses an answer without a data array (the sync then keeps its last list)", () => {
    expect(() => parseGatewayModels({ models: [] })).toThrow(SourceFormatError);
    expect(() => parseLocalModels(null)).toThrow(SourceFormatError);
  });

  it("reads gateway prices per token into prices per million tokens, without float noise", () => {
    const { models } = parseGatewayModels({
      data: [{ id: "openai/gpt-4.1-nano", pricing: { input: "0.0000001", output: "0.0000004" } }],
    });
    expect(models[0]?.price).toEqual({ inputPerMTok: 0.1, outputPerMTok: 0.4, cachedInputPerMTok: 0.1 });
  });
});
