/**
 * API key profiles (least privilege) and what each may do. A route names one permission; the
 * profile of the calling key must grant it. The route × profile matrix is written out in
 * docs/keys-and-tenants.md, and least-privilege.test.ts checks that table against these grants and
 * against every route, so the two cannot drift apart.
 */
export const KEY_PROFILES = ["full", "editor", "prompt-only", "read-only"] as const;
export type KeyProfile = (typeof KEY_PROFILES)[number];

/** Every permission a route can require (the type is derived from this list). */
export const PERMISSIONS = [
  "personas:read",
  "personas:list",
  "personas:write",
  "exports:read",
  "timeline:read",
  "prompts:read",
  "prompts:write",
  "transcripts:read",
  "keys:read",
  "keys:write",
  "policy:read",
  "policy:write",
  "billing:read",
  "billing:write",
  "tenants:admin",
  "runs:read",
  "runs:write",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERY_PROFILE: readonly KeyProfile[] = KEY_PROFILES;
/** Keys that read the tenant's data. */
const READERS: readonly KeyProfile[] = ["full", "editor", "read-only"];
const WRITERS: readonly KeyProfile[] = ["full", "editor"];
const OWNER: readonly KeyProfile[] = ["full"];

/**
 * Which profiles hold each permission: the one place least privilege is decided. A `Record` over
 * `Permission`, so a new permission cannot be added without deciding who gets it.
 */
const GRANTED_TO: Record<Permission, readonly KeyProfile[]> = {
  /** One persona: the card a chat shows (identity, summary, profile; no memories). */
  "personas:read": EVERY_PROFILE,
  "personas:list": READERS,
  "personas:write": WRITERS,
  /** The whole persona with its timeline, sessions and reports. */
  "exports:read": READERS,
  /** Memories (repressed and shame ones included), consistency reports, reconcile jobs. */
  "timeline:read": READERS,
  /** Poll an async prompt job (another key's job also needs transcripts:read). */
  "prompts:read": EVERY_PROFILE,
  /** Prompt (sync, async, stream), cancel a job (another key's session or job also needs transcripts:read). */
  "prompts:write": ["full", "editor", "prompt-only"],
  /** Every conversation of the tenant: sessions, their turns, and other keys' jobs. */
  "transcripts:read": READERS,
  "keys:read": OWNER,
  "keys:write": OWNER,
  /** The policy without what would help evade it (see redactPolicy in safety/routes.ts). */
  "policy:read": READERS,
  /** Change the policy, and see all of it: terms, guards, webhook URL and signing secret. */
  "policy:write": OWNER,
  /** Background runs (async prompts, reconcile jobs, webhook deliveries, tasks, studies) and their events. */
  "runs:read": READERS,
  /** Pause, resume, cancel and retry runs. */
  "runs:write": WRITERS,
  "billing:read": READERS,
  "billing:write": OWNER,
  /** Held by no profile: only a key made as the instance admin (bootstrap or CLI). */
  "tenants:admin": [],
};

export const PROFILE_DESCRIPTIONS: Record<KeyProfile, string> = {
  full: "Everything in the tenant, including API keys and the safety policy (owner/admin).",
  editor: "Create, update and delete personas, studies and prompts; read all data; no keys, no policy changes.",
  "prompt-only":
    "Prompt personas and read the one being chatted with; only its own sessions and jobs (for bots and widgets).",
  "read-only": "Read all data (transcripts and exports included); never API keys nor the safety policy's secrets.",
};

export interface KeyGrant {
  profile: KeyProfile;
  instanceAdmin: boolean;
}

export function can(grant: KeyGrant, permission: Permission): boolean {
  if (permission === "tenants:admin") return grant.instanceAdmin;
  return GRANTED_TO[permission].includes(grant.profile);
}

/** A key may only create keys whose rights are within its own. */
export function profileWithin(child: KeyProfile, parent: KeyProfile): boolean {
  return PERMISSIONS.every((p) => !GRANTED_TO[p].includes(child) || GRANTED_TO[p].includes(parent));
}
