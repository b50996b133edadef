import type { Schemas } from "@person-run/sdk";
import { APIError } from "@person-run/sdk";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, type RouteObject } from "react-router";
import { errorMessage, queryClient, useClient, useSession } from "../client.tsx";
import { blockedBy, describeReason, stageLabel } from "../lib/chat.ts";
import { formatDate } from "../lib/format.ts";
import { fieldErrors, personaName } from "../lib/personas.ts";
import { formToBody, isDirty, type PolicyForm, policyToForm } from "../lib/safety.ts";
import {
  Badge,
  Button,
  Card,
  Dialog,
  EmptyState,
  LiveRegion,
  PageHeader,
  QueryView,
  SelectField,
  TextArea,
  TextField,
} from "../ui/components.tsx";
import "../styles/safety.css";

type Policy = Schemas["SafetyPolicy"];
const FIELDS = [
  "blockedTerms",
  "allowPii",
  "toxicityThreshold",
  "promptGuards",
  "escalationKeywords",
  "allowedTopics",
  "blockedTopics",
  "refusalMessage",
  "escalationWebhookUrl",
];

function SafetyPage() {
  const client = useClient();
  const { tenant } = useSession();
  const policy = useQuery({
    queryKey: ["safety-policy", tenant.tenantId ?? ""],
    queryFn: async () => (await client.safetyPolicy.retrieve({ ...tenant })).policyPack,
  });
  return (
    <>
      <PageHeader
        title="Safety policy"
        description="Rules every prompt and every answer pass through, on the sync, async and streaming paths alike."
      />
      <QueryView query={policy} loadingLabel="Loading the policy…">
        {(p) => (
          <div className="safety-layout">
            <PolicyEditor policy={p} />
            <TestPrompt />
          </div>
        )}
      </QueryView>
    </>
  );
}

function PolicyEditor({ policy }: { policy: Policy }) {
  const client = useClient();
  const { tenant } = useSession();
  const [form, setForm] = useState<PolicyForm>(() => policyToForm(policy));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirmReset, setConfirmReset] = useState(false);
  const [status, setStatus] = useState("");
  // A saved or reset policy comes back from the server: the form follows it.
  useEffect(() => setForm(policyToForm(policy)), [policy]);
  const save = useMutation({
    mutationFn: () => client.safetyPolicy.set({ ...tenant, ...formToBody(form) }),
    onMutate: () => {
      setErrors({});
      setStatus("");
    },
    onSuccess: (res) => {
      queryClient.setQueryData(["safety-policy", tenant.tenantId ?? ""], res.policyPack);
      setStatus("Policy saved.");
    },
    onError: (err) => {
      if (err instanceof APIError) setErrors(fieldErrors(err.details, FIELDS));
    },
  });
  const reset = useMutation({
    mutationFn: () => client.safetyPolicy.delete(tenant.tenantId ?? policy.tenantId),
    onSuccess: async () => {
      setConfirmReset(false);
      await queryClient.invalidateQueries({ queryKey: ["safety-policy"] });
      setStatus("Policy removed: the defaults apply.");
    },
  });
  const dirty = isDirty(form, policy);
  const redacted = policy.redacted ?? [];
  const f = (k: Exclude<keyof PolicyForm, "allowPii">) => ({
    value: form[k],
    error: errors[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      setForm((s) => ({ ...s, [k]: e.target.value })),
  });
  return (
    <Card
      title="Policy"
      actions={
        <div className="row">
          {policy.isDefault ? (
            <Badge tone="neutral">defaults</Badge>
          ) : (
            <Badge tone="info">custom · saved {formatDate(policy.updatedAt)}</Badge>
          )}
        </div>
      }
    >
      <LiveRegion>{status}</LiveRegion>
      {redacted.length ? (
        <p className="notice notice-warn" role="note">
          This key may not read every field ({redacted.join(", ")}): they are shown empty. Saving needs a key with
          policy:write.
        </p>
      ) : null}
      {policy.isDefault ? (
        <p className="muted">
          No policy is set: the defaults apply (personal data refused, toxicity threshold 0.7). Add blocked terms,
          topics or guards below and save to make it yours.
        </p>
      ) : null}
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div className="form-grid">
          <TextArea
            label="Blocked terms"
            hint="One a line. Words or phrases that never pass, in the prompt or the answer."
            rows={4}
            {...f("blockedTerms")}
          />
          <TextArea
            label="Prompt guards"
            hint="One a line: phrases or /regex/flags that block a prompt (injection, jailbreak)."
            rows={4}
            {...f("promptGuards")}
          />
          <TextArea
            label="Blocked topics"
            hint="One a line: prompts about these are refused."
            rows={3}
            {...f("blockedTopics")}
          />
          <TextArea
            label="Allowed topics"
            hint="One a line. When set, prompts outside them are refused. Empty: any topic."
            rows={3}
            {...f("allowedTopics")}
          />
          <TextArea
            label="Escalation keywords"
            hint="One a line: hand the session to a human (and call the webhook)."
            rows={3}
            {...f("escalationKeywords")}
          />
          <div className="stack-tight">
            <TextField
              label="Toxicity threshold"
              hint="0–1: prompts and answers scoring above are blocked (default 0.7)."
              type="number"
              min={0}
              max={1}
              step={0.05}
              inputMode="decimal"
              {...f("toxicityThreshold")}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={form.allowPii}
                onChange={(e) => setForm((s) => ({ ...s, allowPii: e.target.checked }))}
              />{" "}
              Allow personal data (PII) in prompts and answers
            </label>
            {errors.allowPii ? <div className="field-error">{errors.allowPii}</div> : null}
          </div>
        </div>
        <TextArea
          label="Refusal message"
          hint="What a blocked answer says instead."
          rows={2}
          {...f("refusalMessage")}
        />
        <TextField
          label="Escalation webhook URL"
          hint="Receives a signed POST when a session is escalated. Empty: none."
          type="url"
          placeholder="https://example.com/hooks/escalation"
          {...f("escalationWebhookUrl")}
        />
        {policy.escalationWebhookSecret ? (
          <p className="hint">
            Webhook signing secret: <code>{policy.escalationWebhookSecret}</code>
          </p>
        ) : null}
        {save.isError ? (
          <div className="error-state" role="alert">
            <strong>The policy was not saved</strong>
            <p>{errorMessage(save.error)}</p>
            {errors._form ? <p>{errors._form}</p> : null}
          </div>
        ) : null}
        {save.isSuccess && !dirty ? (
          <p className="notice notice-good" role="status">
            Saved. It applies to the next prompt.
          </p>
        ) : null}
        <div className="actions">
          <Button type="submit" busy={save.isPending} disabled={!dirty && !policy.isDefault}>
            {dirty || policy.isDefault ? "Save policy" : "Saved"}
          </Button>
          <Button variant="ghost" disabled={!dirty} onClick={() => setForm(policyToForm(policy))}>
            Discard changes
          </Button>
          <span className="spacer" />
          <Dialog
            open={confirmReset}
            onOpenChange={setConfirmReset}
            trigger={
              <Button variant="danger" disabled={policy.isDefault}>
                Reset to defaults
              </Button>
            }
            title="Reset the safety policy?"
            description="The tenant's policy is deleted and the defaults apply again to every prompt."
          >
            {reset.isError ? (
              <p className="field-error" role="alert">
                {errorMessage(reset.error)}
              </p>
            ) : null}
            <div className="actions">
              <Button variant="danger" busy={reset.isPending} onClick={() => reset.mutate()}>
                Reset to defaults
              </Button>
              <Button variant="secondary" onClick={() => setConfirmReset(false)}>
                Cancel
              </Button>
            </div>
          </Dialog>
        </div>
      </form>
    </Card>
  );
}

function TestPrompt() {
  const client = useClient();
  const { tenant } = useSession();
  const [personaId, setPersonaId] = useState("");
  const [prompt, setPrompt] = useState("");
  const personas = useQuery({
    queryKey: ["personas", "list", tenant.tenantId ?? "", "safety-picker"],
    queryFn: async () => (await client.personas.list({ ...tenant, limit: 100 })).data,
  });
  const chosen = personaId || personas.data?.[0]?.id || "";
  const test = useMutation({
    mutationFn: () => client.prompts.create({ ...tenant, personaId: chosen, userPrompt: prompt.trim() }),
  });
  const blocked = test.isError ? blockedBy(test.error) : null;
  return (
    <Card title="Test a prompt">
      <p className="muted">
        Sends a real prompt to a persona through the policy as saved (save your changes first). It is recorded and
        billed like any prompt.
      </p>
      <QueryView query={personas} loadingLabel="Loading personas…">
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState
              title="A test needs a persona"
              action={
                <Link className="btn btn-primary" to="/personas?create=1">
                  Create a persona
                </Link>
              }
            >
              The prompt goes to a persona, so that the answer is checked too.
            </EmptyState>
          ) : (
            <form
              className="stack"
              onSubmit={(e) => {
                e.preventDefault();
                if (prompt.trim()) test.mutate();
              }}
            >
              <SelectField
                label="Persona"
                value={chosen}
                onChange={(e) => setPersonaId(e.target.value)}
                options={rows.map((p) => ({ value: p.id, label: personaName(p) }))}
              />
              <TextArea
                label="Prompt to test"
                rows={3}
                value={prompt}
                onChange={(e) => setPrompt(e.target.value)}
                placeholder="What do you think about …?"
              />
              <div className="actions">
                <Button type="submit" busy={test.isPending} disabled={!prompt.trim()}>
                  Test prompt
                </Button>
              </div>
            </form>
          )
        }
      </QueryView>
      <div aria-live="polite" className="test-result">
        {blocked ? (
          <div className="verdict verdict-blocked">
            <h3>
              <Badge tone="bad">blocked</Badge> {stageLabel(blocked.stage)}
            </h3>
            <p>{blocked.message}</p>
            <p>
              Rule:{" "}
              {blocked.reasons.length ? (
                blocked.reasons.map((r) => (
                  <span key={r} className="rule">
                    <code>{r}</code> ({describeReason(r)}){" "}
                  </span>
                ))
              ) : (
                <span className="muted">not given</span>
              )}
            </p>
          </div>
        ) : test.isError ? (
          <div className="error-state" role="alert">
            <strong>The test prompt failed</strong>
            <p>{errorMessage(test.error)}</p>
          </div>
        ) : test.data ? (
          <div className={`verdict ${test.data.guardrail.blocked ? "verdict-blocked" : "verdict-passed"}`}>
            <h3>
              {test.data.guardrail.blocked ? (
                <>
                  <Badge tone="bad">blocked</Badge> The answer was blocked
                </>
              ) : (
                <>
                  <Badge tone="good">passed</Badge> The prompt and the answer passed
                </>
              )}
              {test.data.guardrail.escalated ? (
                <>
                  {" "}
                  <Badge tone="warn">escalated</Badge>
                </>
              ) : null}
            </h3>
            {test.data.guardrail.reasons.length ? (
              <p>Rule: {test.data.guardrail.reasons.map(describeReason).join(", ")}</p>
            ) : null}
            <blockquote className="answer">{test.data.response}</blockquote>
          </div>
        ) : null}
      </div>
    </Card>
  );
}

export const safetyRoutes: RouteObject[] = [{ path: "safety", element: <SafetyPage /> }];
