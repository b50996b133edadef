// A server-side preload for profiling one study run (bench/README.md, "Profiling a run"):
//   BENCH_SIGNAL_RUN=1 BENCH_SERVER_NODE_ARGS="--import ./bench/profile-run.mjs" npx tsx bench/studies.ts
// The bench sends the server SIGUSR2 as the run starts and again as it ends. Between the two this counts
// every statement sent to PostgreSQL (by its text) and, unless BENCH_PROFILE_CPU=0, records a CPU profile;
// at the second signal it writes run.<time>.statements.json and run.<time>.cpuprofile to BENCH_PROFILE_DIR
// (default: the system's temporary directory). Only for the PostgreSQL driver's statement counts (pg).
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(new URL("../apps/api/package.json", import.meta.url));
const pg = require("pg");
const dir = process.env.BENCH_PROFILE_DIR ?? os.tmpdir();
const cpu = process.env.BENCH_PROFILE_CPU !== "0";
const counts = new Map();
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function counted(q, ...rest) {
  const text = typeof q === "string" ? q : (q?.text ?? "?");
  const key = text.replace(/\s+/g, " ").trim().slice(0, 200);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  return query.call(this, q, ...rest);
};

let session = null;
let recording = false;
process.on("SIGUSR2", () => {
  if (!recording) {
    recording = true;
    counts.clear();
    if (cpu) {
      session = new Session();
      session.connect();
      session.post("Profiler.enable", () => session.post("Profiler.start"));
    }
    return;
  }
  recording = false;
  const stamp = Date.now();
  const statements = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([text, n]) => ({ n, text }));
  writeFileSync(path.join(dir, `run.${stamp}.statements.json`), JSON.stringify(statements, null, 1));
  if (session) {
    const s = session;
    session = null;
    s.post("Profiler.stop", (err, result) => {
      if (!err) writeFileSync(path.join(dir, `run.${stamp}.cpuprofile`), JSON.stringify(result.profile));
      s.disconnect();
    });
  }
});
