import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { recordUsage } from "../../http/usage.ts";
import { KEY_PROFILES } from "../../shared/permissions.ts";
import { pageQuery, TenantIdSchema, TenantQuery, UuidSchema } from "../../shared/schemas.ts";
import { PROFILE_DESCRIPTIONS } from "./permissions.ts";
import { resolveTenant } from "./scope.ts";
import { DEFAULT_PUBLISHABLE_RATE, invalidKeyProfile, KEY_KINDS } from "./service.ts";

const iso = z.string().openapi({ example: "2026-02-20T12:00:00.000Z" });

export const SECRET_OMITTED = "A replayed response never carries the secret: it was shown once.";

/**
 * An `Idempotency-Key` replay of a key's creation answers without its secret: the middleware stores
 * this body instead of the real one, so no secret sits in the idempotency table (nor the WAL).
 */
function replayWithoutSecret(c: Context<AppEnv>, created: { secret: string | null }) {
  c.set("replayBody", JSON.stringify({ ...created, secret: null, secretOmitted: SECRET_OMITTED }));
}

export const ApiKeySchema = z
  .object({
    id: UuidSchema,
    tenantId: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: "Start of the secret, to recognise the key", example: "pr_live_Ab3x" }),
    profile: z.enum(KEY_PROFILES),
    instanceAdmin: z.boolean().openapi({ description: "The bootstrap key: may create and list tenants" }),
    createdAt: iso,
    expiresAt: iso.nullable(),
    revokedAt: iso.nullable(),
    lastUsedAt: iso.nullable().openapi({ description: "Updated at most once a minute" }),
    type: z.enum(KEY_KINDS).openapi({
      description:
        "`secret` (`pr_live_…`: server side only) or `publishable` (`pk_live_…`: for the embed widget in a web page; only the widget endpoints accept it)",
    }),
    personaIds: z
      .array(UuidSchema)
      .nullable()
      .openapi({ description: "Publishable keys: the personas the widget may talk to (null for secret keys)" }),
    allowedOrigins: z
      .array(z.string())
      .nullable()
      .openapi({ description: "Publishable keys: the origins the widget may call from (null for secret keys)" }),
    rateLimitPerMinute: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Publishable keys: requests a minute, all visitors together (null for secret keys)" }),
  })
  .openapi("ApiKey");

/** An exact origin: scheme, host and optional port; no path, no trailing slash, no wildcard. */
const ORIGIN =
  /^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/;

const SecretSchema = z.string().nullable().openapi({
  description:
    "The key itself. Shown only in this response: it is stored as a hash. null in an `Idempotency-Key` replay, which never carries it (see `secretOmitted`).",
  example: "pr_live_4fQm2V9xKc8LrT1pZ7aW3nB6yD0sHjE5",
});
const SecretOmittedSchema = z.string().optional().openapi({
  description: "Present only in a replayed response: why `secret` is null.",
  example: SECRET_OMITTED,
});

export const CreatedKeyEnvelope = z
  .object({ key: ApiKeySchema, secret: SecretSchema, secretOmitted: SecretOmittedSchema })
  .openapi("CreatedApiKey");
export const KeyEnvelope = z.object({ key: ApiKeySchema }).openapi("ApiKeyResponse");
export const KeyListEnvelope = z
  .object({ keys: z.array(ApiKeySchema), nextCursor: z.string().nullable() })
  .openapi("ApiKeyList");

export const TenantSchema = z.object({ id: z.string(), name: z.string(), createdAt: iso }).openapi("Tenant");
export const CreatedTenantEnvelope = z
  .object({ tenant: TenantSchema, key: ApiKeySchema, secret: SecretSchema, secretOmitted: SecretOmittedSchema })
  .openapi("CreatedTenant");
export const TenantListEnvelope = z
  .object({ tenants: z.array(TenantSchema), nextCursor: z.string().nullable() })
  .openapi("TenantList");

export const CreateKeyBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    name: z.string().trim().min(1).max(100).openapi({ example: "CI pipeline" }),
    profile: z
      .enum(KEY_PROFILES)
      .default("read-only")
      .openapi({
        description: Object.entries(PROFILE_DESCRIPTIONS)
          .map(([k, v]) => `\`${k}\`: ${v}`)
          .join(" "),
      }),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .refine((v) => v === undefined || Date.parse(v) > Date.now(), "must be in the future")
      .openapi({ description: "When the key stops working (optional)" }),
    type: z.enum(KEY_KINDS).default("secret").openapi({
      description:
        "`secret` (default): a `pr_live_…` key for servers. `publishable`: a `pk_live_…` key for the embed widget, safe to put in a web page; it may only call the widget endpoints (`/widget/v1/…`) for `personaIds`, from `allowedOrigins`, within `rateLimitPerMinute`. Its `profile` is ignored (recorded as `prompt-only`).",
    }),
    personaIds: z
      .array(UuidSchema)
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: "Required for `publishable` (non-empty; each a persona of the tenant, else 400)." }),
    allowedOrigins: z
      .array(
        z
          .string()
          .max(300)
          .transform((o) => o.toLowerCase())
          .refine(
            (o) => ORIGIN.test(o),
            "must be an exact origin, scheme://host[:port] (http or https; no path, no trailing slash, no wildcard)",
          ),
      )
      .min(1)
      .max(50)
      .optional()
      .openapi({
        description:
          "Required for `publishable`: the exact origins the widget may be used from, e.g. `https://www.example.com` or `http://localhost:5173` (scheme://host[:port]; no paths, no wildcards).",
        example: ["https://www.example.com"],
      }),
    rateLimitPerMinute: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .openapi({
        description: `\`publishable\` only: requests a minute for this key (default ${DEFAULT_PUBLISHABLE_RATE}).`,
      }),
  })
  .superRefine((b, ctx) => {
    const pkOnly = ["personaIds", "allowedOrigins", "rateLimitPerMinute"] as const;
    if (b.type === "publishable") {
      for (const f of ["personaIds", "allowedOrigins"] as const) {
        if (b[f] === undefined) ctx.addIssue({ code: "custom", path: [f], message: "Required for a publishable key" });
      }
    } else {
      for (const f of pkOnly) {
        if (b[f] !== undefined) ctx.addIssue({ code: "custom", path: [f], message: "Only for a publishable key" });
      }
    }
  })
  .openapi("CreateApiKeyRequest");

const KeyIdParams = z.object({ keyId: UuidSchema.openapi({ param: { name: "keyId", in: "path" } }) });

export const CreateTenantBody = z
  .strictObject({
    id: TenantIdSchema.openapi({ description: "The new tenant's id", example: "acme-research" }),
    name: z.string().trim().min(1).max(200).optional().openapi({ example: "Acme Research" }),
  })
  .openapi("CreateTenantRequest");

const keyTags = ["API keys"];

export const createKeyRoute = apiRoute("keys:write", {
  method: "post",
  operationId: "createApiKey",
  path: "/keys",
  tags: keyTags,
  summary: "Create an API key",
  description:
    "Creates a key with a least-privilege profile and optional expiry. The secret is returned once: a replay with the same `Idempotency-Key` returns the key with `secret: null` and `secretOmitted`.",
  request: { body: jsonBody(CreateKeyBody) },
  responses: { 201: jsonResponse(CreatedKeyEnvelope, "The key and its secret (shown once)") },
});

export const listKeysRoute = apiRoute("keys:read", {
  method: "get",
  operationId: "listApiKeys",
  path: "/keys",
  tags: keyTags,
  summary: "List API keys",
  request: { query: z.strictObject(pageQuery) },
  responses: { 200: jsonResponse(KeyListEnvelope, "A page of keys (no secrets)") },
});

export const getKeyRoute = apiRoute("keys:read", {
  method: "get",
  operationId: "getApiKey",
  path: "/keys/{keyId}",
  tags: keyTags,
  summary: "Get an API key",
  request: { params: KeyIdParams, query: TenantQuery },
  responses: { 200: jsonResponse(KeyEnvelope, "The key (no secret)") },
});

export const revokeKeyRoute = apiRoute("keys:write", {
  method: "delete",
  operationId: "revokeApiKey",
  path: "/keys/{keyId}",
  tags: keyTags,
  summary: "Revoke an API key",
  description:
    "The key stops working at once on this server (within 10 s on other servers). It stays listed, with `revokedAt`. An instance-admin key is revoked only by the instance admin (else 403).",
  request: { params: KeyIdParams, query: TenantQuery },
  responses: { 200: jsonResponse(KeyEnvelope, "The revoked key") },
});

const tenantTags = ["Tenants"];

export const createTenantRoute = apiRoute("tenants:admin", {
  method: "post",
  operationId: "createTenant",
  path: "/tenants",
  tags: tenantTags,
  summary: "Create a tenant (instance admin only)",
  description: "Creates a workspace and its first owner key (profile `full`), whose secret is returned once.",
  request: { body: jsonBody(CreateTenantBody) },
  responses: { 201: jsonResponse(CreatedTenantEnvelope, "The tenant and its owner key") },
});

export const listTenantsRoute = apiRoute("tenants:admin", {
  method: "get",
  operationId: "listTenants",
  path: "/tenants",
  tags: tenantTags,
  summary: "List tenants (instance admin only)",
  request: { query: z.strictObject({ limit: pageQuery.limit, cursor: pageQuery.cursor }) },
  responses: { 200: jsonResponse(TenantListEnvelope, "A page of tenants") },
});

export function registerAccessRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(createKeyRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const publishable =
      body.type === "publishable"
        ? {
            personaIds: body.personaIds ?? [],
            allowedOrigins: body.allowedOrigins ?? [],
            rateLimitPerMinute: body.rateLimitPerMinute,
          }
        : undefined;
    // A publishable key can only prompt its personas: recorded as prompt-only, whatever was sent.
    const profile = publishable ? "prompt-only" : body.profile;
    if (!c.get("ctx").access.permissions.profileWithin(profile, c.get("auth").profile))
      throw invalidKeyProfile(profile);
    const created = await c
      .get("ctx")
      .access.createKey(
        tenantId,
        { name: body.name, profile, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null, publishable },
        { createdByKeyId: c.get("auth").keyId },
      );
    recordUsage(c, tenantId, "api_key_create", { keyId: created.key.id, profile: created.key.profile });
    replayWithoutSecret(c, created);
    return c.json(created, 201);
  });

  app.openapi(listKeysRoute, async (c) => {
    const query = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), query.tenantId);
    const page = await c.get("ctx").access.listKeys(tenantId, query);
    return c.json({ keys: page.items, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getKeyRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    return c.json({ key: await c.get("ctx").access.getKey(tenantId, c.req.valid("param").keyId) }, 200);
  });

  app.openapi(revokeKeyRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const key = await c
      .get("ctx")
      .access.revokeKey(tenantId, c.req.valid("param").keyId, { byInstanceAdmin: c.get("auth").instanceAdmin });
    recordUsage(c, tenantId, "api_key_revoke", { keyId: key.id });
    return c.json({ key }, 200);
  });

  app.openapi(createTenantRoute, async (c) => {
    const body = c.req.valid("json");
    const created = await c.get("ctx").access.createTenant(body, c.get("auth").keyId);
    recordUsage(c, created.tenant.id, "tenant_create", { tenantId: created.tenant.id, keyId: created.key.id });
    replayWithoutSecret(c, created);
    return c.json(created, 201);
  });

  app.openapi(listTenantsRoute, async (c) => {
    const page = await c.get("ctx").access.listTenants(c.req.valid("query"));
    return c.json({ tenants: page.items, nextCursor: page.nextCursor }, 200);
  });
}
