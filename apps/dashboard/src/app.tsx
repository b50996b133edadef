import { useState } from "react";
import { createBrowserRouter, Link, type RouteObject, RouterProvider, useRouteError } from "react-router";
import { ClientProvider } from "./client.tsx";
import { Layout } from "./layout.tsx";
import { loadSession, type Session } from "./lib/session.ts";
import { analyticsRoutes } from "./pages/analytics.tsx";
import { billingRoutes } from "./pages/billing.tsx";
import { calibrationsRoutes } from "./pages/calibrations.tsx";
import { chatRoutes } from "./pages/chat.tsx";
import { cohortsRoutes } from "./pages/cohorts.tsx";
import { keysRoutes } from "./pages/keys.tsx";
import { modelsRoutes } from "./pages/models.tsx";
import { overviewRoutes } from "./pages/overview.tsx";
import { personasRoutes } from "./pages/personas.tsx";
import { populationsRoutes } from "./pages/populations.tsx";
import { safetyRoutes } from "./pages/safety.tsx";
import { schedulesRoutes } from "./pages/schedules.tsx";
import { skillsRoutes } from "./pages/skills.tsx";
import { studiesRoutes } from "./pages/studies.tsx";
import { tasksRoutes } from "./pages/tasks.tsx";
import { SignIn } from "./signin.tsx";
import { EmptyState, ErrorState } from "./ui/components.tsx";

function NotFound() {
  return (
    <EmptyState title="Page not found" action={<Link to="/">Back to the overview</Link>}>
      There is no dashboard page at this address.
    </EmptyState>
  );
}

function RouteError() {
  const error = useRouteError();
  return <ErrorState error={error} title="This page failed to render" />;
}

/** Every page, each area in its own file under pages/ (its list and detail routes). */
const PAGES: RouteObject[] = [
  ...overviewRoutes,
  ...personasRoutes,
  ...chatRoutes,
  ...safetyRoutes,
  ...skillsRoutes,
  ...cohortsRoutes,
  ...populationsRoutes,
  ...studiesRoutes,
  ...schedulesRoutes,
  ...tasksRoutes,
  ...calibrationsRoutes,
  ...analyticsRoutes,
  ...modelsRoutes,
  ...keysRoutes,
  ...billingRoutes,
  { path: "*", element: <NotFound /> },
];

const router = createBrowserRouter(
  [{ path: "/", element: <Layout />, errorElement: <RouteError />, children: PAGES }],
  {
    basename: "/dashboard",
  },
);

export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession(sessionStorage));
  if (!session) return <SignIn onSignedIn={setSession} />;
  return (
    <ClientProvider session={session} onChange={setSession}>
      <RouterProvider router={router} />
    </ClientProvider>
  );
}
