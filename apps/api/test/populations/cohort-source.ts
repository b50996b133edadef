import { notFound } from "../../src/errors.ts";
import { newId } from "../../src/ids.ts";
import { defineModule } from "../../src/modules/manifest.ts";

/**
 * A test-only cohorts module (the real one is built on its own branch): cohorts are lists of persona ids
 * the test sets per tenant, provided to populations through its `CohortSource` port. Pass
 * `modules: [...MODULES, cohorts.module]` to `startTestServer`.
 */
export function fakeCohorts() {
  const cohorts = new Map<string, { name: string; memberIds: string[] }>();
  const key = (tenantId: string, id: string) => `${tenantId}:${id}`;
  const module = defineModule({
    name: "test-cohort-source",
    dependsOn: ["populations"],
    create: (ctx) => {
      ctx.populations.setCohorts({
        async get(tenantId, cohortId) {
          const c = cohorts.get(key(tenantId, cohortId));
          if (!c) throw notFound("Cohort");
          return { id: cohortId, name: c.name };
        },
        async memberIds(tenantId, cohortId) {
          const c = cohorts.get(key(tenantId, cohortId));
          if (!c) throw notFound("Cohort");
          return [...c.memberIds].sort();
        },
      });
      return {};
    },
  });
  return {
    module,
    /** A new cohort of the tenant with these members; its id. */
    add(tenantId: string, memberIds: string[], name = "Test cohort"): string {
      const id = newId();
      cohorts.set(key(tenantId, id), { name, memberIds: [...memberIds] });
      return id;
    },
    setMembers(tenantId: string, cohortId: string, memberIds: string[]) {
      const c = cohorts.get(key(tenantId, cohortId));
      if (!c) throw new Error("no such cohort");
      c.memberIds = [...memberIds];
    },
  };
}
