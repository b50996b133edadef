/**
 * RFC 4180 CSV fields (CRLF line ends are the caller's), shared by every CSV the API writes (a study run's
 * results, the pricing matrix): a field is quoted when it holds a comma, a double quote, CR or LF, inner
 * quotes doubled, and spreadsheet formula injection is neutralised: a text field starting with = + - @ TAB
 * or CR gets a leading `'` (numbers are written as numbers and never prefixed, so `-3` stays a number).
 */
export type Cell = string | number | boolean | null;

/** One CSV field: numbers and booleans as they are; text formula-neutralised, then quoted when needed. */
export function csvField(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line of cells, with its CRLF. */
export const csvLine = (cells: readonly Cell[]): string => `${cells.map(csvField).join(",")}\r\n`;
