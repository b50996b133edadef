import { randomUUID } from "node:crypto";
import type { LookupAddress } from "node:dns";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test/harness.ts";
import { ApiError } from "../../errors.ts";
import { webhookDeliveries } from "./schema.ts";
import { addressRange, assertPublicUrl, pinnedLookup, type Resolver, safeWebhookFetch } from "./ssrf.ts";

/** A fake DNS: names map to fixed answers, unknown names do not resolve. */
const DNS: Record<string, string[]> = {
  "public.example": ["93.184.216.34"],
  "v6.example": ["2606:4700:4700::1111"],
  "dns64.example": ["64:ff9b::808:808"],
  "private.example": ["10.0.0.5"],
  "metadata.example": ["169.254.169.254"],
  "mapped.example": ["::ffff:127.0.0.1"],
  "mixed.example": ["8.8.8.8", "127.0.0.1"],
  localhost: ["127.0.0.1"],
};
const fakeDns: Resolver = async (host) => {
  const answers = DNS[host.replace(/\.$/, "")];
  if (answers === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return answers.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

const refused = async (url: string, allowPrivate = false) => {
  try {
    await assertPublicUrl(url, allowPrivate, { lookup: fakeDns });
    return null;
  } catch (err) {
    expect(err, url).toBeInstanceOf(ApiError);
    expect((err as ApiError).details).toMatchObject([{ path: "escalationWebhookUrl" }]);
    return (err as ApiError).message;
  }
};

describe("addresses", () => {
  const refusedAddresses: [string, string][] = [
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["100.127.255.255", "carrierGradeNat"],
    ["198.18.0.1", "reserved"],
    ["198.19.255.255", "reserved"],
    ["192.0.0.8", "reserved"],
    ["192.0.2.1", "reserved"],
    ["198.51.100.7", "reserved"],
    ["203.0.113.9", "reserved"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "ipv4Mapped/loopback"],
    ["::ffff:7f00:1", "ipv4Mapped/loopback"],
    ["::ffff:169.254.169.254", "ipv4Mapped/linkLocal"],
    ["::ffff:10.0.0.1", "ipv4Mapped/private"],
    ["::ffff:0:7f00:1", "rfc6145"],
    ["::7f00:1", "ipv4Compatible"],
    ["::8.8.8.8", "ipv4Compatible"],
    ["64:ff9b::7f00:1", "rfc6052/loopback"],
    ["64:ff9b::a9fe:a9fe", "rfc6052/linkLocal"],
    ["64:ff9b:1::808:808", "nat64LocalUse"],
    ["2002:7f00:1::", "6to4/loopback"],
    ["2002:a9fe:a9fe::1", "6to4/linkLocal"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "teredo"],
    ["fe80::1", "linkLocal"],
    ["febf::1", "linkLocal"],
    ["fec0::1", "deprecatedSiteLocal"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "reserved"],
    ["100::1", "discard"],
    ["4000::1", "unallocated"],
    ["fe80::1%eth0", "scoped"],
    ["not-an-ip", "invalid"],
  ];
  it.each(refusedAddresses)("refuses %s (%s)", (ip, range) => {
    expect(addressRange(ip)).toBe(range);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
  ])("allows %s", (ip) => {
    expect(addressRange(ip)).toBe("unicast");
  });
});

describe("webhook URLs", () => {
  it.each([
    ["http://2130706433/", "127.0.0.1: loopback"],
    ["http://0x7f.1/", "127.0.0.1: loopback"],
    ["http://0177.0.0.1/", "127.0.0.1: loopback"],
    ["http://127.1/", "127.0.0.1: loopback"],
    ["http://0x7f000001/", "127.0.0.1: loopback"],
    ["http://127.0.0.1./", "127.0.0.1: loopback"],
    ["http://0/", "0.0.0.0: unspecified"],
    ["http://169.254.169.254/latest/meta-data/", "linkLocal"],
    ["http://[::ffff:127.0.0.1]/", "ipv4Mapped/loopback"],
    ["http://[::ffff:169.254.169.254]/", "ipv4Mapped/linkLocal"],
    ["http://[0:0:0:0:0:ffff:7f00:1]/", "ipv4Mapped/loopback"],
    ["http://[::127.0.0.1]/", "ipv4Compatible"],
    ["http://[64:ff9b::127.0.0.1]/", "rfc6052/loopback"],
    ["http://[2002:7f00:1::]/", "6to4/loopback"],
    ["http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "teredo"],
    ["http://[fec0::1]/", "deprecatedSiteLocal"],
    ["http://[::1]:8080/", "loopback"],
    ["http://[::]/", "unspecified"],
    ["http://localhost/", "localhost"],
    ["http://LOCALHOST./", "localhost"],
    ["http://api.localhost:3000/", "localhost"],
    ["http://private.example/", "10.0.0.5: private"],
    ["http://metadata.example./", "169.254.169.254: linkLocal"],
    ["http://mapped.example/", "ipv4Mapped/loopback"],
    ["http://mixed.example/", "127.0.0.1: loopback"],
    ["http://nowhere.example/", "cannot resolve nowhere.example"],
    ["http://example.com@127.0.0.1/", "credentials"],
    ["https://user:pass@public.example/", "credentials"],
    ["ftp://public.example/", "only http and https"],
    ["file:///etc/passwd", "only http and https"],
    ["gopher://public.example:70/", "only http and https"],
    ["http://public.example:22/", "port 22"],
    ["http://public.example:25/", "port 25"],
    ["not a url", "not a valid URL"],
  ])("refuses %s", async (url, reason) => {
    expect(await refused(url)).toContain(reason);
  });

  it.each([
    "https://public.example/hook",
    "http://public.example:8080/x?y=1",
    "http://public.example:443/",
    "https://8.8.8.8/",
    "http://[2606:4700:4700::1111]/",
    "https://v6.example/",
    "https://dns64.example/",
  ])("allows %s", async (url) => {
    expect(await refused(url)).toBeNull();
  });

  it("lifts the address rules, not the URL rules, when private destinations are allowed", async () => {
    for (const url of ["http://127.0.0.1:9999/", "http://localhost:3000/", "http://[::1]:8080/", "http://10.0.0.5/"]) {
      expect(await refused(url, true), url).toBeNull();
    }
    expect(await refused("ftp://127.0.0.1/", true)).toContain("only http and https");
    expect(await refused("http://a:b@127.0.0.1/", true)).toContain("credentials");
    expect(await refused("http://127.0.0.1:22/", true)).toContain("port 22");
  });
});

/** A listener that records requests and answers with `reply`. */
async function listener(
  host: string,
  port = 0,
  reply: (res: ServerResponse) => void = (res) => res.writeHead(204).end(),
) {
  const got: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    got.push(req);
    req.resume();
    req.on("end", () => reply(res));
  });
  await new Promise<void>((r) => server.listen(port, host, () => r()));
  return { server, got, port: (server.address() as AddressInfo).port };
}
const close = (server: Server) => new Promise<void>((r) => server.close(() => r()));
const post = { method: "POST" as const, headers: { "content-type": "application/json" }, body: "{}" };

describe("pinned delivery", () => {
  it("answers every lookup with the checked address", () => {
    const lookup = pinnedLookup("93.184.216.34", 4);
    const answers: unknown[] = [];
    lookup("evil.example", { all: true }, (_e, a: LookupAddress[] | string) => answers.push(a));
    lookup("evil.example", {}, (_e, a: LookupAddress[] | string, f?: number) => answers.push([a, f]));
    expect(answers).toEqual([[{ address: "93.184.216.34", family: 4 }], ["93.184.216.34", 4]]);
  });

  // DNS rebinding: the name answers one address for the check and another afterwards. Only loopback
  // listeners here (a test never sends traffic off this machine): the second answer is never asked for.
  it("connects to the address resolved once, with the URL's host in the Host header", async () => {
    const a = await listener("127.0.0.1");
    const b = await listener("127.0.0.2", a.port);
    const calls: string[] = [];
    const rebinding: Resolver = async (host) => {
      calls.push(host);
      return [{ address: calls.length === 1 ? "127.0.0.1" : "127.0.0.2", family: 4 }];
    };
    try {
      const res = await safeWebhookFetch(`http://hook.example:${a.port}/x`, post, {
        allowPrivate: true,
        lookup: rebinding,
      });
      expect(res).toEqual({ status: 204, ok: true });
      expect(calls).toEqual(["hook.example"]);
      expect(a.got.map((r) => [r.headers.host, r.url])).toEqual([[`hook.example:${a.port}`, "/x"]]);
      expect(b.got).toHaveLength(0);
    } finally {
      await close(a.server);
      await close(b.server);
    }
  });

  it("refuses a private literal before connecting, does not follow redirects, and times out", async () => {
    const target = await listener("127.0.0.1");
    const redirector = await listener("127.0.0.1", 0, (res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${target.port}/` }).end(),
    );
    const silent = await listener("127.0.0.1", 0, () => {});
    try {
      await expect(
        safeWebhookFetch(`http://[::ffff:127.0.0.1]:${target.port}/`, post, { allowPrivate: false }),
      ).rejects.toThrow(/ipv4Mapped\/loopback/);
      expect(target.got).toHaveLength(0);
      const res = await safeWebhookFetch(`http://127.0.0.1:${redirector.port}/`, post, { allowPrivate: true });
      expect(res).toEqual({ status: 302, ok: false });
      expect(target.got).toHaveLength(0);
      await expect(
        safeWebhookFetch(`http://127.0.0.1:${silent.port}/`, post, { allowPrivate: true, timeoutMs: 200 }),
      ).rejects.toThrow();
      expect(silent.got).toHaveLength(1);
    } finally {
      for (const l of [target, redirector, silent]) l.server.closeAllConnections();
      await Promise.all([close(target.server), close(redirector.server), close(silent.server)]);
    }
  });
});

describe("through HTTP (private destinations not allowed)", () => {
  let s: TestServer;
  let hook: Awaited<ReturnType<typeof listener>>;
  beforeAll(async () => {
    s = await startTestServer({ env: { JOB_POLL_INTERVAL_SECONDS: "0.5" } });
    hook = await listener("127.0.0.1");
  });
  afterAll(async () => {
    await s?.close();
    if (hook) await close(hook.server);
  });

  it("refuses an IPv4-mapped loopback webhook with 400", async () => {
    const t = await s.newTenant();
    for (const url of [`http://[::ffff:127.0.0.1]:${hook.port}/`, `http://0x7f.1:${hook.port}/`]) {
      const res = await s.request("PUT", "/personas/safety-policy", {
        key: t.key,
        body: { escalationWebhookUrl: url },
      });
      expect(res.status, url).toBe(400);
      expect(res.body).toMatchObject({ code: "validation_error", details: [{ path: "escalationWebhookUrl" }] });
    }
  });

  it("never delivers to a private URL stored without going through PUT", async () => {
    const t = await s.newTenant();
    const urls = [`http://[::ffff:127.0.0.1]:${hook.port}/hook`, `http://localhost:${hook.port}/hook`];
    const ids: string[] = [];
    for (const url of urls) {
      const id = randomUUID();
      ids.push(id);
      await s.ctx.database.db.insert(webhookDeliveries).values({
        id,
        tenantId: t.tenantId,
        event: "session.escalated",
        url,
        payload: { event: "session.escalated" },
        status: "pending",
        createdAt: new Date(),
      });
      await s.ctx.runs.create(t.tenantId, { id, kind: "safety.webhook", payload: {} });
    }
    const attempted = async () => (await s.ctx.safety.deliveries(t.tenantId)).filter((d) => d.attempts > 0);
    let log = await attempted();
    for (let i = 0; i < 300 && log.length < urls.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      log = await attempted();
    }
    const byUrl = Object.fromEntries(log.map((d) => [d.url, d]));
    expect(byUrl[urls[0] as string]).toMatchObject({ lastStatusCode: null, deliveredAt: null });
    expect(byUrl[urls[0] as string]?.lastError).toContain("ipv4Mapped/loopback");
    expect(byUrl[urls[1] as string]?.lastError).toContain("localhost");
    expect(hook.got).toHaveLength(0);
  });
});
