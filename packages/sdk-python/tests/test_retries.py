"""Retries with backoff through a fault-injecting proxy: 429 and 503 are retried, a retried POST
carries the same Idempotency-Key and creates nothing twice."""

from __future__ import annotations

from typing import Dict, List

import pytest

from person_run import InternalServerError, PersonRun, RateLimitError

from conftest import seed
from fault_proxy import Fault, FaultProxy


class RecordingClient(PersonRun):
    """Records the waits instead of sleeping through them (the backoff itself is what is tested)."""

    waits: List[float]

    def _sleep(self, seconds: float) -> None:
        self.waits.append(seconds)


def _client(proxy: FaultProxy, tenant: Dict[str, str], **kw: object) -> RecordingClient:
    c = RecordingClient(tenant["key"], base_url=proxy.url, tenant_id=tenant["tenant_id"], **kw)  # type: ignore[arg-type]
    c.waits = []
    return c


def test_a_post_answered_503_after_the_work_is_retried_without_a_duplicate(
    proxy: FaultProxy, tenant: Dict[str, str], client: PersonRun
) -> None:
    proxy.add(Fault("POST", "/personas", "after", status=503))
    c = _client(proxy, tenant)
    created = c.personas.create(seed(0))
    sent = proxy.requests_to("POST", "/personas")
    assert len(sent) == 2
    assert sent[0][2] and sent[0][2] == sent[1][2]  # one Idempotency-Key for the logical POST
    assert len(c.waits) == 1 and 0 < c.waits[0] <= 0.5
    ids = [p["id"] for p in client.personas.list()]
    assert ids == [created["persona"]["id"]]
    c.personas.create(seed(1))  # another logical POST: another key
    keys = [k for _, _, k in proxy.requests_to("POST", "/personas")]
    assert len(keys) == 3 and keys[2] != keys[0]


def test_a_429_is_retried_after_the_servers_retry_after(proxy: FaultProxy, tenant: Dict[str, str]) -> None:
    proxy.add(Fault("POST", "/personas", "before", status=429, headers={"retry-after": "0.05"}))
    proxy.add(Fault("GET", "/personas", "before", status=429, headers={"retry-after": "0"}))
    c = _client(proxy, tenant)
    created = c.personas.create(seed(1))["persona"]
    assert c.waits == [0.05]
    listed = c.personas.list().to_list()
    assert [p["id"] for p in listed] == [created["id"]]
    assert c.waits == [0.05, 0.0]


def test_backoff_grows_exponentially_with_jitter(proxy: FaultProxy, tenant: Dict[str, str]) -> None:
    for status in (408, 502, 504):
        proxy.add(Fault("GET", "/billing", "before", status=status))
    c = _client(proxy, tenant, max_retries=3)
    assert "creditBalance" in c.billing.retrieve()
    assert len(c.waits) == 3
    for attempt, wait in enumerate(c.waits):
        full = 0.5 * 2**attempt
        assert 0.75 * full <= wait <= full


def test_a_dropped_connection_and_an_in_flight_409_are_retried(
    proxy: FaultProxy, tenant: Dict[str, str], client: PersonRun
) -> None:
    proxy.add(Fault("POST", "/personas", "drop"))
    in_flight = {"error": "A request with this Idempotency-Key is still in progress", "code": "idempotency_conflict"}
    proxy.add(Fault("POST", "/personas", "before", status=409, headers={"retry-after": "0"}, body=in_flight))
    c = _client(proxy, tenant)
    created = c.personas.create(seed(2))["persona"]
    keys = {k for _, _, k in proxy.requests_to("POST", "/personas")}
    assert len(proxy.requests_to("POST", "/personas")) == 3 and len(keys) == 1
    assert [p["id"] for p in client.personas.list()] == [created["id"]]


def test_retries_stop_at_max_retries(proxy: FaultProxy, tenant: Dict[str, str]) -> None:
    for _ in range(3):
        proxy.add(Fault("GET", "/billing", "before", status=503))
    c = _client(proxy, tenant, max_retries=2)
    with pytest.raises(InternalServerError) as info:
        c.billing.retrieve()
    assert info.value.status == 503 and info.value.request_id == "req_proxy"
    assert len(c.waits) == 2 and len(proxy.requests_to("GET", "/billing")) == 3


def test_a_final_409_is_not_retried(proxy: FaultProxy, tenant: Dict[str, str]) -> None:
    mismatch = {
        "error": "This Idempotency-Key was already used with a different request",
        "code": "idempotency_conflict",
    }
    proxy.add(Fault("POST", "/personas", "before", status=409, body=mismatch))
    c = _client(proxy, tenant)
    with pytest.raises(Exception) as info:
        c.personas.create(seed(0))
    assert type(info.value).__name__ == "ConflictError" and c.waits == []


def test_no_retries_when_disabled(proxy: FaultProxy, tenant: Dict[str, str]) -> None:
    proxy.add(Fault("GET", "/billing", "before", status=429, headers={"retry-after": "1"}))
    c = _client(proxy, tenant, max_retries=0)
    with pytest.raises(RateLimitError) as info:
        c.billing.retrieve()
    assert info.value.retry_after == 1.0 and c.waits == []
