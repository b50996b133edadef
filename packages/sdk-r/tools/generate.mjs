#!/usr/bin/env node
// Writes R/operations.R (operationId -> function table), R/endpoints.R (one function per operation) and
// man/endpoints-*.Rd from /openapi.json. Run from packages/sdk-r:
//   node tools/generate.mjs <openapi.json file or server base URL>
// The functions named in MANUAL are hand-written (streams, exports read as data frames) and only listed.
import { readFileSync, writeFileSync } from "node:fs";

/** operationId -> R function name. A new operation fails the coverage test until it is added here. */
const NAMES = {
  promptPersona: "pr_prompt",
  streamPersonaPrompt: "pr_prompt_stream",
  getPromptJob: "pr_prompt_job_get",
  cancelPromptJob: "pr_prompt_job_cancel",
  listPromptSessions: "pr_sessions_list",
  getPromptSession: "pr_session_get",
  getSafetyPolicy: "pr_safety_policy_get",
  setSafetyPolicy: "pr_safety_policy_set",
  deleteSafetyPolicy: "pr_safety_policy_delete",
  createPersona: "pr_persona_create",
  listPersonas: "pr_personas_list",
  getPersona: "pr_persona_get",
  updatePersona: "pr_persona_update",
  deletePersona: "pr_persona_delete",
  exportPersona: "pr_persona_export",
  importPersona: "pr_persona_import",
  listTimelineEntries: "pr_timeline_list",
  appendTimelineEntry: "pr_timeline_append",
  supersedeTimelineEntry: "pr_timeline_supersede",
  checkPersonaConsistency: "pr_consistency_check",
  listConsistencyReports: "pr_consistency_reports_list",
  reconcileTimeline: "pr_timeline_reconcile",
  getReconcileJob: "pr_reconcile_job_get",
  getBilling: "pr_billing_get",
  setBilling: "pr_billing_set",
  topUpCredits: "pr_credits_top_up",
  listModels: "pr_models_list",
  getModelPricing: "pr_model_pricing",
  getModel: "pr_model_get",
  createApiKey: "pr_key_create",
  listApiKeys: "pr_keys_list",
  getApiKey: "pr_key_get",
  revokeApiKey: "pr_key_revoke",
  createTenant: "pr_tenant_create",
  listTenants: "pr_tenants_list",
  getHealth: "pr_health",
  listUsageEvents: "pr_usage_events_list",
  getUsage: "pr_usage",
  exportUsageEvents: "pr_usage_events_export",
  listRuns: "pr_runs_list",
  getRun: "pr_run_get",
  pauseRun: "pr_run_pause",
  resumeRun: "pr_run_resume",
  cancelRun: "pr_run_cancel",
  retryRun: "pr_run_retry",
  followRunEvents: "pr_run_events",
  listSchedules: "pr_schedules_list",
  createSchedule: "pr_schedule_create",
  getSchedule: "pr_schedule_get",
  updateSchedule: "pr_schedule_update",
  deleteSchedule: "pr_schedule_delete",
  triggerSchedule: "pr_schedule_trigger",
  listScheduleExecutions: "pr_schedule_executions_list",
  previewSchedule: "pr_schedule_preview",
  listSkills: "pr_skills_list",
  createSkill: "pr_skill_create",
  importSkill: "pr_skill_import",
  getSkill: "pr_skill_get",
  updateSkill: "pr_skill_update",
  deleteSkill: "pr_skill_delete",
  listSkillVersions: "pr_skill_versions_list",
  createTask: "pr_task_create",
  listTasks: "pr_tasks_list",
  getTask: "pr_task_get",
  deleteTask: "pr_task_delete",
  controlTask: "pr_task_control",
  executeTask: "pr_task_execute",
  getTaskResults: "pr_task_results",
  getTaskTurns: "pr_task_turns",
  getTaskScores: "pr_task_scores",
  listCohorts: "pr_cohorts_list",
  createCohort: "pr_cohort_create",
  getCohort: "pr_cohort_get",
  updateCohort: "pr_cohort_update",
  deleteCohort: "pr_cohort_delete",
  listCohortMembers: "pr_cohort_members_list",
  listPopulations: "pr_populations_list",
  createPopulation: "pr_population_create",
  generatePopulation: "pr_population_generate",
  getPopulation: "pr_population_get",
  updatePopulation: "pr_population_update",
  deletePopulation: "pr_population_delete",
  listPopulationVersions: "pr_population_versions_list",
  snapshotPopulation: "pr_population_snapshot",
  getPopulationVersion: "pr_population_version_get",
  listPopulationMembers: "pr_population_members_list",
  createStudy: "pr_study_create",
  listStudies: "pr_studies_list",
  getStudy: "pr_study_get",
  updateStudy: "pr_study_update",
  deleteStudy: "pr_study_delete",
  runStudy: "pr_study_run",
  listStudyRuns: "pr_study_runs_list",
  getStudyRun: "pr_study_run_get",
  controlStudyRun: "pr_study_run_control",
  getStudyTrend: "pr_study_trend",
  getStudyRunResults: "pr_study_run_results",
  exportStudyRunCsv: "pr_study_results_csv",
  exportStudyRunNdjson: "pr_study_results",
  followStudyRun: "pr_study_run_events",
  createCalibration: "pr_calibration_create",
  listCalibrations: "pr_calibrations_list",
  getCalibration: "pr_calibration_get",
  getWidgetConfig: "pr_widget_config",
  streamWidgetPrompt: "pr_widget_stream",
};

/** Hand-written in R/streams.R, R/results.R and R/widget.R (the widget ones send an `Origin` header). */
const MANUAL = new Set([
  "streamPersonaPrompt",
  "followRunEvents",
  "followStudyRun",
  "exportStudyRunNdjson",
  "getWidgetConfig",
  "streamWidgetPrompt",
]);

const source = process.argv[2];
if (!source) throw new Error("usage: node tools/generate.mjs <openapi.json | base URL>");
const spec = source.startsWith("http")
  ? await (await fetch(`${source.replace(/\/$/, "")}/openapi.json`)).json()
  : JSON.parse(readFileSync(source, "utf8"));

const resolve = (x) => {
  let s = x;
  while (s?.$ref)
    s = s.$ref
      .split("/")
      .slice(1)
      .reduce((a, k) => a[k], spec);
  return s;
};
const snake = (s) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
const rstr = (s) => JSON.stringify(s);
const rd = (s) =>
  s
    .replace(/\\/g, "\\\\")
    .replace(/%/g, "\\%")
    .replace(/[{}]/g, (c) => `\\${c}`);

const ops = [];
for (const [path, methods] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    if (!op?.operationId) continue;
    const name = NAMES[op.operationId];
    if (!name) throw new Error(`no R name for ${op.operationId}: add it to NAMES`);
    const params = (op.parameters ?? []).map(resolve);
    const pathParams = params.filter((p) => p.in === "path").map((p) => p.name);
    const query = params.filter((p) => p.in === "query").map((p) => p.name);
    let required = [];
    if (op.requestBody) {
      const schema = resolve(op.requestBody.content?.["application/json"]?.schema ?? {});
      const parts = [schema, ...(schema.allOf ?? []).map(resolve)];
      required = [...new Set(parts.flatMap((p) => p?.required ?? []))].filter(
        (k) => k !== "tenantId" && !pathParams.includes(k),
      );
    }
    const keys = new Set();
    let arrayKey = null;
    for (const [status, r] of Object.entries(op.responses ?? {})) {
      if (!/^2/.test(status)) continue;
      const json = resolve(r)?.content?.["application/json"];
      if (!json) continue;
      const schema = resolve(json.schema ?? {});
      for (const [k, v] of Object.entries(schema.properties ?? {})) {
        const prop = resolve(v) ?? {};
        keys.add(prop.type === "object" || prop.properties || prop.allOf ? k : `${k}:scalar`);
        if (prop.type === "array" && !arrayKey) arrayKey = k;
      }
    }
    const paginated = query.includes("cursor");
    const kind = MANUAL.has(op.operationId)
      ? "manual"
      : paginated
        ? "list"
        : name.endsWith("_list") && arrayKey
          ? "df"
          : "call";
    ops.push({
      id: op.operationId,
      name,
      method: method.toUpperCase(),
      path,
      tag: op.tags?.[0] ?? "Other",
      summary: op.summary ?? op.operationId,
      pathParams,
      query,
      required,
      kind,
      items: kind === "list" || kind === "df" ? arrayKey : null,
      unwrap: kind === "call" && keys.size === 1 && ![...keys][0].includes(":") ? [...keys][0] : null,
      tenantInPath: pathParams.includes("tenantId"),
    });
  }
}
const missing = Object.keys(NAMES).filter((id) => !ops.some((o) => o.id === id));
if (missing.length) console.warn(`named but not in the spec: ${missing.join(", ")}`);

const header = "# Generated by tools/generate.mjs from /openapi.json: do not edit by hand.\n\n";

// R/operations.R
const col = (f) => ops.map(f).join(",\n    ");
const opsR = `${header}# Every operationId of /openapi.json and the function that calls it (see ?pr_operations).
pr_operations <- data.frame(
  operation_id = c(
    ${col((o) => rstr(o.id))}
  ),
  method = c(
    ${col((o) => rstr(o.method))}
  ),
  path = c(
    ${col((o) => rstr(o.path))}
  ),
  fun = c(
    ${col((o) => rstr(o.name))}
  ),
  kind = c(
    ${col((o) => rstr(o.kind))}
  ),
  items = c(
    ${col((o) => (o.items ? rstr(o.items) : "NA_character_"))}
  ),
  unwrap = c(
    ${col((o) => (o.unwrap ? rstr(o.unwrap) : "NA_character_"))}
  ),
  stringsAsFactors = FALSE
)
`;
writeFileSync("R/operations.R", opsR);

// R/endpoints.R and man pages
const argsOf = (o) => {
  const args = [];
  for (const p of o.pathParams) {
    if (p === "tenantId") continue;
    args.push({ r: snake(p), wire: p, where: "path" });
  }
  for (const b of o.required) args.push({ r: snake(b), wire: b, where: "body" });
  return args;
};
const signature = (o) => {
  const parts = ["client", ...argsOf(o).map((a) => a.r)];
  if (o.tenantInPath) parts.push("tenant_id = client$tenant_id");
  parts.push("...");
  if (o.kind === "list") parts.push("page_size = NULL", "limit = Inf", "max_pages = Inf");
  return parts.join(", ");
};

let code = header;
for (const o of ops) {
  if (o.kind === "manual") continue;
  const args = argsOf(o);
  const path = [
    ...args.filter((a) => a.where === "path"),
    ...(o.tenantInPath ? [{ r: "tenant_id", wire: "tenantId" }] : []),
  ];
  const body = args.filter((a) => a.where === "body");
  const pathList = path.length ? `list(${path.map((a) => `${a.wire} = ${a.r}`).join(", ")})` : "list()";
  const bodyList = body.length ? `list(${body.map((a) => `${a.wire} = ${a.r}`).join(", ")})` : "list()";
  const fn = o.kind === "list" ? "pr_call_list" : "pr_call";
  const extra = o.kind === "list" ? ", page_size = page_size, limit = limit, max_pages = max_pages" : "";
  code += `# ${o.method} ${o.path} (${o.id}); help: ?endpoints-${snake(o.tag.replace(/[^A-Za-z]/g, ""))}\n`;
  code += `${o.name} <- function(${signature(o)}) {\n  ${fn}(client, ${rstr(o.id)}, ${pathList}, ${bodyList}, list(...)${extra})\n}\n\n`;
}
writeFileSync("R/endpoints.R", code);

const byTag = new Map();
for (const o of ops) {
  if (o.kind === "manual") continue;
  if (!byTag.has(o.tag)) byTag.set(o.tag, []);
  byTag.get(o.tag).push(o);
}
const describe = (a, o) =>
  a.where === "path"
    ? `The \\code{${a.wire}} of the path.`
    : `The \\code{${a.wire}} field of the request body (required by \\code{${o.id}}).`;
for (const [tag, list] of byTag) {
  const file = `endpoints-${snake(tag.replace(/[^A-Za-z]/g, ""))}`;
  const argDocs = new Map([["client", "A client made by \\code{\\link{pr_client}()}."]]);
  for (const o of list) {
    for (const a of argsOf(o)) if (!argDocs.has(a.r)) argDocs.set(a.r, describe(a, o));
    if (o.tenantInPath) argDocs.set("tenant_id", "The tenant (by default the client's \\code{tenant_id}).");
  }
  argDocs.set(
    "...",
    "More parameters: the query string of a GET or DELETE, the JSON body of a POST, PUT or PATCH. Names in snake_case or camelCase (\\code{user_prompt} or \\code{userPrompt}); \\code{NULL} values are dropped; \\code{tenant_id} overrides the client's.",
  );
  if (list.some((o) => o.kind === "list")) {
    argDocs.set("page_size", "Items per request (the API's \\code{limit}, at most 200; by default the server's 50).");
    argDocs.set("limit", "The most rows to return in all.");
    argDocs.set("max_pages", "The most pages to read.");
  }
  const items = list
    .map(
      (o) =>
        `\\item{\\code{${o.name}()}}{\\code{${o.method} ${rd(o.path)}} (\\code{${o.id}}): ${rd(o.summary)}. Returns ${
          o.kind === "list"
            ? `a data frame of every \\code{${o.items}} item across all cursor pages.`
            : o.kind === "df"
              ? `a data frame, one row per \\code{${o.items}} item.`
              : o.unwrap
                ? `the \\code{${o.unwrap}} object of the response as a list.`
                : "the response as a list (text for a non-JSON response)."
        }}`,
    )
    .join("\n");
  const rdText = `% Generated by tools/generate.mjs from /openapi.json: do not edit by hand.
\\name{${file}}
\\alias{${file}}
${list.map((o) => `\\alias{${o.name}}`).join("\n")}
\\title{${rd(tag)} endpoints}
\\usage{
${list.map((o) => `${o.name}(${signature(o)})`).join("\n\n")}
}
\\arguments{
${[...argDocs].map(([k, v]) => `\\item{${k === "..." ? "\\dots" : k}}{${v}}`).join("\n\n")}
}
\\value{
See each function below. A list comes from the JSON response parsed with
\\code{jsonlite::fromJSON(simplifyVector = FALSE)}; a data frame has one row per item, nested objects
flattened into \\code{parent.child} columns and arrays kept as list-columns.
}
\\description{
The \\emph{${rd(tag)}} operations of the person.run API.
\\describe{
${items}
}
}
\\seealso{\\code{\\link{pr_client}}, \\code{\\link{pr_operations}}, \\code{\\link{personrun_error}}}
`;
  writeFileSync(`man/${file}.Rd`, rdText);
}
console.log(`${ops.length} operations, ${ops.filter((o) => o.kind === "manual").length} hand-written`);

// NAMESPACE: the hand-written exports, then one per generated function.
const HAND = [
  "pr_client",
  "pr_request",
  "pr_operations",
  "pr_as_data_frame",
  "pr_prompt_stream",
  "pr_run_events",
  "pr_study_run_events",
  "pr_study_results",
  "pr_prompt_job_wait",
  "pr_run_wait",
  "pr_study_run_wait",
  "pr_widget_config",
  "pr_widget_stream",
];
const exported = [...HAND, ...ops.filter((o) => o.kind !== "manual").map((o) => o.name)];
writeFileSync(
  "NAMESPACE",
  `# Generated by tools/generate.mjs (no roxygen2): hand-written exports first, then the endpoints.
S3method(conditionMessage, personrun_error)
S3method(print, personrun_client)
${exported.map((n) => `export(${n})`).join("\n")}
`,
);

// README.md: the table of every operation, between its markers.
const readme = readFileSync("README.md", "utf8");
const table = [
  "| operationId | Method and path | Function |",
  "|---|---|---|",
  ...ops.map((o) => `| \`${o.id}\` | \`${o.method} ${o.path}\` | \`${o.name}()\` |`),
].join("\n");
writeFileSync(
  "README.md",
  readme.replace(
    /<!-- operations:start -->[\s\S]*<!-- operations:end -->/,
    `<!-- operations:start -->\n${table}\n<!-- operations:end -->`,
  ),
);
