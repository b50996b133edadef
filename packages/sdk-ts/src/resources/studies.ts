import type { RequestOptions } from "../core.js";
import { APIResource } from "../resource.js";
import type { BodyOf, QueryOf, ResponseAt } from "../types.js";

type Tenant = { tenantId?: string };

/** The runs of a study: start, follow, control, read results. */
export class StudyRuns extends APIResource {
  /** Starts a run (202 `{ run }`); with `dryRun: true`, returns the plan instead (200 `{ plan }`). */
  create(studyId: string, body: BodyOf<"runStudy">, options?: RequestOptions) {
    return this.core.request<ResponseAt<"runStudy", 202>>("runStudy", { path: { studyId }, body }, options);
  }
  /** The plan of a run (`dryRun: true`): tasks, estimated cost, nothing started. */
  plan(studyId: string, body: Omit<BodyOf<"runStudy">, "dryRun">, options?: RequestOptions) {
    const input = { path: { studyId }, body: { ...body, dryRun: true } };
    return this.core.request<ResponseAt<"runStudy", 200>>("runStudy", input, options);
  }
  list(studyId: string, query: QueryOf<"listStudyRuns"> = {}, options?: RequestOptions) {
    return this.page("listStudyRuns", { path: { studyId }, query }, options);
  }
  retrieve(studyId: string, runId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getStudyRun", { path: { studyId, runId }, query }, options);
  }
  /** `pause`, `resume` or `cancel`. */
  control(studyId: string, runId: string, body: BodyOf<"controlStudyRun">, options?: RequestOptions) {
    return this.call("controlStudyRun", { path: { studyId, runId }, body }, options);
  }
  /** Aggregated results: per question, overall and per group, with intervals, tests and quotes. */
  results(studyId: string, runId: string, query: QueryOf<"getStudyRunResults"> = {}, options?: RequestOptions) {
    return this.call("getStudyRunResults", { path: { studyId, runId }, query }, options);
  }
  /** One CSV row per task × question, persona attributes as columns. */
  resultsCsv(studyId: string, runId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.text("exportStudyRunCsv", { path: { studyId, runId }, query }, options);
  }
  /** One JSON line per task × question. */
  resultsNdjson(studyId: string, runId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.text("exportStudyRunNdjson", { path: { studyId, runId }, query }, options);
  }
  /** Progress as a stream: `state`, `tasks`, `aggregate` events, then `end` `{ run }`; resumed after a drop. */
  events(studyId: string, runId: string, query: QueryOf<"followStudyRun"> = {}, options?: RequestOptions) {
    return this.sse("followStudyRun", { path: { studyId, runId }, query }, options, true);
  }
  /** Follows the run's events until it ends and returns the finished run. */
  async wait(studyId: string, runId: string, query: Tenant = {}, options?: RequestOptions) {
    for await (const e of await this.events(studyId, runId, query, options)) {
      if (e.event === "end") return e.data.run;
    }
    return (await this.retrieve(studyId, runId, query, options)).run;
  }
}

/** Studies: a skill bound to a population, run at scale (SPEC §8). */
export class Studies extends APIResource {
  readonly runs = new StudyRuns(this.core);

  create(body: BodyOf<"createStudy">, options?: RequestOptions) {
    return this.call("createStudy", { body }, options);
  }
  list(query: QueryOf<"listStudies"> = {}, options?: RequestOptions) {
    return this.page("listStudies", { query }, options);
  }
  retrieve(studyId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getStudy", { path: { studyId }, query }, options);
  }
  update(studyId: string, body: BodyOf<"updateStudy">, options?: RequestOptions) {
    return this.call("updateStudy", { path: { studyId }, body }, options);
  }
  delete(studyId: string, query: QueryOf<"deleteStudy"> = {}, options?: RequestOptions) {
    return this.call("deleteStudy", { path: { studyId }, query }, options);
  }
  /** How the study's answers moved across its runs. */
  trend(studyId: string, query: QueryOf<"getStudyTrend"> = {}, options?: RequestOptions) {
    return this.call("getStudyTrend", { path: { studyId }, query }, options);
  }
}
