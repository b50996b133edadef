import type { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { recordUsage } from "../../http/usage.ts";
import { TenantQuery } from "../../shared/schemas.ts";
import { resolveTenant } from "../access/index.ts";
import {
  CreatePopulationBody,
  DeletedPopulationEnvelope,
  GeneratedPopulationEnvelope,
  GeneratePopulationBody,
  ListPopulationsQuery,
  MAX_POPULATION_SIZE,
  MembersEnvelope,
  MembersQuery,
  PopulationEnvelope,
  PopulationIdParams,
  PopulationListEnvelope,
  SnapshotBody,
  UpdatePopulationBody,
  VersionEnvelope,
  VersionParams,
  VersionsEnvelope,
} from "./schemas.ts";

const tags = ["Populations"];

export const listPopulationsRoute = apiRoute("populations:read", {
  method: "get",
  operationId: "listPopulations",
  path: "/populations",
  tags,
  summary: "List populations",
  description: "The tenant's populations, newest first, each with its current version's fit and diversity.",
  request: { query: ListPopulationsQuery },
  responses: { 200: jsonResponse(PopulationListEnvelope, "A page of populations") },
});

export const createPopulationRoute = apiRoute("populations:write", {
  method: "post",
  operationId: "createPopulation",
  path: "/populations",
  tags,
  summary: "Compose a population from cohorts",
  description:
    "Cohorts with relative weights (> 0, normalised to sum to 1) and a sampling rule: `all` (every member, weighted so each cohort's weighted share is its weight) or `quota` (`size` members, each cohort's largest-remainder share of it, drawn in a seeded order). A persona in several cohorts counts once, in the first cohort of the list. Saved as version 1; an unknown cohort is a 404.",
  request: { body: jsonBody(CreatePopulationBody) },
  responses: { 201: jsonResponse(PopulationEnvelope, "The population at version 1") },
});

export const generatePopulationRoute = apiRoute("populations:write", {
  method: "post",
  operationId: "generatePopulation",
  path: "/populations/generate",
  tags,
  summary: "Generate a population to target marginals",
  description: `Draws \`size\` (1-${MAX_POPULATION_SIZE}) US adults jointly from the preset \`"us-adults"\` (or custom marginals for some of its variables), creates their personas in the background (a \`populations.generate\` run: \`GET /populations/{id}\` shows \`status\`, \`generated\`, \`size\`), rakes their weights to the targets and writes version 1 with the fit report. Same seed, same personas. The estimate of what writing the profiles may cost comes back before work starts; a tenant whose credits cannot cover it gets 402.`,
  request: { body: jsonBody(GeneratePopulationBody) },
  responses: { 202: jsonResponse(GeneratedPopulationEnvelope, "Generation started") },
});

export const getPopulationRoute = apiRoute("populations:read", {
  method: "get",
  operationId: "getPopulation",
  path: "/populations/{populationId}",
  tags,
  summary: "Get a population",
  request: { params: PopulationIdParams, query: TenantQuery },
  responses: { 200: jsonResponse(PopulationEnvelope, "The population at its current version") },
});

export const updatePopulationRoute = apiRoute("populations:write", {
  method: "patch",
  operationId: "updatePopulation",
  path: "/populations/{populationId}",
  tags,
  summary: "Update a population",
  description:
    "Name and description change in place (no version). A change of cohorts, weights, size or sampling makes version n+1 from the cohorts' members now; earlier versions never change. The sampling seed is kept unless a new one is given. A generated population's composition cannot change (409).",
  request: { params: PopulationIdParams, body: jsonBody(UpdatePopulationBody) },
  responses: { 200: jsonResponse(PopulationEnvelope, "The population at its (new) current version") },
});

export const deletePopulationRoute = apiRoute("populations:write", {
  method: "delete",
  operationId: "deletePopulation",
  path: "/populations/{populationId}",
  tags,
  summary: "Delete a population",
  description:
    "Deletes the population with its versions; a generation in progress is cancelled. The personas stay (they are the tenant's).",
  request: { params: PopulationIdParams, query: TenantQuery },
  responses: { 200: jsonResponse(DeletedPopulationEnvelope, "Deleted") },
});

export const listVersionsRoute = apiRoute("populations:read", {
  method: "get",
  operationId: "listPopulationVersions",
  path: "/populations/{populationId}/versions",
  tags,
  summary: "List a population's versions",
  request: { params: PopulationIdParams, query: TenantQuery },
  responses: { 200: jsonResponse(VersionsEnvelope, "Every version, oldest first") },
});

export const snapshotRoute = apiRoute("populations:write", {
  method: "post",
  operationId: "snapshotPopulation",
  path: "/populations/{populationId}/versions",
  tags,
  summary: "Re-snapshot the cohorts as a new version",
  description:
    "Reads the cohorts' live members again with the same definition. Only when the member list or a weight differs from the current version is version n+1 written (201, `created: true`); otherwise the current version comes back unchanged (200, `created: false`). A generated population's members do not come from cohorts: its current version is returned.",
  request: { params: PopulationIdParams, body: jsonBody(SnapshotBody) },
  responses: {
    200: jsonResponse(VersionEnvelope, "Nothing changed: the current version"),
    201: jsonResponse(VersionEnvelope, "A new version"),
  },
});

export const getVersionRoute = apiRoute("populations:read", {
  method: "get",
  operationId: "getPopulationVersion",
  path: "/populations/{populationId}/versions/{version}",
  tags,
  summary: "Get one version",
  description: "Its size, fit (generated), diversity, composition and warnings (e.g. a cohort short of its quota).",
  request: { params: VersionParams, query: TenantQuery },
  responses: { 200: jsonResponse(VersionEnvelope, "The version") },
});

export const listMembersRoute = apiRoute("populations:read", {
  method: "get",
  operationId: "listPopulationMembers",
  path: "/populations/{populationId}/versions/{version}/members",
  tags,
  summary: "List a version's members",
  description:
    "By persona id: each member's weight, cohort, the persona as it is now (`null` and `deleted: true` once deleted) and the snapshot the version kept of who it was.",
  request: { params: VersionParams, query: MembersQuery },
  responses: { 200: jsonResponse(MembersEnvelope, "A page of members") },
});

export function registerPopulationRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(listPopulationsRoute, async (c) => {
    const query = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), query.tenantId);
    const page = await c.get("ctx").populations.list(tenantId, query);
    return c.json({ populations: page.items, nextCursor: page.nextCursor }, 200);
  });

  // Before /populations/{populationId}: a static path wins.
  app.openapi(generatePopulationRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const started = await c.get("ctx").populationGenerator.start(tenantId, body, c.get("auth").keyId);
    recordUsage(c, tenantId, "population_generate", {
      populationId: started.population.id,
      size: body.size,
      targets: typeof body.targets === "string" ? body.targets : "custom",
      seed: started.population.seed,
      model: started.estimate.model,
    });
    return c.json(started, 202);
  });

  app.openapi(createPopulationRoute, async (c) => {
    const { tenantId: requested, ...input } = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), requested);
    const population = await c.get("ctx").populations.create(tenantId, input);
    recordUsage(c, tenantId, "population_create", {
      populationId: population.id,
      cohorts: input.cohorts.length,
      rule: input.sampling.rule,
      size: population.size,
    });
    return c.json({ population }, 201);
  });

  app.openapi(getPopulationRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    return c.json({ population: await c.get("ctx").populations.get(tenantId, c.req.valid("param").populationId) }, 200);
  });

  app.openapi(updatePopulationRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const { populationId } = c.req.valid("param");
    const population = await c.get("ctx").populations.update(tenantId, populationId, body);
    const fields = Object.keys(body).filter((k) => k !== "tenantId");
    recordUsage(c, tenantId, "population_update", { populationId, fields, version: population.version });
    return c.json({ population }, 200);
  });

  app.openapi(deletePopulationRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const { populationId } = c.req.valid("param");
    await c.get("ctx").populations.delete(tenantId, populationId);
    recordUsage(c, tenantId, "population_delete", { populationId });
    return c.json({ deleted: true as const }, 200);
  });

  app.openapi(listVersionsRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const versions = await c.get("ctx").populations.versions(tenantId, c.req.valid("param").populationId);
    return c.json({ versions }, 200);
  });

  app.openapi(snapshotRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("json").tenantId);
    const { populationId } = c.req.valid("param");
    const { version, created } = await c.get("ctx").populations.resnapshot(tenantId, populationId);
    if (created) {
      recordUsage(c, tenantId, "population_version", { populationId, version: version.version, size: version.size });
      return c.json({ version, created }, 201);
    }
    return c.json({ version, created }, 200);
  });

  app.openapi(getVersionRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const { populationId, version } = c.req.valid("param");
    return c.json({ version: await c.get("ctx").populations.version(tenantId, populationId, version) }, 200);
  });

  app.openapi(listMembersRoute, async (c) => {
    const query = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), query.tenantId);
    const { populationId, version } = c.req.valid("param");
    const page = await c.get("ctx").populations.members(tenantId, populationId, version, query);
    return c.json({ members: page.items, nextCursor: page.nextCursor }, 200);
  });
}
