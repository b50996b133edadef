/**
 * The signed-in session: an API key (and, for an instance admin, the tenant acted on), kept in
 * sessionStorage so it ends with the tab and sign-out clears it. One small interface, so that the
 * organizations work can replace key sign-in with a cookie session without touching the pages.
 */
export interface Session {
  apiKey: string;
  /** The tenant acted on; undefined when the key belongs to exactly one tenant (the server infers it). */
  tenantId?: string;
}

const KEY = "person-run.session";

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function loadSession(store: KeyValueStore): Session | null {
  const raw = store.getItem(KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Partial<Session>;
    return typeof s.apiKey === "string" && s.apiKey ? { apiKey: s.apiKey, tenantId: s.tenantId || undefined } : null;
  } catch {
    return null;
  }
}

export function saveSession(store: KeyValueStore, session: Session): void {
  store.setItem(KEY, JSON.stringify(session));
}

export function clearSession(store: KeyValueStore): void {
  store.removeItem(KEY);
}

/** What a pasted key looks like before any request: a secret key, trimmed. */
export function checkKeyShape(input: string): { ok: true; key: string } | { ok: false; message: string } {
  const key = input.trim();
  if (!key) return { ok: false, message: "Paste an API key (pr_live_…)." };
  if (key.startsWith("pk_")) {
    return {
      ok: false,
      message: "That is a publishable key (pk_…), made for the embed widget. Sign in with a secret key (pr_live_…).",
    };
  }
  if (!/^pr_[a-z]+_[A-Za-z0-9]+$/.test(key)) {
    return { ok: false, message: "That does not look like a person.run API key (pr_live_…)." };
  }
  return { ok: true, key };
}

export type Theme = "light" | "dark" | "system";
const THEME_KEY = "person-run.theme";

export function loadTheme(store: KeyValueStore): Theme {
  const t = store.getItem(THEME_KEY);
  return t === "light" || t === "dark" ? t : "system";
}

export function saveTheme(store: KeyValueStore, theme: Theme): void {
  if (theme === "system") store.removeItem(THEME_KEY);
  else store.setItem(THEME_KEY, theme);
}
