import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/types.ts";

const CheckSchema = z
  .object({
    status: z.enum(["ok", "down"]),
    latencyMs: z.number().optional(),
    error: z.string().optional(),
  })
  .catchall(z.unknown());

export const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded", "down"]),
    version: z.string(),
    uptimeSeconds: z.number(),
    time: z.string(),
    checks: z
      .object({
        database: CheckSchema.extend({ driver: z.enum(["pglite", "postgres"]) }),
      })
      .catchall(CheckSchema),
  })
  .openapi("Health");

export const healthRoute = createRoute({
  method: "get",
  operationId: "getHealth",
  path: "/health",
  tags: ["System"],
  summary: "Health with the status of each dependency",
  description:
    "Public. 200 while the database answers (status `degraded` when another dependency, such as the job queue, does not); 503 when the database does not.",
  responses: {
    200: { description: "Healthy", content: { "application/json": { schema: HealthSchema } } },
    503: { description: "The database is down", content: { "application/json": { schema: HealthSchema } } },
  },
});

/** Each check runs with a deadline so a hung dependency reports `down` instead of hanging the probe. */
const DEADLINE_MS = 2000;
const withDeadline = <T>(p: Promise<T>) =>
  Promise.race([
    p,
    new Promise<never>((_, rej) =>
      setTimeout(() => rej(new Error(`no answer within ${DEADLINE_MS} ms`)), DEADLINE_MS).unref(),
    ),
  ]);

export function registerHealthRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(healthRoute, async (c) => {
    const { database, startedAt, version, jobs } = c.get("ctx");
    const checks: Record<string, z.infer<typeof CheckSchema>> = {};
    let dbOk = true;
    try {
      const latencyMs = await withDeadline(database.ping());
      checks.database = { status: "ok", driver: database.driver, latencyMs: Math.round(latencyMs * 100) / 100 };
    } catch (err) {
      dbOk = false;
      checks.database = { status: "down", driver: database.driver, error: (err as Error).message };
    }
    try {
      checks.queue = { status: "ok", ...(await withDeadline(jobs.health())) };
    } catch (err) {
      checks.queue = { status: "down", error: (err as Error).message };
    }
    const othersOk = Object.values(checks).every((ch) => ch.status === "ok");
    const body = {
      status: !dbOk ? ("down" as const) : othersOk ? ("ok" as const) : ("degraded" as const),
      version,
      uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      time: new Date().toISOString(),
      checks: checks as z.infer<typeof HealthSchema>["checks"],
    };
    return c.json(body, dbOk ? 200 : 503, { "cache-control": "no-store" });
  });
}
