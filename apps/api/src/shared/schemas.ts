import { z } from "@hono/zod-openapi";
import { ERROR_STATUS } from "../errors.ts";

/**
 * Schemas every module's request and response schemas are built from: the error envelope, tenant and
 * id parameters, paging. They live here, not in src/http/, so that a module's schemas never reach into
 * the HTTP layer (docs/modules.md).
 */

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

export { z };
