import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local fake of an AI Gateway's model list (`GET /v1/models`, OpenAI-style with the gateway's `pricing`
 * in USD per token as decimal strings), so the catalog sync is tested offline. Answers what `answer` says
 * at the time of the request: a list, an HTTP error, or a body that is not JSON.
 */
export interface FakeGateway {
  /** Base URL to give AI_GATEWAY_BASE_URL, e.g. "http://127.0.0.1:43123/v1". */
  url: string;
  answer: { kind: "list"; data: unknown[] } | { kind: "status"; status: number } | { kind: "garbage" };
  /** The Authorization header of each request. */
  auth: (string | undefined)[];
  close(): Promise<void>;
}

/** A gateway model entry as the gateway lists it (prices per token). */
export const gatewayModel = (id: string, pricing: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  id,
  object: "model",
  created: 1_700_000_000,
  owned_by: id.split("/")[0],
  name: id,
  type: "language",
  context_window: 128_000,
  tags: ["tool-use"],
  pricing,
  ...extra,
});

export async function startFakeGateway(): Promise<FakeGateway> {
  const fake: FakeGateway = {
    url: "",
    answer: { kind: "list", data: [] },
    auth: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    fake.auth.push(req.headers.authorization);
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/v1/models") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
      return;
    }
    const a = fake.answer;
    if (a.kind === "status")
      res.writeHead(a.status, { "content-type": "application/json" }).end('{"error":{"message":"down"}}');
    else if (a.kind === "garbage") res.writeHead(200, { "content-type": "application/json" }).end("<html>oops");
    else
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: a.data }));
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
