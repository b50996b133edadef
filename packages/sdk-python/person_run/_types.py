"""Response and request shapes, generated from /openapi.json by scripts/generate_types.py. Do not edit."""

# ruff: noqa: E501
from typing import Any, Dict, List, Literal, Optional, TypedDict, Union

ApiKey = TypedDict('ApiKey', {"id": str, "tenantId": str, "name": str, "prefix": str, "profile": Literal['full', 'editor', 'prompt-only', 'read-only'], "instanceAdmin": bool, "createdAt": str, "expiresAt": Optional[str], "revokedAt": Optional[str], "lastUsedAt": Optional[str], "type": Literal['secret', 'publishable'], "personaIds": Optional[List[str]], "allowedOrigins": Optional[List[str]], "rateLimitPerMinute": Optional[int]}, total=False)

ApiKeyList = TypedDict('ApiKeyList', {"keys": List['ApiKey'], "nextCursor": Optional[str]}, total=False)

ApiKeyResponse = TypedDict('ApiKeyResponse', {"key": 'ApiKey'}, total=False)

AppendTimelineEntryRequest = Dict[str, Any]

Billing = TypedDict('Billing', {"tenantId": str, "creditBalance": Optional[float], "limits": 'PlanLimits', "usage": Dict[str, Any]}, total=False)

BillingResponse = TypedDict('BillingResponse', {"billing": 'Billing'}, total=False)

Calibration = TypedDict('Calibration', {"id": str, "tenantId": str, "model": str, "items": List[str], "itemSet": Optional[str], "size": int, "seed": int, "maxConcurrency": int, "skillId": str, "populationId": Optional[str], "populationVersion": Optional[int], "populationReused": bool, "runId": str, "status": Literal['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled'], "stage": Literal['population', 'ask', 'score', 'done'], "error": Optional[Dict[str, Any]], "skill": 'CalibrationSkill', "samplingFloor": Optional[Dict[str, Any]], "simulator": bool, "createdAt": str, "finishedAt": Optional[str]}, total=False)

CalibrationDetail = Dict[str, Any]

CalibrationDistances = TypedDict('CalibrationDistances', {"tvd": Optional[float], "jsd": Optional[float]}, total=False)
# CalibrationDistances: Total variation distance and Jensen–Shannon divergence (base 2)

CalibrationItemScore = TypedDict('CalibrationItemScore', {"id": str, "n": int, "lowN": bool, "tvd": Optional[float], "jsd": Optional[float], "distribution": Optional[Dict[str, float]], "samplingFloor": Dict[str, Any], "invalid": int, "subgroups": List[Dict[str, Any]], "subgroupMean": 'CalibrationDistances', "baselines": Dict[str, Any]}, total=False)

CalibrationListResponse = TypedDict('CalibrationListResponse', {"calibrations": List['Calibration'], "nextCursor": Optional[str]}, total=False)

CalibrationReport = TypedDict('CalibrationReport', {"note": str, "model": str, "simulator": bool, "source": Dict[str, Any], "population": Dict[str, Any], "tasks": Dict[str, Any], "skill": 'CalibrationSkill', "means": Dict[str, Any], "baselines": Dict[str, Any], "cells": Dict[str, Any], "items": List['CalibrationItemScore']}, total=False)
# CalibrationReport: The full report, once done

CalibrationResponse = TypedDict('CalibrationResponse', {"calibration": 'CalibrationDetail'}, total=False)

CalibrationSkill = TypedDict('CalibrationSkill', {"vsUniform": Dict[str, Any], "vsMarginal": Dict[str, Any], "subgroupVsMarginal": Dict[str, Any]}, total=False)
# CalibrationSkill: The headline skill scores, once done

Cohort = TypedDict('Cohort', {"id": str, "tenantId": str, "name": str, "description": Optional[str], "criteria": 'CohortCriteria', "include": List[str], "exclude": List[str], "memberCount": int, "version": int, "createdAt": str, "updatedAt": str}, total=False)

CohortCriteria = TypedDict('CohortCriteria', {"minAge": int, "maxAge": int, "locations": List[str], "occupations": List[str], "genders": List[str], "educations": List[str], "incomeBrackets": List[str], "languages": List[str], "attributes": Dict[str, Union[str, float, bool, List[Union[str, float, bool]]]], "traits": Dict[str, Any]}, total=False)
# CohortCriteria: Every given criterion must hold (AND); a list matches any of its values. `{}` (or none) makes the cohort an explicit list of `include`.

CohortEnvelope = TypedDict('CohortEnvelope', {"cohort": 'Cohort'}, total=False)

CohortList = TypedDict('CohortList', {"cohorts": List['Cohort'], "nextCursor": Optional[str]}, total=False)

CohortMembers = TypedDict('CohortMembers', {"members": List['Persona'], "count": int, "nextCursor": Optional[str]}, total=False)

ConsistencyIssue = TypedDict('ConsistencyIssue', {"type": Literal['timeline_order', 'age_conflict', 'fact_conflict', 'profile_conflict', 'duplicate', 'revision_conflict', 'response_contradiction'], "severity": Literal['low', 'medium', 'high'], "entryIds": List[str], "turnIds": List[str], "message": str, "suggestion": str, "source": Literal['rules', 'llm'], "fix": Dict[str, Any]}, total=False)

ConsistencyReport = TypedDict('ConsistencyReport', {"id": str, "personaId": str, "checkedAt": str, "score": int, "issueCount": int, "issues": List['ConsistencyIssue'], "method": Literal['rules', 'rules+llm']}, total=False)

ConsistencyReportList = TypedDict('ConsistencyReportList', {"reports": List['ConsistencyReport'], "nextCursor": Optional[str]}, total=False)

ConsistencyReportResponse = TypedDict('ConsistencyReportResponse', {"report": 'ConsistencyReport'}, total=False)

CreateApiKeyRequest = TypedDict('CreateApiKeyRequest', {"tenantId": str, "name": str, "profile": Literal['full', 'editor', 'prompt-only', 'read-only'], "expiresAt": str, "type": Literal['secret', 'publishable'], "personaIds": List[str], "allowedOrigins": List[str], "rateLimitPerMinute": int}, total=False)

CreateCalibrationRequest = TypedDict('CreateCalibrationRequest', {"tenantId": str, "model": str, "items": Union[Literal['gss-2024'], List[str]], "size": int, "seed": int, "maxConcurrency": int}, total=False)

CreateCohortRequest = TypedDict('CreateCohortRequest', {"tenantId": str, "name": str, "description": str, "criteria": 'CohortCriteria', "include": List[str], "exclude": List[str]}, total=False)

CreatePersonaRequest = TypedDict('CreatePersonaRequest', {"tenantId": str, "seed": 'PersonaSeed', "model": str}, total=False)

CreatePersonaResponse = TypedDict('CreatePersonaResponse', {"persona": 'Persona', "timeline": List['TimelineEntry']}, total=False)

CreatePopulationBody = TypedDict('CreatePopulationBody', {"tenantId": str, "name": str, "description": str, "cohorts": List['PopulationCohort'], "size": int, "sampling": 'PopulationSampling'}, total=False)

CreateScheduleBody = TypedDict('CreateScheduleBody', {"tenantId": str, "target": 'ScheduleTarget', "name": str, "enabled": bool, "missedRunPolicy": Literal['skip', 'run_once'], "runAt": str, "cron": str, "timezone": str, "startAt": str, "endAt": str, "maxRuns": int}, total=False)

CreateSkillBody = TypedDict('CreateSkillBody', {"tenantId": str, "name": str, "description": str, "instructions": str, "questions": List['Question'], "evaluation": Dict[str, Any], "model": str, "temperature": float}, total=False)

CreateStudyRequest = TypedDict('CreateStudyRequest', {"tenantId": str, "populationId": str, "skillId": str, "name": str, "description": str, "decision": str, "replicates": int, "model": str, "populationVersion": int, "skillVersion": int, "maxConcurrency": int, "budget": 'StudyBudget'}, total=False)

CreateTaskRequest = TypedDict('CreateTaskRequest', {"tenantId": str, "skillId": str, "skillVersion": int, "personaId": str, "variables": Dict[str, Union[str, float, bool]], "model": str, "execute": bool}, total=False)

CreateTenantRequest = TypedDict('CreateTenantRequest', {"id": str, "name": str}, total=False)

CreatedApiKey = TypedDict('CreatedApiKey', {"key": 'ApiKey', "secret": Optional[str], "secretOmitted": str}, total=False)

CreatedCalibrationResponse = TypedDict('CreatedCalibrationResponse', {"calibration": 'Calibration', "run": Dict[str, Any]}, total=False)

CreatedTenant = TypedDict('CreatedTenant', {"tenant": 'Tenant', "key": 'ApiKey', "secret": Optional[str], "secretOmitted": str}, total=False)

Criterion = TypedDict('Criterion', {"name": str, "weight": float, "rule": 'EvaluationRule', "judge": str}, total=False)

DeletedCohort = TypedDict('DeletedCohort', {"deleted": Literal[True], "id": str}, total=False)

DeletedPersona = TypedDict('DeletedPersona', {"deleted": Literal[True], "id": str}, total=False)

DeletedPopulation = TypedDict('DeletedPopulation', {"deleted": Literal[True]}, total=False)

DeletedSafetyPolicy = TypedDict('DeletedSafetyPolicy', {"deleted": Literal[True], "tenantId": str}, total=False)

DeletedSkill = TypedDict('DeletedSkill', {"deleted": Literal[True], "archived": bool}, total=False)

DeletedStudy = TypedDict('DeletedStudy', {"deleted": Literal[True], "id": str}, total=False)

DeletedTask = TypedDict('DeletedTask', {"deleted": Literal[True], "id": str}, total=False)

Error = TypedDict('Error', {"error": str, "code": Literal['bad_request', 'invalid_json', 'validation_error', 'invalid_cursor', 'unauthorized', 'insufficient_credits', 'forbidden', 'usage_limit_exceeded', 'not_found', 'method_not_allowed', 'conflict', 'idempotency_conflict', 'version_conflict', 'persona_not_ready', 'cohort_in_use', 'population_in_use', 'payload_too_large', 'unsupported_media_type', 'blocked_by_policy', 'rate_limited', 'internal_error', 'upstream_error', 'service_unavailable', 'upstream_unavailable', 'upstream_timeout'], "requestId": str, "details": Union[List[Dict[str, Any]], Dict[str, Any]]}, total=False)

Evaluation = TypedDict('Evaluation', {"criteria": List['Criterion'], "passThreshold": float}, total=False)

EvaluationRule = TypedDict('EvaluationRule', {"type": Literal['format_valid', 'must_mention', 'must_not_mention', 'length', 'range'], "questionId": str, "value": Any}, total=False)

EvidenceCategory = TypedDict('EvidenceCategory', {"value": str, "index": Optional[int], "label": Optional[str], "count": int, "proportion": float, "weightedProportion": float}, total=False)

EvidenceGroup = TypedDict('EvidenceGroup', {"dimension": str, "key": str, "label": str, "n": int, "weight": float, "mean": Optional[float], "ci": Optional[Dict[str, Any]], "distribution": List['EvidenceCategory'], "options": List['EvidenceOptionShare'], "ranking": Dict[str, Any], "stats": Optional[Dict[str, Any]], "outliers": Dict[str, Any], "quotes": List['EvidenceQuote'], "themes": List['EvidenceTheme']}, total=False)

EvidenceInterval = TypedDict('EvidenceInterval', {"lower": float, "upper": float}, total=False)
# EvidenceInterval: 95% t interval (R: t.test); null when n < 2

EvidenceOptionShare = TypedDict('EvidenceOptionShare', {"value": str, "index": Optional[int], "count": int, "share": float, "weightedShare": float}, total=False)

EvidenceOutlier = TypedDict('EvidenceOutlier', {"taskId": str, "personaId": str, "name": str, "age": float, "location": str, "value": float, "robustZ": float}, total=False)

EvidenceQuote = TypedDict('EvidenceQuote', {"taskId": str, "personaId": str, "name": str, "age": float, "location": str, "kind": Literal['typical', 'extreme'], "similarity": float, "text": str}, total=False)

EvidenceRankPosition = TypedDict('EvidenceRankPosition', {"value": str, "index": Optional[int], "meanPosition": float, "weightedMeanPosition": float, "n": int}, total=False)

EvidenceTasks = TypedDict('EvidenceTasks', {"total": int, "byState": Dict[str, Any], "answered": int, "failed": int, "errors": List[Dict[str, Any]], "costUsd": float, "credits": float, "tokensIn": int, "tokensOut": int, "scored": int, "passed": int, "meanScore": Optional[float]}, total=False)

EvidenceTest = TypedDict('EvidenceTest', {"dimension": str, "test": Literal['chi_square', 'welch_t', 'mann_whitney', 'kruskal_wallis'], "on": Literal['answer', 'first_choice', 'points'], "groups": List[str], "statistic": Optional[float], "df": Optional[float], "p": Optional[float], "pAdjusted": Optional[float], "significant": bool, "effect": Optional[Dict[str, Any]], "difference": Dict[str, Any], "skipped": Optional[str]}, total=False)

EvidenceTheme = TypedDict('EvidenceTheme', {"label": str, "terms": List[Dict[str, Any]], "size": int, "share": float, "example": Dict[str, Any], "summary": Optional[Dict[str, Any]]}, total=False)

GeneratePopulationBody = TypedDict('GeneratePopulationBody', {"tenantId": str, "name": str, "description": str, "size": int, "targets": Union[str, Dict[str, Any]], "seed": int, "model": str}, total=False)

GeneratedPopulation = TypedDict('GeneratedPopulation', {"population": 'Population', "estimate": 'PopulationEstimate'}, total=False)

GuardrailOutcome = TypedDict('GuardrailOutcome', {"checked": bool, "blocked": bool, "escalated": bool, "reasons": List[str]}, total=False)

Health = TypedDict('Health', {"status": Literal['ok', 'degraded', 'down'], "version": str, "uptimeSeconds": float, "time": str, "checks": Dict[str, Any]}, total=False)

ImportPersonaRequest = TypedDict('ImportPersonaRequest', {"tenantId": str, "document": Dict[str, Any]}, total=False)

ImportSkillBody = TypedDict('ImportSkillBody', {"tenantId": str, "format": Literal['qualtrics', 'typeform'], "document": Any}, total=False)

MemoryUsed = TypedDict('MemoryUsed', {"id": str, "eventLabel": str, "memoryType": str, "reason": str, "score": float}, total=False)

Model = TypedDict('Model', {"slug": str, "name": str, "provider": Literal['person-run', 'openai', 'anthropic', 'gateway', 'compatible'], "contextWindow": Optional[int], "price": 'ModelPrice', "priceKnown": bool, "capabilities": List[str], "configured": bool, "source": Literal['snapshot', 'gateway', 'local', 'config'], "lastSyncedAt": Optional[str]}, total=False)

ModelList = TypedDict('ModelList', {"models": List['Model']}, total=False)

ModelPrice = TypedDict('ModelPrice', {"inputPerMTok": float, "outputPerMTok": float, "cachedInputPerMTok": float, "cacheWriteInputPerMTok": float, "imagePerUnit": float, "toolCallFee": float}, total=False)

ModelPricing = TypedDict('ModelPricing', {"slug": str, "name": str, "provider": Literal['person-run', 'openai', 'anthropic', 'gateway', 'compatible'], "source": Literal['snapshot', 'gateway', 'local', 'config'], "configured": bool, "priceKnown": bool, "inputPerMTok": float, "outputPerMTok": float, "cachedInputPerMTok": float, "cacheWriteInputPerMTok": float, "imagePerUnit": Optional[float], "toolCallFee": float, "promptCredits": float, "referenceCostUsd": float, "referenceCredits": float}, total=False)

ModelPricingMatrix = TypedDict('ModelPricingMatrix', {"models": List['ModelPricing'], "rule": Dict[str, Any], "reference": Dict[str, Any]}, total=False)

ModelResponse = TypedDict('ModelResponse', {"model": 'Model'}, total=False)

ModelsCheck = TypedDict('ModelsCheck', {"status": Literal['ok', 'down'], "default": str, "simulator": bool, "fallback": Optional[str], "providers": Dict[str, Any]}, total=False)

OutputFormat = Dict[str, Any]
# OutputFormat: How the answer is given and parsed: text, likert, single_choice, multi_choice, ranking, numeric or json

Persona = TypedDict('Persona', {"id": str, "tenantId": str, "firstName": str, "lastName": str, "age": int, "location": str, "baseOccupation": str, "summary": str, "gender": Optional[str], "education": Optional[str], "incomeBracket": Optional[str], "household": Optional[str], "languages": List[str], "interests": List[str], "personality": 'PersonalityOverrides', "attributes": Dict[str, Any], "profile": 'PersonaProfile', "profileModel": Optional[str], "profileStatus": Literal['ready', 'pending', 'failed'], "profileRunId": Optional[str], "profileError": Optional[Dict[str, Any]], "version": int, "createdAt": str, "updatedAt": str}, total=False)

PersonaExport = TypedDict('PersonaExport', {"format": Literal['person.run/persona-export'], "formatVersion": Union[Literal[1], Literal[2]], "exportedAt": str, "persona": Dict[str, Any], "timeline": List[Dict[str, Any]], "sessions": List[Dict[str, Any]], "consistencyReports": List[Dict[str, Any]]}, total=False)

PersonaList = TypedDict('PersonaList', {"personas": List['Persona'], "nextCursor": Optional[str]}, total=False)

PersonaProfile = TypedDict('PersonaProfile', {"personality": Dict[str, Any], "values": List[str], "interests": List[str], "communicationStyle": Dict[str, Any], "backstory": str, "goals": List[str], "frustrations": List[str], "domainKnowledge": List[str]}, total=False)
# PersonaProfile: Generated at creation: Big Five personality (0-1), values, interests, communication style, backstory, goals, frustrations, domain knowledge.

PersonaResponse = TypedDict('PersonaResponse', {"persona": 'Persona'}, total=False)

PersonaSeed = TypedDict('PersonaSeed', {"firstName": str, "lastName": str, "age": int, "location": str, "baseOccupation": str, "gender": str, "education": str, "incomeBracket": str, "household": str, "languages": List[str], "interests": List[str], "personality": Dict[str, Any], "attributes": Dict[str, Optional[Union[str, float, bool]]]}, total=False)
# PersonaSeed: Fixed identity of the persona. The five first fields are required.

PersonalityOverrides = TypedDict('PersonalityOverrides', {"openness": float, "conscientiousness": float, "extraversion": float, "agreeableness": float, "neuroticism": float}, total=False)
# PersonalityOverrides: The seed's Big Five overrides, if any

PlanLimits = TypedDict('PlanLimits', {"monthlyPrompts": int, "monthlyTokens": int}, total=False)

Population = TypedDict('Population', {"id": str, "tenantId": str, "name": str, "description": Optional[str], "kind": Literal['composed', 'generated'], "status": Literal['generating', 'ready', 'failed'], "version": int, "size": int, "generated": int, "cohorts": Optional[List[Dict[str, Any]]], "sampling": Optional[Dict[str, Any]], "targets": Optional[Union[str, Dict[str, Dict[str, float]]]], "seed": Optional[float], "model": Optional[str], "runId": Optional[str], "error": Optional[Dict[str, Any]], "fit": 'PopulationFit', "diversity": 'PopulationDiversity', "warnings": List['PopulationWarning'], "createdAt": str, "updatedAt": str}, total=False)

PopulationCohort = TypedDict('PopulationCohort', {"cohortId": str, "weight": float}, total=False)

PopulationDiversity = TypedDict('PopulationDiversity', {"members": int, "effectiveSampleSize": float, "unknown": Dict[str, int], "outsideTargets": Dict[str, int], "marginal": Dict[str, Any], "pairwise": Dict[str, Any], "traits": Dict[str, Any], "duplicates": Dict[str, Any], "warnings": List[str]}, total=False)
# PopulationDiversity: Coverage of the target cells (each variable, and each pair of variables), spread of the Big Five traits, duplicate personas and plain-word warnings: a thin panel shows before it is used (docs/cohorts-and-populations.md)

PopulationEnvelope = TypedDict('PopulationEnvelope', {"population": 'Population'}, total=False)

PopulationEstimate = TypedDict('PopulationEstimate', {"personas": int, "tokensIn": int, "tokensOut": int, "costUsd": float, "credits": float, "model": str}, total=False)
# PopulationEstimate: What writing the profiles may cost at most, before work starts

PopulationFit = TypedDict('PopulationFit', {"rows": List['PopulationFitRow'], "maxDeviation": float, "weightedMaxDeviation": float, "effectiveSampleSize": float, "efficiency": float}, total=False)
# PopulationFit: The current version's fit (generated populations)

PopulationFitRow = TypedDict('PopulationFitRow', {"variable": str, "category": str, "target": float, "achieved": float, "deviation": float, "weightedAchieved": float, "weightedDeviation": float}, total=False)

PopulationList = TypedDict('PopulationList', {"populations": List['Population'], "nextCursor": Optional[str]}, total=False)

PopulationMember = TypedDict('PopulationMember', {"personaId": str, "weight": float, "cohortId": Optional[str], "persona": Dict[str, Any], "deleted": bool, "snapshot": 'PopulationMemberSnapshot'}, total=False)

PopulationMemberSnapshot = TypedDict('PopulationMemberSnapshot', {"firstName": str, "lastName": str, "age": int, "location": str, "baseOccupation": str}, total=False)
# PopulationMemberSnapshot: Who the persona was when the version was made

PopulationMembers = TypedDict('PopulationMembers', {"members": List['PopulationMember'], "nextCursor": Optional[str]}, total=False)

PopulationSampling = TypedDict('PopulationSampling', {"rule": Literal['all', 'quota'], "seed": int}, total=False)

PopulationVersion = TypedDict('PopulationVersion', {"populationId": str, "version": int, "createdAt": str, "size": int, "fit": 'PopulationFit', "diversity": 'PopulationDiversity', "composition": Dict[str, Any], "warnings": List['PopulationWarning']}, total=False)

PopulationVersionEnvelope = TypedDict('PopulationVersionEnvelope', {"version": 'PopulationVersion', "created": bool}, total=False)

PopulationVersionSummary = TypedDict('PopulationVersionSummary', {"version": int, "createdAt": str, "size": int}, total=False)

PopulationVersions = TypedDict('PopulationVersions', {"versions": List['PopulationVersionSummary']}, total=False)

PopulationWarning = Dict[str, Any]

PromptJob = TypedDict('PromptJob', {"id": str, "status": Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'], "personaId": str, "sessionId": str, "result": 'PromptResult', "error": Dict[str, Any], "attempts": int, "createdAt": str, "startedAt": Optional[str], "finishedAt": Optional[str]}, total=False)

PromptJobAccepted = TypedDict('PromptJobAccepted', {"jobId": str, "status": Literal['queued'], "sessionId": str}, total=False)

PromptJobResponse = TypedDict('PromptJobResponse', {"job": 'PromptJob'}, total=False)

PromptRequest = TypedDict('PromptRequest', {"tenantId": str, "personaId": str, "userPrompt": str, "sessionId": str, "model": str, "temperature": float, "maxTokens": int, "skillId": str, "metadata": Dict[str, Any], "mode": Literal['sync', 'async']}, total=False)

PromptResult = TypedDict('PromptResult', {"prompt": str, "response": str, "sessionId": str, "modelName": str, "tokensIn": int, "cachedTokensIn": int, "tokensOut": int, "latencyMs": int, "turnId": str, "model": str, "costUsd": float, "credits": float, "memoriesUsed": List['MemoryUsed'], "guardrail": 'GuardrailOutcome'}, total=False)

PromptSession = TypedDict('PromptSession', {"id": str, "personaId": str, "status": Literal['active', 'escalated'], "turnCount": int, "createdAt": str, "lastActivityAt": str, "lastPrompt": Optional[str]}, total=False)

PromptSessionDetail = TypedDict('PromptSessionDetail', {"session": 'PromptSession', "turns": List['PromptTurn']}, total=False)

PromptSessionList = TypedDict('PromptSessionList', {"sessions": List['PromptSession'], "nextCursor": Optional[str]}, total=False)

PromptStreamDoneEvent = TypedDict('PromptStreamDoneEvent', {"prompt": str, "response": str, "sessionId": str, "modelName": str, "tokensIn": int, "cachedTokensIn": int, "tokensOut": int, "latencyMs": int, "turnId": str, "model": str, "costUsd": float, "credits": float, "memoriesUsed": List['MemoryUsed'], "guardrail": 'GuardrailOutcome'}, total=False)
# PromptStreamDoneEvent: Last event of a finished answer: the recorded turn, as `POST /personas/prompt` answers it

PromptStreamErrorEvent = TypedDict('PromptStreamErrorEvent', {"error": str, "code": Literal['bad_request', 'invalid_json', 'validation_error', 'invalid_cursor', 'unauthorized', 'insufficient_credits', 'forbidden', 'usage_limit_exceeded', 'not_found', 'method_not_allowed', 'conflict', 'idempotency_conflict', 'version_conflict', 'persona_not_ready', 'cohort_in_use', 'population_in_use', 'payload_too_large', 'unsupported_media_type', 'blocked_by_policy', 'rate_limited', 'internal_error', 'upstream_error', 'service_unavailable', 'upstream_unavailable', 'upstream_timeout'], "requestId": str, "details": Union[List[Dict[str, Any]], Dict[str, Any]]}, total=False)
# PromptStreamErrorEvent: Generation failed after it started (or an answer was blocked); the stream closes after it

PromptStreamReadyEvent = TypedDict('PromptStreamReadyEvent', {"startedAt": str}, total=False)
# PromptStreamReadyEvent: First event: the request was accepted and generation starts

PromptStreamTokenEvent = TypedDict('PromptStreamTokenEvent', {"delta": str}, total=False)
# PromptStreamTokenEvent: A piece of the answer; the deltas joined are `done.response`

PromptTurn = TypedDict('PromptTurn', {"id": str, "seq": int, "prompt": str, "response": str, "status": Literal['completed', 'partial'], "mode": Literal['sync', 'async', 'stream'], "model": str, "modelName": str, "tokensIn": int, "cachedTokensIn": int, "tokensOut": int, "costUsd": float, "credits": float, "latencyMs": int, "memoriesUsed": List['MemoryUsed'], "metadata": Optional[Dict[str, Any]], "createdAt": str}, total=False)

ProviderCheck = TypedDict('ProviderCheck', {"status": Literal['ok', 'down'], "latencyMs": float, "error": str}, total=False)

PutBillingRequest = TypedDict('PutBillingRequest', {"tenantId": str, "creditBalance": Optional[float], "limits": 'PlanLimits'}, total=False)

Question = TypedDict('Question', {"id": str, "text": str, "outputFormat": 'OutputFormat', "followUps": List[str]}, total=False)

QuestionEvidence = TypedDict('QuestionEvidence', {"questionId": str, "text": str, "type": Literal['text', 'likert', 'single_choice', 'multi_choice', 'ranking', 'numeric', 'json'], "answered": int, "invalid": int, "missing": int, "overall": 'EvidenceGroup', "groups": List['EvidenceGroup'], "tests": List['EvidenceTest']}, total=False)

ReconcileJob = TypedDict('ReconcileJob', {"id": str, "personaId": str, "reportId": Optional[str], "status": Literal['queued', 'running', 'succeeded', 'failed', 'cancelled'], "applied": List[Dict[str, Any]], "error": Optional[str], "createdAt": str, "finishedAt": Optional[str]}, total=False)

ReconcileJobResponse = TypedDict('ReconcileJobResponse', {"job": 'ReconcileJob'}, total=False)

ReconcileRequest = TypedDict('ReconcileRequest', {"tenantId": str, "reportId": str}, total=False)

Run = TypedDict('Run', {"id": str, "kind": str, "parentId": Optional[str], "state": Literal['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled'], "phase": Literal['execute', 'wait', 'finalize'], "attempts": int, "maxAttempts": int, "deadLetter": bool, "nextAttemptAt": Optional[str], "result": Any, "error": 'RunError', "progress": 'RunProgress', "children": Dict[str, Any], "costUsd": float, "credits": float, "createdAt": str, "startedAt": Optional[str], "finishedAt": Optional[str], "updatedAt": str}, total=False)

RunChildrenEvent = TypedDict('RunChildrenEvent', {"total": int, "succeeded": int, "failed": int, "cancelled": int}, total=False)
# RunChildrenEvent: The run's children, counted as they finish

RunEndEvent = TypedDict('RunEndEvent', {"run": 'Run'}, total=False)
# RunEndEvent: Last event: the run has finished; the stream closes after it

RunEnvelope = TypedDict('RunEnvelope', {"run": 'Run'}, total=False)

RunError = TypedDict('RunError', {"error": str, "code": str}, total=False)

RunList = TypedDict('RunList', {"runs": List['Run'], "nextCursor": Optional[str]}, total=False)

RunProgress = TypedDict('RunProgress', {"done": float, "total": float, "message": str}, total=False)

RunStateEvent = TypedDict('RunStateEvent', {"state": Literal['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled'], "attempt": int, "phase": Literal['finalize'], "retryInMs": float, "deadLetter": bool, "retried": bool, "error": 'RunError'}, total=False)
# RunStateEvent: The run changed state (`attempt` is the attempt it concerns)

SafetyPolicy = TypedDict('SafetyPolicy', {"tenantId": str, "blockedTerms": List[str], "allowPii": bool, "toxicityThreshold": float, "promptGuards": List[str], "escalationKeywords": List[str], "topicBoundaries": Dict[str, Any], "refusalMessage": str, "escalationWebhookUrl": Optional[str], "escalationWebhookSecret": Optional[str], "isDefault": bool, "redacted": List[str], "updatedAt": Optional[str]}, total=False)

SafetyPolicyRequest = TypedDict('SafetyPolicyRequest', {"tenantId": str, "blockedTerms": List[str], "allowPii": bool, "toxicityThreshold": float, "promptGuards": List[str], "escalationKeywords": List[str], "topicBoundaries": Dict[str, Any], "refusalMessage": str, "escalationWebhookUrl": str}, total=False)

SafetyPolicyResponse = TypedDict('SafetyPolicyResponse', {"policyPack": 'SafetyPolicy'}, total=False)

Schedule = TypedDict('Schedule', {"id": str, "name": Optional[str], "target": 'ScheduleTarget', "runAt": Optional[str], "cron": Optional[str], "timezone": Optional[str], "startAt": Optional[str], "endAt": Optional[str], "maxRuns": Optional[int], "enabled": bool, "missedRunPolicy": Literal['skip', 'run_once'], "nextRunAt": Optional[str], "runCount": int, "lastRunAt": Optional[str], "createdAt": str, "updatedAt": str}, total=False)

ScheduleEnvelope = TypedDict('ScheduleEnvelope', {"schedule": 'Schedule'}, total=False)

ScheduleExecution = TypedDict('ScheduleExecution', {"id": str, "scheduleId": str, "scheduledFor": str, "firedAt": str, "status": Literal['started', 'skipped', 'failed'], "reason": Optional[str], "missed": Optional[int], "runId": Optional[str], "target": 'ScheduleTarget', "manual": bool, "detail": Optional[Dict[str, Any]]}, total=False)

ScheduleExecutionList = TypedDict('ScheduleExecutionList', {"executions": List['ScheduleExecution'], "nextCursor": Optional[str]}, total=False)

ScheduleList = TypedDict('ScheduleList', {"schedules": List['Schedule'], "nextCursor": Optional[str]}, total=False)

SchedulePreview = TypedDict('SchedulePreview', {"runs": List[str]}, total=False)

ScheduleTarget = TypedDict('ScheduleTarget', {"type": Literal['task', 'study'], "id": str}, total=False)

ScheduleTriggered = TypedDict('ScheduleTriggered', {"schedule": 'Schedule', "execution": 'ScheduleExecution'}, total=False)

Skill = TypedDict('Skill', {"id": str, "tenantId": str, "name": str, "description": Optional[str], "instructions": str, "questions": List['Question'], "evaluation": 'Evaluation', "model": Optional[str], "temperature": Optional[float], "version": int, "createdAt": str, "updatedAt": str, "archivedAt": Optional[str]}, total=False)

SkillEnvelope = TypedDict('SkillEnvelope', {"skill": 'Skill'}, total=False)

SkillImport = TypedDict('SkillImport', {"skill": 'Skill', "unsupported": List[Dict[str, Any]]}, total=False)

SkillList = TypedDict('SkillList', {"skills": List['Skill'], "nextCursor": Optional[str]}, total=False)

SkillVersion = TypedDict('SkillVersion', {"version": int, "createdAt": str, "name": str}, total=False)

SkillVersions = TypedDict('SkillVersions', {"versions": List['SkillVersion']}, total=False)

SnapshotPopulationBody = TypedDict('SnapshotPopulationBody', {"tenantId": str}, total=False)

StreamPromptRequest = TypedDict('StreamPromptRequest', {"tenantId": str, "personaId": str, "userPrompt": str, "sessionId": str, "model": str, "temperature": float, "maxTokens": int, "skillId": str, "metadata": Dict[str, Any], "mode": Literal['stream']}, total=False)

Study = TypedDict('Study', {"id": str, "tenantId": str, "name": str, "description": Optional[str], "decision": Optional[str], "populationId": str, "populationVersion": Optional[int], "skillId": str, "skillVersion": Optional[int], "replicates": int, "model": Optional[str], "maxConcurrency": int, "budget": Optional[Dict[str, Any]], "version": int, "createdAt": str, "updatedAt": str}, total=False)

StudyBudget = TypedDict('StudyBudget', {"maxCredits": float, "maxUsd": float}, total=False)
# StudyBudget: Budget of each scheduled run

StudyEvidence = TypedDict('StudyEvidence', {"seed": int, "bootstrapResamples": int, "weighted": bool, "groupBy": List[str], "tasks": 'EvidenceTasks', "questions": List['QuestionEvidence'], "testCount": int, "ignoredAnswers": int}, total=False)

StudyList = TypedDict('StudyList', {"studies": List['Study'], "nextCursor": Optional[str]}, total=False)

StudyPlan = TypedDict('StudyPlan', {"populationVersion": int, "skillVersion": int, "members": int, "replicates": int, "tasks": int, "turnsPerTask": int, "model": str, "estimate": Dict[str, Any], "durationSeconds": Dict[str, Any]}, total=False)

StudyPlanResponse = TypedDict('StudyPlanResponse', {"plan": 'StudyPlan'}, total=False)

StudyResponse = TypedDict('StudyResponse', {"study": 'Study'}, total=False)

StudyResultsResponse = TypedDict('StudyResultsResponse', {"results": 'StudyEvidence'}, total=False)

StudyRun = TypedDict('StudyRun', {"id": str, "studyId": str, "status": Literal['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled'], "populationId": str, "populationVersion": Optional[int], "skillId": str, "skillVersion": Optional[int], "model": Optional[str], "replicates": int, "maxConcurrency": int, "sample": Optional[int], "seed": int, "budget": Optional[Dict[str, Any]], "stopWhen": Optional[Dict[str, Any]], "plan": Dict[str, Any], "counts": Dict[str, Any], "costUsd": float, "credits": float, "stoppedEarly": bool, "stopReason": Optional[str], "stopCode": Optional[Literal['budget', 'converged']], "eta": Optional[Dict[str, Any]], "error": Optional[Dict[str, Any]], "scheduleId": Optional[str], "createdAt": str, "startedAt": Optional[str], "finishedAt": Optional[str]}, total=False)

StudyRunAggregateEvent = TypedDict('StudyRunAggregateEvent', {"completed": int, "costUsd": float, "credits": float, "eta": Optional[Dict[str, Any]], "distributions": Dict[str, Dict[str, float]]}, total=False)
# StudyRunAggregateEvent: Partial aggregates, at most once a second while tasks end

StudyRunControlRequest = TypedDict('StudyRunControlRequest', {"tenantId": str, "action": Literal['pause', 'resume', 'cancel']}, total=False)

StudyRunEndEvent = TypedDict('StudyRunEndEvent', {"run": 'StudyRun'}, total=False)
# StudyRunEndEvent: Last event: the run has finished; the stream closes after it

StudyRunList = TypedDict('StudyRunList', {"runs": List['StudyRun'], "nextCursor": Optional[str]}, total=False)

StudyRunRequest = TypedDict('StudyRunRequest', {"tenantId": str, "maxConcurrency": int, "dryRun": bool, "budget": Dict[str, Any], "seed": int, "stopWhen": Dict[str, Any], "sample": int, "replicates": int}, total=False)

StudyRunResponse = TypedDict('StudyRunResponse', {"run": 'StudyRun'}, total=False)

StudyRunStateEvent = TypedDict('StudyRunStateEvent', {"state": str, "attempt": int}, total=False)
# StudyRunStateEvent: The run changed state

StudyRunTasksEvent = TypedDict('StudyRunTasksEvent', {"total": int, "succeeded": int, "failed": int, "cancelled": int}, total=False)
# StudyRunTasksEvent: A task ended: the running totals

StudyTrend = TypedDict('StudyTrend', {"studyId": str, "runs": int, "questions": List[Dict[str, Any]]}, total=False)

StudyTrendResponse = TypedDict('StudyTrendResponse', {"trend": 'StudyTrend'}, total=False)

SupersedeResult = TypedDict('SupersedeResult', {"superseded": Dict[str, Any], "entry": Dict[str, Any]}, total=False)

SupersedeTimelineEntryRequest = TypedDict('SupersedeTimelineEntryRequest', {"tenantId": str, "reason": str, "replacement": 'TimelineReplacement'}, total=False)

Task = TypedDict('Task', {"id": str, "tenantId": str, "skillId": str, "skillVersion": int, "personaId": str, "variables": Dict[str, Any], "model": str, "status": Literal['pending', 'queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled'], "attempt": int, "runId": Optional[str], "sessionId": Optional[str], "scheduleId": Optional[str], "createdAt": str, "startedAt": Optional[str], "finishedAt": Optional[str], "error": Optional[str], "errorCode": Optional[str]}, total=False)

TaskControlRequest = TypedDict('TaskControlRequest', {"tenantId": str, "action": Literal['pause', 'resume', 'cancel']}, total=False)

TaskExecuteRequest = TypedDict('TaskExecuteRequest', {"tenantId": str}, total=False)

TaskList = TypedDict('TaskList', {"tasks": List['Task'], "nextCursor": Optional[str]}, total=False)

TaskResponse = TypedDict('TaskResponse', {"task": 'Task'}, total=False)

TaskResult = TypedDict('TaskResult', {"questionId": str, "raw": str, "parsed": Any, "valid": bool, "error": str, "asks": int, "followUps": List[Dict[str, Any]]}, total=False)

TaskResults = TypedDict('TaskResults', {"attempt": int, "results": List['TaskResult']}, total=False)

TaskScores = TypedDict('TaskScores', {"criteria": List[Dict[str, Any]], "total": float, "passed": bool}, total=False)
# TaskScores: null before the attempt's evaluation, or when the skill has no rubric

TaskScoresResponse = TypedDict('TaskScoresResponse', {"attempt": int, "scores": 'TaskScores'}, total=False)

TaskTurn = TypedDict('TaskTurn', {"id": str, "seq": int, "attempt": Optional[int], "questionId": Optional[str], "ask": Optional[Union[int, Literal['follow_up']]], "prompt": str, "response": str, "model": str, "tokensIn": int, "tokensOut": int, "costUsd": float, "credits": float, "createdAt": str}, total=False)

TaskTurns = TypedDict('TaskTurns', {"turns": List['TaskTurn']}, total=False)

Tenant = TypedDict('Tenant', {"id": str, "name": str, "createdAt": str}, total=False)

TenantList = TypedDict('TenantList', {"tenants": List['Tenant'], "nextCursor": Optional[str]}, total=False)

TimelineEntry = TypedDict('TimelineEntry', {"id": str, "personaId": str, "eventAt": str, "eventLabel": str, "facts": str, "feelings": str, "interpretation": str, "emotionTags": List[str], "memoryType": Literal['normal', 'pride', 'shame', 'repressed', 'revised', 'exaggerated'], "memoryStrength": int, "effectiveStrength": float, "metadata": Optional[Dict[str, Any]], "status": Literal['active', 'superseded'], "supersedes": Optional[str], "supersededBy": Optional[str], "supersededAt": Optional[str], "supersedeReason": Optional[str], "recallCount": int, "lastRecalledAt": Optional[str], "createdAt": str}, total=False)

TimelineEntryInput = TypedDict('TimelineEntryInput', {"eventAt": str, "eventLabel": str, "facts": str, "feelings": str, "interpretation": str, "emotionTags": List[str], "memoryType": Literal['normal', 'pride', 'shame', 'repressed', 'revised', 'exaggerated'], "memoryStrength": int, "metadata": Dict[str, Any]}, total=False)

TimelineEntryResponse = TypedDict('TimelineEntryResponse', {"entry": 'TimelineEntry'}, total=False)

TimelinePage = TypedDict('TimelinePage', {"timeline": List['TimelineEntry'], "nextCursor": Optional[str]}, total=False)

TimelineReplacement = TypedDict('TimelineReplacement', {"eventAt": str, "eventLabel": str, "facts": str, "feelings": str, "interpretation": str, "emotionTags": List[str], "memoryType": Literal['normal', 'pride', 'shame', 'repressed', 'revised', 'exaggerated'], "memoryStrength": int, "metadata": Dict[str, Any]}, total=False)
# TimelineReplacement: The corrected memory; fields not given are copied from the original.

TopUpRequest = TypedDict('TopUpRequest', {"tenantId": str, "credits": float}, total=False)

TraitRange = TypedDict('TraitRange', {"min": float, "max": float}, total=False)
# TraitRange: Inclusive bounds on a Big Five trait (0-1)

UpdateCohortRequest = TypedDict('UpdateCohortRequest', {"tenantId": str, "version": int, "name": str, "description": Optional[str], "criteria": Dict[str, Any], "include": List[str], "exclude": List[str]}, total=False)

UpdatePersonaRequest = TypedDict('UpdatePersonaRequest', {"tenantId": str, "version": int, "firstName": str, "lastName": str, "age": int, "location": str, "baseOccupation": str, "gender": Optional[str], "education": Optional[str], "incomeBracket": Optional[str], "household": Optional[str], "languages": List[str], "interests": List[str], "personality": Dict[str, Any], "attributes": Dict[str, Optional[Union[str, float, bool]]]}, total=False)

UpdatePopulationBody = TypedDict('UpdatePopulationBody', {"tenantId": str, "name": str, "description": Optional[str], "cohorts": List['PopulationCohort'], "size": Optional[int], "sampling": 'PopulationSampling'}, total=False)
# UpdatePopulationBody: Name and description change in place. A change of cohorts, weights, size or sampling makes version n+1 (composed populations only).

UpdateScheduleBody = TypedDict('UpdateScheduleBody', {"tenantId": str, "target": 'ScheduleTarget', "name": Optional[str], "enabled": bool, "missedRunPolicy": Literal['skip', 'run_once'], "runAt": str, "cron": str, "timezone": str, "startAt": Optional[str], "endAt": Optional[str], "maxRuns": Optional[int]}, total=False)

UpdateSkillBody = TypedDict('UpdateSkillBody', {"tenantId": str, "name": str, "description": Optional[str], "instructions": str, "questions": List['Question'], "evaluation": Dict[str, Any], "model": Optional[str], "temperature": Optional[float]}, total=False)
# UpdateSkillBody: Fields to change (others stay; null clears an optional one). The merged definition is validated as a whole and saved as the next version; an update that changes nothing makes no version.

UpdateStudyRequest = TypedDict('UpdateStudyRequest', {"tenantId": str, "name": str, "description": Optional[str], "decision": Optional[str], "replicates": int, "model": Optional[str], "populationVersion": Optional[int], "skillVersion": Optional[int], "maxConcurrency": int, "budget": Optional[Dict[str, Any]], "version": int}, total=False)

UsageEvent = TypedDict('UsageEvent', {"id": str, "event": str, "keyId": Optional[str], "requestId": Optional[str], "payload": Dict[str, Any], "createdAt": str}, total=False)

UsageEventList = TypedDict('UsageEventList', {"events": List['UsageEvent'], "nextCursor": Optional[str]}, total=False)

UsageReport = TypedDict('UsageReport', {"from": str, "to": str, "granularity": Literal['day', 'week', 'month'], "timezone": str, "groupBy": Optional[Literal['event', 'model', 'persona', 'key']], "usage": List['UsageRow'], "totals": Dict[str, Any], "dashboard": Dict[str, Any]}, total=False)

UsageRow = TypedDict('UsageRow', {"period": str, "periodStart": str, "event": str, "model": Optional[str], "personaId": Optional[str], "keyId": Optional[str], "count": float, "tokensIn": float, "tokensOut": float, "cachedTokensIn": float, "costUsd": float, "credits": float}, total=False)

WidgetConfig = TypedDict('WidgetConfig', {"persona": Dict[str, Any], "theme": 'WidgetTheme'}, total=False)

WidgetDone = TypedDict('WidgetDone', {"sessionId": str, "response": str}, total=False)

WidgetPromptRequest = TypedDict('WidgetPromptRequest', {"personaId": str, "message": str, "sessionId": str}, total=False)

WidgetStreamEvent = Dict[str, Any]

WidgetTheme = TypedDict('WidgetTheme', {"color": str, "position": Literal['left', 'right'], "title": str, "greeting": str}, total=False)
# WidgetTheme: Defaults; the page's data attributes and JS API override them

__all__ = ["ApiKey", "ApiKeyList", "ApiKeyResponse", "AppendTimelineEntryRequest", "Billing", "BillingResponse", "Calibration", "CalibrationDetail", "CalibrationDistances", "CalibrationItemScore", "CalibrationListResponse", "CalibrationReport", "CalibrationResponse", "CalibrationSkill", "Cohort", "CohortCriteria", "CohortEnvelope", "CohortList", "CohortMembers", "ConsistencyIssue", "ConsistencyReport", "ConsistencyReportList", "ConsistencyReportResponse", "CreateApiKeyRequest", "CreateCalibrationRequest", "CreateCohortRequest", "CreatePersonaRequest", "CreatePersonaResponse", "CreatePopulationBody", "CreateScheduleBody", "CreateSkillBody", "CreateStudyRequest", "CreateTaskRequest", "CreateTenantRequest", "CreatedApiKey", "CreatedCalibrationResponse", "CreatedTenant", "Criterion", "DeletedCohort", "DeletedPersona", "DeletedPopulation", "DeletedSafetyPolicy", "DeletedSkill", "DeletedStudy", "DeletedTask", "Error", "Evaluation", "EvaluationRule", "EvidenceCategory", "EvidenceGroup", "EvidenceInterval", "EvidenceOptionShare", "EvidenceOutlier", "EvidenceQuote", "EvidenceRankPosition", "EvidenceTasks", "EvidenceTest", "EvidenceTheme", "GeneratePopulationBody", "GeneratedPopulation", "GuardrailOutcome", "Health", "ImportPersonaRequest", "ImportSkillBody", "MemoryUsed", "Model", "ModelList", "ModelPrice", "ModelPricing", "ModelPricingMatrix", "ModelResponse", "ModelsCheck", "OutputFormat", "Persona", "PersonaExport", "PersonaList", "PersonaProfile", "PersonaResponse", "PersonaSeed", "PersonalityOverrides", "PlanLimits", "Population", "PopulationCohort", "PopulationDiversity", "PopulationEnvelope", "PopulationEstimate", "PopulationFit", "PopulationFitRow", "PopulationList", "PopulationMember", "PopulationMemberSnapshot", "PopulationMembers", "PopulationSampling", "PopulationVersion", "PopulationVersionEnvelope", "PopulationVersionSummary", "PopulationVersions", "PopulationWarning", "PromptJob", "PromptJobAccepted", "PromptJobResponse", "PromptRequest", "PromptResult", "PromptSession", "PromptSessionDetail", "PromptSessionList", "PromptStreamDoneEvent", "PromptStreamErrorEvent", "PromptStreamReadyEvent", "PromptStreamTokenEvent", "PromptTurn", "ProviderCheck", "PutBillingRequest", "Question", "QuestionEvidence", "ReconcileJob", "ReconcileJobResponse", "ReconcileRequest", "Run", "RunChildrenEvent", "RunEndEvent", "RunEnvelope", "RunError", "RunList", "RunProgress", "RunStateEvent", "SafetyPolicy", "SafetyPolicyRequest", "SafetyPolicyResponse", "Schedule", "ScheduleEnvelope", "ScheduleExecution", "ScheduleExecutionList", "ScheduleList", "SchedulePreview", "ScheduleTarget", "ScheduleTriggered", "Skill", "SkillEnvelope", "SkillImport", "SkillList", "SkillVersion", "SkillVersions", "SnapshotPopulationBody", "StreamPromptRequest", "Study", "StudyBudget", "StudyEvidence", "StudyList", "StudyPlan", "StudyPlanResponse", "StudyResponse", "StudyResultsResponse", "StudyRun", "StudyRunAggregateEvent", "StudyRunControlRequest", "StudyRunEndEvent", "StudyRunList", "StudyRunRequest", "StudyRunResponse", "StudyRunStateEvent", "StudyRunTasksEvent", "StudyTrend", "StudyTrendResponse", "SupersedeResult", "SupersedeTimelineEntryRequest", "Task", "TaskControlRequest", "TaskExecuteRequest", "TaskList", "TaskResponse", "TaskResult", "TaskResults", "TaskScores", "TaskScoresResponse", "TaskTurn", "TaskTurns", "Tenant", "TenantList", "TimelineEntry", "TimelineEntryInput", "TimelineEntryResponse", "TimelinePage", "TimelineReplacement", "TopUpRequest", "TraitRange", "UpdateCohortRequest", "UpdatePersonaRequest", "UpdatePopulationBody", "UpdateScheduleBody", "UpdateSkillBody", "UpdateStudyRequest", "UsageEvent", "UsageEventList", "UsageReport", "UsageRow", "WidgetConfig", "WidgetDone", "WidgetPromptRequest", "WidgetStreamEvent", "WidgetTheme"]
