import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "./client.ts";

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
/** Any constant: serialises migrations (and bootstrap) across servers starting at once on one PostgreSQL. */
export const MIGRATION_LOCK_ID = 727_001;

/**
 * Applies the SQL files drizzle-kit generated, in order, each in its own transaction, recording them in
 * `person_run_migrations`. The same SQL runs on PGlite and PostgreSQL. Returns the names applied now.
 */
export async function migrate(database: Database): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith(".sql")).sort();
  await database.query(
    "create table if not exists person_run_migrations (name text primary key, applied_at timestamptz not null default now())",
  );
  const applied: string[] = [];
  await database.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
  try {
    const done = new Set(
      (await database.query<{ name: string }>("select name from person_run_migrations")).map((r) => r.name),
    );
    for (const file of files) {
      const name = file.replace(/\.sql$/, "");
      if (done.has(name)) continue;
      const text = await readFile(path.join(MIGRATIONS_DIR, file), "utf8");
      const statements = text
        .split("--> statement-breakpoint")
        .map((s) => s.trim())
        .filter(Boolean);
      await database.db.transaction(async (tx) => {
        for (const statement of statements) await tx.execute(statement);
        await tx.execute(`insert into person_run_migrations (name) values ('${name.replace(/'/g, "''")}')`);
      });
      applied.push(name);
    }
  } finally {
    await database.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
  }
  return applied;
}
