import type { RequestOptions } from "../core.js";
import { APIResource } from "../resource.js";
import type { BodyOf, QueryOf } from "../types.js";

type Tenant = { tenantId?: string };

/** Skills: reusable research tasks, versioned (SPEC §8.1). */
export class Skills extends APIResource {
  create(body: BodyOf<"createSkill">, options?: RequestOptions) {
    return this.call("createSkill", { body }, options);
  }
  list(query: QueryOf<"listSkills"> = {}, options?: RequestOptions) {
    return this.page("listSkills", { query }, options);
  }
  /** A skill from a Qualtrics or Typeform survey file, with what could not be imported. */
  import(body: BodyOf<"importSkill">, options?: RequestOptions) {
    return this.call("importSkill", { body }, options);
  }
  retrieve(skillId: string, query: QueryOf<"getSkill"> = {}, options?: RequestOptions) {
    return this.call("getSkill", { path: { skillId }, query }, options);
  }
  update(skillId: string, body: BodyOf<"updateSkill">, options?: RequestOptions) {
    return this.call("updateSkill", { path: { skillId }, body }, options);
  }
  delete(skillId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("deleteSkill", { path: { skillId }, query }, options);
  }
  versions(skillId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("listSkillVersions", { path: { skillId }, query }, options);
  }
}

/** Tasks: one execution of a skill for one persona. */
export class Tasks extends APIResource {
  create(body: BodyOf<"createTask">, options?: RequestOptions) {
    return this.call("createTask", { body }, options);
  }
  list(query: QueryOf<"listTasks"> = {}, options?: RequestOptions) {
    return this.page("listTasks", { query }, options);
  }
  retrieve(taskId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getTask", { path: { taskId }, query }, options);
  }
  delete(taskId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("deleteTask", { path: { taskId }, query }, options);
  }
  /** `pause`, `resume` or `cancel`. */
  control(taskId: string, body: BodyOf<"controlTask">, options?: RequestOptions) {
    return this.call("controlTask", { path: { taskId }, body }, options);
  }
  /** Queues the task (202). */
  execute(taskId: string, body: BodyOf<"executeTask"> = {}, options?: RequestOptions) {
    return this.call("executeTask", { path: { taskId }, body }, options);
  }
  results(taskId: string, query: QueryOf<"getTaskResults"> = {}, options?: RequestOptions) {
    return this.call("getTaskResults", { path: { taskId }, query }, options);
  }
  turns(taskId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getTaskTurns", { path: { taskId }, query }, options);
  }
  scores(taskId: string, query: QueryOf<"getTaskScores"> = {}, options?: RequestOptions) {
    return this.call("getTaskScores", { path: { taskId }, query }, options);
  }
}

/** Schedules: one-time or recurring executions of a study or task. */
export class Schedules extends APIResource {
  create(body: BodyOf<"createSchedule">, options?: RequestOptions) {
    return this.call("createSchedule", { body }, options);
  }
  list(query: QueryOf<"listSchedules"> = {}, options?: RequestOptions) {
    return this.page("listSchedules", { query }, options);
  }
  retrieve(scheduleId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getSchedule", { path: { scheduleId }, query }, options);
  }
  update(scheduleId: string, body: BodyOf<"updateSchedule">, options?: RequestOptions) {
    return this.call("updateSchedule", { path: { scheduleId }, body }, options);
  }
  delete(scheduleId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("deleteSchedule", { path: { scheduleId }, query }, options);
  }
  /** Runs the schedule now (202). */
  trigger(scheduleId: string, body: BodyOf<"triggerSchedule"> = {}, options?: RequestOptions) {
    return this.call("triggerSchedule", { path: { scheduleId }, body }, options);
  }
  executions(scheduleId: string, query: QueryOf<"listScheduleExecutions"> = {}, options?: RequestOptions) {
    return this.page("listScheduleExecutions", { path: { scheduleId }, query }, options);
  }
  /** The next `count` fire times. */
  preview(scheduleId: string, query: QueryOf<"previewSchedule"> = {}, options?: RequestOptions) {
    return this.call("previewSchedule", { path: { scheduleId }, query }, options);
  }
}

/** Cohorts: segments of personas by criteria or explicit lists. */
export class Cohorts extends APIResource {
  create(body: BodyOf<"createCohort">, options?: RequestOptions) {
    return this.call("createCohort", { body }, options);
  }
  list(query: QueryOf<"listCohorts"> = {}, options?: RequestOptions) {
    return this.page("listCohorts", { query }, options);
  }
  retrieve(cohortId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getCohort", { path: { cohortId }, query }, options);
  }
  update(cohortId: string, body: BodyOf<"updateCohort">, options?: RequestOptions) {
    return this.call("updateCohort", { path: { cohortId }, body }, options);
  }
  delete(cohortId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("deleteCohort", { path: { cohortId }, query }, options);
  }
  members(cohortId: string, query: QueryOf<"listCohortMembers"> = {}, options?: RequestOptions) {
    return this.page("listCohortMembers", { path: { cohortId }, query }, options);
  }
}

/** Populations: balanced, versioned panels of personas. */
export class Populations extends APIResource {
  create(body: BodyOf<"createPopulation">, options?: RequestOptions) {
    return this.call("createPopulation", { body }, options);
  }
  /** Generates personas to match targets (202: the population is `generating`). */
  generate(body: BodyOf<"generatePopulation">, options?: RequestOptions) {
    return this.call("generatePopulation", { body }, options);
  }
  list(query: QueryOf<"listPopulations"> = {}, options?: RequestOptions) {
    return this.page("listPopulations", { query }, options);
  }
  retrieve(populationId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getPopulation", { path: { populationId }, query }, options);
  }
  update(populationId: string, body: BodyOf<"updatePopulation">, options?: RequestOptions) {
    return this.call("updatePopulation", { path: { populationId }, body }, options);
  }
  delete(populationId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("deletePopulation", { path: { populationId }, query }, options);
  }
  versions(populationId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("listPopulationVersions", { path: { populationId }, query }, options);
  }
  /** Freezes the current composition as a version (201 when new). */
  snapshot(populationId: string, body: BodyOf<"snapshotPopulation"> = {}, options?: RequestOptions) {
    return this.call("snapshotPopulation", { path: { populationId }, body }, options);
  }
  retrieveVersion(populationId: string, version: number, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getPopulationVersion", { path: { populationId, version }, query }, options);
  }
  members(
    populationId: string,
    version: number,
    query: QueryOf<"listPopulationMembers"> = {},
    options?: RequestOptions,
  ) {
    return this.page("listPopulationMembers", { path: { populationId, version }, query }, options);
  }
}

/** Calibrations: how close a model's answers come to real survey distributions. */
export class Calibrations extends APIResource {
  /** Starts a calibration run (202). */
  create(body: BodyOf<"createCalibration">, options?: RequestOptions) {
    return this.call("createCalibration", { body }, options);
  }
  list(query: QueryOf<"listCalibrations"> = {}, options?: RequestOptions) {
    return this.page("listCalibrations", { query }, options);
  }
  retrieve(calibrationId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getCalibration", { path: { calibrationId }, query }, options);
  }
}
