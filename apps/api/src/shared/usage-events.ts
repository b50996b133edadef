/**
 * Usage event names (SPEC §10 where compat). Each module lists the events it records in its manifest
 * and adds them here by declaration merging (`interface UsageEventNames extends EventNames<typeof EVENTS> {}`),
 * so recording an undeclared event does not compile.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the modules' declaration merging
export interface UsageEventNames {}
export type UsageEventName = keyof UsageEventNames & string;

/** The names of a module's `usageEvents` list, as `UsageEventNames` entries. */
export type EventNames<T extends readonly string[]> = { readonly [K in T[number]]: true };
