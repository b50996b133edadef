import { latentAttitude } from "./latent.ts";
import { createRng, type Rng } from "./rng.ts";
import { chooseOption, priceFor, reasonFor, reasonsFor, type StructuredCall } from "./structured.ts";
import { clip, softLower } from "./text.ts";

/**
 * A JSON value valid against the caller's JSON schema (`responseFormat: { type: "json", schema }`),
 * filled from the persona: enums and numbers from the latent attitude of each field, strings in the
 * persona's voice or from its profile when the property name says what it wants.
 */

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema | Schema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  description?: string;
  title?: string;
}

/** Deep enough for any real answer schema; stops runaway recursive schemas. */
const MAX_DEPTH = 12;

export function jsonForSchema(schema: unknown, call: StructuredCall): unknown {
  const root = isSchema(schema) ? schema : {};
  return new SchemaFiller(root, call).value(root, [], 0);
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

class SchemaFiller {
  constructor(
    private readonly root: Schema,
    private readonly call: StructuredCall,
  ) {}

  value(input: Schema, path: readonly string[], depth: number): unknown {
    const schema = this.resolve(input);
    if (schema.const !== undefined) return schema.const;
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants && variants.length > 0) {
      const chosen = variants.map((v) => this.resolve(v)).find((v) => typeOf(v) !== "null") ?? variants[0]!;
      return this.value({ ...schema, anyOf: undefined, oneOf: undefined, ...chosen }, path, depth);
    }
    if (depth > MAX_DEPTH) return typeOf(schema) === "null" ? null : emptyOf(typeOf(schema));
    if (schema.enum && schema.enum.length > 0) return this.enumValue(schema.enum, schema, path);
    switch (typeOf(schema)) {
      case "object":
        return this.object(schema, path, depth);
      case "array":
        return this.array(schema, path, depth);
      case "integer":
      case "number":
        return this.number(schema, path);
      case "boolean":
        return this.latent(schema, path).position > 0.5;
      case "null":
        return null;
      default:
        return this.string(schema, path);
    }
  }

  private resolve(schema: Schema): Schema {
    let current = schema;
    for (let hops = 0; current.$ref && hops < 10; hops++) {
      const target = refTarget(this.root, current.$ref);
      const { $ref: _, ...rest } = current;
      current = { ...target, ...rest };
    }
    if (current.allOf) {
      const parts = current.allOf.map((s) => this.resolve(s));
      const { allOf: _, ...rest } = current;
      const merged: Schema = { ...rest, properties: { ...rest.properties }, required: [...(rest.required ?? [])] };
      for (const part of parts) {
        Object.assign(merged, { ...part, properties: merged.properties, required: merged.required });
        Object.assign(merged.properties!, part.properties);
        merged.required!.push(...(part.required ?? []));
      }
      current = merged;
    }
    return current;
  }

  private question(schema: Schema, path: readonly string[]): string {
    return [this.call.question, ...path, schema.title ?? "", schema.description ?? ""].join(" ").trim();
  }

  private latent(schema: Schema, path: readonly string[]) {
    return latentAttitude(this.call.view, this.question(schema, path), this.call.seed, this.call.noiseScale);
  }

  private rng(path: readonly string[]): Rng {
    return createRng("json", this.call.view.persona.id, this.call.question, this.call.seed, path.join("."));
  }

  private enumValue(values: readonly unknown[], schema: Schema, path: readonly string[]): unknown {
    const labels = values.map(String);
    const position = this.latent(schema, path).position;
    const chosen = chooseOption(labels, position, { ...this.call, question: this.question(schema, path) });
    return values[labels.indexOf(chosen)];
  }

  private object(schema: Schema, path: readonly string[], depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const properties = schema.properties ?? {};
    for (const [key, child] of Object.entries(properties)) {
      result[key] = this.value(child, [...path, key], depth + 1);
    }
    for (const key of schema.required ?? []) {
      if (!(key in result)) result[key] = this.value({}, [...path, key], depth + 1);
    }
    if (Object.keys(properties).length === 0 && schema.additionalProperties !== false && !schema.required?.length) {
      result.answer = this.string({}, [...path, "answer"]);
    }
    return result;
  }

  private array(schema: Schema, path: readonly string[], depth: number): unknown[] {
    const rng = this.rng(path);
    const min = schema.minItems ?? 1;
    const max = Math.max(min, schema.maxItems ?? Math.max(min, 3));
    const count = Math.min(max, Math.max(min, rng.int(2, 3)));
    if (Array.isArray(schema.items)) {
      return schema.items
        .slice(0, Math.max(count, schema.items.length))
        .map((s, i) => this.value(s, [...path, String(i)], depth + 1));
    }
    const itemSchema = this.resolve(schema.items ?? {});
    if (itemSchema.enum && schema.uniqueItems) {
      return rng.shuffle(itemSchema.enum).slice(0, Math.min(count, itemSchema.enum.length));
    }
    const listed =
      typeOf(itemSchema) === "string" && !itemSchema.enum && !itemSchema.format
        ? this.stringList(itemSchema, path, count)
        : null;
    const items: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const fromProfile = listed?.[i];
      items.push(
        fromProfile !== undefined
          ? fitLength(fromProfile, itemSchema, "")
          : this.value(itemSchema, [...path, String(i)], depth + 1),
      );
    }
    return schema.uniqueItems ? makeUnique(items) : items;
  }

  private number(schema: Schema, path: readonly string[]): number {
    const name = (path.at(-1) ?? "").toLowerCase();
    const integer = typeOf(schema) === "integer";
    const position = this.latent(schema, path).position;
    const [lo, hi] = bounds(schema, name, integer);
    let value: number;
    if (/\bage$|^age/.test(name) && schema.minimum === undefined && schema.maximum === undefined) {
      value = this.call.view.persona.age;
    } else if (/price|cost|pay|amount|budget|spend|dollars|wtp/.test(name) && schema.maximum === undefined) {
      value = Math.max(lo, priceFor(this.question(schema, path), position));
    } else {
      value = lo + position * (hi - lo);
    }
    if (schema.multipleOf && schema.multipleOf > 0) value = Math.round(value / schema.multipleOf) * schema.multipleOf;
    value = integer ? Math.round(value) : Math.round(value * 100) / 100;
    return Math.min(hi, Math.max(lo, value));
  }

  private string(schema: Schema, path: readonly string[]): string {
    const name = (path.at(-1) ?? "").toLowerCase();
    const { view } = this.call;
    const rng = this.rng(path);
    const fixed = formatted(schema.format, view.persona.id, view.fullName);
    if (fixed !== null) return fixed;
    let text: string;
    if (/first_?name|given/.test(name)) text = view.persona.firstName;
    else if (/last_?name|surname|family_?name/.test(name)) text = view.persona.lastName;
    else if (/name/.test(name)) text = view.fullName;
    else if (/occupation|job|profession|role/.test(name)) text = view.occupationNoun;
    else if (/location|city|place|where|hometown/.test(name)) text = view.persona.location;
    else if (/sentiment|mood|tone/.test(name)) {
      const p = this.latent(schema, path).position;
      text = p > 0.62 ? "positive" : p < 0.38 ? "negative" : "neutral";
    } else {
      const listed = this.profileList(path);
      const latent = this.latent(schema, path);
      text = listed?.[0] ?? reasonFor(latent.domain, latent.position, this.call, rng);
    }
    return fitLength(text, schema, reasonFor("generic", 0.5, this.call, rng));
  }

  /** Strings for a list: profile facts when the name says which, else different reasons. */
  private stringList(schema: Schema, path: readonly string[], count: number): string[] {
    const listed = this.profileList(path);
    if (listed && listed.length >= count) return listed;
    const latent = this.latent(schema, path);
    return [...(listed ?? []), ...reasonsFor(latent.domain, latent.position, this.call, this.rng(path), count)];
  }

  /** Profile facts for list-like property names ("interests", "concerns"…), or null. */
  private profileList(path: readonly string[]): string[] | null {
    const name = (path.filter((p) => !/^\d+$/.test(p)).at(-1) ?? "").toLowerCase();
    const { profile } = this.call.view;
    const rng = this.rng(path);
    if (/interest|hobb/.test(name)) return rng.shuffle(profile.interests.map(softLower));
    if (/tag|keyword|topic|label|theme/.test(name))
      return rng.shuffle([...profile.values, ...profile.interests].map(softLower));
    if (/value/.test(name)) return profile.values.map(softLower);
    if (/goal|aspiration/.test(name)) return profile.goals.map(softLower);
    if (/frustration|pain|complaint|concern|worr|dislike/.test(name))
      return rng.shuffle(profile.frustrations.map(softLower));
    if (/knowledge|expertise|skill/.test(name)) return profile.domainKnowledge.map(softLower);
    if (/feature|suggestion|improvement|request|wish/.test(name))
      return profile.frustrations.map((f) => `less ${softLower(f)}`);
    return null;
  }
}

function typeOf(schema: Schema): string {
  const declared = Array.isArray(schema.type) ? (schema.type.find((t) => t !== "null") ?? schema.type[0]) : schema.type;
  if (declared) return declared;
  if (schema.properties) return "object";
  if (schema.items) return "array";
  return "string";
}

function emptyOf(type: string): unknown {
  return { object: {}, array: [], integer: 0, number: 0, boolean: false }[type] ?? "";
}

function refTarget(root: Schema, ref: string): Schema {
  if (!ref.startsWith("#")) return {};
  let node: unknown = root;
  for (const part of ref.slice(1).split("/").filter(Boolean)) {
    const key = decodeURIComponent(part.replace(/~1/g, "/").replace(/~0/g, "~"));
    node = isSchema(node) ? (node as Record<string, unknown>)[key] : undefined;
  }
  return isSchema(node) ? node : {};
}

/** Numeric bounds from the schema, or sensible ones from the property name when the schema has none. */
function bounds(schema: Schema, name: string, integer: boolean): [number, number] {
  const step = integer ? 1 : 0.01;
  let lo = schema.minimum;
  let hi = schema.maximum;
  if (typeof schema.exclusiveMinimum === "number") lo = schema.exclusiveMinimum + step;
  else if (schema.exclusiveMinimum === true && lo !== undefined) lo += step;
  if (typeof schema.exclusiveMaximum === "number") hi = schema.exclusiveMaximum - step;
  else if (schema.exclusiveMaximum === true && hi !== undefined) hi -= step;
  if (lo !== undefined && hi !== undefined) return [lo, Math.max(lo, hi)];
  const [defaultLo, defaultHi] = /nps|recommend/.test(name)
    ? [0, 10]
    : /probab/.test(name) && !integer
      ? [0, 1]
      : /percent|pct|share/.test(name)
        ? [0, 100]
        : /rating|score|likert|satisf|interest|agree|likel/.test(name)
          ? [1, 5]
          : [1, 10];
  if (lo === undefined && hi === undefined) return [defaultLo, defaultHi];
  if (lo !== undefined) return [lo, Math.max(lo, lo + Math.max(defaultHi - defaultLo, Math.abs(lo)))];
  return [Math.min(defaultLo, hi! - (defaultHi - defaultLo)), hi!];
}

function formatted(format: string | undefined, id: string, fullName: string): string | null {
  switch (format) {
    case "date-time":
      return "2025-01-01T12:00:00.000Z";
    case "date":
      return "2025-01-01";
    case "time":
      return "12:00:00Z";
    case "email":
      return `${
        fullName
          .toLowerCase()
          .replace(/[^a-z]+/g, ".")
          .replace(/^\.|\.$/g, "") || "persona"
      }@example.com`;
    case "uri":
    case "url":
      return "https://example.com";
    case "uuid":
      return /^[0-9a-f-]{36}$/i.test(id) ? id : "00000000-0000-4000-8000-000000000000";
    default:
      return null;
  }
}

/** Pads with `filler` up to minLength and clips to maxLength. */
function fitLength(text: string, schema: Schema, filler: string): string {
  let out = text;
  const min = schema.minLength ?? 0;
  while (out.length < min) out = `${out} ${filler || "Indeed."}`.trim();
  if (out.length < min) out = out.padEnd(min, ".");
  if (schema.maxLength !== undefined && out.length > schema.maxLength) {
    out = clip(out, schema.maxLength);
    if (out.length > schema.maxLength || out.length < min) out = out.slice(0, schema.maxLength);
  }
  return out;
}

function makeUnique(items: unknown[]): unknown[] {
  const seen = new Set<string>();
  return items.map((item, i) => {
    let candidate = item;
    while (seen.has(JSON.stringify(candidate))) {
      candidate =
        typeof candidate === "string"
          ? `${candidate} (${i + 1})`
          : typeof candidate === "number"
            ? candidate + 1
            : candidate;
      if (typeof candidate !== "string" && typeof candidate !== "number") break;
    }
    seen.add(JSON.stringify(candidate));
    return candidate;
  });
}
