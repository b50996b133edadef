import { defineModule } from "../manifest.ts";
import { registerDocsRoutes } from "./routes.ts";

/** `/docs`: the API reference page (not itself in the OpenAPI document). */
export const docsModule = defineModule({ name: "docs", routes: registerDocsRoutes });
