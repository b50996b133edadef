/**
 * Figures of an API evaluation run (`api-run.ts`): per part × mode × stage, per class, the share caught and
 * falsely blocked per mode, and where the three modes disagree. Failing ids only when asked (the tuned part).
 */
import { MODES, type Mode, type Outcomes, STAGES, type Stage } from "./api-run.ts";
import type { EvalCase } from "./run.ts";

export interface ClassCount {
  total: number;
  misses: number;
  falseBlocks: number;
}

export interface StageFigures extends ClassCount {
  /** Cases expected blocked (input) or hidden (output), and expected through unchanged. */
  expectedCaught: number;
  expectedAllowed: number;
  byClass: Record<string, ClassCount>;
}

export interface PartApiFigures {
  modes: Record<Mode, Record<Stage, StageFigures>>;
  /** Per mode, both stages together: the share of block/hide cases caught, of allow cases blocked or changed. */
  rates: Record<Mode, { caught: number; falseBlocks: number }>;
  /** Cases on which the modes disagree (one passes it, another does not), by class. */
  disagreements: Record<string, number>;
  /** How cases failed, by mode: counts per kind ("not blocked", "leaked", "status 500"…). */
  why: Record<Mode, Record<string, number>>;
  /** Failing case ids, only when `details` was asked for (the tuned part). */
  failures?: { id: string; mode: Mode; kind: "miss" | "false_block"; why: string }[];
}

const zero = (): ClassCount => ({ total: 0, misses: 0, falseBlocks: 0 });

export function apiFigures(cases: EvalCase[], outcomes: Outcomes, details = false): PartApiFigures {
  const stage = (): StageFigures => ({ ...zero(), expectedCaught: 0, expectedAllowed: 0, byClass: {} });
  const modes = Object.fromEntries(
    MODES.map((m) => [m, { input: stage(), output: stage() }]),
  ) as PartApiFigures["modes"];
  const why = Object.fromEntries(MODES.map((m) => [m, {}])) as PartApiFigures["why"];
  const disagreements: Record<string, number> = {};
  const failures: NonNullable<PartApiFigures["failures"]> = [];
  for (const c of cases) {
    const got = outcomes.get(c.id) ?? {};
    const oks = new Set<boolean>();
    for (const mode of MODES) {
      const o = got[mode];
      if (!o) continue; // async sampled out
      oks.add(o.ok);
      const f = modes[mode][c.stage];
      f.byClass[c.class] ??= zero();
      const k = f.byClass[c.class] as ClassCount;
      f.total++;
      k.total++;
      if (c.expect === "allow") f.expectedAllowed++;
      else f.expectedCaught++;
      if (o.ok) continue;
      const kind = c.expect === "allow" ? "false_block" : "miss";
      if (kind === "miss") {
        f.misses++;
        k.misses++;
      } else {
        f.falseBlocks++;
        k.falseBlocks++;
      }
      const w = o.why ?? kind;
      why[mode][w] = (why[mode][w] ?? 0) + 1;
      if (details) failures.push({ id: c.id, mode, kind, why: w });
    }
    if (oks.size > 1) disagreements[c.class] = (disagreements[c.class] ?? 0) + 1;
  }
  const rates = Object.fromEntries(
    MODES.map((m) => {
      const { input: i, output: o } = modes[m];
      const caughtOf = i.expectedCaught + o.expectedCaught;
      const allowedOf = i.expectedAllowed + o.expectedAllowed;
      return [
        m,
        {
          caught: caughtOf === 0 ? 1 : (caughtOf - i.misses - o.misses) / caughtOf,
          falseBlocks: allowedOf === 0 ? 0 : (i.falseBlocks + o.falseBlocks) / allowedOf,
        },
      ];
    }),
  ) as PartApiFigures["rates"];
  return { modes, rates, disagreements, why, ...(details && { failures }) };
}

/** The figures as lines: per mode × stage, then a table per stage of each class's misses/false blocks by mode. */
export function apiSummary(name: string, f: PartApiFigures): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines: string[] = [];
  for (const mode of MODES) {
    for (const st of STAGES) {
      const s = f.modes[mode][st];
      if (s.total === 0) continue;
      lines.push(
        `${name} ${mode} ${st}: ${s.total} cases, ${s.expectedCaught - s.misses}/${s.expectedCaught} caught, ` +
          `${s.misses} misses, ${s.falseBlocks}/${s.expectedAllowed} false blocks`,
      );
    }
    const w = Object.entries(f.why[mode]).map(([k, v]) => `${k} ×${v}`);
    lines.push(
      `${name} ${mode}: ${pct(f.rates[mode].caught)} caught, ${pct(f.rates[mode].falseBlocks)} false blocks` +
        (w.length > 0 ? ` (${w.join(", ")})` : ""),
    );
  }
  for (const st of STAGES) {
    const classes = [...new Set(MODES.flatMap((m) => Object.keys(f.modes[m][st].byClass)))].sort();
    if (classes.length === 0) continue;
    lines.push(`${name} ${st} by class (misses/false blocks of total): ${MODES.join(" | ")}`);
    for (const cl of classes) {
      const cells = MODES.map((m) => {
        const k = f.modes[m][st].byClass[cl];
        return k ? `${k.misses}/${k.falseBlocks} of ${k.total}` : "-";
      });
      lines.push(`  ${cl.padEnd(24)} ${cells.join(" | ")}`);
    }
  }
  const d = Object.entries(f.disagreements).sort();
  lines.push(
    `${name} modes disagree on ${d.reduce((n, [, v]) => n + v, 0)} cases` +
      (d.length > 0 ? `: ${d.map(([k, v]) => `${k} ${v}`).join(", ")}` : ""),
  );
  return lines;
}
