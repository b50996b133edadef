"""Cursor pagination: iterate every item of a list endpoint without touching `cursor`/`nextCursor`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Optional

from ._pandas import records_to_frame

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped,import-not-found,unused-ignore]

__all__ = ["CursorPage"]

FetchPage = Callable[[Optional[str]], Dict[str, Any]]


class CursorPage:
    """A list endpoint's results: iterating yields every item, fetching the next page when needed.

    `for persona in client.personas.list(): ...` walks the whole list; `.pages()` yields the raw pages
    (each `{<key>: [...], nextCursor}`); `.first_page()` fetches one page only.
    """

    def __init__(self, fetch: FetchPage, key: str, cursor: Optional[str] = None) -> None:
        self._fetch = fetch
        self.key = key
        self._cursor = cursor

    def pages(self) -> Iterator[Dict[str, Any]]:
        cursor = self._cursor
        while True:
            page = self._fetch(cursor)
            yield page
            cursor = page.get("nextCursor")
            if not cursor:
                return

    def first_page(self) -> Dict[str, Any]:
        return self._fetch(self._cursor)

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        for page in self.pages():
            items: List[Dict[str, Any]] = page.get(self.key) or []
            yield from items

    def to_list(self) -> List[Dict[str, Any]]:
        return list(self)

    def to_pandas(self) -> "pandas.DataFrame":
        """Every item as one row (nested objects flattened to `a.b` columns). Needs pandas."""
        return records_to_frame(list(self))
