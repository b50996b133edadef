import type { MemoryType } from "../../shared/vocabulary.ts";

/**
 * Memory strength over time. A memory's stored `memoryStrength` is how vivid it was when formed;
 * `effectiveStrength` is how strong it is now:
 *
 *   t         = years since the memory was last reinforced (its event, or its last recall if later)
 *   halfLife  = HALF_LIFE_YEARS[type] × (1 + 0.5 × ln(1 + recallCount))     — recalls make it stabler
 *   retention = FLOOR + (1 − FLOOR) × 0.5^(t / halfLife)                      — never below FLOOR
 *   effective = clamp(memoryStrength × retention + min(15, 3 × recallCount), 0, 100)
 *
 * Pride fades slowest. Shame and repressed memories are not weaker — they fade like other strong
 * memories — they are harder to reach, which retrieval handles (`ACCESSIBILITY`), not this curve.
 */
export const HALF_LIFE_YEARS = {
  pride: 40,
  normal: 12,
  revised: 12,
  exaggerated: 15,
  shame: 25,
  repressed: 25,
} as const satisfies Record<MemoryType, number>;

/** Long-term memories keep at least this share of their strength (people remember old things, hazily). */
export const FLOOR = 0.2;
const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export type MemoryTypeName = MemoryType;

export interface StrengthInput {
  memoryType: MemoryTypeName;
  memoryStrength: number;
  eventAt: Date;
  recallCount: number;
  lastRecalledAt: Date | null;
}

export function effectiveStrength(m: StrengthInput, now: Date): number {
  const reinforcedAt = m.lastRecalledAt && m.lastRecalledAt > m.eventAt ? m.lastRecalledAt : m.eventAt;
  const years = Math.max(0, (now.getTime() - reinforcedAt.getTime()) / YEAR_MS);
  const halfLife = HALF_LIFE_YEARS[m.memoryType] * (1 + 0.5 * Math.log1p(m.recallCount));
  const retention = FLOOR + (1 - FLOOR) * 0.5 ** (years / halfLife);
  const boosted = m.memoryStrength * retention + Math.min(15, 3 * m.recallCount);
  return Math.round(Math.min(100, Math.max(0, boosted)) * 10) / 10;
}

/** Below this effective strength a memory is told hazily. */
export const HAZY_BELOW = 30;
