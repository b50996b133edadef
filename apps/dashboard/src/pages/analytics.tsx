import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function AnalyticsPage() {
  return <PageHeader title="Analytics" />;
}

export const analyticsRoutes: RouteObject[] = [{ path: "analytics", element: <AnalyticsPage /> }];
