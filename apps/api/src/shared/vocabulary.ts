/**
 * Words several modules and the simulator share. Each is written here once and imported, never retyped:
 * a new memory type or seed field is then added in one place (DESIGN.md §5).
 */

/** How a memory is held (docs/memory.md): what retrieval, decay and the simulator do with it. */
export const MEMORY_TYPES = ["normal", "pride", "shame", "repressed", "revised", "exaggerated"] as const;
export type MemoryType = (typeof MEMORY_TYPES)[number];

/** The optional fields of a persona's seed, beyond name, age, location and occupation. */
export const SEED_EXTRA_FIELDS = [
  "gender",
  "education",
  "incomeBracket",
  "household",
  "languages",
  "interests",
  "personality",
] as const;
export type SeedExtraField = (typeof SEED_EXTRA_FIELDS)[number];

/** The persona export document (GET /personas/{id}/export, POST /personas/import). */
export const EXPORT_FORMAT = "person.run/persona-export";
/** 2 added `sessions` and `consistencyReports`; documents of version 1 are still imported. */
export const EXPORT_FORMAT_VERSION = 2;
