import { describe, expect, it } from "vitest";
import { cacheModeFor, createCacheProvider } from "./cache.ts";

/** A clock the test moves: no sleeping past a TTL. */
function clock() {
  let t = 1_000_000;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

describe("the exclusive cache", () => {
  it("keeps an entry until it is deleted or cleared, whatever the TTL", () => {
    const c = clock();
    const scope = createCacheProvider("exclusive", c.now).scope<string>("s", { maxEntries: 10, ttlMs: 5_000 });
    scope.set("a", "A");
    scope.set("b", "B");
    c.advance(3_600_000);
    expect(scope.get("a")).toBe("A");
    scope.delete("a");
    expect(scope.get("a")).toBeUndefined();
    expect(scope.peek("a")).toBeUndefined();
    scope.clear();
    expect(scope.get("b")).toBeUndefined();
  });

  it("caches scopes that say ttl 0 (nothing else writes the rows)", () => {
    const scope = createCacheProvider("exclusive").scope<number>("s", { maxEntries: 10, ttlMs: 0 });
    scope.set("a", 1);
    expect(scope.get("a")).toBe(1);
  });

  it("drops the oldest entry past maxEntries; replacing an entry makes no room", () => {
    const scope = createCacheProvider("exclusive").scope<number>("s", { maxEntries: 2, ttlMs: 0 });
    scope.set("a", 1);
    scope.set("b", 2);
    scope.set("b", 3);
    expect([scope.get("a"), scope.get("b")]).toEqual([1, 3]);
    scope.set("c", 4);
    expect([scope.get("a"), scope.get("b"), scope.get("c")]).toEqual([undefined, 3, 4]);
  });

  it("gives the same scope for the same name, separate ones for other names and providers", () => {
    const provider = createCacheProvider("exclusive");
    const a = provider.scope<number>("a", { maxEntries: 10, ttlMs: 0 });
    a.set("k", 1);
    expect(provider.scope<number>("a", { maxEntries: 10, ttlMs: 0 }).get("k")).toBe(1);
    expect(provider.scope<number>("b", { maxEntries: 10, ttlMs: 0 }).get("k")).toBeUndefined();
    expect(createCacheProvider("exclusive").scope<number>("a", { maxEntries: 10, ttlMs: 0 }).get("k")).toBeUndefined();
  });
});

describe("the shared cache", () => {
  it("serves an entry for its TTL, then no longer; peek still sees it", () => {
    const c = clock();
    const scope = createCacheProvider("shared", c.now).scope<string>("s", { maxEntries: 10, ttlMs: 5_000 });
    scope.set("a", "A");
    c.advance(4_999);
    expect(scope.get("a")).toBe("A");
    c.advance(1);
    expect(scope.get("a")).toBeUndefined();
    expect(scope.peek("a")).toBe("A");
    scope.set("a", "A2");
    expect(scope.get("a")).toBe("A2");
    scope.delete("a");
    expect(scope.peek("a")).toBeUndefined();
  });

  it("caches nothing in a scope with ttl 0 (the rows must always be read)", () => {
    const scope = createCacheProvider("shared").scope<number>("s", { maxEntries: 10, ttlMs: 0 });
    scope.set("a", 1);
    expect(scope.get("a")).toBeUndefined();
    expect(scope.peek("a")).toBeUndefined();
  });

  it("drops the oldest entry past maxEntries", () => {
    const scope = createCacheProvider("shared").scope<number>("s", { maxEntries: 2, ttlMs: 60_000 });
    scope.set("a", 1);
    scope.set("b", 2);
    scope.set("c", 3);
    expect([scope.peek("a"), scope.get("b"), scope.get("c")]).toEqual([undefined, 2, 3]);
  });
});

describe("cache modes", () => {
  it("off caches nothing at all", () => {
    const scope = createCacheProvider("off").scope<number>("s", { maxEntries: 10, ttlMs: 60_000 });
    scope.set("a", 1);
    expect(scope.get("a")).toBeUndefined();
    expect(scope.peek("a")).toBeUndefined();
  });

  it("auto is exclusive on a database only this process reaches, shared otherwise", () => {
    expect(cacheModeFor("auto", { exclusive: true })).toBe("exclusive");
    expect(cacheModeFor("auto", { exclusive: false })).toBe("shared");
    expect(cacheModeFor("off", { exclusive: true })).toBe("off");
    expect(cacheModeFor("exclusive", { exclusive: false })).toBe("exclusive");
  });
});
