"""Prompting a persona (sync, async, streamed), prompt jobs, sessions, and the tenant's safety policy."""

from __future__ import annotations

from typing import Any, Dict, Literal, Optional, Union, overload

from .._pagination import CursorPage
from .._resource import Resource, camel_params, poll, seg
from .._streaming import PromptStream
from .._types import PromptJob, PromptJobAccepted, PromptResult, PromptSessionDetail, SafetyPolicy

__all__ = ["Prompts", "Jobs", "Sessions", "SafetyPolicies"]


class Prompts(Resource):
    @overload
    def create(
        self, persona_id: str, user_prompt: str, *, mode: Literal["sync"] = "sync", **params: Any
    ) -> PromptResult: ...

    @overload
    def create(
        self, persona_id: str, user_prompt: str, *, mode: Literal["async"], **params: Any
    ) -> PromptJobAccepted: ...

    def create(
        self, persona_id: str, user_prompt: str, *, mode: Optional[str] = None, **params: Any
    ) -> Union[PromptResult, PromptJobAccepted]:
        """`POST /personas/prompt`: the answer; `mode="async"` returns `{jobId, status, sessionId}` at
        once (see `jobs.wait`). Options: `session_id`, `model`, `temperature`, `max_tokens`, `skill_id`,
        `metadata`."""
        body = camel_params(params, persona_id=persona_id, user_prompt=user_prompt, mode=mode)
        return self._post("/personas/prompt", body)

    def stream(self, persona_id: str, user_prompt: str, **params: Any) -> PromptStream:
        """`POST /personas/prompt/stream`: iterate the events (`ready`, `token`, `done`); `.final()`
        collects the answer, `.text_deltas()` yields the text. Errors before the stream starts raise."""
        body = camel_params(params, persona_id=persona_id, user_prompt=user_prompt)
        raw = self._client.request("POST", "/personas/prompt/stream", body=body, raw=True, accept="text/event-stream")
        return PromptStream(raw.body, raw.request_id)


class Jobs(Resource):
    """Async prompt jobs (`mode="async"`)."""

    def retrieve(self, job_id: str) -> PromptJob:
        return self._get(f"/personas/prompt/jobs/{seg(job_id)}")["job"]

    def cancel(self, job_id: str) -> PromptJob:
        return self._post(f"/personas/prompt/jobs/{seg(job_id)}/cancel")["job"]

    def wait(self, job_id: str, *, timeout: float = 120.0, interval: float = 0.25) -> PromptJob:
        """Polls the job until it has succeeded, failed or been cancelled."""
        return poll(
            lambda: self.retrieve(job_id),
            lambda j: j.get("status"),
            timeout=timeout,
            interval=interval,
            what=f"prompt job {job_id}",
        )


class Sessions(Resource):
    def list(self, **params: Any) -> CursorPage:
        """Recent prompt sessions, every page (filter `persona_id`)."""
        return self._list("/personas/prompt/sessions", "sessions", camel_params(params))

    def retrieve(self, session_id: str) -> PromptSessionDetail:
        """`{session, turns}`: the conversation's messages."""
        return self._get(f"/personas/prompt/sessions/{seg(session_id)}")


class SafetyPolicies(Resource):
    """The tenant's one safety policy (`/personas/safety-policy`)."""

    def retrieve(self) -> SafetyPolicy:
        return self._get("/personas/safety-policy")["policyPack"]

    def update(self, **fields: Any) -> SafetyPolicy:
        """Full replace: `blocked_terms`, `allow_pii`, `toxicity_threshold`, `prompt_guards`,
        `escalation_keywords`, `topic_boundaries`, `refusal_message`, `escalation_webhook_url`."""
        return self._put("/personas/safety-policy", camel_params(fields))["policyPack"]

    def delete(self, tenant_id: Optional[str] = None) -> Dict[str, Any]:
        """Removes the policy (the defaults apply again). The tenant is `tenant_id`, else the client's,
        else the one the key belongs to (read from the policy)."""
        tenant = tenant_id or self._client.tenant_id or self.retrieve()["tenantId"]
        return self._delete(f"/personas/safety-policy/{seg(tenant)}", tenant=False)
