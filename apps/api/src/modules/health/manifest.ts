import { defineModule } from "../manifest.ts";
import { registerHealthRoutes } from "./routes.ts";

/** The system module: /health and the "System" tag. */
export const healthModule = defineModule({
  name: "health",
  tags: [{ name: "System", description: "Health and the specification" }],
  routes: registerHealthRoutes,
});
