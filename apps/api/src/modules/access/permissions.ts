import type { Grant, KeyProfile, Permission } from "../../shared/permissions.ts";
import type { ModuleManifest } from "../manifest.ts";

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

/**
 * Which profiles hold each permission: the one place least privilege is decided, gathered from the
 * modules' manifests (each declares its permissions with who holds them). Built once per runtime.
 */
export class PermissionTable {
  private readonly grants = new Map<Permission, Grant>();
  private readonly heldBy = new Map<string, ReadonlySet<Permission>>();

  constructor(modules: readonly Pick<ModuleManifest, "name" | "permissions">[]) {
    for (const m of modules) {
      for (const [name, grant] of Object.entries(m.permissions ?? {})) {
        if (this.grants.has(name as Permission)) throw new Error(`permission ${name} is declared twice (${m.name})`);
        this.grants.set(name as Permission, grant);
      }
    }
  }

  /** Every permission a route can require. */
  get names(): Permission[] {
    return [...this.grants.keys()];
  }

  can(grant: KeyGrant, permission: Permission): boolean {
    const holders = this.grants.get(permission);
    if (!holders) return false;
    return holders === "instance-admin" ? grant.instanceAdmin : holders.includes(grant.profile);
  }

  /** Everything a key of this grant may do (made once per profile × instance admin). */
  held(grant: KeyGrant): ReadonlySet<Permission> {
    const key = `${grant.profile}|${grant.instanceAdmin}`;
    let set = this.heldBy.get(key);
    if (!set) {
      set = new Set(this.names.filter((p) => this.can(grant, p)));
      this.heldBy.set(key, set);
    }
    return set;
  }

  /** A key may only create keys whose rights are within its own. */
  profileWithin(child: KeyProfile, parent: KeyProfile): boolean {
    return [...this.grants.values()].every((g) => g === "instance-admin" || !g.includes(child) || g.includes(parent));
  }
}
