import type { QueryOf, Schemas } from "@person-run/sdk";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { RouteObject } from "react-router";
import { useClient, useSession } from "../client.tsx";
import { downloadText } from "../lib/download.ts";
import { formatInt, formatNumber, formatUsd } from "../lib/format.ts";
import {
  Badge,
  Button,
  Card,
  type Column,
  DataTable,
  EmptyState,
  ErrorState,
  PageHeader,
  QueryView,
  SelectField,
} from "../ui/components.tsx";

type Row = Schemas["ModelPricing"] & { contextWindow: number | null; capabilities: string[] };
type Filters = Pick<QueryOf<"getModelPricing">, "provider" | "capability" | "configured">;

const PROVIDERS = ["person-run", "openai", "anthropic", "gateway", "compatible"] as const;
const CAPABILITIES = [
  "text",
  "streaming",
  "structured-output",
  "image-input",
  "tools",
  "reasoning",
  "offline",
] as const;

function ModelsPage() {
  const client = useClient();
  const { tenant } = useSession();
  const [filters, setFilters] = useState<Filters>({});
  const data = useQuery({
    queryKey: ["models", "pricing", tenant, filters],
    queryFn: async () => {
      const [pricing, list] = await Promise.all([
        client.models.pricing({ ...tenant, ...filters }),
        client.models.list({ ...tenant, ...filters }),
      ]);
      const bySlug = new Map(list.models.map((m) => [m.slug, m]));
      const rows: Row[] = pricing.models.map((p) => ({
        ...p,
        contextWindow: bySlug.get(p.slug)?.contextWindow ?? null,
        capabilities: bySlug.get(p.slug)?.capabilities ?? [],
      }));
      return { rows, rule: pricing.rule, reference: pricing.reference };
    },
  });
  const csv = useMutation({
    mutationFn: () => client.models.pricingCsv({ ...tenant, ...filters }),
    onSuccess: (text) => downloadText(text, "person-run-model-pricing.csv", "text/csv"),
  });
  const columns: Column<Row>[] = [
    {
      key: "model",
      header: "Model",
      sort: (r) => r.name,
      render: (r) => (
        <>
          <strong>{r.name}</strong>
          <div className="hint">
            <code>{r.slug}</code>
          </div>
        </>
      ),
    },
    { key: "provider", header: "Provider", sort: (r) => r.provider, render: (r) => r.provider },
    {
      key: "configured",
      header: "Usable here",
      sort: (r) => (r.configured ? 1 : 0),
      render: (r) => (r.configured ? <Badge tone="good">configured</Badge> : <Badge>not configured</Badge>),
    },
    {
      key: "context",
      header: "Context",
      align: "right",
      sort: (r) => r.contextWindow,
      render: (r) => formatInt(r.contextWindow),
    },
    {
      key: "in",
      header: "Input $/M tok",
      align: "right",
      sort: (r) => r.inputPerMTok,
      render: (r) => (r.priceKnown ? formatUsd(r.inputPerMTok) : "unknown"),
    },
    {
      key: "cached",
      header: "Cached input $/M",
      align: "right",
      sort: (r) => r.cachedInputPerMTok,
      render: (r) => (r.priceKnown ? formatUsd(r.cachedInputPerMTok) : "—"),
    },
    {
      key: "out",
      header: "Output $/M tok",
      align: "right",
      sort: (r) => r.outputPerMTok,
      render: (r) => (r.priceKnown ? formatUsd(r.outputPerMTok) : "unknown"),
    },
    {
      key: "ref",
      header: "Reference prompt",
      align: "right",
      sort: (r) => r.referenceCostUsd,
      render: (r) => (
        <>
          {formatUsd(r.referenceCostUsd)}
          <div className="hint">{formatNumber(r.referenceCredits)} credits</div>
        </>
      ),
    },
    {
      key: "caps",
      header: "Capabilities",
      render: (r) => <span className="hint">{r.capabilities.join(", ")}</span>,
    },
  ];
  const set = (k: keyof Filters, v: string) => setFilters((f) => ({ ...f, [k]: v || undefined }));
  return (
    <>
      <PageHeader
        title="Models & pricing"
        description="Every model this server knows, its prices and whether it can be called here. Click a column to sort."
        actions={
          <Button variant="secondary" busy={csv.isPending} onClick={() => csv.mutate()}>
            Download CSV
          </Button>
        }
      />
      {csv.isError ? <ErrorState error={csv.error} title="The CSV did not download" /> : null}
      <search className="filters" aria-label="Filter models">
        <SelectField
          label="Provider"
          value={filters.provider ?? ""}
          onChange={(e) => set("provider", e.target.value)}
          options={[{ value: "", label: "All" }, ...PROVIDERS.map((p) => ({ value: p, label: p }))]}
        />
        <SelectField
          label="Capability"
          value={filters.capability ?? ""}
          onChange={(e) => set("capability", e.target.value)}
          options={[{ value: "", label: "Any" }, ...CAPABILITIES.map((c) => ({ value: c, label: c }))]}
        />
        <SelectField
          label="Usable here"
          value={filters.configured ?? ""}
          onChange={(e) => set("configured", e.target.value)}
          options={[
            { value: "", label: "All" },
            { value: "true", label: "Configured only" },
            { value: "false", label: "Not configured" },
          ]}
        />
      </search>
      <QueryView query={data}>
        {({ rows, rule, reference }) => (
          <div className="stack">
            {rows.length === 0 ? (
              <EmptyState title="No model matches these filters">Clear a filter to see more models.</EmptyState>
            ) : (
              <DataTable
                caption="Model prices"
                columns={columns}
                rows={rows}
                rowKey={(r) => r.slug}
                initialSort={{ key: "model", dir: "asc" }}
              />
            )}
            <Card title="How a prompt becomes credits">
              <p>
                A prompt costs its tokens at the model's prices (cached input at the cached price, plus any per-tool
                fee), converted at <strong>{formatNumber(rule.creditsPerUsd)} credits per US dollar</strong>, plus{" "}
                <strong>{formatNumber(rule.promptBaseCredits)} base credits</strong> per prompt. The reference prompt
                above is {formatInt(reference.tokensIn)} tokens in and {formatInt(reference.tokensOut)} out.
              </p>
              <p className="hint">
                Unknown prices (a local model) cost 0 USD. Configure providers with environment variables
                (docs/models.md); <code>person-run models sync</code> refreshes the catalog.
              </p>
            </Card>
          </div>
        )}
      </QueryView>
    </>
  );
}

export const modelsRoutes: RouteObject[] = [{ path: "models", element: <ModelsPage /> }];
