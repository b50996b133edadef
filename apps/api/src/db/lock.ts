import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import path from "node:path";

/**
 * PGlite is single-process: a second server on the same data directory would corrupt it. The lock file
 * holds the owner's pid; a lock whose process is gone is stale and taken over. The lock is named after
 * the directory's real path, so two paths to one directory (a symlink, `..`) are one lock.
 */

/** Why the embedded database's directory cannot be used, as a sentence for the operator. */
export class DataDirError extends Error {
  constructor(
    readonly dataDir: string,
    message: string,
  ) {
    super(message);
  }
}

export class DataDirLockedError extends DataDirError {
  constructor(
    dataDir: string,
    readonly pid: number,
  ) {
    super(
      dataDir,
      `The data directory ${dataDir} is in use by another person-run process (pid ${pid}). ` +
        "Stop that process, or use another DATA_DIR, or DATABASE_URL for a shared PostgreSQL server.",
    );
  }
}

export interface DataDirLock {
  path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

const code = (err: unknown) => (err as NodeJS.ErrnoException).code ?? "";
const FIX = "Set DATA_DIR to a directory this user may write, or DATABASE_URL for a PostgreSQL server.";

/** Creates the directory if needed and returns its real path, or says in a sentence why it cannot be used. */
function usableDir(dataDir: string): string {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    if (code(err) === "EEXIST" || code(err) === "ENOTDIR") {
      throw new DataDirError(dataDir, `The data directory ${dataDir} is a file, not a directory. ${FIX}`);
    }
    throw new DataDirError(dataDir, `Cannot create the data directory ${dataDir} (${code(err) || err}). ${FIX}`);
  }
  const real = realpathSync(dataDir);
  if (!statSync(real).isDirectory()) {
    throw new DataDirError(dataDir, `The data directory ${dataDir} is not a directory. ${FIX}`);
  }
  try {
    accessSync(real, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch {
    throw new DataDirError(dataDir, `The data directory ${dataDir} is not writable by this user. ${FIX}`);
  }
  const entries = readdirSync(real);
  // The embedded database fails with an opaque error on a directory that holds something else.
  if (entries.length > 0 && !entries.includes("PG_VERSION")) {
    throw new DataDirError(
      dataDir,
      `The data directory ${dataDir} is not empty and holds no person-run database (no PG_VERSION file). ` +
        "Point DATA_DIR at an empty or new directory, or at an existing person-run data directory.",
    );
  }
  return real;
}

export function lockDataDir(dataDir: string): DataDirLock {
  const real = usableDir(dataDir);
  const lockPath = path.join(path.dirname(real), `${path.basename(real)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        path: lockPath,
        release() {
          if (released) return;
          released = true;
          rmSync(lockPath, { force: true });
        },
      };
    } catch (err) {
      if (code(err) !== "EEXIST") {
        throw new DataDirError(
          dataDir,
          `Cannot create the lock file ${lockPath} next to the data directory (${code(err) || err}). ${FIX}`,
        );
      }
      const pid = Number.parseInt(readFileSync(lockPath, "utf8").trim(), 10);
      if (Number.isFinite(pid) && pid > 0 && isAlive(pid)) throw new DataDirLockedError(dataDir, pid);
      rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new DataDirError(dataDir, `Could not take the lock ${lockPath}: another process keeps recreating it.`);
}
