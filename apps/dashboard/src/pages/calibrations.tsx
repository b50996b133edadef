import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function CalibrationsPage() {
  return <PageHeader title="Calibrations" />;
}

export const calibrationsRoutes: RouteObject[] = [{ path: "calibrations", element: <CalibrationsPage /> }];
