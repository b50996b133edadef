import type { CheckedEntry, CheckedTurn } from "./consistency-types.ts";

/**
 * A synthetic timeline of 1,000 entries and 50 answers with contradictions among them, the same for a given
 * seed: the consistency unit test checks its determinism, `bench/timing.ts` times the check on it.
 */
export function syntheticTimeline(seed = 42): { entries: CheckedEntry[]; turns: CheckedTurn[] } {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const places = ["Paris", "Rome", "Denver", "Chicago", "Lisbon", "Kyoto", "Austin", "Boston", "Reno", "Oslo"];
  const things = ["car", "bike", "piano", "boat", "guitar", "camera", "tent", "kayak"];
  const templates = [
    () => [`Trip to ${pick(places)}`, `Visited ${pick(places)} with my sister and ate too much.`],
    () => [`Never been to ${pick(places)}`, `I have never been to ${pick(places)}.`],
    () => [`New ${pick(things)}`, `Bought a ${pick(things)} and used it every weekend.`],
    () => ["Family", `I have ${pick(["two", "three", "four"])} children and ${pick(["one", "two"])} dogs.`],
    () => [`Shift ${Math.floor(rand() * 100)}`, "Worked a long night shift on the cardiac ward."],
    () => [`Graduated from ${pick(places)} College`, `Graduated in ${2000 + Math.floor(rand() * 20)}.`],
    () => ["Moved", `Moved to ${pick(places)} with two suitcases.`],
  ];
  const entries: CheckedEntry[] = [];
  for (let i = 0; i < 1000; i++) {
    const [label, facts] = pick(templates)() as [string, string];
    const day = new Date(Date.UTC(1990, 0, 1) + Math.floor(rand() * 35 * 365) * 86_400_000);
    entries.push({
      id: `p${i}`,
      eventAt: new Date(`${day.toISOString().slice(0, 10)}T12:00:00Z`),
      eventLabel: label,
      facts,
      feelings: "",
      interpretation: "",
      memoryType: "normal",
      memoryStrength: Math.floor(rand() * 100),
      status: "active",
      supersedes: null,
      supersededBy: null,
      createdAt: new Date("2025-01-01T00:00:00Z"),
    });
  }
  const turns = Array.from({ length: 50 }, (_, i) => ({
    turnId: `pt${i}`,
    sessionId: "s1",
    prompt: "Tell me about your week.",
    response: `I have never been to ${pick(places)}, and I don't have kids. I live in ${pick(places)}.`,
    createdAt: new Date("2025-05-30T10:00:00Z"),
  }));
  return { entries, turns };
}
