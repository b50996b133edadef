"""Skills, tasks, schedules, cohorts and populations: the building blocks of a study."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence

from .._pagination import CursorPage
from .._resource import Resource, camel_params, poll, seg
from .._types import (
    Cohort,
    GeneratedPopulation,
    Population,
    PopulationVersionEnvelope,
    Schedule,
    ScheduleTriggered,
    Skill,
    SkillImport,
    Task,
    TaskResults,
    TaskScoresResponse,
)

__all__ = ["Skills", "Tasks", "Schedules", "Cohorts", "Populations"]


class Skills(Resource):
    def list(self, **params: Any) -> CursorPage:
        """Every skill (filters `q`, `include_archived`)."""
        return self._list("/skills", "skills", camel_params(params))

    def create(self, *, name: str, instructions: str, questions: Sequence[Mapping[str, Any]], **params: Any) -> Skill:
        """A skill: `questions` are `{id, text, outputFormat}`; options `description`, `evaluation`,
        `model`, `temperature`."""
        body = camel_params(params, name=name, instructions=instructions, questions=[dict(q) for q in questions])
        return self._post("/skills", body)["skill"]

    def import_(self, *, format: str, document: Mapping[str, Any]) -> SkillImport:
        """A Qualtrics or Typeform survey file as a skill: `{skill, unsupported}`."""
        return self._post("/skills/import", {"format": format, "document": dict(document)})

    def retrieve(self, skill_id: str, *, version: Optional[int] = None) -> Skill:
        return self._get(f"/skills/{seg(skill_id)}", camel_params({}, version=version))["skill"]

    def update(self, skill_id: str, **fields: Any) -> Skill:
        """A change makes a new version."""
        return self._patch(f"/skills/{seg(skill_id)}", camel_params(fields))["skill"]

    def delete(self, skill_id: str) -> Dict[str, Any]:
        return self._delete(f"/skills/{seg(skill_id)}")

    def list_versions(self, skill_id: str) -> List[Dict[str, Any]]:
        return self._get(f"/skills/{seg(skill_id)}/versions")["versions"]


class Tasks(Resource):
    def create(self, *, skill_id: str, persona_id: str, **params: Any) -> Task:
        """One skill for one persona; `execute=True` queues it at once (`variables`, `model`, `skill_version`)."""
        return self._post("/tasks", camel_params(params, skill_id=skill_id, persona_id=persona_id))["task"]

    def list(self, **params: Any) -> CursorPage:
        """Every task (filters `status`, `skill_id`, `persona_id`, `schedule_id`)."""
        return self._list("/tasks", "tasks", camel_params(params))

    def retrieve(self, task_id: str) -> Task:
        return self._get(f"/tasks/{seg(task_id)}")["task"]

    def delete(self, task_id: str) -> Dict[str, Any]:
        return self._delete(f"/tasks/{seg(task_id)}")

    def control(self, task_id: str, action: str) -> Task:
        """`action`: `pause`, `resume` or `cancel`."""
        return self._post(f"/tasks/{seg(task_id)}/control", {"action": action})["task"]

    def execute(self, task_id: str) -> Task:
        """Queues the task (202)."""
        return self._post(f"/tasks/{seg(task_id)}/execute")["task"]

    def results(self, task_id: str, *, attempt: Optional[int] = None) -> TaskResults:
        return self._get(f"/tasks/{seg(task_id)}/results", camel_params({}, attempt=attempt))

    def turns(self, task_id: str) -> List[Dict[str, Any]]:
        return self._get(f"/tasks/{seg(task_id)}/turns")["turns"]

    def scores(self, task_id: str, *, attempt: Optional[int] = None) -> TaskScoresResponse:
        return self._get(f"/tasks/{seg(task_id)}/scores", camel_params({}, attempt=attempt))

    def wait(self, task_id: str, *, timeout: float = 300.0, interval: float = 0.25) -> Task:
        """Polls the task until it has succeeded, failed or been cancelled."""
        return poll(
            lambda: self.retrieve(task_id),
            lambda t: t.get("status"),
            timeout=timeout,
            interval=interval,
            what=f"task {task_id}",
        )


class Schedules(Resource):
    def list(self, **params: Any) -> CursorPage:
        """Every schedule (filters `enabled`, `target_type`, `target_id`)."""
        return self._list("/schedules", "schedules", camel_params(params))

    def create(self, *, target: Mapping[str, Any], **params: Any) -> Schedule:
        """`target` `{type: "task" | "study", id}`; `run_at` (one time) or `cron` + `timezone`; `name`,
        `enabled`, `missed_run_policy`, `start_at`, `end_at`, `max_runs`."""
        return self._post("/schedules", camel_params(params, target=dict(target)))["schedule"]

    def retrieve(self, schedule_id: str) -> Schedule:
        return self._get(f"/schedules/{seg(schedule_id)}")["schedule"]

    def update(self, schedule_id: str, **fields: Any) -> Schedule:
        return self._patch(f"/schedules/{seg(schedule_id)}", camel_params(fields))["schedule"]

    def delete(self, schedule_id: str) -> Dict[str, Any]:
        return self._delete(f"/schedules/{seg(schedule_id)}")

    def trigger(self, schedule_id: str) -> ScheduleTriggered:
        """Runs the schedule now: `{schedule, execution}`."""
        return self._post(f"/schedules/{seg(schedule_id)}/trigger-now")

    def list_executions(self, schedule_id: str, **params: Any) -> CursorPage:
        return self._list(f"/schedules/{seg(schedule_id)}/executions", "executions", camel_params(params))

    def preview(self, schedule_id: str, *, count: Optional[int] = None) -> List[str]:
        """The next run times (ISO 8601)."""
        return self._get(f"/schedules/{seg(schedule_id)}/preview", camel_params({}, count=count))["runs"]


class Cohorts(Resource):
    def list(self, **params: Any) -> CursorPage:
        return self._list("/cohorts", "cohorts", camel_params(params))

    def create(self, *, name: str, **params: Any) -> Cohort:
        """A segment: `criteria` (`minAge`, `locations`, `attributes`, ...) and/or `include`/`exclude` ids."""
        return self._post("/cohorts", camel_params(params, name=name))["cohort"]

    def retrieve(self, cohort_id: str) -> Cohort:
        return self._get(f"/cohorts/{seg(cohort_id)}")["cohort"]

    def update(self, cohort_id: str, **fields: Any) -> Cohort:
        return self._patch(f"/cohorts/{seg(cohort_id)}", camel_params(fields))["cohort"]

    def delete(self, cohort_id: str) -> Dict[str, Any]:
        return self._delete(f"/cohorts/{seg(cohort_id)}")

    def list_members(self, cohort_id: str, **params: Any) -> CursorPage:
        """The personas that match the cohort, every page."""
        return self._list(f"/cohorts/{seg(cohort_id)}/members", "members", camel_params(params))


class Populations(Resource):
    def list(self, **params: Any) -> CursorPage:
        return self._list("/populations", "populations", camel_params(params))

    def create(
        self, *, name: str, cohorts: Sequence[Mapping[str, Any]], sampling: Mapping[str, Any], **params: Any
    ) -> Population:
        """A panel of cohorts (`[{cohortId, weight}]`) with a `sampling` rule; `size`, `description`."""
        body = camel_params(params, name=name, cohorts=[dict(c) for c in cohorts], sampling=dict(sampling))
        return self._post("/populations", body)["population"]

    def generate(self, *, name: str, size: int, targets: Any, **params: Any) -> GeneratedPopulation:
        """Generates new personas to match `targets` (202): `{population, estimate}`."""
        return self._post("/populations/generate", camel_params(params, name=name, size=size, targets=targets))

    def retrieve(self, population_id: str) -> Population:
        return self._get(f"/populations/{seg(population_id)}")["population"]

    def update(self, population_id: str, **fields: Any) -> Population:
        return self._patch(f"/populations/{seg(population_id)}", camel_params(fields))["population"]

    def delete(self, population_id: str) -> Dict[str, Any]:
        return self._delete(f"/populations/{seg(population_id)}")

    def list_versions(self, population_id: str) -> List[Dict[str, Any]]:
        return self._get(f"/populations/{seg(population_id)}/versions")["versions"]

    def snapshot(self, population_id: str) -> PopulationVersionEnvelope:
        """Pins the current composition as a version: `{version, created}`."""
        return self._post(f"/populations/{seg(population_id)}/versions")

    def retrieve_version(self, population_id: str, version: int) -> PopulationVersionEnvelope:
        return self._get(f"/populations/{seg(population_id)}/versions/{seg(version)}")

    def list_members(self, population_id: str, version: int, **params: Any) -> CursorPage:
        path = f"/populations/{seg(population_id)}/versions/{seg(version)}/members"
        return self._list(path, "members", camel_params(params))

    def wait(self, population_id: str, *, timeout: float = 300.0, interval: float = 0.5) -> Population:
        """Polls a generating population until it is `ready` or `failed`."""
        return poll(
            lambda: self.retrieve(population_id),
            lambda p: "succeeded" if p.get("status") == "ready" else p.get("status"),
            timeout=timeout,
            interval=interval,
            what=f"population {population_id}",
        )
