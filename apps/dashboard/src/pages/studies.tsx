import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, type RouteObject, useNavigate } from "react-router";
import { errorMessage, useClient, useSession } from "../client.tsx";
import { formatDate } from "../lib/format.ts";
import { createStudyBody, emptyStudyForm, type Study, type StudyForm } from "../lib/studies.ts";
import { Button, DataTable, Dialog, EmptyState, PageHeader, QueryView } from "../ui/components.tsx";
import { StudyDetailPage } from "./studies/detail.tsx";
import { StudyFields, usePickerData } from "./studies/fields.tsx";
import { StudyRunPage } from "./studies/run.tsx";
import "../styles/studies.css";

function CreateStudyDialog(props: { trigger: React.ReactNode }) {
  const client = useClient();
  const { tenant } = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<StudyForm>(emptyStudyForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: async (body: Parameters<typeof client.studies.create>[0]) =>
      (await client.studies.create({ ...body, ...tenant })).study,
    onSuccess: async (study) => {
      await qc.invalidateQueries({ queryKey: ["studies"] });
      setOpen(false);
      navigate(`/studies/${study.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = createStudyBody(form);
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    create.mutate(parsed.body);
  };
  return (
    <Dialog
      trigger={props.trigger}
      title="New study"
      description="Ask one skill's questions to every member of one population, with one model."
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) {
          setForm(emptyStudyForm());
          setErrors({});
          create.reset();
        }
      }}
    >
      <form className="stack" onSubmit={submit} noValidate>
        <StudyFields form={form} onChange={setForm} errors={errors} mode="create" />
        {create.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(create.error)}
          </p>
        ) : null}
        <div className="actions">
          <Button type="submit" busy={create.isPending}>
            Create study
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function StudiesList() {
  const client = useClient();
  const { tenant } = useSession();
  const studies = useQuery({
    queryKey: ["studies", "list", tenant],
    queryFn: async () => (await client.studies.list({ ...tenant, limit: 200 })).data,
  });
  const { populations, skills } = usePickerData();
  const popName = (id: string) => populations.data?.find((p) => p.id === id)?.name ?? "—";
  const skillName = (id: string) => skills.data?.find((s) => s.id === id)?.name ?? "—";
  return (
    <>
      <PageHeader
        title="Studies"
        description="A study asks one skill's questions across one population and reports the answers with their uncertainty."
        actions={<CreateStudyDialog trigger={<Button>New study</Button>} />}
      />
      <QueryView query={studies} loadingLabel="Loading studies…">
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState
              title="No studies yet"
              action={<CreateStudyDialog trigger={<Button>Create your first study</Button>} />}
            >
              <p>
                A study puts a skill (your questions) to a population (the personas to ask). Each run asks every member,
                estimates the cost first, and reports each question's answers overall and per group, with confidence
                intervals, significant differences and quotes. You need a population and a skill: make them under{" "}
                <Link to="/populations">Populations</Link> and <Link to="/skills">Skills</Link>.
              </p>
            </EmptyState>
          ) : (
            <DataTable<Study>
              caption="Studies"
              rows={rows}
              rowKey={(s) => s.id}
              initialSort={{ key: "updated", dir: "desc" }}
              columns={[
                {
                  key: "name",
                  header: "Name",
                  sort: (s) => s.name,
                  render: (s) => <Link to={`/studies/${s.id}`}>{s.name}</Link>,
                },
                { key: "population", header: "Population", render: (s) => popName(s.populationId) },
                { key: "skill", header: "Skill", render: (s) => skillName(s.skillId) },
                {
                  key: "replicates",
                  header: "Replicates",
                  align: "right",
                  sort: (s) => s.replicates,
                  render: (s) => s.replicates,
                },
                { key: "model", header: "Model", render: (s) => s.model ?? "skill's or default" },
                {
                  key: "updated",
                  header: "Updated",
                  sort: (s) => s.updatedAt,
                  render: (s) => formatDate(s.updatedAt),
                },
              ]}
            />
          )
        }
      </QueryView>
    </>
  );
}

export const studiesRoutes: RouteObject[] = [
  { path: "studies", element: <StudiesList /> },
  { path: "studies/:studyId", element: <StudyDetailPage /> },
  { path: "studies/:studyId/runs/:runId", element: <StudyRunPage /> },
];
