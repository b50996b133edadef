"""Personas and their timelines (memories, supersede, consistency, reconcile)."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from .._pagination import CursorPage
from .._resource import Resource, camel_params, poll, seg
from .._types import CreatePersonaResponse as PersonaCreated
from .._types import Persona, TimelineEntry

__all__ = ["Personas", "Timeline"]


class Personas(Resource):
    def create(self, seed: Mapping[str, Any], *, model: Optional[str] = None, **params: Any) -> PersonaCreated:
        """`POST /personas`: `seed` needs `firstName`, `lastName`, `age`, `location`, `baseOccupation`.
        Returns `{persona, timeline}` (the initial memory)."""
        return self._post("/personas", camel_params(params, seed=dict(seed), model=model))

    def list(self, **params: Any) -> CursorPage:
        """`GET /personas`, every page: filters `q`, `location`, `occupation`, `min_age`, `max_age`,
        `cohort_id`; `limit` is the page size."""
        return self._list("/personas", "personas", camel_params(params))

    def retrieve(self, persona_id: str) -> Persona:
        return self._get(f"/personas/{seg(persona_id)}")["persona"]

    def update(self, persona_id: str, **fields: Any) -> Persona:
        """`PATCH /personas/{id}`: seed fields to change (`version` for an optimistic check)."""
        return self._patch(f"/personas/{seg(persona_id)}", camel_params(fields))["persona"]

    def delete(self, persona_id: str) -> Dict[str, Any]:
        return self._delete(f"/personas/{seg(persona_id)}")

    def export(self, persona_id: str) -> Dict[str, Any]:
        """The whole persona as one JSON document (profile, timeline, sessions, reports)."""
        return self._get(f"/personas/{seg(persona_id)}/export")

    def import_(self, document: Mapping[str, Any]) -> PersonaCreated:
        """`POST /personas/import`: a document from `export()` becomes a new persona."""
        return self._post("/personas/import", {"document": dict(document)})


class Timeline(Resource):
    def list(self, persona_id: str, **params: Any) -> CursorPage:
        """Memories, every page: filters `memory_type`, `from_`, `to`, `include_superseded`."""
        return self._list(f"/personas/{seg(persona_id)}/timeline", "timeline", camel_params(params))

    def append(self, persona_id: str, entry: Mapping[str, Any]) -> TimelineEntry:
        """A memory: `eventAt`, `eventLabel`, `facts`, `feelings`, `interpretation`, `memoryType`, ..."""
        return self._post(f"/personas/{seg(persona_id)}/timeline", dict(entry))["entry"]

    def supersede(
        self, persona_id: str, timeline_id: str, *, reason: str, replacement: Mapping[str, Any]
    ) -> Dict[str, Any]:
        """Revises a memory: returns `{superseded, entry}` (the old and the new entry)."""
        body = {"reason": reason, "replacement": dict(replacement)}
        return self._post(f"/personas/{seg(persona_id)}/timeline/{seg(timeline_id)}/supersede", body)

    def check_consistency(self, persona_id: str) -> Dict[str, Any]:
        """Runs a consistency check; returns the report."""
        return self._post(f"/personas/{seg(persona_id)}/consistency")["report"]

    def list_consistency_reports(self, persona_id: str, **params: Any) -> CursorPage:
        return self._list(f"/personas/{seg(persona_id)}/consistency", "reports", camel_params(params))

    def reconcile(self, persona_id: str, *, report_id: Optional[str] = None) -> Dict[str, Any]:
        """Starts the job that applies a report's suggested revisions; returns the job."""
        body = camel_params({}, report_id=report_id)
        return self._post(f"/personas/{seg(persona_id)}/timeline/reconcile", body)["job"]

    def retrieve_reconcile_job(self, persona_id: str, job_id: str) -> Dict[str, Any]:
        return self._get(f"/personas/{seg(persona_id)}/timeline/reconcile/{seg(job_id)}")["job"]

    def wait_for_reconcile(
        self, persona_id: str, job_id: str, *, timeout: float = 120.0, interval: float = 0.25
    ) -> Dict[str, Any]:
        return poll(
            lambda: self.retrieve_reconcile_job(persona_id, job_id),
            lambda j: j.get("status"),
            timeout=timeout,
            interval=interval,
            what=f"reconcile job {job_id}",
        )
