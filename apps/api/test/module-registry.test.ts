import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoute, jsonResponse } from "../src/http/openapi.ts";
import type { JobName } from "../src/jobs/catalog.ts";
import { resolveTenant } from "../src/modules/access/index.ts";
import { usageEvents } from "../src/modules/analytics/schema.ts";
import { defineJob, defineModule } from "../src/modules/manifest.ts";
import { MODULES } from "../src/modules/registry.ts";
import type { KeyProfile, Permission } from "../src/shared/permissions.ts";
import { TenantQuery, z } from "../src/shared/schemas.ts";
import type { UsageEventName } from "../src/shared/usage-events.ts";
import { startTestServer, type TestServer, until } from "./harness.ts";

/**
 * A module is one manifest and one registry line: this test-only module (a route, a permission, a usage
 * event, a job) is added as `[...MODULES, echoModule]` and works end to end. A real module declares its
 * names to the type system in its manifest (`declare module …`, see any manifest.ts); this one casts, so
 * its names do not leak into the typecheck of the real tree.
 */

const ECHO_PERMISSION = "echo:read" as Permission;
const ECHO_EVENT = "echo_test" as UsageEventName;
const ECHO_JOB = "echo.run" as JobName;
const ECHO_TAG = "Echo (test)";

/** What the echo job saw, and whether the module's services were built with what it depends on. */
const ran: string[] = [];
let builtWithUsage = false;

const echoRoute = apiRoute(ECHO_PERMISSION, {
  method: "get",
  path: "/echo-test",
  tags: [ECHO_TAG],
  summary: "Echo (a test-only module)",
  request: { query: TenantQuery },
  responses: { 200: jsonResponse(z.object({ echo: z.literal("hello"), tenantId: z.string() }), "The echo") },
});

const echoModule = defineModule({
  name: "echo",
  dependsOn: ["analytics"],
  tags: [{ name: ECHO_TAG, description: "A module that only exists in module-registry.test.ts" }],
  routes: (app) =>
    app.openapi(echoRoute, async (c) => {
      const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
      const ctx = c.get("ctx");
      ctx.usage.record({ tenantId, apiKeyId: c.get("auth").keyId, event: ECHO_EVENT, payload: { said: "hello" } });
      await ctx.jobs.send(ECHO_JOB, { tenantId } as never);
      return c.json({ echo: "hello" as const, tenantId }, 200);
    }),
  permissions: { [ECHO_PERMISSION]: ["full", "read-only"] },
  usageEvents: [ECHO_EVENT],
  jobs: {
    [ECHO_JOB]: defineJob({
      payload: z.object({ tenantId: z.string() }).strict(),
      description: "Notes the tenant it was sent for.",
      retryLimit: 0,
      retryDelay: 1,
      retryBackoff: false,
      expireInSeconds: 60,
      concurrency: 1,
      run: async (_ctx, { tenantId }) => {
        ran.push(tenantId);
        return { echoed: tenantId };
      },
    }),
  },
  create: (ctx) => {
    builtWithUsage = ctx.usage !== undefined;
    return {};
  },
});

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ modules: [...MODULES, echoModule] });
});
afterAll(() => s.close());

async function keyWith(t: { tenantId: string; key: string }, profile: KeyProfile): Promise<string> {
  if (profile === "full") return t.key;
  const res = await s.request("POST", "/keys", { key: t.key, body: { name: profile, profile } });
  expect(res.status, res.text).toBe(201);
  return res.body.secret as string;
}

describe("a module added to the registry", () => {
  it("is built after the modules it depends on", () => {
    expect(builtWithUsage).toBe(true);
  });

  it("answers its route with auth, its permission enforced per key profile", async () => {
    const t = await s.newTenant();
    expect((await s.request("GET", "/echo-test")).status).toBe(401);
    const expected: Record<KeyProfile, number> = { full: 200, "read-only": 200, editor: 403, "prompt-only": 403 };
    for (const [profile, status] of Object.entries(expected) as [KeyProfile, number][]) {
      const res = await s.request("GET", "/echo-test", { key: await keyWith(t, profile) });
      expect(res.status, `${profile}: ${res.text}`).toBe(status);
      if (status === 200) expect(res.body).toEqual({ echo: "hello", tenantId: t.tenantId });
      else expect(res.body.error).toContain(ECHO_PERMISSION);
    }
  });

  it("appears in /openapi.json with its tag", async () => {
    const spec = (await s.request("GET", "/openapi.json")).body;
    expect(spec.paths["/echo-test"].get.tags).toEqual([ECHO_TAG]);
    expect(spec.tags.map((tag: { name: string }) => tag.name)).toContain(ECHO_TAG);
  });

  it("runs its job through the queue and records its usage event", async () => {
    const t = await s.newTenant();
    expect((await s.request("GET", "/echo-test", { key: t.key })).status).toBe(200);
    await until(() => ran.includes(t.tenantId), { what: "the echo job to run" });
    const rows = await until(
      async () => {
        await s.ctx.usage.flush();
        const found = await s.ctx.database.db
          .select()
          .from(usageEvents)
          .where(and(eq(usageEvents.tenantId, t.tenantId), eq(usageEvents.event, ECHO_EVENT)));
        return found.length > 0 ? found : undefined;
      },
      { what: "the echo usage event" },
    );
    expect(rows[0]?.payload).toEqual({ said: "hello" });
  });

  it("leaves the registry's own servers without it", async () => {
    expect(MODULES.map((m) => m.name)).not.toContain("echo");
  });
});
