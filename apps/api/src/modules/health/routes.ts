import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/types.ts";
import { SIMULATOR_SLUG } from "../../llm/index.ts";
import type { ProbedProvider } from "./providers.ts";

const CheckSchema = z
  .object({
    status: z.enum(["ok", "down"]),
    latencyMs: z.number().optional(),
    error: z.string().optional(),
  })
  .catchall(z.unknown());

const ProviderCheckSchema = z
  .object({
    status: z.enum(["ok", "down"]),
    latencyMs: z.number().optional(),
    error: z.string().optional().openapi({ description: "Why it is down (never a key)" }),
  })
  .openapi("ProviderCheck");

const ModelsCheckSchema = z
  .object({
    status: z.enum(["ok", "down"]).openapi({
      description:
        "`down` when the default model's provider does not answer (the whole status is then `degraded`); a down provider that only serves the fallback or explicitly named models shows `down` under `providers` but leaves this `ok`",
    }),
    default: z.string().openapi({ description: "The default model's slug", example: "person-run/simulator" }),
    simulator: z.boolean().openapi({
      description:
        "The default model is the offline simulator: a deterministic phrase-bank program, not a language model (docs/simulator.md)",
    }),
    fallback: z.string().nullable().openapi({ description: "FALLBACK_MODEL, if set" }),
    providers: z
      .object({
        openai: ProviderCheckSchema.optional(),
        anthropic: ProviderCheckSchema.optional(),
        gateway: ProviderCheckSchema.optional(),
        compatible: ProviderCheckSchema.optional(),
      })
      .openapi({
        description:
          "Each configured provider's answer to a cheap authenticated GET of its models list, within the health deadline; cached for 30 s",
      }),
  })
  .openapi("ModelsCheck");

export const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded", "down"]),
    version: z.string(),
    uptimeSeconds: z.number(),
    time: z.string(),
    checks: z
      .object({
        database: CheckSchema.extend({ driver: z.enum(["pglite", "postgres"]) }),
        models: ModelsCheckSchema,
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
    "Public. 200 while the database answers (status `degraded` when another dependency, such as the job queue or the default model's provider, does not); 503 when the database does not. `checks.models` names the default model, says whether it is the offline simulator (not a language model), and whether each configured provider answers (probed at most every 30 s).",
  responses: {
    200: { description: "Healthy", content: { "application/json": { schema: HealthSchema } } },
    503: { description: "The database is down", content: { "application/json": { schema: HealthSchema } } },
  },
});

/** Each check runs with a deadline so a hung dependency reports `down` instead of hanging the probe. */
export const HEALTH_DEADLINE_MS = 2000;
const withDeadline = <T>(p: Promise<T>) =>
  Promise.race([
    p,
    new Promise<never>((_, rej) =>
      setTimeout(() => rej(new Error(`no answer within ${HEALTH_DEADLINE_MS} ms`)), HEALTH_DEADLINE_MS).unref(),
    ),
  ]);

export function registerHealthRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(healthRoute, async (c) => {
    const { database, startedAt, version, jobs, llm, providerHealth } = c.get("ctx");
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
    const providers = await providerHealth.check();
    const defaultSlug = llm.registry.defaultSlug;
    const defaultProvider = defaultSlug.slice(0, defaultSlug.indexOf("/")) as ProbedProvider;
    checks.models = {
      status: providers[defaultProvider]?.status === "down" ? "down" : "ok",
      default: defaultSlug,
      simulator: defaultSlug === SIMULATOR_SLUG,
      fallback: llm.registry.fallbackSlug ?? null,
      providers,
    };
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
