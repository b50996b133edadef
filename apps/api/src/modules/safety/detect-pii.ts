/**
 * PII detection and redaction: email (also spelled out), phone, card (Luhn), national ids (US SSN, UK NI),
 * IBAN (mod 97), IPv4/IPv6 — on the decoded, NFKC view of the text (`detect-pii-view.ts`).
 */
import {
  IBAN,
  ibanValid,
  piiView,
  SPELLED_EMAIL,
  SSN_BARE,
  SSN_CONTEXT,
  spanOf,
  spelledEmailOk,
} from "./detect-pii-view.ts";
import type { PiiKind, PiiMatch } from "./detect-types.ts";

const EMAIL =
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b/g;
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])/g;
const SSN = /(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d-])/g;
const UK_NI = /\b([A-CEGHJ-PR-TW-Z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])\b/gi;
const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/g;
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|:|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g;
const PHONE = /(?<![\w+$€£¥.,-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,12}(?:[ .-]\d{1,8}){0,5}(?![\w.,]?\d)/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

function validIpv6(s: string): boolean {
  const parts = s.split("::");
  if (parts.length > 2) return false;
  const groups = (p: string): string[] | null => {
    if (p === "") return [];
    const g = p.split(":");
    return g.every((x) => /^[0-9A-Fa-f]{1,4}$/.test(x) || /^(?:\d{1,3}\.){3}\d{1,3}$/.test(x)) ? g : null;
  };
  const head = groups(parts[0]!);
  const tail = parts.length === 2 ? groups(parts[1]!) : [];
  if (head === null || tail === null) return false;
  const count = head.length + tail.length;
  if (parts.length === 1) return count === 8;
  return count >= 1 && count <= 7;
}

/** Numbers that are labelled as something else: order, invoice, tracking, reference numbers… */
const NOT_A_PHONE_LABEL =
  /\b(?:order|orders|invoice|invoices|ref|reference|ticket|tracking|confirmation|account|acct|item|sku|po|case|booking|transaction|receipt|serial|model|part|customer|member|membership|policy|claim|shipment|parcel|package|batch|lot|id)\b\s*(?:no\.?|nos\.?|number|numbers|num|#|id|ids|code)?\s*(?:is|was|:|#)?\s*#?\s*$/i;

function phoneOk(m: string, text: string, index: number): boolean {
  const digits = m.replace(/\D/g, "");
  if (NOT_A_PHONE_LABEL.test(text.slice(Math.max(0, index - 40), index))) return false;
  if (/#\s*$/.test(text.slice(Math.max(0, index - 2), index))) return false;
  // A time right after (`2024-03-05 10:30`, `on 15.01.2024 at 9:15`): a date, not a phone.
  if (/^(?:\s*(?:at\s*)?\d{1,2}:\d{2})/.test(text.slice(index + m.length, index + m.length + 12))) return false;
  if (digits.length < 9 || digits.length > 15) return false;
  const intl = m.startsWith("+");
  const groups = m
    .replace(/^\+/, "")
    .split(/[ .()-]+/)
    .filter(Boolean);
  if (!intl && groups.length === 1) return /^0\d{9,10}$/.test(digits); // bare national number like 0612345678
  if (groups.length > 1 && groups.every((g) => /^(?:19|20)\d{2}$/.test(g))) return false; // a list of years
  if (
    /(?:^|\D)(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}(?:\D|$)|(?:^|\D)\d{1,2}[-./]\d{1,2}[-./](?:19|20)\d{2}(?:\D|$)/.test(
      m,
    )
  )
    return false; // dates
  if (!intl && /^\d+\.\d+$/.test(m)) return false; // decimal
  if (!intl && groups.filter((g) => g.length === 1).length > 1) return false; // "1 2 3 4 ..." lists
  if (!intl && /^\d{1,3}(?:[ ,.]\d{3})+$/.test(m) && /[ .]/.test(m) && !/-/.test(m) && groups[0]!.length < 3)
    return false; // 12 345 678 amounts
  const before = text.slice(Math.max(0, index - 4), index);
  if (/[$€£¥]\s*$|\b(?:usd|eur|gbp)\s*$/i.test(before)) return false; // prices
  if (!intl && /\s/.test(m) && m.split(/\s+/).some((g) => /^\d+[.,]\d{2}$/.test(g))) return false; // 12.99 15.49 price lists
  const after = text.slice(index + m.length, index + m.length + 8);
  if (/^\s*(?:usd|eur|gbp|dollars|euros|pounds|%|percent)\b/i.test(after)) return false;
  return true;
}

function collect(re: RegExp, text: string, kind: PiiKind, ok: (m: RegExpExecArray) => boolean, out: PiiMatch[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (ok(m)) out.push({ kind, start: m.index, end: m.index + m[0].length });
  }
}

/** All PII matches, non-overlapping, sorted by start. Priority on overlap: email, card, id, ip, phone. */
/** A dotted quad right after a version label is a version number, not an address. */
const VERSION_LABEL = /\b(?:version|ver|v|release|build|firmware|update|patch|rev|revision)\.?\s*$/i;

export function findPii(original: string): PiiMatch[] {
  const view = piiView(original);
  const text = view.text;
  const all: PiiMatch[] = [];
  collect(EMAIL, text, "email", () => true, all);
  collect(SPELLED_EMAIL, text, "email", (m) => spelledEmailOk(m[0]), all);
  collect(
    CARD,
    text,
    "card",
    (m) => {
      const d = m[0].replace(/\D/g, "");
      const seps = new Set(m[0].replace(/\d/g, ""));
      return d.length >= 13 && d.length <= 19 && seps.size <= 1 && luhnValid(d);
    },
    all,
  );
  collect(
    SSN,
    text,
    "national_id",
    (m) => {
      const area = m[1]!;
      return area !== "000" && area !== "666" && area[0] !== "9" && m[2] !== "00" && m[3] !== "0000";
    },
    all,
  );
  collect(
    SSN_BARE,
    text,
    "national_id",
    (m) => {
      const area = m[1]!;
      const valid = area !== "000" && area !== "666" && area[0] !== "9" && m[2] !== "00" && m[3] !== "0000";
      return valid && SSN_CONTEXT.test(text.slice(Math.max(0, m.index - 60), m.index));
    },
    all,
  );
  collect(IBAN, text, "iban", (m) => ibanValid(m[1]!), all);
  collect(
    UK_NI,
    text,
    "national_id",
    (m) => {
      const p = m[1]!.toUpperCase();
      if (["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].includes(p) || /^.[DFIQUVO]/.test(p)) return false;
      // Require upper case or the spaced canonical layout, to avoid random words+digits.
      return m[0] === m[0].toUpperCase();
    },
    all,
  );
  collect(
    IPV4,
    text,
    "ip",
    (m) =>
      m.slice(1, 5).every((o) => Number(o) <= 255 && (o.length === 1 || o[0] !== "0")) &&
      !VERSION_LABEL.test(text.slice(Math.max(0, m.index - 12), m.index)),
    all,
  );
  collect(IPV6, text, "ip", (m) => validIpv6(m[0]), all);
  collect(PHONE, text, "phone", (m) => phoneOk(m[0], text, m.index), all);
  const priority: Record<PiiKind, number> = { email: 0, card: 1, iban: 2, national_id: 3, ip: 4, phone: 5 };
  all.sort((a, b) => priority[a.kind] - priority[b.kind] || a.start - b.start);
  const kept: PiiMatch[] = [];
  for (const m of all) if (!kept.some((k) => m.start < k.end && k.start < m.end)) kept.push(m);
  const mapped = view.text === original ? kept : kept.map((m) => ({ kind: m.kind, ...spanOf(view, m.start, m.end) }));
  return mapped.sort((a, b) => a.start - b.start);
}

const LABEL: Record<PiiKind, string> = {
  email: "[redacted email]",
  phone: "[redacted phone]",
  card: "[redacted card]",
  national_id: "[redacted national id]",
  ip: "[redacted ip]",
  iban: "[redacted iban]",
};

/** Replaces each PII match with its `[redacted …]` label; `kinds` lists the kinds found (deduplicated, in order). */
export function redactPii(text: string): { text: string; kinds: PiiKind[] } {
  const matches = findPii(text);
  if (matches.length === 0) return { text, kinds: [] };
  let out = "";
  let pos = 0;
  const kinds: PiiKind[] = [];
  for (const m of matches) {
    out += text.slice(pos, m.start) + LABEL[m.kind];
    pos = m.end;
    if (!kinds.includes(m.kind)) kinds.push(m.kind);
  }
  return { text: out + text.slice(pos), kinds };
}
