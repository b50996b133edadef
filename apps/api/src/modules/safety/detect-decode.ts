/**
 * Decoding of the layers a reader never sees: HTML tags and comments, HTML entities, percent-encoding,
 * literal `\uXXXX` escapes, and right-to-left overrides (shown reversed). Every rewrite keeps a map from
 * each output character back to its span in the original text, so PII found in the decoded view can be
 * redacted in the original.
 */

export interface Mapped {
  text: string;
  /** Per UTF-16 unit of `text`: start and end (exclusive) offsets in the original. */
  start: number[];
  end: number[];
}

export function identity(text: string): Mapped {
  const start: number[] = new Array(text.length);
  const end: number[] = new Array(text.length);
  for (let i = 0; i < text.length; i++) {
    start[i] = i;
    end[i] = i + 1;
  }
  return { text, start, end };
}

/** Replaces every match of `re` (global) by `fn(match)`; null keeps the match. New text maps to the match's span. */
export function replaceMapped(m: Mapped, re: RegExp, fn: (match: RegExpExecArray) => string | null): Mapped {
  re.lastIndex = 0;
  let text = "";
  const start: number[] = [];
  const end: number[] = [];
  let pos = 0;
  const keep = (from: number, to: number): void => {
    text += m.text.slice(from, to);
    for (let i = from; i < to; i++) {
      start.push(m.start[i]!);
      end.push(m.end[i]!);
    }
  };
  for (let x = re.exec(m.text); x !== null; x = re.exec(m.text)) {
    if (x[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const out = fn(x);
    if (out === null) continue;
    keep(pos, x.index);
    const s = m.start[x.index]!;
    const e = m.end[x.index + x[0].length - 1]!;
    text += out;
    for (let i = 0; i < out.length; i++) {
      start.push(s);
      end.push(e);
    }
    pos = x.index + x[0].length;
  }
  if (pos === 0 && text === "") return m;
  keep(pos, m.text.length);
  return { text, start, end };
}

const NAMED: Record<string, string> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
  nbsp: " ",
  shy: "",
  zwj: "",
  zwnj: "",
  lrm: "",
  rlm: "",
  commat: "@",
  period: ".",
  hyphen: "-",
  dollar: "$",
  num: "#",
};

const fromCode = (code: number): string | null =>
  Number.isFinite(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
    ? String.fromCodePoint(code)
    : null;

/** Tags that start a new block: a reader sees a break there, so they become a space rather than nothing. */
const BLOCK_TAG = /^<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|blockquote|pre|hr)\b/i;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const TAG = /<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]{0,200})?\/?>/g;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));?/g;
const PERCENT = /(?:%[0-9A-Fa-f]{2})+/g;
const ESCAPE = /\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))/g;
/** A right-to-left override runs to its pop (PDF/PDI) or the end of the line. */
const RLO = /\u202E([^\u202C\u2069\n]*)(?:\u202C|\u2069)?/g;
const TRIGGER = /[<&%\\\u202E]/;

function decodeEntity(x: RegExpExecArray): string | null {
  if (x[1] !== undefined) return fromCode(Number(x[1]));
  if (x[2] !== undefined) return fromCode(Number.parseInt(x[2], 16));
  const named = NAMED[x[3]!.toLowerCase()];
  return named !== undefined && x[0].endsWith(";") ? named : null;
}

function decodePercent(x: RegExpExecArray): string | null {
  try {
    const s = decodeURIComponent(x[0]);
    return /[\p{Cc}]/u.test(s.replace(/[\t\n\r]/g, "")) ? null : s;
  } catch {
    return null;
  }
}

/** All layers, in the order a browser or terminal would undo them (entities twice: `&amp;#122;`). */
export function decodeLayers(m: Mapped): Mapped {
  if (!TRIGGER.test(m.text)) return m;
  let out = m;
  if (out.text.includes("<")) {
    out = replaceMapped(out, COMMENT, () => "");
    out = replaceMapped(out, TAG, (x) => (BLOCK_TAG.test(x[0]) ? " " : ""));
  }
  for (let pass = 0; pass < 2 && out.text.includes("&"); pass++) out = replaceMapped(out, ENTITY, decodeEntity);
  if (out.text.includes("%")) out = replaceMapped(out, PERCENT, decodePercent);
  if (out.text.includes("\\"))
    out = replaceMapped(out, ESCAPE, (x) => fromCode(Number.parseInt(x[1] ?? x[2] ?? x[3]!, 16)));
  if (out.text.includes("\u202E")) out = replaceMapped(out, RLO, (x) => [...x[1]!].reverse().join(""));
  return out;
}

/** The decoded text only (the letter stream does not need the map). */
export function decodeText(text: string): string {
  return TRIGGER.test(text) ? decodeLayers(identity(text)).text : text;
}
