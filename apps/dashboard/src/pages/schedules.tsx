import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function SchedulesPage() {
  return <PageHeader title="Schedules" />;
}

export const schedulesRoutes: RouteObject[] = [{ path: "schedules", element: <SchedulesPage /> }];
