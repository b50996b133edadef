import { and, eq, lt } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { idempotencyKeys } from "./schema.ts";

/** How long a recorded response is replayed (SPEC §2). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export type Claim =
  | { kind: "claimed" }
  | { kind: "replay"; status: number; body: string; contentType: string }
  | { kind: "mismatch" }
  | { kind: "in_progress" };

/**
 * Storage of `Idempotency-Key`s, per API key: claim a key for a request (hash of method, path and
 * body), then complete it with the response or release it.
 */
export class IdempotencyStore {
  constructor(
    private readonly database: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private where(apiKeyId: string, key: string) {
    return and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key));
  }

  async claim(apiKeyId: string, key: string, req: { method: string; path: string; hash: string }): Promise<Claim> {
    const db = this.database.db;
    const now = this.now();
    // An expired record of this key no longer counts: drop it before claiming.
    await db
      .delete(idempotencyKeys)
      .where(
        and(this.where(apiKeyId, key), lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS))),
      );
    const [claimed] = await db
      .insert(idempotencyKeys)
      .values({ apiKeyId, key, method: req.method, path: req.path, requestHash: req.hash, createdAt: now })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed) return { kind: "claimed" };
    const [prior] = await db.select().from(idempotencyKeys).where(this.where(apiKeyId, key));
    if (!prior || prior.statusCode === null) return { kind: "in_progress" };
    if (prior.requestHash !== req.hash) return { kind: "mismatch" };
    return {
      kind: "replay",
      status: prior.statusCode,
      body: prior.responseBody ?? "",
      contentType: prior.responseContentType ?? "application/json",
    };
  }

  async complete(apiKeyId: string, key: string, res: { status: number; body: string; contentType: string }) {
    await this.database.db
      .update(idempotencyKeys)
      .set({
        statusCode: res.status,
        responseBody: res.body,
        responseContentType: res.contentType,
        completedAt: this.now(),
      })
      .where(this.where(apiKeyId, key));
  }

  async release(apiKeyId: string, key: string) {
    await this.database.db.delete(idempotencyKeys).where(this.where(apiKeyId, key));
  }

  /** Deletes every record past its 24 h; run by the hourly maintenance job. Returns how many. */
  async sweep(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - IDEMPOTENCY_TTL_MS);
    const gone = await this.database.db
      .delete(idempotencyKeys)
      .where(lt(idempotencyKeys.createdAt, cutoff))
      .returning({ key: idempotencyKeys.key });
    return gone.length;
  }
}
