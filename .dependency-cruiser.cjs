/**
 * Module boundaries of apps/api (docs/modules.md), checked by `npm run lint:deps` (part of `npm run lint`,
 * so CI fails on a forbidden import). Paths are relative to the repository root. Type-only imports count
 * too (`tsPreCompilationDeps`): a type is part of a module's door like a function.
 */
const SRC = "^apps/api/src";
const MODULE = `${SRC}/modules/([^/]+)/`;
const TEST = "\\.test\\.ts$";

module.exports = {
  forbidden: [
    {
      name: "module-one-door",
      severity: "error",
      comment:
        "A module uses another module only through its index.ts (functions and types, no tables). Move what you need behind that module's index.ts.",
      from: {
        path: MODULE,
        pathNot: [
          `${MODULE}schema\\.ts$`,
          TEST,
          // The one documented exception: billing's columns live on the access module's tenants row.
          `${SRC}/modules/billing/service\\.ts$`,
        ],
      },
      to: { path: `${SRC}/modules/[^/]+/`, pathNot: [`${SRC}/modules/$1/`, `${SRC}/modules/[^/]+/index\\.ts$`] },
    },
    {
      name: "schema-fk-only",
      severity: "error",
      comment: "A module's schema.ts may import another module's schema.ts (for a foreign key), nothing else of it.",
      from: { path: `${MODULE}schema\\.ts$` },
      to: { path: `${SRC}/modules/[^/]+/`, pathNot: [`${SRC}/modules/$1/`, `${SRC}/modules/[^/]+/schema\\.ts$`] },
    },
    {
      name: "billing-tenants-exception",
      severity: "error",
      comment:
        "billing/service.ts may read and write the billing columns of access's tenants table (docs/modules.md), nothing else of another module beyond its index.ts.",
      from: { path: `${SRC}/modules/billing/service\\.ts$` },
      to: {
        path: `${SRC}/modules/[^/]+/`,
        pathNot: [`${SRC}/modules/billing/`, `${SRC}/modules/[^/]+/index\\.ts$`, `${SRC}/modules/access/schema\\.ts$`],
      },
    },
    {
      name: "tests-see-doors-tables-and-schemas",
      severity: "error",
      comment:
        "A test may look at another module through its index.ts, its tables (schema.ts, to check stored rows) and its response schemas (schemas.ts); not at its internals.",
      from: { path: `${MODULE}.*${TEST}` },
      to: {
        path: `${SRC}/modules/[^/]+/`,
        pathNot: [`${SRC}/modules/$1/`, `${SRC}/modules/[^/]+/(index|schema|schemas)\\.ts$`],
      },
    },
    {
      name: "routes-only-from-manifest",
      severity: "error",
      comment: "Nothing imports a routes.ts but its module's manifest.ts (or index.ts); tests parse with schemas.ts.",
      from: { pathNot: [`${MODULE}(manifest|index)\\.ts$`, TEST] },
      to: { path: `${SRC}/modules/[^/]+/routes\\.ts$` },
    },
    {
      name: "services-not-http",
      severity: "error",
      comment:
        "Only a module's routes.ts sees HTTP (hono, src/http/*); services, schemas and manifests never do (DESIGN.md §1).",
      from: { path: MODULE, pathNot: [`${MODULE}routes\\.ts$`, TEST] },
      to: { path: [`${SRC}/http/`, "node_modules/hono/", "node_modules/@hono/"] },
    },
    {
      name: "llm-through-its-door",
      severity: "error",
      comment: "Modules use the llm layer through src/llm/index.ts, never the simulator's internals.",
      from: { path: MODULE, pathNot: TEST },
      to: { path: `${SRC}/llm/`, pathNot: `${SRC}/llm/index\\.ts$` },
    },
    {
      name: "no-simulator-in-modules",
      severity: "error",
      comment: "Not even a module's tests reach into src/llm/simulator/ (they go through the API or src/llm/index.ts).",
      from: { path: MODULE },
      to: { path: `${SRC}/llm/simulator/` },
    },
    {
      name: "core-below-modules",
      severity: "error",
      comment:
        "src/db, src/jobs, src/llm and src/shared are below the modules: they never import one (only the registry, if ever).",
      from: { path: `${SRC}/(db|jobs|llm|shared)/`, pathNot: TEST },
      to: { path: `${SRC}/modules/`, pathNot: `${SRC}/modules/registry\\.ts$` },
    },
    {
      name: "no-module-cycles",
      severity: "error",
      comment:
        "No import cycle through module code (type-only links excepted). apps/api/test/boundaries.test.ts also checks the module graph as a whole.",
      from: { path: `${SRC}/modules/` },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["\\.json$", "/migrations/"] },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".mjs", ".js", ".json"] },
  },
};
