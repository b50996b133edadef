"""Resource classes, one per area of the API; `PersonRun` holds one of each."""

from .personas import Personas, Timeline
from .platform import Analytics, BillingResource, Keys, Models, Runs, Tenants
from .prompting import Jobs, Prompts, SafetyPolicies, Sessions
from .research import Cohorts, Populations, Schedules, Skills, Tasks
from .studies import Calibrations, Studies, StudyCsv, StudyResults, StudyRuns
from .widget import Widget

__all__ = [
    "Analytics",
    "BillingResource",
    "Calibrations",
    "Cohorts",
    "Jobs",
    "Keys",
    "Models",
    "Personas",
    "Populations",
    "Prompts",
    "Runs",
    "SafetyPolicies",
    "Schedules",
    "Sessions",
    "Skills",
    "Studies",
    "StudyCsv",
    "StudyResults",
    "StudyRuns",
    "Tasks",
    "Tenants",
    "Timeline",
    "Widget",
]
