import type { Schemas } from "@person-run/sdk";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, type RouteObject } from "react-router";
import { queryClient, useClient, useSession } from "../client.tsx";
import { formatDate, formatInt, formatNumber, formatUsd } from "../lib/format.ts";
import { Button, Card, ErrorState, PageHeader, QueryView, Stat, TextField } from "../ui/components.tsx";

type Billing = Schemas["Billing"];

/** A limit as a meter: used of allowed, red when reached. */
function LimitMeter(props: { label: string; used: number; limit: number | undefined }) {
  if (props.limit === undefined) {
    return (
      <div className="field">
        <span>
          <strong>{props.label}</strong>: {formatInt(props.used)} used, no limit
        </span>
      </div>
    );
  }
  return (
    <div className="field">
      <span id={`meter-${props.label}`}>
        <strong>{props.label}</strong>: {formatInt(props.used)} of {formatInt(props.limit)}
      </span>
      <meter
        className="meter"
        aria-labelledby={`meter-${props.label}`}
        min={0}
        max={Math.max(props.limit, 1)}
        high={Math.max(props.limit, 1) * 0.9}
        value={Math.min(props.used, props.limit)}
      />
    </div>
  );
}

const parseOptionalInt = (s: string): number | undefined | "bad" => {
  if (!s.trim()) return undefined;
  const n = Number(s);
  return Number.isInteger(n) && n >= 0 ? n : "bad";
};

function SettingsForm(props: { billing: Billing }) {
  const client = useClient();
  const { tenant } = useSession();
  const b = props.billing;
  const [balance, setBalance] = useState(b.creditBalance == null ? "" : String(b.creditBalance));
  const [prompts, setPrompts] = useState(b.limits.monthlyPrompts == null ? "" : String(b.limits.monthlyPrompts));
  const [tokens, setTokens] = useState(b.limits.monthlyTokens == null ? "" : String(b.limits.monthlyTokens));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: Parameters<typeof client.billing.update>[0]) => client.billing.update({ ...body, ...tenant }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["billing"] }),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const credit = balance.trim() ? Number(balance) : null;
    const p = parseOptionalInt(prompts);
    const t = parseOptionalInt(tokens);
    if (credit !== null && (!Number.isFinite(credit) || credit < 0)) return setProblem("Credits: a number ≥ 0.");
    if (p === "bad" || t === "bad") return setProblem("Limits: whole numbers ≥ 0, or empty for none.");
    setProblem(null);
    save.mutate({
      creditBalance: credit,
      limits: { ...(p !== undefined ? { monthlyPrompts: p } : {}), ...(t !== undefined ? { monthlyTokens: t } : {}) },
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <TextField
        label="Credit balance"
        inputMode="decimal"
        value={balance}
        onChange={(e) => setBalance(e.target.value)}
        hint="Prepaid credits. Empty: unlimited (no balance is kept)."
      />
      <TextField
        label="Monthly prompt limit"
        inputMode="numeric"
        value={prompts}
        onChange={(e) => setPrompts(e.target.value)}
        hint="Prompts per calendar month (UTC). Empty: none."
      />
      <TextField
        label="Monthly token limit"
        inputMode="numeric"
        value={tokens}
        onChange={(e) => setTokens(e.target.value)}
        hint="Input + output tokens per calendar month (UTC). Empty: none."
      />
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {save.isError ? <ErrorState error={save.error} title="Not saved" /> : null}
      {save.isSuccess ? <p role="status">Saved.</p> : null}
      <Button type="submit" busy={save.isPending}>
        Save billing settings
      </Button>
    </form>
  );
}

function TopUpForm() {
  const client = useClient();
  const { tenant } = useSession();
  const [credits, setCredits] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const topUp = useMutation({
    mutationFn: (n: number) => client.billing.topUp({ credits: n, ...tenant }),
    onSuccess: () => {
      setCredits("");
      return queryClient.invalidateQueries({ queryKey: ["billing"] });
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(credits);
        if (!credits.trim() || !Number.isFinite(n) || n <= 0) return setProblem("A number of credits above 0.");
        setProblem(null);
        topUp.mutate(n);
      }}
      noValidate
    >
      <TextField
        label="Add credits"
        inputMode="decimal"
        value={credits}
        onChange={(e) => setCredits(e.target.value)}
        error={problem}
        hint="Adds to the balance atomically."
      />
      {topUp.isError ? <ErrorState error={topUp.error} title="Not added" /> : null}
      <Button type="submit" busy={topUp.isPending}>
        Top up
      </Button>
    </form>
  );
}

function BillingPage() {
  const client = useClient();
  const { tenant } = useSession();
  const billing = useQuery({ queryKey: ["billing", tenant], queryFn: () => client.billing.retrieve(tenant) });
  return (
    <>
      <PageHeader
        title="Billing"
        description={
          <>
            Credits, plan limits and this month's usage. Cost over time is under <Link to="/analytics">Analytics</Link>,
            prices under <Link to="/models">Models & pricing</Link>.
          </>
        }
      />
      <QueryView query={billing}>
        {({ billing: b }) => (
          <div className="stack">
            <div className="grid">
              <Stat
                label="Credit balance"
                value={b.creditBalance == null ? "Unlimited" : formatNumber(b.creditBalance)}
                hint={b.creditBalance == null ? "No prepaid balance is kept" : "Prepaid credits left"}
              />
              <Stat label="Prompts this month" value={formatInt(b.usage.prompts)} />
              <Stat label="Tokens this month" value={formatInt(b.usage.tokens)} />
              <Stat
                label="Cost this month"
                value={formatUsd(b.usage.costUsd)}
                hint={`${formatNumber(b.usage.credits)} credits since ${formatDate(b.usage.periodStart, { withTime: false })}`}
              />
            </div>
            <Card title="Plan limits">
              <LimitMeter label="Prompts" used={b.usage.prompts} limit={b.limits.monthlyPrompts} />
              <LimitMeter label="Tokens" used={b.usage.tokens} limit={b.limits.monthlyTokens} />
            </Card>
            <div className="grid-2">
              <Card title="Top up">
                {b.creditBalance == null ? (
                  <p className="muted">
                    This workspace has unlimited credits. To use prepaid credits, set a credit balance under Settings;
                    then top it up here.
                  </p>
                ) : (
                  <TopUpForm />
                )}
              </Card>
              <Card title="Settings">
                <SettingsForm key={JSON.stringify(b)} billing={b} />
              </Card>
            </div>
          </div>
        )}
      </QueryView>
    </>
  );
}

export const billingRoutes: RouteObject[] = [{ path: "billing", element: <BillingPage /> }];
