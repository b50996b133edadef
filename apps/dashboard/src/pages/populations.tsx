import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function PopulationsPage() {
  return <PageHeader title="Populations" />;
}

export const populationsRoutes: RouteObject[] = [{ path: "populations", element: <PopulationsPage /> }];
