import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest, type OutgoingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { ApiError } from "../../errors.ts";

/**
 * Tenant-supplied URLs (escalation webhooks) must not reach this server's own network. An address may be
 * reached only when ipaddr.js calls it `unicast` after unwrapping the IPv4 address some IPv6 forms carry;
 * the host is resolved once and the connection goes to the address that was checked (no DNS rebinding).
 * `ALLOW_PRIVATE_WEBHOOKS=true` lifts the address rules (e.g. for an internal ticketing system); the URL
 * rules (scheme, credentials, ports) always apply.
 */

/** Resolves a host name to all its addresses; injectable so tests can fake DNS (rebinding included). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

const WEBHOOK_TIMEOUT_MS = 10_000;
/**
 * Ports a webhook may use: the defaults and unprivileged ports (receivers often listen on 3000, 8080, 8443).
 * Ports 1–1023 other than 80/443 belong to other protocols (SMTP, SSH, …) that a POST could be smuggled into.
 */
const isAllowedPort = (port: number) => port === 80 || port === 443 || (port >= 1024 && port <= 65535);

const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);

/**
 * The range of an address, `"unicast"` for the only kind a webhook may reach. IPv6 forms that carry an IPv4
 * address are judged by that address (`::ffff:127.0.0.1` is `ipv4Mapped/loopback`): IPv4-mapped, NAT64
 * `64:ff9b::/96`, 6to4 `2002::/16`. IPv4-compatible `::a.b.c.d` (deprecated), the local-use NAT64 prefix
 * `64:ff9b:1::/48`, Teredo and anything outside global unicast `2000::/3` are refused outright.
 */
export function addressRange(ip: string): string {
  const kind = isIP(ip);
  if (kind === 0) return "invalid";
  if (kind === 4) return ipaddr.IPv4.parse(ip).range();
  // A zone id (`fe80::1%eth0`, which a resolver may return) only exists on link-local addresses.
  if (ip.includes("%")) return "scoped";
  // ipaddr.js reads any dotted tail as IPv4-mapped (`::8.8.8.8` → `::ffff:808:808`); the WHATWG
  // serialiser writes the tail in hex first, so the bits are the ones the socket would use.
  const v6 = ipaddr.IPv6.parse(new URL(`http://[${ip}]/`).hostname.slice(1, -1));
  const p = v6.parts as [number, number, number, number, number, number, number, number];
  const range = v6.range();
  if (range === "unspecified" || range === "loopback") return range;
  if (p.slice(0, 6).every((x) => x === 0)) return "ipv4Compatible";
  let inner: ipaddr.IPv4 | null = null;
  if (range === "ipv4Mapped") inner = v4(p[6], p[7]);
  else if (range === "rfc6052") {
    if (p[2] !== 0 || p[3] !== 0 || p[4] !== 0 || p[5] !== 0) return "nat64LocalUse";
    inner = v4(p[6], p[7]);
  } else if (range === "6to4") inner = v4(p[1], p[2]);
  if (inner !== null) {
    const innerRange = inner.range();
    return innerRange === "unicast" ? "unicast" : `${range}/${innerRange}`;
  }
  if (range === "unicast" && (p[0] & 0xe000) !== 0x2000) return "unallocated";
  return range;
}

/** True for every address a webhook may not reach (loopback, private, link-local, reserved, …). */
export function isPrivateAddress(ip: string): boolean {
  return addressRange(ip) !== "unicast";
}

const refuse = (message: string) =>
  new ApiError("validation_error", `escalationWebhookUrl: ${message}`, [{ path: "escalationWebhookUrl", message }]);

/** Host name or literal address of a URL, without IPv6 brackets. */
const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, "");

/**
 * Parses a webhook URL and applies the URL rules. The WHATWG parser has already turned `2130706433`,
 * `0x7f.1`, `0177.0.0.1` and `127.1` into dotted IPv4 and `[::ffff:127.0.0.1]` into `[::ffff:7f00:1]`, so the
 * address rules see every spelling in one form.
 */
function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw refuse("only http and https are allowed");
  // `http://example.com@127.0.0.1/` goes to 127.0.0.1; credentials in a URL are refused whatever the host.
  if (url.username !== "" || url.password !== "") throw refuse("credentials in the URL are not allowed");
  if (url.port !== "" && !isAllowedPort(Number(url.port))) {
    throw refuse(`port ${url.port} is not allowed (use 80, 443 or a port from 1024)`);
  }
  return url;
}

function deadline(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(signal.reason ?? new Error("aborted"));
    if (signal.aborted) fail();
    else signal.addEventListener("abort", fail, { once: true });
  });
}

interface Target {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** Resolves the host once and checks every address it has; the first one is the address to connect to. */
async function resolveTarget(
  raw: string,
  opts: { allowPrivate: boolean; lookup?: Resolver; signal: AbortSignal },
): Promise<Target> {
  const url = parseWebhookUrl(raw);
  const host = hostOf(url);
  const name = host.toLowerCase().replace(/\.$/, "");
  // RFC 6761: localhost and its subdomains are loopback whatever a resolver says.
  if (!opts.allowPrivate && (name === "localhost" || name.endsWith(".localhost"))) {
    throw refuse("loopback and private network addresses are not allowed (localhost)");
  }
  let addresses: { address: string; family: number }[];
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }];
  else {
    const resolve = opts.lookup ?? systemResolver;
    addresses = await Promise.race([resolve(host), deadline(opts.signal)]).catch(() => []);
  }
  const first = addresses[0];
  if (first === undefined) throw refuse(`cannot resolve ${host}${opts.signal.aborted ? " (timed out)" : ""}`);
  if (!opts.allowPrivate) {
    for (const { address } of addresses) {
      const range = addressRange(address);
      if (range !== "unicast") {
        throw refuse(`loopback and private network addresses are not allowed (${address}: ${range})`);
      }
    }
  }
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** Throws a 400 when the URL breaks the URL rules or its host is (or resolves to) a refused address. */
export async function assertPublicUrl(url: string, allowPrivate: boolean, opts: { lookup?: Resolver } = {}) {
  await resolveTarget(url, { allowPrivate, lookup: opts.lookup, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
}

/** A `lookup` for `net.connect` that answers with the already-checked address whatever it is asked. */
export function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

export interface WebhookRequest {
  method: "POST";
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends a webhook to the address that was checked: the host is resolved once, every address is checked, and
 * the socket connects to the first one through a pinned `lookup` (the `Host` header and the TLS server name
 * stay the URL's host, so certificates are verified as usual). Redirects are not followed (a 3xx is not `ok`);
 * the response body is not read. Rejects with a 400 `ApiError` for a refused URL, or the network error.
 */
export async function safeWebhookFetch(
  raw: string,
  init: WebhookRequest,
  opts: { allowPrivate: boolean; lookup?: Resolver; timeoutMs?: number },
): Promise<{ status: number; ok: boolean }> {
  const signal = AbortSignal.timeout(opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
  const { url, address, family } = await resolveTarget(raw, { ...opts, signal });
  const headers: OutgoingHttpHeaders = { ...init.headers, "content-length": Buffer.byteLength(init.body) };
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        protocol: url.protocol,
        hostname: hostOf(url),
        port: url.port === "" ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: init.method,
        headers,
        lookup: pinnedLookup(address, family),
        // A fresh connection each time: a pooled socket would skip the pinned lookup's guarantee.
        agent: false,
        signal,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.destroy();
        resolve({ status, ok: status >= 200 && status < 300 });
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}
