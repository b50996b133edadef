/**
 * The simulator's only source of randomness. Every choice is seeded from stable inputs (persona id,
 * prompt text, call seed), so the same call always gives the same output and nothing depends on the
 * clock or Math.random.
 */

import { hashOf, mulberry32, shuffleWith } from "../../shared/random.ts";

export { hashOf, hashString, mulberry32 } from "../../shared/random.ts";

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** Standard normal (Box-Muller). */
  normal(): number;
  shuffle<T>(items: readonly T[]): T[];
}

export function createRng(...parts: ReadonlyArray<string | number>): Rng {
  const next = mulberry32(hashOf(...parts));
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(next() * items.length)]!;
    },
    chance: (probability) => next() < probability,
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    shuffle: (items) => shuffleWith(next, items),
  };
  return rng;
}

/** A stable standard-normal draw keyed by its parts (e.g. a per-persona, per-question effect). */
export function normalFromHash(...parts: ReadonlyArray<string | number>): number {
  return createRng(...parts).normal();
}

export function clamp(value: number, min = 0, max = 1): number {
  return Math.min(max, Math.max(min, value));
}
