import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function KeysPage() {
  return <PageHeader title="API keys" />;
}

export const keysRoutes: RouteObject[] = [{ path: "keys", element: <KeysPage /> }];
