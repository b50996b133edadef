/** Static screening of tenant `/regex/` guards for catastrophic-backtracking shapes. */

export const MAX_REGEX_LENGTH = 200;

interface Frame {
  repeats: boolean;
  alts: string[];
  altStart: number;
  open: number;
}

/** Reads a quantifier at `i`; returns [length consumed, repeats (max > 1)] or null. */
function quantifierAt(src: string, i: number): [number, boolean] | null {
  const c = src[i];
  let len = 0;
  let repeats = false;
  if (c === "*" || c === "+") {
    len = 1;
    repeats = true;
  } else if (c === "?") {
    len = 1;
  } else if (c === "{") {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
    if (m === null) return null;
    len = m[0].length;
    repeats = m[2] !== undefined ? m[3] === "" || Number(m[3]) > 1 : Number(m[1]) > 1;
  } else {
    return null;
  }
  if (src[i + len] === "?") len++;
  return [len, repeats];
}

function stripGroupPrefix(alt: string): string {
  return alt.replace(/^\?(?::|=|!|<=|<!|<[A-Za-z_][A-Za-z0-9_]*>)/, "");
}

/** Alternatives that can match the same input (identical, empty, same first char, or class-like starts). */
function ambiguousAlternation(alts: string[]): boolean {
  if (alts.length < 2) return false;
  const firsts = new Set<string>();
  for (const a of alts) {
    if (a === "") return true;
    const f = a[0]!;
    if (f === "." || f === "\\" || f === "[" || f === "(") return true;
    const key = f.toLowerCase();
    if (firsts.has(key)) return true;
    firsts.add(key);
  }
  return false;
}

/**
 * True when `source` is short (≤ 200), compiles, has no back-references, and has no nested repetition
 * (`(a+)+`, `(.*)*`, `(a{2,}){2,}`) and no repeated group with overlapping alternatives (`(a|a)*`, `(a|ab)+`).
 */
export function isSafeRegex(source: string): boolean {
  if (source.length === 0 || source.length > MAX_REGEX_LENGTH) return false;
  try {
    new RegExp(source, "u");
  } catch {
    try {
      new RegExp(source);
    } catch {
      return false;
    }
  }
  if (/\\[1-9]|\\k</.test(source)) return false;
  const stack: Frame[] = [{ repeats: false, alts: [], altStart: 0, open: -1 }];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === "\\") {
      i += 2;
    } else if (c === "[") {
      i++;
      if (source[i] === "^") i++;
      if (source[i] === "]") i++;
      while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
      i++;
    } else if (c === "(") {
      stack.push({ repeats: false, alts: [], altStart: i + 1, open: i });
      i++;
      continue;
    } else if (c === "|") {
      const top = stack[stack.length - 1]!;
      top.alts.push(stripGroupPrefix(source.slice(top.altStart, i)));
      top.altStart = i + 1;
      i++;
      continue;
    } else if (c === ")") {
      const frame = stack.pop();
      if (frame === undefined || stack.length === 0) return false;
      frame.alts.push(stripGroupPrefix(source.slice(frame.altStart, i)));
      i++;
      const q = quantifierAt(source, i);
      const parent = stack[stack.length - 1]!;
      if (q?.[1]) {
        if (frame.repeats) return false;
        if (ambiguousAlternation(frame.alts)) return false;
      }
      if (frame.repeats || q?.[1]) parent.repeats = true;
      if (q !== null) i += q[0];
      continue;
    } else {
      i++;
    }
    const q = quantifierAt(source, i);
    if (q !== null) {
      if (q[1]) stack[stack.length - 1]!.repeats = true;
      i += q[0];
    }
  }
  return stack.length === 1;
}

/** Parses a `/source/flags` guard entry; null when the entry is a plain phrase. */
export function parseRegexGuard(entry: string): { source: string; flags: string } | null {
  const t = entry.trim();
  if (t.length < 3 || t[0] !== "/") return null;
  const last = t.lastIndexOf("/");
  if (last <= 0) return null;
  const flags = t.slice(last + 1);
  if (!/^[a-z]*$/.test(flags)) return null;
  return { source: t.slice(1, last), flags };
}

/**
 * Rewrites literal `i`/`l` (outside classes and escapes) to `[i1]`/`[l1]`, so a guard runs on text where a
 * leetspeak `1` is kept as `1` and may stand for either letter (`j411br34k`).
 */
export function leetTolerantSource(source: string): string {
  let out = "";
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === "\\") {
      const m = /^\\[pPu]\{[^}]*\}/.exec(source.slice(i));
      const len = m !== null ? m[0].length : 2;
      out += source.slice(i, i + len);
      i += len;
    } else if (c === "[") {
      let j = i + 1;
      if (source[j] === "^") j++;
      if (source[j] === "]") j++;
      while (j < source.length && source[j] !== "]") j += source[j] === "\\" ? 2 : 1;
      const cls = source.slice(i, j + 1);
      out += /[il]/i.test(cls) && !cls.startsWith("[^") ? `${cls.slice(0, -1)}1]` : cls;
      i = j + 1;
    } else if (c === "(" && source[i + 1] === "?" && source[i + 2] === "<" && /[A-Za-z_]/.test(source[i + 3] ?? "")) {
      const close = source.indexOf(">", i);
      out += source.slice(i, close + 1);
      i = close + 1;
    } else if (c === "i" || c === "I") {
      out += "[i1]";
      i++;
    } else if (c === "l" || c === "L") {
      out += "[l1]";
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Compiles a guard with `i` added (stateless flags only); null when invalid or unsafe. */
export function compileRegexGuard(entry: string): RegExp | null {
  const parsed = parseRegexGuard(entry);
  if (parsed === null || !isSafeRegex(parsed.source)) return null;
  const flags = new Set([...parsed.flags].filter((f) => f === "i" || f === "m" || f === "s" || f === "u"));
  flags.add("i");
  const f = [...flags].join("");
  try {
    return new RegExp(leetTolerantSource(parsed.source), f);
  } catch {
    try {
      return new RegExp(parsed.source, f);
    } catch {
      return null;
    }
  }
}
