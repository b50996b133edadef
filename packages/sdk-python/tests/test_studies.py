"""Studies and their runs (progress stream, results, exports, control) and calibrations."""

from __future__ import annotations

import importlib.util
from typing import Tuple

import pytest

from person_run import ConflictError, PersonRun, StudyCsv, StudyResults
from person_run._types import Population, Study

from conftest import seed
from test_research import make_skill

HAS_PANDAS = importlib.util.find_spec("pandas") is not None


def make_study(client: PersonRun) -> Tuple[Study, Population]:
    for i in range(3):
        client.personas.create(seed(i))
    cohort = client.cohorts.create(name="Adults", criteria={"minAge": 18})
    population = client.populations.create(
        name="Panel", cohorts=[{"cohortId": cohort["id"], "weight": 1}], sampling={"rule": "all"}
    )
    skill = make_skill(client)
    study = client.studies.create(
        population_id=population["id"], skill_id=skill["id"], name="Meal kits", decision="Launch a Pro plan?"
    )
    return study, population


def test_study_crud_and_a_dry_run(client: PersonRun) -> None:
    study, population = make_study(client)
    assert study["populationId"] == population["id"] and study["decision"] == "Launch a Pro plan?"
    assert client.studies.retrieve(study["id"])["name"] == "Meal kits"
    assert client.studies.update(study["id"], description="Q3 pulse")["description"] == "Q3 pulse"
    assert [s["id"] for s in client.studies.list(population_id=population["id"])] == [study["id"]]
    plan = client.studies.runs.create(study["id"], max_concurrency=2, dry_run=True)["plan"]
    assert plan["members"] == 3 and plan["tasks"] == 3 * plan["replicates"] and plan["turnsPerTask"] == 2
    assert client.studies.runs.list(study["id"]).to_list() == []
    assert client.studies.delete(study["id"]) == {"deleted": True, "id": study["id"]}


def test_study_run_streamed_to_its_end_with_results(client: PersonRun) -> None:
    study, _ = make_study(client)
    run = client.studies.runs.create(study["id"], max_concurrency=3)["run"]
    assert run["status"] in ("queued", "running")
    with client.studies.runs.events(study["id"], run["id"]) as events:
        seen = [e.event for e in events]
    assert "tasks" in seen and seen[-1] == "end"
    finished = client.studies.runs.retrieve(study["id"], run["id"])
    assert finished["status"] == "succeeded" and finished["counts"]["succeeded"] == 3
    assert client.studies.runs.wait(study["id"], run["id"])["status"] == "succeeded"
    assert [r["id"] for r in client.studies.runs.list(study["id"])] == [run["id"]]

    results = client.studies.runs.results(study["id"], run["id"])
    assert isinstance(results, StudyResults)
    q1 = results["questions"][0]
    assert q1["questionId"] == "q1" and q1["overall"]["n"] == 3
    rows = results.rows()
    overall = [r for r in rows if r["questionId"] == "q1" and r["key"] == "all"][0]
    assert overall["n"] == 3 and overall["ci_lower"] <= overall["mean"] <= overall["ci_upper"]

    csv = client.studies.runs.export_csv(study["id"], run["id"])
    assert isinstance(csv, StudyCsv) and csv.startswith("task_id,persona_id,question_id,parsed,valid,score")
    assert len(csv.strip().splitlines()) == 1 + 3 * 2  # a row per task x question
    ndjson = client.studies.runs.export_ndjson(study["id"], run["id"])
    assert len(ndjson) == 6 and {r["question_id"] if "question_id" in r else r["questionId"] for r in ndjson} == {
        "q1",
        "q2",
    }
    assert isinstance(client.studies.trend(study["id"]), (dict, list))

    with pytest.raises(ConflictError):  # a finished run cannot be paused
        client.studies.runs.control(study["id"], run["id"], "pause")

    if HAS_PANDAS:
        assert len(results.to_pandas()) == len(rows) and len(csv.to_pandas()) == 6
    else:
        with pytest.raises(ImportError, match="pandas"):
            results.to_pandas()
        with pytest.raises(ImportError, match="pandas"):
            csv.to_pandas()
        with pytest.raises(ImportError, match="pandas"):
            client.personas.list().to_pandas()


def test_study_run_control(client: PersonRun) -> None:
    study, _ = make_study(client)
    run = client.studies.runs.create(study["id"], max_concurrency=1)["run"]
    try:
        cancelled = client.studies.runs.control(study["id"], run["id"], "cancel")
        assert cancelled["status"] in ("cancelled", "running")  # running: the cancel is reaching its tasks
        assert client.studies.runs.wait(study["id"], run["id"])["status"] in ("cancelled", "succeeded")
    except ConflictError:  # it finished first
        assert client.studies.runs.retrieve(study["id"], run["id"])["status"] == "succeeded"


def test_calibrations(client: PersonRun) -> None:
    created = client.calibrations.create(model="person-run/simulator", items=["HAPPY"], size=20, seed=11)
    calibration = created["calibration"]
    assert calibration["model"] == "person-run/simulator" and created["run"]["id"]
    assert client.calibrations.retrieve(calibration["id"])["id"] == calibration["id"]
    assert [c["id"] for c in client.calibrations.list()] == [calibration["id"]]
    client.runs.cancel(created["run"]["id"])  # no need to spend the machine on it
    assert client.runs.wait(created["run"]["id"])["state"] in ("cancelled", "succeeded")
