import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";

/**
 * Queries are built from each module's own table objects (modules/<name>/schema.ts); the client knows no
 * schema, so the database layer depends on no module (no relational query API is used).
 */
export type Db = PgDatabase<PgQueryResultHKT>;
export type DbDriver = "pglite" | "postgres";

/** Raw SQL on a connection (the database's pool, or one transaction). */
export interface SqlRunner {
  /** Runs raw SQL with parameters; used by the migrator and the job queue adapter. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * pg-boss's adapter: with values, one statement; without, possibly several (run as one script).
   * Returns the rows of the last statement.
   */
  execSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A database connection of either driver, behind one drizzle type. */
export interface Database extends SqlRunner {
  db: Db;
  driver: DbDriver;
  /**
   * Only this process can reach the database (embedded PGlite runs inside it): every write passes through
   * this process, so what it caches stays exact (see cache.ts).
   */
  exclusive: boolean;
  /** No autovacuum keeps the planner's statistics fresh (PGlite): the maintenance sweep runs `analyze`. */
  needsAnalyze: boolean;
  /**
   * Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it
   * throws. Used where a row and its queue message must appear together (transactional enqueue).
   */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** Round trip to the database, in milliseconds. Throws when it is unreachable. */
  ping(): Promise<number>;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball (the test template). */
  dump?(): Promise<Blob>;
}

export interface PgliteOptions {
  /** Directory of the data; omitted = in memory. */
  dataDir?: string;
  /** A tarball from `dumpDataDir()` to start from instead of running initdb (tests). */
  loadDataDir?: Blob;
}

export async function openPglite(opts: PgliteOptions): Promise<Database> {
  const client = new PGlite(opts.dataDir, opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  await client.waitReady;
  const db = drizzlePglite(client) as unknown as Db;
  let closed = false;
  return {
    db,
    driver: "pglite",
    exclusive: true,
    needsAnalyze: true,
    async query<T>(text: string, params?: unknown[]) {
      const res = await client.query<T>(text, params as never[]);
      return res.rows;
    },
    async execSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) return { rows: (await client.query(text, values as never[])).rows };
      const results = await client.exec(text);
      return { rows: results[results.length - 1]?.rows ?? [] };
    },
    transaction<T>(fn: (tx: SqlRunner) => Promise<T>) {
      return client.transaction(async (tx) =>
        fn({
          query: async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params as never[])).rows,
          execSql: async (text: string, values?: unknown[]) => {
            if (values && values.length > 0) return { rows: (await tx.query(text, values as never[])).rows };
            const results = await tx.exec(text);
            return { rows: results[results.length - 1]?.rows ?? [] };
          },
        }),
      );
    },
    async ping() {
      if (closed || client.closed) throw new Error("embedded database is closed");
      const start = performance.now();
      await client.query("select 1");
      return performance.now() - start;
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
    dump: () => client.dumpDataDir("gzip"),
  };
}

/** pg-boss's `executeSql` on a pool or a client: several statements when there are no values. */
async function pgExecSql(on: pg.Pool | pg.PoolClient, text: string, values?: unknown[]) {
  const res = (await on.query(text, values && values.length > 0 ? values : undefined)) as
    | pg.QueryResult
    | pg.QueryResult[];
  return { rows: Array.isArray(res) ? (res[res.length - 1]?.rows ?? []) : res.rows };
}

/** The most statement texts one process names (prepares); others are sent unnamed. */
const MAX_NAMED_STATEMENTS = 500;
/** Distinct texts remembered while counting how often each is sent, before the count starts again. */
const MAX_COUNTED_TEXTS = 10_000;

/**
 * Names (server-side prepares) the parameterized statements a process sends again and again, so
 * PostgreSQL parses and plans each once per connection instead of on every call: the same text gets the
 * same name on every connection, from its second use on. Bounded: at most `MAX_NAMED_STATEMENTS` texts
 * (statements whose text varies, e.g. an `in (...)` list of any length, fill it only up to there).
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private seen = new Map<string, number>();

  constructor(private readonly max = MAX_NAMED_STATEMENTS) {}

  nameFor(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined || this.names.size >= this.max) return name;
    if (!this.seen.has(text)) {
      if (this.seen.size >= MAX_COUNTED_TEXTS) this.seen = new Map();
      this.seen.set(text, 1);
      return undefined;
    }
    this.seen.delete(text);
    const named = `pr_${this.names.size}`;
    this.names.set(text, named);
    return named;
  }

  get size(): number {
    return this.names.size;
  }
}

type QueryArgs = [config: unknown, values?: unknown, callback?: unknown];
type Callback = (err: Error | null, res?: unknown) => void;

/**
 * PostgreSQL refuses to run a prepared statement whose result columns changed since it was prepared
 * (`select *` after another process added a column: 0A000 "cached plan must not change result type").
 */
const planChanged = (err: unknown) =>
  (err as { code?: unknown } | null)?.code === "0A000" && /cached plan/.test(String((err as Error).message));

/** pg's client state that tells whether a statement sent now runs on its own (outside a transaction). */
interface ClientState {
  _activeQuery: unknown;
  _queryQueue: unknown[];
}

/**
 * A pg client whose repeated parameterized statements are prepared (see `StatementNames`).
 *
 * A statement whose prepared plan went stale with a schema change (`planChanged`) is prepared again under
 * a new name on this connection; when it ran on its own (not in a transaction, where the failure has
 * already aborted the transaction), it is sent again at once, so the caller never sees the error.
 */
function preparingClient(names: StatementNames): typeof pg.Client {
  return class PreparingClient extends pg.Client {
    /** Statement names whose plan went stale on this connection → the name they are prepared under now. */
    private readonly renamed = new Map<string, string>();
    /** How many times a statement was prepared again on this connection: each time gets a name of its own. */
    private renames = 0;

    // pg's overloads do not describe a pass-through; the arguments are handed on unchanged but for the name.
    override query(...args: QueryArgs): never {
      const [config, values] = args;
      const params = Array.isArray(values) ? values : undefined;
      let shared: string | undefined;
      if (typeof config === "string" && params && params.length > 0) {
        shared = names.nameFor(config);
        if (shared) args[0] = { text: config };
      } else if (config && typeof config === "object" && !("submit" in config)) {
        const q = config as { text?: unknown; name?: unknown; values?: unknown };
        const n = (params ?? (Array.isArray(q.values) ? q.values : [])).length;
        if (typeof q.text === "string" && q.name === undefined && n > 0) {
          shared = names.nameFor(q.text);
          if (shared) args[0] = { ...q };
        }
      }
      if (!shared) return (super.query as (...a: QueryArgs) => never)(...args);
      return this.send(args, shared, true);
    }

    private send(args: QueryArgs, shared: string, mayRetry: boolean): never {
      const state = this as unknown as ClientState;
      const alone = this.getTransactionStatus() === "I" && !state._activeQuery && state._queryQueue.length === 0;
      const sent: QueryArgs = [{ ...(args[0] as object), name: this.renamed.get(shared) ?? shared }, args[1], args[2]];
      const stale = (err: unknown) => {
        if (!planChanged(err)) return false;
        this.renamed.set(shared, `${shared}_${++this.renames}`);
        return mayRetry && alone;
      };
      const at = sent.findIndex((a) => typeof a === "function");
      const superQuery = super.query as (...a: QueryArgs) => never;
      if (at >= 0) {
        const callback = sent[at] as Callback;
        sent[at] = (err: Error | null, res?: unknown) => {
          if (err && stale(err)) this.send(args, shared, false);
          else callback(err, res);
        };
        return superQuery.apply(this, sent);
      }
      const result = superQuery.apply(this, sent) as unknown;
      if (!(result instanceof Promise)) return result as never;
      return result.catch((err: unknown) => {
        if (stale(err)) return this.send(args, shared, false);
        throw err;
      }) as never;
    }
  };
}

export interface PostgresOptions {
  /** Connections in the pool. */
  poolSize?: number;
  /**
   * Prepare repeated statements (default true). Off for a transaction-pooling proxy that does not keep
   * prepared statements (PgBouncer before 1.21, or without `max_prepared_statements`).
   */
  preparedStatements?: boolean;
}

export async function openPostgres(url: string, opts: PostgresOptions | number = {}): Promise<Database> {
  const { poolSize = 10, preparedStatements = true } = typeof opts === "number" ? { poolSize: opts } : opts;
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5000,
    ...(preparedStatements ? { Client: preparingClient(new StatementNames()) } : {}),
  });
  // An idle client that loses its connection must not crash the process; the next query reports it.
  pool.on("error", () => {});
  const db = drizzlePg(pool) as unknown as Db;
  let closed = false;
  return {
    db,
    driver: "postgres",
    exclusive: false,
    needsAnalyze: false,
    async query<T>(text: string, params?: unknown[]) {
      const res = await pool.query(text, params);
      return res.rows as T[];
    },
    execSql: (text: string, values?: unknown[]) => pgExecSql(pool, text, values),
    async transaction<T>(fn: (tx: SqlRunner) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const result = await fn({
          query: async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
          execSql: (text: string, values?: unknown[]) => pgExecSql(client, text, values),
        });
        await client.query("commit");
        return result;
      } catch (err) {
        await client.query("rollback").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async ping() {
      if (closed) throw new Error("database pool is closed");
      const start = performance.now();
      await pool.query("select 1");
      return performance.now() - start;
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
