"""Personas and timelines: every method's happy path; pagination across pages."""

from __future__ import annotations

from person_run import CursorPage, PersonRun

from conftest import seed


def test_persona_lifecycle(client: PersonRun) -> None:
    created = client.personas.create(seed(0, attributes={"segment": "pilot"}))
    persona = created["persona"]
    assert persona["summary"] == "Ada Lovelace, 34, based in Austin, TX, works as nurse."
    assert len(created["timeline"]) == 1  # the initial memory

    got = client.personas.retrieve(persona["id"])
    assert got["id"] == persona["id"] and got["attributes"] == {"segment": "pilot"}

    updated = client.personas.update(persona["id"], age=35, version=persona["version"])
    assert updated["age"] == 35 and updated["version"] == persona["version"] + 1

    found = client.personas.list(q="Lovelace", min_age=30).to_list()
    assert [p["id"] for p in found] == [persona["id"]]
    assert client.personas.list(max_age=30).to_list() == []

    document = client.personas.export(persona["id"])
    assert document["persona"]["id"] == persona["id"] and document["timeline"]

    imported = client.personas.import_(document)["persona"]
    assert imported["id"] != persona["id"] and imported["firstName"] == "Ada"

    deleted = client.personas.delete(persona["id"])
    assert deleted == {"deleted": True, "id": persona["id"]}
    assert [p["id"] for p in client.personas.list()] == [imported["id"]]


def test_pagination_walks_every_page(client: PersonRun) -> None:
    made = {client.personas.create(seed(i, firstName=f"P{i}"))["persona"]["id"] for i in range(7)}
    listing = client.personas.list(limit=2)
    assert isinstance(listing, CursorPage)
    pages = list(listing.pages())
    assert len(pages) == 4 and [len(p["personas"]) for p in pages] == [2, 2, 2, 1]
    assert pages[-1]["nextCursor"] is None and all(p["nextCursor"] for p in pages[:-1])
    walked = [p["id"] for p in client.personas.list(limit=2)]
    assert len(walked) == 7 and set(walked) == made
    first = client.personas.list(limit=3).first_page()
    assert len(first["personas"]) == 3 and first["nextCursor"]
    rest = [p["id"] for p in client.personas.list(limit=3, cursor=first["nextCursor"])]
    assert set(rest) | {p["id"] for p in first["personas"]} == made and len(rest) == 4


def test_timeline_append_list_supersede(client: PersonRun) -> None:
    persona = client.personas.create(seed(1))["persona"]
    entry = client.timeline.append(
        persona["id"],
        {
            "eventAt": "2001-06-01T00:00:00.000Z",
            "eventLabel": "First classroom",
            "facts": "I taught my first class of thirty kids.",
            "feelings": "Terrified, then proud.",
            "interpretation": "That day I knew I was a teacher.",
            "memoryType": "pride",
            "memoryStrength": 90,
        },
    )
    assert entry["memoryType"] == "pride" and entry["status"] == "active"
    entries = client.timeline.list(persona["id"], memory_type="pride").to_list()
    assert [e["id"] for e in entries] == [entry["id"]]
    # `from_` is sent as `from` (a Python keyword otherwise)
    later = client.timeline.list(persona["id"], from_="2001-01-01T00:00:00.000Z", to="2002-01-01T00:00:00.000Z")
    assert [e["id"] for e in later] == [entry["id"]]

    revised = client.timeline.supersede(
        persona["id"],
        entry["id"],
        reason="It was twenty-eight kids",
        replacement={
            "eventAt": "2001-06-01T00:00:00.000Z",
            "eventLabel": "First classroom",
            "facts": "I taught my first class of twenty-eight kids.",
            "feelings": "Terrified, then proud.",
            "interpretation": "That day I knew I was a teacher.",
        },
    )
    assert revised["superseded"]["status"] == "superseded" and revised["entry"]["memoryType"] == "revised"
    active = {e["id"] for e in client.timeline.list(persona["id"])}
    assert revised["entry"]["id"] in active and entry["id"] not in active
    everything = {e["id"] for e in client.timeline.list(persona["id"], include_superseded=True)}
    assert entry["id"] in everything


def test_consistency_and_reconcile_job(client: PersonRun) -> None:
    persona = client.personas.create(seed(2))["persona"]
    report = client.timeline.check_consistency(persona["id"])
    assert report["personaId"] == persona["id"] and 0 <= report["score"] <= 100
    reports = client.timeline.list_consistency_reports(persona["id"]).to_list()
    assert [r["id"] for r in reports] == [report["id"]]
    job = client.timeline.reconcile(persona["id"], report_id=report["id"])
    assert job["status"] in ("queued", "running", "succeeded")
    done = client.timeline.wait_for_reconcile(persona["id"], job["id"])
    assert done["status"] == "succeeded"
    assert client.timeline.retrieve_reconcile_job(persona["id"], job["id"])["id"] == job["id"]
