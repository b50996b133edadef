import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkBoundaries } from "../../../scripts/lint-deps.ts";

/**
 * The module boundaries (docs/modules.md) as `npm run lint:deps` checks them: the real tree holds them, and
 * a tree with forbidden imports — a fixture laid out like apps/api, checked with the same configuration —
 * is reported, one violation per rule broken, so the check provably fails on a forbidden import.
 */

const CRUISE_TIMEOUT_MS = 120_000; // a bound on a hang: dependency-cruiser parses every file with TypeScript

const fixture = mkdtempSync(path.join(os.tmpdir(), "person-run-boundaries-"));
afterAll(() => rmSync(fixture, { recursive: true, force: true }));

function write(file: string, text: string) {
  const full = path.join(fixture, "apps/api/src", file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

describe("module boundaries", () => {
  it(
    "hold in the real tree",
    async () => {
      const report = await checkBoundaries();
      expect(report.violations).toEqual([]);
      expect(report.moduleCycles).toEqual([]);
    },
    CRUISE_TIMEOUT_MS,
  );

  it(
    "report each kind of forbidden import",
    async () => {
      write("modules/alpha/service.ts", "export const helper = 1;\n");
      write("modules/alpha/index.ts", 'export { helper } from "./service.ts";\n');
      write("modules/alpha/routes.ts", "export const registerAlphaRoutes = () => {};\n");
      write("modules/alpha/manifest.ts", 'export { registerAlphaRoutes } from "./routes.ts";\n');
      write("llm/simulator/rng.ts", "export const seed = 1;\n");
      write("llm/index.ts", "export const llm = 1;\n");
      // Allowed: another module through its door, and the llm layer through its own.
      write(
        "modules/beta/ok.ts",
        'import { helper } from "../alpha/index.ts";\nimport { llm } from "../../llm/index.ts";\nexport const ok = [helper, llm];\n',
      );
      // Forbidden: past the door, a routes file, the simulator's internals.
      write(
        "modules/beta/service.ts",
        'import { helper } from "../alpha/service.ts";\nimport { registerAlphaRoutes } from "../alpha/routes.ts";\nimport { seed } from "../../llm/simulator/rng.ts";\nexport const bad = [helper, registerAlphaRoutes, seed];\n',
      );
      // Forbidden: the job layer reaching up into a module.
      write("jobs/queue.ts", 'import { helper } from "../modules/alpha/index.ts";\nexport const q = helper;\n');
      // Forbidden: two modules depending on each other, even through type-only imports of their doors.
      write(
        "modules/beta/index.ts",
        'import type { Gamma } from "../gamma/index.ts";\nexport type Beta = Gamma | 1;\n',
      );
      write("modules/gamma/index.ts", 'import type { Beta } from "../beta/index.ts";\nexport type Gamma = Beta | 2;\n');

      const report = await checkBoundaries(fixture, ["apps/api/src"]);
      const at = "apps/api/src";
      expect(report.violations.sort()).toEqual(
        [
          `core-below-modules: ${at}/jobs/queue.ts → ${at}/modules/alpha/index.ts`,
          `llm-through-its-door: ${at}/modules/beta/service.ts → ${at}/llm/simulator/rng.ts`,
          `module-one-door: ${at}/modules/beta/service.ts → ${at}/modules/alpha/routes.ts`,
          `module-one-door: ${at}/modules/beta/service.ts → ${at}/modules/alpha/service.ts`,
          `no-simulator-in-modules: ${at}/modules/beta/service.ts → ${at}/llm/simulator/rng.ts`,
          `routes-only-from-manifest: ${at}/modules/beta/service.ts → ${at}/modules/alpha/routes.ts`,
        ].sort(),
      );
      expect(report.moduleCycles).toEqual(["beta → gamma → beta"]);
    },
    CRUISE_TIMEOUT_MS,
  );
});
