import type { RequestOptions } from "../core.js";
import { APIResource } from "../resource.js";
import type { BodyOf, QueryOf } from "../types.js";

type Tenant = { tenantId?: string };

/** Personas: durable synthetic individuals (SPEC §4). */
export class Personas extends APIResource {
  /** `POST /personas`: a persona from its seed, with its initial memory. */
  create(body: BodyOf<"createPersona">, options?: RequestOptions) {
    return this.call("createPersona", { body }, options);
  }
  /** `GET /personas`: every persona, newest first; `for await` iterates all pages. */
  list(query: QueryOf<"listPersonas"> = {}, options?: RequestOptions) {
    return this.page("listPersonas", { query }, options);
  }
  retrieve(personaId: string, query: QueryOf<"getPersona"> = {}, options?: RequestOptions) {
    return this.call("getPersona", { path: { personaId }, query }, options);
  }
  update(personaId: string, body: BodyOf<"updatePersona">, options?: RequestOptions) {
    return this.call("updatePersona", { path: { personaId }, body }, options);
  }
  /** Deletes the persona and everything that belongs to it. */
  delete(personaId: string, query: QueryOf<"deletePersona"> = {}, options?: RequestOptions) {
    return this.call("deletePersona", { path: { personaId }, query }, options);
  }
  /** The persona as one JSON document: profile, timeline, sessions, reports. */
  export(personaId: string, query: QueryOf<"exportPersona"> = {}, options?: RequestOptions) {
    return this.call("exportPersona", { path: { personaId }, query }, options);
  }
  /** Recreates a persona from an export document. */
  import(body: BodyOf<"importPersona">, options?: RequestOptions) {
    return this.call("importPersona", { body }, options);
  }
}

/** A persona's memories (SPEC §5), its consistency checks and the reconcile job. */
export class Timeline extends APIResource {
  list(personaId: string, query: QueryOf<"listTimelineEntries"> = {}, options?: RequestOptions) {
    return this.page("listTimelineEntries", { path: { personaId }, query }, options);
  }
  append(personaId: string, body: BodyOf<"appendTimelineEntry">, options?: RequestOptions) {
    return this.call("appendTimelineEntry", { path: { personaId }, body }, options);
  }
  /** Replaces an entry by a revision; the original becomes `superseded`. */
  supersede(personaId: string, timelineId: string, body: BodyOf<"supersedeTimelineEntry">, options?: RequestOptions) {
    return this.call("supersedeTimelineEntry", { path: { personaId, timelineId }, body }, options);
  }
  /** Runs a consistency check and returns its report. */
  checkConsistency(personaId: string, body: BodyOf<"checkPersonaConsistency"> = {}, options?: RequestOptions) {
    return this.call("checkPersonaConsistency", { path: { personaId }, body }, options);
  }
  listConsistencyReports(personaId: string, query: QueryOf<"listConsistencyReports"> = {}, options?: RequestOptions) {
    return this.page("listConsistencyReports", { path: { personaId }, query }, options);
  }
  /** Starts the job that applies a report's suggested revisions (202). */
  reconcile(personaId: string, body: BodyOf<"reconcileTimeline"> = {}, options?: RequestOptions) {
    return this.call("reconcileTimeline", { path: { personaId }, body }, options);
  }
  retrieveReconcileJob(personaId: string, jobId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getReconcileJob", { path: { personaId, jobId }, query }, options);
  }
}
