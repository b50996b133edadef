import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ApiError } from "../../errors.ts";
import { htmlPagePolicy } from "../../http/security-headers.ts";
import type { AppEnv } from "../../http/types.ts";

/**
 * The dashboard's files from apps/dashboard/dist (built by `npm ci`'s postinstall and by `npm start`).
 * Hashed assets are immutable for a year; index.html is revalidated every time (a new build reaches the
 * browser at once) and answers every other path under /dashboard (the app routes in the browser).
 * Files are read once and kept: the build is fixed for the life of the process.
 */
const DIST = fileURLToPath(new URL("../../../../dashboard/dist/", import.meta.url));
const ASSET = /^[\w.-]+$/;
const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
  ".map": "application/json",
};

const cache = new Map<string, Buffer | null>();
function read(rel: string): Buffer | null {
  let b = cache.get(rel);
  if (b === undefined) {
    try {
      b = readFileSync(path.join(DIST, rel));
    } catch {
      b = null;
    }
    cache.set(rel, b);
  }
  return b;
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>person.run dashboard</title></head>
<body><main><h1>The dashboard is not built</h1><p>Run <code>npm run build:dashboard</code> (or <code>npm ci</code>, which builds it) and reload.</p></main></body></html>`;

function index(c: Context<AppEnv>) {
  const html = read("index.html")?.toString("utf8");
  const body = html ?? NOT_BUILT;
  return c.body(body, html ? 200 : 503, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-cache",
    "content-security-policy": htmlPagePolicy(body),
  });
}

export function registerDashboardRoutes(app: OpenAPIHono<AppEnv>) {
  app.get("/dashboard/assets/:file", (c) => {
    const file = c.req.param("file");
    const body = ASSET.test(file) ? read(`assets/${file}`) : null;
    if (!body)
      throw new ApiError("not_found", "No such dashboard asset (the page may be from an older build: reload it)");
    return c.body(new Uint8Array(body), 200, {
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "cache-control": "public, max-age=31536000, immutable",
    });
  });
  app.get("/dashboard", index);
  app.get("/dashboard/*", index);
}
