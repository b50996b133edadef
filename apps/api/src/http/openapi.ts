import { createRoute, type RouteConfig, z } from "@hono/zod-openapi";
import { ERROR_STATUS } from "../errors.ts";
import type { Permission } from "../modules/access/permissions.ts";
import { checkInput } from "./body-checks.ts";
import { idempotency } from "./idempotency.ts";
import { authorize } from "./middleware.ts";

/** Shared OpenAPI pieces: the error envelope, common parameters and the route builder. */

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ description: "Human-readable message", example: "Persona not found" }),
    code: z
      .enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS])
      .openapi({ description: "Stable machine code" }),
    requestId: z.string().openapi({ example: "req_3f9a1c0b2d4e5f60718a" }),
    details: z
      .union([z.array(z.object({ path: z.string(), message: z.string() })), z.record(z.string(), z.unknown())])
      .optional()
      .openapi({ description: "Each invalid field with its path, or extra facts about the error" }),
  })
  .catchall(z.unknown())
  .openapi("Error");

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

const STANDARD_ERRORS = {
  400: errorResponse("Invalid input: malformed JSON, a field that fails validation, or an unknown field"),
  401: errorResponse("Missing, invalid, revoked or expired API key"),
  403: errorResponse("The key may not act on this tenant, or its profile does not allow this"),
  404: errorResponse("Not found (also for resources of other tenants)"),
  429: errorResponse("Rate limited; see Retry-After"),
  500: errorResponse("Unexpected server fault"),
} as const;

const WRITE_ERRORS = {
  409: errorResponse("Conflict: Idempotency-Key reused with another request, or a version/uniqueness conflict"),
  413: errorResponse("Request body too large"),
  415: errorResponse("Body is not JSON"),
} as const;

export const TenantIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, "must be 1-128 characters of A-Z a-z 0-9 _ -")
  .openapi({
    description: "Tenant to act on. May be omitted when the API key belongs to one tenant only.",
    example: "11111111-1111-1111-1111-111111111111",
  });

/**
 * Free-form objects (metadata, persona attributes) are bounded by their own size, not only by the body
 * limit: they are stored with every row and returned in every read.
 */
export const MAX_FREE_JSON_BYTES = 16 * 1024;
export const withinFreeJsonBytes = [
  (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? "") <= MAX_FREE_JSON_BYTES,
  `must be at most ${MAX_FREE_JSON_BYTES} bytes as JSON`,
] as const;

export const UuidSchema = z.uuid({ version: undefined }).openapi({ example: "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e" });

/** Query of reads that take nothing but the tenant. */
export const TenantQuery = z.strictObject({ tenantId: TenantIdSchema.optional() });

/** Query of list endpoints (SPEC §2). */
export const pageQuery = {
  tenantId: TenantIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: "Page size (1-200)", example: 50 }),
  cursor: z.string().max(500).optional().openapi({ description: "nextCursor of the previous page" }),
};

export const IdempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .optional()
    .openapi({ description: "Makes the POST safe to retry: a repeat within 24 h replays the first response." }),
});

type Method = "get" | "post" | "put" | "patch" | "delete";

/**
 * A route with its permission: adds the auth middleware (and idempotency on POST), the security
 * requirement and the shared error responses, so every route documents every error it can return.
 */
export function apiRoute<const R extends RouteConfig & { method: Method }>(permission: Permission, route: R) {
  const writes = route.method !== "get" && route.method !== "delete";
  return createRoute({
    ...route,
    // Input checks after authentication: an anonymous caller never gets its body parsed or walked.
    middleware:
      route.method === "post" ? [authorize(permission), checkInput, idempotency] : [authorize(permission), checkInput],
    security: [{ ApiKeyHeader: [] }, { BearerAuth: [] }],
    request: {
      ...route.request,
      ...(route.method === "post" && !route.request?.headers ? { headers: IdempotencyHeader } : {}),
    },
    responses: { ...STANDARD_ERRORS, ...(writes ? WRITE_ERRORS : {}), ...route.responses },
  } as R);
}

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  required: true,
  description,
  content: { "application/json": { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export { z };
