import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function TasksPage() {
  return <PageHeader title="Tasks" />;
}

export const tasksRoutes: RouteObject[] = [{ path: "tasks", element: <TasksPage /> }];
