import { APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";
import { classifyLlmError, LlmError, providerErrorClass } from "./llm/errors.ts";
import { Metrics } from "./metrics.ts";

/** The pure parts of the metrics: error classes, the token's configuration, one registry per server. */

const apiError = (statusCode: number | undefined) =>
  new APICallError({
    message: "provider said no",
    url: "http://127.0.0.1/v1/chat/completions",
    requestBodyValues: {},
    statusCode,
  });
const classOf = (err: unknown, signals = { timedOut: false, aborted: false }) =>
  providerErrorClass(classifyLlmError(err, signals));

describe("providerErrorClass", () => {
  it("tells a provider's 5xx from no answer at all, and names the other failures by kind", () => {
    expect(classOf(apiError(500))).toBe("server_error");
    expect(classOf(apiError(503))).toBe("server_error");
    expect(classOf(apiError(undefined))).toBe("unavailable");
    expect(classOf(new TypeError("fetch failed"))).toBe("unavailable");
    expect(classOf(apiError(429))).toBe("rate_limited");
    expect(classOf(apiError(408))).toBe("timeout");
    expect(classOf(new Error("slow"), { timedOut: true, aborted: false })).toBe("timeout");
    expect(classOf(apiError(401))).toBe("auth");
    expect(classOf(apiError(404))).toBe("bad_request");
  });

  it("does not count a call its caller cancelled", () => {
    expect(classOf(new Error("x"), { timedOut: false, aborted: true })).toBeNull();
    expect(providerErrorClass(new LlmError("aborted", "cancelled", false))).toBeNull();
  });
});

describe("METRICS_TOKEN", () => {
  it("is optional, and at least 16 printable characters without spaces when set", () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: "" }).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: "0123456789abcdef" }).metricsToken).toBe("0123456789abcdef");
    expect(() => loadConfig({ METRICS_TOKEN: "short" })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: "has a space in it, sadly" })).toThrow(/METRICS_TOKEN/);
  });
});

describe("Metrics", () => {
  it("keeps each server's counts on its own registry", async () => {
    const a = new Metrics({ version: "1.0.0", database: "pglite" });
    const b = new Metrics({ version: "1.0.0", database: "pglite" });
    a.guardrailBlock("input");
    a.guardrailBlock("input");
    const blocks = async (m: Metrics) =>
      (await m.registry.getSingleMetric("person_run_guardrail_blocks_total")?.get())?.values ?? [];
    expect((await blocks(a)).map((v) => [v.labels.stage, v.value])).toEqual([["input", 2]]);
    expect(await blocks(b)).toEqual([]);
  });

  it("reads the queue depth at each scrape, and leaves it out when the queue does not answer", async () => {
    const m = new Metrics({ version: "1.0.0", database: "postgres" });
    let depth: Record<string, number> | Error = { "runs.execute": 3 };
    m.readQueueDepthFrom(async () => {
      if (depth instanceof Error) throw depth;
      return depth;
    });
    expect(await m.text()).toContain('person_run_job_queue_depth{queue="runs.execute"} 3');
    depth = { "runs.execute": 0 };
    expect(await m.text()).toContain('person_run_job_queue_depth{queue="runs.execute"} 0');
    depth = new Error("the job queue is not running");
    const text = await m.text();
    expect(text).toContain("# TYPE person_run_job_queue_depth gauge");
    expect(text).not.toContain('person_run_job_queue_depth{queue="runs.execute"}');
  });
});
