/** Reads what the client needs at run time from the OpenAPI document (used by scripts/generate.ts). */

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema as read from the document
type Schema = any;
export interface Spec {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
}

export interface OperationInfo {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** Where the client puts its `tenantId`: query string, JSON body, path parameter, or nowhere. */
  tenantIn: "query" | "body" | "path" | null;
  /** For cursor-paginated lists: the array property of the page (`personas`, `skills`, ...). */
  pageKey: string | null;
  /** `json`, `sse` (text/event-stream) or `text` (CSV, NDJSON). */
  response: "json" | "sse" | "text";
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

function resolve(spec: Spec, s: Schema): Schema {
  if (s && typeof s.$ref === "string") return resolve(spec, spec.components.schemas[s.$ref.split("/").pop()!]);
  return s;
}

/** Property names of an object schema, through `$ref` and `allOf`/`anyOf`/`oneOf`. */
function properties(spec: Spec, s: Schema): Set<string> {
  const r = resolve(spec, s);
  const out = new Set<string>(Object.keys(r?.properties ?? {}));
  for (const sub of [...(r?.allOf ?? []), ...(r?.anyOf ?? []), ...(r?.oneOf ?? [])]) {
    for (const p of properties(spec, sub)) out.add(p);
  }
  return out;
}

export function describeOperations(spec: Spec): Record<string, OperationInfo> {
  const out: Record<string, OperationInfo> = {};
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const params: { in: string; name: string }[] = op.parameters ?? [];
      const has = (where: string, name: string) => params.some((p) => p.in === where && p.name === name);
      const body = op.requestBody?.content?.["application/json"]?.schema;
      const tenantIn = has("path", "tenantId")
        ? "path"
        : has("query", "tenantId")
          ? "query"
          : body && properties(spec, body).has("tenantId")
            ? "body"
            : null;
      const okStatus = Object.keys(op.responses).filter((s) => s.startsWith("2"));
      const contents = okStatus.flatMap((s) => Object.keys(op.responses[s].content ?? {}));
      const response = contents.includes("application/json")
        ? "json"
        : contents.includes("text/event-stream")
          ? "sse"
          : "text";
      let pageKey: string | null = null;
      if (has("query", "cursor") && response === "json") {
        const props = properties(spec, op.responses[okStatus[0]!].content["application/json"].schema);
        if (props.has("nextCursor")) {
          const items = [...props].filter((p) => p !== "nextCursor" && p !== "count");
          if (items.length === 1) pageKey = items[0]!;
        }
      }
      out[op.operationId] = { method: m.toUpperCase() as OperationInfo["method"], path, tenantIn, pageKey, response };
    }
  }
  return out;
}
