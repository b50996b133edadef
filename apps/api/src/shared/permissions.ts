/**
 * API key profiles (least privilege) and the permission names routes require. Each module declares its
 * permissions in its manifest, with the profiles that hold them; the access module builds the one table
 * from the registry. The route × profile matrix is written out in docs/keys-and-tenants.md, and
 * least-privilege.test.ts checks that table against the grants and every route, so they cannot drift.
 */
export const KEY_PROFILES = ["full", "editor", "prompt-only", "read-only"] as const;
export type KeyProfile = (typeof KEY_PROFILES)[number];

export const EVERY_PROFILE: readonly KeyProfile[] = KEY_PROFILES;
/** Keys that read the tenant's data. */
export const READERS: readonly KeyProfile[] = ["full", "editor", "read-only"];
export const WRITERS: readonly KeyProfile[] = ["full", "editor"];
export const OWNER: readonly KeyProfile[] = ["full"];

/**
 * Who holds a permission: these profiles, or `"instance-admin"`: no profile, only a key made as the
 * instance admin (bootstrap or CLI).
 */
export type Grant = readonly KeyProfile[] | "instance-admin";
/** A module's permissions: each name with who holds it (so none can be added without deciding that). */
export type PermissionGrants = Readonly<Record<string, Grant>>;

/**
 * The permission names of every module, filled by declaration merging in each manifest
 * (`interface PermissionNames extends Names<typeof GRANTS> {}`), so `apiRoute` only takes a declared name.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the modules' declaration merging
export interface PermissionNames {}
export type Permission = keyof PermissionNames & string;

/** The key set of a grants object, as `PermissionNames` (or `UsageEventNames`) entries. */
export type Names<T> = { readonly [K in keyof T & string]: true };
