/**
 * Test fixtures: one live server per test file (`person-run serve` on a fresh embedded data dir, through
 * bench/servers.ts), a fresh tenant per test, and a fault-injecting HTTP proxy to put in front of it.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type ApiServer, startApiServer } from "../../../bench/servers.ts";
import { PersonRun } from "../src/index.ts";

export type { ApiServer };

/**
 * Always the embedded database on a fresh data dir, also in CI's PostgreSQL pass: a second server on the
 * shared test database would take jobs queued by the API's own tests.
 */
export const startServer = () =>
  startApiServer({
    name: "sdk-ts test server",
    env: { DATABASE_URL: "", LOG_LEVEL: "warn", JOB_POLL_INTERVAL_SECONDS: "0.5" },
  });

export interface Tenant {
  tenantId: string;
  key: string;
  /** A client on this tenant's owner key, `tenantId` set. */
  pr: PersonRun;
}

/** A new tenant through the SDK itself (`tenants.create` with the instance admin key). */
export async function newTenant(api: ApiServer, options: { baseURL?: string } = {}): Promise<Tenant> {
  const admin = new PersonRun({ apiKey: api.apiKey, baseURL: api.url });
  const id = `sdk-${randomBytes(6).toString("hex")}`;
  const { tenant, secret } = await admin.tenants.create({ id, name: `SDK test ${id}` });
  if (!secret) throw new Error("no secret for the new tenant's key");
  const pr = new PersonRun({ apiKey: secret, baseURL: options.baseURL ?? api.url, tenantId: tenant.id });
  return { tenantId: tenant.id, key: secret, pr };
}

export const seed = (over: Record<string, unknown> = {}) => ({
  firstName: "Ada",
  lastName: "Lovelace",
  age: 36,
  location: "London, UK",
  baseOccupation: "Mathematician",
  ...over,
});

/** Polls `fn` until it returns a value other than null/undefined; a bound on a hang, not a timing check. */
export async function until<T>(fn: () => Promise<T | null | undefined>, what: string, timeoutMs = 25_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** What the proxy does to one request that matches. */
export type Fault =
  /** Answer with this status (and headers/body) without reaching the server. */
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: unknown }
  /** Answer 200 with this raw body and content type, without reaching the server. */
  | { kind: "raw"; contentType: string; body: string }
  /** Let the server do the work, then answer 503 instead of its response. */
  | { kind: "503-after-server" }
  /** Let the server do the work, then drop the connection: the response is lost. */
  | { kind: "drop-after-server" }
  /** Never answer (until the client gives up). */
  | { kind: "hang" }
  /** Pass the server's event stream on up to its first event with an id, then drop the connection. */
  | { kind: "cut-stream" };

export interface ProxyRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  /** The query string, without `?`. */
  query: string;
  /** The status the client was sent (undefined when dropped or hung). */
  status?: number;
}

/**
 * An HTTP proxy in front of the server. `inject(match, ...faults)` queues faults for the next requests
 * whose `METHOD /path` matches; every request is logged in `requests`.
 */
export class FaultProxy {
  readonly requests: ProxyRequest[] = [];
  private faults: { match: RegExp; fault: Fault }[] = [];
  private server: http.Server;
  url = "";

  constructor(private readonly target: string) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  inject(match: RegExp, ...faults: Fault[]) {
    for (const fault of faults) this.faults.push({ match, fault });
  }

  /** Requests whose `METHOD /path` matches. */
  seen(match: RegExp): ProxyRequest[] {
    return this.requests.filter((r) => match.test(`${r.method} ${r.path}`));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = (req.url ?? "/").split("?")[0]!;
    const entry: ProxyRequest = {
      method: req.method ?? "GET",
      path,
      idempotencyKey: req.headers["idempotency-key"] as string | undefined,
      query: (req.url ?? "").split("?")[1] ?? "",
    };
    this.requests.push(entry);
    const i = this.faults.findIndex((f) => f.match.test(`${entry.method} ${path}`));
    const fault = i >= 0 ? this.faults.splice(i, 1)[0]!.fault : undefined;

    if (fault?.kind === "hang") return; // the client's timeout ends it
    if (fault?.kind === "status") {
      entry.status = fault.status;
      res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
      res.end(
        JSON.stringify(fault.body ?? { error: `injected ${fault.status}`, code: "injected", requestId: "req_proxy" }),
      );
      return;
    }
    if (fault?.kind === "raw") {
      entry.status = 200;
      res.writeHead(200, { "content-type": fault.contentType, "x-request-id": "req_proxy" });
      res.end(fault.body);
      return;
    }
    const headers = { ...req.headers };
    delete headers.host;
    const upstream = await fetch(`${this.target}${req.url}`, {
      method: req.method,
      headers: headers as Record<string, string>,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
    });
    if (fault?.kind === "503-after-server" || fault?.kind === "drop-after-server") {
      await upstream.arrayBuffer(); // the server finished its work
      if (fault.kind === "drop-after-server") {
        req.socket.destroy();
        return;
      }
      entry.status = 503;
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "injected 503", code: "service_unavailable", requestId: "req_proxy" }));
      return;
    }
    entry.status = upstream.status;
    const out: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (!["content-length", "content-encoding", "transfer-encoding", "connection"].includes(k)) out[k] = v;
    });
    res.writeHead(upstream.status, out);
    if (upstream.body) {
      let sent = "";
      for await (const chunk of upstream.body as unknown as AsyncIterable<Uint8Array>) {
        if (fault?.kind !== "cut-stream") {
          res.write(chunk);
          continue;
        }
        // Pass on exactly the events up to the first one with an id, then drop the connection.
        sent += Buffer.from(chunk).toString("utf8");
        const first = /(^|\n)id:[^\n]*\n(?:[^\n]+\n)*\n/.exec(sent);
        if (first) {
          await new Promise<void>((resolve) =>
            res.write(sent.slice(0, first.index + first[0].length), () => resolve()),
          );
          req.socket.destroy();
          return;
        }
      }
      if (sent) res.write(sent);
    }
    res.end();
  }
}
