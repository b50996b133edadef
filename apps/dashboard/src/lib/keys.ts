import type { BodyOf, Schemas } from "@person-run/sdk";

type CreateKey = BodyOf<"createApiKey">;
export type KeyProfile = NonNullable<CreateKey["profile"]>;

/** The key profiles, least to most privileged, with what each may do (docs/keys-and-tenants.md). */
export const KEY_PROFILES: ReadonlyArray<{ value: KeyProfile; label: string; description: string }> = [
  { value: "read-only", label: "Read-only", description: "Read all data; never API keys nor the safety policy." },
  {
    value: "prompt-only",
    label: "Prompt-only",
    description: "Prompt personas and read the one being chatted with (bots and back ends).",
  },
  { value: "editor", label: "Editor", description: "Create, update and delete personas, studies and prompts." },
  { value: "full", label: "Full", description: "Everything in the tenant, including API keys and the safety policy." },
];

export type KeyState = "active" | "revoked" | "expired";

export function keyState(key: Pick<Schemas["ApiKey"], "revokedAt" | "expiresAt">, now = Date.now()): KeyState {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return "expired";
  return "active";
}

export interface KeyForm {
  type: "secret" | "publishable";
  name: string;
  profile: KeyProfile;
  /** A date (YYYY-MM-DD) the key stops working at the end of, in the browser's zone; "" for never. */
  expiresOn: string;
  personaIds: string[];
  /** One origin per line. */
  origins: string;
  rateLimitPerMinute: string;
}

/** The create-key request from the form, or the first problem with it (the API checks again). */
export function keyRequest(
  form: KeyForm,
  now = new Date(),
): { ok: true; body: CreateKey } | { ok: false; field: keyof KeyForm; message: string } {
  const name = form.name.trim();
  if (!name) return { ok: false, field: "name", message: "Give the key a name (what uses it)." };
  let expiresAt: string | undefined;
  if (form.expiresOn) {
    const [y, m, d] = form.expiresOn.split("-").map(Number);
    if (!y || !m || !d) return { ok: false, field: "expiresOn", message: "Pick a date." };
    const end = new Date(y, m - 1, d, 23, 59, 59, 999);
    if (end.getTime() <= now.getTime()) return { ok: false, field: "expiresOn", message: "Pick a date in the future." };
    expiresAt = end.toISOString();
  }
  if (form.type === "secret") {
    return { ok: true, body: { name, profile: form.profile, type: "secret", ...(expiresAt ? { expiresAt } : {}) } };
  }
  if (form.personaIds.length === 0) {
    return { ok: false, field: "personaIds", message: "Choose the personas the widget may talk to." };
  }
  const origins = form.origins
    .split(/[\s,]+/)
    .map((o) => o.trim().replace(/\/$/, ""))
    .filter(Boolean);
  if (origins.length === 0) {
    return { ok: false, field: "origins", message: "List the origins of the sites that embed the widget." };
  }
  const bad = origins.find((o) => !/^https?:\/\/[^/\s]+$/i.test(o));
  if (bad) {
    return {
      ok: false,
      field: "origins",
      message: `"${bad}" is not an origin: scheme://host[:port], no path (e.g. https://www.example.com).`,
    };
  }
  let rate: number | undefined;
  if (form.rateLimitPerMinute.trim()) {
    rate = Number(form.rateLimitPerMinute);
    if (!Number.isInteger(rate) || rate < 1 || rate > 10_000) {
      return { ok: false, field: "rateLimitPerMinute", message: "A whole number from 1 to 10000." };
    }
  }
  return {
    ok: true,
    body: {
      name,
      type: "publishable",
      personaIds: form.personaIds,
      allowedOrigins: origins,
      ...(rate ? { rateLimitPerMinute: rate } : {}),
      ...(expiresAt ? { expiresAt } : {}),
    },
  };
}

/** The tag a site owner pastes: the widget script with the key and persona. */
export function embedSnippet(origin: string, key: string, personaId: string): string {
  return `<script src="${origin}/widget.js" data-persona-id="${personaId}" data-key="${key}" async></script>`;
}
