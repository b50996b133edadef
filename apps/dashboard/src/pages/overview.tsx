import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function OverviewPage() {
  return <PageHeader title="Overview" />;
}

export const overviewRoutes: RouteObject[] = [{ index: true, element: <OverviewPage /> }];
