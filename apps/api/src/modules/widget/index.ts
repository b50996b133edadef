/** The widget module's public entry (docs/modules.md): nothing other modules need yet. */
export type { WidgetService } from "./service.ts";
