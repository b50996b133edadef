import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The dashboard is served by the API at /dashboard (apps/api/src/modules/dashboard). It talks to the API
 * only through the TypeScript SDK, compiled from its source here (no separate SDK build step).
 * `npm run dev -w @person-run/dashboard` serves it with hot reload against an API on :8080.
 */
export default defineConfig({
  base: "/dashboard/",
  plugins: [react()],
  resolve: {
    alias: { "@person-run/sdk": fileURLToPath(new URL("../../packages/sdk-ts/src/index.ts", import.meta.url)) },
  },
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 2000, reportCompressedSize: false },
  server: {
    proxy: Object.fromEntries(
      ["/personas", "/skills", "/tasks", "/schedules", "/cohorts", "/populations", "/studies", "/calibrations"]
        .concat(["/runs", "/models", "/analytics", "/keys", "/billing", "/tenants", "/health", "/widget"])
        .map((p) => [p, "http://localhost:8080"]),
    ),
  },
});
