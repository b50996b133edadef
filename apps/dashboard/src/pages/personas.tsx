import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Link, type RouteObject, useSearchParams } from "react-router";
import { useClient, useSession } from "../client.tsx";
import { formatDate, formatInt } from "../lib/format.ts";
import { activeFilterCount, EMPTY_FILTERS, filtersToQuery, type PersonaFilters, personaName } from "../lib/personas.ts";
import {
  Button,
  Card,
  DataTable,
  EmptyState,
  ErrorState,
  Loading,
  PageHeader,
  StatusBadge,
  TextField,
} from "../ui/components.tsx";
import { CreatePersonaDialog } from "./personas/create.tsx";
import { PersonaDetailPage } from "./personas/detail.tsx";
import { SessionTranscriptPage } from "./personas/transcript.tsx";
import "../styles/personas.css";

const PAGE_SIZE = 25;

/** A value that follows `value` once it has stopped changing for `ms` (search as you type, one request). */
function useSettled<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

function PersonasPage() {
  const client = useClient();
  const { tenant } = useSession();
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState<PersonaFilters>(() => ({
    ...EMPTY_FILTERS,
    q: params.get("q") ?? "",
  }));
  const settled = useSettled(filters);
  const query = useMemo(() => filtersToQuery(settled), [settled]);
  const createOpen = params.get("create") === "1";
  const setCreateOpen = (open: boolean) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (open) next.set("create", "1");
        else next.delete("create");
        return next;
      },
      { replace: true },
    );

  const list = useInfiniteQuery({
    queryKey: ["personas", "list", tenant.tenantId ?? "", query],
    queryFn: async ({ pageParam }) => {
      const page = await client.personas.list({ ...tenant, ...query, limit: PAGE_SIZE, cursor: pageParam });
      return { personas: page.data, nextCursor: page.nextCursor };
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const personas = useMemo(() => list.data?.pages.flatMap((p) => p.personas) ?? [], [list.data]);
  const filtered = activeFilterCount(filters) > 0;
  const set = (k: keyof PersonaFilters) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setFilters((f) => ({ ...f, [k]: e.target.value }));

  return (
    <>
      <PageHeader
        title="Personas"
        description="Durable synthetic individuals: a profile written from a seed and a timeline of memories."
        actions={<CreatePersonaDialog open={createOpen} onOpenChange={setCreateOpen} />}
      />
      <div className="stack">
        <Card>
          <form
            className="persona-filters"
            aria-label="Search and filter personas"
            onSubmit={(e) => e.preventDefault()}
          >
            <TextField
              label="Search"
              type="search"
              placeholder="Name, place, work or summary"
              value={filters.q}
              onChange={set("q")}
            />
            <TextField label="Location contains" value={filters.location} onChange={set("location")} />
            <TextField label="Occupation contains" value={filters.occupation} onChange={set("occupation")} />
            <TextField
              label="Min age"
              type="number"
              min={0}
              max={120}
              inputMode="numeric"
              value={filters.minAge}
              onChange={set("minAge")}
            />
            <TextField
              label="Max age"
              type="number"
              min={0}
              max={120}
              inputMode="numeric"
              value={filters.maxAge}
              onChange={set("maxAge")}
            />
            <div className="persona-filters-clear">
              <Button variant="ghost" disabled={!filtered} onClick={() => setFilters(EMPTY_FILTERS)}>
                Clear filters
              </Button>
            </div>
          </form>
        </Card>
        {list.isPending ? (
          <Loading label="Loading personas…" />
        ) : list.isError && !list.data ? (
          <ErrorState error={list.error} retry={() => list.refetch()} />
        ) : personas.length === 0 ? (
          filtered ? (
            <EmptyState
              title="No persona matches these filters"
              action={
                <Button variant="secondary" onClick={() => setFilters(EMPTY_FILTERS)}>
                  Clear filters
                </Button>
              }
            >
              Search looks in names, locations, occupations and summaries.
            </EmptyState>
          ) : (
            <EmptyState
              title="No personas yet"
              action={<Button onClick={() => setCreateOpen(true)}>Create your first persona</Button>}
            >
              A persona starts from a seed — a name, an age, a place and a job. The model writes its profile
              (personality, values, voice, backstory) and its first memories; then you can chat with it or put it in a
              study.
            </EmptyState>
          )
        ) : (
          <>
            <p className="muted" aria-live="polite">
              {formatInt(personas.length)} shown{list.hasNextPage ? " (more to load)" : ""}
              {list.isFetching && !list.isFetchingNextPage ? " · updating…" : ""}
            </p>
            <DataTable
              caption="Personas"
              rows={personas}
              rowKey={(p) => p.id}
              columns={[
                {
                  key: "name",
                  header: "Name",
                  render: (p) => <Link to={`/personas/${p.id}`}>{personaName(p)}</Link>,
                  sort: (p) => personaName(p),
                },
                { key: "age", header: "Age", render: (p) => p.age, sort: (p) => p.age, align: "right" },
                { key: "location", header: "Location", render: (p) => p.location, sort: (p) => p.location },
                {
                  key: "occupation",
                  header: "Occupation",
                  render: (p) => p.baseOccupation,
                  sort: (p) => p.baseOccupation,
                },
                { key: "profile", header: "Profile", render: (p) => <StatusBadge status={p.profileStatus} /> },
                { key: "created", header: "Created", render: (p) => formatDate(p.createdAt), sort: (p) => p.createdAt },
              ]}
            />
            {list.isError ? <ErrorState error={list.error} retry={() => list.fetchNextPage()} /> : null}
            {list.hasNextPage ? (
              <div>
                <Button variant="secondary" busy={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
                  Load more
                </Button>
              </div>
            ) : null}
          </>
        )}
      </div>
    </>
  );
}

export const personasRoutes: RouteObject[] = [
  { path: "personas", element: <PersonasPage /> },
  { path: "personas/:personaId", element: <PersonaDetailPage /> },
  { path: "personas/:personaId/sessions/:sessionId", element: <SessionTranscriptPage /> },
];
