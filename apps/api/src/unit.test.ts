import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";
import { newId, randomBase62, UUID_RE } from "./ids.ts";
import { PermissionTable } from "./modules/access/permissions.ts";
import { resolveTenant } from "./modules/access/scope.ts";
import { summaryOf } from "./modules/personas/service.ts";
import { MODULES } from "./modules/registry.ts";
import { decodeCursor, encodeCursor } from "./pagination.ts";
import type { KEY_PROFILES, Permission } from "./shared/permissions.ts";

describe("config", () => {
  it("has the documented defaults", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      databaseUrl: undefined,
      bootstrapTenant: "default",
      logLevel: "info",
    });
    expect(c.dataDir.endsWith(".person-run/data")).toBe(true);
  });
  it("reads CORS_ORIGINS as exact origins or `*`, off when unset", () => {
    expect(loadConfig({}).corsOrigins).toBeNull();
    expect(loadConfig({ CORS_ORIGINS: "*" }).corsOrigins).toBe("*");
    expect(
      loadConfig({ CORS_ORIGINS: "https://App.example.com, http://localhost:5173,http://[::1]:8080" }),
    ).toMatchObject({ corsOrigins: ["https://app.example.com", "http://localhost:5173", "http://[::1]:8080"] });
  });
  it("treats empty strings as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" })).toMatchObject({ port: 8080, databaseUrl: undefined });
  });
  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ PERSON_RUN_BOOTSTRAP_KEY: "short" }, "PERSON_RUN_BOOTSTRAP_KEY"],
    [{ PERSON_RUN_BOOTSTRAP_TENANT: "has space" }, "PERSON_RUN_BOOTSTRAP_TENANT"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ CORS_ORIGINS: "https://app.example.com/" }, "CORS_ORIGINS"],
    [{ CORS_ORIGINS: "https://app.example.com/dashboard" }, "CORS_ORIGINS"],
    [{ CORS_ORIGINS: "app.example.com" }, "CORS_ORIGINS"],
    [{ CORS_ORIGINS: "*,https://app.example.com" }, "CORS_ORIGINS"],
  ])("rejects %j naming %s", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe("ids", () => {
  it("makes time-ordered v7 UUIDs", () => {
    const a = newId(1_700_000_000_000);
    const b = newId(1_700_000_000_001);
    expect(a).toMatch(UUID_RE);
    expect(a[14]).toBe("7");
    expect(["8", "9", "a", "b"]).toContain(a[19]);
    expect(a < b).toBe(true);
  });
  it("makes base62 secrets of the asked length", () => {
    const s = randomBase62(32);
    expect(s).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(randomBase62(32)).not.toBe(s);
  });
});

describe("cursors", () => {
  it("round-trip and reject garbage", () => {
    const pos = { t: new Date("2026-02-20T12:00:00.123Z"), id: "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e" };
    expect(decodeCursor(encodeCursor(pos))).toEqual(pos);
    for (const bad of [
      "",
      "xyz",
      Buffer.from("[1,2]").toString("base64url"),
      Buffer.from('["nope","a"]').toString("base64url"),
    ]) {
      expect(() => decodeCursor(bad)).toThrow("cursor");
    }
  });
});

describe("key profiles", () => {
  const table = new PermissionTable(MODULES);
  const all: Permission[] = table.names;
  const grants = (profile: (typeof KEY_PROFILES)[number], instanceAdmin = false) =>
    all.filter((p) => table.can({ profile, instanceAdmin }, p));
  // What each other profile may do is the route × profile table in docs/keys-and-tenants.md, which
  // modules/access/least-privilege.test.ts checks against the grants (the one copy of the matrix).
  it("give full keys everything but the instance admin's and the publishable keys' widget:use", () => {
    // widget:use is held by no profile: only a publishable key reaches the widget routes (docs/widget.md).
    expect(all).toContain("widget:use");
    expect(grants("full")).toEqual(all.filter((p) => p !== "tenants:admin" && p !== "widget:use"));
    expect(grants("full", true)).toEqual(all.filter((p) => p !== "widget:use"));
  });
  it("never let a key mint a stronger one", () => {
    expect(table.profileWithin("full", "full")).toBe(true);
    expect(table.profileWithin("read-only", "editor")).toBe(true);
    expect(table.profileWithin("full", "editor")).toBe(false);
    expect(table.profileWithin("prompt-only", "read-only")).toBe(false);
  });
});

describe("tenant resolution", () => {
  const scope = { keyId: "k", profile: "full" as const, instanceAdmin: false, permissions: new Set<Permission>() };
  it("uses the only tenant when omitted, checks membership when given", () => {
    expect(resolveTenant({ ...scope, tenantIds: ["a"] }, undefined)).toBe("a");
    expect(resolveTenant({ ...scope, tenantIds: ["a", "b"] }, "b")).toBe("b");
    expect(() => resolveTenant({ ...scope, tenantIds: ["a"] }, "b")).toThrow("does not have access");
    expect(() => resolveTenant({ ...scope, tenantIds: ["a", "b"] }, undefined)).toThrow("tenantId is required");
  });
});

describe("summary", () => {
  it("follows the compat template", () => {
    expect(
      summaryOf({
        firstName: "Aria",
        lastName: "Chen",
        age: 32,
        location: "San Francisco",
        baseOccupation: "Product designer",
      }),
    ).toBe("Aria Chen, 32, based in San Francisco, works as Product designer.");
  });
});
