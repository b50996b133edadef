"""The one core request: auth, tenant, JSON, retries with backoff and jitter, idempotency keys, errors."""

from __future__ import annotations

import email.utils
import http.client
import json
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import IO, Any, Dict, List, Mapping, Optional, Tuple, Union

from ._errors import APIConnectionError, APIStatusError, APITimeoutError, error_from_response

__all__ = ["BaseClient", "RawResponse", "VERSION"]

VERSION = "0.1.0"

#: Upper bound of one wait between retries, whatever the server's `Retry-After` says.
MAX_RETRY_DELAY = 60.0
INITIAL_RETRY_DELAY = 0.5

Query = Mapping[str, Any]
Body = Union[Mapping[str, Any], None]


class RawResponse:
    """A response whose body is read by the caller (a stream, a CSV or NDJSON export)."""

    def __init__(self, status: int, headers: Mapping[str, str], body: IO[bytes]) -> None:
        self.status = status
        self.headers = dict(headers)
        self.body = body
        self.request_id = self.headers.get("x-request-id")

    def read_text(self) -> str:
        try:
            return self.body.read().decode("utf-8")
        finally:
            self.body.close()


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _lower_headers(msg: Any) -> Dict[str, str]:
    return {k.lower(): v for k, v in msg.items()} if msg is not None else {}


def _retry_after(headers: Mapping[str, str]) -> Optional[float]:
    """The server's `Retry-After` (seconds or an HTTP date), or `retry-after-ms`."""
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return float(ms) / 1000.0
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def _should_retry(err: APIStatusError) -> bool:
    """408, 429 and 5xx; a 409 only when the first request with this `Idempotency-Key` is still in
    flight (the server marks that one with `Retry-After`; a key reused for another request is final)."""
    if err.headers.get("x-should-retry") == "false":
        return False
    if err.headers.get("x-should-retry") == "true":
        return True
    if err.status == 409:
        return err.code == "idempotency_conflict" and "retry-after" in err.headers
    return err.status in (408, 429) or err.status >= 500


class BaseClient:
    """Holds the connection settings and sends every request of the resources."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str,
        tenant_id: Optional[str],
        timeout: float,
        max_retries: int,
        default_headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.tenant_id = tenant_id
        self.timeout = timeout
        self.max_retries = max_retries
        self._default_headers = dict(default_headers or {})
        # No redirects followed silently and no HTTP error raised by urllib: statuses are handled here.
        self._opener = urllib.request.build_opener(_NoRaise)

    def _url(self, path: str, query: Optional[Query]) -> str:
        url = self.base_url + path
        if query:
            pairs: List[Tuple[str, str]] = []
            for key, value in query.items():
                if value is None:
                    continue
                if isinstance(value, (list, tuple)):
                    pairs.extend((key, _query_value(v)) for v in value)
                else:
                    pairs.append((key, _query_value(value)))
            if pairs:
                url += "?" + urllib.parse.urlencode(pairs)
        return url

    def _with_tenant(self, method: str, query: Optional[Query], body: Body) -> "tuple[Optional[Query], Body]":
        """`tenantId` goes in the body of POST/PUT/PATCH and the query of GET/DELETE (SPEC §2)."""
        if self.tenant_id is None:
            return query, body
        if method in ("GET", "DELETE"):
            q = dict(query or {})
            q.setdefault("tenantId", self.tenant_id)
            return q, body
        b = dict(body or {})
        b.setdefault("tenantId", self.tenant_id)
        return query, b

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Optional[Query] = None,
        body: Body = None,
        tenant: bool = True,
        raw: bool = False,
        accept: Optional[str] = None,
        idempotency_key: Optional[str] = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> Any:
        """Sends one logical request (retried as needed) and returns its parsed JSON body, or a
        `RawResponse` with `raw=True`. A POST gets one `Idempotency-Key`, the same on every retry."""
        method = method.upper()
        if tenant:
            query, body = self._with_tenant(method, query, body)
        url = self._url(path, query)
        all_headers = {
            "accept": accept or "application/json",
            "x-api-key": self.api_key,
            "user-agent": f"person-run-python/{VERSION}",
            **self._default_headers,
            **(headers or {}),
        }
        data: Optional[bytes] = None
        if body is not None or method in ("POST", "PUT", "PATCH"):
            data = json.dumps(body if body is not None else {}).encode("utf-8")
            all_headers["content-type"] = "application/json"
        if method == "POST":
            all_headers["idempotency-key"] = idempotency_key or f"pr-py-{uuid.uuid4()}"
        retries = self.max_retries if max_retries is None else max_retries
        wait = self.timeout if timeout is None else timeout
        attempt = 0
        while True:
            try:
                return self._send_once(method, url, data, all_headers, wait, raw)
            except APIStatusError as err:
                if attempt >= retries or not _should_retry(err):
                    raise
                delay = _retry_after(err.headers)
            except APIConnectionError:
                if attempt >= retries:
                    raise
                delay = None
            self._sleep(self._backoff(attempt, delay))
            attempt += 1

    def _backoff(self, attempt: int, retry_after: Optional[float]) -> float:
        """The server's hint when it gives one (up to a minute); else exponential with jitter."""
        if retry_after is not None and 0 <= retry_after <= MAX_RETRY_DELAY:
            return retry_after
        base = min(INITIAL_RETRY_DELAY * (2**attempt), 8.0)
        return base * (1 - 0.25 * random.random())

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def _send_once(
        self, method: str, url: str, data: Optional[bytes], headers: Mapping[str, str], timeout: float, raw: bool
    ) -> Any:
        req = urllib.request.Request(url, data=data, method=method, headers=dict(headers))
        try:
            resp = self._opener.open(req, timeout=timeout)
        except (socket.timeout, TimeoutError) as err:
            raise APITimeoutError(cause=err) from err
        except urllib.error.URLError as err:
            if isinstance(err.reason, (socket.timeout, TimeoutError)):
                raise APITimeoutError(cause=err) from err
            raise APIConnectionError(f"Connection error: {err.reason}", cause=err) from err
        except (http.client.HTTPException, ConnectionError, OSError) as err:
            raise APIConnectionError(f"Connection error: {err}", cause=err) from err
        status: int = resp.status
        resp_headers = _lower_headers(resp.headers)
        if status >= 400:
            text = self._read(resp)
            try:
                parsed: Any = json.loads(text) if text else None
            except ValueError:
                parsed = text
            raise error_from_response(status, parsed, resp_headers)
        if raw:
            return RawResponse(status, resp_headers, resp)
        text = self._read(resp)
        if not text:
            return None
        ctype = resp_headers.get("content-type", "application/json").split(";")[0].strip()
        if ctype == "application/json" or ctype.endswith("+json"):
            return json.loads(text)
        return text

    @staticmethod
    def _read(resp: IO[bytes]) -> str:
        try:
            return resp.read().decode("utf-8")
        except (socket.timeout, TimeoutError) as err:
            raise APITimeoutError(cause=err) from err
        except (http.client.HTTPException, ConnectionError, OSError) as err:
            raise APIConnectionError(f"Connection broke while reading: {err}", cause=err) from err
        finally:
            resp.close()


class _NoRaise(urllib.request.HTTPErrorProcessor):
    """Hands every status back to the client instead of raising `HTTPError`."""

    def http_response(self, request: urllib.request.Request, response: Any) -> Any:
        return response

    https_response = http_response
