"""Server-sent events: a lazy iterator over a response's events, closed when done or left."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import IO, Any, Dict, Iterator, List, Optional, TypeVar

from ._errors import StreamError

__all__ = ["ServerSentEvent", "EventStream", "PromptStream", "RunEventStream", "WidgetStream"]

_S = TypeVar("_S", bound="EventStream")


@dataclass(frozen=True)
class ServerSentEvent:
    """One event: its name (`token`, `done`, ...), its JSON data parsed, and its id when it has one."""

    event: str
    data: Any
    id: Optional[str] = None


def _parse(lines: Iterator[bytes]) -> Iterator[ServerSentEvent]:
    """The SSE wire format: `field: value` lines, an empty line ends an event, `:` lines are comments."""
    event: Optional[str] = None
    data: List[str] = []
    event_id: Optional[str] = None
    for raw in lines:
        line = raw.decode("utf-8").rstrip("\r\n")
        if line == "":
            if data or event is not None:
                text = "\n".join(data)
                try:
                    parsed: Any = json.loads(text) if text else None
                except ValueError:
                    parsed = text
                yield ServerSentEvent(event or "message", parsed, event_id)
            event, data, event_id = None, [], None
            continue
        if line.startswith(":"):
            continue  # heartbeat comment
        name, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if name == "event":
            event = value
        elif name == "data":
            data.append(value)
        elif name == "id":
            event_id = value


class EventStream:
    """Iterates a `text/event-stream` response. An `error` event raises `StreamError`.

    Use it in a `with` block, or iterate it to the end: either closes the connection.
    """

    def __init__(self, response: IO[bytes], request_id: Optional[str] = None) -> None:
        self._response = response
        self.request_id = request_id
        self._events = _parse(iter(response.readline, b""))
        self._closed = False

    def __iter__(self) -> Iterator[ServerSentEvent]:
        try:
            for sse in self._events:
                if sse.event == "error":
                    body = sse.data if isinstance(sse.data, dict) else {"error": str(sse.data)}
                    raise StreamError(
                        str(body.get("error", "stream error")),
                        code=body.get("code"),
                        details=body.get("details"),
                        request_id=body.get("requestId") or self.request_id,
                        body=body,
                    )
                yield sse
        finally:
            self.close()

    def close(self) -> None:
        """Closes the connection (the server stops the work behind a prompt stream)."""
        if not self._closed:
            self._closed = True
            self._response.close()

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class PromptStream(EventStream):
    """The events of `POST /personas/prompt/stream`: `ready`, `token` (`{delta}`), `done`, `error`."""

    def text_deltas(self) -> Iterator[str]:
        """Only the text, delta by delta."""
        for sse in self:
            if sse.event == "token" and isinstance(sse.data, dict):
                yield str(sse.data.get("delta", ""))

    def final(self) -> Dict[str, Any]:
        """Reads the stream to its end and returns the `done` event's data (the full answer), with
        `streamedText`: the deltas joined, which equal its `response`."""
        deltas: List[str] = []
        done: Optional[Dict[str, Any]] = None
        for sse in self:
            if sse.event == "token" and isinstance(sse.data, dict):
                deltas.append(str(sse.data.get("delta", "")))
            elif sse.event == "done" and isinstance(sse.data, dict):
                done = sse.data
        if done is None:
            raise StreamError("The stream ended without a `done` event", request_id=self.request_id)
        return {**done, "streamedText": "".join(deltas)}


class WidgetStream(PromptStream):
    """The events of `POST /widget/v1/prompt`: `ready`, `token` (`{delta}`), then `done`
    (`{sessionId, response}`) or `blocked` (`{message}`: the tenant's safety policy refused), or `error`."""

    def final(self) -> Dict[str, Any]:
        """Reads the stream to its end. After `done`: its data with `blocked: False` and `streamedText` (the
        deltas joined, which equal its `response`). After `blocked`: `{blocked: True, message, streamedText}`,
        the refusal a widget shows in place of an answer (not an error: the server answered 200)."""
        deltas: List[str] = []
        for sse in self:
            if sse.event == "token" and isinstance(sse.data, dict):
                deltas.append(str(sse.data.get("delta", "")))
            elif sse.event == "done" and isinstance(sse.data, dict):
                return {**sse.data, "blocked": False, "streamedText": "".join(deltas)}
            elif sse.event == "blocked" and isinstance(sse.data, dict):
                return {"blocked": True, "message": sse.data.get("message"), "streamedText": "".join(deltas)}
        raise StreamError("The stream ended without a `done` or `blocked` event", request_id=self.request_id)


class RunEventStream(EventStream):
    """Progress of a run (`/runs/{id}/events`, `/studies/{id}/runs/{runId}/events`); ends when the run ends."""

    def until_end(self) -> Optional[Dict[str, Any]]:
        """Follows the stream to its end and returns the finished run (the `end` event's `run`)."""
        run: Optional[Dict[str, Any]] = None
        for sse in self:
            if sse.event == "end" and isinstance(sse.data, dict):
                run = sse.data.get("run")
        return run
