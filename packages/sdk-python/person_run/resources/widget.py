"""The embed widget's two endpoints (`/widget/v1/…`), called with a publishable key (`pk_live_…`).

A browser sends the page's `Origin` header itself; a server-side client must name it (one of the key's
`allowedOrigins`), so every method here takes `origin=`. The client's `tenant_id` is not sent: the key
alone says whose personas these are.
"""

from __future__ import annotations

from typing import Dict, Optional

from .._resource import Resource, camel_params
from .._streaming import WidgetStream
from .._types import WidgetConfig

__all__ = ["Widget"]


def _origin_header(origin: str) -> Dict[str, str]:
    if not isinstance(origin, str) or not origin:
        raise ValueError("origin= must be one of the publishable key's allowedOrigins, e.g. 'https://www.example.com'")
    return {"origin": origin}


class Widget(Resource):
    """`client.widget`: what the `<script>` widget calls, for a client made with a publishable key."""

    def config(self, persona_id: str, *, origin: str) -> WidgetConfig:
        """`GET /widget/v1/config`: `{persona: {id, displayName}, theme: {color, position, title, greeting}}`
        (the persona's first name only). A wrong origin or an unlisted persona raises `PermissionDeniedError`."""
        return self._get(
            "/widget/v1/config", {"personaId": persona_id}, tenant=False, headers=_origin_header(origin)
        )

    def stream(
        self, persona_id: str, message: str, session_id: Optional[str] = None, *, origin: str
    ) -> WidgetStream:
        """`POST /widget/v1/prompt`: iterate the events (`ready`, `token` `{delta}`, then `done`
        `{sessionId, response}` or `blocked` `{message}`); `.final()` collects the answer. Pass the `done`
        event's `sessionId` back as `session_id` to continue. Errors before the stream starts raise."""
        body = camel_params({}, persona_id=persona_id, message=message, session_id=session_id)
        raw = self._client.request(
            "POST",
            "/widget/v1/prompt",
            body=body,
            tenant=False,
            raw=True,
            accept="text/event-stream",
            headers=_origin_header(origin),
        )
        return WidgetStream(raw.body, raw.request_id)
