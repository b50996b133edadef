/** The README's quickstart, run as written against a live server. */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PersonRun } from "../src/index.ts";
import { type ApiServer, newTenant, startServer } from "./helpers.ts";

let api: ApiServer;
beforeAll(async () => {
  api = await startServer();
});
afterAll(() => api?.stop());

const IMPORT = 'import { PersonRun } from "@person-run/sdk";';

/** The first ```ts block after "## Quickstart". */
function quickstart(): string {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Quickstart"));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("no quickstart block in README.md");
  return block;
}

it("runs the README quickstart: persona, prompt, stream, a small study and its results", async () => {
  const code = quickstart();
  expect(code.startsWith(`${IMPORT}\n`)).toBe(true);
  const t = await newTenant(api);
  const saved = { key: process.env.PERSON_API_KEY, url: process.env.PERSON_RUN_BASE_URL };
  process.env.PERSON_API_KEY = t.key;
  process.env.PERSON_RUN_BASE_URL = api.url;
  const lines: string[] = [];
  let streamed = "";
  const consoleShim = { log: (...args: unknown[]) => lines.push(args.join(" ")) };
  const processShim = { stdout: { write: (s: string) => (streamed += s) }, env: process.env };
  try {
    // The block is plain JavaScript apart from its import, which is the package under test.
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...values: unknown[]) => Promise<void>;
    const run = new AsyncFunction("PersonRun", "console", "process", code.slice(IMPORT.length));
    await run(PersonRun, consoleShim, processShim);
  } finally {
    process.env.PERSON_API_KEY = saved.key;
    process.env.PERSON_RUN_BASE_URL = saved.url;
    if (saved.key === undefined) delete process.env.PERSON_API_KEY;
    if (saved.url === undefined) delete process.env.PERSON_RUN_BASE_URL;
  }
  expect(lines[0]).toBe("Maya Chen, 34, based in Austin, TX, works as Product designer.");
  expect(lines[1]!.length).toBeGreaterThan(0);
  expect(streamed.length).toBeGreaterThan(0);
  expect(lines).toContain("run succeeded");
  expect(lines.at(-1)).toMatch(/^fair: mean \d(\.\d+)? \(n = 1\)$/);

  // What the quickstart made is there, on the tenant of the key.
  expect((await t.pr.studies.list().toArray()).map((s) => s.name)).toEqual(["Meal kit"]);
});
