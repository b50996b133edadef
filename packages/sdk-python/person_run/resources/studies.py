"""Studies, their runs (progress stream, results, exports) and model calibrations."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, Dict, List, Optional

from .._base import BaseClient
from .._pagination import CursorPage
from .._pandas import require_pandas, study_results_rows
from .._resource import Resource, camel_params, poll, seg
from .._streaming import RunEventStream
from .._types import Calibration, CreatedCalibrationResponse, Study, StudyRun

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped,import-not-found,unused-ignore]

__all__ = ["Studies", "StudyRuns", "StudyResults", "StudyCsv", "Calibrations"]


class StudyResults(Dict[str, Any]):
    """A run's aggregate evidence (`{questions: [...], tasks, ...}`), a dict with `to_pandas()`."""

    def rows(self) -> List[Dict[str, Any]]:
        """One row per question x group (`overall` first): n, mean, ci_lower, ci_upper, ..."""
        return study_results_rows(self)

    def to_pandas(self) -> "pandas.DataFrame":
        return require_pandas().DataFrame(self.rows())


class StudyCsv(str):
    """The CSV export (one row per task x question, then persona attributes), a str with `to_pandas()`."""

    def to_pandas(self) -> "pandas.DataFrame":
        return require_pandas().read_csv(io.StringIO(str(self)))


class StudyRuns(Resource):
    def create(self, study_id: str, *, max_concurrency: int = 4, **params: Any) -> Dict[str, Any]:
        """Starts a run (202 `{run}`); with `dry_run=True` returns `{plan}` instead. Options `budget`,
        `seed`, `stop_when`, `sample`, `replicates`."""
        body = camel_params(params, max_concurrency=max_concurrency)
        return self._post(f"/studies/{seg(study_id)}/runs", body)

    def list(self, study_id: str, **params: Any) -> CursorPage:
        return self._list(f"/studies/{seg(study_id)}/runs", "runs", camel_params(params))

    def retrieve(self, study_id: str, run_id: str) -> StudyRun:
        return self._get(f"/studies/{seg(study_id)}/runs/{seg(run_id)}")["run"]

    def control(self, study_id: str, run_id: str, action: str) -> StudyRun:
        """`action`: `pause`, `resume` or `cancel`."""
        return self._post(f"/studies/{seg(study_id)}/runs/{seg(run_id)}/control", {"action": action})["run"]

    def results(self, study_id: str, run_id: str, **params: Any) -> StudyResults:
        """Aggregates: per question `overall` and `groups` (`n`, `mean`, `ci`, distributions, tests,
        quotes). Options `group_by`, `seed`, `weighted`, `summaries`."""
        path = f"/studies/{seg(study_id)}/runs/{seg(run_id)}/results"
        return StudyResults(self._get(path, camel_params(params))["results"])

    def export_csv(self, study_id: str, run_id: str) -> StudyCsv:
        path = f"/studies/{seg(study_id)}/runs/{seg(run_id)}/results.csv"
        return StudyCsv(self._get(path, accept="text/csv"))

    def export_ndjson(self, study_id: str, run_id: str) -> List[Dict[str, Any]]:
        """One object per task x question."""
        import json

        path = f"/studies/{seg(study_id)}/runs/{seg(run_id)}/results.ndjson"
        text: str = self._get(path, accept="application/x-ndjson")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def events(self, study_id: str, run_id: str, *, after: Optional[int] = None) -> RunEventStream:
        """Progress as it happens (`state`, `tasks`, `aggregate`, then `end` with the run)."""
        path = f"/studies/{seg(study_id)}/runs/{seg(run_id)}/events"
        raw = self._get(path, camel_params({}, after=after), raw=True, accept="text/event-stream")
        return RunEventStream(raw.body, raw.request_id)

    def wait(self, study_id: str, run_id: str, *, timeout: float = 600.0, interval: float = 0.5) -> StudyRun:
        """Polls the run until it has succeeded, failed or been cancelled."""
        return poll(
            lambda: self.retrieve(study_id, run_id),
            lambda r: r.get("status"),
            timeout=timeout,
            interval=interval,
            what=f"study run {run_id}",
        )


class Studies(Resource):
    runs: StudyRuns

    def __init__(self, client: BaseClient) -> None:
        super().__init__(client)
        self.runs = StudyRuns(client)

    def create(self, *, population_id: str, skill_id: str, name: str, **params: Any) -> Study:
        """A skill bound to a population; options `description`, `decision`, `replicates`, `model`, ..."""
        body = camel_params(params, population_id=population_id, skill_id=skill_id, name=name)
        return self._post("/studies", body)["study"]

    def list(self, **params: Any) -> CursorPage:
        """Every study (filters `population_id`, `skill_id`)."""
        return self._list("/studies", "studies", camel_params(params))

    def retrieve(self, study_id: str) -> Study:
        return self._get(f"/studies/{seg(study_id)}")["study"]

    def update(self, study_id: str, **fields: Any) -> Study:
        return self._patch(f"/studies/{seg(study_id)}", camel_params(fields))["study"]

    def delete(self, study_id: str, *, purge: Optional[bool] = None) -> Dict[str, Any]:
        return self._delete(f"/studies/{seg(study_id)}", camel_params({}, purge=purge))

    def trend(self, study_id: str, *, limit: Optional[int] = None) -> Dict[str, Any]:
        """How the answers moved across the study's runs."""
        return self._get(f"/studies/{seg(study_id)}/trend", camel_params({}, limit=limit))["trend"]


class Calibrations(Resource):
    def create(self, *, model: str, **params: Any) -> CreatedCalibrationResponse:
        """Scores a model against survey baselines (202 `{calibration, run}`): `items`, `size`, `seed`."""
        return self._post("/calibrations", camel_params(params, model=model))

    def list(self, **params: Any) -> CursorPage:
        return self._list("/calibrations", "calibrations", camel_params(params))

    def retrieve(self, calibration_id: str) -> Calibration:
        return self._get(f"/calibrations/{seg(calibration_id)}")["calibration"]
