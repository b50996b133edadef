// A fault-injecting HTTP proxy for the R tests: forwards to UPSTREAM and, for a request matching a queued
// fault (method + path prefix), answers instead:
//   before: answer `status` (with `headers`, `body`) without forwarding;
//   after:  forward (the server does the work), then drop its answer and send `status` instead;
//   drop:   forward, then close the connection without an answer;
//   delay:  wait `seconds`, then forward.
// Control: POST /__proxy/faults (a fault as JSON), GET /__proxy/seen (every request as
// {method, path, idempotencyKey}), POST /__proxy/reset. Usage: node fault-proxy.mjs <port> <upstream>
import http from "node:http";

const [port, upstream] = [Number(process.argv[2]), new URL(process.argv[3])];
let faults = [];
let seen = [];

const readBody = (req) =>
  new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

const forward = (req, body) =>
  new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: upstream.host };
    delete headers.connection;
    const out = http.request(
      { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    out.on("error", reject);
    out.end(body);
  });

const json = (res, status, value, headers = {}) => {
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
};

const sendFault = (res, f) =>
  json(
    res,
    f.status ?? 503,
    f.body ?? { error: `injected ${f.status ?? 503}`, code: "injected", requestId: "req_proxy" },
    {
      "x-request-id": "req_proxy",
      ...(f.headers ?? {}),
    },
  );

http
  .createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const path = req.url.split("?")[0];
      if (path === "/__proxy/faults") {
        faults.push(JSON.parse(body.toString("utf8")));
        return json(res, 200, { queued: faults.length });
      }
      if (path === "/__proxy/seen") return json(res, 200, { seen });
      if (path === "/__proxy/reset") {
        faults = [];
        seen = [];
        return json(res, 200, { reset: true });
      }
      seen.push({ method: req.method, path, idempotencyKey: req.headers["idempotency-key"] ?? null });
      const i = faults.findIndex((f) => f.method === req.method && path.startsWith(f.path));
      const fault = i >= 0 ? faults.splice(i, 1)[0] : null;
      if (fault?.kind === "before") return sendFault(res, fault);
      if (fault?.kind === "delay") await new Promise((r) => setTimeout(r, (fault.seconds ?? 1) * 1000));
      const answer = await forward(req, body);
      if (fault?.kind === "after") return sendFault(res, fault);
      if (fault?.kind === "drop") return req.socket.destroy();
      const headers = { ...answer.headers, "content-length": answer.body.length };
      delete headers["transfer-encoding"];
      delete headers.connection;
      res.writeHead(answer.status, headers);
      res.end(answer.body);
    } catch (err) {
      json(res, 502, { error: `proxy: ${err.message}`, code: "proxy_error", requestId: "req_proxy" });
    }
  })
  .listen(port, "127.0.0.1", () => console.log(`fault proxy on ${port} -> ${upstream}`));
