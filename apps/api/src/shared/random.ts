/**
 * Seeded randomness shared by the simulator and the population draw: a stable string hash and a small
 * PRNG. Nothing here reads the clock or Math.random, so the same inputs always give the same sequence.
 */

/** FNV-1a (32-bit): cheap and stable across runs and platforms. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** One hash over several parts; the separator keeps ("ab", "c") and ("a", "bc") apart. */
export function hashOf(...parts: ReadonlyArray<string | number>): number {
  return hashString(parts.join("\u001f"));
}

/** mulberry32: a tiny PRNG with good statistical quality for its size; FNV-1a alone mixes poorly. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the given uniform source: a new array, the same order for the same sequence. */
export function shuffleWith<T>(next: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
