import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./types.ts";

/**
 * Security headers on every response. The API answers JSON, so its policy forbids everything a
 * document could load (`default-src 'none'`) and any framing. Only the headers that matter for an API
 * are set (each costs a little on every request). Not set here: Strict-Transport-Security (TLS ends at
 * the deployment's proxy, which knows whether HTTPS is guaranteed) and Cross-Origin-Resource-Policy
 * (the widget script is loaded by other sites).
 */
export const securityHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xContentTypeOptions: "nosniff",
  referrerPolicy: "no-referrer",
  xFrameOptions: "DENY",
  // A page that set its own policy (the API reference) keeps it.
  overwrite: false,
  strictTransportSecurity: false,
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  crossOriginEmbedderPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
});

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;

/** The policy of an HTML page: its own scripts and inline scripts by hash, styles inline (Scalar injects them). */
export function htmlPagePolicy(html: string): string {
  const hashes = [...html.matchAll(INLINE_SCRIPT)].map(
    (m) =>
      `'sha256-${createHash("sha256")
        .update(m[1] ?? "")
        .digest("base64")}'`,
  );
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(" ")}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Gives an HTML page (the API reference at /docs) the policy that lets exactly its own scripts run. */
export const htmlPageCsp: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const res = c.res;
  if (!res.headers.get("content-type")?.includes("text/html")) return;
  // A new response: a header set on this one after reading a clone of its body did not reach the
  // client (@hono/node-server's light responses).
  const html = await res.text();
  const headers = new Headers(res.headers);
  headers.set("content-security-policy", htmlPagePolicy(html));
  c.res = new Response(html, { status: res.status, headers });
};
