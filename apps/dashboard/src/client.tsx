import { APIError, PersonRun } from "@person-run/sdk";
import { QueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useMemo } from "react";
import { clearSession, type Session } from "./lib/session.ts";

/**
 * The API client of the signed-in session. Every page reads and writes through the TypeScript SDK
 * (`useClient()`), with `tenant` spread into calls that take a tenantId (`{ ...tenant }`).
 */
interface ClientState {
  client: PersonRun;
  session: Session;
  /** `{ tenantId }` when the session names a tenant, else `{}` (the key's own tenant, inferred by the server). */
  tenant: { tenantId?: string };
  signOut(): void;
}

const ClientContext = createContext<ClientState | null>(null);

export function makeClient(apiKey: string, tenantId?: string): PersonRun {
  return new PersonRun({ apiKey, tenantId, baseURL: window.location.origin, maxRetries: 1 });
}

export function ClientProvider(props: { session: Session; onChange(s: Session | null): void; children: ReactNode }) {
  const { session, onChange } = props;
  const value = useMemo<ClientState>(
    () => ({
      client: makeClient(session.apiKey, session.tenantId),
      session,
      tenant: session.tenantId ? { tenantId: session.tenantId } : {},
      signOut() {
        clearSession(sessionStorage);
        queryClient.clear();
        onChange(null);
      },
    }),
    [session, onChange],
  );
  return <ClientContext.Provider value={value}>{props.children}</ClientContext.Provider>;
}

export function useSession(): ClientState {
  const c = useContext(ClientContext);
  if (!c) throw new Error("useSession outside ClientProvider");
  return c;
}

/** The SDK client of the signed-in session. */
export function useClient(): PersonRun {
  return useSession().client;
}

/** A readable message for an error thrown by the SDK (or anything else). */
export function errorMessage(err: unknown): string {
  if (err instanceof APIError) {
    if (err.status === 403) return `${err.message} (this key's profile does not allow it)`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      retry: (count, err) => count < 2 && !(err instanceof APIError && err.status !== undefined && err.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});
