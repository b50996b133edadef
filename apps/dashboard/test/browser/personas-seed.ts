import type { DashboardHarness } from "./harness.ts";

/** Seeds through the API (for flows that are not about creating these). */
export async function seedPersona(
  h: DashboardHarness,
  key: string,
  seed: Record<string, unknown> = {},
): Promise<{ id: string; name: string }> {
  const body = {
    seed: { firstName: "Maya", lastName: "Okafor", age: 41, location: "Lagos", baseOccupation: "Pharmacist", ...seed },
  };
  const res = await h.s.request("POST", "/personas", { key, body });
  if (res.status !== 201) throw new Error(`seed persona: ${res.status} ${res.text}`);
  return { id: res.body.persona.id as string, name: `${body.seed.firstName} ${body.seed.lastName}` };
}

export async function seedMemory(
  h: DashboardHarness,
  key: string,
  personaId: string,
  entry: Record<string, unknown>,
): Promise<string> {
  const res = await h.s.request("POST", `/personas/${personaId}/timeline`, {
    key,
    body: { facts: "It happened.", feelings: "Mixed.", interpretation: "It mattered.", ...entry },
  });
  if (res.status !== 201) throw new Error(`seed memory: ${res.status} ${res.text}`);
  return res.body.entry.id as string;
}
