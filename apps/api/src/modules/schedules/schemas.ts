import { pageQuery, TenantIdSchema, UuidSchema, z } from "../../shared/schemas.ts";
import { cronError, timezoneError } from "./schedule-math.ts";

export const TARGET_TYPES = ["task", "study"] as const;
export const MISSED_RUN_POLICIES = ["skip", "run_once"] as const;
export const EXECUTION_STATUSES = ["started", "skipped", "failed"] as const;

const Iso = z.iso.datetime({ offset: true });

const CronSchema = z
  .string()
  .max(200)
  .superRefine((v, ctx) => {
    const why = cronError(v);
    if (why) ctx.addIssue({ code: "custom", message: `invalid cron: ${why}` });
  })
  .openapi({
    description:
      "Five fields: minute hour day-of-month month day-of-week, read in `timezone` (see docs/schedules.md for daylight-saving changes)",
    example: "0 9 * * 1",
  });

const TimezoneSchema = z
  .string()
  .max(64)
  .superRefine((v, ctx) => {
    const why = timezoneError(v);
    if (why) ctx.addIssue({ code: "custom", message: why });
  })
  .openapi({ description: "IANA time zone the cron is read in (default `UTC`)", example: "Europe/Berlin" });

export const TargetSchema = z
  .strictObject({
    type: z
      .enum(TARGET_TYPES)
      .openapi({ description: "`task`: re-executes the task; `study`: starts a new study run" }),
    id: UuidSchema.openapi({ description: "The task's or the study's id" }),
  })
  .openapi("ScheduleTarget");

const timing = {
  runAt: Iso.optional().openapi({
    description: "One-time: fires once at this moment (must be in the future). Exclusive with `cron`.",
    example: "2026-03-02T09:00:00.000Z",
  }),
  cron: CronSchema.optional(),
  timezone: TimezoneSchema.optional(),
  startAt: Iso.optional().openapi({ description: "Recurring: no fire before this moment (inclusive)" }),
  endAt: Iso.optional().openapi({ description: "Recurring: no fire at or after this moment" }),
  maxRuns: z.number().int().min(1).max(1_000_000).optional().openapi({
    description: "Recurring: stop after this many scheduled fires (manual triggers do not count)",
    example: 12,
  }),
};

const settings = {
  name: z.string().min(1).max(200).optional().openapi({ example: "Weekly pricing check" }),
  enabled: z.boolean().optional().openapi({ description: "Default true. A disabled schedule never fires on its own." }),
  missedRunPolicy: z.enum(MISSED_RUN_POLICIES).optional().openapi({
    description:
      "What happens to fires missed while no server ran (more than SCHEDULE_GRACE_SECONDS late): `skip` (default) records them as skipped; `run_once` fires once for the latest of them. Never a burst.",
  }),
};

export const CreateScheduleBody = z
  .strictObject({ tenantId: TenantIdSchema.optional(), target: TargetSchema, ...settings, ...timing })
  .superRefine((b, ctx) => {
    if ((b.runAt === undefined) === (b.cron === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["cron"],
        message: "give exactly one of runAt (one-time) or cron (recurring)",
      });
    }
    checkTimingShape(b, ctx);
  })
  .openapi("CreateScheduleBody", {
    example: {
      tenantId: "11111111-1111-1111-1111-111111111111",
      name: "Weekly pricing check",
      target: { type: "task", id: "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e" },
      cron: "0 9 * * 1",
      timezone: "Europe/Berlin",
      missedRunPolicy: "run_once",
    },
  });

/** `null` clears an optional field; giving `cron` turns a one-time schedule recurring and clears runAt (and back). */
export const UpdateScheduleBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    target: TargetSchema.optional(),
    name: settings.name.nullable(),
    enabled: settings.enabled,
    missedRunPolicy: settings.missedRunPolicy,
    runAt: timing.runAt,
    cron: timing.cron,
    timezone: timing.timezone,
    startAt: timing.startAt.nullable(),
    endAt: timing.endAt.nullable(),
    maxRuns: timing.maxRuns.nullable(),
  })
  .superRefine((b, ctx) => {
    if (b.runAt !== undefined && b.cron !== undefined) {
      ctx.addIssue({ code: "custom", path: ["cron"], message: "give at most one of runAt or cron" });
    }
  })
  .openapi("UpdateScheduleBody", { example: { enabled: false } });

type TimingShape = {
  runAt?: string | null;
  cron?: string | null;
  timezone?: string | null;
  startAt?: string | null;
  endAt?: string | null;
  maxRuns?: number | null;
};

/** The rules of a complete timing (create, and an update merged onto its schedule). */
export function checkTimingShape(
  b: TimingShape,
  ctx: { addIssue(i: { code: "custom"; path: string[]; message: string }): void },
) {
  if (b.runAt != null) {
    for (const field of ["timezone", "startAt", "endAt", "maxRuns"] as const) {
      if (b[field] != null)
        ctx.addIssue({ code: "custom", path: [field], message: `only with cron (runAt fires once)` });
    }
  }
  if (b.startAt != null && b.endAt != null && Date.parse(b.endAt) <= Date.parse(b.startAt)) {
    ctx.addIssue({ code: "custom", path: ["endAt"], message: "must be after startAt" });
  }
}

export const ScheduleParams = z.object({
  scheduleId: UuidSchema.openapi({ param: { name: "scheduleId", in: "path" } }),
});

export const ScheduleSchema = z
  .object({
    id: UuidSchema,
    name: z.string().nullable(),
    target: TargetSchema,
    runAt: z.string().nullable(),
    cron: z.string().nullable(),
    timezone: z.string().nullable().openapi({ description: "With cron; null for a one-time schedule" }),
    startAt: z.string().nullable(),
    endAt: z.string().nullable(),
    maxRuns: z.number().int().nullable(),
    enabled: z.boolean(),
    missedRunPolicy: z.enum(MISSED_RUN_POLICIES),
    nextRunAt: z.string().nullable().openapi({
      description: "The next fire; null when the schedule is disabled or has nothing left to fire (done)",
      example: "2026-03-02T08:00:00.000Z",
    }),
    runCount: z.number().int().openapi({ description: "Scheduled fires that started their target" }),
    lastRunAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Schedule");

export const ExecutionSchema = z
  .object({
    id: UuidSchema,
    scheduleId: UuidSchema,
    scheduledFor: z.string().openapi({ description: "The occurrence (a manual trigger: when it was asked)" }),
    firedAt: z.string(),
    status: z.enum(EXECUTION_STATUSES).openapi({
      description:
        "`started`: the target's run was created (`runId`); `skipped`: not started (missed during downtime, or the target could not start now: `reason`); `failed`: this server has no target of that type",
    }),
    reason: z.string().nullable(),
    missed: z.number().int().nullable().openapi({ description: "Occurrences a downtime summary stands for" }),
    runId: UuidSchema.nullable().openapi({ description: "The run the fire started (GET /runs/{runId})" }),
    target: TargetSchema,
    manual: z.boolean().openapi({ description: "Started by trigger-now" }),
    detail: z.record(z.string(), z.unknown()).nullable().openapi({ description: "What the target reported" }),
  })
  .openapi("ScheduleExecution");

export const ScheduleEnvelope = z.object({ schedule: ScheduleSchema }).openapi("ScheduleEnvelope");
export const ScheduleListEnvelope = z
  .object({ schedules: z.array(ScheduleSchema), nextCursor: z.string().nullable() })
  .openapi("ScheduleList");
export const TriggerEnvelope = z
  .object({ schedule: ScheduleSchema, execution: ExecutionSchema })
  .openapi("ScheduleTriggered");
export const ExecutionListEnvelope = z
  .object({ executions: z.array(ExecutionSchema), nextCursor: z.string().nullable() })
  .openapi("ScheduleExecutionList");
export const PreviewEnvelope = z
  .object({
    runs: z.array(z.string()).openapi({ example: ["2026-03-02T08:00:00.000Z", "2026-03-09T08:00:00.000Z"] }),
  })
  .openapi("SchedulePreview");
export const DeletedScheduleEnvelope = z.object({ deleted: z.literal(true), id: UuidSchema });

export const ScheduleListQuery = z.strictObject({
  ...pageQuery,
  enabled: z.enum(["true", "false"]).optional().openapi({ description: "Only enabled (or disabled) schedules" }),
  targetType: z.enum(TARGET_TYPES).optional(),
  targetId: UuidSchema.optional(),
});
export const ExecutionListQuery = z.strictObject(pageQuery);
export const PreviewQuery = z.strictObject({
  tenantId: TenantIdSchema.optional(),
  count: z.coerce.number().int().min(1).max(100).default(10).openapi({ description: "How many (1-100)", example: 10 }),
});
export const TriggerBody = z.strictObject({ tenantId: TenantIdSchema.optional() });

export type CreateSchedule = z.infer<typeof CreateScheduleBody>;
export type UpdateSchedule = z.infer<typeof UpdateScheduleBody>;
export type ScheduleView = z.infer<typeof ScheduleSchema>;
export type ExecutionView = z.infer<typeof ExecutionSchema>;
