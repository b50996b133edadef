/** The timeline module's public entry: what other modules may use (docs/modules.md). */
export {
  deleteEntriesOf,
  type EntryRow,
  entriesOf,
  entryView,
  type ImportedEntry,
  insertEntries,
  insertEntriesOfMany,
  reinforceSql,
} from "./entries.ts";
export { type Retrieved, retrieveMemories } from "./retrieval.ts";
export {
  type TimelineEntry,
  type TimelineEntryInput,
  TimelineEntryInputSchema,
  TimelineEntrySchema,
} from "./schemas.ts";
export type { PersonaLookup, TimelineService } from "./service.ts";
