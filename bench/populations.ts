/**
 * Populations and cohorts (part of `npm run bench`; alone: `npx tsx bench/populations.ts`), on the embedded
 * database and, when PostgreSQL answers, on a fresh PostgreSQL database:
 *
 *  - generate 10,000 personas from the US-adults preset with the simulator (`POST /populations/generate`, a
 *    run) — wall time to `ready`, personas/s and the server's peak RSS (VmHWM) — beside the baseline of the
 *    same server in the same run: personas created one request at a time (`POST /personas`, 8 at once);
 *  - the first page (50) of a criteria cohort over those 10,000 personas (`GET /cohorts/:id/members` and
 *    `GET /personas?cohortId=`), p50 and p99 of sequential requests, beside the same page without a cohort
 *    (`GET /personas?limit=50`) and `GET /personas/:id`, measured the same way in the same run.
 */
import { pathToFileURL } from "node:url";
import { type ApiServer, call, onBothDrivers, peakRssMb, pool } from "./servers.ts";

const SIZE = Number(process.env.BENCH_POPULATION_SIZE ?? 10_000);
const BASELINE_PERSONAS = 200;
const BASELINE_CONCURRENCY = 8;
const PAGE_REQUESTS = 200;
const POLL_MS = 250;
const DEADLINE_MS = 900_000;
const TARGET_SECONDS = 60;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PopulationsBench {
  driver: "embedded" | "postgres";
  size: number;
  generateSeconds: number;
  personasPerSec: number;
  /** POST /personas, one persona per request, BASELINE_CONCURRENCY at once. */
  baselinePersonasPerSec: number;
  peakRssMb: number | undefined;
  status: string;
  maxDeviation: number | undefined;
  weightedMaxDeviation: number | undefined;
  cohortMembers: number;
  cohortPageP50Ms: number;
  cohortPageP99Ms: number;
  personasByCohortP50Ms: number;
  /** GET /personas?limit=50 (no filter): the same page without a cohort. */
  listPageP50Ms: number;
  getPersonaP50Ms: number;
  getPersonaP99Ms: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function latencies(server: ApiServer, path: string): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 20; i++) await call(server, "GET", path); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < PAGE_REQUESTS; i++) {
    const t0 = performance.now();
    await call(server, "GET", path);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99) };
}

interface PopulationView {
  id: string;
  status: string;
  generated: number;
  size: number;
  error?: unknown;
  fit?: { maxDeviation: number; weightedMaxDeviation: number } | null;
}

async function measureOn(server: ApiServer, driver: PopulationsBench["driver"]): Promise<PopulationsBench> {
  // Baseline: one persona per request.
  let started = performance.now();
  const ids: string[] = [];
  await pool(BASELINE_PERSONAS, BASELINE_CONCURRENCY, async (i) => {
    const { persona } = await call<{ persona: { id: string } }>(server, "POST", "/personas", {
      seed: {
        firstName: "Base",
        lastName: `Line${i}`,
        age: 20 + (i % 60),
        location: "Denver, CO",
        baseOccupation: "Nurse",
      },
    });
    ids.push(persona.id);
  });
  const baselinePersonasPerSec = BASELINE_PERSONAS / ((performance.now() - started) / 1000);

  started = performance.now();
  const accepted = await call<{ population: PopulationView }>(server, "POST", "/populations/generate", {
    name: "Bench US adults",
    size: SIZE,
    targets: "us-adults",
    seed: 12345,
  });
  let population = accepted.population;
  const deadline = Date.now() + DEADLINE_MS;
  while (population.status === "generating") {
    if (Date.now() > deadline) throw new Error(`generation not finished after ${DEADLINE_MS / 1000} s`);
    await sleep(POLL_MS);
    population = (
      await call<{ population: PopulationView }>(
        server,
        "GET",
        `/populations/${population.id}?tenantId=${server.tenant}`,
      )
    ).population;
  }
  const generateSeconds = (performance.now() - started) / 1000;
  const rss = peakRssMb(server.pid);

  const { cohort } = await call<{ cohort: { id: string; memberCount: number } }>(server, "POST", "/cohorts", {
    name: "Women 40+ in the South",
    criteria: { genders: ["female"], minAge: 40, attributes: { census_region: "South" } },
  });
  const page = await latencies(server, `/cohorts/${cohort.id}/members?tenantId=${server.tenant}&limit=50`);
  const byCohort = await latencies(server, `/personas?tenantId=${server.tenant}&cohortId=${cohort.id}&limit=50`);
  const list = await latencies(server, `/personas?tenantId=${server.tenant}&limit=50`);
  const get = await latencies(server, `/personas/${ids[0]}?tenantId=${server.tenant}`);
  return {
    driver,
    size: SIZE,
    generateSeconds,
    personasPerSec: SIZE / generateSeconds,
    baselinePersonasPerSec,
    peakRssMb: rss,
    status: population.status,
    maxDeviation: population.fit?.maxDeviation,
    weightedMaxDeviation: population.fit?.weightedMaxDeviation,
    cohortMembers: cohort.memberCount,
    cohortPageP50Ms: page.p50,
    cohortPageP99Ms: page.p99,
    personasByCohortP50Ms: byCohort.p50,
    listPageP50Ms: list.p50,
    getPersonaP50Ms: get.p50,
    getPersonaP99Ms: get.p99,
  };
}

export async function measurePopulations(): Promise<PopulationsBench[]> {
  return onBothDrivers("populations", measureOn);
}

const fmt = (n: number | undefined, d = 1) => (n === undefined ? "n/a" : n.toFixed(d));

export function populationsLines(results: PopulationsBench[]): string[] {
  return [
    `populations (generate ${SIZE.toLocaleString("en-US")} US adults with the simulator; baseline: ${BASELINE_PERSONAS} POST /personas, ${BASELINE_CONCURRENCY} at once, same server):`,
    ...results.flatMap((r) => [
      `  ${r.driver.padEnd(9)} ${fmt(r.generateSeconds)} s to ${r.status} (target < ${TARGET_SECONDS} s${r.generateSeconds >= TARGET_SECONDS ? ", MISSED" : ""}) = ` +
        `${fmt(r.personasPerSec, 0)} personas/s vs ${fmt(r.baselinePersonasPerSec, 0)} personas/s one per request ` +
        `(${fmt(r.personasPerSec / r.baselinePersonasPerSec, 1)}×); peak RSS ${fmt(r.peakRssMb, 0)} MB; ` +
        `fit max deviation ${fmt((r.maxDeviation ?? Number.NaN) * 100, 2)} pp unweighted, ${fmt((r.weightedMaxDeviation ?? Number.NaN) * 100, 3)} pp weighted`,
      `  ${"".padEnd(9)} cohort first page (${r.cohortMembers} of ${r.size + BASELINE_PERSONAS} personas match): members p50 ${fmt(r.cohortPageP50Ms, 2)} ms ` +
        `(p99 ${fmt(r.cohortPageP99Ms, 2)}; with the total count), GET /personas?cohortId= p50 ${fmt(r.personasByCohortP50Ms, 2)} ms; ` +
        `beside GET /personas?limit=50 (no filter) p50 ${fmt(r.listPageP50Ms, 2)} ms and GET /personas/:id p50 ${fmt(r.getPersonaP50Ms, 2)} ms (p99 ${fmt(r.getPersonaP99Ms, 2)})`,
    ]),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results = await measurePopulations();
  console.log(populationsLines(results).join("\n"));
  console.log(`BENCH_JSON ${JSON.stringify({ populations: results })}`);
}
