import { defineModule } from "../manifest.ts";
import { registerDashboardRoutes } from "./routes.ts";

/** `/dashboard`: the web dashboard (apps/dashboard, built by `npm ci`), served with an SPA fallback. */
export const dashboardModule = defineModule({ name: "dashboard", routes: registerDashboardRoutes });
