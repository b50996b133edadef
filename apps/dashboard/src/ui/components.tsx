import type { UseQueryResult } from "@tanstack/react-query";
import { Dialog as RDialog, Tabs as RTabs } from "radix-ui";
import {
  type ButtonHTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
  useMemo,
  useState,
} from "react";
import { errorMessage } from "../client.tsx";

/**
 * The dashboard's building blocks: every page is made of these, so loading, error and empty states,
 * labels and keyboard behaviour are the same everywhere. Dialogs and tabs are Radix primitives
 * (focus trapping, Escape, roving focus, ARIA) styled by styles.css.
 */

export function PageHeader(props: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{props.title}</h1>
        {props.description ? <p className="muted">{props.description}</p> : null}
      </div>
      {props.actions ? <div className="actions">{props.actions}</div> : null}
    </header>
  );
}

export function Loading(props: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {props.label ?? "Loading…"}
    </div>
  );
}

export function ErrorState(props: { error: unknown; retry?: () => void; title?: string }) {
  return (
    <div className="error-state" role="alert">
      <strong>{props.title ?? "Something went wrong"}</strong>
      <p>{errorMessage(props.error)}</p>
      {props.retry ? (
        <Button variant="secondary" onClick={props.retry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}

/** An empty list that teaches: what the thing is, and the one action that makes the first. */
export function EmptyState(props: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <h2>{props.title}</h2>
      {props.children ? <div className="muted">{props.children}</div> : null}
      {props.action ? <div className="actions">{props.action}</div> : null}
    </div>
  );
}

/** Renders a query's loading and error states, then `children(data)`. */
export function QueryView<T>(props: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  loadingLabel?: string;
}) {
  const q = props.query;
  if (q.isPending) return <Loading label={props.loadingLabel} />;
  if (q.isError) return <ErrorState error={q.error} retry={() => q.refetch()} />;
  return <>{props.children(q.data as T)}</>;
}

export function Button(
  props: ButtonHTMLAttributes<HTMLButtonElement> & {
    variant?: "primary" | "secondary" | "danger" | "ghost";
    busy?: boolean;
  },
) {
  const { variant = "primary", busy, className, children, disabled, ...rest } = props;
  return (
    <button
      type="button"
      {...rest}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      className={`btn btn-${variant}${className ? ` ${className}` : ""}`}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string | null;
}

function FieldShell(props: FieldProps & { id: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint ? (
        <div className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      ) : null}
      {props.error ? (
        <div className="field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </div>
      ) : null}
    </div>
  );
}

const describedBy = (id: string, p: FieldProps) =>
  [p.hint ? `${id}-hint` : "", p.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

export function TextField(props: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const auto = useId();
  const { label, hint, error, id = auto, ...rest } = props;
  return (
    <FieldShell label={label} hint={hint} error={error} id={id}>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, props)} {...rest} />
    </FieldShell>
  );
}

export function TextArea(props: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const auto = useId();
  const { label, hint, error, id = auto, ...rest } = props;
  return (
    <FieldShell label={label} hint={hint} error={error} id={id}>
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, props)} {...rest} />
    </FieldShell>
  );
}

export function SelectField(
  props: FieldProps &
    SelectHTMLAttributes<HTMLSelectElement> & { options: ReadonlyArray<{ value: string; label: string }> },
) {
  const auto = useId();
  const { label, hint, error, id = auto, options, ...rest } = props;
  return (
    <FieldShell label={label} hint={hint} error={error} id={id}>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, props)} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function Badge(props: { tone?: "neutral" | "good" | "warn" | "bad" | "info"; children: ReactNode }) {
  return <span className={`badge badge-${props.tone ?? "neutral"}`}>{props.children}</span>;
}

/** A status word as a coloured badge (succeeded, running, failed, …). */
export function StatusBadge(props: { status: string }) {
  const s = props.status;
  const tone =
    s === "succeeded" || s === "completed" || s === "active" || s === "ok"
      ? "good"
      : s === "failed" || s === "cancelled" || s === "revoked" || s === "blocked" || s === "error"
        ? "bad"
        : s === "paused" || s === "pending" || s === "queued" || s === "budget_exceeded"
          ? "warn"
          : "info";
  return <Badge tone={tone}>{s.replaceAll("_", " ")}</Badge>;
}

export function Stat(props: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <div className="stat">
      <div className="stat-label">{props.label}</div>
      <div className="stat-value">{props.value}</div>
      {props.hint ? <div className="hint">{props.hint}</div> : null}
    </div>
  );
}

export function Card(props: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`card${props.className ? ` ${props.className}` : ""}`}>
      {props.title || props.actions ? (
        <div className="card-header">
          {props.title ? <h2>{props.title}</h2> : <span />}
          {props.actions}
        </div>
      ) : null}
      {props.children}
    </section>
  );
}

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** A sortable column gives the value to sort by. */
  sort?: (row: T) => string | number | null | undefined;
  align?: "left" | "right";
}

/** A table whose sortable headers are buttons (keyboard-operable, `aria-sort` on the header cell). */
export function DataTable<T>(props: {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  caption: string;
  initialSort?: { key: string; dir: "asc" | "desc" };
  onRowClick?: (row: T) => void;
}) {
  const [sort, setSort] = useState(props.initialSort ?? null);
  const rows = useMemo(() => {
    const col = sort && props.columns.find((c) => c.key === sort.key);
    if (!col?.sort || !sort) return props.rows;
    const get = col.sort;
    return [...props.rows].sort((a, b) => compareValues(get(a), get(b)) * (sort.dir === "asc" ? 1 : -1));
  }, [props.rows, props.columns, sort]);
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => {
              const active = sort?.key === c.key;
              return (
                <th
                  key={c.key}
                  scope="col"
                  className={c.align === "right" ? "num" : undefined}
                  aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : c.sort ? "none" : undefined}
                >
                  {c.sort ? (
                    <button
                      type="button"
                      className="sort"
                      onClick={() =>
                        setSort(active && sort.dir === "asc" ? { key: c.key, dir: "desc" } : { key: c.key, dir: "asc" })
                      }
                    >
                      {c.header}
                      <span aria-hidden="true">{active ? (sort.dir === "asc" ? " ▲" : " ▼") : " ↕"}</span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={props.rowKey(r)} className={props.onRowClick ? "clickable" : undefined}>
              {props.columns.map((c) => (
                <td key={c.key} className={c.align === "right" ? "num" : undefined}>
                  {c.render(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Nulls last; numbers numerically; strings by locale. */
export function compareValues(a: string | number | null | undefined, b: string | number | null | undefined): number {
  if (a == null && b == null) return 0;
  if (a == null) return 1;
  if (b == null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "en", { numeric: true });
}

/** A modal dialog (Radix): focus moves in, Escape and the close button close it, focus returns. */
export function Dialog(props: {
  trigger: ReactNode;
  title: string;
  description?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  children: ReactNode;
}) {
  return (
    <RDialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <RDialog.Trigger asChild>{props.trigger}</RDialog.Trigger>
      <RDialog.Portal>
        <RDialog.Overlay className="dialog-overlay" />
        <RDialog.Content className="dialog">
          <RDialog.Title>{props.title}</RDialog.Title>
          {props.description ? (
            <RDialog.Description className="muted">{props.description}</RDialog.Description>
          ) : (
            <RDialog.Description className="sr-only">{props.title}</RDialog.Description>
          )}
          {props.children}
          <RDialog.Close asChild>
            <button type="button" className="dialog-close" aria-label="Close">
              ×
            </button>
          </RDialog.Close>
        </RDialog.Content>
      </RDialog.Portal>
    </RDialog.Root>
  );
}

/** Tabs (Radix): arrow keys move between tabs. */
export function Tabs(props: {
  label: string;
  tabs: Array<{ value: string; label: string; content: ReactNode }>;
  value?: string;
  onValueChange?: (v: string) => void;
}) {
  return (
    <RTabs.Root
      className="tabs"
      defaultValue={props.value ? undefined : props.tabs[0]?.value}
      value={props.value}
      onValueChange={props.onValueChange}
    >
      <RTabs.List className="tabs-list" aria-label={props.label}>
        {props.tabs.map((t) => (
          <RTabs.Trigger key={t.value} value={t.value} className="tab">
            {t.label}
          </RTabs.Trigger>
        ))}
      </RTabs.List>
      {props.tabs.map((t) => (
        <RTabs.Content key={t.value} value={t.value} className="tab-panel">
          {t.content}
        </RTabs.Content>
      ))}
    </RTabs.Root>
  );
}

/** A secret shown once (a new key): read-only, selectable, with a copy button. */
export function SecretOnce(props: { label: string; secret: string }) {
  const [copied, setCopied] = useState(false);
  const id = useId();
  return (
    <div className="secret-once">
      <label htmlFor={id}>{props.label}</label>
      <div className="row">
        <input id={id} readOnly value={props.secret} onFocus={(e) => e.currentTarget.select()} />
        <Button
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(props.secret).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="hint">Shown only now: it is stored as a hash. Copy it somewhere safe.</p>
    </div>
  );
}

/** A polite live region: text put here is read by screen readers (progress, stream completion). */
export function LiveRegion(props: { children: ReactNode }) {
  return (
    <div className="sr-only" aria-live="polite">
      {props.children}
    </div>
  );
}
