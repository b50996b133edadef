"""`PersonRun`: the client. Settings once, then one attribute per area of the API."""

from __future__ import annotations

import os
from typing import Mapping, Optional

from ._base import BaseClient
from ._errors import PersonRunError
from ._types import Health
from .resources import (
    Analytics,
    BillingResource,
    Calibrations,
    Cohorts,
    Jobs,
    Keys,
    Models,
    Personas,
    Populations,
    Prompts,
    Runs,
    SafetyPolicies,
    Schedules,
    Sessions,
    Skills,
    Studies,
    Tasks,
    Tenants,
    Timeline,
    Widget,
)

__all__ = ["PersonRun", "DEFAULT_BASE_URL"]

DEFAULT_BASE_URL = "http://localhost:8080"


class PersonRun(BaseClient):
    """A person.run client.

    `api_key` defaults to `$PERSON_API_KEY`, `base_url` to `$PERSON_RUN_BASE_URL` (else
    `http://localhost:8080`). `tenant_id` is sent with every request when set (a key of one tenant
    needs none). `timeout` is in seconds per attempt; `max_retries` bounds the retries of one call.
    """

    personas: Personas
    timeline: Timeline
    prompts: Prompts
    jobs: Jobs
    sessions: Sessions
    safety_policy: SafetyPolicies
    skills: Skills
    tasks: Tasks
    schedules: Schedules
    cohorts: Cohorts
    populations: Populations
    studies: Studies
    calibrations: Calibrations
    models: Models
    analytics: Analytics
    keys: Keys
    billing: BillingResource
    tenants: Tenants
    runs: Runs
    widget: Widget

    def __init__(
        self,
        api_key: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        tenant_id: Optional[str] = None,
        timeout: float = 60.0,
        max_retries: int = 2,
        default_headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get("PERSON_API_KEY")
        if not key:
            raise PersonRunError("No API key: pass api_key=... or set PERSON_API_KEY")
        url = base_url or os.environ.get("PERSON_RUN_BASE_URL") or DEFAULT_BASE_URL
        super().__init__(
            api_key=key,
            base_url=url,
            tenant_id=tenant_id,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        self.personas = Personas(self)
        self.timeline = Timeline(self)
        self.prompts = Prompts(self)
        self.jobs = Jobs(self)
        self.sessions = Sessions(self)
        self.safety_policy = SafetyPolicies(self)
        self.skills = Skills(self)
        self.tasks = Tasks(self)
        self.schedules = Schedules(self)
        self.cohorts = Cohorts(self)
        self.populations = Populations(self)
        self.studies = Studies(self)
        self.calibrations = Calibrations(self)
        self.models = Models(self)
        self.analytics = Analytics(self)
        self.keys = Keys(self)
        self.billing = BillingResource(self)
        self.tenants = Tenants(self)
        self.runs = Runs(self)
        self.widget = Widget(self)

    def health(self) -> Health:
        """`GET /health`: the server and each dependency."""
        return self.request("GET", "/health", tenant=False)

    def with_options(
        self,
        *,
        api_key: Optional[str] = None,
        tenant_id: Optional[str] = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
    ) -> "PersonRun":
        """A copy of this client with some settings changed."""
        return PersonRun(
            api_key or self.api_key,
            base_url=self.base_url,
            tenant_id=tenant_id if tenant_id is not None else self.tenant_id,
            timeout=timeout if timeout is not None else self.timeout,
            max_retries=max_retries if max_retries is not None else self.max_retries,
            default_headers=self._default_headers,
        )
