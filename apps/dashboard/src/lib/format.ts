/** Formatting shared by every page: pure, unit-tested (test/format.test.ts). */

const nf = new Intl.NumberFormat("en-US");
const nf2 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export const formatInt = (n: number | null | undefined): string => (n == null ? "—" : nf.format(Math.round(n)));

export const formatNumber = (n: number | null | undefined, digits = 2): string =>
  n == null || Number.isNaN(n)
    ? "—"
    : digits === 2
      ? nf2.format(n)
      : new Intl.NumberFormat("en-US", { maximumFractionDigits: digits }).format(n);

/** US dollars; sub-cent amounts keep significant digits ($0.00042). */
export function formatUsd(n: number | null | undefined): string {
  if (n == null || Number.isNaN(n)) return "—";
  if (n !== 0 && Math.abs(n) < 0.01) return `$${n.toPrecision(2)}`;
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(n);
}

export const formatPercent = (p: number | null | undefined, digits = 1): string =>
  p == null || Number.isNaN(p) ? "—" : `${(p * 100).toFixed(digits)}%`;

/** An ISO instant as a short local date and time; "—" when absent. */
export function formatDate(iso: string | null | undefined, opts: { withTime?: boolean } = { withTime: true }): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("en-US", {
    year: "numeric",
    month: "short",
    day: "numeric",
    ...(opts.withTime ? { hour: "2-digit", minute: "2-digit" } : {}),
  });
}

/** "3 minutes ago" / "in 2 hours", relative to `now`. */
export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "—";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((t - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat("en-US", { numeric: "auto" });
  const abs = Math.abs(s);
  if (abs < 60) return rtf.format(s, "second");
  if (abs < 3600) return rtf.format(Math.round(s / 60), "minute");
  if (abs < 86_400) return rtf.format(Math.round(s / 3600), "hour");
  return rtf.format(Math.round(s / 86_400), "day");
}

/** Milliseconds as "850 ms", "12.4 s", "3 min 5 s", "2 h 10 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || Number.isNaN(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
