import { createRoute, type RouteConfig, z } from "@hono/zod-openapi";
import type { Permission } from "../shared/permissions.ts";
import { ErrorSchema } from "../shared/schemas.ts";
import { checkInput } from "./body-checks.ts";
import { idempotency } from "./idempotency.ts";
import { authorize } from "./middleware.ts";
import { widgetAuthorize } from "./widget-auth.ts";

export { widgetPreflight } from "./widget-auth.ts";

/**
 * The route builder and its OpenAPI pieces (auth, idempotency, the shared error responses). The schemas
 * modules build theirs from (error, tenant, UUID, paging) are in src/shared/schemas.ts.
 */

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

/** The errors of a call that prompts a persona: it is charged, and the safety policy screens it. */
export const PROMPT_ERRORS = {
  402: errorResponse(
    'Insufficient credits: `{ "error": "Insufficient credits", requiredCredits, availableCredits, action, billingPath }`',
  ),
  422: errorResponse("Blocked by the tenant's safety policy (`blocked_by_policy`, with the stage and rule)"),
} as const;

const WRITE_ERRORS = {
  409: errorResponse("Conflict: Idempotency-Key reused with another request, or a version/uniqueness conflict"),
  413: errorResponse("Request body too large"),
  415: errorResponse("Body is not JSON"),
} as const;

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

/**
 * A widget endpoint (`/widget/v1/…`): a publishable key from one of its origins only (widget-auth.ts), with
 * its own CORS. `permission` is held by no profile: the route × profile table shows secret keys refused.
 */
export function widgetRoute<const R extends RouteConfig & { method: "get" | "post" }>(
  _permission: Permission,
  route: R,
) {
  return createRoute({
    ...route,
    middleware: [widgetAuthorize, checkInput],
    security: [{ ApiKeyHeader: [] }],
    responses: {
      ...STANDARD_ERRORS,
      ...(route.method === "post" ? { 413: WRITE_ERRORS[413], 415: WRITE_ERRORS[415] } : {}),
      ...route.responses,
    },
  } as R);
}
