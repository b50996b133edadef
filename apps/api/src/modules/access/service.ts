import { hash as digest } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { CacheProvider, CacheScope } from "../../cache.ts";
import type { Database } from "../../db/client.ts";
import { ApiError, conflict, forbidden, notFound } from "../../errors.ts";
import { newId, randomBase62 } from "../../ids.ts";
import { afterCursor, type Page, pageOf } from "../../pagination.ts";
import type { KeyProfile } from "../../shared/permissions.ts";
import type { PermissionTable } from "./permissions.ts";
import { apiKeys, instanceMeta, tenants } from "./schema.ts";
import type { AuthScope } from "./scope.ts";

export const KEY_PREFIX = "pr_live_";
/** Publishable keys (the embed widget): made to be seen in a page, good only on the widget endpoints. */
export const PUBLISHABLE_PREFIX = "pk_live_";
export const KEY_KINDS = ["secret", "publishable"] as const;
export type KeyKind = (typeof KEY_KINDS)[number];
/** Requests a minute of a publishable key when its creator gave none. */
export const DEFAULT_PUBLISHABLE_RATE = 30;

/** What a publishable key is limited to (null on a secret key). */
export interface PublishableLimits {
  personaIds: readonly string[];
  allowedOrigins: readonly string[];
  rateLimitPerMinute: number;
}

/** Port: which of these persona ids exist in the tenant (provided by the widget module, from personas). */
export type PersonaCheck = (tenantId: string, ids: readonly string[]) => Promise<Set<string>>;

/** One-shot SHA-256 (~0.5 µs for a key, a fifth of createHash's cost): cheap enough for every request. */
export const hashSecret = (secret: string) => digest("sha256", secret, "hex");
const displayPrefix = (secret: string) =>
  secret.startsWith(KEY_PREFIX) || secret.startsWith(PUBLISHABLE_PREFIX)
    ? secret.slice(0, KEY_PREFIX.length + 4)
    : secret.slice(0, 4);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type TenantRow = typeof tenants.$inferSelect;

export interface ApiKeyView {
  id: string;
  tenantId: string;
  name: string;
  prefix: string;
  profile: KeyProfile;
  instanceAdmin: boolean;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  type: KeyKind;
  /** Publishable keys only (else null). */
  personaIds: string[] | null;
  allowedOrigins: string[] | null;
  rateLimitPerMinute: number | null;
}

export const keyView = (k: ApiKeyRow): ApiKeyView => ({
  id: k.id,
  tenantId: k.tenantId,
  name: k.name,
  prefix: k.prefix,
  profile: k.profile as KeyProfile,
  instanceAdmin: k.instanceAdmin,
  createdAt: k.createdAt.toISOString(),
  expiresAt: k.expiresAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  type: k.kind as KeyKind,
  personaIds: k.personaIds ?? null,
  allowedOrigins: k.allowedOrigins ?? null,
  rateLimitPerMinute: k.rateLimitPerMinute ?? null,
});

export const tenantView = (t: TenantRow) => ({ id: t.id, name: t.name, createdAt: t.createdAt.toISOString() });

export interface NewKeyInput {
  name: string;
  profile: KeyProfile;
  expiresAt?: Date | null;
  /** A publishable key (pk_live_…) and what it is limited to; a secret key when omitted. */
  publishable?: { personaIds: string[]; allowedOrigins: string[]; rateLimitPerMinute?: number };
}

interface CachedKey {
  row: ApiKeyRow;
  lastTouched: number;
}

/**
 * Key lookups by the stored hash, never by the presented secret (no secret is kept in memory). Revocation
 * in this process drops the entry at once; other servers see it within the TTL (they share the database).
 */
const KEY_CACHE = { maxEntries: 10_000, ttlMs: 10_000 };
/** Whether some publishable key lists an origin (CORS preflights): another server sees a new key's within 10 s. */
const ORIGIN_CACHE = { maxEntries: 10_000, ttlMs: 10_000 };
/** lastUsedAt is written at most this often per key, off the request path. */
const TOUCH_EVERY_MS = 60_000;

export class AccessService {
  private readonly keyCache: CacheScope<CachedKey>;
  private personaCheck: PersonaCheck | undefined;
  private readonly originCache: CacheScope<boolean>;

  constructor(
    private readonly database: Database,
    readonly permissions: PermissionTable,
    private readonly cache: CacheProvider,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.keyCache = cache.scope("access.keys", KEY_CACHE);
    this.originCache = cache.scope("access.publishableOrigins", ORIGIN_CACHE);
  }

  private get db() {
    return this.database.db;
  }

  /** The port a publishable key's persona ids are checked through (the widget module plugs it in). */
  providePersonaCheck(check: PersonaCheck): void {
    this.personaCheck = check;
  }

  /**
   * Whether some live publishable key lists this origin: what a CORS preflight (which carries no key)
   * is answered from. The request itself is then checked against its own key's origins.
   */
  async publishableOriginKnown(origin: string): Promise<boolean> {
    // Preflights come without a key: a short cache keeps a flood of them off the database.
    const cached = this.originCache.get(origin);
    if (cached !== undefined) return cached;
    const rows = await this.db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(
        and(
          eq(apiKeys.kind, "publishable"),
          sql`${apiKeys.revokedAt} is null`,
          sql`(${apiKeys.expiresAt} is null or ${apiKeys.expiresAt} > now())`,
          sql`${apiKeys.allowedOrigins} @> ${JSON.stringify([origin])}::jsonb`,
        ),
      )
      .limit(1);
    this.originCache.set(origin, rows.length > 0);
    return rows.length > 0;
  }

  /**
   * Whether this process has seen the key before (its hash is cached, fresh or not): a client address that
   * keeps failing authentication may still use a key it has used, while new guesses cost no lookup.
   */
  knows(secret: string): boolean {
    return this.keyCache.peek(hashSecret(secret)) !== undefined;
  }

  /** The scope of a presented secret, or why it is refused. */
  async authenticate(secret: string): Promise<AuthScope | { refused: "unknown" | "revoked" | "expired" }> {
    const hash = hashSecret(secret);
    const nowMs = this.now().getTime();
    let cached = this.keyCache.get(hash);
    if (!cached) {
      const [row] = await this.db.select().from(apiKeys).where(eq(apiKeys.hash, hash)).limit(1);
      if (!row) {
        this.keyCache.delete(hash);
        return { refused: "unknown" };
      }
      cached = { row, lastTouched: this.keyCache.peek(hash)?.lastTouched ?? 0 };
      this.keyCache.set(hash, cached);
    }
    const { row } = cached;
    if (row.revokedAt) return { refused: "revoked" };
    if (row.expiresAt && row.expiresAt.getTime() <= nowMs) return { refused: "expired" };
    if (nowMs - cached.lastTouched > TOUCH_EVERY_MS) {
      cached.lastTouched = nowMs;
      this.db
        .update(apiKeys)
        .set({ lastUsedAt: new Date(nowMs) })
        .where(eq(apiKeys.id, row.id))
        .catch(() => {}); // best effort: a missed lastUsedAt never fails a request
    }
    const grant = { profile: row.profile as KeyProfile, instanceAdmin: row.instanceAdmin };
    const publishable: PublishableLimits | null =
      row.kind === "publishable"
        ? {
            personaIds: row.personaIds ?? [],
            allowedOrigins: row.allowedOrigins ?? [],
            rateLimitPerMinute: row.rateLimitPerMinute ?? DEFAULT_PUBLISHABLE_RATE,
          }
        : null;
    return {
      keyId: row.id,
      tenantIds: [row.tenantId],
      ...grant,
      // A publishable key holds no permission: it passes no route's authorization, only the widget's.
      permissions: publishable ? new Set() : this.permissions.held(grant),
      publishable,
    };
  }

  async createKey(
    tenantId: string,
    input: NewKeyInput,
    opts: { createdByKeyId?: string | null; secret?: string; instanceAdmin?: boolean } = {},
  ): Promise<{ key: ApiKeyView; secret: string }> {
    const pk = input.publishable;
    if (pk) {
      const found = this.personaCheck ? await this.personaCheck(tenantId, pk.personaIds) : new Set<string>();
      const missing = pk.personaIds.filter((id) => !found.has(id));
      if (missing.length > 0) {
        throw new ApiError(
          "validation_error",
          `personaIds: no persona ${missing.join(", ")} in tenant '${tenantId}'`,
          missing.map((id) => ({ path: "personaIds", message: `Unknown persona ${id}` })),
        );
      }
    }
    // This server knows the new key's origins at once.
    for (const origin of pk?.allowedOrigins ?? []) this.originCache.delete(origin);
    const secret = opts.secret ?? `${pk ? PUBLISHABLE_PREFIX : KEY_PREFIX}${randomBase62(32)}`;
    const [row] = await this.db
      .insert(apiKeys)
      .values({
        id: newId(),
        tenantId,
        name: input.name,
        prefix: displayPrefix(secret),
        hash: hashSecret(secret),
        profile: input.profile,
        instanceAdmin: opts.instanceAdmin ?? false,
        createdByKeyId: opts.createdByKeyId ?? null,
        createdAt: this.now(),
        expiresAt: input.expiresAt ?? null,
        ...(pk
          ? {
              kind: "publishable",
              personaIds: [...new Set(pk.personaIds)],
              allowedOrigins: [...new Set(pk.allowedOrigins)],
              rateLimitPerMinute: pk.rateLimitPerMinute ?? DEFAULT_PUBLISHABLE_RATE,
            }
          : {}),
      })
      .returning();
    return { key: keyView(row as ApiKeyRow), secret };
  }

  async listKeys(tenantId: string, page: { limit: number; cursor?: string }): Promise<Page<ApiKeyView>> {
    const rows = await this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.tenantId, tenantId), afterCursor(apiKeys.createdAt, apiKeys.id, page.cursor)))
      .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
      .limit(page.limit + 1);
    return pageOf(rows, page.limit, (r) => ({ t: r.createdAt, id: r.id }), keyView);
  }

  async getKey(tenantId: string, keyId: string): Promise<ApiKeyView> {
    const [row] = await this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, keyId)));
    if (!row) throw notFound("API key");
    return keyView(row);
  }

  /**
   * Revokes a key (kept for the audit trail); revoking twice is harmless. An instance-admin key is
   * revoked only by an instance admin (`byInstanceAdmin`; the CLI, on the server's machine, is one):
   * otherwise any owner key of its tenant could take the instance's administration away.
   */
  async revokeKey(tenantId: string, keyId: string, opts: { byInstanceAdmin: boolean }): Promise<ApiKeyView> {
    const [row] = await this.db
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${this.now().toISOString()}::timestamptz)` })
      .where(
        and(
          eq(apiKeys.tenantId, tenantId),
          eq(apiKeys.id, keyId),
          opts.byInstanceAdmin ? undefined : eq(apiKeys.instanceAdmin, false),
        ),
      )
      .returning();
    if (!row) {
      if ((await this.getKey(tenantId, keyId)).instanceAdmin) {
        throw forbidden("This API key may not revoke an instance-admin key: it needs the instance admin key");
      }
      throw notFound("API key");
    }
    this.keyCache.delete(row.hash);
    if (row.kind === "publishable") this.originCache.clear();
    return keyView(row);
  }

  async createTenant(
    input: { id: string; name?: string },
    createdByKeyId: string | null,
  ): Promise<{ tenant: ReturnType<typeof tenantView>; key: ApiKeyView; secret: string }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(tenants)
        .values({ id: input.id, name: input.name ?? input.id, createdAt: this.now() })
        .onConflictDoNothing()
        .returning();
      if (!row) throw conflict(`Tenant '${input.id}' already exists`);
      const txAccess = new AccessService({ ...this.database, db: tx as never }, this.permissions, this.cache, this.now);
      const { key, secret } = await txAccess.createKey(
        row.id,
        { name: "Owner key", profile: "full" },
        { createdByKeyId },
      );
      return { tenant: tenantView(row), key, secret };
    });
  }

  async getTenant(id: string) {
    const [row] = await this.db.select().from(tenants).where(eq(tenants.id, id));
    if (!row) throw notFound("Tenant");
    return tenantView(row);
  }

  async listTenants(page: { limit: number; cursor?: string }) {
    const rows = await this.db
      .select()
      .from(tenants)
      .where(afterCursor(tenants.createdAt, tenants.id, page.cursor))
      .orderBy(desc(tenants.createdAt), desc(tenants.id))
      .limit(page.limit + 1);
    return pageOf(rows, page.limit, (r) => ({ t: r.createdAt, id: r.id }), tenantView);
  }

  /**
   * First start: the instance's first tenant and its owner key, which is also the instance admin.
   * Runs once per database (recorded in instance_meta), safely when several servers start together.
   * Returns the secret when it made a key now, so the caller can print it once.
   */
  async bootstrap(opts: { tenantId: string; secret?: string }): Promise<{ tenantId: string; secret: string | null }> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(727002)`);
      const [done] = await tx.select().from(instanceMeta).where(eq(instanceMeta.key, "bootstrap"));
      if (done) return { tenantId: (done.value as { tenantId: string }).tenantId, secret: null };
      const now = this.now();
      await tx.insert(tenants).values({ id: opts.tenantId, name: opts.tenantId, createdAt: now }).onConflictDoNothing();
      const txAccess = new AccessService({ ...this.database, db: tx as never }, this.permissions, this.cache, this.now);
      const { secret } = await txAccess.createKey(
        opts.tenantId,
        { name: "Bootstrap owner key", profile: "full" },
        { secret: opts.secret, instanceAdmin: true },
      );
      await tx.insert(instanceMeta).values({ key: "bootstrap", value: { tenantId: opts.tenantId }, updatedAt: now });
      return { tenantId: opts.tenantId, secret };
    });
  }
}

export const invalidKeyProfile = (profile: string) =>
  new ApiError("forbidden", `This API key cannot create a key with profile '${profile}': it exceeds its own rights`);
