import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useClient, useSession } from "../../client.tsx";
import type { StudyForm } from "../../lib/studies.ts";
import { SelectField, TextArea, TextField } from "../../ui/components.tsx";

/** The population, skill and model lists the study forms pick from. */
export function usePickerData() {
  const client = useClient();
  const { tenant } = useSession();
  const populations = useQuery({
    queryKey: ["populations", "picker", tenant],
    queryFn: async () => (await client.populations.list({ ...tenant, limit: 200 })).data,
  });
  const skills = useQuery({
    queryKey: ["skills", "picker", tenant],
    queryFn: async () => (await client.skills.list({ ...tenant, limit: 200 })).data,
  });
  return { populations, skills };
}

export function useModels() {
  const client = useClient();
  const { tenant } = useSession();
  return useQuery({
    queryKey: ["models", "configured", tenant],
    queryFn: async () => (await client.models.list({ ...tenant, configured: "true" })).models,
    staleTime: 60_000,
  });
}

export function StudyFields(props: {
  form: StudyForm;
  onChange: (f: StudyForm) => void;
  errors: Record<string, string>;
  mode: "create" | "edit";
}) {
  const { form, onChange, errors } = props;
  const { populations, skills } = usePickerData();
  const models = useModels();
  const set = (k: keyof StudyForm) => (e: { target: { value: string } }) => onChange({ ...form, [k]: e.target.value });
  const ready = (populations.data ?? []).filter((p) => p.status === "ready");
  const liveSkills = (skills.data ?? []).filter((s) => !s.archivedAt);
  return (
    <>
      <TextField label="Name" value={form.name} onChange={set("name")} error={errors.name} required maxLength={200} />
      <TextArea label="Description (optional)" value={form.description} onChange={set("description")} rows={2} />
      <TextArea
        label="Decision it informs (optional)"
        hint="What will you decide from the answers? Kept for whoever reads the results later."
        value={form.decision}
        onChange={set("decision")}
        error={errors.decision}
        rows={2}
      />
      {props.mode === "create" ? (
        <>
          <SelectField
            label="Population"
            value={form.populationId}
            onChange={set("populationId")}
            error={errors.populationId ?? (populations.isError ? errorText(populations.error) : undefined)}
            hint={
              populations.isPending ? (
                "Loading populations…"
              ) : ready.length === 0 ? (
                <>
                  No population is ready: make one under <Link to="/populations">Populations</Link>.
                </>
              ) : (
                "The personas to ask (ready populations only)."
              )
            }
            options={[
              { value: "", label: "Choose a population…" },
              ...ready.map((p) => ({ value: p.id, label: `${p.name} (${p.size} members)` })),
            ]}
          />
          <SelectField
            label="Skill"
            value={form.skillId}
            onChange={set("skillId")}
            error={errors.skillId ?? (skills.isError ? errorText(skills.error) : undefined)}
            hint={
              skills.isPending ? (
                "Loading skills…"
              ) : liveSkills.length === 0 ? (
                <>
                  No skill yet: write one under <Link to="/skills">Skills</Link>.
                </>
              ) : (
                "The questions each persona answers."
              )
            }
            options={[
              { value: "", label: "Choose a skill…" },
              ...liveSkills.map((s) => ({
                value: s.id,
                label: `${s.name} (${s.questions.length} question${s.questions.length === 1 ? "" : "s"})`,
              })),
            ]}
          />
        </>
      ) : null}
      <TextField
        label="Replicates"
        hint="Answers per member (1–20). A persona answering 3 times counts 3 times."
        inputMode="numeric"
        value={form.replicates}
        onChange={set("replicates")}
        error={errors.replicates}
      />
      <SelectField
        label="Model"
        value={form.model}
        onChange={set("model")}
        error={models.isError ? errorText(models.error) : undefined}
        options={[
          { value: "", label: "The skill's model, else the server default" },
          ...(models.data ?? []).map((m) => ({ value: m.slug, label: m.slug })),
          ...(form.model && !(models.data ?? []).some((m) => m.slug === form.model)
            ? [{ value: form.model, label: form.model }]
            : []),
        ]}
      />
    </>
  );
}

function errorText(e: unknown): string {
  return e instanceof Error ? `Could not load the list: ${e.message}` : "Could not load the list";
}
