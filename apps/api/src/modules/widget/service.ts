import { ApiError } from "../../errors.ts";
import type { PublishableLimits } from "../access/index.ts";
import type { PersonaService } from "../personas/index.ts";

/** Default look of the widget; a page overrides it with data attributes or `PersonRunWidget.configure`. */
export const DEFAULT_COLOR = "#4338ca";

/** What the embed widget may read and do with a publishable key (docs/widget.md). */
export class WidgetService {
  constructor(private readonly personas: PersonaService) {}

  /** A persona the key does not list is refused (403), whether it exists, is another tenant's or not. */
  assertPersona(limits: PublishableLimits, personaId: string): void {
    if (!limits.personaIds.includes(personaId)) {
      throw new ApiError(
        "forbidden",
        `This publishable key may not talk to persona ${personaId}: it is not in its personaIds`,
      );
    }
  }

  /** The persona's public face (a first name: no profile, no memories) and the theme defaults. */
  async config(tenantId: string, limits: PublishableLimits, personaId: string) {
    this.assertPersona(limits, personaId);
    const persona = await this.personas.get(tenantId, personaId);
    const displayName = persona.firstName;
    return {
      persona: { id: persona.id, displayName },
      theme: {
        color: DEFAULT_COLOR,
        position: "right" as const,
        title: `Chat with ${displayName}`,
        greeting: `Hi, I'm ${displayName}. Ask me anything.`,
      },
    };
  }
}
