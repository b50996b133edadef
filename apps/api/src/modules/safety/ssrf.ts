import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { ApiError } from "../../errors.ts";

/**
 * Tenant-supplied URLs (escalation webhooks) must not reach this server's own network: loopback,
 * private, link-local, CGNAT, multicast and reserved ranges are refused unless the operator allows
 * private destinations (`ALLOW_PRIVATE_WEBHOOKS=true`, e.g. for an internal ticketing system).
 */
export function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a = 0, b = 0] = ip.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  const v6 = ip.toLowerCase();
  if (v6.startsWith("::ffff:")) return isPrivateAddress(v6.slice(7));
  return (
    v6 === "::" ||
    v6 === "::1" ||
    v6.startsWith("fc") ||
    v6.startsWith("fd") ||
    v6.startsWith("fe8") ||
    v6.startsWith("fe9") ||
    v6.startsWith("fea") ||
    v6.startsWith("feb") ||
    v6.startsWith("ff")
  );
}

/** Throws a 400 when the URL's host is (or resolves to) a refused address. */
export async function assertPublicUrl(url: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) {
    throw new ApiError("validation_error", `escalationWebhookUrl: cannot resolve ${host}`, [
      { path: "escalationWebhookUrl", message: "Host does not resolve" },
    ]);
  }
  if (addresses.some(isPrivateAddress)) {
    throw new ApiError(
      "validation_error",
      "escalationWebhookUrl: loopback and private network addresses are not allowed",
      [{ path: "escalationWebhookUrl", message: "Private or loopback address" }],
    );
  }
}
