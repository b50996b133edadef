import { Ajv, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { RE2JS } from "re2js";

/**
 * JSON answers are validated with ajv 8 against the skill's schema. A tenant writes that schema, so its
 * `pattern` / `patternProperties` run on RE2 (re2js: time linear in the text whatever the pattern) and a
 * crafted pattern cannot hold the event loop; patterns RE2 cannot run (back-references, lookaround) are
 * refused when the skill is saved. `format` is an annotation only (no format vocabulary is loaded).
 */

const re2: Options["code"] = {
  regExp: Object.assign(
    (pattern: string, flags: string) => {
      const re = RE2JS.compile(pattern, flags.includes("i") ? RE2JS.CASE_INSENSITIVE : 0);
      // ajv keys compiled patterns by their string form: without toString every pattern would share one.
      return { test: (s: string) => re.matcher(s).find(), toString: () => `/${pattern}/${flags}` };
    },
    { code: "re2js" },
  ),
};

const options: Options = { allErrors: true, strict: false, validateFormats: false, logger: false, code: re2 };
// Draft-07 and earlier for schemas that say so ("$schema"), draft 2020-12 otherwise.
const draft07 = new Ajv(options);
const draft2020 = new Ajv2020(options);

/** Compiled validators by schema JSON; bounded, oldest dropped first, as tenants may save many schemas. */
const MAX_CACHED = 500;
const cache = new Map<string, ValidateFunction>();

function compile(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) return hit;
  const engine = typeof schema.$schema === "string" && /draft-0[4-7]/.test(schema.$schema) ? draft07 : draft2020;
  // A schema's $id would be registered on the shared instance; compiling a copy without it keeps
  // tenants' schemas apart (and two skills may reuse one $id).
  const { $id: _id, ...anonymous } = schema;
  const validate = engine.compile(anonymous);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, validate);
  return validate;
}

/** Why the schema cannot be used (a short message), or null when it compiles. */
export function jsonSchemaProblem(schema: Record<string, unknown>): string | null {
  try {
    compile(schema);
    return null;
  } catch (err) {
    return `is not a usable JSON Schema: ${(err as Error).message.replace(/^error parsing regexp: /, "")}`;
  }
}

function describe(e: ErrorObject): string {
  const at = e.instancePath === "" ? "the object" : e.instancePath.slice(1).replaceAll("/", ".");
  if (e.keyword === "additionalProperties") {
    return `${at} has an unexpected property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  }
  if (e.keyword === "enum") {
    return `${at} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return `${at} ${e.message ?? "is invalid"}`;
}

/** Validates a value: null when valid, else the first (at most three) problems as one readable sentence. */
export function jsonSchemaErrors(schema: Record<string, unknown>, value: unknown): string | null {
  const validate = compile(schema);
  if (validate(value)) return null;
  const errors = (validate.errors ?? []).slice(0, 3).map(describe);
  return errors.length > 0 ? errors.join("; ") : "does not match the schema";
}
