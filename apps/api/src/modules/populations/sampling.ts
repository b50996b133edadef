/**
 * Members of a composed population from its cohorts' live members (pure: the service reads the cohorts,
 * this decides who is in and with what weight).
 *
 * - Cohorts are disjoint here: a persona in several cohorts belongs to the FIRST cohort of the list that
 *   holds it, and is counted once.
 * - `all`: every member of every cohort.
 * - `quota`: cohort c gets n_c = the largest-remainder share of `size` by its weight, drawn without
 *   replacement in a seeded order (each persona's rank is a hash of the seed and its id), so the same seed
 *   and the same members give the same sample, and a member joining a cohort moves the sample by at most
 *   one persona. A cohort with fewer members than its quota gives all it has: a `shortfall` warning.
 * - Weights: every member of cohort c weighs w_c · N / n_c (N members in all), so each cohort's weighted
 *   share is its weight and the mean weight is 1. A cohort with no member cannot carry its weight: the
 *   others are re-normalised, and an `empty_cohort` warning says so.
 */
import { hashOf } from "../../shared/random.ts";
import { largestRemainder } from "./draw.ts";

export interface CohortMembers {
  cohortId: string;
  /** Normalised weight (the weights of the list sum to 1). */
  weight: number;
  /** Its live members, any order. */
  memberIds: readonly string[];
}

export type SamplingRule = { rule: "all" } | { rule: "quota"; size: number; seed: number };

export interface SampledMember {
  personaId: string;
  cohortId: string;
  weight: number;
}

export type SamplingWarning =
  | { type: "shortfall"; cohortId: string; quota: number; available: number; shortfall: number }
  | { type: "empty_cohort"; cohortId: string };

export interface CohortComposition {
  cohortId: string;
  weight: number;
  /** Members the cohort has once those of earlier cohorts are taken out. */
  available: number;
  /** Quota sampling: the members it should give. */
  quota: number | null;
  /** Members it gave. */
  members: number;
  /** Its weighted share of the population (its weight, unless it is empty). */
  weightedShare: number;
}

export interface Sample {
  members: SampledMember[];
  cohorts: CohortComposition[];
  warnings: SamplingWarning[];
}

/** Weights as given, normalised to sum to 1 (they are relative: 2 and 1 are 2/3 and 1/3). */
export function normaliseWeights(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0) || weights.some((w) => !(w > 0) || !Number.isFinite(w))) {
    throw new RangeError("weights must be finite numbers > 0");
  }
  return weights.map((w) => w / total);
}

/** The seeded order a quota draws in: by a hash of (seed, persona id), ties by id. */
export function seededOrder(ids: readonly string[], seed: number): string[] {
  const ranked = ids.map((id) => ({ id, rank: hashOf("population-sample", seed, id) }));
  ranked.sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ranked.map((r) => r.id);
}

export function sample(cohorts: readonly CohortMembers[], rule: SamplingRule): Sample {
  const taken = new Set<string>();
  const pools = cohorts.map((c) => {
    const pool = [...new Set(c.memberIds)].filter((id) => !taken.has(id)).sort();
    for (const id of pool) taken.add(id);
    return pool;
  });
  const warnings: SamplingWarning[] = [];
  const quotas =
    rule.rule === "quota"
      ? largestRemainder(
          rule.size,
          cohorts.map((c) => c.weight),
        )
      : null;
  const chosen = pools.map((pool, i) => {
    if (!quotas || rule.rule !== "quota") return pool;
    const quota = quotas[i] as number;
    if (pool.length < quota) {
      const c = cohorts[i] as CohortMembers;
      warnings.push({
        type: "shortfall",
        cohortId: c.cohortId,
        quota,
        available: pool.length,
        shortfall: quota - pool.length,
      });
      return pool;
    }
    return seededOrder(pool, rule.seed).slice(0, quota);
  });
  cohorts.forEach((c, i) => {
    if ((chosen[i] as string[]).length === 0) warnings.push({ type: "empty_cohort", cohortId: c.cohortId });
  });
  const total = chosen.reduce((n, ids) => n + ids.length, 0);
  const carried = cohorts.reduce((s, c, i) => ((chosen[i] as string[]).length > 0 ? s + c.weight : s), 0);
  const members: SampledMember[] = [];
  const composition = cohorts.map((c, i): CohortComposition => {
    const ids = chosen[i] as string[];
    const share = ids.length > 0 && carried > 0 ? c.weight / carried : 0;
    const weight = ids.length > 0 ? (share * total) / ids.length : 0;
    for (const personaId of ids) members.push({ personaId, cohortId: c.cohortId, weight });
    return {
      cohortId: c.cohortId,
      weight: c.weight,
      available: (pools[i] as string[]).length,
      quota: quotas ? (quotas[i] as number) : null,
      members: ids.length,
      weightedShare: share,
    };
  });
  members.sort((a, b) => (a.personaId < b.personaId ? -1 : a.personaId > b.personaId ? 1 : 0));
  return { members, cohorts: composition, warnings };
}
