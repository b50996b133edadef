"""The embed widget's endpoints with a publishable key: its config (the persona's first name), a streamed
chat turn (joined tokens equal `done.response`), sessions continued, a blocked prompt, and the origin and
persona rules raising `PermissionDeniedError`."""

from __future__ import annotations

from typing import Dict, Tuple

import pytest

from person_run import PermissionDeniedError, PersonRun, WidgetStream

from conftest import seed

ORIGIN = "http://localhost:5173"


def _publishable(client: PersonRun, persona_id: str) -> str:
    created = client.keys.create(
        name="site widget", type="publishable", persona_ids=[persona_id], allowed_origins=[ORIGIN]
    )
    secret = str(created["secret"])
    assert secret.startswith("pk_live_")
    key = created["key"]
    assert key["type"] == "publishable" and key["profile"] == "prompt-only"
    assert key["personaIds"] == [persona_id] and key["allowedOrigins"] == [ORIGIN]
    assert key["rateLimitPerMinute"] == 30
    assert client.keys.retrieve(key["id"])["type"] == "publishable"
    return secret


def test_widget_config_and_stream(client: PersonRun) -> None:
    persona = client.personas.create(seed(0))["persona"]
    pk = _publishable(client, persona["id"])
    # The client keeps its tenant_id: the widget calls must not send it (their inputs are strict).
    widget = client.with_options(api_key=pk)
    assert widget.tenant_id == client.tenant_id

    config = widget.widget.config(persona["id"], origin=ORIGIN)
    assert config["persona"] == {"id": persona["id"], "displayName": "Ada"}
    assert config["theme"]["title"] == "Chat with Ada" and config["theme"]["position"] == "right"

    stream = widget.widget.stream(persona["id"], "What do you do on weekends?", origin=ORIGIN)
    assert isinstance(stream, WidgetStream)
    events = list(stream)
    names = [e.event for e in events]
    assert names[0] == "ready" and names[-1] == "done" and names.count("token") >= 2
    joined = "".join(e.data["delta"] for e in events if e.event == "token")
    done = events[-1].data
    assert done["response"] and joined == done["response"]

    # Continue the conversation: the same session, collected with final().
    with widget.widget.stream(persona["id"], "And on weekdays?", done["sessionId"], origin=ORIGIN) as follow:
        final = follow.final()
    assert final["blocked"] is False and final["sessionId"] == done["sessionId"]
    assert final["streamedText"] == final["response"] and final["response"]
    # Recorded as the tenant's prompt session, readable with its own key.
    assert client.sessions.retrieve(done["sessionId"])["session"]["id"] == done["sessionId"]


def test_widget_refuses_a_wrong_origin_an_unlisted_persona_and_a_secret_key(
    client: PersonRun, server: Tuple[str, str], tenant: Dict[str, str]
) -> None:
    persona = client.personas.create(seed(1))["persona"]
    other = client.personas.create(seed(2))["persona"]
    pk = _publishable(client, persona["id"])
    widget = PersonRun(pk, base_url=server[0])

    with pytest.raises(PermissionDeniedError) as refused:
        widget.widget.config(persona["id"], origin="https://evil.example.net")
    assert refused.value.status == 403 and "allowedOrigins" in refused.value.message
    with pytest.raises(PermissionDeniedError) as refused_stream:
        widget.widget.stream(persona["id"], "hi", origin="https://evil.example.net")
    assert "allowedOrigins" in refused_stream.value.message

    with pytest.raises(PermissionDeniedError) as unlisted:
        widget.widget.config(other["id"], origin=ORIGIN)
    assert "not in its personaIds" in unlisted.value.message

    # The tenant's secret key is no widget key; the publishable key is good for nothing else.
    with pytest.raises(PermissionDeniedError) as secret:
        client.widget.config(persona["id"], origin=ORIGIN)
    assert "never put a secret key in a page" in secret.value.message
    with pytest.raises(PermissionDeniedError):
        widget.personas.list().first_page()

    with pytest.raises(ValueError):
        widget.widget.config(persona["id"], origin="")


def test_widget_blocked_prompt_comes_back_as_a_blocked_event(client: PersonRun) -> None:
    persona = client.personas.create(seed(0))["persona"]
    pk = _publishable(client, persona["id"])
    client.safety_policy.update(blocked_terms=["zorblax"], refusal_message="I can't talk about that here.")
    widget = client.with_options(api_key=pk)
    events = list(widget.widget.stream(persona["id"], "Tell me about zorblax.", origin=ORIGIN))
    assert [e.event for e in events] == ["ready", "blocked"]
    assert events[1].data["message"]
    final = widget.widget.stream(persona["id"], "More zorblax, please.", origin=ORIGIN).final()
    assert final["blocked"] is True and final["message"] == events[1].data["message"]
