/**
 * Survey tools store question texts as HTML (Qualtrics) or with recall placeholders (Typeform). A persona
 * is asked plain text, so imported texts are turned into what a respondent reads on screen: tags gone,
 * block tags as line breaks, entities decoded. (The guardrails' decoder in the safety module answers a
 * different question — what a text could hide — and keeps offsets; this one keeps the line layout.)
 */

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  shy: "",
  zwj: "",
  zwnj: "",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  laquo: "«",
  raquo: "»",
  bull: "•",
  middot: "·",
  deg: "°",
  times: "×",
  divide: "÷",
  plusmn: "±",
  frac12: "½",
  frac14: "¼",
  frac34: "¾",
  copy: "©",
  reg: "®",
  trade: "™",
  euro: "€",
  pound: "£",
  yen: "¥",
  cent: "¢",
  sect: "§",
  para: "¶",
  eacute: "é",
  egrave: "è",
  ecirc: "ê",
  aacute: "á",
  agrave: "à",
  acirc: "â",
  auml: "ä",
  ouml: "ö",
  uuml: "ü",
  szlig: "ß",
  ccedil: "ç",
  ntilde: "ñ",
  iacute: "í",
  oacute: "ó",
  uacute: "ú",
};

const SCRIPT_OR_STYLE = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
/** Tags after which a reader sees a new line. */
const BREAK = /<(?:br|hr)\b[^>]*>|<\/(?:p|div|li|h[1-6]|tr|table|ul|ol|blockquote|pre|section)\s*>/gi;
const LIST_ITEM = /<li\b[^>]*>/gi;
const TAG = /<\/?[a-zA-Z][^<>]*>/g;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,9}));/g;
/** Typeform recall (`{{field:ref}}`, `{{hidden:x}}`, `{{var:score}}`) and Qualtrics piped text (`${q://QID1/…}`). */
const PIPE = /\{\{[^{}]{0,200}\}\}|\$\{[^{}]{0,300}\}/g;

function decodeEntity(whole: string, dec?: string, hex?: string, name?: string): string {
  const code = dec !== undefined ? Number(dec) : hex !== undefined ? Number.parseInt(hex, 16) : undefined;
  if (code !== undefined) {
    const ok = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return ok ? String.fromCodePoint(code) : "";
  }
  return NAMED[name!] ?? NAMED[name!.toLowerCase()] ?? whole;
}

/** Plain text of an HTML fragment: tags removed, block ends as line breaks, entities decoded, spaces tidied. */
export function htmlToText(html: string): string {
  const text = html
    .replace(SCRIPT_OR_STYLE, "")
    .replace(COMMENT, "")
    .replace(BREAK, "\n")
    .replace(LIST_ITEM, "\n• ")
    .replace(TAG, "")
    .replace(ENTITY, (whole, dec, hex, name) => decodeEntity(whole, dec, hex, name));
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
}

/**
 * The text a persona is shown for an imported label: plain text, with recall and piped-text placeholders
 * replaced by an ellipsis. They refer to earlier answers or panel data the import cannot know, and a
 * `{{…}}` left in would read as one of our skill variables and fail task creation.
 */
export function surveyText(raw: unknown): string {
  if (typeof raw !== "string") return "";
  return htmlToText(raw).replace(PIPE, "…");
}

/** Cuts a text to `max` characters, ending with an ellipsis when it was longer. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
