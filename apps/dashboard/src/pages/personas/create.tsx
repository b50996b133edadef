import { APIError } from "@person-run/sdk";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { errorMessage, queryClient, useClient, useSession } from "../../client.tsx";
import { BIG_FIVE, EMPTY_SEED, fieldErrors, type SeedForm, seedToBody } from "../../lib/personas.ts";
import { Button, Dialog, TextArea, TextField } from "../../ui/components.tsx";

const FIELDS = Object.keys(EMPTY_SEED);

/** "Create from a seed": the seed's fields; the API's validation messages beside each field. */
export function CreatePersonaDialog(props: { open: boolean; onOpenChange(open: boolean): void }) {
  const client = useClient();
  const { tenant } = useSession();
  const navigate = useNavigate();
  const [form, setForm] = useState<SeedForm>(EMPTY_SEED);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: () => {
      const { body, errors: local } = seedToBody(form);
      if (Object.keys(local).length) {
        setErrors(local);
        throw new Error("Some fields need attention");
      }
      return client.personas.create({ ...tenant, ...body });
    },
    onMutate: () => setErrors({}),
    onSuccess: async (res) => {
      await queryClient.invalidateQueries({ queryKey: ["personas"] });
      props.onOpenChange(false);
      setForm(EMPTY_SEED);
      navigate(`/personas/${res.persona.id}`);
    },
    onError: (err) => {
      if (err instanceof APIError) setErrors(fieldErrors(err.details, FIELDS));
    },
  });
  const f = (k: keyof SeedForm) => ({
    value: form[k],
    error: errors[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      setForm((s) => ({ ...s, [k]: e.target.value })),
  });
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      trigger={<Button>Create persona</Button>}
      title="Create a persona from a seed"
      description="The five first fields are required; the model writes the rest of the profile and the first memories."
    >
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <fieldset className="form-grid">
          <legend>Identity</legend>
          <TextField label="First name" required autoComplete="off" {...f("firstName")} />
          <TextField label="Last name" required autoComplete="off" {...f("lastName")} />
          <TextField label="Age" required type="number" inputMode="numeric" min={0} max={120} {...f("age")} />
          <TextField label="Location" required placeholder="San Francisco" {...f("location")} />
          <TextField label="Occupation" required placeholder="Product designer" {...f("baseOccupation")} />
          <TextField label="Gender" {...f("gender")} />
          <TextField label="Education" placeholder="Bachelor's degree" {...f("education")} />
          <TextField label="Income bracket" placeholder="$100k-$150k" {...f("incomeBracket")} />
          <TextField label="Household" placeholder="Lives with partner" {...f("household")} />
          <TextField label="Languages" hint="Comma-separated" placeholder="English, Mandarin" {...f("languages")} />
          <TextField label="Interests" hint="Comma-separated" placeholder="ceramics, bouldering" {...f("interests")} />
        </fieldset>
        <fieldset className="form-grid">
          <legend>Personality overrides (0–1, blank: the model chooses)</legend>
          {BIG_FIVE.map((k) => (
            <TextField
              key={k}
              label={k[0]?.toUpperCase() + k.slice(1)}
              type="number"
              step={0.05}
              min={0}
              max={1}
              inputMode="decimal"
              {...f(k)}
            />
          ))}
        </fieldset>
        <TextArea
          label="Attributes"
          hint="One key=value a line, for segmentation (segment=prosumer)"
          rows={3}
          {...f("attributes")}
        />
        {create.isError ? (
          <div className="error-state" role="alert">
            <strong>The persona was not created</strong>
            <p>{errorMessage(create.error)}</p>
            {errors._form ? <p>{errors._form}</p> : null}
          </div>
        ) : null}
        <div className="actions">
          <Button type="submit" busy={create.isPending}>
            {create.isPending ? "Writing the profile…" : "Create persona"}
          </Button>
          <Button variant="secondary" onClick={() => props.onOpenChange(false)}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
