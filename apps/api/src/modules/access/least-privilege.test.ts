import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer } from "../../../test/harness.ts";
import { loadConfig } from "../../config.ts";
import { startServer } from "../../server.ts";
import { KEY_PROFILES, type KeyProfile, type Permission } from "../../shared/permissions.ts";
import { MODULES } from "../registry.ts";
import { PolicyEnvelope } from "../safety/schemas.ts";
import { PermissionTable } from "./permissions.ts";
import { CreatedKeyEnvelope, CreatedTenantEnvelope, SECRET_OMITTED } from "./routes.ts";

/**
 * Least privilege, checked from the route × profile table in docs/keys-and-tenants.md (the only copy
 * of the matrix): the table against the grants the modules declare in their manifests, then against
 * every route of the running server with a key of each profile. Then the behaviours the table's words stand for (own
 * conversations, the redacted policy), secrets never stored for replay, and the instance-admin key.
 */

/** The grants as the registry declares them (every module's manifest). */
const TABLE = new PermissionTable(MODULES);
const PERMISSIONS = TABLE.names;
const can = (grant: { profile: KeyProfile; instanceAdmin: boolean }, permission: Permission) =>
  TABLE.can(grant, permission);

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DOC = path.resolve(HERE, "../../../../../docs/keys-and-tenants.md");
const CELLS = ["yes", "—", "own", "redacted", "admin"] as const;
type Cell = (typeof CELLS)[number];
interface Row {
  op: string;
  permission: Permission | null;
  cells: Record<KeyProfile, Cell>;
}

/** The matrix as written in the docs: a table whose header is `route | permission | <profiles>`. */
function readMatrix(): Row[] {
  const lines = readFileSync(DOC, "utf8").split("\n");
  const split = (line: string) =>
    line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim().replace(/^`|`$/g, ""));
  const start = lines.findIndex((l) => l.startsWith("|") && split(l)[0] === "route" && split(l)[1] === "permission");
  if (start < 0) throw new Error(`no route × profile table in ${DOC}`);
  const header = split(lines[start] as string).slice(2);
  expect(header).toEqual([...KEY_PROFILES]);
  const rows: Row[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const [op, permission, ...cells] = split(line) as [string, string, ...string[]];
    for (const cell of cells) expect(CELLS, `${op}: '${cell}'`).toContain(cell);
    if (permission !== "—") expect(PERMISSIONS, op).toContain(permission);
    rows.push({
      op,
      permission: permission === "—" ? null : (permission as Permission),
      cells: Object.fromEntries(header.map((p, i) => [p, cells[i]])) as Record<KeyProfile, Cell>,
    });
  }
  return rows;
}

const MATRIX = readMatrix();

describe("the documented matrix agrees with the grants", () => {
  it("lists every permission, and each cell is what the grants say", () => {
    expect(new Set(MATRIX.map((r) => r.permission).filter(Boolean))).toEqual(new Set(PERMISSIONS));
    for (const { op, permission, cells } of MATRIX) {
      for (const profile of KEY_PROFILES) {
        const cell = cells[profile];
        const where = `${op} × ${profile}`;
        if (permission === null) {
          expect(cell, where).toBe("yes");
          continue;
        }
        const plain = { profile, instanceAdmin: false };
        if (cell === "admin") {
          expect(can(plain, permission), where).toBe(false);
          expect(can({ profile, instanceAdmin: true }, permission), where).toBe(true);
          continue;
        }
        expect(can(plain, permission), where).toBe(cell !== "—");
        // `own`: allowed, but other keys' conversations need transcripts:read, which this profile lacks.
        if (cell === "own") expect(can(plain, "transcripts:read"), where).toBe(false);
        // `redacted`: allowed to read, not to see what only those who may change the policy see.
        if (cell === "redacted") expect(can(plain, "policy:write"), where).toBe(false);
        if (cell === "yes" && cells["prompt-only"] === "own") expect(can(plain, "transcripts:read"), where).toBe(true);
      }
    }
  });
});

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { WORKERS: "false", ALLOW_PRIVATE_WEBHOOKS: "true" } });
});
afterAll(() => s.close());

type Tenant = { tenantId: string; key: string };

async function keyOf(t: Tenant, profile: KeyProfile): Promise<string> {
  if (profile === "full") return t.key;
  const res = await s.request("POST", "/keys", { key: t.key, body: { name: profile, profile } });
  expect(res.status, res.text).toBe(201);
  return CreatedKeyEnvelope.parse(res.body).secret as string;
}

async function keysOf(t: Tenant): Promise<Record<KeyProfile, string>> {
  const entries = await Promise.all(KEY_PROFILES.map(async (p) => [p, await keyOf(t, p)] as const));
  return Object.fromEntries(entries) as Record<KeyProfile, string>;
}

const ask = (key: string, body: Record<string, unknown>) => s.request("POST", "/personas/prompt", { key, body });

describe("every route enforces the documented matrix", () => {
  it("has a row for every route of the server, and no row for a route it lacks", async () => {
    const spec = (await s.request("GET", "/openapi.json")).body as { paths: Record<string, object> };
    const ops = Object.entries(spec.paths).flatMap(([p, o]) => Object.keys(o).map((m) => `${m.toUpperCase()} ${p}`));
    expect(MATRIX.map((r) => r.op).sort()).toEqual(ops.sort());
  });

  it("answers each key as its cell says, and a refusal names the permission needed", async () => {
    const t = await s.newTenant();
    const keys = await keysOf(t);
    // Resources of the owner key: a prompt-only key may see its own conversations, not these.
    const created = await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } });
    const personaId = created.body.persona.id as string;
    const turn = await ask(t.key, { personaId, userPrompt: "Hello" });
    const job = await ask(t.key, { personaId, userPrompt: "Later", mode: "async" }); // stays queued: no workers
    const reconcile = await s.request("POST", `/personas/${personaId}/timeline/reconcile`, { key: t.key, body: {} });
    const ids: Record<string, string> = {
      personaId,
      tenantId: t.tenantId,
      sessionId: turn.body.sessionId,
      jobId: job.body.jobId,
      timelineId: created.body.timeline[0].id,
      keyId: "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e",
    };
    const unknownId = "0195f0c4-6c1e-7a51-9d3e-000000000000";
    const fill = (op: string) =>
      op.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (name === "tenantId") return t.tenantId;
        // Deletes aim at nothing, so an allowed one changes nothing the rest of the walk needs.
        if (op.startsWith("DELETE")) return unknownId;
        if (name === "jobId" && op.includes("/reconcile/")) return reconcile.body.job.id;
        return ids[name] ?? unknownId;
      });
    // Writes carry an unknown field (an allowed key gets 400, nothing written), except where the
    // own-conversation rule needs a valid request naming the owner's session.
    const bodyOf = (op: string) =>
      op.startsWith("POST /personas/prompt/jobs/")
        ? {}
        : op === "POST /personas/prompt" || op === "POST /personas/prompt/stream"
          ? { personaId, userPrompt: "Hi again", sessionId: ids.sessionId }
          : { probe: true };

    let checked = 0;
    for (const { op, permission, cells } of MATRIX) {
      const [method, template] = op.split(" ") as [string, string];
      const pathname = fill(`${method} ${template}`).slice(method.length + 1);
      const withBody = ["POST", "PUT", "PATCH"].includes(method) ? { body: bodyOf(op) } : {};
      for (const profile of KEY_PROFILES) {
        const res = await s.request(method, pathname, { key: keys[profile], ...withBody });
        const cell = cells[profile];
        const where = `${op} × ${profile} (${cell}): ${res.status} ${res.text.slice(0, 300)}`;
        if (cell === "yes" || cell === "redacted") {
          expect([401, 403], where).not.toContain(res.status);
          if (op === "GET /personas/safety-policy") {
            expect(PolicyEnvelope.parse(res.body).policyPack.redacted !== undefined, where).toBe(cell === "redacted");
          }
        } else {
          expect(res.status, where).toBe(403);
          expect(res.body.code, where).toBe("forbidden");
          expect(res.body.requestId, where).toMatch(/^req_/);
          const needed =
            cell === "own"
              ? "needs a key whose profile grants transcripts:read"
              : cell === "admin"
                ? "needs the instance admin key"
                : permission === "widget:use"
                  ? "take only a publishable key" // held by no profile: docs/widget.md
                  : `needs a key whose profile grants ${permission}`;
          expect(res.body.error, where).toContain(needed);
        }
        checked++;
      }
      if (Object.values(cells).includes("admin")) {
        const res = await s.request(method, pathname, { key: s.adminKey, ...withBody });
        expect([401, 403], `${op} × instance admin: ${res.text}`).not.toContain(res.status);
      }
    }
    expect(checked).toBe(MATRIX.length * KEY_PROFILES.length);
  });
});

describe("prompt-only keys: their own conversations only", () => {
  it("chat, continue, stream, poll and cancel their own work", async () => {
    const t = await s.newTenant();
    const widget = await keyOf(t, "prompt-only");
    const personaId = (await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } })).body.persona
      .id as string;
    expect((await s.request("GET", `/personas/${personaId}`, { key: widget })).status).toBe(200);
    const first = await ask(widget, { personaId, userPrompt: "Hello there" });
    expect(first.status, first.text).toBe(200);
    const again = await ask(widget, { personaId, userPrompt: "And then?", sessionId: first.body.sessionId });
    expect(again.status, again.text).toBe(200);
    expect(again.body.sessionId).toBe(first.body.sessionId);
    const streamed = await s.request("POST", "/personas/prompt/stream", {
      key: widget,
      body: { personaId, userPrompt: "Tell me more", sessionId: first.body.sessionId },
    });
    expect(streamed.status).toBe(200);
    expect(streamed.text).toContain("event: done");

    const queued = await ask(widget, { personaId, userPrompt: "Later", mode: "async" });
    expect(queued.status).toBe(202);
    const poll = await s.request("GET", `/personas/prompt/jobs/${queued.body.jobId}`, { key: widget });
    expect(poll.status, poll.text).toBe(200);
    // The session the async job opened is this key's too, before any turn is written.
    const onQueued = await ask(widget, { personaId, userPrompt: "Still there?", sessionId: queued.body.sessionId });
    expect(onQueued.status, onQueued.text).toBe(200);
    const cancel = await s.request("POST", `/personas/prompt/jobs/${queued.body.jobId}/cancel`, {
      key: widget,
      body: {},
    });
    expect(cancel.status, cancel.text).toBe(200);
  });

  it("may not continue, poll or read another key's conversation, nor one of another widget", async () => {
    const t = await s.newTenant();
    const widget = await keyOf(t, "prompt-only");
    const otherWidget = await keyOf(t, "prompt-only");
    const personaId = (await s.request("POST", "/personas", { key: t.key, body: { seed: seed() } })).body.persona
      .id as string;
    const theirs = await ask(otherWidget, { personaId, userPrompt: "My secret plans for Tuesday" });
    const res = await ask(widget, {
      personaId,
      userPrompt: "What did we talk about?",
      sessionId: theirs.body.sessionId,
    });
    expect(res.status).toBe(403);
    expect(res.text).not.toContain("Tuesday");
    const job = await ask(otherWidget, { personaId, userPrompt: "Later", mode: "async" });
    expect((await s.request("GET", `/personas/prompt/jobs/${job.body.jobId}`, { key: widget })).status).toBe(403);
    expect((await s.request("GET", "/personas/prompt/sessions", { key: widget })).status).toBe(403);
    // An unknown session is still a 404, as for any key.
    const unknown = await ask(widget, {
      personaId,
      userPrompt: "Hi",
      sessionId: "0195f0c4-6c1e-7a51-9d3e-4b2f8a1c0d9e",
    });
    expect(unknown.status).toBe(404);
  });
});

describe("the safety policy by profile", () => {
  it("shows owners everything, and editors and read-only keys no terms, guards, keywords, URL or secret", async () => {
    const t = await s.newTenant();
    const keys = await keysOf(t);
    const put = await s.request("PUT", "/personas/safety-policy", {
      key: t.key,
      body: {
        blockedTerms: ["zanzibar"],
        promptGuards: ["ignore previous instructions"],
        escalationKeywords: ["speak to a manager"],
        topicBoundaries: { allowedTopics: [], blockedTopics: ["politics"] },
        escalationWebhookUrl: "http://127.0.0.1:4999/hooks/escalations",
      },
    });
    expect(put.status, put.text).toBe(200);
    const secret = PolicyEnvelope.parse(put.body).policyPack.escalationWebhookSecret as string;
    expect(secret).toMatch(/^whsec_/);

    const full = PolicyEnvelope.parse((await s.request("GET", "/personas/safety-policy", { key: t.key })).body);
    expect(full.policyPack).toMatchObject({ blockedTerms: ["zanzibar"], escalationWebhookSecret: secret });
    expect(full.policyPack.redacted).toBeUndefined();
    for (const profile of ["editor", "read-only"] as const) {
      const res = await s.request("GET", "/personas/safety-policy", { key: keys[profile] });
      const pack = PolicyEnvelope.parse(res.body).policyPack;
      for (const hidden of ["zanzibar", "ignore previous", "manager", "127.0.0.1", secret]) {
        expect(res.text, `${profile}: ${hidden}`).not.toContain(hidden);
      }
      expect(pack).toMatchObject({
        blockedTerms: [],
        promptGuards: [],
        escalationKeywords: [],
        escalationWebhookUrl: null,
        escalationWebhookSecret: null,
        topicBoundaries: { blockedTopics: ["politics"] },
        isDefault: false,
      });
      expect(pack.redacted).toEqual(
        expect.arrayContaining(["blockedTerms", "promptGuards", "escalationWebhookSecret"]),
      );
    }
  });
});

describe("key secrets at rest", () => {
  it("replays POST /keys without the secret, and stores it nowhere", async () => {
    const t = await s.newTenant();
    const send = () =>
      s.request("POST", "/keys", {
        key: t.key,
        headers: { "idempotency-key": "make-ci-key" },
        body: { name: "CI", profile: "read-only" },
      });
    const first = CreatedKeyEnvelope.parse((await send()).body);
    expect(first.secret).toMatch(/^pr_live_/);
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const replay = CreatedKeyEnvelope.parse(again.body);
    expect(replay).toEqual({ key: first.key, secret: null, secretOmitted: SECRET_OMITTED });
    const rows = await s.ctx.database.query("select * from idempotency_keys");
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(first.secret);
    // The replay named the same key, which still works.
    expect((await s.request("GET", "/personas", { key: first.secret as string })).status).toBe(200);
  });

  it("replays POST /tenants without the owner key's secret", async () => {
    const id = `replay-${Date.now()}`;
    const send = () =>
      s.request("POST", "/tenants", { key: s.adminKey, headers: { "idempotency-key": id }, body: { id } });
    const first = CreatedTenantEnvelope.parse((await send()).body);
    expect(first.secret).toMatch(/^pr_live_/);
    const replay = CreatedTenantEnvelope.parse((await send()).body);
    expect(replay).toMatchObject({ tenant: first.tenant, key: first.key, secret: null, secretOmitted: SECRET_OMITTED });
    const rows = await s.ctx.database.query("select * from idempotency_keys");
    expect(JSON.stringify(rows)).not.toContain(first.secret);
  });

  it("keeps no presented secret in the in-memory key cache", async () => {
    const t = await s.newTenant();
    expect((await s.request("GET", "/personas", { key: t.key })).status).toBe(200);
    // The service's own maps and those inside its cache scopes.
    const isMap = (v: unknown): v is Map<unknown, unknown> => v instanceof Map;
    const maps = Object.values(s.ctx.access).flatMap((v) =>
      isMap(v) ? [v] : v && typeof v === "object" && "peek" in v ? Object.values(v).filter(isMap) : [],
    );
    expect(maps.some((m) => m.size > 0)).toBe(true);
    for (const map of maps) {
      expect([...map.keys()]).not.toContain(t.key);
      expect(JSON.stringify([...map.values()])).not.toContain(t.key);
    }
  });
});

describe("the instance-admin key", () => {
  it("is revoked only by an instance admin, not by another full key of its tenant", async () => {
    const mine = await s.request("GET", "/keys", { key: s.adminKey });
    const adminTenant = mine.body.keys[0].tenantId as string;
    const spare = await s.ctx.access.createKey(
      adminTenant,
      { name: "spare instance admin", profile: "full" },
      { instanceAdmin: true },
    );
    const made = await s.request("POST", "/keys", { key: s.adminKey, body: { name: "co-owner", profile: "full" } });
    const owner = CreatedKeyEnvelope.parse(made.body).secret as string;
    const refused = await s.request("DELETE", `/keys/${spare.key.id}`, { key: owner });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: "forbidden", error: expect.stringContaining("instance admin") });
    expect((await s.request("GET", "/tenants", { key: spare.secret })).status).toBe(200);
    const revoked = await s.request("DELETE", `/keys/${spare.key.id}`, { key: s.adminKey });
    expect(revoked.status).toBe(200);
    expect((await s.request("GET", "/tenants", { key: spare.secret })).status).toBe(401);
  });

  it("is made again from the CLI when none is left", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "person-run-rescue-"));
    const bootKey = "pr_live_rescueBootstrapKeyForTests0001";
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      DATA_DIR: path.join(root, "data"),
      PORT: "0",
      LOG_LEVEL: "silent",
      PERSON_RUN_BOOTSTRAP_TENANT: "rescue",
      PERSON_RUN_BOOTSTRAP_KEY: bootKey,
    };
    const call = async (port: number, method: string, p: string, key: string) =>
      (await fetch(`http://127.0.0.1:${port}${p}`, { method, headers: { "x-api-key": key } })).status;
    try {
      const srv = await startServer(loadConfig(env));
      try {
        const keys = await fetch(`http://127.0.0.1:${srv.port}/keys`, { headers: { "x-api-key": bootKey } });
        const bootId = ((await keys.json()) as { keys: { id: string }[] }).keys[0]?.id;
        expect(await call(srv.port, "DELETE", `/keys/${bootId}`, bootKey)).toBe(200);
        expect(await call(srv.port, "GET", "/tenants", bootKey)).toBe(401);
      } finally {
        await srv.close();
      }
      const cli = path.resolve(HERE, "../../../bin/person-run.mjs");
      const out = await promisify(execFile)(process.execPath, [cli, "keys", "create", "--instance-admin"], { env });
      const made = CreatedKeyEnvelope.parse(JSON.parse(out.stdout));
      expect(made.key).toMatchObject({ tenantId: "rescue", profile: "full", instanceAdmin: true });
      const again = await startServer(loadConfig(env));
      try {
        expect(await call(again.port, "GET", "/tenants", made.secret as string)).toBe(200);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});
