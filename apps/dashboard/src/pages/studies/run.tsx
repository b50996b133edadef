import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { errorMessage, useClient, useSession } from "../../client.tsx";
import { formatDate, formatDuration, formatInt, formatNumber, formatUsd } from "../../lib/format.ts";
import {
  applyRunEvent,
  isFinished,
  type LiveProgress,
  percentDone,
  progressAnnouncement,
  progressFromRun,
  type RunEvent,
  type StudyRun,
  tasksDone,
} from "../../lib/studies.ts";
import {
  Button,
  Card,
  Dialog,
  ErrorState,
  LiveRegion,
  Loading,
  PageHeader,
  Stat,
  StatusBadge,
} from "../../ui/components.tsx";
import { RunResults } from "./results.tsx";

export function StudyRunPage() {
  const { studyId = "", runId = "" } = useParams();
  const client = useClient();
  const { tenant } = useSession();
  const [streamFailed, setStreamFailed] = useState(false);
  const run = useQuery({
    queryKey: ["studies", "run", studyId, runId, tenant],
    queryFn: async () => (await client.studies.runs.retrieve(studyId, runId, { ...tenant })).run,
    // Polling only stands in when the live stream could not be kept open.
    refetchInterval: (q) => (streamFailed && q.state.data && !isFinished(q.state.data.status) ? 3000 : false),
  });
  const study = useQuery({
    queryKey: ["studies", "one", studyId, tenant],
    queryFn: async () => (await client.studies.retrieve(studyId, { ...tenant })).study,
    retry: false,
  });
  const title = study.data ? `Run of ${study.data.name}` : "Study run";
  if (run.isPending) return <Loading label="Loading the run…" />;
  if (run.isError)
    return (
      <>
        <PageHeader title={title} />
        <ErrorState error={run.error} retry={() => run.refetch()} />
      </>
    );
  return (
    <RunView
      key={run.data.id}
      title={title}
      run={run.data}
      studyLink={study.data ? study.data.name : null}
      onStreamFailed={() => setStreamFailed(true)}
    />
  );
}

function RunView(props: { title: string; run: StudyRun; studyLink: string | null; onStreamFailed: () => void }) {
  const { run } = props;
  const client = useClient();
  const { tenant } = useSession();
  const qc = useQueryClient();
  const runKey = ["studies", "run", run.studyId, run.id, tenant];
  const [live, setLive] = useState<LiveProgress>(() => progressFromRun(run));
  const [streamError, setStreamError] = useState<string | null>(null);
  const finished = isFinished(run.status);

  // A newer snapshot of the run (a control action, a refetch) replaces what the stream built so far.
  useEffect(() => setLive(progressFromRun(run)), [run]);

  // Live progress from the run's event stream, until its `end` event; the run and its results are re-read then.
  // biome-ignore lint/correctness/useExhaustiveDependencies: one stream per run; it ends by itself
  useEffect(() => {
    if (finished) return;
    const ctrl = new AbortController();
    (async () => {
      try {
        const stream = await client.studies.runs.events(run.studyId, run.id, { ...tenant }, { signal: ctrl.signal });
        for await (const e of stream) {
          const ev = e as RunEvent;
          setLive((p) => applyRunEvent(p, ev));
          if (ev.event === "end") {
            qc.setQueryData(runKey, (ev.data as { run: StudyRun }).run);
            void qc.invalidateQueries({ queryKey: ["studies", "runs", run.studyId] });
            void qc.invalidateQueries({ queryKey: ["studies", "trend", run.studyId] });
          }
        }
      } catch (err) {
        if (ctrl.signal.aborted) return;
        setStreamError(errorMessage(err));
        props.onStreamFailed();
      }
    })();
    return () => ctrl.abort();
  }, [run.id, finished]);

  const control = useMutation({
    mutationFn: async (action: "pause" | "resume" | "cancel") =>
      (await client.studies.runs.control(run.studyId, run.id, { action, ...tenant })).run,
    onSuccess: (r) => qc.setQueryData(runKey, r),
  });

  const pct = percentDone(live);
  const status = live.status;
  const canPause = status === "running" || status === "queued";
  const canResume = status === "paused";
  const canCancel = !isFinished(status);
  return (
    <>
      <PageHeader
        title={props.title}
        description={
          <>
            Started {formatDate(run.createdAt)} · model {run.model ?? "pinned at start"} · seed {run.seed}
            {run.sample ? ` · pilot of ${run.sample} members` : ""}
          </>
        }
        actions={
          <>
            {canPause ? (
              <Button variant="secondary" busy={control.isPending} onClick={() => control.mutate("pause")}>
                Pause
              </Button>
            ) : null}
            {canResume ? (
              <Button variant="secondary" busy={control.isPending} onClick={() => control.mutate("resume")}>
                Resume
              </Button>
            ) : null}
            {canCancel ? <CancelDialog busy={control.isPending} onConfirm={() => control.mutate("cancel")} /> : null}
          </>
        }
      />
      <p className="crumbs">
        <Link to={`/studies/${run.studyId}`}>
          {props.studyLink ? `Back to ${props.studyLink}` : "Back to the study"}
        </Link>
      </p>
      {control.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(control.error)}
        </p>
      ) : null}
      <div className="stack">
        <Card title="Progress" actions={<StatusBadge status={status} />}>
          <div
            className="progress"
            role="progressbar"
            aria-label="Tasks finished"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            aria-valuetext={`${tasksDone(live)} of ${live.total} tasks finished (${pct}%)`}
          >
            <div className={`progress-fill progress-${status}`} style={{ width: `${pct}%` }} />
          </div>
          <p className="progress-label">
            {formatInt(tasksDone(live))} of {formatInt(live.total)} tasks finished ({pct}%)
            {live.finalizing && !isFinished(status) ? " · concluding…" : ""}
          </p>
          <LiveRegion>{progressAnnouncement(live)}</LiveRegion>
          <div className="stats">
            <Stat label="Succeeded" value={formatInt(live.succeeded)} />
            <Stat label="Failed" value={formatInt(live.failed)} />
            <Stat label="Cancelled" value={formatInt(live.cancelled)} />
            <Stat label="Running" value={formatInt(live.running)} />
            <Stat label="Queued" value={formatInt(live.queued)} />
            <Stat label="Paused" value={formatInt(live.paused)} />
            <Stat label="Cost so far" value={formatUsd(live.costUsd)} hint={`${formatNumber(live.credits)} credits`} />
            <Stat
              label="Time left"
              value={live.eta && status === "running" ? formatDuration(live.eta.seconds * 1000) : "—"}
              hint={
                live.eta && status === "running"
                  ? `about ${formatDate(live.eta.at)}`
                  : isFinished(status)
                    ? `finished ${formatDate(run.finishedAt)}`
                    : "after the first task ends"
              }
            />
          </div>
          {run.plan ? (
            <p className="hint">
              Planned: {formatInt(run.plan.tasks)} tasks, about {formatNumber(run.plan.estimate.credits)} credits (
              {formatUsd(run.plan.estimate.costUsd)}).
              {run.budget
                ? ` Budget: ${[
                    run.budget.maxCredits != null ? `${formatNumber(run.budget.maxCredits)} credits` : "",
                    run.budget.maxUsd != null ? formatUsd(run.budget.maxUsd) : "",
                  ]
                    .filter(Boolean)
                    .join(" and ")}.`
                : ""}
            </p>
          ) : null}
          {run.stopReason ? <p className="notice">{run.stopReason}</p> : null}
          {run.error ? (
            <p className="field-error">
              The run failed: {run.error.error} ({run.error.code})
            </p>
          ) : null}
          {streamError && !finished ? (
            <p className="hint">
              Live updates were interrupted ({streamError}); the page now re-reads the run every few seconds.
            </p>
          ) : null}
        </Card>
        <RunResults run={run} live={live} />
      </div>
    </>
  );
}

function CancelDialog(props: { busy: boolean; onConfirm: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog
      trigger={<Button variant="danger">Cancel run</Button>}
      title="Cancel this run?"
      description="Every task not finished is cancelled and the run ends. The answers so far stay readable."
      open={open}
      onOpenChange={setOpen}
    >
      <div className="actions">
        <Button variant="secondary" onClick={() => setOpen(false)}>
          Keep running
        </Button>
        <Button
          variant="danger"
          busy={props.busy}
          onClick={() => {
            props.onConfirm();
            setOpen(false);
          }}
        >
          Cancel the run
        </Button>
      </div>
    </Dialog>
  );
}
