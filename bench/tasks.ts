/**
 * Tasks per second (part of `npm run bench`; alone: `npx tsx bench/tasks.ts`): a 3-question skill (likert,
 * single choice, text) executed as tasks on the simulator, beside the sync prompt rate of the same server in
 * the same run — the same three questions asked as plain `POST /personas/prompt` calls, as many at once as
 * the run engine's workers take tasks (8). A task is three turns through the turn engine plus its run
 * (claim, lease, completion), its parsing and result rows, so
 *
 *   ratio = (tasks/s × 3) / (prompts/s)
 *
 * is the share of the prompt rate a task keeps: 1.0 would be no per-task overhead at all. Measured on the
 * embedded database and, when PostgreSQL answers (DATABASE_URL or 127.0.0.1:5432), on a fresh PostgreSQL
 * database.
 */
import { pathToFileURL } from "node:url";
import { type ApiServer, call, onBothDrivers, pool } from "./servers.ts";

const TASKS = 40;
const PROMPTS = TASKS * 3;
const CONCURRENCY = 8;
const POLL_MS = 100;
const DEADLINE_MS = 300_000;

export interface TasksBench {
  driver: "embedded" | "postgres";
  tasks: number;
  promptsPerSec: number;
  tasksPerSec: number;
  /** (tasks/s × 3) / prompts/s. */
  ratio: number;
  /** Wall time a task adds above its three prompts, at the same concurrency: 1/tasks/s − 3/prompts/s. */
  overheadMsPerTask: number;
  failed: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SKILL = {
  name: "Pricing page (bench)",
  instructions:
    "You are looking at the pricing page of a project management tool: Basic $8, Pro $15, Team $25 a month.",
  questions: [
    {
      id: "rating",
      text: "How appealing is this pricing to you?",
      outputFormat: { type: "likert", scale: 7, labels: ["Not at all appealing", "Extremely appealing"] },
    },
    {
      id: "plan",
      text: "Which plan would you buy?",
      outputFormat: { type: "single_choice", options: ["Basic", "Pro", "Team"] },
    },
    { id: "why", text: "What would make you hesitate?", outputFormat: { type: "text", maxWords: 80 } },
  ],
};

async function measureOn(server: ApiServer, driver: TasksBench["driver"]): Promise<TasksBench> {
  const personas: string[] = [];
  for (const [firstName, age, location, baseOccupation] of [
    ["Aria", 32, "San Francisco", "Product designer"],
    ["Tomasz", 51, "Chicago", "Warehouse manager"],
    ["Priya", 27, "Austin", "Nurse"],
    ["Grace", 64, "Leeds, UK", "Retired teacher"],
  ] as const) {
    const { persona } = await call<{ persona: { id: string } }>(server, "POST", "/personas", {
      seed: { firstName, lastName: "Bench", age, location, baseOccupation },
    });
    personas.push(persona.id);
  }
  const { skill } = await call<{ skill: { id: string } }>(server, "POST", "/skills", SKILL);

  // Warm-up: one task and a few prompts, not measured.
  const warm = await call<{ task: { id: string } }>(server, "POST", "/tasks", {
    skillId: skill.id,
    personaId: personas[0],
    execute: true,
  });
  await waitFor(server, `/tasks/${warm.task.id}`, (b: { task: { status: string } }) =>
    ["succeeded", "failed", "cancelled"].includes(b.task.status),
  );

  const questions = SKILL.questions.map((q) => q.text);
  let started = performance.now();
  await pool(PROMPTS, CONCURRENCY, async (i) => {
    await call(server, "POST", "/personas/prompt", {
      personaId: personas[i % personas.length],
      userPrompt: `${SKILL.instructions}\n\n${questions[i % 3]}`,
    });
  });
  const promptSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  await pool(TASKS, CONCURRENCY, async (i) => {
    await call(server, "POST", "/tasks", {
      skillId: skill.id,
      personaId: personas[i % personas.length],
      execute: true,
    });
  });
  let finished = { succeeded: 0, failed: 0 };
  const deadline = Date.now() + DEADLINE_MS;
  while (finished.succeeded + finished.failed < TASKS) {
    if (Date.now() > deadline)
      throw new Error(`tasks not finished after ${DEADLINE_MS / 1000} s: ${JSON.stringify(finished)}`);
    await sleep(POLL_MS);
    finished = {
      succeeded: await countTasks(server, skill.id, "succeeded"),
      failed: (await countTasks(server, skill.id, "failed")) + (await countTasks(server, skill.id, "cancelled")),
    };
  }
  const taskSeconds = (performance.now() - started) / 1000;
  const promptsPerSec = PROMPTS / promptSeconds;
  // The warm-up task is in the skill's list too.
  const tasksPerSec = TASKS / taskSeconds;
  return {
    driver,
    tasks: TASKS,
    promptsPerSec,
    tasksPerSec,
    ratio: (tasksPerSec * 3) / promptsPerSec,
    overheadMsPerTask: (1 / tasksPerSec - 3 / promptsPerSec) * 1000,
    failed: finished.failed,
  };
}

async function countTasks(server: ApiServer, skillId: string, status: string): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({
      tenantId: server.tenant,
      skillId,
      status,
      limit: "200",
      ...(cursor ? { cursor } : {}),
    });
    const page: { tasks: unknown[]; nextCursor: string | null } = await call(server, "GET", `/tasks?${q}`);
    n += page.tasks.length;
    cursor = page.nextCursor;
  } while (cursor);
  // The warm-up task is not one of the measured ones.
  return status === "succeeded" ? Math.max(0, n - 1) : n;
}

async function waitFor<T>(server: ApiServer, path: string, ok: (body: T) => boolean): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const body = await call<T>(server, "GET", `${path}?tenantId=${server.tenant}`);
    if (ok(body)) return body;
    if (Date.now() > deadline) throw new Error(`${path} not done after ${DEADLINE_MS / 1000} s`);
    await sleep(POLL_MS);
  }
}

export async function measureTasks(): Promise<TasksBench[]> {
  return onBothDrivers("tasks", measureOn);
}

const fmt = (n: number, d = 1) => n.toFixed(d);

export function tasksLines(results: TasksBench[]): string[] {
  return [
    `tasks (3-question skill on the simulator, ${CONCURRENCY} at once, ${TASKS} tasks vs ${PROMPTS} sync prompts of the same server):`,
    ...results.map(
      (r) =>
        `  ${r.driver.padEnd(9)} ${fmt(r.tasksPerSec)} tasks/s, ${fmt(r.promptsPerSec)} prompts/s: ratio (tasks/s × 3) / prompts/s = ${fmt(r.ratio, 2)}; ` +
        `per-task overhead above its prompts ${fmt(r.overheadMsPerTask)} ms${r.failed ? `; ${r.failed} NOT SUCCEEDED` : ""}`,
    ),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results = await measureTasks();
  console.log(tasksLines(results).join("\n"));
  console.log(`BENCH_JSON ${JSON.stringify({ tasks: results })}`);
}
