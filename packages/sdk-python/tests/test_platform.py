"""Models, analytics, keys, billing, tenants, runs and health: every method's happy path."""

from __future__ import annotations

import time
import uuid
from typing import Dict, Tuple

import pytest

from person_run import AuthenticationError, ConflictError, PersonRun

from conftest import new_tenant, seed

SIMULATOR = "person-run/simulator"


def test_health(client: PersonRun) -> None:
    health = client.health()
    assert health["status"] == "ok" and health["checks"]["database"]["status"] == "ok"


def test_models(client: PersonRun) -> None:
    models = client.models.list()
    assert SIMULATOR in {m["slug"] for m in models}
    simulator = client.models.retrieve(SIMULATOR)  # the slug's `/` stays a path separator
    assert simulator["slug"] == SIMULATOR and simulator["configured"] is True
    assert {m["slug"] for m in client.models.list(configured=True)} >= {SIMULATOR}
    pricing = client.models.pricing()
    assert SIMULATOR in {m["slug"] for m in pricing["models"]}
    csv = client.models.pricing(format="csv")
    assert isinstance(csv, str) and SIMULATOR in csv and csv.splitlines()[0].startswith("slug")


def test_analytics(client: PersonRun) -> None:
    persona = client.personas.create(seed(0))["persona"]
    client.prompts.create(persona["id"], "How was your day?")
    deadline = time.monotonic() + 30  # usage events are written in the background: poll, bounded
    while True:
        names = {e["event"] for e in client.analytics.list_events()}
        if {"persona_create", "persona_prompt"} <= names or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert {"persona_create", "persona_prompt"} <= names
    prompts = client.analytics.list_events(event="persona_prompt", persona_id=persona["id"], limit=1).to_list()
    assert len(prompts) == 1 and prompts[0]["event"] == "persona_prompt" and prompts[0]["requestId"]
    usage = client.analytics.usage(granularity="day", group_by="event")
    assert usage["totals"]["count"] >= 2 and usage["usage"]
    rows = client.analytics.export()
    assert {r["event"] for r in rows} >= {"persona_create", "persona_prompt"}
    csv = client.analytics.export(format="csv")
    assert "persona_prompt" in csv and len(csv.strip().splitlines()) == len(rows) + 1


def test_keys(client: PersonRun, server: Tuple[str, str], tenant: Dict[str, str]) -> None:
    created = client.keys.create(name="read only", profile="read-only")
    assert str(created["secret"]).startswith("pr_live_") and created["key"]["profile"] == "read-only"
    key_id = created["key"]["id"]
    assert client.keys.retrieve(key_id)["name"] == "read only"
    assert key_id in {k["id"] for k in client.keys.list()}
    viewer = PersonRun(created["secret"], base_url=server[0])
    assert viewer.personas.list().to_list() == []
    revoked = client.keys.revoke(key_id)
    assert revoked["revokedAt"]
    with pytest.raises(AuthenticationError):
        viewer.personas.list().first_page()


def test_billing(client: PersonRun) -> None:
    billing = client.billing.retrieve()
    assert "creditBalance" in billing
    assert client.billing.update(credit_balance=10)["creditBalance"] == 10
    assert client.billing.top_up(5)["creditBalance"] == 15
    assert client.billing.update(credit_balance=None)["creditBalance"] is None


def test_tenants(admin: PersonRun) -> None:
    made = new_tenant(admin)
    ids = {t["id"] for t in admin.tenants.list()}
    assert made["tenant_id"] in ids
    assert made["tenant_id"] in {t["id"] for t in admin.tenants.list(limit=1)}  # walked across pages


def test_runs(client: PersonRun) -> None:
    persona = client.personas.create(seed(1))["persona"]
    accepted = client.prompts.create(persona["id"], "What did you have for lunch?", mode="async")
    client.jobs.wait(accepted["jobId"])
    runs = client.runs.list(kind="prompt.async").to_list()
    assert len(runs) == 1 and runs[0]["state"] == "succeeded"
    run_id = runs[0]["id"]
    assert client.runs.retrieve(run_id)["kind"] == "prompt.async"
    with client.runs.events(run_id) as events:
        assert events.until_end()["state"] == "succeeded"  # type: ignore[index]
    with pytest.raises(ConflictError):  # only a dead-lettered run may be retried
        client.runs.retry(run_id)

    calibration = client.calibrations.create(model="person-run/simulator", items=["TRUST"], size=20, seed=5)
    parent = calibration["run"]["id"]
    try:
        assert client.runs.pause(parent)["state"] == "paused"
        assert client.runs.resume(parent)["state"] in ("queued", "running")
        assert client.runs.cancel(parent)["state"] in ("cancelled", "running")
    except ConflictError:  # it finished between two calls
        pass
    assert client.runs.wait(parent)["state"] in ("cancelled", "succeeded")


def test_tenant_id_is_optional_for_a_single_tenant_key(server: Tuple[str, str], admin: PersonRun) -> None:
    made = new_tenant(admin)
    bare = PersonRun(made["key"], base_url=server[0])  # no tenant_id
    persona = bare.personas.create(seed(2))["persona"]
    assert persona["tenantId"] == made["tenant_id"]
    assert str(uuid.UUID(persona["id"])) == persona["id"]
