/**
 * `npm run lint:deps`: the module boundaries of apps/api (docs/modules.md). Runs dependency-cruiser with
 * .dependency-cruiser.cjs (which import may go where), then checks the module graph as a whole: no two
 * modules may depend on each other, even through type-only imports or files that do not form an import
 * cycle themselves (a schema.ts → schema.ts foreign key does not count). Exits 1 on any violation.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CONFIG = path.join(ROOT, ".dependency-cruiser.cjs");
const MODULE_FILE = /^apps\/api\/src\/modules\/([^/]+)\/(.+)$/;

export interface BoundaryReport {
  /** `rule: from → to`, one per forbidden import. */
  violations: string[];
  /** `a → b → a`, one per cycle between modules. */
  moduleCycles: string[];
}

/** Checks the tree under `baseDir` (the repository, or a test's fixture laid out the same way). */
export async function checkBoundaries(
  baseDir = ROOT,
  scan = ["apps/api/src", "apps/api/test"],
): Promise<BoundaryReport> {
  const options = await extractDepcruiseOptions(CONFIG);
  const { output } = await cruise(scan, { ...options, baseDir });
  const result = output as ICruiseResult;
  const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
  return { violations, moduleCycles: moduleCycles(result) };
}

/** Module → modules it imports from (schema.ts foreign keys and tests aside). */
function moduleGraph(result: ICruiseResult): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const m of result.modules) {
    const from = MODULE_FILE.exec(m.source);
    if (!from || from[2] === "schema.ts" || from[2]?.endsWith(".test.ts")) continue;
    const name = from[1] as string;
    const edges = graph.get(name) ?? new Set<string>();
    graph.set(name, edges);
    for (const d of m.dependencies) {
      const to = MODULE_FILE.exec(d.resolved)?.[1];
      if (to && to !== name) edges.add(to);
    }
  }
  return graph;
}

function moduleCycles(result: ICruiseResult): string[] {
  const graph = moduleGraph(result);
  const cycles = new Set<string>();
  const walk = (node: string, path: string[]) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      const cycle = path.slice(at);
      // One spelling per cycle: start at its smallest name.
      const start = cycle.indexOf([...cycle].sort()[0] as string);
      const canonical = [...cycle.slice(start), ...cycle.slice(0, start)];
      cycles.add([...canonical, canonical[0]].join(" → "));
      return;
    }
    for (const next of graph.get(node) ?? []) walk(next, [...path, node]);
  };
  for (const node of graph.keys()) walk(node, []);
  return [...cycles].sort();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { violations, moduleCycles: cycles } = await checkBoundaries();
  for (const v of violations) console.error(`  error ${v}`);
  for (const c of cycles) console.error(`  error no-module-cycles: ${c}`);
  const n = violations.length + cycles.length;
  if (n > 0) {
    console.error(`\n✘ ${n} module boundary violation(s): see docs/modules.md for the rules and how to fix them.`);
    process.exit(1);
  }
  console.log("✔ module boundaries hold (docs/modules.md)");
}
