/**
 * The text PII detection reads: hidden layers decoded (`detect-decode.ts`), NFKC per character (full-width
 * digits and `＠`), default-ignorables dropped, and letters or digits spelled out one by one
 * (`j o h n @ e x a m p l e . c o m`, `5 5 5 1 2 3 …`) joined. Offsets map back to the original text.
 */
import { isAscii } from "./detect-confusables.ts";
import { decodeLayers, identity, type Mapped, replaceMapped } from "./detect-decode.ts";

const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
/** At least five single characters separated by single spaces. */
const SPACED = /(?<!\S)\S(?: \S(?!\S)){4,}/g;

function nfkc(m: Mapped): Mapped {
  if (isAscii(m.text)) return m;
  let text = "";
  const start: number[] = [];
  const end: number[] = [];
  let i = 0;
  while (i < m.text.length) {
    const code = m.text.charCodeAt(i);
    const len = code >= 0xd800 && code <= 0xdbff && i + 1 < m.text.length ? 2 : 1;
    const cp = m.text.slice(i, i + len);
    const out = code < 128 ? cp : IGNORABLE.test(cp) ? "" : cp.normalize("NFKC");
    for (let k = 0; k < out.length; k++) {
      start.push(m.start[i]!);
      end.push(m.end[i + len - 1]!);
    }
    text += out;
    i += len;
  }
  return { text, start, end };
}

export function piiView(text: string): Mapped {
  let m = nfkc(decodeLayers(identity(text)));
  if (m.text.includes(" "))
    m = replaceMapped(m, SPACED, (x) => (/[\p{L}\p{N}]/u.test(x[0]) ? x[0].replaceAll(" ", "") : null));
  return m;
}

/** Maps a span of the view back to the original text. */
export function spanOf(m: Mapped, start: number, end: number): { start: number; end: number } {
  return { start: m.start[start]!, end: m.end[end - 1]! };
}

const AT = String.raw`\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|<\s*at\s*>|\s+at\s+|@)\s*`;
const DOT = String.raw`\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\}|<\s*dot\s*>|\s+dot\s+|\.)\s*`;
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
/** `john dot doe at example dot com`, `jane[at]example[dot]org`: the local part may use spelled dots too. */
export const SPELLED_EMAIL = new RegExp(
  `(?<![\\w.@])[a-z0-9_%+-]+(?:${DOT}[a-z0-9_%+-]+)*${AT}${LABEL}(?:${DOT}${LABEL})*${DOT}[a-z]{2,24}(?![\\w@])`,
  "gi",
);

/** Spelled-out addresses only: a plain ` at ` needs a spelled or bracketed dot too (`look at google.com` is no address). */
export function spelledEmailOk(m: string): boolean {
  if (/^[^\s[({<]*@[^\s]*$/.test(m)) return false; // an ordinary address: the plain regex has it
  const bracketed = /[[({<]\s*(?:at|dot)\s*[\])}>]/i.test(m);
  const spelledDot = /\sdot\s|[[({<]\s*dot\s*[\])}>]/i.test(m);
  const plainAt = /\sat\s/i.test(m) && !/[[({<]\s*at\s*[\])}>]/i.test(m) && !m.includes("@");
  if (plainAt) return spelledDot;
  return bracketed || spelledDot || /\s@|@\s/.test(m);
}

/** SSNs written without dashes (`123456789`, `123 45 6789`) count only after an SSN label. */
export const SSN_BARE = /(?<![\d-])(\d{3})[ .]?(\d{2})[ .]?(\d{4})(?![\d-])/g;
export const SSN_CONTEXT =
  /\b(?:ssn|ss#|ss no|social security(?: number| no| #)?|social sec|soc sec)\b\W{0,20}(?:\w+\W{1,3}){0,3}$/i;

/** IBAN: country, check digits, 11–30 alphanumerics (optionally in groups of four), valid mod 97. */
export const IBAN = /\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30})\b/g;

export function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, "").toUpperCase();
  if (s.length < 15 || s.length > 34) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= "A" && ch <= "Z" ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem === 1;
}
