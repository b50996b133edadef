import { ApiError } from "../../errors.ts";
import { setLogContext } from "../../log-context.ts";
import type { KeyProfile, Permission } from "../../shared/permissions.ts";
import type { PublishableLimits } from "./service.ts";

/** Who is calling: resolved once from the API key, then passed explicitly to services. */
export interface AuthScope {
  keyId: string;
  /** The tenants this key belongs to. */
  tenantIds: readonly string[];
  profile: KeyProfile;
  instanceAdmin: boolean;
  /** What the key's profile (and instance admin flag) allows, from the permission table. */
  permissions: ReadonlySet<Permission>;
  /** A publishable key (pk_live_…): what it is limited to; it may call only the widget endpoints. */
  publishable?: PublishableLimits | null;
}

/** Whether the calling key holds `permission`. */
export const can = (scope: AuthScope, permission: Permission): boolean => scope.permissions.has(permission);

/**
 * The tenant a request acts on (SPEC §2): the `tenantId` the caller sent (body for writes, query for
 * reads), which must be one of the key's; or, when omitted, the key's only tenant. The request's log lines
 * carry it from here on.
 */
export function resolveTenant(scope: AuthScope, requested: string | undefined): string {
  if (requested !== undefined) {
    if (!scope.tenantIds.includes(requested)) {
      throw new ApiError("forbidden", `This API key does not have access to tenant '${requested}'`);
    }
    setLogContext({ tenantId: requested });
    return requested;
  }
  const [only, ...rest] = scope.tenantIds;
  if (only === undefined || rest.length > 0) {
    throw new ApiError("validation_error", "tenantId is required: this API key belongs to several tenants", [
      { path: "tenantId", message: "Required" },
    ]);
  }
  setLogContext({ tenantId: only });
  return only;
}

/**
 * Sessions and async prompt jobs belong to the key that started them: a key without
 * `transcripts:read` (a prompt-only key in a widget) may poll, cancel and continue only its own, since
 * continuing another's session would replay that conversation to it. `startedBy` null: no key known.
 */
export function assertOwnConversation(scope: AuthScope, startedBy: string | null, what: "session" | "job"): void {
  if (startedBy === scope.keyId || can(scope, "transcripts:read")) return;
  throw new ApiError(
    "forbidden",
    `This API key (profile '${scope.profile}') may only use the ${what}s it started: another key's ${what} needs a key whose profile grants transcripts:read`,
  );
}
