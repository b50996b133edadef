/**
 * API key profiles (least privilege) and what each may do. A route names one permission; the
 * profile of the calling key must grant it.
 */
export const KEY_PROFILES = ["full", "editor", "prompt-only", "read-only"] as const;
export type KeyProfile = (typeof KEY_PROFILES)[number];

/** Every permission a route can require (the type is derived from this list). */
export const PERMISSIONS = [
  "personas:read",
  "personas:write",
  "prompts:read",
  "prompts:write",
  "keys:read",
  "keys:write",
  "policy:write",
  "billing:read",
  "billing:write",
  "tenants:admin",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Only `full` keys (owner/admin) manage keys and the safety policy. */
const ADMIN_ONLY = new Set<Permission>(["keys:read", "keys:write", "policy:write", "billing:write", "tenants:admin"]);
const PROMPT_ONLY = new Set<Permission>(["personas:read", "prompts:read", "prompts:write"]);

const GRANTS: Record<KeyProfile, (p: Permission) => boolean> = {
  full: (p) => p !== "tenants:admin",
  editor: (p) => !ADMIN_ONLY.has(p),
  "prompt-only": (p) => PROMPT_ONLY.has(p),
  "read-only": (p) => p.endsWith(":read") && !ADMIN_ONLY.has(p),
};

export const PROFILE_DESCRIPTIONS: Record<KeyProfile, string> = {
  full: "Everything in the tenant, including API keys and the safety policy (owner/admin).",
  editor: "Create, update and delete personas, studies and prompts; no keys or policy.",
  "prompt-only": "Read personas and prompt them; nothing else (for bots and widgets).",
  "read-only": "Read everything except API keys.",
};

export interface KeyGrant {
  profile: KeyProfile;
  instanceAdmin: boolean;
}

export function can(grant: KeyGrant, permission: Permission): boolean {
  if (permission === "tenants:admin") return grant.instanceAdmin;
  return GRANTS[grant.profile](permission);
}

/** A key may only create keys whose rights are within its own. */
export function profileWithin(child: KeyProfile, parent: KeyProfile): boolean {
  if (parent === "full") return true;
  // tenants:admin belongs to the instance admin, never to a profile.
  const all = PERMISSIONS.filter((p) => p !== "tenants:admin");
  return all.every((p) => !GRANTS[child](p) || GRANTS[parent](p));
}
