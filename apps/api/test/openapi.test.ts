import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.ts";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const COMPAT_OPERATIONS = [
  "get /personas",
  "post /personas",
  "get /personas/{personaId}",
  "patch /personas/{personaId}",
  "delete /personas/{personaId}",
  "get /personas/{personaId}/export",
  "get /health",
];

/** SDK method names derive from these (docs/api-conventions.md): renaming one is a breaking change. */
const COMPAT_OPERATION_IDS: Record<string, string> = {
  "get /personas": "listPersonas",
  "post /personas": "createPersona",
  "get /personas/{personaId}": "getPersona",
  "patch /personas/{personaId}": "updatePersona",
  "delete /personas/{personaId}": "deletePersona",
  "get /personas/{personaId}/export": "exportPersona",
  "get /health": "getHealth",
};

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

// biome-ignore lint/suspicious/noExplicitAny: the document is read as plain JSON
function operations(spec: any): { op: string; operation: any }[] {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    // biome-ignore lint/suspicious/noExplicitAny: as above
    Object.entries(item as Record<string, any>)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]) => ({ op: `${method} ${path}`, operation })),
  );
}

describe("/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const res = await s.request("GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(res.body);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("documents the compat routes with descriptions, security and every error", async () => {
    const spec = (await s.request("GET", "/openapi.json")).body;
    for (const op of COMPAT_OPERATIONS) {
      const [method, path] = op.split(" ") as [string, string];
      const operation = spec.paths[path]?.[method];
      expect(operation, op).toBeDefined();
      expect(operation.summary, op).toBeTruthy();
      if (path !== "/health") {
        expect(operation.security, op).toEqual([{ ApiKeyHeader: [] }, { BearerAuth: [] }]);
        for (const status of ["400", "401", "403", "404", "500"])
          expect(operation.responses[status], `${op} ${status}`).toBeDefined();
      }
    }
    expect(spec.components.securitySchemes.ApiKeyHeader).toEqual({ type: "apiKey", in: "header", name: "x-api-key" });
    expect(spec.components.schemas.Error.required).toEqual(["error", "code", "requestId"]);
    const example = spec.components.schemas.PersonaSeed.properties.firstName.example;
    expect(example).toBe("Aria");
  });

  it("names every operation with a unique camelCase operationId, the compat ones fixed", async () => {
    const spec = (await s.request("GET", "/openapi.json")).body;
    const all = operations(spec);
    expect(all.length).toBeGreaterThan(20);
    const ids = all.map(({ op, operation }) => {
      expect(operation.operationId, `${op} has no operationId`).toBeTypeOf("string");
      expect(operation.operationId, op).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      return operation.operationId as string;
    });
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(repeated, "operationIds used twice").toEqual([]);
    for (const [op, id] of Object.entries(COMPAT_OPERATION_IDS)) {
      const [method, path] = op.split(" ") as [string, string];
      expect(spec.paths[path]?.[method]?.operationId, op).toBe(id);
    }
  });

  it("describes each event of the prompt stream as a named component", async () => {
    const spec = (await s.request("GET", "/openapi.json")).body;
    const content = spec.paths["/personas/prompt/stream"].post.responses["200"].content;
    expect(Object.keys(content)).toEqual(["text/event-stream"]);
    const events = content["text/event-stream"].schema.oneOf.map(
      (e: { properties: { event: { enum: string[] }; data: { $ref: string } } }) => [
        e.properties.event.enum[0],
        e.properties.data.$ref,
      ],
    );
    expect(Object.fromEntries(events)).toEqual({
      ready: "#/components/schemas/PromptStreamReadyEvent",
      token: "#/components/schemas/PromptStreamTokenEvent",
      done: "#/components/schemas/PromptStreamDoneEvent",
      error: "#/components/schemas/PromptStreamErrorEvent",
    });
    expect(spec.components.schemas.PromptStreamTokenEvent.required).toEqual(["delta"]);
    expect(spec.components.schemas.PromptStreamDoneEvent.required).toContain("response");
    expect(spec.components.schemas.PromptStreamErrorEvent.required).toEqual(["error", "code", "requestId"]);
  });

  it("keeps private routes out", async () => {
    const spec = (await s.request("GET", "/openapi.json")).body;
    expect(Object.keys(spec.paths).some((p) => p.startsWith("/integrations") || p.startsWith("/docs"))).toBe(false);
  });
});

describe("/docs", () => {
  it("renders the reference from the spec with a locally served bundle, no CDN", async () => {
    const page = await s.request("GET", "/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.text).toContain('src="/docs/scalar.js"');
    expect(page.text).toContain("/openapi.json");
    expect(page.text).not.toMatch(/https?:\/\/(cdn|fonts|unpkg)/);
    const bundle = await fetch(`${s.url}/docs/scalar.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
