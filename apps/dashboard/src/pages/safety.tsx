import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function SafetyPage() {
  return <PageHeader title="Safety policy" />;
}

export const safetyRoutes: RouteObject[] = [{ path: "safety", element: <SafetyPage /> }];
