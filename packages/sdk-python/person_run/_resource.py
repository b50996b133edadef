"""What every resource shares: the client, and the camelCase conversion of keyword arguments."""

from __future__ import annotations

import re
import time
import urllib.parse
from typing import TYPE_CHECKING, Any, Callable, Dict, Optional, TypeVar

from ._pagination import CursorPage

if TYPE_CHECKING:
    from ._base import BaseClient

__all__ = ["Resource", "camel_params", "seg", "poll", "TERMINAL"]

_SNAKE = re.compile(r"_([a-z0-9])")


def camel(name: str) -> str:
    """`user_prompt` -> `userPrompt`; names already in camelCase pass unchanged."""
    return _SNAKE.sub(lambda m: m.group(1).upper(), name.rstrip("_"))


def camel_params(params: Dict[str, Any], **fixed: Any) -> Dict[str, Any]:
    """Keyword arguments to an API object: top-level names to camelCase, `None` left out.
    Nested objects (a seed, criteria, metadata) are sent as given, in the API's own field names."""
    out = {camel(k): v for k, v in fixed.items() if v is not None}
    out.update({camel(k): v for k, v in params.items() if v is not None})
    return out


def seg(value: Any) -> str:
    """One path segment, escaped (model slugs contain `/` and keep it)."""
    return urllib.parse.quote(str(value), safe="")


class Resource:
    def __init__(self, client: "BaseClient") -> None:
        self._client = client

    def _get(self, path: str, query: Optional[Dict[str, Any]] = None, **kw: Any) -> Any:
        return self._client.request("GET", path, query=query, **kw)

    def _post(self, path: str, body: Optional[Dict[str, Any]] = None, **kw: Any) -> Any:
        return self._client.request("POST", path, body=body if body is not None else {}, **kw)

    def _put(self, path: str, body: Dict[str, Any], **kw: Any) -> Any:
        return self._client.request("PUT", path, body=body, **kw)

    def _patch(self, path: str, body: Dict[str, Any], **kw: Any) -> Any:
        return self._client.request("PATCH", path, body=body, **kw)

    def _delete(self, path: str, query: Optional[Dict[str, Any]] = None, **kw: Any) -> Any:
        return self._client.request("DELETE", path, query=query, **kw)

    def _list(self, path: str, key: str, params: Dict[str, Any]) -> CursorPage:
        cursor = params.pop("cursor", None)
        return CursorPage(lambda c: self._get(path, {**params, "cursor": c}), key, cursor)


TERMINAL = ("succeeded", "failed", "cancelled")
T = TypeVar("T")


def poll(
    fetch: Callable[[], T],
    status_of: Callable[[T], Any],
    *,
    timeout: float,
    interval: float,
    what: str,
) -> T:
    """Calls `fetch` until its status is terminal (`succeeded | failed | cancelled`) or `timeout` passes."""
    deadline = time.monotonic() + timeout
    delay = interval
    while True:
        value = fetch()
        if status_of(value) in TERMINAL:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what} still {status_of(value)!r} after {timeout} s")
        time.sleep(delay)
        delay = min(delay * 1.5, 5.0)
