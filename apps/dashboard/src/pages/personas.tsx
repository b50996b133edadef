import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function PersonasPage() {
  return <PageHeader title="Personas" />;
}

export const personasRoutes: RouteObject[] = [{ path: "personas", element: <PersonasPage /> }];
