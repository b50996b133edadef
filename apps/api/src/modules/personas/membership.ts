import { and, gte, ilike, inArray, lte, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { personas } from "./schema.ts";

/**
 * Who belongs to a segment, evaluated by the database on the persona columns (docs/cohorts-and-populations.md,
 * "Cohorts"). The cohorts module stores specs and validates them; the SQL is here because personas own the table.
 */

export const TRAITS = ["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"] as const;
export type Trait = (typeof TRAITS)[number];

/** An attribute value a criterion compares with (equality, same JSON type). */
export type AttributeValue = string | number | boolean;

/** Segment criteria: every given field must hold (AND); a list field matches any of its values (OR). */
export interface MembershipCriteria {
  minAge?: number;
  maxAge?: number;
  /** Location contains any of these (case-insensitive). */
  locations?: string[];
  /** Occupation contains any of these (case-insensitive). */
  occupations?: string[];
  /** Gender equals any of these (case-insensitive, trimmed); likewise educations and incomeBrackets. */
  genders?: string[];
  educations?: string[];
  incomeBrackets?: string[];
  /** Speaks any of these (case-insensitive). */
  languages?: string[];
  /** Each key's attribute equals its value, or any of its values. */
  attributes?: Record<string, AttributeValue | AttributeValue[]>;
  /** Effective Big Five traits within inclusive bounds; a persona without a profile never matches. */
  traits?: Partial<Record<Trait, { min?: number; max?: number }>>;
}

/** A segment: criteria and/or an explicit list. `include` members whatever the criteria; `exclude` wins. */
export interface MembershipSpec {
  criteria?: MembershipCriteria;
  include?: string[];
  exclude?: string[];
}

/** An ILIKE pattern for "contains `s`": its own `%`, `_` and `\\` are literal. */
export const containsPattern = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
const lowered = (values: string[]) => [...new Set(values.map((v) => v.trim().toLowerCase()))];
/** The columns hold the value lower-cased and trimmed (a plain column with statistics: the planner's estimates hold). */
const equalsAnyCi = (column: AnyPgColumn, values: string[]) => inArray(column, lowered(values));
const containsAny = (column: AnyPgColumn, values: string[]) =>
  or(...values.map((v) => ilike(column, containsPattern(v.trim()))));

/** The conditions of the criteria (an empty list when no criterion is given). */
function criteriaConditions(c: MembershipCriteria): SQL[] {
  const out: (SQL | undefined)[] = [];
  if (c.minAge !== undefined) out.push(gte(personas.age, c.minAge));
  if (c.maxAge !== undefined) out.push(lte(personas.age, c.maxAge));
  if (c.locations?.length) out.push(containsAny(personas.location, c.locations));
  if (c.occupations?.length) out.push(containsAny(personas.baseOccupation, c.occupations));
  if (c.genders?.length) out.push(equalsAnyCi(personas.gender, c.genders));
  if (c.educations?.length) out.push(equalsAnyCi(personas.education, c.educations));
  if (c.incomeBrackets?.length) out.push(equalsAnyCi(personas.incomeBracket, c.incomeBrackets));
  if (c.languages?.length) {
    // The column holds the languages lower-cased and trimmed (the migration's person_run_lower_texts).
    const list = sql.join(
      lowered(c.languages).map((l) => sql`${l}`),
      sql`, `,
    );
    out.push(sql`${personas.languages} && array[${list}]::text[]`);
  }
  for (const [key, wanted] of Object.entries(c.attributes ?? {})) {
    // Containment (`@>`), so the GIN index on attributes serves it; a string never equals a number.
    const values = Array.isArray(wanted) ? wanted : [wanted];
    out.push(or(...values.map((v) => sql`${personas.attributes} @> ${JSON.stringify({ [key]: v })}::jsonb`)));
  }
  for (const trait of TRAITS) {
    const range = c.traits?.[trait];
    if (!range) continue;
    // Compared as real (the column's type), so a bound of 0.2 matches a stored 0.2 exactly.
    const column = personas[trait];
    if (range.min !== undefined) out.push(sql`${column} >= ${range.min}::real`);
    if (range.max !== undefined) out.push(sql`${column} <= ${range.max}::real`);
    if (range.min === undefined && range.max === undefined) out.push(sql`${column} is not null`);
  }
  return out.filter((x): x is SQL => x !== undefined);
}

/**
 * The membership condition of a spec on `personas` (the caller adds the tenant): (criteria OR included)
 * AND NOT excluded. No criteria and no include: nothing matches.
 */
export function membershipSql(spec: MembershipSpec): SQL {
  const criteria = criteriaConditions(spec.criteria ?? {});
  const matched = criteria.length > 0 ? and(...criteria) : undefined;
  const included = spec.include?.length ? inArray(personas.id, spec.include) : undefined;
  const member = (matched && included ? or(matched, included) : (matched ?? included)) ?? sql`false`;
  return spec.exclude?.length ? (and(member, notInArray(personas.id, spec.exclude)) as SQL) : member;
}
