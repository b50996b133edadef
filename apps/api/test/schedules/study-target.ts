import { conflict, notFound } from "../../src/errors.ts";
import { newId } from "../../src/ids.ts";
import { defineModule } from "../../src/modules/manifest.ts";
import { MODULES } from "../../src/modules/registry.ts";
import { defineRunKind, done } from "../../src/modules/runs/index.ts";
import { z } from "../../src/shared/schemas.ts";

/**
 * A test-only "study" schedule target standing in for the studies module's, for the schedules' own tests:
 * studies are ids the test adds per tenant, and a fire starts a run of a trivial kind that succeeds at once.
 * A study marked busy refuses to start (409), as a study with a run still going does; a broken one throws a
 * plain error (a bug). Built per server with `studyTarget()`, passed to
 * `startTestServer({ modules: withTestStudyTarget(target) })` (every module but studies, whose real target
 * it replaces); servers sharing a database may share one.
 */
export const TEST_STUDY_RUN = "test.study-run";

export function studyTarget() {
  const studies = new Set<string>();
  const busy = new Set<string>();
  const broken = new Set<string>();
  const key = (tenantId: string, id: string) => `${tenantId}:${id}`;
  const module = defineModule({
    name: "test-study-target",
    dependsOn: ["schedules", "runs"],
    create: (ctx) => {
      ctx.schedules.registerTarget({
        type: "study",
        async check(tenantId, id) {
          if (!studies.has(key(tenantId, id))) throw notFound("Study");
        },
        async start(tx, send, tenantId, id, fire) {
          if (busy.has(key(tenantId, id))) throw conflict("The study is still running");
          if (broken.has(key(tenantId, id))) throw new Error("the study target broke");
          const runId = await ctx.runs.createIn(tx, send, tenantId, {
            kind: TEST_STUDY_RUN,
            payload: { studyId: id, scheduleId: fire.scheduleId },
            apiKeyId: fire.apiKeyId,
          });
          return { runId, detail: { studyId: id } };
        },
      });
      return {};
    },
    runKinds: () => [
      defineRunKind({
        name: TEST_STUDY_RUN,
        description: "A study run of the test target: succeeds at once",
        payload: z.object({ studyId: z.uuid(), scheduleId: z.uuid() }).strict(),
        execute: async (run) => done({ studyId: run.payload.studyId }),
      }),
    ],
  });
  return {
    module,
    /** A new study of the tenant; its id. */
    addStudy(tenantId: string): string {
      const id = newId();
      studies.add(key(tenantId, id));
      return id;
    },
    setBusy(tenantId: string, id: string, isBusy: boolean) {
      if (isBusy) busy.add(key(tenantId, id));
      else busy.delete(key(tenantId, id));
    },
    setBroken(tenantId: string, id: string, isBroken: boolean) {
      if (isBroken) broken.add(key(tenantId, id));
      else broken.delete(key(tenantId, id));
    },
  };
}

/** Every module but studies (whose "study" target this one replaces), plus the test target. */
export function withTestStudyTarget(target: ReturnType<typeof studyTarget>) {
  return [...MODULES.filter((m) => m.name !== "studies"), target.module];
}
