/**
 * STUB on the populations branch: the diversity helper's branch writes the real `diversityOf` with this
 * signature; the integrator replaces this file. It reports only what this branch's tests need to see.
 */

export interface DiversityMember {
  personaId: string;
  firstName: string;
  lastName: string;
  age: number;
  location: string;
  values: Record<string, string | undefined>;
  traits: {
    openness: number;
    conscientiousness: number;
    extraversion: number;
    agreeableness: number;
    neuroticism: number;
  } | null;
  weight: number;
}

export interface JointShares {
  variables: [string, string];
  shares: Record<string, number>;
}

export type DiversityReport = Record<string, unknown>;

export function diversityOf(
  members: DiversityMember[],
  targets: Record<string, Record<string, number>>,
  _joint?: JointShares[],
): DiversityReport {
  const cells = Object.entries(targets).flatMap(([v, cats]) => Object.keys(cats).map((c) => `${v}=${c}`));
  const seen = new Set(members.flatMap((m) => Object.entries(m.values).map(([v, c]) => `${v}=${c}`)));
  const keys = new Set(members.map((m) => `${m.firstName}|${m.lastName}|${m.age}|${m.location}`));
  return {
    members: members.length,
    marginalCoverage: cells.length > 0 ? cells.filter((c) => seen.has(c)).length / cells.length : 0,
    duplicates: members.length - keys.size,
  };
}
