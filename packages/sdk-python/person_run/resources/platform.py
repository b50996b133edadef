"""Models, analytics, API keys, billing, tenants and runs (the engine behind every background job)."""

from __future__ import annotations

import json
from typing import Any, List, Optional

from .._pagination import CursorPage
from .._resource import Resource, camel_params, poll, seg
from .._streaming import RunEventStream
from .._types import ApiKey, Billing, CreatedApiKey, CreatedTenant, Model, Run, UsageReport

__all__ = ["Models", "Analytics", "Keys", "BillingResource", "Tenants", "Runs"]


class Models(Resource):
    def list(self, **params: Any) -> List[Model]:
        """The catalog (filters `provider`, `capability`, `configured`)."""
        return self._get("/models", camel_params(params))["models"]

    def pricing(self, *, format: Optional[str] = None, **params: Any) -> Any:
        """The price matrix: `{models: [...]}`, or CSV text with `format="csv"`."""
        accept = "text/csv" if format == "csv" else None
        return self._get("/models/pricing", camel_params(params, format=format), accept=accept)

    def retrieve(self, slug: str) -> Model:
        """A model by slug (slugs contain `/`, e.g. `person-run/simulator`)."""
        quoted = "/".join(seg(part) for part in slug.split("/"))
        return self._get(f"/models/{quoted}")["model"]


class Analytics(Resource):
    def list_events(self, **params: Any) -> CursorPage:
        """Usage events, every page (filters `event`, `from_`, `to`, `persona_id`, `key_id`, `model`)."""
        return self._list("/analytics/events", "events", camel_params(params))

    def usage(self, **params: Any) -> UsageReport:
        """Totals by period: `from_`, `to`, `granularity`, `timezone`, `group_by`."""
        return self._get("/analytics/usage", camel_params(params))

    def export(self, *, format: str = "ndjson", **params: Any) -> Any:
        """Every event as CSV text (`format="csv"`) or a list of dicts (NDJSON)."""
        accept = "text/csv" if format == "csv" else "application/x-ndjson"
        text: str = self._get("/analytics/export", camel_params(params, format=format), accept=accept)
        if format == "csv":
            return text
        return [json.loads(line) for line in text.splitlines() if line.strip()]


class Keys(Resource):
    def create(self, *, name: str, **params: Any) -> CreatedApiKey:
        """`{key, secret}`: the secret is shown once. Options `profile` (a role), `expires_at`; for a
        publishable widget key (`pk_live_…`) `type="publishable"`, `persona_ids`, `allowed_origins` (exact
        origins) and `rate_limit_per_minute`."""
        return self._post("/keys", camel_params(params, name=name))

    def list(self, **params: Any) -> CursorPage:
        return self._list("/keys", "keys", camel_params(params))

    def retrieve(self, key_id: str) -> ApiKey:
        return self._get(f"/keys/{seg(key_id)}")["key"]

    def revoke(self, key_id: str) -> ApiKey:
        return self._delete(f"/keys/{seg(key_id)}")["key"]


class BillingResource(Resource):
    """The tenant's credits and plan limits (`client.billing`)."""

    def retrieve(self) -> Billing:
        return self._get("/billing")["billing"]

    def update(self, *, credit_balance: Optional[float], **params: Any) -> Billing:
        """Sets the balance (`None` = unlimited) and `limits`."""
        body = camel_params(params)
        body["creditBalance"] = credit_balance
        return self._put("/billing", body)["billing"]

    def top_up(self, credits: float) -> Billing:
        return self._post("/billing/topup", {"credits": credits})["billing"]


class Tenants(Resource):
    """Workspaces; only the instance admin key may use these."""

    def create(self, id: str, *, name: Optional[str] = None) -> CreatedTenant:
        """`{tenant, key, secret}`: the new tenant and its first owner key."""
        return self._post("/tenants", camel_params({}, id=id, name=name), tenant=False)

    def list(self, **params: Any) -> CursorPage:
        return CursorPage(
            lambda c: self._get("/tenants", {**camel_params(params), "cursor": c}, tenant=False), "tenants"
        )


class Runs(Resource):
    """Every background run (profile generation, tasks, study runs, calibrations, ...)."""

    def list(self, **params: Any) -> CursorPage:
        """Filters `kind`, `state`, `parent_id`, `dead_letter`."""
        return self._list("/runs", "runs", camel_params(params))

    def retrieve(self, run_id: str) -> Run:
        return self._get(f"/runs/{seg(run_id)}")["run"]

    def pause(self, run_id: str) -> Run:
        return self._post(f"/runs/{seg(run_id)}/pause")["run"]

    def resume(self, run_id: str) -> Run:
        return self._post(f"/runs/{seg(run_id)}/resume")["run"]

    def cancel(self, run_id: str) -> Run:
        return self._post(f"/runs/{seg(run_id)}/cancel")["run"]

    def retry(self, run_id: str) -> Run:
        return self._post(f"/runs/{seg(run_id)}/retry")["run"]

    def events(self, run_id: str, *, after: Optional[int] = None) -> RunEventStream:
        """The run's events as they happen, then `end` with the run."""
        raw = self._get(
            f"/runs/{seg(run_id)}/events", camel_params({}, after=after), raw=True, accept="text/event-stream"
        )
        return RunEventStream(raw.body, raw.request_id)

    def wait(self, run_id: str, *, timeout: float = 300.0, interval: float = 0.25) -> Run:
        return poll(
            lambda: self.retrieve(run_id),
            lambda r: r.get("state"),
            timeout=timeout,
            interval=interval,
            what=f"run {run_id}",
        )
