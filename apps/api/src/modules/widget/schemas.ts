import { ErrorSchema, UuidSchema, z } from "../../shared/schemas.ts";

export const WidgetConfigQuery = z.strictObject({
  personaId: UuidSchema.openapi({
    param: { name: "personaId", in: "query" },
    description: "One of the key's personas",
  }),
});

export const WidgetThemeSchema = z
  .object({
    color: z.string().openapi({ description: "Accent colour (CSS colour)", example: "#4f46e5" }),
    position: z.enum(["left", "right"]),
    title: z.string(),
    greeting: z.string(),
  })
  .openapi("WidgetTheme");

export const WidgetConfigSchema = z
  .object({
    persona: z.object({
      id: UuidSchema,
      displayName: z.string().openapi({ description: "The persona's first name (what a chat shows)" }),
    }),
    theme: WidgetThemeSchema.openapi({ description: "Defaults; the page's data attributes and JS API override them" }),
  })
  .openapi("WidgetConfig");

export const WidgetPromptBody = z
  .strictObject({
    personaId: UuidSchema.openapi({ description: "One of the key's personas (another: 403)" }),
    message: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(2000, "must be at most 2000 characters")
      .openapi({ example: "What do you think of our pricing page?" }),
    sessionId: UuidSchema.optional().openapi({
      description: "Continue this widget conversation (one this key started); a new session when omitted",
    }),
  })
  .openapi("WidgetPromptRequest");

export const WidgetDoneSchema = z
  .object({
    sessionId: UuidSchema,
    response: z.string().openapi({ description: "The whole answer: the `token` deltas joined" }),
  })
  .openapi("WidgetDone");

export const WidgetStreamEvents = z
  .discriminatedUnion("event", [
    z.object({ event: z.literal("ready"), data: z.object({ startedAt: z.string() }) }),
    z.object({ event: z.literal("token"), data: z.object({ delta: z.string() }) }),
    z.object({ event: z.literal("done"), data: WidgetDoneSchema }),
    z.object({
      event: z.literal("blocked"),
      data: z.object({ message: z.string().openapi({ description: "The tenant's refusal message" }) }),
    }),
    z.object({ event: z.literal("error"), data: ErrorSchema }),
  ])
  .openapi("WidgetStreamEvent");
