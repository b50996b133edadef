import { RE2JS } from "re2js";

/**
 * Tenant `/regex/flags` guards run on RE2 (re2js, a pure-JS port): matching takes time linear in the text
 * whatever the pattern, so `(a+)+$` or `\w*\w*\w*!` cannot hold the event loop. RE2 has no back-references
 * or lookaround; such patterns do not compile and are refused at `PUT`, as are overlong ones.
 */

export const MAX_REGEX_LENGTH = 200;

/** A compiled guard (an RE2JS pattern): `test` looks for a match anywhere in the text. */
export interface RegexGuard {
  test(text: string): boolean;
}

/** `i` is always on; `m` and `s` map to RE2's flags; `u` is implied (RE2 reads code points); others are ignored. */
function flagBits(flags: string): number {
  let bits = RE2JS.CASE_INSENSITIVE;
  if (flags.includes("m")) bits |= RE2JS.MULTILINE;
  if (flags.includes("s")) bits |= RE2JS.DOTALL;
  return bits;
}

function compile(source: string, flags: string): RE2JS | null {
  try {
    return RE2JS.compile(source, flagBits(flags));
  } catch {
    return null;
  }
}

/**
 * Why a guard's source is refused, or null when it is accepted: empty, longer than 200 characters, or not
 * RE2 syntax (back-references `\1`, lookaround `(?=`, `(?<=`, JS-only escapes such as `\u0041` — write
 * `\x{41}`), or a repeat count above 1000.
 */
export function regexGuardProblem(source: string): string | null {
  if (source.length === 0) return "empty pattern";
  if (source.length > MAX_REGEX_LENGTH) return `longer than ${MAX_REGEX_LENGTH} characters`;
  try {
    RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^error parsing regexp: /, "");
  }
}

/** True when the guard's source compiles on RE2 and is at most 200 characters long (then it runs in linear time). */
export function isSafeRegex(source: string): boolean {
  return regexGuardProblem(source) === null;
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

/** Compiles a guard on RE2 with `i` added; null when refused (see `regexGuardProblem`). */
export function compileRegexGuard(entry: string): RegexGuard | null {
  const parsed = parseRegexGuard(entry);
  if (parsed === null || !isSafeRegex(parsed.source)) return null;
  return compile(leetTolerantSource(parsed.source), parsed.flags) ?? compile(parsed.source, parsed.flags);
}
