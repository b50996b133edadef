import { ApiError } from "../../errors.ts";
import type { KeyProfile } from "./permissions.ts";

/** Who is calling: resolved once from the API key, then passed explicitly to services. */
export interface AuthScope {
  keyId: string;
  /** The tenants this key belongs to. */
  tenantIds: readonly string[];
  profile: KeyProfile;
  instanceAdmin: boolean;
}

/**
 * The tenant a request acts on (SPEC §2): the `tenantId` the caller sent (body for writes, query for
 * reads), which must be one of the key's; or, when omitted, the key's only tenant.
 */
export function resolveTenant(scope: AuthScope, requested: string | undefined): string {
  if (requested !== undefined) {
    if (!scope.tenantIds.includes(requested)) {
      throw new ApiError("forbidden", `This API key does not have access to tenant '${requested}'`);
    }
    return requested;
  }
  const [only, ...rest] = scope.tenantIds;
  if (only === undefined || rest.length > 0) {
    throw new ApiError("validation_error", "tenantId is required: this API key belongs to several tenants", [
      { path: "tenantId", message: "Required" },
    ]);
  }
  return only;
}
