"""The pure parts, without a server: SSE parsing, Retry-After, argument names, the error table."""

from __future__ import annotations

import email.utils
import io
import time

import pytest

from person_run import (
    APIStatusError,
    BadRequestError,
    InternalServerError,
    PayloadTooLargeError,
    PromptStream,
    StreamError,
    UsageLimitExceededError,
)
from person_run._base import _retry_after
from person_run._errors import error_from_response
from person_run._resource import camel, camel_params


def _stream(text: str) -> PromptStream:
    return PromptStream(io.BytesIO(text.encode("utf-8")), "req_test")


def test_sse_parsing_skips_heartbeats_and_joins_data_lines() -> None:
    wire = (
        ": ping\n\n"
        'event: ready\r\ndata: {"startedAt": "2026-01-01T00:00:00.000Z"}\r\n\r\n'
        'id: 7\nevent: token\ndata: {"delta":\ndata:  "Hi"}\n\n'
        'event: done\ndata: {"response": "Hi"}\n\n'
    )
    events = list(_stream(wire))
    assert [e.event for e in events] == ["ready", "token", "done"]
    assert events[1].data == {"delta": "Hi"} and events[1].id == "7"
    assert _stream(wire).final() == {"response": "Hi", "streamedText": "Hi"}


def test_an_error_event_raises_stream_error() -> None:
    wire = (
        'event: token\ndata: {"delta": "a"}\n\n'
        'event: error\ndata: {"error": "Model down", "code": "upstream_error"}\n\n'
    )
    with pytest.raises(StreamError) as info:
        _stream(wire).final()
    assert info.value.code == "upstream_error" and info.value.request_id == "req_test"


def test_a_stream_without_done_is_an_error() -> None:
    with pytest.raises(StreamError, match="without a `done`"):
        _stream('event: token\ndata: {"delta": "a"}\n\n').final()


def test_retry_after_forms() -> None:
    assert _retry_after({"retry-after": "3"}) == 3.0
    assert _retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    value = _retry_after({"retry-after": later})
    assert value is not None and 25 <= value <= 31
    assert _retry_after({}) is None


def test_argument_names_become_camel_case() -> None:
    assert camel("user_prompt") == "userPrompt" and camel("from_") == "from" and camel("minAge") == "minAge"
    assert camel_params({"min_age": 3, "q": None}, persona_id="p") == {"personaId": "p", "minAge": 3}
    nested = camel_params({"criteria": {"min_age": 1}})
    assert nested == {"criteria": {"min_age": 1}}  # nested objects are sent as given


def test_error_classes_by_code_then_status() -> None:
    def make(status: int, body: object) -> APIStatusError:
        return error_from_response(status, body, {"x-request-id": "req_h"})

    limit = make(403, {"error": "Usage limit exceeded", "code": "usage_limit_exceeded", "requestId": "req_b"})
    assert isinstance(limit, UsageLimitExceededError) and limit.request_id == "req_b"
    assert isinstance(make(413, {"error": "Too large", "code": "payload_too_large"}), PayloadTooLargeError)
    assert isinstance(make(400, {"error": "Bad cursor", "code": "invalid_cursor"}), BadRequestError)
    html = make(502, "<html>Bad gateway</html>")
    assert isinstance(html, InternalServerError) and html.request_id == "req_h" and html.code is None


def test_with_options_copies_the_client() -> None:
    from person_run import PersonRun

    base = PersonRun("pr_live_a", base_url="http://127.0.0.1:9/", tenant_id="t1", timeout=5, max_retries=1)
    copy = base.with_options(tenant_id="t2", max_retries=4)
    assert (copy.api_key, copy.base_url, copy.tenant_id, copy.timeout, copy.max_retries) == (
        "pr_live_a",
        "http://127.0.0.1:9",
        "t2",
        5,
        4,
    )
    assert base.tenant_id == "t1" and copy.studies.runs is not base.studies.runs


def test_widget_stream_final_after_done_or_blocked() -> None:
    from person_run import WidgetStream

    def stream(text: str) -> WidgetStream:
        return WidgetStream(io.BytesIO(text.encode("utf-8")), "req_test")

    ready = 'event: ready\ndata: {"startedAt": "2026-01-01T00:00:00.000Z"}\n\n'
    done = (
        ready + 'event: token\ndata: {"delta": "Hi "}\n\n'
        'event: token\ndata: {"delta": "there"}\n\n'
        'event: done\ndata: {"sessionId": "s1", "response": "Hi there"}\n\n'
    )
    final = stream(done).final()
    assert final == {"sessionId": "s1", "response": "Hi there", "blocked": False, "streamedText": "Hi there"}
    blocked = ready + 'event: blocked\ndata: {"message": "Not here."}\n\n'
    assert stream(blocked).final() == {"blocked": True, "message": "Not here.", "streamedText": ""}
    with pytest.raises(StreamError):
        stream(ready).final()
    with pytest.raises(StreamError) as err:
        stream(ready + 'event: error\ndata: {"error": "boom", "code": "internal", "requestId": "r9"}\n\n').final()
    assert err.value.request_id == "r9"
