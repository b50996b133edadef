/**
 * One truth: every operation of the live server's /openapi.json has a client method that sends exactly that
 * request, and the committed spec and generated code are the current ones (else: `npm run generate -w
 * @person-run/sdk`).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATION_METHODS, OPERATIONS, type OperationId, PersonRun, VERSION } from "../src/index.ts";
import { type ApiServer, startServer } from "./helpers.ts";

let api: ApiServer;
// biome-ignore lint/suspicious/noExplicitAny: the document is read as plain JSON
let live: any;
beforeAll(async () => {
  api = await startServer();
  live = await (await fetch(`${api.url}/openapi.json`)).json();
});
afterAll(() => api?.stop());

const HTTP_METHODS = ["get", "put", "post", "patch", "delete"];
const pkgFile = (name: string) => readFileSync(new URL(`../${name}`, import.meta.url), "utf8");

function liveOperations(): { id: string; method: string; path: string }[] {
  return Object.entries(live.paths as Record<string, Record<string, { operationId: string }>>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => HTTP_METHODS.includes(m))
      .map(([m, op]) => ({ id: op.operationId, method: m.toUpperCase(), path })),
  );
}

/** The client's method at a dotted path (`studies.runs.create`), bound, or undefined. */
function methodAt(client: PersonRun, dotted: string): ((...args: unknown[]) => unknown) | undefined {
  const parts = dotted.split(".");
  let owner: unknown = client;
  for (const p of parts.slice(0, -1)) owner = (owner as Record<string, unknown> | undefined)?.[p];
  const fn = (owner as Record<string, unknown> | undefined)?.[parts.at(-1)!];
  return typeof fn === "function" ? (fn as (...args: unknown[]) => unknown).bind(owner) : undefined;
}

describe("coverage of /openapi.json", () => {
  it("maps every live operation to a method, and nothing else", () => {
    const ids = liveOperations().map((o) => o.id);
    expect(ids.length).toBeGreaterThan(100);
    expect(
      ids.filter((id) => !(id in OPERATION_METHODS)),
      "operations without an SDK method",
    ).toEqual([]);
    expect(
      Object.keys(OPERATION_METHODS).filter((id) => !ids.includes(id)),
      "methods of unknown operations",
    ).toEqual([]);
  });

  it("each mapped method exists and sends its operation's method and path", async () => {
    const sent: { method: string; path: string; tenantId: unknown }[] = [];
    const fakeFetch = (async (url: string | URL, init?: RequestInit) => {
      const u = new URL(String(url));
      const body = init?.body ? JSON.parse(String(init.body)) : {};
      const tenantId = u.searchParams.get("tenantId") ?? body.tenantId ?? (u.pathname.endsWith("/t1") ? "t1" : null);
      sent.push({ method: init?.method ?? "GET", path: u.pathname, tenantId });
      return new Response(JSON.stringify({ nextCursor: null }), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    }) as typeof fetch;
    const client = new PersonRun({
      apiKey: "pr_live_test",
      baseURL: "http://sdk.test",
      tenantId: "t1",
      fetch: fakeFetch,
    });
    const missing: string[] = [];
    for (const op of liveOperations()) {
      const dotted = OPERATION_METHODS[op.id as OperationId];
      const fn = methodAt(client, dotted);
      if (!fn) {
        missing.push(`${op.id} → ${dotted}`);
        continue;
      }
      // Positional path parameters ("x" each), then an empty body or query.
      // (A tenantId in the path is the client's: such a method is called with no arguments.)
      const params: string[] = op.path.match(/\{\w+\}/g) ?? [];
      const tenantInPath = params.includes("{tenantId}");
      const result = tenantInPath ? fn() : fn(...params.map(() => "x"), {});
      if (result && typeof (result as PromiseLike<unknown>).then === "function") await result;
      const last = sent.at(-1);
      const path = op.path.replace("{tenantId}", "t1").replace(/\{\w+\}/g, "x");
      expect({ ...last, tenantId: undefined }, `${op.id} (${dotted})`).toEqual({
        method: op.method,
        path,
        tenantId: undefined,
      });
      // The client's tenantId goes where the route reads it (query, body or path), or nowhere.
      expect(last?.tenantId, `${op.id}: tenantId`).toBe(OPERATIONS[op.id as OperationId].tenantIn ? "t1" : null);
    }
    expect(missing).toEqual([]);
  });
});

describe("the committed spec and generated code", () => {
  it("openapi.json equals the live server's /openapi.json", () => {
    expect(JSON.parse(pkgFile("openapi.json")), "run `npm run generate -w @person-run/sdk`").toEqual(live);
  });

  it("the client's VERSION is the package's", () => {
    expect(VERSION).toBe(JSON.parse(pkgFile("package.json")).version);
  });

  it("the generated types and operation table were made from that openapi.json", () => {
    const sha = createHash("sha256").update(pkgFile("openapi.json")).digest("hex");
    for (const file of ["src/generated/openapi.ts", "src/generated/operations.ts"]) {
      expect(pkgFile(file), `${file}: run \`npm run generate -w @person-run/sdk\``).toContain(`spec-sha256: ${sha}`);
    }
    const ids = liveOperations().map((o) => o.id);
    expect(Object.keys(OPERATIONS).sort()).toEqual([...ids].sort());
  });
});
