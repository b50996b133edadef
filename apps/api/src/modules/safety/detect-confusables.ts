/**
 * Per-character skeletons for confusable letters: a small hand table first (Cyrillic/Greek forms the UTS #39
 * table maps to non-Latin skeletons, and letter forms it lacks: small capitals, regional indicators, negative
 * circled/squared letters), then the UTS #39 confusables table shipped by `unhomoglyph`, followed to a fixpoint.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const UTS39 = require("unhomoglyph/data.json") as Record<string, string>;

export const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  і: "i",
  ї: "i",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  һ: "h",
  ӏ: "l",
  ɡ: "g",
  ѵ: "v",
  ү: "y",
  ь: "b",
  // Greek
  α: "a",
  β: "b",
  ε: "e",
  η: "n",
  ι: "i",
  κ: "k",
  μ: "u",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ω: "w",
  ς: "s",
  σ: "o",
  γ: "y",
  ϲ: "c",
  ϳ: "j",
  // Latin look-alikes
  ı: "i",
  ł: "l",
  ø: "o",
  đ: "d",
  ħ: "h",
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ŀ: "l",
  ƅ: "b",
  ɑ: "a",
  ɫ: "l",
  ɩ: "i",
  // Armenian forms the table leaves out
  ժ: "d",
  ꞯ: "q",
  // Small capitals (most are missing from the UTS #39 table or map to other small forms)
  ᴀ: "a",
  ʙ: "b",
  ᴄ: "c",
  ᴅ: "d",
  ᴇ: "e",
  ꜰ: "f",
  ғ: "f",
  ɢ: "g",
  ʜ: "h",
  ɪ: "i",
  ᴊ: "j",
  ᴋ: "k",
  ʟ: "l",
  ᴍ: "m",
  ɴ: "n",
  ᴏ: "o",
  ᴘ: "p",
  ǫ: "q",
  ʀ: "r",
  ꜱ: "s",
  ᴛ: "t",
  ᴜ: "u",
  ᴠ: "v",
  ᴡ: "w",
  ʏ: "y",
  ᴢ: "z",
};

/** Letter blocks with no decomposition: regional indicators, negative circled and negative squared capitals. */
const LETTER_BLOCKS: [number, number][] = [
  [0x1f1e6, 0x1f1ff],
  [0x1f150, 0x1f169],
  [0x1f170, 0x1f189],
];

/** True when every UTF-16 unit of `s` is ASCII. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** The confusable skeleton of one non-ASCII code point (unchanged when none is known). */
export function skeleton(cp: string): string {
  const manual = HOMOGLYPHS[cp] ?? HOMOGLYPHS[cp.toLowerCase()];
  if (manual !== undefined) return manual;
  const code = cp.codePointAt(0) ?? 0;
  for (const [a, b] of LETTER_BLOCKS) if (code >= a && code <= b) return String.fromCharCode(97 + code - a);
  // Lower-case Cherokee and a few others are only in the table as capitals.
  let s = cp;
  for (let i = 0; i < 3 && !isAscii(s); i++) {
    const next = UTS39[s] ?? UTS39[s.toUpperCase()];
    if (next === undefined || next === s) break;
    s = next;
    if (HOMOGLYPHS[s] !== undefined) return HOMOGLYPHS[s]!;
  }
  // The table maps some letters to ASCII look-alikes that are not letters (`ǀ` → `l` is fine, `ꓸ` → `.` too).
  return s;
}
