// Shared by the research pages (skills, cohorts, populations, schedules, tasks).
import { queryClient } from "../client.tsx";

/**
 * After a delete: drops every cached query whose key names the deleted id (its detail, versions,
 * members…), so none is fetched again (and 404s) while the page navigates away.
 */
export function forget(id: string): void {
  queryClient.removeQueries({ predicate: (q) => q.queryKey.includes(id) });
}
