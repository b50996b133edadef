/**
 * The draw's only source of randomness: a seed and a stream number give one sequence, so the same seed
 * always gives the same population and nothing depends on the clock or Math.random. The generator is the
 * shared mulberry32 (src/shared/random.ts); this file only seeds it from a 53-bit seed and a stream.
 */
import { mulberry32 } from "../../shared/random.ts";

export interface DrawRng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Index into `weights`, with probability proportional to its weight (uniform when all are 0). */
  weighted(weights: readonly number[]): number;
  pick<T>(items: readonly T[]): T;
}

/** A 32-bit integer finaliser (murmur3's): spreads nearby seeds apart before they start a sequence. */
function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32 seeded from a safe-integer seed (both 32-bit halves count) and a stream number. */
export function createDrawRng(seed: number, stream: number): DrawRng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const low = seed >>> 0;
  const high = Math.floor(seed / 2 ** 32) >>> 0;
  const next = mulberry32(mix(low ^ mix(high ^ mix(stream + 0x9e3779b9))));
  const weighted = (weights: readonly number[]) => {
    let total = 0;
    for (const w of weights) total += w;
    if (!(total > 0)) return Math.floor(next() * weights.length);
    let r = next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    // Float rounding can leave r at ~0 after the last weight: the last positive one.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    return weights.length - 1;
  };
  return {
    next,
    weighted,
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(next() * items.length)]!;
    },
  };
}
