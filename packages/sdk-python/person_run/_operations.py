"""Every operationId of /openapi.json and the SDK method that calls it (`client.<path>`).

The coverage test reads the live server's spec and fails for an operation missing here, and for an
entry here whose method does not exist on a client.
"""

from typing import Dict

__all__ = ["OPERATIONS"]

OPERATIONS: Dict[str, str] = {
    # Prompting
    "promptPersona": "prompts.create",
    "streamPersonaPrompt": "prompts.stream",
    "getPromptJob": "jobs.retrieve",
    "cancelPromptJob": "jobs.cancel",
    "listPromptSessions": "sessions.list",
    "getPromptSession": "sessions.retrieve",
    # Guardrails
    "getSafetyPolicy": "safety_policy.retrieve",
    "setSafetyPolicy": "safety_policy.update",
    "deleteSafetyPolicy": "safety_policy.delete",
    # Personas
    "createPersona": "personas.create",
    "listPersonas": "personas.list",
    "getPersona": "personas.retrieve",
    "updatePersona": "personas.update",
    "deletePersona": "personas.delete",
    "exportPersona": "personas.export",
    "importPersona": "personas.import_",
    # Timeline & memory
    "listTimelineEntries": "timeline.list",
    "appendTimelineEntry": "timeline.append",
    "supersedeTimelineEntry": "timeline.supersede",
    "checkPersonaConsistency": "timeline.check_consistency",
    "listConsistencyReports": "timeline.list_consistency_reports",
    "reconcileTimeline": "timeline.reconcile",
    "getReconcileJob": "timeline.retrieve_reconcile_job",
    # Billing
    "getBilling": "billing.retrieve",
    "setBilling": "billing.update",
    "topUpCredits": "billing.top_up",
    # Models
    "listModels": "models.list",
    "getModelPricing": "models.pricing",
    "getModel": "models.retrieve",
    # API keys
    "createApiKey": "keys.create",
    "listApiKeys": "keys.list",
    "getApiKey": "keys.retrieve",
    "revokeApiKey": "keys.revoke",
    # Tenants
    "createTenant": "tenants.create",
    "listTenants": "tenants.list",
    # System
    "getHealth": "health",
    # Analytics
    "listUsageEvents": "analytics.list_events",
    "getUsage": "analytics.usage",
    "exportUsageEvents": "analytics.export",
    # Runs
    "listRuns": "runs.list",
    "getRun": "runs.retrieve",
    "pauseRun": "runs.pause",
    "resumeRun": "runs.resume",
    "cancelRun": "runs.cancel",
    "retryRun": "runs.retry",
    "followRunEvents": "runs.events",
    # Schedules
    "listSchedules": "schedules.list",
    "createSchedule": "schedules.create",
    "getSchedule": "schedules.retrieve",
    "updateSchedule": "schedules.update",
    "deleteSchedule": "schedules.delete",
    "triggerSchedule": "schedules.trigger",
    "listScheduleExecutions": "schedules.list_executions",
    "previewSchedule": "schedules.preview",
    # Skills
    "listSkills": "skills.list",
    "createSkill": "skills.create",
    "importSkill": "skills.import_",
    "getSkill": "skills.retrieve",
    "updateSkill": "skills.update",
    "deleteSkill": "skills.delete",
    "listSkillVersions": "skills.list_versions",
    # Tasks
    "createTask": "tasks.create",
    "listTasks": "tasks.list",
    "getTask": "tasks.retrieve",
    "deleteTask": "tasks.delete",
    "controlTask": "tasks.control",
    "executeTask": "tasks.execute",
    "getTaskResults": "tasks.results",
    "getTaskTurns": "tasks.turns",
    "getTaskScores": "tasks.scores",
    # Cohorts
    "listCohorts": "cohorts.list",
    "createCohort": "cohorts.create",
    "getCohort": "cohorts.retrieve",
    "updateCohort": "cohorts.update",
    "deleteCohort": "cohorts.delete",
    "listCohortMembers": "cohorts.list_members",
    # Populations
    "listPopulations": "populations.list",
    "createPopulation": "populations.create",
    "generatePopulation": "populations.generate",
    "getPopulation": "populations.retrieve",
    "updatePopulation": "populations.update",
    "deletePopulation": "populations.delete",
    "listPopulationVersions": "populations.list_versions",
    "snapshotPopulation": "populations.snapshot",
    "getPopulationVersion": "populations.retrieve_version",
    "listPopulationMembers": "populations.list_members",
    # Studies
    "createStudy": "studies.create",
    "listStudies": "studies.list",
    "getStudy": "studies.retrieve",
    "updateStudy": "studies.update",
    "deleteStudy": "studies.delete",
    "runStudy": "studies.runs.create",
    "listStudyRuns": "studies.runs.list",
    "getStudyRun": "studies.runs.retrieve",
    "controlStudyRun": "studies.runs.control",
    "getStudyTrend": "studies.trend",
    "getStudyRunResults": "studies.runs.results",
    "exportStudyRunCsv": "studies.runs.export_csv",
    "exportStudyRunNdjson": "studies.runs.export_ndjson",
    "followStudyRun": "studies.runs.events",
    # Calibrations
    "createCalibration": "calibrations.create",
    "listCalibrations": "calibrations.list",
    "getCalibration": "calibrations.retrieve",
    # The embed widget (a publishable key and an origin)
    "getWidgetConfig": "widget.config",
    "streamWidgetPrompt": "widget.stream",
}
