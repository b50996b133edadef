import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../../test/fake-openai.ts";
import {
  BOOT_TIMEOUT_MS,
  captureLogs,
  openTestDatabase,
  startTestServer,
  type TestClock,
  type TestServer,
  testClock,
  testConfig,
} from "../../../test/harness.ts";
import { startServer } from "../../server.ts";
import { HealthSchema } from "./routes.ts";

/** "Honest by default" (README): /health, the start-up log and banner say which model answers and whether providers do. */

/** A loopback port nothing listens on (a provider that is down). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

const SECRET = "sk-test-never-in-health-output-123";
let fake: FakeOpenAI;
let clock: TestClock;
let s: TestServer;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  clock = testClock();
  s = await startTestServer({
    clock,
    env: {
      OPENAI_COMPATIBLE_BASE_URL: fake.url,
      DEFAULT_MODEL: "compatible/fake-llama",
      OPENAI_API_KEY: SECRET,
      OPENAI_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1`,
    },
  });
}, BOOT_TIMEOUT_MS);
afterAll(async () => {
  await s.close();
  await fake.close().catch(() => {}); // closed by a test already
});

const modelProbes = () => fake.calls.filter((c) => c.path === "/v1/models").length;

describe("/health checks.models", () => {
  it("names the default model, probes each configured provider, and a down non-default provider keeps it ok", async () => {
    const res = await s.request("GET", "/health");
    expect(res.status).toBe(200);
    const health = HealthSchema.parse(res.body);
    expect(health.status).toBe("ok");
    expect(health.checks.models).toMatchObject({
      status: "ok",
      default: "compatible/fake-llama",
      simulator: false,
      fallback: null,
      providers: {
        compatible: { status: "ok" },
        openai: { status: "down", error: expect.stringContaining("could not connect") },
      },
    });
    expect(health.checks.models.providers.compatible?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(res.text).not.toContain(SECRET);
  });

  it("reuses a probe for 30 s, so a polling load balancer does not call the providers each time", async () => {
    const before = modelProbes();
    await s.request("GET", "/health");
    await s.request("GET", "/health");
    expect(modelProbes()).toBe(before);
    clock.advance(31_000);
    await s.request("GET", "/health");
    expect(modelProbes()).toBe(before + 1);
  });

  it("is degraded when the default model's provider is down", async () => {
    await fake.close();
    clock.advance(31_000);
    const res = await s.request("GET", "/health");
    expect(res.status).toBe(200);
    const health = HealthSchema.parse(res.body);
    expect(health.status).toBe("degraded");
    expect(health.checks.models).toMatchObject({
      status: "down",
      providers: { compatible: { status: "down" }, openai: { status: "down" } },
    });
  });
});

describe("a provider configured without DEFAULT_MODEL", () => {
  it("warns in the log and the banner, naming the variable; the banner says the simulator is not a language model", async () => {
    const provider = await startFakeOpenAI();
    const logs = captureLogs("info");
    let printed = "";
    const database = await openTestDatabase();
    const srv = await startServer(
      testConfig({
        OPENAI_COMPATIBLE_BASE_URL: provider.url,
        PERSON_RUN_BOOTSTRAP_KEY: "pr_live_bannerTestKey000000000001",
      }),
      { database, logger: logs.logger, out: (text) => (printed += text) },
    );
    try {
      const warning = logs.lines().find((l) => l.level === 40 && String(l.msg).includes("DEFAULT_MODEL"));
      expect(warning?.msg).toContain("OPENAI_COMPATIBLE_BASE_URL is set but DEFAULT_MODEL is not");
      expect(warning?.msg).toContain("DEFAULT_MODEL=compatible/");
      expect(printed).toContain("default model: person-run/simulator");
      expect(printed).toContain("offline simulator: a deterministic phrase-bank program, not a language model");
      expect(printed).toContain("docs/simulator.md");
      expect(printed).toContain("warning: OPENAI_COMPATIBLE_BASE_URL is set but DEFAULT_MODEL is not");

      const res = await fetch(`http://127.0.0.1:${srv.port}/health`);
      const health = HealthSchema.parse(await res.json());
      expect(health.checks.models).toMatchObject({
        status: "ok",
        default: "person-run/simulator",
        simulator: true,
        providers: { compatible: { status: "ok" } },
      });
    } finally {
      await srv.close();
      await database.close();
      await provider.close();
    }
  });
});
