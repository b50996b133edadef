import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["apps/*/src/**/*.test.ts", "apps/*/test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    globalSetup: ["apps/api/test/global-setup.ts"],
    pool: "forks",
    // Each test file shares one embedded database (~800 MB); two at a time fit the 2-core machines.
    maxWorkers: 2,
    // Bounds on a hang, not speed expectations: a busy 2-core machine may take long to boot a server.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: "silent" },
  },
});
