"""A local HTTP proxy in a thread that forwards to the live server and injects faults on demand.

A fault is queued for the next request matching a method and path prefix:
- `before`: answer with `status` (and headers) without forwarding;
- `after`: forward (the server does the work), then drop its answer and send `status` instead;
- `drop`: forward, then close the connection without an answer;
- `delay`: wait `seconds`, then forward.
Every request seen is recorded as `(method, path, idempotency_key)`.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Mapping, Optional, Tuple


@dataclass
class Fault:
    method: str
    path: str
    kind: str  # before | after | drop | delay
    status: int = 503
    headers: Dict[str, str] = field(default_factory=dict)
    body: Optional[Mapping[str, object]] = None
    seconds: float = 0.0


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (a timeout test) or an upstream already stopped: nothing to report


class FaultProxy:
    def __init__(self, upstream: str) -> None:
        parsed = urllib.parse.urlparse(upstream)
        self.upstream = (parsed.hostname or "127.0.0.1", parsed.port or 80)
        self.faults: List[Fault] = []
        self.seen: List[Tuple[str, str, Optional[str]]] = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path
                with proxy.lock:
                    proxy.seen.append((self.command, path.split("?")[0], self.headers.get("idempotency-key")))
                    fault = proxy._take(self.command, path)
                if fault and fault.kind == "before":
                    return self._send_fault(fault)
                if fault and fault.kind == "delay":
                    time.sleep(fault.seconds)
                status, headers, data = proxy._forward(self.command, path, dict(self.headers), body)
                if fault and fault.kind == "after":
                    return self._send_fault(fault)
                if fault and fault.kind == "drop":
                    self.close_connection = True
                    self.connection.close()
                    return
                self.send_response(status)
                for k, v in headers:
                    if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(k, v)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _send_fault(self, fault: Fault) -> None:
                payload = json.dumps(
                    fault.body or {"error": f"injected {fault.status}", "code": "injected", "requestId": "req_proxy"}
                ).encode()
                self.send_response(fault.status)
                self.send_header("content-type", "application/json")
                self.send_header("x-request-id", "req_proxy")
                for k, v in fault.headers.items():
                    self.send_header(k, v)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add(self, fault: Fault) -> None:
        with self.lock:
            self.faults.append(fault)

    def _take(self, method: str, path: str) -> Optional[Fault]:
        for i, f in enumerate(self.faults):
            if f.method == method and path.split("?")[0].startswith(f.path):
                return self.faults.pop(i)
        return None

    def _forward(
        self, method: str, path: str, headers: Dict[str, str], body: bytes
    ) -> Tuple[int, List[Tuple[str, str]], bytes]:
        conn = http.client.HTTPConnection(*self.upstream, timeout=120)
        try:
            fwd = {k: v for k, v in headers.items() if k.lower() not in ("host", "connection")}
            conn.request(method, path, body=body or None, headers=fwd)
            resp = conn.getresponse()
            return resp.status, resp.getheaders(), resp.read()
        finally:
            conn.close()

    def requests_to(self, method: str, path: str) -> List[Tuple[str, str, Optional[str]]]:
        with self.lock:
            return [s for s in self.seen if s[0] == method and s[1] == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
