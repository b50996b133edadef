"""Skills, tasks, schedules, cohorts and populations: every method's happy path."""

from __future__ import annotations

from person_run import ConflictError, PersonRun
from person_run._types import Skill

from conftest import seed

QUESTIONS = [
    {"id": "q1", "text": "How likely are you to buy a meal kit?", "outputFormat": {"type": "likert", "scale": 5}},
    {
        "id": "q2",
        "text": "Which plan fits you?",
        "outputFormat": {"type": "single_choice", "options": ["Basic", "Pro"]},
    },
]


def make_skill(client: PersonRun, name: str = "Meal kits") -> Skill:
    return client.skills.create(name=name, instructions="Answer as yourself, briefly.", questions=QUESTIONS)


def test_skills(client: PersonRun) -> None:
    skill = make_skill(client)
    assert skill["version"] == 1 and [q["id"] for q in skill["questions"]] == ["q1", "q2"]
    assert client.skills.retrieve(skill["id"])["name"] == "Meal kits"
    updated = client.skills.update(skill["id"], description="Pricing pulse")
    assert updated["version"] == 2 and updated["description"] == "Pricing pulse"
    assert client.skills.retrieve(skill["id"], version=1).get("description") is None
    assert sorted(v["version"] for v in client.skills.list_versions(skill["id"])) == [1, 2]
    assert [s["id"] for s in client.skills.list(q="Meal")] == [skill["id"]]

    form = {
        "title": "Plan check",
        "fields": [
            {
                "id": "f1",
                "ref": "plan",
                "title": "Which plan are you on?",
                "type": "multiple_choice",
                "properties": {"choices": [{"id": "c1", "label": "Free"}, {"id": "c2", "label": "Pro"}]},
            }
        ],
    }
    imported = client.skills.import_(format="typeform", document=form)
    assert imported["skill"]["questions"][0]["outputFormat"]["type"] == "single_choice"
    assert isinstance(imported["unsupported"], list)

    removed = client.skills.delete(skill["id"])
    assert removed["deleted"] is True or removed.get("archived") is True
    assert skill["id"] not in {s["id"] for s in client.skills.list()}


def test_tasks(client: PersonRun) -> None:
    persona = client.personas.create(seed(0))["persona"]
    skill = make_skill(client)
    task = client.tasks.create(skill_id=skill["id"], persona_id=persona["id"])
    assert task["status"] == "pending" and task["skillVersion"] == 1
    assert client.tasks.retrieve(task["id"])["personaId"] == persona["id"]
    queued = client.tasks.execute(task["id"])
    assert queued["status"] in ("queued", "running", "succeeded")
    done = client.tasks.wait(task["id"])
    assert done["status"] == "succeeded"
    results = client.tasks.results(task["id"])["results"]
    assert [r["questionId"] for r in results] == ["q1", "q2"] and all(r["valid"] for r in results)
    assert client.tasks.turns(task["id"])
    assert "scores" in client.tasks.scores(task["id"])
    assert [t["id"] for t in client.tasks.list(skill_id=skill["id"])] == [task["id"]]

    other = client.tasks.create(skill_id=skill["id"], persona_id=persona["id"], execute=True)
    try:
        paused = client.tasks.control(other["id"], "pause")
        assert paused["status"] == "paused"
        assert client.tasks.control(other["id"], "cancel")["status"] == "cancelled"
    except ConflictError as err:  # the task may have finished before the pause reached it
        assert "only an active task" in err.message or "succeeded" in err.message, err
        assert client.tasks.retrieve(other["id"])["status"] == "succeeded"
    assert client.tasks.delete(other["id"]) == {"deleted": True, "id": other["id"]}


def test_schedules(client: PersonRun) -> None:
    persona = client.personas.create(seed(1))["persona"]
    skill = make_skill(client)
    task = client.tasks.create(skill_id=skill["id"], persona_id=persona["id"])
    schedule = client.schedules.create(
        target={"type": "task", "id": task["id"]}, cron="0 9 * * 1", timezone="Europe/Paris", name="Mondays"
    )
    assert schedule["enabled"] is True and schedule["nextRunAt"]
    assert client.schedules.retrieve(schedule["id"])["name"] == "Mondays"
    runs = client.schedules.preview(schedule["id"], count=3)
    assert len(runs) == 3 and runs == sorted(runs)
    assert client.schedules.update(schedule["id"], enabled=False)["enabled"] is False
    assert [s["id"] for s in client.schedules.list(enabled=False)] == [schedule["id"]]
    fired = client.schedules.trigger(schedule["id"])
    assert fired["schedule"]["id"] == schedule["id"] and fired["execution"]
    executions = client.schedules.list_executions(schedule["id"]).to_list()
    assert len(executions) == 1
    assert client.schedules.delete(schedule["id"]) == {"deleted": True, "id": schedule["id"]}


def test_cohorts(client: PersonRun) -> None:
    young = client.personas.create(seed(2))["persona"]  # 27
    client.personas.create(seed(1))  # 61
    cohort = client.cohorts.create(name="Under 40", criteria={"maxAge": 39})
    assert cohort["memberCount"] == 1
    assert client.cohorts.retrieve(cohort["id"])["name"] == "Under 40"
    members = client.cohorts.list_members(cohort["id"]).to_list()
    assert [m.get("personaId", m.get("id")) for m in members] == [young["id"]]
    wider = client.cohorts.update(cohort["id"], criteria={"maxAge": 70})
    assert wider["memberCount"] == 2
    assert [c["id"] for c in client.cohorts.list()] == [cohort["id"]]
    assert client.cohorts.delete(cohort["id"]) == {"deleted": True, "id": cohort["id"]}


def test_populations(client: PersonRun) -> None:
    for i in range(3):
        client.personas.create(seed(i))
    cohort = client.cohorts.create(name="Adults", criteria={"minAge": 18})
    population = client.populations.create(
        name="Panel", cohorts=[{"cohortId": cohort["id"], "weight": 1}], sampling={"rule": "all"}
    )
    assert population["status"] == "ready" and population["version"] == 1 and population["size"] == 3
    assert client.populations.retrieve(population["id"])["name"] == "Panel"
    assert client.populations.update(population["id"], description="All adults")["description"] == "All adults"
    versions = client.populations.list_versions(population["id"])
    assert versions and versions[0]["version"] >= 1
    snap = client.populations.snapshot(population["id"])
    assert snap["version"]["version"] >= 1
    again = client.populations.retrieve_version(population["id"], snap["version"]["version"])
    assert again["version"]["version"] == snap["version"]["version"]
    members = client.populations.list_members(population["id"], snap["version"]["version"], limit=2).to_list()
    assert len(members) == 3 and all(m["persona"]["id"] == m["personaId"] for m in members)
    assert population["id"] in {p["id"] for p in client.populations.list()}
    assert client.populations.delete(population["id"])["deleted"] is True


def test_generated_population(client: PersonRun) -> None:
    accepted = client.populations.generate(name="US adults", size=4, targets="us-adults", seed=7)
    assert accepted["population"]["status"] == "generating" and accepted["estimate"]["personas"] == 4
    ready = client.populations.wait(accepted["population"]["id"])
    assert ready["status"] == "ready" and ready["size"] == 4
