/**
 * In-process caches of database rows, one interface whatever the deployment (DESIGN.md §5: no driver
 * checks in modules). A service asks for a named scope and says how stale an entry may be served when
 * other servers can change the rows; the provider, chosen once at startup, decides what that means:
 *
 * - exclusive: this process owns the database (embedded PGlite: in process, behind its lock file), so
 *   every write passes through this process's services, which invalidate what they change. Entries live
 *   until invalidated (or pushed out by `maxEntries`): exact, and the TTL is not needed.
 * - shared: several servers on one PostgreSQL. An entry is served for `ttlMs` at most; a scope with
 *   `ttlMs: 0` caches nothing (the rows must always be read).
 * - off: nothing is cached (debugging, or a deployment that wants every read to reach the database).
 */

export type CacheMode = "exclusive" | "shared" | "off";

export interface CacheScopeOptions {
  /** Entries kept at most; the oldest is dropped to make room. */
  maxEntries: number;
  /** How long an entry may be served when other servers share the database; 0 = not cached then. */
  ttlMs: number;
}

export interface CacheScope<V> {
  /** The value, when held and still fresh. */
  get(key: string): V | undefined;
  /**
   * The value held even past its TTL: a hint, never an answer (e.g. "this process has seen this key
   * before"). Undefined when nothing is held.
   */
  peek(key: string): V | undefined;
  set(key: string, value: V): void;
  delete(key: string): void;
  clear(): void;
}

export interface CacheProvider {
  readonly mode: CacheMode;
  /** The scope of this name (the same one on every call: services built twice share it). */
  scope<V>(name: string, opts: CacheScopeOptions): CacheScope<V>;
}

/** Insertion-ordered map with a bound: the oldest entry goes first. */
class BoundedMap<E> {
  readonly entries = new Map<string, E>();
  constructor(private readonly max: number) {}
  put(key: string, entry: E) {
    if (this.entries.size >= this.max && !this.entries.has(key)) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, entry);
  }
}

/** Exact: no clock, no timestamps (the hot path of every prompt reads its persona through one). */
class ExactScope<V> extends BoundedMap<V> implements CacheScope<V> {
  get(key: string) {
    return this.entries.get(key);
  }
  peek(key: string) {
    return this.entries.get(key);
  }
  set(key: string, value: V) {
    this.put(key, value);
  }
  delete(key: string) {
    this.entries.delete(key);
  }
  clear() {
    this.entries.clear();
  }
}

/** Served for `ttlMs` after it was set; kept (for `peek`) until replaced, deleted or pushed out. */
class ExpiringScope<V> extends BoundedMap<{ value: V; at: number }> implements CacheScope<V> {
  constructor(
    max: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {
    super(max);
  }
  get(key: string) {
    const hit = this.entries.get(key);
    return hit && this.now() - hit.at < this.ttlMs ? hit.value : undefined;
  }
  peek(key: string) {
    return this.entries.get(key)?.value;
  }
  set(key: string, value: V) {
    this.put(key, { value, at: this.now() });
  }
  delete(key: string) {
    this.entries.delete(key);
  }
  clear() {
    this.entries.clear();
  }
}

const NONE: CacheScope<never> = {
  get: () => undefined,
  peek: () => undefined,
  set: () => {},
  delete: () => {},
  clear: () => {},
};

/** `now` in ms (tests pass the clock they move, instead of sleeping past a TTL). */
export function createCacheProvider(mode: CacheMode, now: () => number = Date.now): CacheProvider {
  const scopes = new Map<string, CacheScope<unknown>>();
  const make = (opts: CacheScopeOptions): CacheScope<unknown> => {
    if (mode === "exclusive") return new ExactScope(opts.maxEntries);
    if (mode === "shared" && opts.ttlMs > 0) return new ExpiringScope(opts.maxEntries, opts.ttlMs, now);
    return NONE;
  };
  return {
    mode,
    scope<V>(name: string, opts: CacheScopeOptions): CacheScope<V> {
      let scope = scopes.get(name);
      if (!scope) {
        scope = make(opts);
        scopes.set(name, scope);
      }
      return scope as CacheScope<V>;
    },
  };
}

/**
 * `CACHE_MODE` resolved against the database: `auto` is exclusive when only this process can reach the
 * database (embedded PGlite), shared otherwise.
 */
export function cacheModeFor(setting: CacheMode | "auto", database: { exclusive: boolean }): CacheMode {
  if (setting !== "auto") return setting;
  return database.exclusive ? "exclusive" : "shared";
}
