import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import { htmlPageCsp } from "../../http/security-headers.ts";
import type { AppEnv } from "../../http/types.ts";

/**
 * `/docs`: the interactive API reference (Scalar) rendered from /openapi.json. Its script bundle is
 * served from our own node_modules (never a CDN), and its web fonts are turned off, so the page
 * works offline.
 */
function scalarBundlePath(): string {
  const entry = fileURLToPath(import.meta.resolve("@scalar/api-reference"));
  return path.join(path.dirname(entry), "browser", "standalone.js");
}

let bundle: Buffer | undefined;

export function registerDocsRoutes(app: OpenAPIHono<AppEnv>) {
  app.use("/docs", htmlPageCsp);
  app.get("/docs/scalar.js", (c) => {
    bundle ??= readFileSync(scalarBundlePath());
    return c.body(new Uint8Array(bundle), 200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=86400",
    });
  });
  app.get(
    "/docs",
    Scalar({
      url: "/openapi.json",
      cdn: "/docs/scalar.js",
      pageTitle: "person.run API reference",
      withDefaultFonts: false,
      telemetry: false,
    } as Parameters<typeof Scalar>[0]),
  );
}
