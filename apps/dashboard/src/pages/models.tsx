import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function ModelsPage() {
  return <PageHeader title="Models & pricing" />;
}

export const modelsRoutes: RouteObject[] = [{ path: "models", element: <ModelsPage /> }];
