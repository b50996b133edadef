import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function BillingPage() {
  return <PageHeader title="Billing" />;
}

export const billingRoutes: RouteObject[] = [{ path: "billing", element: <BillingPage /> }];
