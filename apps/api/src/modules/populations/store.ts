/**
 * The populations module's SQL: rows as read, their API views, and the writes of a version (its row and
 * its members in one statement each). Raw SQL on a `SqlRunner`, so the same functions run on the service's
 * transactions and on a generation run's completion transaction.
 */
import type { SqlRunner } from "../../db/client.ts";
import { notFound } from "../../errors.ts";
import type { DiversityReport } from "./diversity.ts";
import type { Fit, Population, PopulationVersion } from "./schemas.ts";

export interface PopulationRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  kind: "composed" | "generated";
  status: "generating" | "ready" | "failed";
  size: number;
  generated: number;
  cohorts: { cohortId: string; weight: number }[] | null;
  sampling: { rule: "all" | "quota"; seed: number | null } | null;
  targets: string | Record<string, Record<string, number>> | null;
  seed: string | number | null;
  model: string | null;
  run_id: string | null;
  error: { error: string; code: string } | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** From the current version (left join). */
  fit: Fit | null;
  diversity: DiversityReport | null;
  warnings: Record<string, unknown>[] | null;
}

export const SELECT_POPULATION = `select p.*, v.fit, v.diversity, v.warnings from populations p
  left join population_versions v on v.population_id = p.id and v.version = p.version`;

export function populationView(r: PopulationRow): Population {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    description: r.description,
    kind: r.kind,
    status: r.status,
    version: r.version,
    size: r.size,
    generated: r.generated,
    cohorts: r.cohorts,
    sampling: r.sampling ? { rule: r.sampling.rule, seed: r.sampling.seed ?? null } : null,
    targets: r.targets,
    seed: r.seed === null ? null : Number(r.seed),
    model: r.model,
    runId: r.run_id,
    error: r.error,
    fit: r.fit,
    diversity: r.diversity,
    warnings: r.warnings ?? [],
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function populationRow(db: SqlRunner, tenantId: string, id: string): Promise<PopulationRow> {
  const [row] = await db.query<PopulationRow>(`${SELECT_POPULATION} where p.tenant_id = $1 and p.id = $2`, [
    tenantId,
    id,
  ]);
  if (!row) throw notFound("Population");
  return row;
}

/** A member as a version stores it: who, with what weight, from which cohort, and who they were. */
export interface MemberRecord {
  personaId: string;
  weight: number;
  cohortId: string | null;
  firstName: string;
  lastName: string;
  age: number;
  location: string;
  baseOccupation: string;
}

export interface VersionRecord {
  size: number;
  fit: Fit | null;
  diversity: DiversityReport | null;
  composition: Record<string, unknown>;
  warnings: Record<string, unknown>[];
}

/** Writes version `version` with its members: two statements (members as arrays, whatever their number). */
export async function insertVersion(
  tx: SqlRunner,
  tenantId: string,
  populationId: string,
  version: number,
  record: VersionRecord,
  members: readonly MemberRecord[],
  createdAt: Date,
): Promise<void> {
  await tx.query(
    `insert into population_versions (population_id, tenant_id, version, size, fit, diversity, composition, warnings, created_at)
     values ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb, $9)`,
    [
      populationId,
      tenantId,
      version,
      record.size,
      record.fit === null ? null : JSON.stringify(record.fit),
      record.diversity === null ? null : JSON.stringify(record.diversity),
      JSON.stringify(record.composition),
      JSON.stringify(record.warnings),
      createdAt,
    ],
  );
  if (members.length === 0) return;
  await tx.query(
    `insert into population_members (population_id, tenant_id, version, persona_id, weight, cohort_id, first_name,
       last_name, age, location, base_occupation)
     select $1, $2, $3, m.* from unnest($4::uuid[], $5::float8[], $6::uuid[], $7::text[], $8::text[], $9::int2[],
       $10::text[], $11::text[]) as m`,
    [
      populationId,
      tenantId,
      version,
      members.map((m) => m.personaId),
      members.map((m) => m.weight),
      members.map((m) => m.cohortId),
      members.map((m) => m.firstName),
      members.map((m) => m.lastName),
      members.map((m) => m.age),
      members.map((m) => m.location),
      members.map((m) => m.baseOccupation),
    ],
  );
}

interface VersionRow {
  population_id: string;
  version: number;
  size: number;
  fit: Fit | null;
  diversity: DiversityReport | null;
  composition: Record<string, unknown>;
  warnings: Record<string, unknown>[];
  created_at: Date;
}

export const versionView = (r: VersionRow): PopulationVersion => ({
  populationId: r.population_id,
  version: r.version,
  createdAt: r.created_at.toISOString(),
  size: r.size,
  fit: r.fit,
  diversity: r.diversity,
  composition: r.composition,
  warnings: r.warnings,
});

export async function versionRow(
  db: SqlRunner,
  tenantId: string,
  populationId: string,
  version: number,
): Promise<PopulationVersion> {
  const [row] = await db.query<VersionRow>(
    "select * from population_versions where tenant_id = $1 and population_id = $2 and version = $3",
    [tenantId, populationId, version],
  );
  if (!row) throw notFound(`Population ${populationId} version ${version}`);
  return versionView(row);
}

export interface MemberRow {
  persona_id: string;
  weight: number;
  cohort_id: string | null;
  first_name: string;
  last_name: string;
  age: number;
  location: string;
  base_occupation: string;
}

/** Every member of a version, by persona id (for comparing two versions). */
export async function membersOf(db: SqlRunner, populationId: string, version: number): Promise<MemberRow[]> {
  return db.query<MemberRow>(
    `select persona_id, weight, cohort_id, first_name, last_name, age, location, base_occupation
     from population_members where population_id = $1 and version = $2 order by persona_id`,
    [populationId, version],
  );
}
