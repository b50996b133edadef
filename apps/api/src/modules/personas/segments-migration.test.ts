import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openPglite, openPostgres } from "../../db/client.ts";
import { randomBase62 } from "../../ids.ts";
import { type MembershipSpec, membershipSql } from "./membership.ts";
import { personas } from "./schema.ts";

/**
 * The segmentation migration backfills personas written before it: on a fresh database migrated up to
 * just before it, rows are inserted as the old code wrote them; after it (and every later migration)
 * their columns are filled and the membership SQL finds them.
 */

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../db/migrations");

let database: Database;
let dropScratch: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (!url) {
    database = await openPglite({});
    return;
  }
  // On PostgreSQL a scratch database of its own (the shared test database is migrated already).
  const name = `person_run_segments_${randomBase62(8).toLowerCase()}`;
  const admin = await openPostgres(url, 1);
  await admin.query(`create database ${name}`);
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  database = await openPostgres(scratch.toString(), 2);
  dropScratch = async () => {
    await admin.query(`drop database if exists ${name}`);
    await admin.close();
  };
}, 120_000);
afterAll(async () => {
  await database?.close();
  await dropScratch?.();
});

async function apply(files: string[]) {
  for (const file of files) {
    const text = await readFile(path.join(MIGRATIONS, file), "utf8");
    for (const statement of text.split("--> statement-breakpoint")) {
      if (statement.trim()) await database.execSql(statement);
    }
  }
}

const OLD_ROW = `insert into personas (id, tenant_id, first_name, last_name, age, location, base_occupation, summary,
  seed_extras, attributes, profile, profile_status, version, created_at, updated_at)
  values ($1, 'legacy', 'Ann', 'Lee', $2, 'Chicago', $3, 'x', $4::jsonb, $5::jsonb, $6::jsonb, $7, 1, now(), now())`;

describe("the persona segments migration", () => {
  it("fills the columns of personas written before it, and cohorts match them", async () => {
    const files = (await readdir(MIGRATIONS)).filter((f) => f.endsWith(".sql")).sort();
    const at = files.findIndex((f) => f.endsWith("_persona_segments.sql"));
    expect(at).toBeGreaterThan(0);
    await apply(files.slice(0, at));

    await database.query("insert into tenants (id, name, created_at) values ('legacy', 'Legacy', now())");
    const nurse = "0195f0c4-6c1e-7a51-9d3e-000000000001";
    const pending = "0195f0c4-6c1e-7a51-9d3e-000000000002";
    const plain = "0195f0c4-6c1e-7a51-9d3e-000000000003";
    const profile = (openness: number) =>
      JSON.stringify({
        personality: { openness, conscientiousness: 0.5, extraversion: 0.4, agreeableness: 0.6, neuroticism: 0.3 },
      });
    await database.query(OLD_ROW, [
      nurse,
      45,
      "Registered nurse",
      JSON.stringify({
        gender: "Female",
        education: "Bachelors",
        incomeBracket: "50-75k",
        languages: ["English", " Spanish "],
        personality: { neuroticism: 0.9 },
      }),
      JSON.stringify({ census_region: "Midwest" }),
      profile(0.7),
      "ready",
    ]);
    await database.query(OLD_ROW, [
      pending,
      50,
      "Nurse",
      JSON.stringify({ personality: { openness: 0.9 } }),
      "{}",
      null,
      "pending",
    ]);
    await database.query(OLD_ROW, [plain, 30, "Teacher", "{}", "{}", profile(0.2), "ready"]);

    await apply(files.slice(at));

    const rows = await database.db
      .select({
        id: personas.id,
        gender: personas.gender,
        education: personas.education,
        incomeBracket: personas.incomeBracket,
        languages: personas.languages,
        openness: personas.openness,
        neuroticism: personas.neuroticism,
      })
      .from(personas)
      .orderBy(asc(personas.id));
    // Held lower-cased and trimmed (the later migration), whatever case the seed was written in.
    expect(rows).toEqual([
      {
        id: nurse,
        gender: "female",
        education: "bachelors",
        incomeBracket: "50-75k",
        languages: ["english", "spanish"],
        openness: expect.closeTo(0.7, 6),
        // The seed's override wins over the generated value.
        neuroticism: expect.closeTo(0.9, 6),
      },
      // No profile yet: no traits, even with an override.
      {
        id: pending,
        gender: null,
        education: null,
        incomeBracket: null,
        languages: [],
        openness: null,
        neuroticism: null,
      },
      {
        id: plain,
        gender: null,
        education: null,
        incomeBracket: null,
        languages: [],
        openness: expect.closeTo(0.2, 6),
        neuroticism: expect.closeTo(0.3, 6),
      },
    ]);

    const members = async (spec: MembershipSpec) =>
      (
        await database.db
          .select({ id: personas.id })
          .from(personas)
          .where(and(eq(personas.tenantId, "legacy"), membershipSql(spec)))
          .orderBy(asc(personas.id))
      ).map((r) => r.id);
    expect(
      await members({ criteria: { occupations: ["nurse"], minAge: 41, attributes: { census_region: "Midwest" } } }),
    ).toEqual([nurse]);
    expect(await members({ criteria: { genders: ["female"], languages: ["SPANISH"] } })).toEqual([nurse]);
    expect(await members({ criteria: { traits: { openness: { min: 0.5 } } } })).toEqual([nurse]);
    expect(await members({ criteria: { traits: { openness: { max: 0.2 } } } })).toEqual([plain]);
    expect(await members({ criteria: { occupations: ["nurse"] }, exclude: [nurse], include: [plain] })).toEqual([
      pending,
      plain,
    ]);
  }, 120_000);
});
