import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function SkillsPage() {
  return <PageHeader title="Skills" />;
}

export const skillsRoutes: RouteObject[] = [{ path: "skills", element: <SkillsPage /> }];
