import type { OpenAPIHono } from "@hono/zod-openapi";
import type { z } from "zod";
import type { AppContext, ModuleServices } from "../context.ts";
import type { AppEnv } from "../http/types.ts";
import type { JobCatalog, JobDefinition } from "../jobs/catalog.ts";
import type { PermissionGrants } from "../shared/permissions.ts";
import type { RunKind } from "./runs/index.ts";

/**
 * How a module declares itself once (DESIGN.md §5, docs/modules.md): its routes, OpenAPI tags, jobs with
 * their handlers, permissions, usage event names and how its services are built. The registry
 * (registry.ts) lists the manifests; the HTTP app, the job queue, the permission table, the OpenAPI
 * document and the route-walk tests read them from there.
 */
export interface ModuleManifest {
  name: string;
  /** Modules whose services `create` uses: they are built first (whatever the registry order). */
  dependsOn?: readonly string[];
  /** OpenAPI tags this module introduces (a module may also use a tag another one declared). */
  tags?: readonly { name: string; description: string }[];
  /** Registers the module's routes. Registry order is route precedence (a static path before a param). */
  routes?: (app: OpenAPIHono<AppEnv>) => void;
  /** The permissions its routes require, with the key profiles that hold them. */
  permissions?: PermissionGrants;
  /** The usage events it records. */
  usageEvents?: readonly string[];
  /** Its queues, each with the handler that runs a job (thin: it calls a service). */
  jobs?: Readonly<Record<string, ModuleJob>>;
  /** Builds its services; they are put on the context under the returned keys. */
  create?(ctx: AppContext): Partial<ModuleServices>;
  /** The kinds of run it defines (docs/runs.md), bound to its services; read once every module is built. */
  runKinds?(ctx: AppContext): readonly RunKind[];
  /** Once every module's services exist, before the job queue starts. */
  ready?(ctx: AppContext): void;
  /**
   * In a process that runs workers, once the queue has started. `exclusive`: this process owns the database
   * (embedded, behind the data directory's lock), so any work left running belongs to a dead process.
   */
  startWorkers?(ctx: AppContext, exclusive: boolean): Promise<void>;
  /** At shutdown, after the job queue stopped. */
  stop?(ctx: AppContext): Promise<void>;
}

export interface ModuleJob<P extends z.ZodType = z.ZodType> extends JobDefinition<P> {
  run(ctx: AppContext, payload: z.infer<P>, job: { id: string; retryCount: number }): Promise<unknown>;
}

/** Typed identity: a manifest literal checked against `ModuleManifest`, its own type kept. */
export const defineModule = <const M extends ModuleManifest>(manifest: M): M => manifest;
export const defineJob = <P extends z.ZodType>(job: ModuleJob<P>): ModuleJob<P> => job;

/** The order services are built in: each module after those it depends on, otherwise registry order. */
export function creationOrder(modules: readonly ModuleManifest[]): ModuleManifest[] {
  const byName = new Map(modules.map((m) => [m.name, m]));
  if (byName.size !== modules.length) throw new Error("two modules share a name");
  const done = new Set<string>();
  const order: ModuleManifest[] = [];
  const visit = (m: ModuleManifest, path: string[]) => {
    if (done.has(m.name)) return;
    if (path.includes(m.name)) throw new Error(`modules depend on each other: ${[...path, m.name].join(" → ")}`);
    for (const dep of m.dependsOn ?? []) {
      const d = byName.get(dep);
      if (!d) throw new Error(`module ${m.name} depends on ${dep}, which is not in the registry`);
      visit(d, [...path, m.name]);
    }
    done.add(m.name);
    order.push(m);
  };
  for (const m of modules) visit(m, []);
  return order;
}

/** Every module's jobs in one catalog; a queue name declared twice is a boot error. */
export function jobCatalog(modules: readonly ModuleManifest[]): JobCatalog {
  const catalog: Record<string, ModuleJob> = {};
  for (const m of modules) {
    for (const [name, job] of Object.entries(m.jobs ?? {})) {
      if (catalog[name]) throw new Error(`job ${name} is declared twice (module ${m.name})`);
      catalog[name] = job;
    }
  }
  return catalog;
}

/** The handlers of the catalog's jobs, bound to the context. */
export function jobHandlers(ctx: AppContext) {
  const catalog = jobCatalog(ctx.modules) as Record<string, ModuleJob>;
  return Object.fromEntries(
    Object.entries(catalog).map(([name, job]) => [
      name,
      (payload: unknown, meta: { id: string; retryCount?: number }) =>
        job.run(ctx, payload, { id: meta.id, retryCount: meta.retryCount ?? 0 }),
    ]),
  );
}

/** The OpenAPI tags of the modules, in registry order. */
export const openApiTags = (modules: readonly ModuleManifest[]) => modules.flatMap((m) => m.tags ?? []);

/** Every declared usage event name (a name declared by two modules is a boot error). */
export function usageEventNames(modules: readonly ModuleManifest[]): string[] {
  const names = modules.flatMap((m) => m.usageEvents ?? []);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`usage event ${twice} is declared twice`);
  return names;
}
