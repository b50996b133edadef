import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { type Database, openPglite, openPostgres } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { JobQueue } from "../src/jobs/queue.ts";
import { jobCatalog } from "../src/modules/manifest.ts";
import { MODULES } from "../src/modules/registry.ts";

/** Our migrations and the job queue's own schema. */
async function prepare(database: Database) {
  await migrate(database);
  const queue = new JobQueue(database, pino({ level: "silent" }), {
    workers: false,
    pollingIntervalSeconds: 2,
    schema: "pgboss",
    catalog: jobCatalog(MODULES),
  });
  await queue.start();
  await queue.stop();
}

/**
 * Once per test run: on PGlite, make a migrated database and dump it, so each test file restores the
 * dump instead of running initdb and the migrations (seconds saved per file). On PostgreSQL
 * (DATABASE_URL set), migrate the test database once.
 */
export default async function setup() {
  if (process.env.DATABASE_URL) {
    const database = await openPostgres(process.env.DATABASE_URL, 1);
    await prepare(database);
    await database.close();
    return;
  }
  const database = await openPglite({});
  await prepare(database);
  const dump = await database.dump!();
  const file = path.join(os.tmpdir(), `person-run-template-${process.pid}.tar.gz`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  process.env.PERSON_RUN_TEST_TEMPLATE = file;
}
