import { APIError } from "@person-run/sdk";
import { errorMessage } from "../client.tsx";

/** The API's per-field problems of an error (`details: [{ path, message }]`), as "path: message" lines. */
export function errorDetails(err: unknown): string[] {
  if (!(err instanceof APIError) || !Array.isArray(err.details)) return [];
  return err.details
    .map((d) => {
      if (!d || typeof d !== "object") return String(d);
      const { path, message } = d as { path?: unknown; message?: unknown };
      const p = Array.isArray(path) ? path.join(".") : typeof path === "string" ? path : "";
      return p ? `${p}: ${String(message ?? "")}` : String(message ?? "");
    })
    .filter(Boolean);
}

/** An API error next to the form that caused it: its message and each field it names. */
export function FormError(props: { error: unknown; title?: string }) {
  if (!props.error) return null;
  const details = errorDetails(props.error);
  return (
    <div className="error-state" role="alert">
      <strong>{props.title ?? "The API refused this"}</strong>
      <p>{errorMessage(props.error)}</p>
      {details.length ? (
        <ul>
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
