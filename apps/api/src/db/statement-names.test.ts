import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Database, openPostgres, StatementNames } from "./client.ts";

describe("StatementNames (which statements are prepared)", () => {
  it("names a text from its second use on, the same name every time", () => {
    const names = new StatementNames();
    expect(names.nameFor("select $1")).toBeUndefined();
    const name = names.nameFor("select $1");
    expect(name).toMatch(/^pr_\d+$/);
    expect(names.nameFor("select $1")).toBe(name);
    expect(names.size).toBe(1);
  });

  it("gives different texts different names", () => {
    const names = new StatementNames();
    for (const t of ["a $1", "b $1", "a $1", "b $1"]) names.nameFor(t);
    expect(names.nameFor("a $1")).not.toBe(names.nameFor("b $1"));
    expect(names.size).toBe(2);
  });

  it("names at most its bound: texts beyond it stay unnamed", () => {
    const names = new StatementNames(3);
    for (let i = 0; i < 10; i++) {
      names.nameFor(`select ${i}, $1`);
      names.nameFor(`select ${i}, $1`);
    }
    expect(names.size).toBe(3);
    expect(names.nameFor("select 0, $1")).toBe("pr_0");
    expect(names.nameFor("select 9, $1")).toBeUndefined();
  });
});

/** How many statements the pool's one connection has prepared (a session's own view). */
const prepared = async (db: Database) =>
  (await db.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements"))[0]?.n ?? 0;

describe.runIf(process.env.DATABASE_URL)("prepared statements on PostgreSQL", () => {
  it("prepares a repeated statement (raw and through drizzle) unless turned off", async () => {
    const url = process.env.DATABASE_URL as string;
    const on = await openPostgres(url, { poolSize: 1 });
    const off = await openPostgres(url, { poolSize: 1, preparedStatements: false });
    try {
      for (const db of [on, off]) {
        for (let i = 0; i < 3; i++) {
          expect(await db.query<{ v: number }>("select $1::int + 1 as v", [i])).toEqual([{ v: i + 1 }]);
          const rows = await db.db.execute(sql`select ${i}::int * 2 as v`);
          expect((rows as unknown as { rows: { v: number }[] }).rows).toEqual([{ v: i * 2 }]);
        }
      }
      expect(await prepared(on)).toBe(2);
      expect(await prepared(off)).toBe(0);
      // In a transaction too, and a failed statement leaves the connection usable.
      await expect(on.transaction((tx) => tx.query("select $1::int / 0", [1]))).rejects.toThrow(/division by zero/);
      expect(await on.transaction((tx) => tx.query<{ v: number }>("select $1::int + 1 as v", [41]))).toEqual([
        { v: 42 },
      ]);
    } finally {
      await on.close();
      await off.close();
    }
  });
});

describe.runIf(process.env.DATABASE_URL)("a prepared statement after a schema change", () => {
  it("answers a `select *` prepared before another connection added a column (alone and in a transaction)", async () => {
    const url = process.env.DATABASE_URL as string;
    const table = `prep_${Math.random().toString(36).slice(2, 10)}`;
    const db = await openPostgres(url, { poolSize: 1 });
    const other = await openPostgres(url, { poolSize: 1, preparedStatements: false });
    try {
      await other.query(`create table ${table} (id int primary key, a text)`);
      await other.query(`insert into ${table} values (1, 'x')`);
      const read = `select * from ${table} where id = $1`;
      // Pool (callback) form, drizzle (promise) form, and a transaction: each is prepared by its second use.
      for (let i = 0; i < 2; i++) {
        expect(await db.query(read, [1])).toEqual([{ id: 1, a: "x" }]);
        expect(await db.transaction((tx) => tx.query(read, [1]))).toEqual([{ id: 1, a: "x" }]);
      }
      expect(await prepared(db)).toBeGreaterThanOrEqual(1);

      await other.query(`alter table ${table} add column b int default 7`);
      // On its own, the stale plan is prepared again and the statement sent again: no error reaches the caller.
      expect(await db.query(read, [1])).toEqual([{ id: 1, a: "x", b: 7 }]);
      expect(await db.query(read, [1])).toEqual([{ id: 1, a: "x", b: 7 }]);
      expect(await db.transaction((tx) => tx.query(read, [1]))).toEqual([{ id: 1, a: "x", b: 7 }]);

      await other.query(`alter table ${table} add column c int default 8`);
      // In a transaction the failure has already aborted it: the caller sees it once, the next one succeeds.
      await expect(db.transaction((tx) => tx.query(read, [1]))).rejects.toThrow(/cached plan/);
      expect(await db.transaction((tx) => tx.query(read, [1]))).toEqual([{ id: 1, a: "x", b: 7, c: 8 }]);
      expect(await db.query(read, [1])).toEqual([{ id: 1, a: "x", b: 7, c: 8 }]);

      // And again, as often as the schema changes: each time it is prepared under a name not used before.
      for (const column of ["d", "e", "f"]) {
        await other.query(`alter table ${table} add column ${column} int default 9`);
        const row = (await db.query<Record<string, unknown>>(read, [1]))[0];
        expect(row?.[column]).toBe(9);
        expect((await db.transaction((tx) => tx.query<Record<string, unknown>>(read, [1])))[0]?.[column]).toBe(9);
      }
    } finally {
      await other.query(`drop table if exists ${table}`);
      await db.close();
      await other.close();
    }
  });
});
