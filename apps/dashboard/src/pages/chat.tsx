import type { RouteObject } from "react-router";
import { PageHeader } from "../ui/components.tsx";

// PLACEHOLDER: this page is not built yet (issue 16).
function ChatPage() {
  return <PageHeader title="Chat" />;
}

export const chatRoutes: RouteObject[] = [{ path: "chat", element: <ChatPage /> }];
