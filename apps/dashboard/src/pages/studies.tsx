import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function StudiesPage() {
  return <PageHeader title="Studies" />;
}

export const studiesRoutes: RouteObject[] = [{ path: "studies", element: <StudiesPage /> }];
