import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function CohortsPage() {
  return <PageHeader title="Cohorts" />;
}

export const cohortsRoutes: RouteObject[] = [{ path: "cohorts", element: <CohortsPage /> }];
