import { describe, expect, it } from "vitest";
import { testConfig } from "../test/harness.ts";
import { bannerText, modelWarnings } from "./banner.ts";

const llm = (env: Record<string, string>) => testConfig(env).llm;

describe("start-up model notes", () => {
  it("warn for each provider configured without DEFAULT_MODEL, naming the variable to set", () => {
    const [picked] = modelWarnings(llm({ OPENAI_API_KEY: "sk-x" }), "openai/gpt-4.1-mini");
    expect(picked).toContain("OPENAI_API_KEY is set but DEFAULT_MODEL is not: openai/gpt-4.1-mini was picked");
    expect(picked).toContain("DEFAULT_MODEL=openai/<model>");
    const both = modelWarnings(
      llm({ OPENAI_API_KEY: "sk-x", OPENAI_COMPATIBLE_BASE_URL: "http://localhost:11434/v1" }),
      "openai/gpt-4.1-mini",
    );
    expect(both).toHaveLength(2);
    expect(both[1]).toContain("still go to openai/gpt-4.1-mini. Set DEFAULT_MODEL=compatible/<model>");
    expect(both.join(" ")).not.toContain("sk-x");
  });

  it("say nothing once DEFAULT_MODEL is set, or when no provider is", () => {
    expect(modelWarnings(llm({ OPENAI_API_KEY: "k", DEFAULT_MODEL: "openai/gpt-4o" }), "openai/gpt-4o")).toEqual([]);
    expect(modelWarnings(llm({}), "person-run/simulator")).toEqual([]);
  });

  it("the banner names a real default without the simulator line", () => {
    const text = bannerText({
      version: "1.0.0",
      url: "http://localhost:8080",
      database: "PostgreSQL (DATABASE_URL)",
      defaultSlug: "anthropic/claude-haiku-4-5",
      fallbackSlug: "openai/gpt-4.1-mini",
      warnings: [],
    });
    expect(text).toContain("default model: anthropic/claude-haiku-4-5 (fallback openai/gpt-4.1-mini)");
    expect(text).not.toContain("simulator");
  });
});
