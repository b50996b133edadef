import type { RequestOptions } from "../core.js";
import { APIResource } from "../resource.js";
import type { BodyOf, QueryOf } from "../types.js";

type Tenant = { tenantId?: string };

/** The model catalog and its prices (SPEC §11). */
export class Models extends APIResource {
  list(query: QueryOf<"listModels"> = {}, options?: RequestOptions) {
    return this.call("listModels", { query }, options);
  }
  /** A model by slug (slugs contain `/`, e.g. `person-run/simulator`). */
  retrieve(slug: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getModel", { path: { slug }, query }, options);
  }
  /** The pricing matrix and the settlement rule. */
  pricing(query: Omit<QueryOf<"getModelPricing">, "format"> = {}, options?: RequestOptions) {
    return this.call("getModelPricing", { query }, options);
  }
  /** The pricing matrix as CSV. */
  pricingCsv(query: Omit<QueryOf<"getModelPricing">, "format"> = {}, options?: RequestOptions) {
    return this.text("getModelPricing", { query: { ...query, format: "csv" } }, options);
  }
}

/** Usage events and aggregates (SPEC §10). */
export class Analytics extends APIResource {
  /** Usage events, newest first; `for await` iterates all pages. */
  events(query: QueryOf<"listUsageEvents"> = {}, options?: RequestOptions) {
    return this.page("listUsageEvents", { query }, options);
  }
  usage(query: QueryOf<"getUsage"> = {}, options?: RequestOptions) {
    return this.call("getUsage", { query }, options);
  }
  /** Events as CSV or NDJSON text. */
  export(query: QueryOf<"exportUsageEvents"> = {}, options?: RequestOptions) {
    return this.text("exportUsageEvents", { query }, options);
  }
}

/** API keys of the tenant. The secret is shown once, in the create response. */
export class Keys extends APIResource {
  create(body: BodyOf<"createApiKey">, options?: RequestOptions) {
    return this.call("createApiKey", { body }, options);
  }
  list(query: QueryOf<"listApiKeys"> = {}, options?: RequestOptions) {
    return this.page("listApiKeys", { query }, options);
  }
  retrieve(keyId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getApiKey", { path: { keyId }, query }, options);
  }
  revoke(keyId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("revokeApiKey", { path: { keyId }, query }, options);
  }
}

/** Credits, budget and plan limits of the tenant. */
export class Billing extends APIResource {
  retrieve(query: Tenant = {}, options?: RequestOptions) {
    return this.call("getBilling", { query }, options);
  }
  update(body: BodyOf<"setBilling">, options?: RequestOptions) {
    return this.call("setBilling", { body }, options);
  }
  topUp(body: BodyOf<"topUpCredits">, options?: RequestOptions) {
    return this.call("topUpCredits", { body }, options);
  }
}

/** Tenants (instance admin key only). */
export class Tenants extends APIResource {
  /** A tenant and its owner key (`{ tenant, key, secret }`). */
  create(body: BodyOf<"createTenant">, options?: RequestOptions) {
    return this.call("createTenant", { body }, options);
  }
  list(query: QueryOf<"listTenants"> = {}, options?: RequestOptions) {
    return this.page("listTenants", { query }, options);
  }
}

/** Background runs (tasks, study runs, generation, calibrations): state, control, events. */
export class Runs extends APIResource {
  list(query: QueryOf<"listRuns"> = {}, options?: RequestOptions) {
    return this.page("listRuns", { query }, options);
  }
  retrieve(runId: string, query: Tenant = {}, options?: RequestOptions) {
    return this.call("getRun", { path: { runId }, query }, options);
  }
  pause(runId: string, body: BodyOf<"pauseRun"> = {}, options?: RequestOptions) {
    return this.call("pauseRun", { path: { runId }, body }, options);
  }
  resume(runId: string, body: BodyOf<"resumeRun"> = {}, options?: RequestOptions) {
    return this.call("resumeRun", { path: { runId }, body }, options);
  }
  cancel(runId: string, body: BodyOf<"cancelRun"> = {}, options?: RequestOptions) {
    return this.call("cancelRun", { path: { runId }, body }, options);
  }
  /** Retries a failed (or dead-lettered) run. */
  retry(runId: string, body: BodyOf<"retryRun"> = {}, options?: RequestOptions) {
    return this.call("retryRun", { path: { runId }, body }, options);
  }
  /** The run's events as a stream: `state`, `progress`, `children`, then `end` `{ run }`; resumed after a drop. */
  events(runId: string, query: QueryOf<"followRunEvents"> = {}, options?: RequestOptions) {
    return this.sse("followRunEvents", { path: { runId }, query }, options, true);
  }
}

/** The server's health. */
export class Health extends APIResource {
  /** `GET /health`: status and each dependency's check. A 503 (unhealthy) throws InternalServerError. */
  check(options?: RequestOptions) {
    return this.call("getHealth", {}, options);
  }
}
