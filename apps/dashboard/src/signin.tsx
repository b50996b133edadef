import { APIError } from "@person-run/sdk";
import { type FormEvent, useState } from "react";
import { makeClient } from "./client.tsx";
import { checkKeyShape, type Session, saveSession } from "./lib/session.ts";
import { Button, TextField } from "./ui/components.tsx";

/**
 * Sign-in with an API key. The key is checked with one request before it is kept (in sessionStorage:
 * it ends with the tab). The pages act on the key's own tenant.
 */
export function SignIn(props: { onSignedIn(s: Session): void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const shape = checkKeyShape(key);
    if (!shape.ok) {
      setError(shape.message);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const client = makeClient(shape.key);
      // Any request authenticates the key; 403 means valid but without this permission (still a session).
      await Promise.resolve(client.personas.list({ limit: 1 })).catch((err: unknown) => {
        if (err instanceof APIError && err.status === 403) return null;
        throw err;
      });
      const session: Session = { apiKey: shape.key };
      saveSession(sessionStorage, session);
      props.onSignedIn(session);
    } catch (err) {
      setError(
        err instanceof APIError && err.status === 401
          ? "This key was not accepted: it may be mistyped, revoked or expired."
          : err instanceof Error
            ? err.message
            : String(err),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="signin" id="main">
      <form onSubmit={submit} className="card signin-card" aria-labelledby="signin-title">
        <h1 id="signin-title">
          <span className="logo" aria-hidden="true">
            ◉
          </span>{" "}
          Sign in to person.run
        </h1>
        <p className="muted">
          Paste an API key. The server printed the first one when it started for the first time (<code>pr_live_…</code>
          ); an owner can make more under Keys.
        </p>
        <TextField
          label="API key"
          name="apiKey"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          error={error}
          hint="Kept in this tab's session storage only; signing out clears it."
          required
        />
        <Button type="submit" busy={busy}>
          Sign in
        </Button>
      </form>
    </main>
  );
}
