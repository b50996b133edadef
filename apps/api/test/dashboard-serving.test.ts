import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.ts";

/** /dashboard: the built single-page app, its cache headers, its SPA fallback and its page policy. */
let s: TestServer;
const ASSETS = fileURLToPath(new URL("../../dashboard/dist/assets/", import.meta.url));

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

describe("dashboard serving", () => {
  it("serves index.html at /dashboard and for every app path, revalidated, under a strict policy", async () => {
    for (const path of ["/dashboard", "/dashboard/", "/dashboard/personas/abc", "/dashboard/studies/x/runs/y"]) {
      const res = await fetch(`${s.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(res.headers.get("cache-control")).toBe("no-cache");
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("connect-src 'self'");
      const html = await res.text();
      expect(html).toMatch(/<script type="module" crossorigin src="\/dashboard\/assets\/index-[\w-]+\.js">/);
    }
  });

  it("serves hashed assets as immutable, and 404s (in the API's error shape) for anything else", async () => {
    const files = readdirSync(ASSETS);
    const js = files.find((f) => f.endsWith(".js")) as string;
    const css = files.find((f) => f.endsWith(".css")) as string;
    const a = await fetch(`${s.url}/dashboard/assets/${js}`);
    expect(a.status).toBe(200);
    expect(a.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(a.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await fetch(`${s.url}/dashboard/assets/${css}`)).headers.get("content-type")).toContain("text/css");
    for (const bad of ["nope.js", "..%2F..%2Fpackage.json", "%2e%2e%2findex.html"]) {
      const r = await fetch(`${s.url}/dashboard/assets/${bad}`);
      expect(r.status, bad).toBe(404);
      expect(await r.json()).toMatchObject({ code: "not_found", error: expect.any(String) });
    }
  });
});
