"""Each typed error, from the live server (or the proxy where the server cannot be made to fail)."""

from __future__ import annotations

import socket
import uuid
from typing import Dict, Tuple

import pytest

from person_run import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BlockedByPolicyError,
    ConflictError,
    InsufficientCreditsError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    PersonRun,
    PersonRunError,
    RateLimitError,
    ValidationError,
)

from conftest import new_tenant, seed
from fault_proxy import Fault, FaultProxy


def test_authentication_error(server: Tuple[str, str]) -> None:
    c = PersonRun("pr_live_" + "x" * 32, base_url=server[0])
    with pytest.raises(AuthenticationError) as info:
        c.personas.list().first_page()
    assert info.value.status == 401 and info.value.code == "unauthorized"
    assert info.value.request_id and info.value.request_id.startswith("req_")


def test_permission_denied_for_another_tenant(client: PersonRun, admin: PersonRun) -> None:
    other = new_tenant(admin)
    with pytest.raises(PermissionDeniedError) as info:
        client.personas.list(tenant_id=other["tenant_id"]).first_page()
    assert info.value.status == 403 and info.value.code == "forbidden" and info.value.request_id
    with pytest.raises(PermissionDeniedError):  # only the instance admin may create tenants
        client.tenants.create("sdkpy-" + uuid.uuid4().hex[:8])


def test_a_client_needs_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERSON_API_KEY", raising=False)
    with pytest.raises(PersonRunError, match="PERSON_API_KEY"):
        PersonRun()
    monkeypatch.setenv("PERSON_API_KEY", "pr_live_from_env")
    monkeypatch.setenv("PERSON_RUN_BASE_URL", "http://example.invalid:1234/")
    c = PersonRun()
    assert c.api_key == "pr_live_from_env" and c.base_url == "http://example.invalid:1234"


def test_not_found(client: PersonRun) -> None:
    with pytest.raises(NotFoundError) as info:
        client.personas.retrieve(str(uuid.uuid4()))
    assert info.value.status == 404 and info.value.code == "not_found" and "not found" in info.value.message


def test_validation_error_lists_the_fields(client: PersonRun) -> None:
    with pytest.raises(ValidationError) as info:
        client.personas.create({"firstName": "Ada", "lastName": "Lo", "age": -3, "location": "X"})
    err = info.value
    assert err.status == 400 and err.code == "validation_error" and err.request_id
    paths = {d["path"] for d in err.details}
    assert "seed.age" in paths and "seed.baseOccupation" in paths


def test_conflict_on_a_stale_version(client: PersonRun) -> None:
    persona = client.personas.create(seed(0))["persona"]
    with pytest.raises(ConflictError) as info:
        client.personas.update(persona["id"], version=persona["version"] + 5, age=40)
    assert info.value.status == 409 and info.value.code == "version_conflict"


def test_conflict_on_an_idempotency_key_reused_for_another_request(client: PersonRun) -> None:
    key = "reused-" + uuid.uuid4().hex
    client.request("POST", "/personas", body={"seed": seed(0)}, idempotency_key=key)
    with pytest.raises(ConflictError) as info:
        client.request("POST", "/personas", body={"seed": seed(1)}, idempotency_key=key)
    assert info.value.code == "idempotency_conflict"
    replay = client.request("POST", "/personas", body={"seed": seed(0)}, idempotency_key=key)
    assert len(client.personas.list().to_list()) == 1 and replay["persona"]["firstName"] == "Ada"


def test_insufficient_credits_carries_its_fields(client: PersonRun) -> None:
    persona = client.personas.create(seed(0))["persona"]
    billing = client.billing.update(credit_balance=0)
    assert billing["creditBalance"] == 0
    with pytest.raises(InsufficientCreditsError) as info:
        client.prompts.create(persona["id"], "Tell me about your week.")
    err = info.value
    assert err.status == 402 and err.code == "insufficient_credits"
    assert err.required_credits is not None and err.required_credits > 0
    assert err.available_credits == 0
    assert err.action == "upgrade_or_topup" and err.billing_path == "/dashboard/billing"


def test_blocked_by_policy_carries_the_guardrail_reasons(client: PersonRun) -> None:
    persona = client.personas.create(seed(1))["persona"]
    client.safety_policy.update(blocked_terms=["pineapple"])
    with pytest.raises(BlockedByPolicyError) as info:
        client.prompts.create(persona["id"], "What do you think of pineapple on pizza?")
    err = info.value
    assert err.status == 422 and err.code == "blocked_by_policy" and err.request_id
    assert err.reasons, err.body
    assert err.body["guardrail"]["stage"] == "input"


def test_rate_limit_and_internal_server_errors(proxy: FaultProxy, tenant: Dict[str, str]) -> None:
    c = PersonRun(tenant["key"], base_url=proxy.url, max_retries=0)
    proxy.add(Fault("GET", "/personas", "before", status=429, headers={"retry-after": "7"}))
    with pytest.raises(RateLimitError) as limited:
        c.personas.list().first_page()
    assert limited.value.status == 429 and limited.value.retry_after == 7.0
    proxy.add(Fault("GET", "/personas", "before", status=500))
    with pytest.raises(InternalServerError) as fault:
        c.personas.list().first_page()
    assert fault.value.status == 500 and fault.value.request_id == "req_proxy"


def test_connection_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    c = PersonRun("pr_live_" + "x" * 32, base_url=f"http://127.0.0.1:{port}", max_retries=1)
    c._sleep = lambda seconds: None  # type: ignore[method-assign]
    with pytest.raises(APIConnectionError) as info:
        c.health()
    assert not isinstance(info.value, APITimeoutError) and info.value.status is None


def test_timeout_error(proxy: FaultProxy, tenant: Dict[str, str]) -> None:
    proxy.add(Fault("GET", "/billing", "delay", seconds=3))
    c = PersonRun(tenant["key"], base_url=proxy.url, timeout=0.5, max_retries=0)
    with pytest.raises(APITimeoutError):
        c.billing.retrieve()
